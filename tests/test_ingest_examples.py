"""The README's example files and API batches, one per kind, import cleanly into the demo database
in the README's order (the batches after the files: their reporter is the volunteers file's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.batches import ingest_batch
from ingest.pipeline import import_file
from store.core.db import make_write_engine
from tests.demo_fixture import copy_of_demo

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
ORDER = (
    "villages.csv",
    "hotspots.csv",
    "network_status.csv",
    "speed_tests.csv",
    "volunteers.csv",
    "wifi_registrations.csv",
    "training_attendance.csv",
    "training_sessions.xlsx",
    "tickets.json",
    "ticket_events.json",
    "showcase_items.json",
)


def test_every_example_file_is_accepted_whole(
    demo_template_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    engine = make_write_engine(copy_of_demo(demo_template_url, tmp_path))
    assert sorted(path.name for path in EXAMPLES.iterdir()) == sorted(ORDER)
    for name in ORDER:
        kind, form = name.rsplit(".", 1)
        content = (EXAMPLES / name).read_bytes()
        if form == "json":  # an API batch, as the app sends it
            plan = ingest_batch(engine, kind, json.loads(content)["items"], "readme").plan
        else:
            plan = import_file(engine, kind, content, name, "readme").plan
        assert plan.rejected == [], (name, plan.describe())
        assert plan.accepted == plan.rows_in > 0
    engine.dispose()
