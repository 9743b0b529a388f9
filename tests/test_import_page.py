"""The admin's import page as an admin uses it: upload, read the plan, download the error report,
confirm; the same file again; bad files; CSRF; and who may not use it at all."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from ingest.pipeline import detect_kind
from store.audit.models import AuditEvent
from store.core.access import Role
from store.core.db import make_engine
from store.coverage.models import Hotspot
from tests.databases import dashboard, new_database_url
from tests.ingest_helpers import data_changes, quarantined, snapshot
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
HOTSPOTS = b"hotspot_id,village_code,installed_on\n10,84010101,2018-01-05\n11,99999999,1/2/2561\n"
"""One new hotspot and one of a village nobody knows (refused, quarantined)."""
ADMIN = "boss@test.invalid"
ADMIN_ADDRESS = {"REMOTE_ADDR": "198.51.100.7"}


@pytest.fixture
def app_and_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Engine]]:
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    url = new_database_url(tmp_path, "small")
    build_small_database(url).dispose()
    engine = make_engine(url)
    yield dashboard(url).server, engine
    engine.dispose()


@pytest.fixture
def admin(app_and_engine: tuple[Any, Engine]) -> FlaskClient:
    return signed_in_client(app_and_engine[0], Role.ADMIN, email=ADMIN)


def csrf(client: FlaskClient) -> str:
    page = client.get("/admin/imports").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def upload(client: FlaskClient, content: bytes, name: str = "hotspots.csv", lang: str = "th", **form: str) -> Any:
    data = {"csrf_token": csrf(client), "kind": "detect", **form, "file": (io.BytesIO(content), name)}
    return client.post(f"/admin/imports?lang={lang}", data=data, content_type="multipart/form-data")


def token_of(page: str) -> str:
    return re.search(r"/admin/imports/([A-Za-z0-9_-]{32,64})/confirm", page).group(1)  # type: ignore[union-attr]


def count(page: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}">(\d+)<', page).group(1))  # type: ignore[union-attr]


@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.iterdir() if path.suffix != ".json"))
def test_each_example_file_is_detected_as_its_kind(example: str) -> None:
    assert detect_kind((EXAMPLES / example).read_bytes(), example) == example.split(".")[0]


def test_upload_plan_error_report_confirm(app_and_engine: tuple[Any, Engine], admin: FlaskClient) -> None:
    engine = app_and_engine[1]
    before, versions = snapshot(engine), data_changes(engine)
    answer = upload(admin, HOTSPOTS)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "แผนการนำเข้า" in page and "ตรวจพบจากหัวตาราง" in page  # Thai, the kind detected
    assert (count(page, "rows_in"), count(page, "new"), count(page, "rejected")) == (3 - 1, 1, 1)
    assert "ไม่มีหมู่บ้านรหัส 99999999 ในฐานข้อมูล" in page and "<td>3</td><td>village_code</td>" in page
    assert snapshot(engine) == before  # a plan writes nothing
    token = token_of(page)

    report = admin.get(f"/admin/imports/{token}/errors.csv")
    text = report.get_data().decode("utf-8")
    assert report.status_code == 200 and report.mimetype == "text/csv" and text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(row["line"], row["village_code"], row["installed_on"]) for row in rows] == [("3", "99999999", "1/2/2561")]
    assert rows[0]["reason"] == "no village 99999999 in the database" and rows[0]["เหตุผล"]

    done = admin.post(
        f"/admin/imports/{token}/confirm?lang=th", data={"csrf_token": csrf(admin)}, environ_base=ADMIN_ADDRESS
    )
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and "นำเข้าแล้ว: ครั้งที่" in page and 'id="import-map-link" href="/?lang=th"' in page
    assert data_changes(engine) == versions + 1  # the data version moved: every view's caches drop
    assert quarantined(engine) == 1
    with engine.connect() as connection:
        assert connection.scalar(select(Hotspot.village_code).where(Hotspot.id == 10)) == "84010101"
        audit = connection.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.remote_addr)).all()
    assert (ADMIN, "import.hotspots", "198.51.100.7") in [tuple(row) for row in audit]  # who, and from where
    runs = admin.get("/admin/imports").get_data(as_text=True)
    assert re.search(rf"<td>{ADMIN}</td><td>file</td><td>จุดบริการ WiFi</td>\s*<td>hotspots.csv</td>", runs)
    assert admin.post(f"/admin/imports/{token}/confirm", data={"csrf_token": csrf(admin)}).status_code == 404  # once


def test_the_same_file_again_is_said_to_be_imported_already(admin: FlaskClient) -> None:
    admin.post(f"/admin/imports/{token_of(upload(admin, HOTSPOTS).get_data(as_text=True))}/confirm",
               data={"csrf_token": csrf(admin)})  # fmt: skip
    page = upload(admin, HOTSPOTS, name="renamed.csv", lang="en").get_data(as_text=True)
    assert "This file was already imported (same sha256): run 1" in page and ADMIN in page
    assert 'id="import-confirm"' not in page


def test_the_plan_speaks_english_by_the_switch(admin: FlaskClient) -> None:
    page = upload(admin, HOTSPOTS, lang="en").get_data(as_text=True)
    assert "Import plan (nothing written yet)" in page and "no village 99999999 in the database" in page


def test_quarantined_rows_are_tried_again_from_the_page(admin: FlaskClient, app_and_engine: tuple[Any, Engine]) -> None:
    _, engine = app_and_engine
    admin.post(f"/admin/imports/{token_of(upload(admin, HOTSPOTS).get_data(as_text=True))}/confirm",
               data={"csrf_token": csrf(admin)})  # fmt: skip
    page = admin.get("/admin/imports?lang=en").get_data(as_text=True)
    assert "Re-try quarantined rows: hotspots (1)" in page
    retried = admin.post(
        "/admin/imports/retry/hotspots?lang=en", data={"csrf_token": csrf(admin)}, environ_base=ADMIN_ADDRESS
    )
    assert retried.status_code == 200 and "1 still held" in retried.get_data(as_text=True)
    with engine.connect() as connection:
        addresses = connection.scalars(
            select(AuditEvent.remote_addr).where(AuditEvent.action == "import.hotspots.retry")
        )
        assert list(addresses) == ["198.51.100.7"]
    assert quarantined(engine) == 1
    assert admin.post("/admin/imports/retry/villages", data={"csrf_token": csrf(admin)}).status_code == 400


@pytest.mark.parametrize(
    ("content", "name", "form", "status", "message"),
    [
        (b"", "empty.csv", {}, 400, "ไฟล์ว่างเปล่า"),
        (b"code,moo,name_th,lat,lon\n84010109,9,x,9.1,99.3\n", "v.csv", {"kind": "hotspots"}, 400, "ดูเหมือนเป็นข้อมูล"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\xff\xfe\xfd", "map.png", {}, 400, "อ่านรหัสอักขระ"),
        (b"colour,size\nred,3\n", "other.csv", {}, 400, "ไม่ทราบว่าไฟล์นี้เป็นข้อมูลชนิดใด"),
        (HOTSPOTS, "h.csv", {"kind": "nonsense"}, 400, "ไม่รู้จักชนิดข้อมูล"),
        (HOTSPOTS, "h.csv", {"replace_province": "8x"}, 400, "ไม่รู้จักจังหวัด"),
        (HOTSPOTS, "h.csv", {"replace_province": "84"}, 400, "ใช้ได้กับหมู่บ้านเท่านั้น"),
        (b"hotspot_id,village_code,installed_on\n", "header.csv", {}, 400, "ไม่มีข้อมูล"),
    ],
)
def test_bad_files_get_a_clear_message_a_4xx_and_change_nothing(
    app_and_engine: tuple[Any, Engine],
    admin: FlaskClient,
    content: bytes,
    name: str,
    form: dict,
    status: int,
    message: str,
) -> None:
    _, engine = app_and_engine
    before = snapshot(engine)
    answer = upload(admin, content, name, **form)
    assert answer.status_code == status and message in answer.get_data(as_text=True)
    assert 'id="import-confirm"' not in answer.get_data(as_text=True)
    assert snapshot(engine) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    admin: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORT_MAX_BYTES", "200000")
    answer = upload(admin, HOTSPOTS + b"12,84010101,2018-01-05\n" * 20_000, lang="en")
    assert answer.status_code == 413 and "over the limit of 0.2 MB" in answer.get_data(as_text=True)
    without_a_file = admin.post("/admin/imports", data={"csrf_token": csrf(admin)}, content_type="multipart/form-data")
    assert without_a_file.status_code == 400 and "กรุณาเลือกไฟล์ก่อน" in without_a_file.get_data(as_text=True)


def test_csrf_is_required_and_a_confirmation_belongs_to_its_uploader(
    app_and_engine: tuple[Any, Engine], admin: FlaskClient
) -> None:
    server, engine = app_and_engine
    before = snapshot(engine)
    forged = admin.post(
        "/admin/imports", data={"file": (io.BytesIO(HOTSPOTS), "h.csv")}, content_type="multipart/form-data"
    )
    assert forged.status_code == 400
    token = token_of(upload(admin, HOTSPOTS).get_data(as_text=True))
    assert admin.post(f"/admin/imports/{token}/confirm").status_code == 400  # no CSRF token
    other = signed_in_client(server, Role.ADMIN, email="other-admin@test.invalid")
    assert other.post(f"/admin/imports/{token}/confirm", data={"csrf_token": csrf(other)}).status_code == 404
    assert other.get(f"/admin/imports/{token}/errors.csv").status_code == 404
    for forged_token in ("short", "x" * 40, "..." * 12):  # a token is never a path (no slash reaches it)
        assert admin.post(f"/admin/imports/{forged_token}/confirm", data={"csrf_token": csrf(admin)}).status_code == 404
    assert snapshot(engine) == before


@pytest.mark.parametrize("role", [Role.OFFICER, Role.EXECUTIVE])
def test_officers_and_executives_are_refused(app_and_engine: tuple[Any, Engine], role: Role) -> None:
    server = app_and_engine[0]
    person = signed_in_client(server, role, ("84",) if role is Role.OFFICER else ())
    assert person.get("/admin/imports").status_code == 403
    data = {"file": (io.BytesIO(HOTSPOTS), "h.csv")}
    assert person.post("/admin/imports", data=data, content_type="multipart/form-data").status_code == 403
    assert person.post("/admin/imports/retry/hotspots").status_code == 403
    assert 'id="admin-nav-imports"' not in person.get("/account").get_data(as_text=True)
    assert 'id="account-imports"' not in person.get("/account").get_data(as_text=True)
    anonymous = server.test_client()
    assert anonymous.get("/admin/imports").headers["Location"].startswith("/sign-in?next=")
    assert anonymous.post("/admin/imports").status_code == 401


def test_an_excel_workbook_is_planned_like_a_csv(admin: FlaskClient) -> None:
    workbook = (EXAMPLES / "training_sessions.xlsx").read_bytes()
    page = upload(admin, workbook, "training_sessions.xlsx", lang="en").get_data(as_text=True)
    assert "Import plan (nothing written yet): training sessions" in page and "detected from the header" in page
    assert count(page, "rows_in") == 2 and count(page, "rejected") == 0 and 'id="import-confirm"' in page


def test_replacing_a_province_list_is_shown_in_the_plan(admin: FlaskClient) -> None:
    villages = "code,moo,name_th,lat,lon\n84010101,1,บ้านหนองบัว,9.14,99.33\n".encode()
    page = upload(admin, villages, "84.csv", lang="en", kind="villages", replace_province="84").get_data(as_text=True)
    assert "Replacing province 84&#39;s list: 0 villages not in the file will be deleted" in page
    assert "2 villages not in the file are kept" in page and "84010102, 84020101" in page


def test_a_file_over_the_pages_request_limit_but_within_the_import_limit_is_planned(admin: FlaskClient) -> None:
    rows = b"hotspot_id,village_code,installed_on,note\n" + b"12,84010101,2018-01-05,%s\n" % (b"x" * 60) * 20_000
    assert len(rows) > 1024 * 1024  # over MAX_REQUEST_BYTES, the limit of every other page
    page = upload(admin, rows, "big.csv", lang="en").get_data(as_text=True)
    assert count(page, "rows_in") == 20_000 and count(page, "new") == 1 and count(page, "rejected") == 19_999
