"""The command line of imports, replacing a province's village list, retrying quarantined rows,
and the demo data written as import files (the README's worked example)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from cli.__main__ import main
from demo.files import import_frames, load_areas, write_import_files
from ingest.messages import FileRejected
from ingest.pipeline import import_file, plan_file
from ingest.quarantine import retry_quarantined
from store.core.db import make_write_engine, migrate
from store.core.models import Village
from store.coverage.models import Hotspot, Volunteer
from store.imports.models import QuarantinedRow
from tests.databases import new_database_url
from tests.ingest_helpers import small_write_engine, snapshot

HEADER = "code,moo,name_th,lat,lon\n"


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Engine, str]]:
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    url = new_database_url(tmp_path, "small")
    engine = small_write_engine(url)
    yield engine, url
    engine.dispose()


def _codes(engine: Engine, province: str) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.scalars(select(Village.code).where(Village.province_code == province)))


def test_replacing_a_province_list_removes_only_what_nothing_names(small: tuple[Engine, str]) -> None:
    engine, _ = small
    import_file(engine, "villages", (HEADER + "84010104,4,บ้านชั่วคราว,9.141,99.331\n").encode(), "add.csv", "t")
    whole_list = HEADER + "84010101,1,บ้านหนองบัว,9.14,99.33\n84010103,3,บ้านใหม่,9.145,99.335\n50010102,2,ผิด,18.79,98.98\n"
    plan = plan_file(engine, "villages", whole_list.encode(), "84.csv", replace_province="84")
    assert (plan.removed, plan.kept) == (["84010104"], ["84010102", "84020101"])
    assert [(r.line, r.reason.code) for r in plan.rejected] == [(4, "other_province")]
    assert "84010104" in plan.describe()
    import_file(engine, "villages", whole_list.encode(), "84.csv", "t", replace_province="84")
    assert _codes(engine, "84") == ["84010101", "84010102", "84010103", "84020101"]
    assert _codes(engine, "50") == ["50010101"]


def test_without_the_replace_choice_nothing_is_deleted(small: tuple[Engine, str]) -> None:
    engine, _ = small
    import_file(engine, "villages", (HEADER + "84010101,1,บ้านหนองบัว,9.14,99.33\n").encode(), "one.csv", "t")
    assert _codes(engine, "84") == ["84010101", "84010102", "84020101"]
    with pytest.raises(FileRejected):
        plan_file(
            engine, "hotspots", b"hotspot_id,village_code,installed_on\n1,84010101,2018-01-01\n", replace_province="84"
        )


def test_quarantined_rows_are_accepted_once_what_they_name_exists(small: tuple[Engine, str]) -> None:
    engine, _ = small
    hotspots = b"hotspot_id,village_code,installed_on\n20,84010105,2018-01-01\n21,99999999,2018-01-01\n"
    assert len(import_file(engine, "hotspots", hotspots, "h.csv", "t").plan.rejected) == 2
    import_file(engine, "villages", (HEADER + "84010105,5,บ้านคลองน้อย,9.14,99.32\n").encode(), "v.csv", "t")
    retried = retry_quarantined(engine, "hotspots", "t")
    assert (retried.plan.new, len(retried.plan.rejected)) == (1, 1)
    with engine.connect() as connection:
        assert connection.scalar(select(Hotspot.village_code).where(Hotspot.id == 20)) == "84010105"
        states = dict(
            connection.execute(select(QuarantinedRow.status, func.count()).group_by(QuarantinedRow.status)).all()
        )
    assert states == {"resolved": 1, "open": 1}


def test_the_command_line_prints_the_plan_and_exits_by_outcome(
    small: tuple[Engine, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine, url = small
    monkeypatch.setenv("DATABASE_URL", url)
    good = tmp_path / "hotspots.csv"
    good.write_text("hotspot_id,village_code,installed_on\n30,84010102,1/12/60\n", encoding="cp874")
    bad = tmp_path / "mixed.csv"
    bad.write_text("hotspot_id,village_code,installed_on\n31,84010102,1/12/60\n32,99999999,1/12/60\n")
    before = snapshot(engine)

    def exit_code(*argv: str) -> int:
        with pytest.raises(SystemExit) as exited:
            main(list(argv))
        return int(exited.value.code or 0)

    assert exit_code("import", "hotspots", str(good), "--dry-run") == 0
    assert snapshot(engine) == before
    assert "ใหม่ / new: 1" in capsys.readouterr().out
    assert exit_code("import", "hotspots", str(good), "--actor", "somchai") == 0
    assert exit_code("import", "hotspots", str(good)) == 0
    assert "already imported" in capsys.readouterr().out
    report = tmp_path / "errors.csv"
    assert exit_code("import", "hotspots", str(bad), "--report", str(report)) == 1
    assert "99999999" in report.read_text(encoding="utf-8-sig")
    assert exit_code("import", "volunteers", str(good)) == 2
    assert "file refused" in capsys.readouterr().err
    assert exit_code("import", "hotspots", str(tmp_path / "missing.csv")) == 2


def test_the_demo_files_import_into_an_empty_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    engine = make_write_engine(new_database_url(tmp_path, "real"))
    migrate(engine)
    assert load_areas(engine) and not load_areas(engine)
    folder = tmp_path / "files"
    files = {path.stem: path for path in write_import_files(folder)}
    frames = import_frames()
    for kind in ("villages", "hotspots", "network_status", "training_sessions", "volunteers"):
        plan = import_file(engine, kind, files[kind].read_bytes(), files[kind].name, "demo").plan
        assert (plan.new, plan.rejected) == (len(frames[kind]), []), kind
    engine.dispose()


def test_a_sign_in_sheet_marks_known_volunteers_trained(small: tuple[Engine, str]) -> None:
    engine, _ = small
    sheet = (
        "ลำดับ,วันที่อบรม,รหัสหมู่บ้าน,ชื่อ-สกุล,เบอร์โทรศัพท์\n"
        "1,1 ก.พ. 2562,84010102,สมหญิง รักไทย,089 111 2222\n"  # untrained so far
        "2,1 ก.พ. 2562,84010101,สมชาย ใจดี,081-234-5678\n"  # already trained at this session
        "3,1 ก.พ. 2562,84020101,ไม่มี ในระบบ,081-999-9999\n"  # nobody with this phone there
        "4,15 ก.พ. 2562,84010102,สมหญิง รักไทย,089 111 2222\n"  # the same volunteer again, another day
        "5,1 ม.ค. 2562,50010101,มานี มีนา,086-333-4444\n"  # Chiang Mai's session is on 15 February
    ).encode()
    plan = import_file(engine, "training_attendance", sheet, "sign-in.csv", "t").plan
    assert (plan.changed, plan.unchanged) == (1, 1)
    assert [(r.line, r.reason.code) for r in plan.rejected] == [
        (4, "unknown_volunteer"),
        (5, "conflict_in_file"),
        (6, "no_session"),
    ]
    with engine.connect() as connection:
        trained = connection.execute(
            select(Volunteer.trained_on, Volunteer.training_session_id).where(Volunteer.id == 2)
        )
        assert [tuple(row) for row in trained] == [(dt.date(2019, 2, 1), 1)]
