"""Questions about tickets, each for an area scope and an as-of date.

The ticket table asks for one page at a time: filtering, sorting and paging happen in SQL, so
the first page of the whole country reads ~100 rows from an index however many tickets there
are. Aggregates (counts, weekly flow, median time to close, backlog by area) are cached by data
version like the rest of the dashboard: a status change records a ``data_changes`` row and so
retires them at once.

A date means the end of that day in Thailand; a ticket created later does not exist yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

import pandas as pd
from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from store.core.access import NO_PERSONAL_DATA, PermittedScope
from store.core.answers import fields_of
from store.core.cache import AnswerCache
from store.core.cached_queries import CachedQueries
from store.core.models import District, Province, Village
from store.core.places import PLACE_NAME_COLUMNS, village_names
from store.core.privacy import mask_name, mask_phone
from store.core.routing import SessionFactory
from store.core.scope import AreaScope
from store.core.versions import DataVersionReader
from store.coverage.metrics import ICT_OFFSET, end_of_day_utc
from store.coverage.models import Volunteer
from store.coverage.statements import frame_of, village_and_places, village_scope_filter
from store.tickets.config import CATEGORIES, SLA, STATUSES, SlaConfig
from store.tickets.history import ticket_as_of
from store.tickets.models import Ticket, TicketEvent
from store.tickets.results import ReporterContact, TicketDetail, TicketEventDetail
from store.tickets.statements import (
    changed_at,
    child_column,
    created_between,
    exists_at,
    one_of,
    overdue_at,
    status_at,
    text_filter,
    ticket_scope_filter,
)

SORTABLE: Final[tuple[str, ...]] = ("id", "created_at", "category", "status", "agency", "village_code", "changed_at")
MAX_PAGE_SIZE: Final = 500
EXPORT_CHUNK_ROWS: Final = 2000
FLOW_WEEKS: Final = 26
CLOSE_TIME_WINDOW: Final = dt.timedelta(days=90)


T = TypeVar("T")


class InvalidTicketQuery(ValueError):
    """A filter, sort or page the ticket queries cannot answer."""


@dataclass(frozen=True)
class TicketFilter:
    """What the officer narrowed the table to; hashable, so it can key caches and exports."""

    statuses: tuple[str, ...] = STATUSES
    categories: tuple[str, ...] = CATEGORIES
    since: dt.date | None = None
    until: dt.date | None = None
    text: str = ""
    overdue_only: bool = False

    def __post_init__(self) -> None:
        if unknown := set(self.statuses) - set(STATUSES):
            raise InvalidTicketQuery(f"unknown status {sorted(unknown)}; known: {', '.join(STATUSES)}")
        if unknown := set(self.categories) - set(CATEGORIES):
            raise InvalidTicketQuery(f"unknown category {sorted(unknown)}; known: {', '.join(CATEGORIES)}")
        if self.since and self.until and self.since > self.until:
            raise InvalidTicketQuery(f"since ({self.since}) is after until ({self.until})")
        if self.since == dt.date.min:  # the day before is not a date
            raise InvalidTicketQuery(f"since must be after {dt.date.min}, got {self.since}")
        if self.until == dt.date.max:  # the day after is not a date
            raise InvalidTicketQuery(f"until must be before {dt.date.max}, got {self.until}")


@dataclass(frozen=True)
class TicketSort:
    column: str = "created_at"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.column not in SORTABLE:
            raise InvalidTicketQuery(f"cannot sort by {self.column!r}; sortable: {', '.join(SORTABLE)}")


@dataclass(frozen=True)
class TicketPage:
    total: int
    rows: pd.DataFrame = field(repr=False)


class TicketQueries(CachedQueries):
    """The ticket questions of the dashboard and the API (kept until the tickets or the villages change)."""

    READS = ("coverage", "tickets")
    CACHE_ENTRIES = 256

    def __init__(
        self,
        session_factory: SessionFactory,
        *,
        sla: SlaConfig = SLA,
        versions: DataVersionReader | None = None,
        cache: AnswerCache | None = None,
    ) -> None:
        super().__init__(session_factory, versions, cache)
        self.sla = sla

    # -- the table -----------------------------------------------------------------------------
    def page(
        self,
        scope: AreaScope,
        as_of: dt.date,
        filters: TicketFilter = TicketFilter(),
        sort: TicketSort = TicketSort(),
        *,
        offset: int = 0,
        limit: int = 100,
    ) -> TicketPage:
        """One page of the scope's tickets as of ``as_of``, and how many match in all.

        The count is the slow half with many tickets (it reads every matching row, where the page
        reads one index range); it is kept per data version, so the grid's next blocks and the
        next visitor with the same filter skip it, and a status change (a new version) redoes it.
        """
        if offset < 0 or not 1 <= limit <= MAX_PAGE_SIZE:
            raise InvalidTicketQuery(f"offset must be >= 0 and page size 1..{MAX_PAGE_SIZE}")
        moment = end_of_day_utc(as_of)
        statement = self._rows_statement(scope, moment, filters, sort).offset(offset).limit(limit)
        total = self.total(scope, as_of, filters)
        with self._sessions() as session:
            rows = frame_of(session, statement)
            rows = self._with_place_names(session, rows)
        return TicketPage(total, self._with_age(rows, moment))

    def total(self, scope: AreaScope, as_of: dt.date, filters: TicketFilter = TicketFilter()) -> int:
        """How many tickets match (kept per data version: it reads every matching row)."""
        moment = end_of_day_utc(as_of)
        where = self._where(scope, moment, filters, status_at(moment))
        return self._cached(
            ("page_total", scope, as_of, filters),
            lambda session: int(session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0),
        )

    def rows_in_chunks(
        self,
        scope: AreaScope,
        as_of: dt.date,
        filters: TicketFilter = TicketFilter(),
        sort: TicketSort = TicketSort(),
        *,
        chunk_rows: int = EXPORT_CHUNK_ROWS,
    ) -> Iterator[pd.DataFrame]:
        """Every matching row, as the table shows them, ``chunk_rows`` at a time from one streamed query.

        For exports: a country's tickets never sit in memory at once (a server-side cursor on
        PostgreSQL, SQLite's own stepping), and one query replaces a page per 500 rows, each of
        which re-read the rows before its offset. The session stays open while the caller iterates;
        closing the iterator closes it.
        """
        moment = end_of_day_utc(as_of)
        statement = self._rows_statement(scope, moment, filters, sort)
        with self._sessions() as session:
            streamed = session.connection().execution_options(stream_results=True, yield_per=chunk_rows)
            result = streamed.execute(statement)
            columns = list(result.keys())
            for rows in result.partitions():
                chunk = pd.DataFrame.from_records([tuple(row) for row in rows], columns=columns)
                yield self._with_age(self._with_place_names(session, chunk), moment)

    def _rows_statement(
        self, scope: AreaScope, moment: dt.datetime, filters: TicketFilter, sort: TicketSort
    ) -> Select[*tuple[Any, ...]]:
        """The table's rows (without place names), filtered and in ``sort``'s order."""
        status, changed = status_at(moment), changed_at(moment)
        order: Any = {"status": status, "changed_at": changed}.get(sort.column, getattr(Ticket, sort.column))
        tie = Ticket.id.desc() if sort.descending else Ticket.id.asc()
        return (
            select(
                Ticket.id,
                Ticket.created_at,
                Ticket.category,
                Ticket.title_th,
                Ticket.agency,
                Ticket.village_code,
                Ticket.province_code,
                status.label("status"),
                changed.label("changed_at"),
            )
            .where(*self._where(scope, moment, filters, status))
            .order_by(order.desc() if sort.descending else order.asc(), tie)
        )

    def _where(self, scope: AreaScope, moment: dt.datetime, filters: TicketFilter, status: Any) -> list[Any]:
        since = end_of_day_utc(filters.since - dt.timedelta(days=1)) if filters.since else None
        until = end_of_day_utc(filters.until) if filters.until else None
        villages = select(Village.code).where(
            village_scope_filter(scope),
            Village.name_th.like(f"%{filters.text.strip()}%") | Village.name_en.like(f"%{filters.text.strip()}%"),
        )
        where = [
            ticket_scope_filter(scope),
            exists_at(moment),
            one_of(Ticket.category, filters.categories, CATEGORIES),
            one_of(status, filters.statuses, STATUSES),
            created_between(since, until),
            text_filter(filters.text, villages),
        ]
        if filters.overdue_only:
            where.append(overdue_at(moment, status, self.sla))
        return where

    def _with_place_names(self, session: Session, rows: pd.DataFrame) -> pd.DataFrame:
        codes = sorted(set(rows["village_code"]))
        names = frame_of(
            session,
            select(
                Village.code.label("village_code"),
                Village.moo,
                *PLACE_NAME_COLUMNS,
            )
            .join(District, District.code == Village.district_code)
            .join(Province, Province.code == Village.province_code)
            .where(Village.code.in_(codes)),
        )
        return rows.merge(names, on="village_code", how="left")

    def _with_age(self, rows: pd.DataFrame, moment: dt.datetime) -> pd.DataFrame:
        rows["created_at"] = pd.to_datetime(rows["created_at"])
        rows["changed_at"] = pd.to_datetime(rows["changed_at"])
        done = rows["status"] == "done"
        end = rows["changed_at"].where(done, pd.Timestamp(moment))
        rows["age_days"] = ((end - rows["created_at"]).dt.total_seconds() / 86400).round(1)
        limits = rows["category"].map(lambda c: self.sla.limit(c).total_seconds() / 86400)
        rows["overdue"] = ~done & (rows["age_days"] > limits)
        return rows

    # -- one ticket ----------------------------------------------------------------------------
    def ticket(
        self, ticket_id: int, as_of: dt.date | None = None, permitted: PermittedScope = NO_PERSONAL_DATA
    ) -> TicketDetail | None:
        """A ticket with its place names and every event, oldest first; its reporter's name and
        phone in clear only where ``permitted`` covers the ticket's province, masked elsewhere.

        With ``as_of``: as it stood at the end of that day (``history.ticket_as_of``), None when it
        was reported later.
        """
        ticket = self._ticket(ticket_id, permitted)
        return ticket_as_of(ticket, as_of) if ticket is not None and as_of is not None else ticket

    def _ticket(self, ticket_id: int, permitted: PermittedScope) -> TicketDetail | None:
        with self._sessions() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                return None
            reporter = session.get(Volunteer, ticket.reporter_volunteer_id) if ticket.reporter_volunteer_id else None
            village, places = village_and_places(session, ticket.village_code)
            events = session.scalars(
                select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.at, TicketEvent.id)
            ).all()
        return TicketDetail(
            id=ticket.id,
            village=village_names(village),
            subdistrict=places["subdistrict"],
            district=places["district"],
            province=places["province"],
            category=ticket.category,
            title_th=ticket.title_th,
            description_th=ticket.description_th,
            agency=ticket.agency,
            status=ticket.status,
            created_at=ticket.created_at,
            updated_at=ticket.status_at,
            closed_at=ticket.closed_at,
            sla_days=self.sla.days.get(ticket.category),
            events=[fields_of(event, TicketEventDetail) for event in events],
            as_of=None,
            later_events=0,
            current_status=ticket.status,
            reporter=_reporter(reporter, unmasked=permitted.may_see_personal_data(ticket.province_code)),
        )

    # -- aggregates ----------------------------------------------------------------------------
    def counts(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """Tickets of the scope by category x status as of ``as_of``, with how many are overdue."""

        def compute(session: Session) -> pd.DataFrame:
            moment = end_of_day_utc(as_of)
            status = status_at(moment)
            statement = (
                select(
                    Ticket.category,
                    status.label("status"),
                    func.count().label("tickets"),
                    _count_if(overdue_at(moment, status, self.sla)).label("overdue"),
                )
                .where(ticket_scope_filter(scope), exists_at(moment))
                .group_by(Ticket.category, status)
            )
            frame = frame_of(session, statement)
            full = pd.MultiIndex.from_product([CATEGORIES, STATUSES], names=["category", "status"])
            return frame.set_index(["category", "status"]).reindex(full, fill_value=0).astype("int64").reset_index()

        return self._cached(("counts", scope, as_of), compute)

    def backlog_by_child(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """Open and overdue tickets of each area one level below ``scope`` (villages below a district)."""

        def compute(session: Session) -> pd.DataFrame:
            moment = end_of_day_utc(as_of)
            status, child = status_at(moment), child_column(scope)
            statement = (
                select(
                    child.label("code"),
                    func.count().label("tickets"),
                    _count_if(status != "done").label("open"),
                    _count_if(overdue_at(moment, status, self.sla)).label("overdue"),
                )
                .where(ticket_scope_filter(scope), exists_at(moment))
                .group_by(child)
            )
            return frame_of(session, statement).astype({"tickets": "int64", "open": "int64", "overdue": "int64"})

        return self._cached(("backlog_by_child", scope, as_of), compute)

    def open_by_village(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """Open tickets per village of the scope (villages with none left out)."""
        by_category = self.open_by_village_and_category(scope, as_of)
        return by_category.groupby("code", as_index=False)["open"].sum().astype({"open": "int64"})

    def open_by_village_and_category(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """``code, category, open``: open tickets per village and category (the map layer's hover)."""

        def compute(session: Session) -> pd.DataFrame:
            moment = end_of_day_utc(as_of)
            status = status_at(moment)
            statement = (
                select(Ticket.village_code.label("code"), Ticket.category, func.count().label("open"))
                .where(ticket_scope_filter(scope), exists_at(moment), status != "done")
                .group_by(Ticket.village_code, Ticket.category)
            )
            return frame_of(session, statement).astype({"open": "int64"})

        return self._cached(("open_by_village_and_category", scope, as_of), compute)

    def weekly_flow(self, scope: AreaScope, as_of: dt.date, weeks: int = FLOW_WEEKS) -> pd.DataFrame:
        """Tickets opened and closed in each ISO week (Monday, Thai time) of the ``weeks`` up to ``as_of``."""

        def compute(session: Session) -> pd.DataFrame:
            moment = end_of_day_utc(as_of)
            last_monday = as_of - dt.timedelta(days=as_of.weekday())
            first = last_monday - dt.timedelta(weeks=weeks - 1)
            start = end_of_day_utc(first - dt.timedelta(days=1))
            opened = session.scalars(
                select(Ticket.created_at).where(
                    ticket_scope_filter(scope), Ticket.created_at > start, Ticket.created_at <= moment
                )
            ).all()
            closed = session.scalars(
                select(TicketEvent.at)
                .join(Ticket, Ticket.id == TicketEvent.ticket_id)
                .where(
                    ticket_scope_filter(scope),
                    TicketEvent.to_status == "done",
                    TicketEvent.at > start,
                    TicketEvent.at <= moment,
                )
            ).all()
            index = pd.date_range(first, last_monday, freq="7D")
            return pd.DataFrame(
                {"week": index.date, "opened": _per_week(opened, index), "closed": _per_week(closed, index)}
            )

        return self._cached(("weekly_flow", scope, as_of, weeks), compute)

    def median_days_to_close(self, scope: AreaScope, as_of: dt.date) -> float | None:
        """Median days from report to done, of the tickets done in the 90 days up to ``as_of``."""

        def compute(session: Session) -> float | None:
            moment = end_of_day_utc(as_of)
            rows = session.execute(
                select(Ticket.created_at, TicketEvent.at)
                .join(Ticket, Ticket.id == TicketEvent.ticket_id)
                .where(
                    ticket_scope_filter(scope),
                    TicketEvent.to_status == "done",
                    TicketEvent.at > moment - CLOSE_TIME_WINDOW,
                    TicketEvent.at <= moment,
                )
            ).all()
            if not rows:
                return None
            days = pd.Series([(closed - created).total_seconds() / 86400 for created, closed in rows])
            return round(float(days.median()), 1)

        return self._cached(("median_days_to_close", scope, as_of), compute)


def _reporter(volunteer: Volunteer | None, *, unmasked: bool) -> ReporterContact | None:
    if volunteer is None:
        return None
    if unmasked:
        return ReporterContact(name=volunteer.full_name, phone=volunteer.phone, unmasked=True)
    return ReporterContact(name=mask_name(volunteer.full_name), phone=mask_phone(volunteer.phone), unmasked=False)


def _per_week(moments: Sequence[dt.datetime], weeks: pd.DatetimeIndex) -> list[int]:
    if not moments:
        return [0] * len(weeks)
    local = pd.to_datetime(pd.Series(moments)) + ICT_OFFSET
    mondays = local.dt.to_period("W-SUN").dt.start_time.dt.date
    counts: list[int] = mondays.value_counts().reindex(weeks.date, fill_value=0).astype(int).tolist()
    return counts


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


__all__ = ["InvalidTicketQuery", "TicketFilter", "TicketPage", "TicketQueries", "TicketSort"]
