"""The showcase as a user meets it, and the map downloaded as HTML and opened with the network cut off."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import text

from exports.html_map import external_assets
from store.core.access import Role
from store.core.db import make_engine
from store.core.privacy import mask_phone
from tests.browser.measure import placeholder_overflow_px
from tests.browser.sign_in import start_signed_in
from tests.databases import dashboard

pytestmark = pytest.mark.browser

VILLAGES_OF_SURAT_THANI = 395
LEAFLET_READY = "return typeof L === 'object' && !!document.querySelector('.leaflet-container');"
COUNT_CIRCLES = """
const map = Object.keys(window).filter((key) => key.startsWith('map_')).map((key) => window[key])[0];
let circles = 0;
map.eachLayer((layer) => { if (layer instanceof L.CircleMarker) circles += 1; });
return circles;
"""

THAI_WORD = "มัดหมี่"
"""Inside titles such as "ผ้าไหมมัดหมี่บ้านหนองบัว": no spaces around it."""


@pytest.fixture
def page(dash_duo, showcase_database_url):
    dash_duo.driver.set_window_size(1400, 1000)  # wide: map and right column side by side, as on a desk
    start_signed_in(dash_duo, dashboard(showcase_database_url), Role.EXECUTIVE)
    return dash_duo


def wait_for(dash_duo, condition, timeout=30):
    return WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda driver: condition()
    )


def cards(dash_duo):
    return dash_duo.driver.find_elements(By.CSS_SELECTOR, "#showcase-cards .showcase-card")


def click(dash_duo, element):
    """Scroll the element to the middle of the window first: the page is long on a small window."""
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def open_showcase_tab(dash_duo):
    tab = wait_for(
        dash_duo,
        lambda: next(
            (a for a in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".nav-link") if a.text == "ของดีหมู่บ้าน"), None
        ),
    )
    click(dash_duo, tab)
    wait_for(dash_duo, lambda: len(cards(dash_duo)) > 0)


def title_of(card) -> str:
    return card.find_element(By.CSS_SELECTOR, ".showcase-title").text


def phones_by_title(database_url: str, word: str, province: str) -> dict[str, str]:
    """The contact phone of each published item of a province whose title holds ``word``."""
    query = text(
        "SELECT title_th, contact_phone FROM showcase_items "
        "WHERE province_code = :province AND title_th LIKE :pattern AND contact_phone IS NOT NULL"
    )
    with make_engine(database_url).connect() as connection:
        rows = connection.execute(query, {"province": province, "pattern": f"%{word}%"}).all()
    return {title: phone for title, phone in rows}


def test_search_a_thai_word_and_open_an_item(page, showcase_database_url):
    page.wait_for_page(url=f"{page.server_url}/?area=84")
    open_showcase_tab(page)
    everything = page.find_element("#showcase-count").text
    search = page.find_element("#showcase-search")
    search.send_keys(THAI_WORD)
    wait_for(page, lambda: page.find_element("#showcase-count").text != everything)
    titles = [card.find_element(By.CSS_SELECTOR, ".showcase-title").text for card in cards(page)]
    assert titles and all(THAI_WORD in title for title in titles), titles
    assert all(card.find_element(By.CSS_SELECTOR, "img").get_attribute("naturalWidth") != "0" for card in cards(page))
    phones = phones_by_title(showcase_database_url, THAI_WORD, "84")
    with_contact = next(
        card for card in cards(page) if card.find_element(By.CSS_SELECTOR, ".showcase-title").text in phones
    )
    phone = phones[with_contact.find_element(By.CSS_SELECTOR, ".showcase-title").text]
    click(page, with_contact)
    page.wait_for_contains_text("#showcase-modal-title", THAI_WORD)
    page.wait_for_element("#showcase-modal-body .showcase-text")
    body = page.find_element("#showcase-modal-body").text
    assert "บาท" in body
    assert f"ติดต่อ: {mask_phone(phone)} (ปกปิดข้อมูลส่วนบุคคล)" in body  # the contact, shown masked
    assert phone not in body and phone[-4:] not in body
    assert page.get_logs() == []


def test_kind_filter_in_english(page):
    page.wait_for_page(url=f"{page.server_url}/?area=84&lang=en")
    tab = wait_for(
        page,
        lambda: next(
            (a for a in page.driver.find_elements(By.CSS_SELECTOR, ".nav-link") if a.text == "Showcase"), None
        ),
    )
    click(page, tab)
    wait_for(page, lambda: len(cards(page)) > 0)
    click(page, page.driver.find_element(By.XPATH, "//label[text()='Homestays']"))
    wait_for(page, lambda: cards(page) and all("Homestays" in card.text for card in cards(page)))
    assert page.get_logs() == []


def test_download_the_map_and_open_it_offline(page, tmp_path):
    page.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    page.wait_for_page(url=f"{page.server_url}/?area=84&metric=volunteer")
    page.wait_for_text_to_equal("#map-download-html", "ดาวน์โหลดแผนที่ (HTML)")
    click(page, page.find_element("#map-download-html"))
    files = wait_for(page, lambda: [p for p in tmp_path.glob("*.html")], timeout=60)
    downloaded: Path = files[0]
    assert downloaded.name == "netpracharat-map-84-volunteer-2019-02-01.html"
    html = downloaded.read_text(encoding="utf-8")
    assert external_assets(html) == [] and "มีอาสาสมัคร" in html and 'id="map-legend"' in html
    assert page.get_logs() == []

    driver = page.driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    try:
        driver.get(downloaded.as_uri())
        wait_for(page, lambda: driver.execute_script(LEAFLET_READY))
        # every village of Surat Thani drawn as a circle marker, on the canvas of the overlay pane
        assert wait_for(page, lambda: driver.execute_script(COUNT_CIRCLES)) == VILLAGES_OF_SURAT_THANI
        assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-overlay-pane canvas")
        legend = driver.find_element(By.ID, "map-legend").text
        assert "ความครอบคลุมอาสาสมัคร" in legend and "มีอาสาสมัคร" in legend
        assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers")
        shot = driver.get_screenshot_as_png()
        assert len(base64.b64encode(shot)) > 1000
    finally:
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )


@pytest.mark.parametrize(("lang", "tab_name"), [("th", "ของดีหมู่บ้าน"), ("en", "Showcase")])
def test_the_search_hint_is_shown_whole(page, lang, tab_name):
    page.wait_for_page(url=f"{page.server_url}/?area=84&lang={lang}")
    tab = wait_for(
        page,
        lambda: next((a for a in page.driver.find_elements(By.CSS_SELECTOR, ".nav-link") if a.text == tab_name), None),
    )
    click(page, tab)
    wait_for(page, lambda: page.find_element("#showcase-search").get_attribute("placeholder"))
    wait_for(page, lambda: page.driver.execute_script("return document.fonts.status === 'loaded'"))
    assert placeholder_overflow_px(page.driver, "#showcase-search") < 0
    assert page.get_logs() == []
