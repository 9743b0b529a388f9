"""The cluster as its users meet it: two app hosts behind nginx, a read replica, Redis, an ingest worker.

``scripts/cluster.sh start`` builds it on this machine (root: apt, pg_createcluster); without root
these tests are skipped locally, and under CI=true they fail. They write to the cluster's own
database (``netdash`` on the machine's PostgreSQL), never to the tests' throwaway ones.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from bench.load.__main__ import CLUSTER_DATABASE, make_feed
from bench.sign_in import signed_in_as
from dashboard.ids import MapPage
from store.core.access import Role
from tests.dash_callback import callback_body

REPO = Path(__file__).resolve().parents[1]
NGINX = "http://127.0.0.1:8080"
HOSTS = ("http://127.0.0.1:8061", "http://127.0.0.1:8062")


def cluster(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "cluster.sh"), *args], cwd=REPO, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def running_cluster():
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and the cluster tests need root (apt, pg_createcluster)", pytrace=False)
        pytest.skip("the cluster needs root")
    started = cluster("start")
    assert started.returncode == 0, started.stdout + started.stderr
    yield NGINX
    cluster("stop")


@pytest.fixture(scope="module")
def officer(running_cluster) -> requests.Session:
    """An officer of Surat Thani, signed in (the session works on either host: one SECRET_KEY)."""
    return signed_in_as(running_cluster, CLUSTER_DATABASE, Role.OFFICER, ("84",))


@pytest.fixture(scope="module")
def viewer(running_cluster) -> requests.Session:
    """An executive, signed in: somebody else than the officer."""
    return signed_in_as(running_cluster, CLUSTER_DATABASE, Role.EXECUTIVE)


def a_not_started_ticket(session: requests.Session, base: str, province: str = "84") -> int:
    """A ticket not started today (the list's default day is the documents' date, not the data's last)."""
    today = session.get(f"{base}/healthz", timeout=30).json()["data_to"]
    url = f"{base}/api/v1/tickets?province={province}&status=not_started&page_size=50&as_of={today}"
    return int(session.get(url, timeout=30).json()["tickets"][0]["id"])


def test_healthz_reports_the_replica_and_redis(running_cluster):
    health = requests.get(f"{running_cluster}/healthz", timeout=10).json()
    assert health["status"] == "ok"
    assert health["replica"]["status"] == "ok" and health["replica"]["lag_s"] < 5
    assert health["redis"]["status"] == "ok"
    assert health["ingest_queue"]["status"] == "ok" and health["ingest_queue"]["workers"] >= 1


def test_a_network_batch_is_queued_then_committed_by_the_worker(running_cluster):
    feed = make_feed(CLUSTER_DATABASE)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    items = [{"hotspot_id": hotspot, "at": stamp, "state": "online"} for hotspot in feed["hotspots"][:200]]
    auth = {"Authorization": f"Bearer {feed['token']}"}
    accepted = requests.post(
        f"{running_cluster}/api/v1/ingest/network_status", json={"items": items}, headers=auth, timeout=60
    )
    assert accepted.status_code == 202, accepted.text
    job = job_when_done(running_cluster + accepted.headers["Location"], auth)
    assert job["status"] == "finished", job
    assert (job["result"]["rows_in"], job["result"]["rejected"]) == (len(items), 0)


def job_when_done(url: str, auth: dict[str, str], patience_s: float = 60) -> dict:
    """The ingest job at ``url`` once it is neither queued nor running (or as it is after ``patience_s``)."""
    deadline = time.monotonic() + patience_s
    while True:
        job = requests.get(url, headers=auth, timeout=10).json()
        if job["status"] not in {"queued", "started"} or time.monotonic() > deadline:
            return job
        time.sleep(0.5)


def test_a_ticket_moved_through_one_host_shows_through_the_other(running_cluster, officer, viewer):
    ticket_id = a_not_started_ticket(officer, HOSTS[0])
    body = {"status": "in_progress", "note": "cluster test"}
    moved = officer.post(f"{HOSTS[0]}/api/v1/tickets/{ticket_id}/status", json=body, timeout=30)
    assert moved.status_code == 200, moved.text
    seen_by_officer = officer.get(f"{HOSTS[1]}/api/v1/tickets/{ticket_id}", timeout=30).json()
    assert seen_by_officer["status"] == "in_progress", "the writer reads their own write on any host"
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:  # anybody else: as soon as the replica has replayed it
        if viewer.get(f"{HOSTS[1]}/api/v1/tickets/{ticket_id}", timeout=30).json()["status"] == "in_progress":
            return
        time.sleep(0.05)
    pytest.fail("another user did not see the change through the other host within 2 s")


def nginx_workers() -> set[str]:
    master = (REPO / "var" / "cluster" / "nginx" / "nginx.pid").read_text().strip()
    return set(subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split())


def test_starting_a_running_cluster_again_leaves_nginx_and_its_clients_alone(running_cluster):
    """``start`` brings back a host that died; nginx is reloaded only for a new configuration (a reload
    closes every client's idle connection, and a request sent on one at that moment fails)."""
    workers = nginx_workers()
    assert cluster("start").returncode == 0
    assert workers and nginx_workers() == workers


def test_the_short_load_test_has_no_errors(running_cluster):
    run = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "bench.load", "--host", running_cluster, "--users", "20",
         "--seconds", "30"],
        cwd=REPO, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


KPIS = callback_body(
    [(MapPage.KPIS, "children"), (MapPage.FRESHNESS, "children"), (MapPage.RANKING_TITLE, "children"),
     (MapPage.RANKING, "children"), (MapPage.VILLAGE_PANEL, "children")],
    [(MapPage.URL, "search", "?area=84"), (MapPage.RANKING_SORT, "data", None)],
)  # fmt: skip
"""The map page's figures for Surat Thani, as the browser posts them on a drill-down."""


def test_killing_a_host_fails_over_and_loses_no_write(running_cluster, officer, viewer):
    errors: list[str] = []
    answered: list[int] = []
    stop = threading.Event()

    def keep_viewing() -> None:
        """The API's summary and the map page's figures callback (a POST nginx may send again), in turn."""
        with requests.Session() as session:
            session.cookies.update(viewer.cookies)  # the viewer's session, one connection pool per thread
            for turn in itertools.count():
                if stop.is_set():
                    return
                try:
                    if turn % 2:
                        response = session.post(f"{running_cluster}/_dash-update-component", json=KPIS, timeout=10)
                    else:
                        response = session.get(f"{running_cluster}/api/v1/summary", timeout=10)
                    answered.append(response.status_code)
                    if response.status_code != 200:
                        errors.append(f"{response.request.method} {response.status_code}")
                except requests.RequestException as error:
                    errors.append(type(error).__name__)

    viewers = [threading.Thread(target=keep_viewing, daemon=True) for _ in range(4)]
    for thread in viewers:
        thread.start()
    try:
        time.sleep(2)
        ticket_id = a_not_started_ticket(officer, running_cluster)
        assert cluster("kill-host", "1").returncode == 0
        # nginx never resends an API POST that reached a host (it may have been applied), so one that
        # met the dead host's pooled connection gets a 502, and the client sends it again under the
        # same Idempotency-Key: stored once, and answered 200 whether or not the first was applied
        body = {"status": "in_progress", "note": "written while a host is down", "from_status": "not_started"}
        url, key = f"{running_cluster}/api/v1/tickets/{ticket_id}/status", {"Idempotency-Key": uuid.uuid4().hex}
        write = officer.post(url, json=body, headers=key, timeout=30)
        if write.status_code == 502:
            write = officer.post(url, json=body, headers=key, timeout=30)
        time.sleep(3)
    finally:  # a failure above must not leave the viewers looping (pytest would wait for them at exit)
        stop.set()
        for thread in viewers:
            thread.join(timeout=15)
    restarted = cluster("start")  # brings the killed host back for the next tests
    assert restarted.returncode == 0, restarted.stderr
    assert write.status_code == 200, write.text
    events = officer.get(f"{running_cluster}/api/v1/tickets/{ticket_id}", timeout=30).json()["events"]
    assert [event["note"] for event in events].count("written while a host is down") == 1
    assert len(answered) > 20 and not errors, errors[:5]
