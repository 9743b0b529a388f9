"""Checks that a row names a village or hotspot the database knows (an import never invents one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.kinds.base import FUTURE_TOLERANCE, Accepted, Rejection
from ingest.messages import Reason
from store.core.models import Village
from store.coverage.models import Hotspot, Volunteer


def known_villages(session: Session, codes: Iterable[str]) -> set[str]:
    wanted = sorted(set(codes))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(session.scalars(select(Village.code).where(Village.code.in_(chunk))))
    return found


def hotspot_installations(session: Session, ids: Iterable[int]) -> dict[int, dt.date]:
    """The installation date of each of these hotspots the database knows."""
    wanted = sorted(set(ids))
    found: dict[int, dt.date] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            {
                hotspot_id: installed_on
                for hotspot_id, installed_on in session.execute(
                    select(Hotspot.id, Hotspot.installed_on).where(Hotspot.id.in_(chunk))
                )
            }
        )
    return found


def village_places(session: Session, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each known village's area codes, names and position: what a ticket or item of it copies."""
    wanted = sorted(set(codes))
    columns = (Village.code, Village.subdistrict_code, Village.district_code, Village.province_code)
    named = (*columns, Village.name_th, Village.name_en, Village.lat, Village.lon)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for mapping in session.execute(select(*named).where(Village.code.in_(chunk))).mappings():
            found[mapping["code"]] = dict(mapping)
    return found


def app_volunteers(session: Session, app_ids: Iterable[str]) -> dict[str, int]:
    """Our id of each volunteer the app knows by these ids (ticket reporters, showcase authors)."""
    wanted = sorted(set(app_ids))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            {
                app_id: volunteer_id
                for app_id, volunteer_id in session.execute(
                    select(Volunteer.app_id, Volunteer.id).where(Volunteer.app_id.in_(chunk))
                )
                if app_id is not None
            }
        )
    return found


def unknown_app_volunteers(session: Session, rows: list[Accepted], field: str) -> list[Rejection]:
    """Rows naming (in ``field``, when filled) a volunteer id the app never sent us."""
    known = app_volunteers(session, (value for accepted in rows if (value := getattr(accepted.row, field))))
    return [
        Rejection(accepted.line, accepted.cells, field, Reason.of("unknown_app_volunteer", value=value))
        for accepted in rows
        if (value := getattr(accepted.row, field)) and value not in known
    ]


def in_the_future(rows: list[Accepted], moment: Callable[[Any], dt.datetime], column: str) -> list[Rejection]:
    """Rows whose time (naive UTC) is later than now, beyond a clock difference."""
    latest_allowed = dt.datetime.now(dt.UTC).replace(tzinfo=None) + FUTURE_TOLERANCE
    return [
        Rejection(accepted.line, accepted.cells, column, Reason.of("future", value=when))
        for accepted in rows
        if (when := moment(accepted.row)) > latest_allowed
    ]


def unknown_villages(session: Session, rows: list[Accepted], field: str = "village_code") -> list[Rejection]:
    known = known_villages(session, (getattr(accepted.row, field) for accepted in rows))
    return [
        Rejection(
            accepted.line, accepted.cells, field, Reason.of("unknown_village", value=getattr(accepted.row, field))
        )
        for accepted in rows
        if getattr(accepted.row, field) not in known
    ]


def unknown_or_early_hotspots(
    session: Session, rows: list[Accepted], moment: Callable[[Any], dt.datetime], column: str
) -> list[Rejection]:
    """Rows naming a hotspot we do not know, dated before its installation, or in the future."""
    installed = hotspot_installations(session, (accepted.row.hotspot_id for accepted in rows))
    latest_allowed = dt.datetime.now(dt.UTC).replace(tzinfo=None) + FUTURE_TOLERANCE
    problems: list[Rejection] = []
    for accepted in rows:
        when = moment(accepted.row)
        installed_on = installed.get(accepted.row.hotspot_id)
        if installed_on is None:
            reason = Reason.of("unknown_hotspot", value=accepted.row.hotspot_id)
            problems.append(Rejection(accepted.line, accepted.cells, "hotspot_id", reason))
        elif when > latest_allowed:
            problems.append(Rejection(accepted.line, accepted.cells, column, Reason.of("future", value=when)))
        elif when.date() < installed_on:
            reason = Reason.of("before_installation", installed=installed_on)
            problems.append(Rejection(accepted.line, accepted.cells, column, reason))
    return problems
