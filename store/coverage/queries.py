"""Read queries of the dashboard and the API: each takes an area scope and an as-of date.

``CoverageQueries`` answers one question per method and keeps the answers in a small cache
keyed by (question, scope, as-of date) at the coverage data's version: a drill-down repeats
questions already answered, and an import of coverage data retires every cached answer, while a
ticket edit (another kind of data) leaves them in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.core.access import PermittedScope
from store.core.cached_queries import CachedQueries
from store.core.models import DEMO_STAMP_PREFIX, DataChange, District, Province, Subdistrict, Village
from store.core.scope import COUNTRY, AreaScope
from store.coverage import metrics
from store.coverage.models import HotspotStatusEvent
from store.coverage.results import AreaFigures, VillageDetail
from store.coverage.statements import (
    data_as_of,
    frame_of,
    hotspot_states,
    province_count,
    training_figures,
    training_sessions,
    village_scope_filter,
    volunteer_counts,
    wifi_users,
)

T = TypeVar("T")

DATA_FIRST_DAY = dt.date(2017, 12, 1)
DEFAULT_AS_OF = dt.date(2019, 2, 1)
"""The date of the latest source document: a first look matches the official figures."""


def _holds_the_demo(session: Session) -> bool:
    """True when the demo generator built this database (its stamp is in ``data_changes``)."""
    stamp = select(DataChange.id).where(DataChange.what.startswith(DEMO_STAMP_PREFIX)).limit(1)
    return session.scalar(stamp) is not None


class UnknownArea(LookupError):
    """An area code that is well formed but not in the database."""


@dataclass(frozen=True)
class DataRange:
    """The dates the data covers, and the date a first visit shows."""

    first: dt.date
    last: dt.date
    default_as_of: dt.date

    def clamp(self, day: dt.date) -> dt.date:
        return min(max(day, self.first), self.last)


@dataclass(frozen=True)
class AreaInfo:
    """The name of an area; ``code`` is '' for the country."""

    code: str
    name_th: str
    name_en: str

    @property
    def scope(self) -> AreaScope:
        return AreaScope(self.code)


COUNTRY_INFO = AreaInfo("", "ประเทศไทย", "Thailand")


class CoverageQueries(CachedQueries):
    """The questions the dashboard and the API ask of the database (kept until coverage data change)."""

    READS = ("coverage",)

    # -- areas ------------------------------------------------------------------------------
    def data_range(self, today: dt.date | None = None) -> DataRange:
        """The first and last day a view may show, and the day a page opens on.

        The demo data is a fixed past (it ends in March 2019): it runs to its last report and opens
        on the documents' date, so a first look matches the official figures. Real data runs to
        ``today`` (in Thailand) and opens there: a feed that stopped is then seen as stopped (its
        hotspots turn "no data" after the metric's 7 days, its freshness line says stale) instead of
        the dashboard quietly ending on the feed's last day."""
        today = today or metrics.today_ict()

        def compute(session: Session) -> DataRange:
            first, last = session.execute(
                select(func.min(HotspotStatusEvent.at), func.max(HotspotStatusEvent.reported_until))
            ).one()
            first_day = DATA_FIRST_DAY if first is None else max((first + metrics.ICT_OFFSET).date(), DATA_FIRST_DAY)
            if not _holds_the_demo(session):
                return DataRange(min(first_day, today), today, today)
            if last is None:
                return DataRange(DATA_FIRST_DAY, DEFAULT_AS_OF, DEFAULT_AS_OF)
            last_day = (last + metrics.ICT_OFFSET).date()
            return DataRange(first_day, last_day, min(max(DEFAULT_AS_OF, first_day), last_day))

        return self._cached(("data_range", today), compute)

    def area(self, code: str) -> AreaInfo:
        """Names of an area; raises ``UnknownArea`` for a code that is not in the database."""
        scope = AreaScope(code)
        if scope.level == "country":
            return COUNTRY_INFO
        model: Any = {"province": Province, "district": District, "subdistrict": Subdistrict, "village": Village}[
            scope.level
        ]

        def compute(session: Session) -> AreaInfo | None:
            row = session.execute(select(model.name_th, model.name_en).where(model.code == code)).first()
            return AreaInfo(code, row.name_th, row.name_en) if row else None

        info = self._cached(("area", code), compute)
        if info is None:
            raise UnknownArea(f"no area with code {code!r}")
        return info

    def child_names(self, scope: AreaScope) -> pd.DataFrame:
        """Codes and names of the areas one level below ``scope`` (all of them, villages or not)."""

        def compute(session: Session) -> pd.DataFrame:
            if scope.level == "country":
                statement = select(Province.code, Province.name_th, Province.name_en)
            elif scope.level == "province":
                statement = select(District.code, District.name_th, District.name_en).where(
                    District.province_code == scope.code
                )
            else:
                statement = select(Village.code, Village.name_th, Village.name_en).where(village_scope_filter(scope))
            return frame_of(session, statement.order_by("code"))

        return self._cached(("child_names", scope), compute)

    # -- villages and their states ------------------------------------------------------------
    def hotspot_states(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """Each hotspot of the scope installed by ``as_of``, with its health at the end of that day."""

        def compute(session: Session) -> pd.DataFrame:
            country = self._country_kept(scope, as_of)
            if country is None:
                return hotspot_states(session, scope, as_of)
            hotspots, villages = country
            in_scope = hotspots["village_code"].isin(villages.loc[_in_scope(villages, scope), "code"])
            return hotspots[in_scope].reset_index(drop=True)

        return self._cached(("hotspot_states", scope, as_of), compute)

    def village_states(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """One row per village of the scope: location, names and its state for every metric."""

        def compute(session: Session) -> pd.DataFrame:
            country = self._country_kept(scope, as_of)
            if country is None:
                return self._village_states(session, scope, as_of)
            villages = country[1]
            return villages[_in_scope(villages, scope)].reset_index(drop=True)

        return self._cached(("village_states", scope, as_of), compute)

    def _country_kept(self, scope: AreaScope, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """The country's hotspots and villages at ``as_of`` when both are kept already, for an area below it.

        Every figure of a village is the village's own, whatever the scope asked, so an area's are
        the country's cut down to it: a drill-down then reads no history at all (three index seeks
        per hotspot: 200-285 ms for a province or district at 75,000 villages x 3 years). The
        country's are computed first on each new data version (``warm_up``) and shared by every
        worker through Redis.
        """
        if scope.level == "country":
            return None
        hotspots_kept, hotspots = self._kept(("hotspot_states", COUNTRY, as_of))
        villages_kept, villages = self._kept(("village_states", COUNTRY, as_of))
        return (hotspots, villages) if hotspots_kept and villages_kept else None

    def _village_states(self, session: Session, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        villages = frame_of(
            session,
            select(
                Village.code,
                Village.moo,
                Village.name_th,
                Village.name_en,
                Village.subdistrict_code,
                Village.district_code,
                Village.province_code,
                Village.lat,
                Village.lon,
            )
            .where(village_scope_filter(scope))
            .order_by(Village.code),
        ).set_index("code")
        hotspots = self.hotspot_states(scope, as_of)
        counts = (
            hotspots.groupby(["village_code", "state"], observed=True)
            .size()
            .unstack(fill_value=0)
            .reindex(columns=list(metrics.HOTSPOT_STATES), fill_value=0)
        )
        villages["hotspots"] = counts.sum(axis=1).reindex(villages.index, fill_value=0)
        for state in metrics.HOTSPOT_STATES:
            villages[f"hotspots_{state}"] = counts[state].reindex(villages.index, fill_value=0)
        villages["hotspot_state"] = metrics.worst_hotspot_state(hotspots["state"], hotspots["village_code"]).reindex(
            villages.index, fill_value="no_data"
        )
        volunteers = volunteer_counts(session, scope, as_of).reindex(villages.index, fill_value=0)
        villages = villages.join(volunteers)
        villages["volunteer_state"] = metrics.volunteer_state(villages["volunteers_registered"])
        villages["training_state"] = metrics.training_state(
            villages["volunteers_registered"], villages["volunteers_trained"]
        )
        villages["wifi_users"] = wifi_users(session, scope, as_of).reindex(villages.index, fill_value=0)
        return villages.reset_index()

    # -- figures of areas -------------------------------------------------------------------------
    def area_figures(self, scope: AreaScope, as_of: dt.date) -> AreaFigures:
        """The headline figures of one area: the KPI cards and ``/api/v1/summary``."""

        def compute(session: Session) -> AreaFigures:
            villages = self.village_states(scope, as_of)
            totals = metrics.area_figures(villages.assign(area=scope.code), by="area")
            figures: dict[str, Any] = totals.iloc[0].to_dict() if len(totals) else metrics.empty_area_figures()
            figures.update(training_figures(session, scope, as_of))
            figures["provinces"] = province_count(session, scope)
            figures["data_as_of"] = data_as_of(self.hotspot_states(scope, as_of))
            return AreaFigures.from_row(figures)

        return self._cached(("area_figures", scope, as_of), compute)

    def child_area_figures(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """The figures of each area one level below ``scope``: the ranking and the choropleth."""

        def compute(session: Session) -> pd.DataFrame:
            villages = self.village_states(scope, as_of)
            by = {"country": "province_code", "province": "district_code"}.get(scope.level, "code")
            figures = metrics.area_figures(villages, by=by)
            names = self.child_names(scope).set_index("code")
            table = names.join(figures, how="left" if scope.level in ("country", "province") else "inner")
            table = metrics.fill_empty_areas(table)
            if scope.level == "country":
                table = table.join(training_sessions(session, as_of))
            return table.reset_index()

        return self._cached(("child_area_figures", scope, as_of), compute)

    def training_rollout(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """The share of the scope's villages with a trained volunteer, week by week up to ``as_of``."""
        from store.coverage.rollout import training_rollout

        return self._cached(("training_rollout", scope, as_of), lambda s: training_rollout(s, scope, as_of))

    def warm_up(self) -> None:
        """Compute what a first visit asks for (the country at the default date) before anyone asks."""
        as_of = self.data_range().default_as_of
        self.area_figures(COUNTRY, as_of)
        self.child_area_figures(COUNTRY, as_of)

    def village_detail(self, code: str, as_of: dt.date, permitted: PermittedScope) -> VillageDetail:
        """Everything the village panel shows; the volunteers' names and phones only where ``permitted``."""
        from store.coverage.village_detail import village_detail

        scope = AreaScope(code)
        self.area(code)
        unmasked = permitted.may_see_personal_data(code)
        return self._cached(
            ("village_detail", code, as_of, unmasked), lambda s: village_detail(s, scope, as_of, unmasked=unmasked)
        )


VILLAGE_COLUMN_OF_LEVEL = {
    "province": "province_code",
    "district": "district_code",
    "subdistrict": "subdistrict_code",
    "village": "code",
}
"""The column of ``village_states`` that places a village in an area of each level below the country."""


def _in_scope(villages: pd.DataFrame, scope: AreaScope) -> pd.Series:
    """Which rows of the country's ``village_states`` lie in ``scope`` (the SQL filter's twin:
    ``store.core.scope_filter``)."""
    return villages[VILLAGE_COLUMN_OF_LEVEL[scope.level]] == scope.code


__all__ = ["COUNTRY", "AreaInfo", "CoverageQueries", "DataRange", "UnknownArea"]
