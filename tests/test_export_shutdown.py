"""An app host stops promptly while an XLSX export runs: its export worker processes end with it.

The XLSX pool's workers are spawned per server process on its first export. Python's exit joins
them (``concurrent.futures``' exit handler): a gunicorn worker stopped during an export waited
for it until the arbiter killed the worker, and the pool's process, orphaned, built its file on
for minutes (seen here before the fix). gunicorn's ``worker_exit`` hook (``deploy/gunicorn.conf.py``)
ends them first. The server is started with the systemd unit's own command, as a deployment runs it.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from bench.sign_in import signed_in_as
from tests.test_slow_clients import free_port

REPO = Path(__file__).resolve().parents[1]
UNIT = REPO / "deploy" / "systemd" / "netdash@.service"
CLUSTER = REPO / "scripts" / "cluster.sh"
GUNICORN_CONFIG = "deploy/gunicorn.conf.py"
EXPORTS_END_WITHIN_S = 10
GRACEFUL_TIMEOUT_S = 30
"""gunicorn's default: it kills a worker that has not exited this long after SIGTERM. Exiting at all
takes a worker seconds on a busy host (an app process frees a large heap), so the server's own exit
is held to this bound, and the export processes, which the hook ends, to a few seconds."""


def unit_command(port: int) -> list[str]:
    """The unit's ``ExecStart``, with this checkout standing in for /opt/netdash."""
    exec_start = next(line for line in UNIT.read_text(encoding="utf-8").splitlines() if line.startswith("ExecStart="))
    line = exec_start.removeprefix("ExecStart=").replace("/opt/netdash", str(REPO)).replace("%i", str(port))
    return shlex.split(line)


def test_every_gunicorn_start_uses_the_config_with_the_exit_hook() -> None:
    gunicorn_lines = [
        line
        for text in (UNIT.read_text(encoding="utf-8"), CLUSTER.read_text(encoding="utf-8"))
        for line in text.splitlines()
        if "bin/gunicorn " in line
    ]
    assert len(gunicorn_lines) == 2 and all(GUNICORN_CONFIG in line for line in gunicorn_lines), gunicorn_lines


@pytest.fixture
def app_host(demo_database_url: str, tmp_path: Path):
    """An app host (gunicorn, as the unit starts it) on the demo data; its base URL, process and export folder."""
    port, exports = free_port(), tmp_path / "exports"
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": demo_database_url, "EXPORT_DIR": str(exports)}
    process = subprocess.Popen(
        unit_command(port), cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
            break
        except OSError:
            time.sleep(0.5)
    yield base, process, exports
    if process.poll() is None:  # the test failed before stopping it: nothing may outlive the test
        for leftover in [*psutil.Process(process.pid).children(recursive=True), psutil.Process(process.pid)]:
            leftover.kill()
        process.wait(timeout=10)


def running_export(base: str, database_url: str) -> str:
    """A signed-in person's XLSX of the country's tickets (seconds of work), once its worker builds it: its id."""
    with signed_in_as(base, database_url) as session:
        answer = session.post(f"{base}/api/v1/exports/tickets.xlsx", timeout=60)
        assert answer.status_code == 202, answer.text[:300]
        job, deadline = answer.json(), time.monotonic() + 120
        while job["state"] == "queued":
            assert time.monotonic() < deadline, job
            time.sleep(0.1)
            job = json.loads(session.get(base + job["status_url"], timeout=30).content)
        assert job["state"] == "running", job
        return str(job["id"])


def export_workers(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """The XLSX pool's processes under the server (spawned by multiprocessing)."""
    children = psutil.Process(process.pid).children(recursive=True)
    return [child for child in children if "spawn_main" in " ".join(child.cmdline())]


def test_an_app_host_stops_within_seconds_while_an_export_runs(app_host, demo_database_url: str) -> None:
    """The running export ends with its worker process at once and is recorded as failed (its page
    says so); the server then exits before gunicorn's graceful timeout would kill anything."""
    base, process, exports = app_host
    job_id = running_export(base, demo_database_url)
    workers = export_workers(process)
    assert workers
    stopped = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _gone, alive = psutil.wait_procs(workers, timeout=EXPORTS_END_WITHIN_S)
    for worker in alive:
        worker.kill()  # an orphan would build its file on, long after the test
    assert alive == [], [worker.cmdline() for worker in alive]
    process.wait(timeout=stopped + GRACEFUL_TIMEOUT_S - time.monotonic())
    assert json.loads((exports / f"{job_id}.json").read_text(encoding="utf-8"))["state"] == "failed"


HOLD_A_POOL = """
import os, sys
from exports.jobs import export_pool

pool = export_pool(2)
print(*{job.result() for job in [pool.submit(os.getpid) for _ in range(8)]}, flush=True)  # workers' ids
sys.stdin.read()  # until killed
"""


def test_export_workers_end_when_their_server_process_is_killed_without_exit_code():
    """SIGKILL runs no exit hook (neither does SIGTERM to waitress): the workers notice on their own."""
    server = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "python"), "-c", HOLD_A_POOL],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    workers = {int(pid) for pid in server.stdout.readline().split()}
    children = psutil.Process(server.pid).children()  # the workers and multiprocessing's resource tracker
    assert workers and workers <= {child.pid for child in children}
    server.kill()
    server.wait(timeout=10)
    _, alive = psutil.wait_procs(children, timeout=15)
    assert alive == [], f"still running after their server process was killed: {alive}"
