"""Large machine batches through the RQ queue: 202 and a job URL, the worker commits, the job tells.

Real Redis (``TEST_REDIS_URL``, default database 15 of the local server) with a queue of each
test's own, so parallel runs never take each other's jobs; the worker is RQ's ``SimpleWorker`` in
burst mode, in this process (it writes on ``DATABASE_URL``, set to the test's database).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from rq import SimpleWorker
from sqlalchemy import Engine, func, select

import cli.push_batches
import ingest.batches
from api.ingest import make_ingest_blueprint
from cli.push_batches import BatchPusher
from ingest.jobs import IngestQueue
from store.coverage.models import SpeedTest
from tests.databases import database_url
from tests.flask_transport import through_test_client
from tests.ingest_helpers import small_write_engine, snapshot, token_authorizer
from tests.test_scale_out import client as redis_connection  # noqa: F401 (a fixture: Redis, or skipped/failed)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TOKENS = {
    "network-token": ("nms", {"ingest:network"}),
    "other-network-token": ("another-nms", {"ingest:network"}),
    "app-token": ("volunteer-app", {"ingest:app"}),
}
NETWORK = {"Authorization": "Bearer network-token"}
STATUS = [{"id": f"r{n}", "hotspot_id": n, "at": "2019-03-31T17:00:00Z", "state": "online"} for n in range(1, 6)]
SPEED_TESTS = [
    {
        "id": f"s{n}",
        "hotspot_id": n,
        "tested_at": "2019-03-30T09:00:00Z",
        "down_mbps": 28.5,
        "up_mbps": 9.1,
        "latency_ms": 31,
        "loss_pct": 0.5,
    }
    for n in range(1, 4)
]


authorize = token_authorizer(TOKENS)


@pytest.fixture
def jobs(redis_connection: redis.Redis) -> Iterator[IngestQueue]:  # noqa: F811 (the imported fixture)
    queue = IngestQueue(redis_connection, f"test-ingest-{uuid.uuid4().hex[:12]}")
    yield queue
    for registry in (queue.queue.finished_job_registry, queue.queue.failed_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)
    queue.queue.delete(delete_jobs=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with database_url(request.param, tmp_path) as url:
        engine = small_write_engine(url)
        monkeypatch.setenv("DATABASE_URL", url)  # where the worker writes
        yield engine
        engine.dispose()


@pytest.fixture
def client(engine: Engine, jobs: IngestQueue) -> FlaskClient:
    return _client(engine, jobs)


def _client(engine: Engine, jobs: IngestQueue | None) -> FlaskClient:
    return _server(engine, jobs).test_client()


def _server(engine: Engine, jobs: IngestQueue | None) -> Flask:
    app = Flask(__name__)
    app.register_blueprint(make_ingest_blueprint(authorize, lambda: engine, jobs=jobs))
    return app


def _work(jobs: IngestQueue) -> None:
    SimpleWorker([jobs.queue], connection=jobs.queue.connection).work(burst=True)


def _post(client: FlaskClient, kind: str, items: list[dict[str, Any]], token: str = "network-token") -> Any:
    return client.post(f"/api/v1/ingest/{kind}", json={"items": items}, headers={"Authorization": f"Bearer {token}"})


def _speed_tests(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(SpeedTest)) or 0


def test_a_status_batch_is_accepted_then_committed_by_the_worker(
    client: FlaskClient, engine: Engine, jobs: IngestQueue
) -> None:
    before = snapshot(engine)
    accepted = _post(client, "network_status", STATUS)
    assert accepted.status_code == 202
    location = accepted.headers["Location"]
    assert location == accepted.get_json()["location"] and location.startswith("/api/v1/ingest/jobs/network_status-")
    waiting = client.get(location, headers=NETWORK)
    assert (waiting.status_code, waiting.get_json()["status"], waiting.headers["Retry-After"]) == (200, "queued", "2")
    assert snapshot(engine) == before  # nothing written by the request

    _work(jobs)

    done = client.get(location, headers=NETWORK)
    assert done.status_code == 200 and "Retry-After" not in done.headers
    body = done.get_json()
    assert body["status"] == "finished"
    # the synchronous call's answer (tests/test_ingest_api.py): 1, 2 and 5 extended, 3 and 4 new
    assert (body["result"]["rows_in"], body["result"]["new"], body["result"]["changed"]) == (5, 2, 3)
    assert body["result"]["run"] is not None and "filename" not in body["result"]
    assert snapshot(engine)["hotspot_status_events"] != before["hotspot_status_events"]


@pytest.mark.parametrize(
    ("items", "words"),
    [([], "at least one item"), ([{"id": "x", "colour": "blue"}], "required columns not found")],
)
def test_a_bad_batch_is_refused_in_the_request(client: FlaskClient, jobs: IngestQueue, items: list, words: str) -> None:
    answer = _post(client, "network_status", items)
    assert answer.status_code == 400
    assert words in answer.get_json()["error"]["message"]
    assert jobs.queue.count == 0


def test_the_same_batch_twice_is_one_job_committed_once(client: FlaskClient, engine: Engine, jobs: IngestQueue) -> None:
    first = _post(client, "speed_tests", SPEED_TESTS).get_json()
    retried = _post(client, "speed_tests", SPEED_TESTS).get_json()
    assert retried["job"] == first["job"] and jobs.queue.count == 1
    before = _speed_tests(engine)
    _work(jobs)
    after_timeout = _post(client, "speed_tests", SPEED_TESTS)
    assert (after_timeout.status_code, after_timeout.get_json()["status"]) == (202, "finished")
    assert after_timeout.get_json()["result"]["new"] == len(SPEED_TESTS)
    assert jobs.queue.count == 0 and _speed_tests(engine) == before + len(SPEED_TESTS)


def test_a_failed_job_says_why_writes_nothing_and_runs_again_when_resent(
    client: FlaskClient, engine: Engine, jobs: IngestQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> None:
        raise OSError("No space left on device")

    before = snapshot(engine)
    location = _post(client, "speed_tests", SPEED_TESTS).headers["Location"]
    with monkeypatch.context() as patched:  # fails after the rows were written inside the transaction
        patched.setattr(ingest.batches, "_remember_item_ids", disk_full)
        _work(jobs)
    failed = client.get(location, headers=NETWORK).get_json()
    assert failed["status"] == "failed"
    assert "OSError" in failed["reason"] and "nothing of the batch was written" in failed["reason"]
    assert snapshot(engine) == before

    resent = _post(client, "speed_tests", SPEED_TESTS).get_json()
    assert (resent["job"], resent["status"]) == (failed["job"], "queued")
    _work(jobs)
    assert client.get(location, headers=NETWORK).get_json()["result"]["new"] == len(SPEED_TESTS)


def test_only_the_client_that_sent_a_batch_reads_its_job(client: FlaskClient, jobs: IngestQueue) -> None:
    location = _post(client, "network_status", STATUS).headers["Location"]
    assert client.get(location).status_code == 401
    assert client.get(location, headers={"Authorization": "Bearer app-token"}).status_code == 403
    other = client.get(location, headers={"Authorization": "Bearer other-network-token"})
    assert other.status_code == 404 and "no ingest job" in other.get_json()["error"]["message"]
    assert client.get("/api/v1/ingest/jobs/network_status-nothing", headers=NETWORK).status_code == 404
    assert client.get("/api/v1/ingest/jobs/tractors-0123", headers=NETWORK).status_code == 404


def test_small_batches_of_the_app_stay_in_the_request(client: FlaskClient, jobs: IngestQueue) -> None:
    volunteer = {"id": "APP-9", "village_code": "84020101", "full_name": "ทดสอบ", "phone": "0810000009",
                 "registered_on": "2019-02-01"}  # fmt: skip
    answer = _post(client, "volunteers", [volunteer], token="app-token")
    assert (answer.status_code, answer.get_json()["new"]) == (200, 1)
    assert jobs.queue.count == 0


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_without_redis_the_batch_is_committed_in_the_request(engine: Engine) -> None:
    for jobs in (None, IngestQueue(redis.Redis.from_url("redis://127.0.0.1:1/0"))):  # unset, and down
        answer = _post(_client(engine, jobs), "network_status", STATUS)
        assert answer.status_code == 200 and answer.get_json()["rows_in"] == 5
    assert _client(engine, None).get("/api/v1/ingest/jobs/network_status-0", headers=NETWORK).status_code == 404


def test_push_batches_waits_for_a_queued_batch_and_reports_what_it_committed(
    engine: Engine, jobs: IngestQueue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m cli push-batches` against a cluster: the status batch is queued, so its counts come with the job."""
    (tmp_path / "status-1.json").write_text(json.dumps({"items": STATUS}), encoding="utf-8")
    manifest = {"batches": [{"kind": "network_status", "file": "status-1.json", "items": len(STATUS)}], "images": []}
    waits = []

    def the_worker_works_while_the_client_waits(seconds: float) -> None:
        waits.append(seconds)
        _work(jobs)

    clock = type("Clock", (), {"sleep": staticmethod(the_worker_works_while_the_client_waits)})
    monkeypatch.setattr(cli.push_batches, "time", clock)
    monkeypatch.setattr(clock, "perf_counter", time.perf_counter, raising=False)
    pusher = BatchPusher("http://dashboard.test", "network-token", sessions=through_test_client(_server(engine, jobs)))
    report = pusher.push(tmp_path, manifest, workers=1, progress=lambda _: None)
    assert waits, "the batch was queued, not committed in the request"
    assert report.counts["network_status"]["rows_in"] == len(STATUS)
    assert report.counts["network_status"]["new"] + report.counts["network_status"]["changed"] > 0
    assert report.rejected == 0
