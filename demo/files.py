"""The demo data as the files real sources send, for ``python -m cli import``: a worked example.

The generator's frames are written as one CSV per kind (UTF-8 with a BOM, as Excel saves it),
with the column names the import knows. Status history is not a file anyone sends: the network
file holds each hotspot's latest report, as the network management system would push it; speed
tests are the last ``SPEED_TEST_DAYS`` days, and each line's latest test however old (the health
rule reads it: a line last tested slow stays degraded). Volunteers get an app id (``DEMO-<n>``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

import pandas as pd
from sqlalchemy import Engine, func, insert, select

from demo import areas, hotspots, registrations, speed_tests, volunteers
from demo.context import PROGRAMME_VILLAGES, DemoContext
from demo.writer import insert_frame, tables_in_order
from store.core.models import DataChange, Province

FILE_STEPS: Final = (areas, hotspots, speed_tests, registrations, volunteers)
SPEED_TEST_DAYS: Final = 7
IMPORT_ORDER: Final = (
    "villages",
    "hotspots",
    "network_status",
    "speed_tests",
    "training_sessions",
    "volunteers",
    "wifi_registrations",
)
"""The order a new database takes them in: each kind names rows of the kinds before it."""


def import_frames(seed: int = 2019, villages: int = PROGRAMME_VILLAGES) -> dict[str, pd.DataFrame]:
    """The demo data of each importable kind, with the import's column names."""
    ctx = DemoContext(seed=seed, ticket_scale=1.0, villages=villages)
    for step in FILE_STEPS:
        ctx.frames.update(step.generate(ctx))
    return file_frames(ctx)


def file_frames(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    """The file kinds' frames of a generated demo (``ctx`` holds at least the frames of ``FILE_STEPS``)."""
    frames = ctx.frames
    events = frames["hotspot_status_events"].sort_values("at").groupby("hotspot_id").tail(1)
    tests = frames["speed_tests"]
    latest_test = tests["tested_at"] == tests.groupby("hotspot_id")["tested_at"].transform("max")
    recent = tests[(tests["tested_at"] > tests["tested_at"].max() - pd.Timedelta(days=SPEED_TEST_DAYS)) | latest_test]
    people = frames["volunteers"]
    sessions = frames["training_sessions"]
    return {
        "villages": frames["villages"][["code", "moo", "name_th", "name_en", "lat", "lon"]],
        "hotspots": frames["hotspots"][["id", "village_code", "installed_on"]].rename(columns={"id": "hotspot_id"}),
        "network_status": pd.DataFrame(
            {"hotspot_id": events["hotspot_id"], "at": utc_text(events["reported_until"]), "state": events["state"]}
        ),
        "speed_tests": recent[["hotspot_id", "tested_at", "down_mbps", "up_mbps", "latency_ms", "loss_pct"]].assign(
            tested_at=utc_text(recent["tested_at"])
        ),
        "training_sessions": sessions[["province_code", "held_on", "venue_th", "venue_en", "attendees", "status"]],
        "volunteers": pd.DataFrame(
            {
                "app_id": volunteer_app_ids(people["id"]),
                "village_code": people["village_code"],
                "full_name": people["full_name"],
                "phone": people["phone"],
                "registered_on": people["registered_on"],
                "trained_on": people["trained_on"],
            }
        ),
        "wifi_registrations": frames["wifi_registrations"].assign(
            month=lambda frame: pd.to_datetime(frame["month"]).dt.strftime("%Y-%m")
        ),
    }


def volunteer_app_ids(volunteer_ids: pd.Series) -> pd.Series:
    """The id the volunteers' app knows a demo volunteer by (``DEMO-<n>``; missing stays missing)."""
    return ("DEMO-" + volunteer_ids.astype("Int64").astype(str)).where(volunteer_ids.notna())


def write_import_files(folder: Path, seed: int = 2019, villages: int = PROGRAMME_VILLAGES) -> list[Path]:
    """One CSV per kind in ``folder``, in the order to import them."""
    return write_frames(folder, import_frames(seed, villages))


def write_frames(folder: Path, frames: dict[str, pd.DataFrame]) -> list[Path]:
    """Each kind's frame as ``folder/<kind>.csv`` (UTF-8 with a BOM), in the order to import them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in IMPORT_ORDER:
        path = folder / f"{kind}.csv"
        frames[kind].to_csv(path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
        written.append(path)
    return written


def utc_text(moments: pd.Series) -> pd.Series:
    """UTC moments written with their offset, so the import does not read them as Thai time."""
    return pd.to_datetime(moments).dt.strftime("%Y-%m-%dT%H:%M:%SZ")


AREA_TABLES: Final = ("regions", "provinces", "districts", "subdistricts")


def load_areas(engine: Engine, seed: int = 2019) -> bool:
    """Regions, provinces, districts and subdistricts from the geodata into an empty database.

    A real deployment starts here: villages are imported, but the areas they belong to come from
    the official boundary files. Returns False (and writes nothing) when areas are already there.
    """
    with engine.begin() as connection:
        if connection.scalar(select(func.count()).select_from(Province)):
            return False
        frames = areas.generate(DemoContext(seed=seed, ticket_scale=1.0, villages=PROGRAMME_VILLAGES))
        for table in tables_in_order(AREA_TABLES):
            insert_frame(connection, table, frames[table.name])
        connection.execute(insert(DataChange), {"changed_at": _now(), "what": "areas loaded from the geodata"})
    return True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
