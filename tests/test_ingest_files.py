"""Files as Thai offices send them, through the import pipeline on the hand-made database.

Each bad file gets a clear plan or a clear error; a refused file leaves the database as it was;
every row that comes in is either committed or quarantined.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from ingest.messages import FileRejected
from ingest.pipeline import import_file, plan_file
from store.core.db import make_session_factory
from store.core.models import Village
from store.core.versions import DataVersionReader
from store.coverage.models import Hotspot, HotspotStatusEvent
from tests.databases import database_url, new_database_url
from tests.ingest_helpers import quarantined, runs, small_write_engine, snapshot

VILLAGES = (
    "รหัสหมู่บ้าน,หมู่ที่,ชื่อหมู่บ้าน,ชื่อภาษาอังกฤษ,ละติจูด,ลองจิจูด\n"
    "84010103,3,บ้านใหม่,Ban Mai,9.145,99.335\n"
    "84010101,1,บ้านหนองบัว,Ban Nong Bua,9.14,99.33\n"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    with database_url(request.param, tmp_path) as url:
        engine = small_write_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    engine = small_write_engine(new_database_url(tmp_path, "small"))
    yield engine
    engine.dispose()


def test_cp874_and_utf8_with_bom_read_alike(sqlite_engine: Engine) -> None:
    as_cp874 = plan_file(sqlite_engine, "villages", VILLAGES.encode("cp874"), "v.csv")
    as_bom = plan_file(sqlite_engine, "villages", VILLAGES.encode("utf-8-sig"), "v.csv")
    assert (as_cp874.encoding, as_bom.encoding) == ("cp874", "utf-8-sig")
    assert (as_cp874.new, as_cp874.unchanged, as_cp874.rejected) == (1, 1, [])
    assert (as_bom.new, as_bom.unchanged, as_bom.header) == (1, 1, as_cp874.header)


def test_cp874_quotes_are_read_as_quotes_not_control_characters(sqlite_engine: Engine) -> None:
    text = VILLAGES.replace("บ้านใหม่", "บ้าน“ใหม่”")
    plan_file(sqlite_engine, "villages", text.encode("cp874"), "v.csv")
    import_file(sqlite_engine, "villages", text.encode("cp874"), "v.csv", "tester")
    with sqlite_engine.connect() as connection:
        assert connection.scalar(select(Village.name_th).where(Village.code == "84010103")) == "บ้าน“ใหม่”"


def test_a_file_in_neither_utf8_nor_thai_is_refused(sqlite_engine: Engine) -> None:
    latin = "code,moo,name_th,lat,lon\n84010103,3,Café São Tomé Ærø,9.1,99.3\n".encode("latin-1")
    with pytest.raises(FileRejected) as refused:
        plan_file(sqlite_engine, "villages", latin, "v.csv")
    assert refused.value.reason.code == "unknown_encoding"


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ("84010103,3,บ้านสลับ,Ban Salap,99.335,9.145", "ละติจูด", "swapped_lat_lon"),
        ("84010103,3,บ้านไกล,Ban Klai,35.68,139.69", "ละติจูด", "outside_thailand"),
        ("84010103,3,บ้านเชียงใหม่,Ban CM,18.79,98.98", "ละติจูด", "far_from_district"),
        ("84010103,4,บ้านผิดหมู่,Ban Phit,9.145,99.335", "หมู่ที่", "moo_mismatch"),
        ("84990101,1,บ้านไม่มี,Ban Mai Mi,9.145,99.335", "รหัสหมู่บ้าน", "unknown_subdistrict"),
        ("8401013,3,บ้านสั้น,Ban San,9.145,99.335", "รหัสหมู่บ้าน", "bad_code"),
    ],
)
def test_a_village_in_the_wrong_place_is_refused_with_its_reason(
    sqlite_engine: Engine, row: str, column: str, code: str
) -> None:
    header = VILLAGES.splitlines()[0]
    plan = plan_file(sqlite_engine, "villages", f"{header}\n{row}\n".encode(), "v.csv")
    assert [(r.line, r.column, r.reason.code) for r in plan.rejected] == [(2, column, code)]
    assert plan.rejected[0].reason.th and plan.rejected[0].reason.en


def test_hotspots_in_thai_digits_and_buddhist_era_with_unknown_villages_and_duplicates(sqlite_engine: Engine) -> None:
    content = (
        "วันที่ติดตั้ง,รหัสหมู่บ้าน,รหัสจุดบริการ\n"
        "๑ ธ.ค. ๒๕๖๐,๘๔๐๑๐๑๐๒,๑๐\n"
        "1/12/60,84010102,11\n"
        "1/12/60,84010102,11\n"
        "2560-12-01,84010102,11\n"
        "01/12/2560,99999999,12\n"
    ).encode()
    before = snapshot(sqlite_engine)
    plan = plan_file(sqlite_engine, "hotspots", content, "h.csv")
    assert snapshot(sqlite_engine) == before, "a dry run writes nothing"
    assert (plan.rows_in, plan.new) == (5, 2)
    assert [(r.line, r.reason.code) for r in plan.rejected] == [
        (4, "duplicate_in_file"),
        (5, "duplicate_in_file"),
        (6, "unknown_village"),
    ]


def test_rows_in_are_rows_committed_plus_rows_quarantined(engine: Engine) -> None:
    content = (
        b"hotspot_id,at,state\n"
        b"1,2562-04-01 07:00,online\n"
        b"1,2562-04-01 07:05,online\n"
        b"3,2562-04-01 07:00,up\n"
        b"4,2562-04-01 07:00,sideways\n"
        b"99,2562-04-01 07:00,online\n"
        b"5,2099-01-01 00:00,online\n"
        b"2,2019-03-01 07:00,offline\n"
    )
    result = import_file(engine, "network_status", content, "status.csv", "tester")
    plan = result.plan
    assert result.committed
    assert plan.rows_in == 7
    assert plan.accepted + len(plan.rejected) == plan.rows_in
    assert quarantined(engine) == len(plan.rejected) == 4
    assert {r.reason.code for r in plan.rejected} == {
        "unknown_value",
        "unknown_hotspot",
        "implausible_year",
        "older_than_latest",
    }


def test_a_refused_file_leaves_the_database_unchanged(engine: Engine) -> None:
    before = snapshot(engine)
    for content, name in [
        (b"", "empty.csv"),
        (b"hotspot_id,village_code,installed_on\n", "header-only.csv"),
        (VILLAGES.encode(), "villages-not-hotspots.csv"),
        (b"PK\x03\x04 truncated zip", "cut.xlsx"),
    ]:
        with pytest.raises(FileRejected) as refused:
            import_file(engine, "hotspots", content, name, "tester")
        assert refused.value.reason.th and refused.value.reason.en
    assert snapshot(engine) == before


def test_a_file_of_another_kind_is_named(sqlite_engine: Engine) -> None:
    with pytest.raises(FileRejected) as refused:
        plan_file(sqlite_engine, "hotspots", VILLAGES.encode(), "v.csv")
    assert refused.value.reason.code == "wrong_kind"
    assert "villages" in refused.value.reason.en


def test_a_file_of_all_bad_rows_changes_no_data(engine: Engine) -> None:
    before = snapshot(engine)
    result = import_file(engine, "hotspots", b"hotspot_id,village_code,installed_on\n9,99999999,2018-01-01\n", "h", "t")
    after = snapshot(engine)
    assert result.plan.accepted == 0
    assert {name: rows for name, rows in after.items() if name not in {"import_runs", "quarantined_rows"}} == {
        name: rows for name, rows in before.items() if name not in {"import_runs", "quarantined_rows"}
    }
    assert len(after["quarantined_rows"]) == 1


def test_a_truncated_file_refuses_its_cut_row_and_says_so(sqlite_engine: Engine) -> None:
    whole = "hotspot_id,village_code,installed_on,note\n10,84010102,2018-01-01,ติดตั้งแล้ว\n11,84010102,2018-01-01,ติดตั้ง\n"
    inside_a_character = whole.encode()[:-8]
    plan = plan_file(sqlite_engine, "hotspots", inside_a_character, "cut.csv")
    assert "truncated" in plan.notes
    assert (plan.new, [(r.line, r.reason.code) for r in plan.rejected]) == (1, [(3, "truncated_row")])
    inside_the_cells = whole.encode()[: whole.encode().index(b"11,84010102") + 5]
    plan = plan_file(sqlite_engine, "hotspots", inside_the_cells, "cut.csv")
    assert (plan.new, [(r.line, r.reason.code) for r in plan.rejected]) == (1, [(3, "short_row")])


def test_a_large_file_is_refused_before_it_is_read(sqlite_engine: Engine) -> None:
    row = b"1,2562-04-01 07:00,online\n"
    content = b"hotspot_id,at,state\n" + row * (50 * 2**20 // len(row) + 1)
    assert len(content) > 50 * 2**20
    with pytest.raises(FileRejected) as refused:
        plan_file(sqlite_engine, "network_status", content, "big.csv")
    assert refused.value.reason.code == "too_large"
    assert "50" in refused.value.reason.en


def _workbook(rows: list[list[object]], *merges: str) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_a_title_and_a_header_merged_over_two_rows(sqlite_engine: Engine) -> None:
    content = _workbook(
        [
            ["รายชื่อหมู่บ้าน จังหวัดสุราษฎร์ธานี"],
            ["รหัสหมู่บ้าน", "หมู่ที่", "ชื่อหมู่บ้าน", "พิกัด", None],
            [None, None, None, "ละติจูด", "ลองจิจูด"],
            ["84010103", 3, "บ้านใหม่", 9.145, 99.335],
        ],
        "A1:E1",
        "D2:E2",
        "A2:A3",
        "B2:B3",
        "C2:C3",
    )
    plan = plan_file(sqlite_engine, "villages", content, "v.xlsx")
    assert (plan.new, plan.rejected, plan.encoding) == (1, [], "xlsx")


def test_xlsx_without_merged_cells_never_takes_a_data_row_for_a_header(sqlite_engine: Engine) -> None:
    content = _workbook(
        [
            ["hotspot_id", "village_code", "installed_on", None],
            ["10", "84010102", "1/12/60", "หมายเหตุ"],
            ["11", "84010102", "1/12/60", "หมายเหตุ"],
        ]
    )
    plan = plan_file(sqlite_engine, "hotspots", content, "h.xlsx")
    assert (plan.rows_in, plan.new) == (2, 2)


def test_xlsx_with_excel_dates_and_formulas_without_values(sqlite_engine: Engine) -> None:
    import datetime as dt

    dated = _workbook([["hotspot_id", "village_code", "installed_on"], [10, "84010102", dt.date(2018, 1, 1)]])
    assert plan_file(sqlite_engine, "hotspots", dated, "h.xlsx").new == 1
    formulas = _workbook([["hotspot_id", "village_code", "installed_on"], ["=5+5", "84010102", "2018-01-01"]])
    with pytest.raises(FileRejected) as refused:
        plan_file(sqlite_engine, "hotspots", formulas, "h.xlsx")
    assert refused.value.reason.code == "formulas_without_values"
    assert "A2" in refused.value.reason.en


def test_the_same_file_twice_is_recognised(engine: Engine) -> None:
    first = import_file(engine, "villages", VILLAGES.encode(), "v.csv", "somchai")
    after_first = snapshot(engine)
    second = import_file(engine, "villages", VILLAGES.encode(), "v-again.csv", "somying")
    assert first.committed and not second.committed
    assert second.plan.prior_run is not None and second.plan.prior_run.actor == "somchai"
    assert snapshot(engine) == after_first


def test_a_commit_moves_the_coverage_version(sqlite_engine: Engine) -> None:
    versions = DataVersionReader(make_session_factory(sqlite_engine))
    before = versions.read()
    import_file(sqlite_engine, "villages", VILLAGES.encode(), "v.csv", "tester")
    after = versions.read()
    assert after.coverage > before.coverage and after.tickets == before.tickets


def test_a_crash_in_the_middle_leaves_the_database_as_it_was(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.kinds.status import NetworkStatus

    original = NetworkStatus.write

    def write_then_fail(self: NetworkStatus, session: object, changes: object) -> None:
        original(self, session, changes)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    monkeypatch.setattr(NetworkStatus, "write", write_then_fail)
    before = snapshot(engine)
    with pytest.raises(RuntimeError):
        import_file(engine, "network_status", b"hotspot_id,at,state\n1,2562-04-01 07:00,offline\n", "s", "t")
    assert snapshot(engine) == before


def test_status_reports_become_state_changes(sqlite_engine: Engine) -> None:
    content = (
        b"hotspot_id,at,state\n"
        b"5,2019-03-31T17:00:00Z,online\n"  # a minute after its last report: extends it
        b"5,2019-03-31T17:30:00Z,online\n"
        b"5,2019-03-31T17:45:00Z,offline\n"  # a new state
        b"5,2019-03-31T17:50:00Z,offline\n"
        b"5,2019-03-31T20:00:00Z,offline\n"  # after two silent hours: a new row of the same state
    )
    import_file(sqlite_engine, "network_status", content, "s.csv", "tester")
    with sqlite_engine.connect() as connection:
        rows = connection.execute(
            select(HotspotStatusEvent.state, HotspotStatusEvent.at, HotspotStatusEvent.reported_until)
            .where(HotspotStatusEvent.hotspot_id == 5)
            .order_by(HotspotStatusEvent.at)
        ).all()
    assert [(state, str(at), str(until)) for state, at, until in rows] == [
        ("online", "2017-11-30 00:00:00", "2019-03-31 17:30:00"),
        ("offline", "2019-03-31 17:45:00", "2019-03-31 17:50:00"),
        ("offline", "2019-03-31 20:00:00", "2019-03-31 20:00:00"),
    ]


def test_two_imports_of_the_same_file_at_once_commit_once(engine: Engine) -> None:
    content = "hotspot_id,village_code,installed_on\n" + "".join(f"{100 + n},84010102,2018-01-01\n" for n in range(200))
    results: list[object] = []

    def run() -> None:
        try:
            results.append(import_file(engine, "hotspots", content.encode(), "h.csv", threading.current_thread().name))
        except Exception as error:
            results.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(getattr(result, "committed", result) for result in results) == [False, True]
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Hotspot)) == 5 + 200
    assert len(runs(engine)) == 1


def test_the_error_report_opens_in_excel_and_runs_no_formula(sqlite_engine: Engine) -> None:
    content = b"hotspot_id,village_code,installed_on\n=cmd|'/c calc'!A1,84010102,2018-01-01\n"
    report = plan_file(sqlite_engine, "hotspots", content, "h.csv").error_report_csv()
    assert report.startswith("\ufeff".encode())
    text = report.decode("utf-8-sig")
    assert "'=cmd" in text and "\n=cmd" not in text and ",=cmd" not in text
    assert "ไม่ใช่ตัวเลข" in text and "not a number" in text


def test_an_import_is_in_the_audit_trail_and_its_original_is_kept(sqlite_engine: Engine, tmp_path: Path) -> None:
    from store.audit.models import AuditEvent
    from store.imports.models import ImportRun

    result = import_file(sqlite_engine, "villages", VILLAGES.encode(), "v.csv", "somchai")
    with sqlite_engine.connect() as connection:
        event = connection.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target)).one()
        stored_path = connection.scalar(select(ImportRun.stored_path).where(ImportRun.id == result.run_id))
    assert tuple(event) == ("somchai", "import.villages", f"import_run:{result.run_id}")
    assert Path(stored_path).read_bytes() == VILLAGES.encode()
    assert Path(stored_path).parent == tmp_path / "imports"


def test_two_files_of_one_province_at_once_are_both_committed_one_after_the_other(engine: Engine) -> None:
    header = "hotspot_id,village_code,installed_on\n"
    first = header + "".join(f"{200 + n},84010102,2018-01-01\n" for n in range(100)) + "999,84010101,2018-01-01\n"
    second = header + "".join(f"{400 + n},84010101,2018-01-01\n" for n in range(100)) + "999,84010102,2018-02-01\n"
    results: list[object] = []

    def run(content: str) -> None:
        try:
            results.append(import_file(engine, "hotspots", content.encode(), "h.csv", "officer"))
        except Exception as error:
            results.append(error)

    threads = [threading.Thread(target=run, args=(content,)) for content in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    plans = [result.plan for result in results]  # type: ignore[attr-defined]
    # hotspot 999 is in both: the later import finds the earlier one's row and changes it
    assert sorted((plan.new, plan.changed) for plan in plans) == [(100, 1), (101, 0)]
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Hotspot)) == 5 + 201
    assert [status for _, status in runs(engine)] == ["committed", "committed"]
