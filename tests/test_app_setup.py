"""A freshly started server serves the page's scripts while its first page is still being built.

After a restart a browser asks for the layout and the scripts at once. Dash's first-request
set-up (which registers the scripts it may serve) used to run inside the first request; a
script request arriving meanwhile got a 500. Here the first request is held inside the layout
while a script is fetched from another thread.
"""

from __future__ import annotations

import re
import threading

from app import create_app
from tests.databases import new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from web import factory as app_module


def test_scripts_are_served_while_the_first_layout_is_being_built(tmp_path, monkeypatch):
    url = new_database_url(tmp_path, "small")
    build_small_database(url)
    server = create_app(url).server
    script = next(
        src
        for src in re.findall(r'<script src="([^"]+)"', signed_in_client(server).get("/").get_data(as_text=True))
        if "dash_core_components" in src
    )
    fresh = create_app(url).server  # a new process's app: nothing requested yet
    layout_started, script_answered = threading.Event(), threading.Event()
    real_first_map = app_module.first_map

    def slow_first_map(*args, **kwargs):
        layout_started.set()
        script_answered.wait(timeout=10)
        return real_first_map(*args, **kwargs)

    monkeypatch.setattr(app_module, "first_map", slow_first_map)
    layout = threading.Thread(target=lambda: signed_in_client(fresh).get("/_dash-layout", headers={"Referer": "/"}))
    layout.start()
    try:
        assert layout_started.wait(timeout=10)
        status = signed_in_client(fresh).get(script).status_code
    finally:
        script_answered.set()
        layout.join()
    assert status == 200
