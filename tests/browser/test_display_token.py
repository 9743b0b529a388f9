"""A wall display on a token, as a room meets it: the admin's link once, then the show runs on its
cookie with no sign-in; revoking the token lays the message over the last picture, and a reload
shows the message alone (never a sign-in form).

After the revocation, the refused refresh (and dash-renderer's report of it) and the refused probe
are the only console entries allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auth.machine import DISPLAY_COOKIE
from store.core.access import Principal, Role
from store.core.db import make_engine, make_session_factory
from store.tokens.registry import TokenRegistry
from tests.browser.test_display import AppProcess, root_attr, visible_text, wait_for
from tests.demo_fixture import copy_of_demo

ADMIN = Principal(kind="person", account="admin@example.go.th", role=Role.ADMIN, account_id=1)
SHOW = "views=map-hotspot,behind-training,rollout&dwell=5&refresh=2&area=84"
REFUSED_LOGS = (  # (where, what): the refused refresh, dash-renderer's report of it, the refused probe
    ("/display/_dash-update-component?", "status of 403 (FORBIDDEN)"),
    ("dash_renderer", "Object"),
    ("/display/_access", "status of 401 (UNAUTHORIZED)"),
)


@pytest.fixture
def database(demo_template_url: str, tmp_path: Path) -> str:
    return copy_of_demo(demo_template_url, tmp_path)


@pytest.fixture
def server(database: str, tmp_path: Path):
    app = AppProcess(database, tmp_path / "app.log")
    app.start()
    yield app
    app.stop()


def has_sign_in_form(dash_duo) -> bool:
    return dash_duo.driver.execute_script("return !!document.querySelector('form, input[type=password]');")


def test_a_display_token_runs_the_show_and_its_revocation_shows_the_message(dash_duo, server, database):
    registry = TokenRegistry(make_session_factory(make_engine(database)))
    issued = registry.create("display", "ห้องประชุมจังหวัด", actor=ADMIN)
    dash_duo.driver.get(f"{server.base}/display/?display_token={issued.secret}&{SHOW}")
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-state") == "ok", timeout=90)

    assert "display_token" not in dash_duo.driver.current_url
    assert dash_duo.driver.current_url.endswith(f"/display/?{SHOW}")
    [cookie] = [c for c in dash_duo.driver.get_cookies() if c["name"] == DISPLAY_COOKIE]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    seen = []
    wait_for(dash_duo, lambda: seen.append(root_attr(dash_duo, "data-view")) or len(set(seen)) == 3, timeout=40)
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-view") == "map-hotspot", timeout=20)  # round again
    assert not has_sign_in_form(dash_duo)
    assert root_attr(dash_duo, "data-access") is None
    assert registry.token(issued.token.id).last_used_at is not None
    assert dash_duo.get_logs() == []

    behind = "section[data-view='behind-training'] .display-behind"
    picture = visible_text(dash_duo, behind)
    assert picture
    registry.revoke(issued.token.id, actor=ADMIN)
    wait_for(dash_duo, lambda: root_attr(dash_duo, "data-access") == "refused", timeout=30)
    assert "ถูกเพิกถอน" in visible_text(dash_duo, "#display-refused-th")
    assert (
        visible_text(dash_duo, "#display-refused-en")
        == "This screen's access was revoked: ask an admin for a new link."
    )
    assert dash_duo.driver.find_element("id", "display-refused").is_displayed()
    assert visible_text(dash_duo, behind) == picture  # the last picture stays under the message
    assert not has_sign_in_form(dash_duo)
    unexpected = [
        entry
        for entry in dash_duo.get_logs()
        if not any(where in entry["message"] and what in entry["message"] for where, what in REFUSED_LOGS)
    ]
    assert unexpected == []

    dash_duo.driver.refresh()
    wait_for(dash_duo, lambda: visible_text(dash_duo, "main.access-refused h1") != "", timeout=20)
    assert "ask an admin for a new link" in visible_text(dash_duo, "main.access-refused p")
    assert not has_sign_in_form(dash_duo)
