"""(b) Bytes as sent for the first map, and the callback requests it made (replayed by (c)).

One cold page load in headless Chromium, with the harness's browser flags (dead proxy: only
loopback answers). "As sent" = response bodies as they crossed the wire (compressed), headers
left out. The village points travel inside JSON (the layout's embedded first map, or a map
callback's answer), so their share is that response's sent bytes times the share of the village
traces in its decoded body.
"""

from __future__ import annotations

import base64
import json
import sys
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import numpy as np
from playwright.sync_api import Request, sync_playwright

from bench.pageload import APP_SELECTOR, PERF_TOOLS

CALLBACK_PATH = "/_dash-update-component"
LAYOUT_PATH = "/_dash-layout"


@dataclass
class FirstLoad:
    """What the first map cost: sent bytes by kind, the points' share, and the callbacks posted."""

    sent_by_kind: dict[str, int] = field(default_factory=dict)
    points_sent: int = 0
    points_drawn: int = 0
    requests: int = 0
    callback_payloads: list[dict] = field(default_factory=list)
    accept_encoding: str = ""
    failed_callbacks: list[str] = field(default_factory=list)

    @property
    def total_sent(self) -> int:
        return sum(self.sent_by_kind.values())

    @property
    def points_raw_float32(self) -> int:
        """The points' size as two float32 arrays (lat, lon): the yardstick of the budget."""
        return self.points_drawn * 2 * 4


def kind_of(url: str) -> str:
    """Which part of the page a URL is: the table groups bytes by it."""
    path = urlparse(url).path
    if "plotly" in path and path.endswith(".js"):
        return "plotly.js"
    if path.endswith(".js"):
        return "dash + component JS"
    if path.startswith("/assets/"):
        return "our assets (CSS, fonts)"
    if path == CALLBACK_PATH:
        return "callbacks (figure, KPIs, ranking)"
    if path.endswith(".geojson"):
        return "boundaries (GeoJSON)"
    return "page, layout, other"


def village_traces(node: object) -> list[dict]:
    """The village point traces (meta.layer "villages") of every figure anywhere in a JSON answer:
    the first map travels in the page's layout, later ones in the map callback's response."""
    if isinstance(node, list):
        return [trace for item in node for trace in village_traces(item)]
    if not isinstance(node, dict):
        return []
    meta = node.get("meta")
    if node.get("type") == "scattermap" and isinstance(meta, dict) and meta.get("layer") == "villages":
        return [node]
    return [trace for value in node.values() for trace in village_traces(value)]


def array_length(values: object) -> int:
    """Length of a figure array: a JSON list, or Plotly's typed array {dtype, bdata (base64)}."""
    if isinstance(values, dict) and "bdata" in values:
        return len(base64.b64decode(values["bdata"])) // np.dtype(values["dtype"]).itemsize
    return len(values) if isinstance(values, list) else 0


def account_points(load: FirstLoad, sent: int, body: bytes) -> None:
    """Add a JSON response's village points: their count, and their share of its sent bytes."""
    points = village_traces(json.loads(body))
    load.points_drawn += sum(array_length(trace.get("lat")) for trace in points)
    load.points_sent += round(sent * len(json.dumps(points, separators=(",", ":"))) / max(len(body), 1))


def _account(load: FirstLoad, request: Request) -> None:
    response = request.response()
    if response is None or urlparse(request.url).scheme not in ("http", "https"):
        return
    sent = request.sizes()["responseBodySize"]
    kind = kind_of(request.url)
    load.requests += 1
    load.sent_by_kind[kind] = load.sent_by_kind.get(kind, 0) + sent
    if urlparse(request.url).path == LAYOUT_PATH:
        account_points(load, sent, response.body())
    if kind.startswith("callbacks"):
        payload = json.loads(request.post_data or "{}")
        if response.status != 200:  # 204: nothing to update; else a server error worth reporting
            if response.status != 204:
                load.failed_callbacks.append(f"HTTP {response.status}: {payload.get('output', '?')[:80]}")
            return
        account_points(load, sent, response.body())
        load.callback_payloads.append(payload)
        load.accept_encoding = request.all_headers().get("accept-encoding", "")


def first_load(
    url: str, *, timeout_s: float = 120, ready: str = APP_SELECTOR, cookies: list[dict[str, Any]] | None = None
) -> FirstLoad:
    """Load ``url`` once with a cold cache and account every finished request, once ``ready`` shows.

    ``cookies``: a signed-in person's session (``bench.sign_in.browser_cookies``), set before the load.
    """
    sys.path.insert(0, str(PERF_TOOLS))
    from measure_page import FLAGS  # the harness's browser flags: same browser set-up as (a)

    finished: list[Request] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_cookies(cookies or [])  # type: ignore[arg-type]
            page = context.new_page()
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(url, wait_until="load", timeout=timeout_s * 1000)
            page.wait_for_selector(ready, state="visible", timeout=timeout_s * 1000)
            page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
            load = FirstLoad()
            for request in finished:
                _account(load, request)
        finally:
            browser.close()
    return load
