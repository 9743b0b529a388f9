"""The processes a benchmark talks to: our app and a static server for the baseline pages."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from bench.sign_in import signed_in_as
from store.core.db import database_url as configured_database_url

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on now, so the bench never collides with a running `make run`."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    """Poll ``url`` until it answers 200; fail early with the server's exit code if it died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout_s:.0f} s")


@contextmanager
def running(command: list[str], ready_url: str, *, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run ``command`` until the block ends; stop only that process (never by name)."""
    log = (REPO / "var" / "bench" / "server.log").open("ab")
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(ready_url, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def app_server(*, database_url: str | None = None, media_dir: Path | None = None) -> Iterator[str]:
    """Our app served as `make run` serves it (gunicorn, 2 workers x 4 threads); yields its base URL.

    By default on the database and media `make run` uses; ``database_url``/``media_dir`` point it
    at another (the ×10 tickets database).
    """
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "MAP_DRAWN_MARKER": "1"}  # the page marks its map once drawn
    # The page-load harness (../shared/tools/perf) opens URLs without cookies: the country's first map
    # is measured as the aggregate public page serves it (every request still passes the gate); the
    # callbacks and lists are timed signed in (``signed_in``), and the session check on its own by
    # ``python -m bench.session_check``.
    env["PUBLIC_READ"] = "aggregate"
    # The harness waits with a string predicate, which the enforced policy refuses ('unsafe-eval'):
    # the page gets the same policy as report-only (the browser loads the same things either way).
    env["CSP_REPORT_ONLY"] = "1"
    if database_url:
        env["DATABASE_URL"] = database_url
        # another database than make run's has no generated key file: both workers share this one
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    if media_dir:
        env["MEDIA_DIR"] = str(media_dir)
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--timeout", "120"]
    base = f"http://{HOST}:{port}"
    with running([*command, "--bind", f"{HOST}:{port}", "app:server"], f"{base}/healthz", env=env):
        SERVED_DATABASES[base] = database_url or configured_database_url()
        yield base
        SERVED_DATABASES.pop(base, None)


SERVED_DATABASES: dict[str, str] = {}
"""The database of each app server running now, by base URL (where ``signed_in`` makes its account)."""


def signed_in(base: str) -> requests.Session:
    """A session of a new executive's account, signed in at the app server ``base``."""
    return signed_in_as(base, SERVED_DATABASES[base])


@contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """``directory`` over http://127.0.0.1 (MapLibre's worker does not load from file://)."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", HOST, "--directory", str(directory)]
    base = f"http://{HOST}:{port}"
    with running(command, f"{base}/"):
        yield base
