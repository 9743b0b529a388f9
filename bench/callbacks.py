"""(c) Server time of the drill-down callbacks, replayed from the payloads the browser posted.

Drilling down only changes the URL's query string (the URL is the page's state), so the country
view's recorded payloads, with ``url.search`` set to a province, a district, ..., are exactly what
the browser posts on a drill-down. Codes to drill into come from the ranking each level returns.
"""

from __future__ import annotations

import copy
import gzip
import json
import statistics
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import brotli
import requests
from backports import zstd

from bench.firstload import CALLBACK_PATH
from bench.servers import signed_in
from dashboard.ids import MapPage


@dataclass(frozen=True)
class Timing:
    """Server time of one callback at one level: the first call (cold query caches) and the rest."""

    level: str
    callback: str
    first_ms: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    runs: int = 0
    error: str = ""


def url_inputs(payload: dict) -> list[dict]:
    """The payload's ``url.search`` inputs (pattern-matching ALL inputs come as lists: skipped)."""
    inputs = payload.get("inputs", [])
    return [i for i in inputs if isinstance(i, dict) and (i.get("id"), i.get("property")) == ("url", "search")]


def drives_on_url(payload: dict) -> bool:
    """The callbacks that render a view from the URL: the ones a drill-down triggers."""
    return bool(url_inputs(payload))


def with_search(payload: dict, search: str) -> dict:
    """The payload of a navigation to ``search`` from a page whose map is already drawn.

    On the first load the map callback skips its work (the layout brought the figure); after it,
    the drawn-view store holds a view, so every drill-down, the country view included, redraws.
    """
    replayed = copy.deepcopy(payload)
    for item in url_inputs(replayed):
        item["value"] = search
    for item in replayed.get("state", []):
        if isinstance(item, dict) and item.get("id") == MapPage.DRAWN_VIEW:
            item["value"] = "?drawn-before"
    replayed["changedPropIds"] = ["url.search"]
    return replayed


# urllib3 1.26 cannot decode zstd, which Chromium offers: bodies are read raw and decoded here
DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "": bytes,
    "gzip": gzip.decompress,
    "deflate": zlib.decompress,
    "br": brotli.decompress,
    "zstd": zstd.decompress,
}


def post(session: requests.Session, base: str, payload: dict) -> tuple[float, dict]:
    """One callback request; its wall time on loopback is the server's time (and compression)."""
    started = time.perf_counter()
    response = session.post(base + CALLBACK_PATH, json=payload, timeout=120, stream=True)
    body = response.raw.read(decode_content=False)
    elapsed_ms = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    if response.status_code == 204:  # PreventUpdate / no_update: nothing to decode
        return elapsed_ms, {}
    return elapsed_ms, json.loads(DECODERS[response.headers.get("Content-Encoding", "")](body))


def first_ranked_code(answer: dict) -> str | None:
    """The first area of the ranking a view returned (its rows have ids "rank-<code>"): the next
    level to drill into."""
    pending = [answer.get("response", {}).get("ranking", {}).get("children")]
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending[:0] = node
        elif isinstance(node, dict):
            row_id = str(node.get("props", {}).get("id", ""))
            if row_id.startswith("rank-"):
                return row_id.removeprefix("rank-")
            pending[:0] = [node.get("props", {}).get("children")]
    return None


def level_name(code: str) -> str:
    """'province 10', 'district 1001': Thai area codes grow by two digits a level."""
    names = {2: "province", 4: "district", 6: "subdistrict"}
    return f"{names.get(len(code), 'village')} {code}"


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def callback_label(payload: dict) -> str:
    """'map.figure' or 'kpis.children +5': which callback, short enough for the table."""
    outputs = payload["outputs"] if isinstance(payload["outputs"], list) else [payload["outputs"]]
    first = f"{outputs[0]['id']}.{outputs[0]['property']}"
    return first if len(outputs) == 1 else f"{first} +{len(outputs) - 1}"


def time_level(
    session: requests.Session, base: str, payloads: list[dict], level: str, search: str, runs: int
) -> tuple[list[Timing], list[dict]]:
    """Time every URL-driven callback at one level; also return the answers (for the next level)."""
    timings, answers = [], []
    for payload in payloads:
        replayed = with_search(payload, search)
        try:
            first_ms, answer = post(session, base, replayed)
            rest = [post(session, base, replayed)[0] for _ in range(runs)]
        except requests.HTTPError as error:  # a broken callback is a finding, not the end of the bench
            timings.append(Timing(level, callback_label(payload), error=str(error)[:120]))
            continue
        answers.append(answer)
        p50, p95 = percentile(rest, 50), percentile(rest, 95)
        timings.append(Timing(level, callback_label(payload), round(first_ms, 1), round(p50, 1), round(p95, 1), runs))
    return timings, answers


def drill_down_timings(
    base: str, recorded: list[dict], *, accept_encoding: str, runs: int, depth: int = 3
) -> list[Timing]:
    """Country, then the first-ranked area of each level, ``depth`` levels down.

    Sends the browser's Accept-Encoding, so the server compresses as it does for the browser.
    """
    payloads = [p for p in recorded if drives_on_url(p)]
    timings: list[Timing] = []
    level, search = "country", ""
    with signed_in(base) as session:
        session.headers["Accept-Encoding"] = accept_encoding
        for _ in range(depth + 1):
            level_timings, answers = time_level(session, base, payloads, level, search, runs)
            timings += level_timings
            code = next((c for c in map(first_ranked_code, answers) if c), None)
            if code is None:
                break
            level, search = level_name(code), f"?area={code}"
    return timings
