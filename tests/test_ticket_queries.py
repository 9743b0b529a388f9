"""Ticket queries on six hand-made tickets (tests/small_tickets.py): as-of status, filters, paging, SLA."""

import datetime as dt

import pytest

from store.core.db import make_session_factory
from store.core.scope import COUNTRY, AreaScope
from store.tickets.queries import InvalidTicketQuery, TicketFilter, TicketQueries, TicketSort
from store.tickets.workflow import StatusChange, TicketWorkflow
from tests.databases import new_database_url
from tests.principals import OFFICER_EVERYWHERE
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

FEB_1 = dt.date(2019, 2, 1)


@pytest.fixture
def sessions(tmp_path):
    engine = build_small_database(new_database_url(tmp_path, "small"))
    add_small_tickets(engine)
    return make_session_factory(engine)


@pytest.fixture
def queries(sessions):
    return TicketQueries(sessions)


def ids(queries, scope=COUNTRY, as_of=FEB_1, **filters):
    return list(queries.page(scope, as_of, TicketFilter(**filters)).rows["id"])


def test_a_ticket_exists_from_its_creation_with_its_status_of_the_day(queries):
    page = queries.page(COUNTRY, FEB_1)
    assert page.total == 5 and list(page.rows["id"]) == [2, 1, 4, 3, 5]  # newest first; #6 not yet
    status = dict(zip(page.rows["id"], page.rows["status"], strict=True))
    assert status == {1: "done", 2: "not_started", 3: "in_progress", 4: "not_started", 5: "done"}
    earlier = queries.page(COUNTRY, dt.date(2019, 1, 16)).rows.set_index("id")["status"]
    assert earlier[5] == "in_progress"  # reopened on 01-15, done again on 01-20
    assert 1 not in earlier.index


def test_filters(queries):
    assert ids(queries, statuses=("not_started", "in_progress")) == [2, 4, 3]
    assert ids(queries, statuses=("not_started", "in_progress"), categories=("outage",)) == [2]
    assert ids(queries, AreaScope("8401")) == [2, 1, 3]
    assert ids(queries, AreaScope("84010102")) == [2, 3]
    assert ids(queries, since=dt.date(2019, 1, 20), until=dt.date(2019, 1, 25)) == [1, 4]
    assert ids(queries, text="ลงทะเบียน") == [3]
    assert ids(queries, text="#5") == [5]
    assert ids(queries, text="Pa Phai") == [4]  # the village's name
    assert ids(queries, statuses=()) == []


def test_sla_flag_and_overdue_filter(queries):
    rows = queries.page(COUNTRY, FEB_1).rows.set_index("id")
    assert rows["overdue"].to_dict() == {2: False, 1: False, 4: False, 3: True, 5: False}
    assert rows.loc[2, "age_days"] == pytest.approx(2.5, abs=0.05)
    assert rows.loc[1, "age_days"] == pytest.approx(1.0, abs=0.05)  # done: report to close
    assert ids(queries, overdue_only=True) == [3]
    assert ids(queries, as_of=dt.date(2019, 2, 3), overdue_only=True) == [2, 3]


def test_sorting_and_paging(queries):
    first = queries.page(COUNTRY, FEB_1, sort=TicketSort("id", descending=False), offset=0, limit=2)
    second = queries.page(COUNTRY, FEB_1, sort=TicketSort("id", descending=False), offset=2, limit=2)
    assert (first.total, list(first.rows["id"]), list(second.rows["id"])) == (5, [1, 2], [3, 4])
    by_status = queries.page(COUNTRY, FEB_1, sort=TicketSort("status", descending=False)).rows
    assert list(by_status["status"]) == ["done", "done", "in_progress", "not_started", "not_started"]
    with pytest.raises(InvalidTicketQuery, match="cannot sort by 'reporter'"):
        TicketSort("reporter")
    with pytest.raises(InvalidTicketQuery, match="unknown status"):
        TicketFilter(statuses=("closed",))
    with pytest.raises(InvalidTicketQuery, match="page size"):
        queries.page(COUNTRY, FEB_1, limit=0)


def test_page_rows_carry_place_names(queries):
    row = queries.page(AreaScope("50"), FEB_1).rows.iloc[0]
    assert (row["village_th"], row["province_en"], row["district_en"]) == (
        "บ้านโนนสูง",
        "Chiang Mai",
        "Mueang Chiang Mai",
    )


def test_counts_backlog_and_flow(queries):
    counts = queries.counts(COUNTRY, FEB_1)
    by_status = counts.groupby("status")["tickets"].sum().to_dict()
    assert by_status == {"done": 2, "in_progress": 1, "not_started": 2}
    assert counts["overdue"].sum() == 1
    assert counts.set_index(["category", "status"]).loc[("outage", "not_started"), "tickets"] == 1
    backlog = queries.backlog_by_child(AreaScope("84"), FEB_1).set_index("code")
    assert backlog.loc["8401"].to_dict() == {"tickets": 3, "open": 2, "overdue": 1}
    assert backlog.loc["8402"].to_dict() == {"tickets": 1, "open": 1, "overdue": 0}
    assert queries.open_by_village(AreaScope("8401"), FEB_1).set_index("code")["open"].to_dict() == {"84010102": 2}
    flow = queries.weekly_flow(COUNTRY, FEB_1, weeks=5).set_index("week")
    assert list(flow.index) == [dt.date(2018, 12, 31), *(dt.date(2019, 1, d) for d in (7, 14, 21, 28))]
    assert flow["opened"].tolist() == [1, 1, 1, 1, 1]  # #5, #3, #4, #1, #2
    assert flow["closed"].tolist() == [0, 1, 1, 1, 0]  # #5 on 01-08 and 01-20, #1 on 01-26
    assert flow.loc[dt.date(2019, 1, 28), "opened"] == 1  # #2, 2019-01-30


def test_median_days_to_close(queries):
    assert queries.median_days_to_close(COUNTRY, FEB_1) == 3.0
    assert queries.median_days_to_close(AreaScope("8402"), FEB_1) is None


def test_a_status_change_shows_at_once(queries, sessions):
    latest = dt.date(2019, 3, 31)
    assert queries.counts(COUNTRY, latest).groupby("status")["tickets"].sum()["not_started"] == 2  # #4, #6
    TicketWorkflow(sessions, lambda: (dt.datetime(2019, 3, 31, 16), dt.datetime(2026, 1, 1))).change_status(
        StatusChange(4, "in_progress", OFFICER_EVERYWHERE)
    )
    assert queries.counts(COUNTRY, latest).groupby("status")["tickets"].sum()["not_started"] == 1


def test_ticket_detail_has_every_event_and_no_personal_data(queries):
    ticket = queries.ticket(5)
    assert [e["to_status"] for e in ticket["events"]] == ["not_started", "in_progress", "done", "in_progress", "done"]
    assert ticket["village"]["name_th"] == "บ้านโนนสูง" and ticket["province"]["name_en"] == "Chiang Mai"
    assert "มานี" not in str(ticket) and "086" not in str(ticket)
    assert queries.ticket(999) is None


def test_the_detail_of_a_day_agrees_with_that_days_table(queries):
    rows = queries.page(COUNTRY, FEB_1, TicketFilter(), TicketSort(), offset=0, limit=50).rows
    for ticket_id, status in zip(rows["id"], rows["status"], strict=True):
        assert queries.ticket(int(ticket_id), FEB_1)["status"] == status


def test_the_detail_of_a_day_cuts_the_history_there_and_counts_what_came_after(queries):
    ticket = queries.ticket(2, FEB_1)  # not started on 1 Feb, in progress from 5 Feb
    assert ticket["status"] == "not_started" and ticket["current_status"] == "in_progress"
    assert [e["to_status"] for e in ticket["events"]] == ["not_started"]
    assert ticket["later_events"] == 1 and ticket["as_of"] == FEB_1
    reopened = queries.ticket(5, dt.date(2019, 1, 16))  # done on 8 Jan, reopened on 15 Jan, done on 20 Jan
    assert reopened["status"] == "in_progress" and reopened["closed_at"] is None and reopened["later_events"] == 1
    assert queries.ticket(5, FEB_1)["later_events"] == 0 and queries.ticket(5, FEB_1)["closed_at"] is not None


def test_a_ticket_reported_after_the_day_has_no_detail_of_that_day(queries):
    assert queries.ticket(6, FEB_1) is None  # reported on 10 Feb
    assert queries.ticket(6)["status"] == "not_started"
