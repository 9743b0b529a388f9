"""What the coverage queries answer, as typed, frozen values rather than dictionaries.

The KPI cards, the display and ``/api/v1/summary`` read the same figures; a field renamed here
fails in the type checker and at import, not as a ``KeyError`` in a callback at run time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.coverage.metrics import PCT_COLUMN_BY_METRIC, HotspotState, Metric


def _share(value: Any) -> float | None:
    """A share in percent, or None for an area without villages (a NaN in the frames)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


@dataclass(frozen=True)
class AreaFigures:
    """The headline figures of one area as of a date (counts are whole numbers, shares in %)."""

    villages: int
    hotspots: int
    hotspots_online: int
    hotspots_degraded: int
    hotspots_offline: int
    hotspots_no_data: int
    villages_with_volunteer: int
    villages_trained: int
    volunteers_registered: int
    volunteers_trained: int
    wifi_users: int
    hotspot_online_pct: float | None
    volunteer_coverage_pct: float | None
    training_progress_pct: float | None
    sessions_total: int
    sessions_done: int
    provinces: int
    data_as_of: dt.datetime | None
    training_session_date: dt.date | None = None
    training_session_status: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> AreaFigures:
        """From a row of ``metrics.area_figures`` plus the training and freshness figures."""
        shares = ("hotspot_online_pct", "volunteer_coverage_pct", "training_progress_pct")
        optional = ("data_as_of", "training_session_date", "training_session_status")
        values: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if name in shares:
                values[name] = _share(row.get(name))
            elif name in optional:
                values[name] = row.get(name)
            else:
                values[name] = int(row.get(name) or 0)
        return cls(**values)

    def pct(self, metric: Metric) -> float | None:
        """The area's share for a metric (None: no villages, no share)."""
        return getattr(self, PCT_COLUMN_BY_METRIC[metric])  # type: ignore[no-any-return]

    def hotspots_in(self, state: HotspotState) -> int:
        return getattr(self, f"hotspots_{state}")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PlaceName:
    """An area above a village: its code and names."""

    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class SpeedTestResult:
    """A hotspot's latest speed test by the as-of date, against the 30/10 Mbps contract."""

    tested_at: dt.datetime | None
    down_mbps: float
    up_mbps: float
    loss_pct: float
    meets_contract: bool


@dataclass(frozen=True)
class HotspotDetail:
    """One hotspot of a village: state, 30-day uptime, latest report (Thai time) and speed test."""

    id: int
    state: HotspotState
    last_report_at: dt.datetime | None
    uptime_30d_pct: float | None
    speed_test: SpeedTestResult | None


@dataclass(frozen=True)
class VolunteerEntry:
    """A village's volunteer as the panel lists them; name and phone masked unless ``unmasked``."""

    name: str
    phone: str
    unmasked: bool
    registered_on: dt.date
    trained_on: dt.date | None


@dataclass(frozen=True)
class TrainingEntry:
    """The province's training session and its status as of the date."""

    held_on: dt.date | None
    venue_th: str | None
    venue_en: str | None
    status: str


@dataclass(frozen=True)
class VillageDetail:
    """Everything the village panel shows."""

    code: str
    moo: int
    name_th: str
    name_en: str
    lat: float
    lon: float
    subdistrict: PlaceName
    district: PlaceName
    province: PlaceName
    hotspots: tuple[HotspotDetail, ...]
    volunteers: tuple[VolunteerEntry, ...]
    training: TrainingEntry | None
    wifi_users: int
