"""The processes a benchmark talks to: our app and a static server for the baseline pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    if database_url:
        env["DATABASE_URL"] = database_url
    if media_dir:
        env["MEDIA_DIR"] = str(media_dir)
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--timeout", "120"]
    base = f"http://{HOST}:{port}"
    with running([*command, "--bind", f"{HOST}:{port}", "app:server"], f"{base}/healthz", env=env):
        yield base


@contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """``directory`` over http://127.0.0.1 (MapLibre's worker does not load from file://)."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", HOST, "--directory", str(directory)]
    base = f"http://{HOST}:{port}"
    with running(command, f"{base}/"):
        yield base
