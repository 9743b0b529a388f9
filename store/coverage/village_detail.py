"""The village panel's query: hotspots with uptime and speeds, volunteers (masked unless permitted), training."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.core.places import village_names
from store.core.privacy import mask_name, mask_phone
from store.core.scope import AreaScope
from store.coverage import metrics
from store.coverage.models import HotspotStatusEvent, TrainingSession, Volunteer
from store.coverage.results import (
    HotspotDetail,
    PlaceName,
    SpeedTestResult,
    TrainingEntry,
    VillageDetail,
    VolunteerEntry,
)

UPTIME_WINDOW = dt.timedelta(days=30)


def village_detail(session: Session, scope: AreaScope, as_of: dt.date, *, unmasked: bool) -> VillageDetail:
    """The detail of the village ``scope``; the volunteers' names and phones masked unless ``unmasked``
    (the caller decides from the requester's ``PermittedScope``: the masking happens here, before any
    layout, cache or export sees the answer)."""
    from store.coverage.statements import hotspot_states, village_and_places, wifi_users

    row, places = village_and_places(session, scope.code)
    hotspots = hotspot_states(session, scope, as_of)
    uptime = _uptime_pct(session, hotspots["hotspot_id"].tolist(), metrics.end_of_day_utc(as_of))
    return VillageDetail(
        **village_names(row),
        **{level: PlaceName(**names) for level, names in places.items()},
        hotspots=tuple(_hotspot_entry(h, uptime.get(h.hotspot_id)) for h in hotspots.itertuples()),
        volunteers=_volunteers(session, scope.code, as_of, unmasked=unmasked),
        training=_training(session, row.province_code, as_of),
        wifi_users=int(wifi_users(session, scope, as_of).sum()),
    )


def _hotspot_entry(hotspot: Any, uptime_pct: float | None) -> HotspotDetail:
    return HotspotDetail(
        id=int(hotspot.hotspot_id),
        state=hotspot.state,
        last_report_at=_local(hotspot.last_report_at),
        uptime_30d_pct=uptime_pct,
        speed_test=None if pd.isna(hotspot.tested_at) else _speed_test(hotspot),
    )


def _speed_test(hotspot: Any) -> SpeedTestResult:
    return SpeedTestResult(
        tested_at=_local(hotspot.tested_at),
        down_mbps=round(float(hotspot.down_mbps), 1),
        up_mbps=round(float(hotspot.up_mbps), 1),
        loss_pct=round(float(hotspot.loss_pct), 1),
        meets_contract=bool(
            hotspot.down_mbps >= metrics.CONTRACT_DOWN_MBPS and hotspot.up_mbps >= metrics.CONTRACT_UP_MBPS
        ),
    )


def _local(moment: Any) -> dt.datetime | None:
    """A naive-UTC timestamp as Thai local time, or None."""
    return None if pd.isna(moment) else pd.Timestamp(moment).to_pydatetime() + metrics.ICT_OFFSET


def _uptime_pct(session: Session, hotspot_ids: list[int], moment: dt.datetime) -> dict[int, float]:
    """Share of the last 30 days each hotspot reported itself online."""
    start = moment - UPTIME_WINDOW
    events = session.execute(
        select(HotspotStatusEvent.hotspot_id, HotspotStatusEvent.at, HotspotStatusEvent.reported_until).where(
            HotspotStatusEvent.hotspot_id.in_(hotspot_ids),
            HotspotStatusEvent.state == "online",
            HotspotStatusEvent.at <= moment,
            HotspotStatusEvent.reported_until >= start,
        )
    ).all()
    online_seconds = dict.fromkeys(hotspot_ids, 0.0)
    for hotspot_id, began, until in events:
        online_seconds[hotspot_id] += (min(until, moment) - max(began, start)).total_seconds()
    window = UPTIME_WINDOW.total_seconds()
    return {hotspot_id: round(100 * seconds / window, 1) for hotspot_id, seconds in online_seconds.items()}


def _volunteers(session: Session, village_code: str, as_of: dt.date, *, unmasked: bool) -> tuple[VolunteerEntry, ...]:
    rows = session.scalars(
        select(Volunteer)
        .where(Volunteer.village_code == village_code, Volunteer.registered_on <= as_of)
        .order_by(Volunteer.registered_on)
    ).all()
    return tuple(
        VolunteerEntry(
            name=volunteer.full_name if unmasked else mask_name(volunteer.full_name),
            phone=volunteer.phone if unmasked else mask_phone(volunteer.phone),
            unmasked=unmasked,
            registered_on=volunteer.registered_on,
            trained_on=volunteer.trained_on if volunteer.trained_on and volunteer.trained_on <= as_of else None,
        )
        for volunteer in rows
    )


def _training(session: Session, province_code: str, as_of: dt.date) -> TrainingEntry | None:
    training = session.scalars(select(TrainingSession).where(TrainingSession.province_code == province_code)).first()
    if training is None:
        return None
    return TrainingEntry(
        held_on=training.held_on,
        venue_th=training.venue_th,
        venue_en=training.venue_en,
        status=metrics.training_session_status(training.held_on, training.status, as_of),
    )
