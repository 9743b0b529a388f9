"""Slow or idle clients never stall the embedded server that `make run` starts.

Fifty connections that send a request line and stop, or announce a 100 KB body and never send it,
are held by waitress's event loop, not by its threads: a viewer and /healthz still answer at once.
The server is started with the very command of the Makefile's ``run`` target.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases import new_database_url
from tests.small_db import build_small_database

REPO = Path(__file__).resolve().parents[1]
SLOW_CLIENTS = 50


def run_command(host: str, port: int) -> list[str]:
    """The serving command of ``make run`` (its recipe in the Makefile), for this host and port."""
    recipe = re.search(r"^run: setup\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert recipe, "the Makefile has a run target"
    line = recipe.group(1).replace("\\\n", " ").replace("\t", " ")
    line = line.replace("$(VENV)", str(REPO / ".venv")).replace("$(HOST)", host).replace("$(PORT)", str(port))
    return shlex.split(line)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path):
    url = new_database_url(tmp_path, "small")
    build_small_database(url)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": url,
        "PUBLIC_READ": "aggregate",
    }  # viewers, no sign-in
    process = subprocess.Popen(run_command("127.0.0.1", port), cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    yield base, port
    process.terminate()
    process.wait(timeout=15)


def slow_connections(port: int) -> list[socket.socket]:
    """Half send a request line and stop; half announce a 100 KB body and send none of it."""
    sockets = []
    for i in range(SLOW_CLIENTS):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        if i % 2:
            connection.sendall(b"GET /healthz HTTP/1.1\r\n")
        else:
            connection.sendall(
                b"POST /api/v1/tickets/1/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 102400\r\n\r\n"
            )
        sockets.append(connection)
    return sockets


def timed_get(url: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=5) as response:
        response.read()
        assert response.status == 200
    return time.monotonic() - started


def test_viewers_and_healthz_answer_while_fifty_clients_hang(server):
    base, port = server
    hanging = slow_connections(port)
    try:
        time.sleep(1)  # let every slow client be accepted and sit there
        assert timed_get(f"{base}/healthz") < 1.0
        assert timed_get(f"{base}/") < 1.0
        assert timed_get(f"{base}/api/v1/summary") < 1.0
    finally:
        for connection in hanging:
            connection.close()
