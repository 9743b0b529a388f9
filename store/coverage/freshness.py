"""How fresh each source of the dashboard's data is at a view's moment: "data as of …", per source.

One line for all data would hide a source that stopped: the network feed may be current while the
volunteers' app has sent nothing for weeks. Each source gets its latest report up to the view's
moment and, where the source is a feed with a rhythm, whether it is older than its limit
(``metrics.SOURCE_STALE_AFTER``: 7 days for network status, the hotspot-health rule).

The network status and the speed tests are read from the hotspot states the view already asks for
(cached), of the country or of the view's province: a province whose link to the network feed
stopped shows as stale there. Volunteers, tickets and imports come from national systems (the
volunteers' app, the import record) and are read for the whole country: a single village or
province may rightly have no new volunteer for months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from store.core.cache import AnswerCache
from store.core.cached_queries import CachedQueries
from store.core.routing import SessionFactory
from store.core.scope import AreaScope
from store.core.versions import DataVersionReader
from store.coverage import metrics
from store.coverage.metrics import SOURCE_STALE_AFTER, SourceName
from store.coverage.models import Volunteer
from store.coverage.queries import CoverageQueries
from store.coverage.statements import data_as_of
from store.imports.models import ImportRun
from store.tickets.models import Ticket


@dataclass(frozen=True)
class SourceFreshness:
    """One source's latest report (a time in ICT, or a day for day-stamped sources) at the view's moment."""

    source: SourceName
    latest: dt.datetime | dt.date | None
    stale: bool
    stale_after: dt.timedelta | None


class FreshnessQueries(CachedQueries):
    """The latest report of each source, per area and as-of date: the coverage sources kept until
    coverage changes, the latest ticket and the last import read each time (one statement)."""

    READS = ("coverage",)
    CACHE_ENTRIES = 256

    def __init__(
        self,
        coverage: CoverageQueries,
        session_factory: SessionFactory,
        versions: DataVersionReader | None = None,
        cache: AnswerCache | None = None,
    ) -> None:
        super().__init__(session_factory, versions, cache)
        self._coverage = coverage

    def sources(self, scope: AreaScope, as_of: dt.date) -> tuple[SourceFreshness, ...]:
        """Every source in a fixed order: network status, speed tests, volunteers, tickets, imports.

        The network feed, speed tests and volunteers are kept until coverage data changes. The
        latest ticket and the last import are two index steps read every time: officers move
        tickets every few seconds at busy times, and each move would otherwise recompute the rest;
        an import that changed nothing moves no data version and yet is news (the source sent, and
        was heard).
        """
        network_scope = scope if scope.level in ("country", "province") else AreaScope(str(scope.province_code))
        moment = metrics.last_report_minute(as_of) + metrics.ICT_OFFSET

        def compute(session: Session) -> tuple[SourceFreshness, ...]:
            hotspots = self._coverage.hotspot_states(network_scope, as_of)
            latest: dict[SourceName, dt.datetime | dt.date | None] = {
                "network_status": data_as_of(hotspots),
                "speed_tests": _latest_test(hotspots),
                "volunteers": _latest_volunteer_day(session, as_of),
            }
            return tuple(_freshness(source, when, moment) for source, when in latest.items())

        with self._sessions() as session:
            latest_ticket, last_import = session.execute(
                select(_latest_ticket_statement(as_of).scalar_subquery(), _last_import_statement().scalar_subquery())
            ).one()
        return (
            *self._cached(("sources", network_scope, as_of), compute),
            _freshness("tickets", _ict(latest_ticket), moment),
            _freshness("imports", _ict(last_import), moment),
        )


def _freshness(source: SourceName, latest: dt.datetime | dt.date | None, moment: dt.datetime) -> SourceFreshness:
    limit = SOURCE_STALE_AFTER[source]
    return SourceFreshness(source, latest, metrics.is_stale(latest, moment, limit), limit)


def _latest_test(hotspots: pd.DataFrame) -> dt.datetime | None:
    tested = hotspots["tested_at"].dropna()
    if tested.empty:
        return None
    newest: dt.datetime = tested.max().to_pydatetime()
    return newest + metrics.ICT_OFFSET


def _latest_volunteer_day(session: Session, as_of: dt.date) -> dt.date | None:
    """The latest day the volunteers' app or a training office reported a registration or a training."""
    registered, trained = session.execute(
        select(
            select(func.max(Volunteer.registered_on)).where(Volunteer.registered_on <= as_of).scalar_subquery(),
            select(func.max(Volunteer.trained_on)).where(Volunteer.trained_on <= as_of).scalar_subquery(),
        )
    ).one()
    days = [day for day in (registered, trained) if day is not None]
    return max(days) if days else None


def _latest_ticket_statement(as_of: dt.date) -> Select[dt.datetime]:
    """The newest ticket reported by the end of ``as_of`` (a step down ``ix_tickets_created_at_id``)."""
    return select(func.max(Ticket.created_at)).where(Ticket.created_at <= metrics.end_of_day_utc(as_of))


def _last_import_statement() -> Select[dt.datetime]:
    """The latest import of any kind: a time on the wall clock, not on the data's timeline (the newest
    run by its key, one index step; runs commit one at a time, in the order of their ids)."""
    return select(ImportRun.finished_at).order_by(ImportRun.id.desc()).limit(1)


def _ict(utc: dt.datetime | None) -> dt.datetime | None:
    return None if utc is None else utc + metrics.ICT_OFFSET
