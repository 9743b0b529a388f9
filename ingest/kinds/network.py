"""The operator's data: hotspots, speed tests and monthly WiFi registrations."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Final

from pydantic import Field
from sqlalchemy.orm import Session

from ingest.kinds.base import (
    Accepted,
    Column,
    Count,
    Moment,
    Month,
    Number,
    Rejection,
    RowModel,
    ThaiDate,
    UpsertKind,
    VillageCode,
)
from ingest.kinds.references import unknown_or_early_hotspots, unknown_villages
from ingest.messages import Reason
from store.core.access import TokenScope
from store.coverage.models import Hotspot, SpeedTest, WifiRegistration

MAX_MBPS: Final = 10_000.0
"""No village line reaches 10 Gbps: a larger figure is a unit mistake (kbps, bps)."""
MAX_LATENCY_MS: Final = 60_000.0

HOTSPOT_ID_HEADERS: Final = ("hotspot_id", "hotspot", "ap_id", "รหัสจุดบริการ", "รหัสฮอตสปอต", "จุดบริการ")
VILLAGE_CODE_HEADERS: Final = ("village_code", "รหัสหมู่บ้าน", "villagecode")


class HotspotRow(RowModel):
    hotspot_id: Count = Field(ge=1, le=2**31 - 1)
    village_code: VillageCode
    installed_on: ThaiDate


class Hotspots(UpsertKind):
    name = "hotspots"
    title_th = "จุดบริการ WiFi"
    title_en = "hotspots"
    scope = TokenScope.INGEST_NETWORK
    source_id_field = "hotspot_id"
    model = HotspotRow
    table = Hotspot.__table__  # type: ignore[assignment]
    key_columns = ("id",)
    compared = ("village_code", "installed_on")
    columns: ClassVar = (
        Column("hotspot_id", HOTSPOT_ID_HEADERS),
        Column("village_code", VILLAGE_CODE_HEADERS),
        Column("installed_on", ("installed_on", "installed", "install_date", "วันที่ติดตั้ง", "ติดตั้งเมื่อ")),
    )

    def key(self, row: Any) -> tuple[int]:
        return (row.hotspot_id,)

    def record(self, row: Any) -> dict[str, Any]:
        return {"id": row.hotspot_id, "village_code": row.village_code, "installed_on": row.installed_on}

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        return unknown_villages(session, rows)


class SpeedTestRow(RowModel):
    hotspot_id: Count = Field(ge=1, le=2**31 - 1)
    tested_at: Moment
    down_mbps: Number = Field(ge=0, le=MAX_MBPS)
    up_mbps: Number = Field(ge=0, le=MAX_MBPS)
    latency_ms: Number = Field(ge=0, le=MAX_LATENCY_MS)
    loss_pct: Number = Field(ge=0, le=100)


class SpeedTests(UpsertKind):
    name = "speed_tests"
    title_th = "ผลทดสอบความเร็ว"
    title_en = "speed tests"
    scope = TokenScope.INGEST_NETWORK
    model = SpeedTestRow
    table = SpeedTest.__table__  # type: ignore[assignment]
    key_columns = ("hotspot_id", "tested_at")
    compared = ("down_mbps", "up_mbps", "latency_ms", "loss_pct")
    columns: ClassVar = (
        Column("hotspot_id", HOTSPOT_ID_HEADERS),
        Column("tested_at", ("tested_at", "time", "timestamp", "เวลาทดสอบ", "วันเวลา")),
        Column("down_mbps", ("down_mbps", "download", "download_mbps", "ดาวน์โหลด", "ความเร็วดาวน์โหลด")),
        Column("up_mbps", ("up_mbps", "upload", "upload_mbps", "อัปโหลด", "ความเร็วอัปโหลด")),
        Column("latency_ms", ("latency_ms", "latency", "ping", "ความหน่วง")),
        Column("loss_pct", ("loss_pct", "packet_loss", "loss", "การสูญหายของแพ็กเก็ต")),
    )

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        return unknown_or_early_hotspots(session, rows, lambda row: row.tested_at, "tested_at")


class RegistrationRow(RowModel):
    village_code: VillageCode
    month: Month
    new_users: Count = Field(ge=0, le=100_000)


class WifiRegistrations(UpsertKind):
    name = "wifi_registrations"
    title_th = "ผู้ลงทะเบียนใช้ WiFi"
    title_en = "WiFi registrations"
    scope = TokenScope.INGEST_NETWORK
    model = RegistrationRow
    table = WifiRegistration.__table__  # type: ignore[assignment]
    key_columns = ("village_code", "month")
    compared = ("new_users",)
    columns: ClassVar = (
        Column("village_code", VILLAGE_CODE_HEADERS),
        Column("month", ("month", "เดือน", "ประจำเดือน")),
        Column("new_users", ("new_users", "registrations", "ผู้ลงทะเบียนใหม่", "จำนวนผู้ลงทะเบียน")),
    )

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        first_of_next_month = (dt.date.today().replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        future = [
            Rejection(accepted.line, accepted.cells, "month", Reason.of("future", value=accepted.row.month))
            for accepted in rows
            if accepted.row.month >= first_of_next_month
        ]
        return unknown_villages(session, rows) + future
