"""/api/v1/tickets on the hand-made tickets: filters, paging, details, status changes, clear 4xx, no personal data."""

import pytest

from store.core.access import Role
from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets


@pytest.fixture
def client(tmp_path):
    url = new_database_url(tmp_path, "small")
    add_small_tickets(build_small_database(url))
    return signed_in_client(dashboard(url).server, Role.OFFICER, ("84", "50"))


def ids(answer):
    return [ticket["id"] for ticket in answer.json["tickets"]]


def test_list_is_paged_with_its_total(client):
    first = client.get("/api/v1/tickets?page_size=2&sort=id&as_of=2019-02-01").json
    assert (first["total"], first["pages"], [t["id"] for t in first["tickets"]]) == (5, 3, [1, 2])
    third = client.get("/api/v1/tickets?page_size=2&page=3&sort=id&as_of=2019-02-01")
    assert ids(third) == [5]
    ticket = first["tickets"][0]
    assert ticket["created_at"] == "2019-01-25T09:00:00+07:00"  # Thai time, with its offset
    assert ticket["village"]["name_th"] == "บ้านหนองบัว" and ticket["province"]["name_en"] == "Surat Thani"
    assert ticket["status"] == "done" and ticket["overdue"] is False


def test_filters(client):
    assert ids(client.get("/api/v1/tickets?province=84&status=not_started,in_progress&as_of=2019-02-01")) == [2, 4, 3]
    assert ids(client.get("/api/v1/tickets?district=8401&category=outage&as_of=2019-02-01")) == [2, 1]
    assert ids(client.get("/api/v1/tickets?village=50010101&as_of=2019-02-01")) == [5]
    assert ids(client.get("/api/v1/tickets?since=2019-01-20&until=2019-01-25&as_of=2019-02-01")) == [1, 4]
    assert ids(client.get("/api/v1/tickets?overdue=true&as_of=2019-02-01")) == [3]
    assert ids(client.get("/api/v1/tickets?as_of=2019-03-31"))[0] == 6


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("status=closed", 400, "unknown status closed"),
        ("category=wifi", 400, "unknown category wifi"),
        ("since=01/02/2019", 400, "since must be a date"),
        ("since=2019-02-01&until=2019-01-01", 400, "is after until"),
        ("page=0", 400, "page must be a whole number"),
        ("page_size=10000", 400, "page_size must be a whole number from 1 to 500"),
        ("sort=reporter", 400, "cannot sort by 'reporter'"),
        ("province=8", 400, "a province code has 2 digits"),
        ("province=84&district=5001", 400, "district 5001 is not in province 84"),
        ("province=99", 404, "no area with code '99'"),
        ("stauts=done", 400, "unknown parameter stauts"),
        ("as_of=2030-01-01", 400, "outside the data"),
        ("overdue=maybe", 400, "overdue must be true or false"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(client, query, status, message):
    answer = client.get(f"/api/v1/tickets?{query}")
    assert answer.status_code == status
    assert message in answer.json["error"]["message"]


def test_one_ticket_with_its_events_and_its_reporter_by_province(client):
    """Ticket 5 is in Chiang Mai, reported by มานี มีนา: in clear for its officer, masked for an executive."""
    assert client.get("/api/v1/tickets/5").json["reporter"] == {
        "name": "มานี มีนา",
        "phone": "086-333-4444",
        "masked": False,
    }
    executive = signed_in_client(client.application, Role.EXECUTIVE)
    ticket = executive.get("/api/v1/tickets/5").json
    assert ticket["reporter"] == {"name": "ม••• ม•••", "phone": "08•-•••-••44", "masked": True}
    assert [e["to_status"] for e in ticket["events"]] == ["not_started", "in_progress", "done", "in_progress", "done"]
    assert ticket["events"][3]["note"] == "ปัญหากลับมาอีก"
    assert ticket["village"]["code"] == "50010101" and ticket["sla_days"] == 7
    text = str(ticket) + str(executive.get("/api/v1/tickets?as_of=2019-03-31").json)
    for personal in ("มานี", "สมชาย", "สมหญิง", "086-333-4444", "081-234-5678", "reporter_volunteer_id"):
        assert personal not in text
    assert client.get("/api/v1/tickets/999").status_code == 404
    assert client.get("/api/v1/tickets/abc").status_code == 404


def test_one_ticket_as_of_a_day_agrees_with_that_days_list(client):
    listed = {row["id"]: row["status"] for row in client.get("/api/v1/tickets?as_of=2019-02-01").json["tickets"]}
    for ticket_id, status in listed.items():
        assert client.get(f"/api/v1/tickets/{ticket_id}?as_of=2019-02-01").json["status"] == status
    ticket = client.get("/api/v1/tickets/2?as_of=2019-02-01").json
    assert (ticket["status"], ticket["as_of"], ticket["later_events"], ticket["status_today"]) == (
        "not_started",
        "2019-02-01",
        1,
        "in_progress",
    )
    assert [event["to_status"] for event in ticket["events"]] == ["not_started"]
    assert "as_of" not in client.get("/api/v1/tickets/2").json  # without a day: the ticket today


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("6?as_of=2019-02-01", 404, "reported after 2019-02-01"),
        ("2?as_of=2562-02-01", 400, "as_of"),  # the API stays strict: no Buddhist-era years
        ("2?as_of=2030-01-01", 400, "outside the data"),
        ("2?asof=2019-02-01", 400, "unknown parameter asof"),
    ],
)
def test_one_ticket_as_of_a_bad_day_gets_a_clear_4xx(client, query, status, message):
    answer = client.get(f"/api/v1/tickets/{query}")
    assert answer.status_code == status and message in answer.json["error"]["message"]


def test_status_change_is_stored_and_shows_at_once(client):
    """The event names the signed-in account; an "officer" typed into the body is not who made it."""
    before = client.get("/api/v1/tickets?status=not_started&as_of=2019-03-31").json["total"]
    answer = client.post(
        "/api/v1/tickets/4/status", json={"status": "in_progress", "note": "รับเรื่อง", "officer": "จนท. จังหวัด"}
    )
    assert answer.status_code == 200
    assert answer.json["status"] == "in_progress"
    last = answer.json["events"][-1]
    assert (last["by"], last["officer"], last["note"], last["at"]) == (
        "officer",
        "officer8450@test.invalid",
        "รับเรื่อง",
        "2019-03-31T23:59:59+07:00",
    )
    assert client.get("/api/v1/tickets?status=not_started&as_of=2019-03-31").json["total"] == before - 1


@pytest.mark.parametrize(
    ("ticket", "body", "status", "message"),
    [
        (4, {"status": "done", "officer": "x"}, 422, "cannot go from not_started to done"),
        (4, {"status": "finished", "officer": "x"}, 422, "unknown status 'finished'"),
        (5, {"status": "in_progress", "officer": "x"}, 422, "needs a note"),
        (4, {"status": 3, "officer": "x"}, 400, "must be strings"),
        (999, {"status": "in_progress", "officer": "x"}, 404, "no ticket with id 999"),
    ],
)
def test_bad_status_changes_are_refused(client, ticket, body, status, message):
    answer = client.post(f"/api/v1/tickets/{ticket}/status", json=body)
    assert answer.status_code == status and message in answer.json["error"]["message"]


@pytest.mark.parametrize(("role", "provinces"), [(Role.OFFICER, ("50",)), (Role.EXECUTIVE, ()), (Role.ADMIN, ())])
def test_a_change_outside_ones_provinces_is_refused_403_and_changes_nothing(client, role, provinces):
    """Ticket 4 is in Surat Thani (84): an officer of Chiang Mai, an executive, an admin without provinces."""
    outsider = signed_in_client(client.application, role, provinces)
    before = client.get("/api/v1/tickets/4").json
    answer = outsider.post("/api/v1/tickets/4/status", json={"status": "in_progress", "note": "รับเรื่อง"})
    assert answer.status_code == 403 and "may not change tickets in province 84" in answer.json["error"]["message"]
    assert client.get("/api/v1/tickets/4").json == before


def test_status_change_needs_a_json_body(client):
    answer = client.post("/api/v1/tickets/4/status", data="status=done")
    assert answer.status_code == 400 and "JSON object" in answer.json["error"]["message"]


def test_a_change_made_on_a_status_that_is_gone_answers_409_with_the_current_one(client):
    """Ticket 1 is done; an officer whose screen still said in progress is told, and nothing is written."""
    before = client.get("/api/v1/tickets/1").json
    body = {"status": "done", "note": "ปิดงาน", "officer": "สมศรี", "from_status": "in_progress"}
    answer = client.post("/api/v1/tickets/1/status", json=body)
    assert answer.status_code == 409
    assert answer.json["current_status"] == before["status"] == "done"
    assert "in_progress" in answer.json["error"]["message"]
    assert client.get("/api/v1/tickets/1").json["events"] == before["events"]
    same = {"status": "done", "note": "ปิดงานแล้ว", "officer": "สมศรี", "from_status": "done"}
    assert client.post("/api/v1/tickets/1/status", json=same).status_code == 200
