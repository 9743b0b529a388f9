"""(d) Server time of the first page of the ticket table and of the showcase gallery (whole country).

Both go through the read API, which calls the very query functions the ticket grid's row callback
(``TicketQueries.page``) and the gallery's card callback (``ShowcaseQueries.page``) call, with the
grid's block of 100 rows and the gallery's 24 cards. The gallery's weight is its page's thumbnails
as sent. The ×10 figures come from a second database with ten times the demo's tickets
(``python -m cli demo --scale 10``), built once into ``var/bench/`` and reused while current.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import requests
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from bench.callbacks import percentile
from bench.servers import REPO, signed_in
from dashboard.ticket_table.layout import BLOCK_SIZE
from demo import demo_is_current
from store.showcase.queries import DEFAULT_PAGE_SIZE

TICKET_BLOCK = BLOCK_SIZE  # the grid's first request
GALLERY_CARDS = DEFAULT_PAGE_SIZE  # the gallery's first page
SCALED_DATABASE = REPO / "var" / "bench" / "tickets-x10.db"
TICKET_SCALE = 10


@dataclass(frozen=True)
class PageTiming:
    """One first page: server ms (first call, then p50/p95 of the rest), rows in all, image bytes."""

    what: str
    total: int
    first_ms: float
    p50_ms: float
    p95_ms: float
    runs: int
    images_kb: float | None = None


def timed_get(session: requests.Session, url: str) -> tuple[float, dict]:
    started = time.perf_counter()
    response = session.get(url, timeout=120)
    elapsed_ms = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed_ms, response.json()


def time_first_page(session: requests.Session, url: str, what: str, runs: int) -> tuple[PageTiming, dict]:
    first_ms, answer = timed_get(session, url)
    rest = [timed_get(session, url)[0] for _ in range(runs)]
    p50, p95 = round(percentile(rest, 50), 1), round(percentile(rest, 95), 1)
    timing = PageTiming(what, answer["total"], round(first_ms, 1), p50, p95, runs)
    return timing, answer


def thumbnails_sent(session: requests.Session, base: str, items: list[dict]) -> int:
    """Bytes of the page's thumbnails as the browser receives them (images are not recompressed)."""
    return sum(len(session.get(base + item["thumbnail_url"], timeout=30).content) for item in items)


def ticket_page_timing(base: str, what: str, runs: int) -> PageTiming:
    with signed_in(base) as session:
        timing, _ = time_first_page(session, f"{base}/api/v1/tickets?page_size={TICKET_BLOCK}", what, runs)
    return timing


def gallery_page_timing(base: str, runs: int) -> PageTiming:
    with signed_in(base) as session:
        timing, answer = time_first_page(
            session, f"{base}/api/v1/showcase?page_size={GALLERY_CARDS}", "showcase gallery, first page", runs
        )
        images = thumbnails_sent(session, base, [item for item in answer["items"] if item.get("thumbnail_url")])
    return replace(timing, images_kb=round(images / 1e3, 1))


def scaled_media_dir() -> Path:
    """The ×10 database's showcase images (the same as the demo's, kept apart from them)."""
    return SCALED_DATABASE.parent / "media-x10"


def _is_current(url: str) -> bool:
    """The ×10 database exists, is complete, and was built by this generator."""
    if not SCALED_DATABASE.exists():
        return False
    try:
        return demo_is_current(create_engine(url), ticket_scale=TICKET_SCALE)
    except SQLAlchemyError:  # an interrupted build: no tables yet
        return False


def scaled_database_url() -> str:
    """The ×10 tickets database, (re)built when missing or made by an older generator (minutes)."""
    url = f"sqlite:///{SCALED_DATABASE}"
    if not _is_current(url):
        print(f"building the x{TICKET_SCALE} tickets database in {SCALED_DATABASE.relative_to(REPO)} (minutes)...")
        env = {**os.environ, "DATABASE_URL": url, "MEDIA_DIR": str(scaled_media_dir())}
        command = [sys.executable, "-m", "cli", "demo", "--scale", str(TICKET_SCALE)]
        subprocess.run(command, cwd=REPO, env=env, check=True)
    return url
