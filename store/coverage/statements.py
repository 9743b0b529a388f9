"""SQL statements behind the queries, each scoped to an area and an as-of date.

Shared by ``store.coverage.queries`` (cached answers for the dashboard and the API) and
``store.village_detail``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from store.core.models import District, Province, Subdistrict, Village
from store.core.places import PlaceNames
from store.core.scope import AreaScope
from store.core.scope_filter import AreaColumns, scope_filter
from store.coverage import metrics
from store.coverage.models import Hotspot, HotspotStatusEvent, SpeedTest, TrainingSession, Volunteer, WifiRegistration

PUBLIC_VILLAGE_COLUMNS: tuple[str, ...] = (
    "code",
    "moo",
    "name_th",
    "name_en",
    "subdistrict_code",
    "district_code",
    "province_code",
    "lat",
    "lon",
    "hotspots",
    "hotspot_state",
    "volunteer_state",
    "training_state",
    "wifi_users",
)
"""The columns of a village's states that may leave the server (API, exports): no personal data."""


def village_and_places(session: Session, code: str) -> tuple[Village, dict[str, PlaceNames]]:
    """A village and its subdistrict, district and province as {level: {code, name_th, name_en}}."""
    village, *names = session.execute(
        select(
            Village,
            Subdistrict.name_th,
            Subdistrict.name_en,
            District.name_th,
            District.name_en,
            Province.name_th,
            Province.name_en,
        )
        .join(Subdistrict, Subdistrict.code == Village.subdistrict_code)
        .join(District, District.code == Village.district_code)
        .join(Province, Province.code == Village.province_code)
        .where(Village.code == code)
    ).one()
    codes = {
        "subdistrict": village.subdistrict_code,
        "district": village.district_code,
        "province": village.province_code,
    }
    return village, {
        level: PlaceNames(code=area_code, name_th=name_th, name_en=name_en)
        for (level, area_code), name_th, name_en in zip(codes.items(), names[0::2], names[1::2], strict=True)
    }


def frame_of(session: Session, statement: Any) -> pd.DataFrame:
    """The rows of ``statement`` as a data frame with the statement's column names."""
    result = session.connection().execute(statement)
    columns = list(result.keys())
    rows = result.all()
    return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)) if rows else {c: [] for c in columns})


VILLAGE_AREA = AreaColumns(Village.province_code, Village.district_code, Village.code, Village.subdistrict_code)


def village_scope_filter(scope: AreaScope) -> ColumnElement[bool]:
    """The WHERE clause on ``villages`` for a scope: an indexed equality, never a scan for one area."""
    return scope_filter(scope, VILLAGE_AREA)


def _latest(column: Any, *conditions: ColumnElement[bool], order_by: Any) -> Any:
    """Correlated scalar subquery: ``column`` of the newest row matching ``conditions`` (one index seek)."""
    return select(column).where(*conditions).order_by(order_by.desc()).limit(1).correlate(Hotspot).scalar_subquery()


def hotspot_states_statement(scope: AreaScope, as_of: dt.date) -> Select[Any]:
    """Each hotspot of the scope with its latest report, latest online report and latest speed test by
    the end of ``as_of``: three index seeks per hotspot, whatever the length of the history."""
    moment = metrics.end_of_day_utc(as_of)
    events = HotspotStatusEvent
    in_time = (events.hotspot_id == Hotspot.id, events.at <= moment)
    latest_test_id = _latest(
        SpeedTest.id, SpeedTest.hotspot_id == Hotspot.id, SpeedTest.tested_at <= moment, order_by=SpeedTest.tested_at
    )
    return (
        select(
            Hotspot.id.label("hotspot_id"),
            Hotspot.village_code,
            _latest(events.reported_until, *in_time, order_by=events.at).label("last_report_at"),
            _latest(events.reported_until, *in_time, events.state == "online", order_by=events.at).label(
                "last_online_at"
            ),
            SpeedTest.down_mbps,
            SpeedTest.up_mbps,
            SpeedTest.loss_pct,
            SpeedTest.tested_at,
        )
        .join(Village, Village.code == Hotspot.village_code)
        .outerjoin(SpeedTest, SpeedTest.id == latest_test_id)
        .where(village_scope_filter(scope), Hotspot.installed_on <= as_of)
        .order_by(Hotspot.id)
    )


def hotspot_states(session: Session, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
    moment = metrics.end_of_day_utc(as_of)
    statement = hotspot_states_statement(scope, as_of)
    frame = frame_of(session, statement)
    for column in ("last_report_at", "last_online_at", "tested_at"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("last_report_at", "last_online_at"):  # nothing reported after the as-of date yet
        frame[column] = frame[column].clip(upper=pd.Timestamp(metrics.last_report_minute(as_of)))
    frame["state"] = metrics.hotspot_health(
        moment,
        frame["last_report_at"],
        frame["last_online_at"],
        frame["down_mbps"],
        frame["up_mbps"],
        frame["loss_pct"],
    )
    return frame


def volunteer_counts(session: Session, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
    trained = case((and_(Volunteer.trained_on.is_not(None), Volunteer.trained_on <= as_of), 1), else_=0)
    statement = (
        select(
            Volunteer.village_code.label("code"),
            func.count().label("volunteers_registered"),
            func.sum(trained).label("volunteers_trained"),
        )
        .join(Village, Village.code == Volunteer.village_code)
        .where(village_scope_filter(scope), Volunteer.registered_on <= as_of)
        .group_by(Volunteer.village_code)
    )
    frame = frame_of(session, statement)
    return frame.set_index("code").astype("int64")


def wifi_users(session: Session, scope: AreaScope, as_of: dt.date) -> pd.Series:
    statement = (
        select(WifiRegistration.village_code, func.sum(WifiRegistration.new_users))
        .join(Village, Village.code == WifiRegistration.village_code)
        .where(village_scope_filter(scope), WifiRegistration.month <= as_of)
        .group_by(WifiRegistration.village_code)
    )
    rows = session.connection().execute(statement).all()
    return pd.Series({code: int(total) for code, total in rows}, dtype="int64")


def training_sessions(session: Session, as_of: dt.date) -> pd.DataFrame:
    rows = session.execute(select(TrainingSession.province_code, TrainingSession.held_on, TrainingSession.status)).all()
    return pd.DataFrame(
        {
            "training_session_date": [row.held_on for row in rows],
            "training_session_status": [
                metrics.training_session_status(row.held_on, row.status, as_of) for row in rows
            ],
        },
        index=pd.Index([row.province_code for row in rows], name="code"),
    )


def training_figures(session: Session, scope: AreaScope, as_of: dt.date) -> dict[str, Any]:
    statement = select(TrainingSession.held_on, TrainingSession.status)
    if scope.province_code:
        statement = statement.where(TrainingSession.province_code == scope.province_code)
    rows = session.connection().execute(statement).all()
    statuses = [metrics.training_session_status(row.held_on, row.status, as_of) for row in rows]
    figures: dict[str, Any] = {"sessions_total": len(rows), "sessions_done": statuses.count("done")}
    if scope.province_code and rows:
        figures["training_session_date"] = rows[0].held_on
        figures["training_session_status"] = statuses[0]
    return figures


def province_count(session: Session, scope: AreaScope) -> int:
    if scope.level != "country":
        return 1
    return int(session.scalar(select(func.count()).select_from(Province)) or 0)


def data_as_of(hotspots: pd.DataFrame) -> dt.datetime | None:
    """The newest report of ``hotspot_states`` (ICT): how fresh the view's data is."""
    latest = hotspots["last_report_at"].dropna()
    if latest.empty:
        return None
    newest: dt.datetime = latest.max().to_pydatetime()
    return newest + metrics.ICT_OFFSET
