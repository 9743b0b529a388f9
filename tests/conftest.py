"""Shared pytest set-up.

Browser tests: dash.testing's ``dash_duo`` drives Debian's chromium through Debian's chromedriver
(never a downloaded browser), headless by default (``--headless`` in pytest.ini). Tests that use a
browser fixture are marked ``browser``; without chromium they are skipped locally, and fail under
``CI=true`` so CI can never pass by silently skipping them.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import shutil
import sys
import threading
import time

import pytest

from tests.databases import drop_all, drop_left_behind, on_postgres

pytest_plugins = ["tests.demo_fixture"]

CHROMIUM = "/usr/bin/chromium"
BROWSER_FIXTURES = {"dash_duo", "dash_br", "dash_duo_mp", "dash_multi_process_server"}
EXIT_GRACE_S = 120
"""How long pytest may take to exit once the session has ended before the watchdog ends it."""


def missing_browser() -> str | None:
    """What is missing for the browser tests, or None when chromium and chromedriver are there."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium chromium-driver; or `make browser`)"
    if shutil.which("chromedriver") is None:
        return "chromedriver not on PATH (apt-get install chromium-driver; or `make browser`)"
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Point dash.testing's Chrome at Debian's chromium: selenium 4.2 would look for google-chrome.

    The map page marks its map once drawn only when asked (``MAP_DRAWN_MARKER``): the tests ask.
    ``DASH_TEST_PORT_BASE`` moves the ports dash.testing serves its test apps on, so that two
    checkouts can run their browser tests side by side on one machine.
    """
    os.environ.setdefault("DASH_TEST_CHROMEPATH", CHROMIUM)
    os.environ.setdefault("SECRET_KEY", "tests-only-" + "k" * 40)  # the test databases are not the embedded demo
    os.environ.setdefault("MAP_DRAWN_MARKER", "1")  # the map page marks #map once drawn (web.dash_app)
    if port_base := os.environ.get("DASH_TEST_PORT_BASE"):
        from dash.testing.application_runners import BaseDashRunner

        BaseDashRunner._next_port = int(port_base)


def pytest_sessionstart(session: pytest.Session) -> None:
    """On PostgreSQL, first drop the test databases of passes killed before their end (``drop_left_behind``)."""
    if on_postgres():
        drop_left_behind()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a browser fixture as ``browser``, so it needs no decorator."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (locally) or fail (CI=true) a browser test before its fixtures start a missing browser."""
    if item.get_closest_marker("browser") is None:
        return
    missing = missing_browser()
    if missing is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {missing}", pytrace=False)
    pytest.skip(f"browser test skipped: {missing}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Start a watchdog that ends the process if it has not exited ``EXIT_GRACE_S`` after the session.

    Once every test has run, something left behind (a non-daemon thread, a worker process of a
    pool whose app was never shut down) can keep the interpreter from exiting, and CI then waits
    for hours on a run whose verdict is known. The watchdog prints the stack of every thread and
    the child processes still alive (so the cause can be found and fixed), then exits with the
    session's own status. It found one: the spawned worker of an app's XLSX export pool, which
    concurrent.futures joins at exit and which did not end; such workers are terminated first."""
    for child in multiprocessing.active_children():
        child.terminate()  # XLSX export workers of apps the tests built and never shut down (see below)
    drop_all()  # the PostgreSQL databases of the session's tests (none on the SQLite pass)
    watchdog = threading.Thread(target=_end_a_stuck_exit, args=(int(exitstatus),), name="exit-watchdog", daemon=True)
    watchdog.start()


def _end_a_stuck_exit(exitstatus: int) -> None:
    time.sleep(EXIT_GRACE_S)
    out = sys.__stderr__ or sys.stderr
    print(f"\npytest had not exited {EXIT_GRACE_S} s after its session ended; still running:", file=out)
    faulthandler.dump_traceback(file=out, all_threads=True)
    print(f"child processes: {multiprocessing.active_children()}", file=out, flush=True)
    os._exit(exitstatus)
