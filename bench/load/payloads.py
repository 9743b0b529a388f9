"""The callback requests real pages post, recorded once in Debian's Chromium and replayed by locust.

Dash's callback bodies carry the ids, properties and values of a page's inputs and states; the
surest way to send what a browser sends is to record what a browser sent. A recording holds, per
page, the callbacks its first load posted (``bench.firstload``); a simulated user replays them
with its own URL (the URL is the view's state, so a drill-down is the same bodies with another
``url.search``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from bench.firstload import first_load
from bench.sign_in import browser_cookies
from dashboard.display.ids import Display
from dashboard.ids import MapPage

URL_IDS = (MapPage.URL, Display.URL)  # the ticket table's URL has the same id as the map page's
PAGES = {  # each page's path and what shows once it has loaded
    "map": ("/", "#map .js-plotly-plot"),
    "tickets": ("/tickets/?area=84", ".ag-row"),
    "display": ("/display/?area=84&dwell=20&refresh=60", "#display-root[data-state='ok']"),
}


def record(base: str, target: Path, signed_in: requests.Session) -> dict[str, Any]:
    """Load each page once, as the person of ``signed_in``, and keep the callback bodies it posted
    (written to ``target``)."""
    cookies = browser_cookies(signed_in, base)
    recorded: dict[str, Any] = {
        page: first_load(base + path, ready=ready, cookies=cookies).callback_payloads
        for page, (path, ready) in PAGES.items()
    }
    recorded["ids"] = {"url_ids": list(URL_IDS), "drawn_view_id": MapPage.DRAWN_VIEW}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(recorded), encoding="utf-8")
    return recorded
