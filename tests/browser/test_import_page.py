"""The import page in the browser: an admin uploads a hand-made villages file, reads the plan in Thai,
downloads the error report, confirms, and finds the new villages on the map; an officer never sees
the page nor a link to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.core.access import Role
from tests.browser.sign_in import start_signed_in
from tests.browser.test_map_page import wait_for
from tests.databases import dashboard
from tests.demo_fixture import copy_of_demo

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "villages.csv"
SWAPPED = "84010107,7,บ้านสลับพิกัด,Ban Salap,ตลาด,เมืองสุราษฎร์ธานี,สุราษฎร์ธานี,99.33,9.13\n"
"""A row whose latitude and longitude were typed the wrong way round: refused, with its reason."""
NEW_VILLAGE = "84010105"
FETCH_REPORT = """  // the file as it is downloaded, its byte-order mark kept
const done = arguments[arguments.length - 1];
fetch(document.querySelector('#import-error-report').href)
  .then((answer) => answer.arrayBuffer())
  .then((bytes) => done(new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes)));
"""


@pytest.fixture
def import_database(demo_template_url: str, tmp_path: Path) -> str:
    """A copy of the demo database of its own: the import must not change what other tests read."""
    return copy_of_demo(demo_template_url, tmp_path)


def villages_in_surat_thani(dash_duo) -> int:
    dash_duo.driver.get(f"{dash_duo.server_url}/?area=84&lang=th")
    wait_for(dash_duo, lambda: dash_duo.find_element("#kpi-villages").text.replace(",", "").isdigit())
    return int(dash_duo.find_element("#kpi-villages").text.replace(",", ""))


def test_an_admin_imports_a_file_and_sees_the_map_change(
    dash_duo, import_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    upload = tmp_path / "villages-84.csv"
    upload.write_text(EXAMPLE.read_text(encoding="utf-8") + SWAPPED, encoding="utf-8")
    start_signed_in(dash_duo, dashboard(import_database), Role.ADMIN)
    dash_duo.driver.set_window_size(1280, 1000)  # an admin's desk
    before = villages_in_surat_thani(dash_duo)

    dash_duo.driver.get(f"{dash_duo.server_url}/account")
    dash_duo.wait_for_element("#account-imports").click()
    dash_duo.wait_for_element("#import-file").send_keys(str(upload))
    dash_duo.find_element("#import-preview").click()
    plan = dash_duo.wait_for_element("#import-plan").text
    assert "แผนการนำเข้า (ยังไม่ได้บันทึก): หมู่บ้าน" in plan and "ตรวจพบจากหัวตาราง" in plan
    assert dash_duo.find_element("[data-count='new']").text == "2"
    assert dash_duo.find_element("[data-count='rejected']").text == "1"
    assert "ละติจูดและลองจิจูดสลับกัน" in dash_duo.find_element("#import-rejected").text

    report = dash_duo.driver.execute_async_script(FETCH_REPORT)
    assert report.startswith("\ufeff") and "reason" in report.splitlines()[0]
    assert "latitude and longitude are swapped" in report and "บ้านสลับพิกัด" in report

    dash_duo.find_element("#import-confirm").click()
    assert "นำเข้าแล้ว" in dash_duo.wait_for_element("#import-result").text
    dash_duo.find_element("#import-map-link").click()
    dash_duo.wait_for_element("#map .js-plotly-plot", timeout=30)
    assert villages_in_surat_thani(dash_duo) == before + 2
    dash_duo.driver.get(f"{dash_duo.server_url}/?area={NEW_VILLAGE}&lang=th")
    wait_for(dash_duo, lambda: "บ้านคลองน้อย" in dash_duo.find_element("#village-detail").text)
    assert dash_duo.get_logs() == []


def test_an_officer_sees_no_import_page_nor_link(dash_duo, demo_database_url: str) -> None:
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.OFFICER, ("84",))
    dash_duo.driver.get(f"{dash_duo.server_url}/account")
    dash_duo.wait_for_element("#account-page")
    assert not dash_duo.driver.find_elements("css selector", "#account-imports, #admin-nav-imports")
    dash_duo.driver.get(f"{dash_duo.server_url}/admin/imports")
    wait_for(dash_duo, lambda: "the admin pages are for admins" in dash_duo.find_element("body").text)
    assert not dash_duo.driver.find_elements("css selector", "#import-upload")
