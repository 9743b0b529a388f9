"""Network status reports (heartbeats and alarms) stored as state changes.

A report of the state a hotspot is already in moves that state's ``reported_until``; a report of
the other state starts a new row. A report after more than ``SILENCE_GAP`` without any report
starts a new row too, so that the silence stays visible (the metric rules count a hotspot
silent for 7 days as "no data"). A report older than what is stored is accepted as unchanged
when it agrees with it (the hotspot's latest state, or the stored state of that moment: a batch of
state changes sent again is acknowledged), and refused when it contradicts it (the stored history
is not rewritten).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated, Any, ClassVar, Final, cast

from pydantic import BeforeValidator, Field
from sqlalchemy import Table, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from ingest.kinds.base import Accepted, Changes, Column, Count, Kind, Moment, Rejection, RowModel
from ingest.kinds.network import HOTSPOT_ID_HEADERS
from ingest.kinds.references import unknown_or_early_hotspots
from ingest.messages import Reason
from ingest.values import parse_word
from store.core.access import TokenScope
from store.coverage.models import Hotspot, HotspotStatusEvent

SILENCE_GAP: Final = dt.timedelta(hours=1)
"""The network management system reports every few minutes: an hour without a report is silence."""
LOOKUP_CHUNK: Final = 5000

STATE_WORDS: Final = {
    "online": "online",
    "up": "online",
    "1": "online",
    "ok": "online",
    "heartbeat": "online",
    "ออนไลน์": "online",
    "ปกติ": "online",
    "ใช้งานได้": "online",
    "offline": "offline",
    "down": "offline",
    "0": "offline",
    "alarm": "offline",
    "ออฟไลน์": "offline",
    "ขัดข้อง": "offline",
    "ใช้งานไม่ได้": "offline",
}


def parse_state(value: object) -> str:
    return parse_word(value, STATE_WORDS, allowed="online/up, offline/down")


class StatusRow(RowModel):
    hotspot_id: Count = Field(ge=1, le=2**31 - 1)
    at: Moment
    state: Annotated[str, BeforeValidator(parse_state)]


class NetworkStatus(Kind):
    name = "network_status"
    title_th = "สถานะเครือข่าย"
    title_en = "network status"
    scope = TokenScope.INGEST_NETWORK
    model = StatusRow
    remembers_item_ids = False
    columns: ClassVar = (
        Column("hotspot_id", HOTSPOT_ID_HEADERS),
        Column("at", ("at", "time", "timestamp", "reported_at", "เวลา", "วันเวลา", "เวลารายงาน")),
        Column("state", ("state", "status", "สถานะ")),
    )

    def key(self, row: Any) -> tuple[int, dt.datetime]:
        return (row.hotspot_id, row.at)

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        return unknown_or_early_hotspots(session, rows, lambda row: row.at, "at")

    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        by_hotspot: dict[int, list[Accepted]] = defaultdict(list)
        for accepted in rows:
            by_hotspot[accepted.row.hotspot_id].append(accepted)
        latest = latest_events(session, list(by_hotspot))
        history = StoredHistory.of_late_reports(session, by_hotspot, latest)
        changes = Changes()
        updated: dict[int, dict[str, Any]] = {}
        for hotspot_id, reports in by_hotspot.items():
            current = latest.get(hotspot_id)
            for accepted in sorted(reports, key=lambda accepted: accepted.row.at):
                current = _fold(accepted, current, changes, updated, history)
        changes.updates = list(updated.values())
        return changes

    def write(self, session: Session, changes: Changes) -> None:
        if changes.inserts:
            session.execute(insert(HotspotStatusEvent), changes.inserts)
        moves = [{"id": event["id"], "reported_until": event["reported_until"]} for event in changes.updates]
        if not moves:
            return
        if session.get_bind().dialect.name == "postgresql":
            _move_through_copy(session, moves)
        else:  # a Core executemany: the ORM's bulk update by primary key costs ~1 s of Python per batch
            events = cast(Table, HotspotStatusEvent.__table__)
            moved = update(events).where(events.c.id == bindparam("moved_id"))
            session.execute(
                moved.values(reported_until=bindparam("moved_until")),
                [{"moved_id": move["id"], "moved_until": move["reported_until"]} for move in moves],
            )


def _move_through_copy(session: Session, moves: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY the new ``reported_until`` values into a temporary table and update from it
    in one statement (row-by-row updates took ~4 s for a country's batch; this takes a fraction)."""
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("CREATE TEMPORARY TABLE moved_reports (id integer PRIMARY KEY, until timestamp) ON COMMIT DROP")
        with cursor.copy("COPY moved_reports (id, until) FROM STDIN") as copy:
            for move in moves:
                copy.write_row((move["id"], move["reported_until"]))
        cursor.execute(
            "UPDATE hotspot_status_events SET reported_until = moved_reports.until "
            "FROM moved_reports WHERE hotspot_status_events.id = moved_reports.id"
        )
        cursor.execute("DROP TABLE moved_reports")
    finally:
        cursor.close()


class StoredHistory:
    """The stored state rows a batch's late reports fall in (reports not after their hotspot's latest)."""

    def __init__(self, rows: dict[int, list[tuple[dt.datetime, dt.datetime, str]]]) -> None:
        self._rows = rows

    @classmethod
    def of_late_reports(
        cls, session: Session, by_hotspot: dict[int, list[Accepted]], latest: dict[int, dict[str, Any]]
    ) -> StoredHistory:
        """The rows of each hotspot from its earliest late report on (none read for a feed's new reports)."""
        earliest: dict[int, dt.datetime] = {}
        for hotspot_id, reports in by_hotspot.items():
            stored = latest.get(hotspot_id)
            late = [accepted.row.at for accepted in reports if stored and accepted.row.at <= stored["reported_until"]]
            if late:
                earliest[hotspot_id] = min(late)
        rows: dict[int, list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
        events = HotspotStatusEvent
        wanted = sorted(earliest)
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            query = select(events.hotspot_id, events.at, events.reported_until, events.state).where(
                events.hotspot_id.in_(chunk), events.reported_until >= min(earliest[h] for h in chunk)
            )
            for hotspot_id, at, until, state in session.execute(query):
                rows[hotspot_id].append((at, until, state))
        return cls(rows)

    def agrees(self, hotspot_id: int, at: dt.datetime, state: str) -> bool:
        """Whether a stored row of the hotspot holds ``state`` at ``at``."""
        return any(start <= at <= until and held == state for start, until, held in self._rows.get(hotspot_id, ()))


def _fold(
    accepted: Accepted,
    current: dict[str, Any] | None,
    changes: Changes,
    updated: dict[int, dict[str, Any]],
    history: StoredHistory,
) -> dict[str, Any] | None:
    """Apply one report to the hotspot's current state row; the row it leaves current."""
    at, state = accepted.row.at, accepted.row.state
    if current is not None and at <= current["reported_until"]:
        if state == current["state"] or history.agrees(accepted.row.hotspot_id, at, state):
            changes.unchanged_rows += 1
        else:
            reason = Reason.of("older_than_latest", latest=current["reported_until"])
            changes.rejected.append(Rejection(accepted.line, accepted.cells, "at", reason))
        return current
    if current is not None and state == current["state"] and at - current["reported_until"] <= SILENCE_GAP:
        current["reported_until"] = at
        if "id" in current:
            updated[current["id"]] = current
        changes.changed_rows += 1
        return current
    started = {"hotspot_id": accepted.row.hotspot_id, "state": state, "at": at, "reported_until": at}
    changes.inserts.append(started)
    changes.new_rows += 1
    return started


def latest_events(session: Session, hotspot_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The newest state row of each hotspot (one index seek each on ``ix_status_events_hotspot_at``)."""
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(LATEST_BY_LATERAL, {"ids": hotspot_ids}).mappings()
        return {row["hotspot_id"]: dict(row) for row in rows}
    events = HotspotStatusEvent
    newest_id = (
        select(events.id)
        .where(events.hotspot_id == Hotspot.id)
        .order_by(events.at.desc())
        .limit(1)
        .correlate(Hotspot)
        .scalar_subquery()
    )
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(hotspot_ids), LOOKUP_CHUNK):
        chunk = hotspot_ids[start : start + LOOKUP_CHUNK]
        query = select(events.id, events.hotspot_id, events.state, events.at, events.reported_until).where(
            events.id.in_(select(newest_id).where(Hotspot.id.in_(chunk)))
        )
        for mapping in session.execute(query).mappings():
            found[mapping["hotspot_id"]] = dict(mapping)
    return found


LATEST_BY_LATERAL: Final = text(
    "SELECT newest.id, newest.hotspot_id, newest.state, newest.at, newest.reported_until "
    "FROM unnest(CAST(:ids AS integer[])) AS asked(hotspot_id) "
    "CROSS JOIN LATERAL (SELECT id, hotspot_id, state, at, reported_until FROM hotspot_status_events "
    "WHERE hotspot_status_events.hotspot_id = asked.hotspot_id ORDER BY at DESC LIMIT 1) AS newest"
)
"""PostgreSQL: the ids as one array parameter, one index seek per hotspot (no chunks of IN lists)."""
