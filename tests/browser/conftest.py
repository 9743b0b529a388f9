"""Every browser test also fails on an uncaught error of the page: an exception no console line shows.

A failing map update in plotly.js surfaces as an unhandled promise rejection ("Map error."), not as
a console error line; ``dash_duo.get_logs()`` missed it. Each page collects ``error`` and
``unhandledrejection`` events from its first script on, and the test fails when any was raised.
"""

from __future__ import annotations

import pytest

from demo import illustrations, showcase
from store.core.db import make_engine
from store.showcase.media import media_root
from store.showcase.models import SHOWCASE_KINDS

COLLECT_PAGE_ERRORS = """
window.pageErrors = [];
window.addEventListener('error', (event) => window.pageErrors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => window.pageErrors.push('unhandled: ' + String(event.reason)));
"""


def page_errors(dash_duo) -> list[str]:
    """The uncaught errors of the page open now (since it loaded)."""
    return dash_duo.driver.execute_script("return window.pageErrors || [];")


@pytest.fixture(autouse=True)
def no_uncaught_page_errors(request):
    """Collect the page's uncaught errors in every page the test opens; fail the test on any."""
    if "dash_duo" not in request.fixturenames:
        yield
        return
    dash_duo = request.getfixturevalue("dash_duo")
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECT_PAGE_ERRORS})
    yield
    if request.node.get_closest_marker("server_outage") is None:
        assert page_errors(dash_duo) == [], "uncaught errors in the page"


@pytest.fixture(scope="module")
def showcase_database_url(demo_database_url):
    """The demo database with its showcase (added if it was built before there was one) and images."""
    showcase.fill_missing(make_engine(demo_database_url))
    if not (media_root() / illustrations.image_paths("product", 0)[1]).exists():
        illustrations.write_designs(media_root(), SHOWCASE_KINDS)
    return demo_database_url
