"""The ticket figures on the map page and the ticket table (/tickets/) as a provincial officer uses
them, in Debian's Chromium, on the full demo database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from store.core.access import Role
from tests.browser.measure import cut_cells
from tests.browser.sign_in import start_signed_in
from tests.databases import dashboard

pytestmark = pytest.mark.browser

LATEST = "2019-03-31"


@pytest.fixture
def page(dash_duo, demo_database_url):
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.OFFICER, ("84",))
    dash_duo.driver.set_window_size(1600, 1000)
    return dash_duo


def wait_for(dash_duo, condition, timeout=30):
    """Wait until ``condition()`` holds; the grid re-renders its rows, so a stale row only means "not yet"."""
    wait = WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=(StaleElementReferenceException,))
    return wait.until(lambda driver: condition())


def click(dash_duo, element) -> None:
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def fetched(dash_duo) -> list[str]:
    """Every URL the page has fetched (Resource Timing)."""
    return dash_duo.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")


def count(dash_duo, status: str) -> int:
    text = dash_duo.find_element(f"#tickets-count-{status}").text
    return int(text.split()[-1].replace(",", ""))


def grid_rows(dash_duo):
    return dash_duo.driver.find_elements(By.CSS_SELECTOR, "#tickets-grid .ag-center-cols-container .ag-row")


def open_tickets_tab(dash_duo) -> None:
    tab = wait_for(
        dash_duo,
        lambda: next(
            (a for a in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".nav-link") if a.text == "เรื่องแจ้งปัญหา"), None
        ),
    )
    click(dash_duo, tab)
    wait_for(dash_duo, lambda: dash_duo.find_element("#tickets-summary").is_displayed())


def test_officer_works_an_open_outage_and_sees_the_count_change(page):
    # the country map, then the province from the whole ranking
    page.driver.get(f"{page.server_url}/?as_of={LATEST}")
    show_all = wait_for(page, lambda: page.driver.find_elements(By.XPATH, "//button[starts-with(., 'แสดงทั้งหมด')]"))
    click(page, show_all[0])
    link = wait_for(
        page,
        lambda: next(
            (a for a in page.driver.find_elements(By.CSS_SELECTOR, "#ranking a") if a.text == "สุราษฎร์ธานี"), None
        ),
    )
    click(page, link)
    page.wait_for_text_to_equal("#crumb-84", "สุราษฎร์ธานี")
    # the tab's light figures: counts, the weekly chart and the districts by open backlog
    open_tickets_tab(page)
    wait_for(page, lambda: "สุราษฎร์ธานี" in page.find_element("#tickets-heading").text)
    wait_for(page, lambda: page.driver.find_elements(By.CSS_SELECTOR, "#tickets-backlog tbody tr"))
    assert page.driver.find_elements(By.CSS_SELECTOR, "#tickets-flow .js-plotly-plot")
    on_map = count(page, "not_started"), count(page, "in_progress")
    # the map page never loads the data grid library, not even with the Tickets tab open
    assert not [url for url in fetched(page) if "dash_ag_grid" in url or "async-community" in url]
    assert page.get_logs() == []
    # the ticket table of the same province
    table_link = page.find_element("#tickets-open-table")
    assert table_link.text == "เปิดตารางเรื่องแจ้ง"
    click(page, table_link)
    wait_for(page, lambda: "/tickets/?area=84" in page.driver.current_url)
    wait_for(page, lambda: "สุราษฎร์ธานี" in page.find_element("#tickets-heading").text)
    assert "/?area=84&" in page.find_element("#crumb-84 a").get_attribute("href")  # back to the map
    assert (count(page, "not_started"), count(page, "in_progress")) == on_map
    # filter to outages not started yet
    for status in ("in_progress", "done"):
        page.find_element(f"#tickets-status input[value='{status}']").click()
    for category in ("slow", "equipment", "login", "request", "other"):
        page.find_element(f"#tickets-category input[value='{category}']").click()
    wait_for(
        page,
        lambda: (
            grid_rows(page) and all("ยังไม่ดำเนินการ" in row.text and "สัญญาณขาด" in row.text for row in grid_rows(page))
        ),
    )
    before = count(page, "not_started"), count(page, "in_progress")
    first = grid_rows(page)[0]
    ticket_id = first.find_element(By.CSS_SELECTOR, "[col-id='id']").text
    first.find_element(By.CSS_SELECTOR, "[col-id='id']").click()
    # the detail: its history, the link to its village on the map, and the form
    page.wait_for_text_to_equal("#tickets-modal-title", f"เรื่องแจ้งปัญหาเลขที่ {ticket_id}")
    assert "แจ้งเรื่อง" in page.find_element("#tickets-modal-body").text
    assert "/?area=84" in page.find_element("#tickets-show-on-map").get_attribute("href")
    page.driver.execute_script(
        "const s = document.getElementById('tickets-new-status');"
        "const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;"
        "set.call(s, 'in_progress'); s.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    page.find_element("#tickets-note").send_keys("ส่งช่างทีโอทีเข้าพื้นที่แล้ว")
    page.find_element("#tickets-save").click()
    page.wait_for_text_to_equal("#tickets-save-result", "บันทึกแล้ว: แสดงข้อมูลล่าสุด")
    wait_for(page, lambda: "ส่งช่างทีโอทีเข้าพื้นที่แล้ว" in page.find_element("#tickets-modal-body").text)
    assert "officer84@test.invalid" in page.find_element("#tickets-modal-body").text  # the account, not a typed name
    wait_for(page, lambda: (count(page, "not_started"), count(page, "in_progress")) == (before[0] - 1, before[1] + 1))
    # the ticket has left the table of not-started outages
    wait_for(
        page,
        lambda: (
            grid_rows(page)
            and ticket_id not in [row.find_element(By.CSS_SELECTOR, "[col-id='id']").text for row in grid_rows(page)]
        ),
    )
    assert [url for url in fetched(page) if "/tickets/_dash-component-suites/dash_ag_grid/" in url]
    assert page.get_logs() == []


def test_download_the_ticket_table_as_csv(page):
    page.driver.get(f"{page.server_url}/tickets/?area=8405&as_of=2019-02-01")
    wait_for(page, lambda: grid_rows(page))
    wait_for(page, lambda: "ทั้งหมด" in page.find_element("#tickets-summary").text)  # the page stops moving
    # Thai cells in our Thai font (the grid's own theme font has no Thai glyphs), Thai date hints
    cell_font = page.driver.execute_script("return getComputedStyle(document.querySelector('.ag-cell')).fontFamily")
    assert cell_font.startswith("Sarabun")
    assert page.find_element("#tickets-dates").get_attribute("placeholder") == "แจ้งตั้งแต่วันที่"
    wait_for(page, lambda: "district=8405" in page.find_element("#tickets-export-csv").get_attribute("href"))
    click(page, page.find_element("#tickets-export-csv"))
    folder = Path(page.download_path)
    # Chromium writes into a .crdownload file and gives it its name once complete
    wait_for(page, lambda: list(folder.glob("tickets-8405-2019-02-01.csv")) and not list(folder.glob("*.crdownload")))
    data = (folder / "tickets-8405-2019-02-01.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel shows Thai
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and list(rows[0])[:3] == ["เลขที่", "วันที่แจ้ง", "สถานะ"]
    assert {row["จังหวัด"] for row in rows} == {"สุราษฎร์ธานี"}
    assert all(row["หมู่บ้าน (รหัส)"].startswith("8405") for row in rows)
    shown = page.find_element("#tickets-summary").text
    assert f"ทั้งหมด {len(rows):,} เรื่อง" in shown
    assert page.get_logs() == []


def test_export_the_ticket_table_as_xlsx_with_progress(page):
    """The XLSX is built by a worker: the page shows its progress, then a link to the file."""
    page.driver.get(f"{page.server_url}/tickets/?area=84&as_of=2019-02-01&lang=en")
    wait_for(page, lambda: " tickets" in page.find_element("#tickets-summary").text)
    click(page, page.find_element("#tickets-export-xlsx"))
    wait_for(page, lambda: page.find_element("#export-status").text.startswith(("Waiting", "Building", "Ready")))
    link = wait_for(page, lambda: page.driver.find_elements(By.CSS_SELECTOR, "#export-file"), timeout=120)[0]
    assert link.text == "tickets-84-2019-02-01.xlsx" and "/api/v1/exports/jobs/" in link.get_attribute("href")
    click(page, link)
    folder = Path(page.download_path)
    wait_for(page, lambda: list(folder.glob(link.text)) and not list(folder.glob("*.crdownload")))
    sheet = load_workbook(folder / link.text, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Reported", "Status")
    assert {row[10] for row in rows[1:]} == {"Surat Thani"}
    shown = page.find_element("#tickets-summary").text
    assert f"{len(rows) - 1:,} tickets" in shown
    assert page.get_logs() == []


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("width", [1366, 1920])
def test_the_grid_fills_its_width_and_cuts_no_known_text(page, lang, width):
    """Dates, statuses, categories and agencies are shown whole; the title and the village share
    the rest of the width (their full text in a tooltip), and nothing is left empty on the right."""
    page.driver.set_window_size(width, 1000)
    page.driver.get(f"{page.server_url}/tickets/?area=84&lang={lang}")
    wait_for(page, lambda: len(grid_rows(page)) > 10)
    wait_for(page, lambda: page.driver.execute_script("return document.fonts.status === 'loaded'"))
    cells = "#tickets-grid .ag-center-cols-container .ag-cell, #tickets-grid .ag-header-cell-text"
    assert cut_cells(page.driver, cells, free_text_columns=("title_th", "village_code")) == []
    viewport, columns = page.driver.execute_script(
        "const grid = document.getElementById('tickets-grid');"
        "return [grid.querySelector('.ag-center-cols-viewport').clientWidth,"
        " grid.querySelector('.ag-center-cols-container').scrollWidth];"
    )
    assert columns >= viewport - 1  # the columns reach the right edge
    assert page.get_logs() == []


def test_the_status_change_form_has_labels(page):
    page.driver.get(f"{page.server_url}/tickets/?area=84&lang=en")
    wait_for(page, lambda: grid_rows(page) and grid_rows(page)[0].find_element(By.CSS_SELECTOR, "[col-id='id']").text)
    grid_rows(page)[0].find_element(By.CSS_SELECTOR, "[col-id='id']").click()
    page.wait_for_element("#tickets-modal-body .badge")
    labels = page.driver.execute_script(
        "return ['tickets-new-status', 'tickets-note'].map("
        "(id) => [...document.getElementById(id).labels].map((label) => label.textContent));"
    )
    assert labels == [["New status"], ["Note"]]
    page.find_element("label[for='tickets-note']").click()  # a click on a label focuses its field
    assert page.driver.switch_to.active_element.get_attribute("id") == "tickets-note"
    assert page.get_logs() == []
