"""The briefing-room display as a wall screen meets it: Debian's headless Chromium on /display/,
served by ``python app.py`` in a process of its own so that the server can really go away and
come back (the display must ride that out without a reload).

Console entries a deliberate outage legitimately causes, and only those, are filtered: the
browser's "Failed to load resource: net::ERR_CONNECTION_REFUSED" for ``_dash-update-component``
and for the display's own probe (``/display/_access``), and dash-renderer's "Callback failed: the server did
not respond." for the lost refresh.
Everything else (and those two while the server is up) fails the test.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import text

from store.core.access import Role
from store.core.db import make_engine
from store.core.privacy import mask_phone
from tests.databases import dashboard, replica_url
from tests.demo_fixture import copy_of_demo
from tests.signed_in import TEST_PASSWORD, ensure_account

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
OUTAGE_LOGS = (  # (where, what): both must be in the console message
    ("/display/_dash-update-component?", "Failed to load resource: net::ERR_CONNECTION_REFUSED"),
    ("/display/_access", "Failed to load resource: net::ERR_CONNECTION_REFUSED"),
    ("dash_renderer", "Error: Callback failed: the server did not respond."),
)


DISPLAY_PERSON = "wall@test.invalid"


class AppProcess:
    """``python app.py`` on a fixed port, so a restart comes back at the same address."""

    def __init__(self, database_url: str, log: Path) -> None:
        with socket.socket() as s:
            s.bind((HOST, 0))
            self.port = int(s.getsockname()[1])
        self.env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "HOST": HOST,
            "PORT": str(self.port),
            "DATABASE_URL": database_url,
            **({"DATABASE_READ_URL": read_url} if (read_url := replica_url(database_url)) else {}),
            "DISPLAY_MIN_REFRESH_S": "2",
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"app.py exited: see {self.log}"
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError("app.py did not answer /healthz")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture(scope="module")
def display_db(demo_template_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the demo database of this module's own (its URL): the refresh test edits it."""
    url = copy_of_demo(demo_template_url, tmp_path_factory.mktemp("display"))
    ensure_account(dashboard(url).server, DISPLAY_PERSON, Role.EXECUTIVE)
    return url


@pytest.fixture
def server(display_db: str, tmp_path: Path):
    app = AppProcess(display_db, tmp_path / "app.log")
    app.start()
    yield app
    app.stop()


def wait_for(dash_duo, condition, timeout=60):
    return WebDriverWait(dash_duo.driver, timeout, poll_frequency=0.2).until(lambda driver: condition())


def root_attr(dash_duo, name: str) -> str | None:
    return dash_duo.driver.execute_script(
        "const r = document.getElementById('display-root'); return r && r.getAttribute(arguments[0]);", name
    )


def open_display(dash_duo, server: AppProcess, query: str) -> None:
    """Sign in as a person (until the display's own tokens), then open the display."""
    dash_duo.driver.get(f"{server.base}/sign-in")
    dash_duo.wait_for_element("#email").send_keys(DISPLAY_PERSON)
    dash_duo.find_element("#password").send_keys(TEST_PASSWORD)
    dash_duo.find_element("#sign-in-submit").click()
    wait_for(dash_duo, lambda: "/sign-in" not in dash_duo.driver.current_url)
    dash_duo.driver.get(f"{server.base}/display/?{query}")
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-state") == "ok", timeout=90)


def visible_text(dash_duo, css: str) -> str:
    return dash_duo.driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css
    )


def personal_data(display_db: str, area: str) -> list[str]:
    """Names and phones of volunteers of ``area`` and of the first villages of the country; of the
    area's ticket reporters, with their tickets' descriptions; of the area's showcase authors,
    with the items' contact phones (masked too: the display shows no contact at all)."""
    like = {"area": f"{area}%"}
    with make_engine(display_db).connect() as db:
        volunteers = db.execute(
            text("SELECT full_name, phone FROM volunteers WHERE village_code LIKE :area OR id <= 20 LIMIT 400"), like
        ).all()
        reporters = db.execute(
            text(
                "SELECT v.full_name, v.phone, t.description_th FROM tickets t JOIN volunteers v"
                " ON v.id = t.reporter_volunteer_id WHERE t.village_code LIKE :area ORDER BY t.id DESC LIMIT 200"
            ),
            like,
        ).all()
        authors = db.execute(
            text(
                "SELECT v.full_name, v.phone FROM showcase_items s JOIN volunteers v ON v.id = s.volunteer_id"
                " WHERE s.village_code LIKE :area ORDER BY s.published_on DESC LIMIT 100"
            ),
            like,
        ).all()
        contacts = db.scalars(
            text(
                "SELECT contact_phone FROM showcase_items WHERE village_code LIKE :area AND contact_phone IS NOT NULL"
                " ORDER BY published_on DESC LIMIT 100"
            ),
            like,
        ).all()
    assert len(reporters) > 20 and len(authors) > 10 and len(contacts) > 10
    values = [value for row in (*volunteers, *reporters, *authors) for value in row]
    return [*values, *contacts, *map(mask_phone, contacts)]


def unexpected_logs(dash_duo) -> list[dict]:
    return [
        entry
        for entry in dash_duo.get_logs()
        if not any(where in entry["message"] and what in entry["message"] for where, what in OUTAGE_LOGS)
    ]


def test_views_rotate_in_order_with_the_dwell_time_and_no_personal_data(dash_duo, server, display_db):
    views = ["map-hotspot", "behind-training", "rollout", "tickets", "showcase", "map-volunteer"]
    open_display(dash_duo, server, f"views={','.join(views)},nonsense&dwell=5&area=84&lang=th&refresh=60")
    secrets = personal_data(display_db, "84")
    assert visible_text(dash_duo, "#display-area") == "สุราษฎร์ธานี"
    assert "พ.ศ." not in visible_text(dash_duo, "#display-clock")  # the clock: '21 พ.ย. 2569 14:05 น.'
    assert f" {time.gmtime().tm_year + 543} " in visible_text(dash_duo, "#display-clock")
    record_changes(dash_duo, "#display-root", "data-view")
    cycle = [*views, views[0]]

    def full_cycle() -> list[dict] | None:
        """The view changes from the first view back to it, once the browser has shown them all."""
        changes = recorded(dash_duo)
        shown = [change["value"] for change in changes]
        if views[0] not in shown:
            return None
        start = shown.index(views[0])
        return changes[start : start + len(cycle)] if len(shown) >= start + len(cycle) else None

    checked: set[str | None] = set()

    def each_view_is_clean() -> list[dict] | None:
        """Once per view shown: no personal data on the page and the "next" label; then the cycle."""
        view = root_attr(dash_duo, "data-view")
        if view not in checked:
            page = dash_duo.driver.page_source
            assert not [secret for secret in secrets if secret in page], f"personal data on {view}"
            assert visible_text(dash_duo, "#display-next").startswith("ถัดไป: ")
            checked.add(view)
        return full_cycle()

    changes = wait_for(dash_duo, each_view_is_clean, timeout=5 * 3 * len(cycle) + 30)
    assert [change["value"] for change in changes] == cycle
    dwell = [(later["at"] - earlier["at"]) / 1000 for earlier, later in itertools.pairwise(changes)]
    # timed by the browser's own clock; the first view of a fresh page may be cut short by the first refresh
    assert all(4.0 <= seconds <= 6.5 for seconds in dwell[1:]), dwell
    assert dash_duo.get_logs() == []


RECORD_CHANGES = """
const [selector, attribute, subtree] = arguments;
window.recordedChanges = [];
const target = document.querySelector(selector);
new MutationObserver((mutations) => {
  for (const mutation of mutations) {
    const value = mutation.target.getAttribute(attribute);
    const slide = mutation.target.getAttribute('data-slide');
    window.recordedChanges.push({value: value, slide: slide, at: performance.now()});
  }
}).observe(target, {attributes: true, attributeFilter: [attribute], subtree: subtree});
"""


def record_changes(dash_duo, selector: str, attribute: str, *, subtree: bool = False) -> None:
    """From now on the page records, with its own clock, every change of ``attribute`` under ``selector``."""
    dash_duo.driver.execute_script(RECORD_CHANGES, selector, attribute, subtree)


def recorded(dash_duo) -> list[dict]:
    """The recorded changes of a value (consecutive repeats of one value are one change)."""
    changes = dash_duo.driver.execute_script("return window.recordedChanges || [];")
    return [change for i, change in enumerate(changes) if i == 0 or changes[i - 1]["value"] != change["value"]]


def slides_shown(dash_duo) -> list[str]:
    """The showcase slides made active since recording began, in order (repeats of one slide once)."""
    changes = dash_duo.driver.execute_script("return window.recordedChanges || [];")
    shown = [change["slide"] for change in changes if change["value"] == "true" and change["slide"] is not None]
    return [slide for i, slide in enumerate(shown) if i == 0 or shown[i - 1] != slide]


def active_slide(dash_duo) -> dict | None:
    """The showcase slide on screen: its index, title, and whether its image has loaded."""
    return dash_duo.driver.execute_script(
        "const s = document.querySelector(\"section[data-view='showcase'] .spotlight-slide[data-active='true']\");"
        "if (!s) { return null; }"
        "const img = s.querySelector('img');"
        "return {index: s.getAttribute('data-slide'), title: s.querySelector('.spotlight-title').textContent,"
        " loaded: !!img && img.complete && img.naturalWidth > 0};"
    )


def test_tickets_and_showcase_views(dash_duo, server):
    open_display(dash_duo, server, "views=tickets,showcase&dwell=14&area=84&lang=en&refresh=60")
    tickets = "section[data-view='tickets']"
    wait_for(dash_duo, lambda: visible_text(dash_duo, f"{tickets} .backlog-list"))
    side = visible_text(dash_duo, f"{tickets} .display-side")
    for label in ("Not started", "In progress", "Overdue (SLA)", "Days to close", "Districts with the most open"):
        assert label in side
    assert (
        dash_duo.driver.execute_script(f'return document.querySelectorAll("{tickets} .backlog-list li").length') == 10
    )
    chart = dash_duo.driver.execute_script(
        f'const g = document.querySelector("{tickets} .js-plotly-plot");'
        "const labels = [...g.querySelectorAll('.annotation-text')].map(a => a.textContent);"
        "return {weeks: g.data[0].x.length, labels: labels};"
    )
    assert chart["weeks"] == 26 and len(chart["labels"]) == 2  # the last week's opened and closed, printed
    # the showcase: two slides per 14 s visit (7 s each), continuing from one visit to the next
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-view") == "showcase", timeout=20)
    record_changes(dash_duo, "section[data-view='showcase']", "data-active", subtree=True)
    wait_for(dash_duo, lambda: len(slides_shown(dash_duo)) >= 3, timeout=14 + 14 + 10)
    seen = [{"index": index} for index in slides_shown(dash_duo)]
    assert [slide["index"] for slide in seen][:3] == ["0", "1", "2"]
    wait_for(dash_duo, lambda: (active_slide(dash_duo) or {}).get("loaded"), timeout=10)
    assert "Surat Thani" in visible_text(dash_duo, "section[data-view='showcase'] .spotlight-slide")
    assert dash_duo.get_logs() == []


def provinces_trained(dash_duo) -> str:
    """The big number under "Provinces trained" of the roll-out view."""
    return dash_duo.driver.execute_script(
        "const h = document.querySelectorAll(\"section[data-view='rollout'] .panel-headline\");"
        "return h.length > 1 ? h[1].textContent : '';"
    )


def test_data_refreshes_after_a_change_in_the_database(dash_duo, server, display_db):
    open_display(dash_duo, server, "views=rollout&dwell=600&lang=en&refresh=3")
    wait_for(dash_duo, lambda: provinces_trained(dash_duo) == "77")
    assert "of 77 provinces" in visible_text(dash_duo, "section[data-view='rollout'] .display-side")
    with make_engine(display_db).begin() as db:  # a province's session is called off, and the change is recorded
        db.execute(text("UPDATE training_sessions SET status = 'cancelled' WHERE province_code = '84'"))
        db.execute(text("INSERT INTO data_changes (changed_at, what) VALUES (CURRENT_TIMESTAMP, 'test: 84 cancelled')"))
    try:
        wait_for(dash_duo, lambda: provinces_trained(dash_duo) == "76", timeout=45)
        # recomputing after a change may take longer than 2 x 3 s: the display may be stale meanwhile
        wait_for(dash_duo, lambda: root_attr(dash_duo, "data-state") == "ok", timeout=30)
        assert visible_text(dash_duo, "#display-updated").startswith("Updated ")
    finally:
        with make_engine(display_db).begin() as db:
            db.execute(text("UPDATE training_sessions SET status = 'scheduled' WHERE province_code = '84'"))
            db.execute(text("INSERT INTO data_changes (changed_at, what) VALUES (CURRENT_TIMESTAMP, 'test: restored')"))
    assert dash_duo.get_logs() == []


def test_display_survives_a_server_restart(dash_duo, server):
    open_display(dash_duo, server, "views=behind-hotspot,behind-volunteer&dwell=5&lang=en&refresh=3")
    table = "section[data-view='behind-hotspot'] .behind-table"
    rows_before = visible_text(dash_duo, table)
    assert rows_before
    # the page's fonts first: a font still in flight when the server stops fails with ERR_EMPTY_RESPONSE
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script("return document.fonts.status === 'loaded'"))
    server.stop()
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-state") == "stale", timeout=30)
    assert visible_text(dash_duo, ".display-stale-badge") == "STALE DATA"
    assert visible_text(dash_duo, table) == rows_before  # the last good picture stays
    rotation = root_attr(dash_duo, "data-view")
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-view") != rotation, timeout=10)  # and keeps rotating
    server.start()
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-state") == "ok", timeout=60)
    assert visible_text(dash_duo, table) == rows_before
    assert dash_duo.driver.execute_script("return performance.getEntriesByType('navigation').length") == 1
    assert unexpected_logs(dash_duo) == []


def strip_lines(dash_duo) -> int:
    """Lines the playlist strip takes: its height over one chip's (the strip has no padding)."""
    return dash_duo.driver.execute_script(
        "const strip = document.getElementById('display-playlist'), chip = strip.firstElementChild;"
        "return Math.round(strip.getBoundingClientRect().height / chip.getBoundingClientRect().height);"
    )


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_playlist_strip_is_one_line_on_a_full_hd_wall(dash_duo, server, lang):
    dash_duo.driver.set_window_size(1920, 1080)
    open_display(dash_duo, server, f"lang={lang}&dwell=5")  # the default playlist: all nine views
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script("return document.fonts.status === 'loaded'"))
    assert strip_lines(dash_duo) == 1
    assert dash_duo.driver.execute_script(  # the default playlist fits whole: no chip cut
        "return [...document.querySelectorAll('.display-chip')].every((chip) => chip.scrollWidth <= chip.clientWidth);"
    )
    longest = ",".join(["map-hotspot", "behind-hotspot", "map-volunteer", "behind-volunteer"] * 6)  # 24 views
    open_display(dash_duo, server, f"lang={lang}&dwell=5&views={longest}")
    assert len(dash_duo.driver.find_elements("css selector", ".display-chip")) == 24
    assert strip_lines(dash_duo) == 1  # its chips shrink (with an ellipsis) and stay on one line
    current = "document.querySelector(\".display-chip[data-current='true']\")"
    wait_for(dash_duo, lambda: dash_duo.driver.execute_script(f"return {current}.dataset.index") == "1")
    whole_and_on_screen = dash_duo.driver.execute_script(
        f"const chip = {current}, box = chip.getBoundingClientRect(),"
        " strip = document.getElementById('display-playlist').getBoundingClientRect();"
        " return chip.scrollWidth <= chip.clientWidth && box.left >= strip.left - 1 && box.right <= strip.right + 1;"
    )
    assert whole_and_on_screen  # the view on screen is named in full
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize(("lang", "sentence"), [("th", "ทุกจังหวัดครบ 100%"), ("en", "Every province at 100%")])
def test_when_every_province_is_at_100_percent_the_wall_says_so(dash_duo, server, lang, sentence):
    # volunteer coverage is complete in every province by the end of the data (31 Mar 2019)
    open_display(dash_duo, server, f"views=behind-volunteer,map-volunteer&dwell=5&lang={lang}&as_of=2019-03-31")
    behind = "section[data-view='behind-volunteer']"
    assert visible_text(dash_duo, f"{behind} .behind-all-done") == sentence
    assert not dash_duo.driver.find_elements("css selector", f"{behind} .behind-table")
    assert visible_text(dash_duo, "section[data-view='map-volunteer'] .behind-all-done") == sentence
    assert dash_duo.get_logs() == []
