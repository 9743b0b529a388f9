"""The volunteers' app export and the provincial offices' training sessions.

A volunteer is matched by the app's id, else by village and phone (the same person registered
twice in one village is one volunteer). Phones are compared as digits in the national form
(``+66 81 234 5678`` is ``0812345678``); names and phones are personal data and are never shown
in the plan beyond the row's own line.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field
from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from ingest.kinds.base import (
    Accepted,
    Changes,
    Column,
    Count,
    Kind,
    ProvinceCode,
    Rejection,
    RowModel,
    Text,
    ThaiDate,
    UpsertKind,
    VillageCode,
)
from ingest.kinds.network import VILLAGE_CODE_HEADERS
from ingest.kinds.references import unknown_villages
from ingest.messages import CellError, Reason
from ingest.values import ascii_digits, clean_text, parse_word
from store.core.access import TokenScope
from store.core.models import Province
from store.coverage.models import TrainingSession, Volunteer


def parse_phone(value: object) -> str:
    """A Thai phone number as its 9 or 10 national digits ('+66 81-234-5678' is '0812345678')."""
    digits = re.sub(r"\D", "", ascii_digits(clean_text(value)))
    if digits.startswith("66") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0\d{8,9}", digits):
        raise CellError("unknown_value", value=value, allowed="0XX-XXX-XXXX")
    return digits


Phone = Annotated[str, BeforeValidator(parse_phone)]


class VolunteerRow(RowModel):
    app_id: Text | None = Field(default=None, max_length=64)
    village_code: VillageCode
    full_name: Text = Field(min_length=1, max_length=128)
    phone: Phone
    registered_on: ThaiDate
    trained_on: ThaiDate | None = None


class Volunteers(Kind):
    name = "volunteers"
    title_th = "อาสาสมัคร"
    title_en = "volunteers"
    scope = TokenScope.INGEST_APP
    source_id_field = "app_id"
    model = VolunteerRow
    columns: ClassVar = (
        Column("app_id", ("app_id", "volunteer_id", "id", "รหัสอาสาสมัคร", "รหัสแอป")),
        Column("village_code", VILLAGE_CODE_HEADERS),
        Column("full_name", ("full_name", "name", "ชื่อสกุล", "ชื่อ-สกุล", "ชื่อนามสกุล", "ชื่อ")),
        Column("phone", ("phone", "mobile", "telephone", "เบอร์โทร", "เบอร์โทรศัพท์", "โทรศัพท์")),
        Column("registered_on", ("registered_on", "registered", "วันที่ลงทะเบียน", "ลงทะเบียนเมื่อ")),
        Column("trained_on", ("trained_on", "trained", "วันที่อบรม", "อบรมเมื่อ")),
    )

    def key(self, row: Any) -> Hashable:
        return ("app", row.app_id) if row.app_id else ("phone", row.village_code, row.phone)

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        early = [
            Rejection(accepted.line, accepted.cells, "trained_on", Reason.of("trained_before_registered"))
            for accepted in rows
            if accepted.row.trained_on is not None and accepted.row.trained_on < accepted.row.registered_on
        ]
        return unknown_villages(session, rows) + early

    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        stored = _stored_volunteers(session, rows)
        sessions = {
            code: session_id
            for code, session_id in session.execute(select(TrainingSession.province_code, TrainingSession.id))
        }
        changes = Changes()
        for accepted in rows:
            row = accepted.row
            record = {
                "app_id": row.app_id,
                "village_code": row.village_code,
                "full_name": row.full_name,
                "phone": row.phone,
                "registered_on": row.registered_on,
                "trained_on": row.trained_on,
                "training_session_id": sessions.get(row.village_code[:2]) if row.trained_on else None,
            }
            before = stored.get(("app", row.app_id)) or stored.get(("phone", row.village_code, row.phone))
            if before is None:
                changes.inserts.append(record)
            elif before["app_id"] and row.app_id and before["app_id"] != row.app_id:
                reason = Reason.of("phone_taken", other=before["app_id"])
                changes.rejected.append(Rejection(accepted.line, accepted.cells, "phone", reason))
            elif any(before[name] != value for name, value in record.items() if name != "app_id" or value):
                changes.updates.append({**before, **{k: v for k, v in record.items() if k != "app_id" or v}})
            else:
                changes.unchanged_rows += 1
        changes.new_rows, changes.changed_rows = len(changes.inserts), len(changes.updates)
        return changes

    def write(self, session: Session, changes: Changes) -> None:
        if changes.inserts:
            session.execute(insert(Volunteer), changes.inserts)
        if changes.updates:
            session.execute(update(Volunteer), changes.updates)


def _stored_volunteers(session: Session, rows: list[Accepted]) -> dict[Hashable, dict[str, Any]]:
    """Stored volunteers these rows may name, under both of their keys."""
    app_ids = sorted({app_id for accepted in rows if (app_id := getattr(accepted.row, "app_id", None))})
    villages = sorted({accepted.row.village_code for accepted in rows})
    columns = [getattr(Volunteer, name) for name in ("id", *_VOLUNTEER_FIELDS)]
    found: dict[Hashable, dict[str, Any]] = {}
    for start in range(0, max(len(app_ids), len(villages)), 500):
        condition = or_(
            Volunteer.app_id.in_(app_ids[start : start + 500]),
            Volunteer.village_code.in_(villages[start : start + 500]),
        )
        for mapping in session.execute(select(*columns).where(condition)).mappings():
            volunteer = dict(mapping)
            volunteer["phone"] = re.sub(r"\D", "", volunteer["phone"])
            found[("phone", volunteer["village_code"], volunteer["phone"])] = volunteer
            if volunteer["app_id"]:
                found[("app", volunteer["app_id"])] = volunteer
    return found


_VOLUNTEER_FIELDS = (
    "app_id",
    "village_code",
    "full_name",
    "phone",
    "registered_on",
    "trained_on",
    "training_session_id",
)


STATUS_WORDS = {
    "scheduled": "scheduled",
    "held": "scheduled",
    "done": "scheduled",
    "กำหนดการ": "scheduled",
    "จัดแล้ว": "scheduled",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "ยกเลิก": "cancelled",
}


def parse_session_status(value: object) -> str:
    return parse_word(value, STATUS_WORDS, allowed="scheduled, cancelled")


class TrainingSessionRow(RowModel):
    province_code: ProvinceCode
    held_on: ThaiDate
    venue_th: Text = Field(default="", max_length=200)
    venue_en: Text = Field(default="", max_length=200)
    attendees: Count = Field(ge=0, le=100_000)
    status: Annotated[str, BeforeValidator(parse_session_status)] = "scheduled"


class TrainingSessions(UpsertKind):
    name = "training_sessions"
    title_th = "การอบรม"
    title_en = "training sessions"
    scope = TokenScope.INGEST_TRAINING
    source_id_field = "province_code"
    model = TrainingSessionRow
    table = TrainingSession.__table__  # type: ignore[assignment]
    key_columns = ("province_code",)
    compared = ("held_on", "venue_th", "venue_en", "attendees", "status")
    columns: ClassVar = (
        Column("province_code", ("province_code", "รหัสจังหวัด", "changwat_code")),
        Column("held_on", ("held_on", "date", "session_date", "วันที่อบรม", "วันที่จัด")),
        Column("venue_th", ("venue_th", "venue", "สถานที่", "สถานที่จัด")),
        Column("venue_en", ("venue_en", "venue_english", "สถานที่(อังกฤษ)")),
        Column("attendees", ("attendees", "participants", "ผู้เข้าร่วม", "จำนวนผู้เข้าร่วม", "จำนวนผู้เข้าอบรม")),
        Column("status", ("status", "สถานะ")),
    )

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        known = set(session.scalars(select(Province.code)))
        return [
            Rejection(accepted.line, accepted.cells, "province_code", Reason.of("unknown_province", value=code))
            for accepted in rows
            if (code := accepted.row.province_code) not in known
        ]


class AttendanceRow(RowModel):
    held_on: ThaiDate
    village_code: VillageCode
    phone: Phone
    full_name: Text | None = None


class TrainingAttendance(Kind):
    """A provincial office's sign-in sheet: each line a volunteer who attended the province's session.

    Attendance marks a known volunteer trained (matched by village and phone); it never creates
    one (volunteers come from the app), and a date other than the province's session is refused.
    """

    name = "training_attendance"
    title_th = "รายชื่อผู้เข้าอบรม"
    title_en = "training attendance"
    scope = TokenScope.INGEST_TRAINING
    model = AttendanceRow
    columns: ClassVar = (
        Column("held_on", ("held_on", "date", "session_date", "วันที่อบรม", "วันที่")),
        Column("village_code", VILLAGE_CODE_HEADERS),
        Column("phone", ("phone", "mobile", "เบอร์โทร", "เบอร์โทรศัพท์", "โทรศัพท์")),
        Column("full_name", ("full_name", "name", "ชื่อ-สกุล", "ชื่อสกุล", "ชื่อ")),
    )

    def key(self, row: Any) -> Hashable:
        return (row.village_code, row.phone)

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        held = {code: (session_id, day) for session_id, code, day in session.execute(_SESSIONS)}
        wrong_day = []
        for accepted in rows:
            province = accepted.row.village_code[:2]
            planned = held.get(province)
            if planned is None or planned[1] != accepted.row.held_on:
                on = planned[1] if planned else "–"
                reason = Reason.of("no_session", province=province, value=accepted.row.held_on, held_on=on)
                wrong_day.append(Rejection(accepted.line, accepted.cells, "held_on", reason))
        return unknown_villages(session, rows) + wrong_day

    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        stored = _stored_volunteers(session, rows)
        sessions = {code: session_id for session_id, code, _day in session.execute(_SESSIONS)}
        changes = Changes()
        for accepted in rows:
            row = accepted.row
            volunteer = stored.get(("phone", row.village_code, row.phone))
            if volunteer is None:
                reason = Reason.of("unknown_volunteer", value=row.village_code)
                changes.rejected.append(Rejection(accepted.line, accepted.cells, "phone", reason))
            elif volunteer["registered_on"] > row.held_on:
                reason = Reason.of("trained_before_registered")
                changes.rejected.append(Rejection(accepted.line, accepted.cells, "held_on", reason))
            elif (volunteer["trained_on"], volunteer["training_session_id"]) == (
                row.held_on,
                sessions[row.village_code[:2]],
            ):
                changes.unchanged_rows += 1
            else:
                changes.updates.append(
                    {
                        "id": volunteer["id"],
                        "trained_on": row.held_on,
                        "training_session_id": sessions[row.village_code[:2]],
                    }
                )
        changes.changed_rows = len(changes.updates)
        return changes

    def write(self, session: Session, changes: Changes) -> None:
        if changes.updates:
            session.execute(update(Volunteer), changes.updates)


_SESSIONS = select(TrainingSession.id, TrainingSession.province_code, TrainingSession.held_on).where(
    TrainingSession.status != "cancelled"
)
