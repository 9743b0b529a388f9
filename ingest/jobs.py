"""Large machine batches committed by a worker, not in the web request: an RQ queue on Redis.

The network feed sends every hotspot of the country each minute (26,252 reports, ~1.6 MB); its
commit takes seconds and, inside the request, held a web thread all that time. With
``REDIS_URL`` set, the request checks the batch (token, size, shape, columns), hands its raw
body to the queue and answers 202 with the job's URL; ``python -m cli worker`` commits it on the
primary (``DATABASE_URL``) through the same ``ingest_batch`` as the synchronous path, in one
transaction: a job that fails has written nothing, and says why.

| variable | effect |
| --- | --- |
| ``REDIS_URL`` | set: the kinds of ``QUEUED_KINDS`` go through the queue; unset: committed in the request |
| ``INGEST_QUEUE`` | the queue's name (default ``netdash-ingest``); ``off``: commit in the request even with Redis |
| ``INGEST_JOB_TIMEOUT_S`` | a job running longer is stopped and fails (default 600 s) |

A job's id is its kind and a digest of the queue, the client and the body: the same batch sent again while
its job is known (queued, running, or finished within ``RESULT_TTL_S``) gets the same job, so a
retry after a timeout commits nothing twice; a failed job is replaced by a new one. Beyond that,
the import's own idempotency holds (known item ids acknowledged, status reports by natural key).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final

import redis
from redis.exceptions import RedisError
from rq import Callback, Queue, Worker
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.timeouts import JobTimeoutException

from ingest.batches import batch_answer, batch_items, ingest_batch
from ingest.messages import FileRejected
from store.core.db import make_write_engine

QUEUED_KINDS: Final = frozenset({"network_status", "speed_tests"})
"""The kinds whole networks send at once; the app's small batches stay in the request."""
DEFAULT_QUEUE: Final = "netdash-ingest"
QUEUE_OFF: Final = "off"
DEFAULT_JOB_TIMEOUT_S: Final = 600
RESULT_TTL_S: Final = 24 * 3600
"""How long a finished job's answer can be read (and a resent batch recognised)."""
FAILURE_TTL_S: Final = 7 * 24 * 3600
ENDED_UNFINISHED: Final = frozenset(ended.value for ended in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED))
JOB_ID: Final = re.compile(r"(?P<kind>[a-z_]{1,40})-(?P<digest>[0-9a-f]{32})")
NOTHING_WRITTEN: Final = "nothing of the batch was written; it may be sent again"


@dataclass(frozen=True)
class JobState:
    """What the client is told of its job: queued, started, finished with the import's answer, or failed with why."""

    job_id: str
    kind: str
    status: str
    answer: dict[str, Any] | None = None
    reason: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in ENDED_UNFINISHED

    @property
    def pending(self) -> bool:
        return self.status != JobStatus.FINISHED.value and not self.failed

    def json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"job": self.job_id, "kind": self.kind, "status": self.status}
        if self.answer is not None:
            body["result"] = self.answer
        if self.reason is not None:
            body["reason"] = self.reason
        return body


class IngestQueue:
    """The web side: hands batches to the queue and reads their jobs back for their client."""

    def __init__(self, connection: redis.Redis, name: str = DEFAULT_QUEUE, job_timeout_s: int = DEFAULT_JOB_TIMEOUT_S):
        self.queue = Queue(name, connection=connection)
        self.job_timeout_s = job_timeout_s

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> IngestQueue | None:
        """The queue the environment configures; None: batches are committed in the request."""
        name = configured_queue_name(environ)
        if not environ.get("REDIS_URL") or name is None:
            return None
        connection = redis.Redis.from_url(environ["REDIS_URL"], socket_timeout=5.0, socket_connect_timeout=1.0)
        return cls(connection, name, int(environ.get("INGEST_JOB_TIMEOUT_S") or DEFAULT_JOB_TIMEOUT_S))

    def takes(self, kind_name: str) -> bool:
        return kind_name in QUEUED_KINDS

    def submit(self, kind_name: str, body: bytes, actor: str, *, remote_addr: str = "") -> JobState:
        """Queue the raw JSON ``body`` (already checked); the job of the same batch when one is still known.

        Raises ``RedisError`` when Redis does not answer (the caller commits in the request instead).
        """
        parts = (self.queue.name.encode(), actor.encode(), kind_name.encode(), body)
        digest = hashlib.sha256(b"\0".join(parts)).hexdigest()[:32]
        job_id = f"{kind_name}-{digest}"
        known = self.state(job_id, actor)
        if known is not None and not known.failed:
            return known
        if known is not None:  # failed: the client sends it again, it runs again
            Job.fetch(job_id, connection=self.queue.connection).delete()
        try:
            self._enqueue(job_id, kind_name, body, actor, remote_addr)
        except DuplicateJobError:  # the same batch, sent twice at the same moment: one job
            return self.state(job_id, actor) or JobState(job_id, kind_name, JobStatus.QUEUED.value)
        return JobState(job_id, kind_name, JobStatus.QUEUED.value)

    def _enqueue(self, job_id: str, kind_name: str, body: bytes, actor: str, remote_addr: str) -> Job:
        return self.queue.enqueue(
            commit_queued_batch,
            kind_name,
            body,
            actor,
            remote_addr,
            job_id=job_id,
            unique=True,
            job_timeout=self.job_timeout_s,
            result_ttl=RESULT_TTL_S,
            failure_ttl=FAILURE_TTL_S,
            meta={"actor": actor},
            on_failure=Callback(remember_why_it_failed),
            description=f"ingest {kind_name} from {actor}",
        )

    def state(self, job_id: str, actor: str) -> JobState | None:
        """The job ``job_id`` as its client sees it; None when unknown, lapsed, or another client's."""
        match = JOB_ID.fullmatch(job_id)
        if match is None:
            return None
        try:
            job = Job.fetch(job_id, connection=self.queue.connection)
        except NoSuchJobError:
            return None
        if job.meta.get("actor") != actor:
            return None
        status = JobStatus(job.get_status(refresh=False)).value
        if status == JobStatus.FINISHED.value:
            return JobState(job_id, match["kind"], status, answer=job.return_value())
        if status in ENDED_UNFINISHED:
            reason = job.meta.get("reason") or f"the job ended before it finished (a worker died?): {NOTHING_WRITTEN}"
            return JobState(job_id, match["kind"], status, reason=reason)
        return JobState(job_id, match["kind"], status)

    def health(self) -> dict[str, Any]:
        """For ``/healthz``: the workers listening and the batches waiting."""
        try:
            workers = Worker.count(queue=self.queue)
            waiting = self.queue.count
        except RedisError as error:
            return {"status": f"down: {type(error).__name__}", "queue": self.queue.name}
        status = "ok" if workers else "no worker: batches wait (start python -m cli worker)"
        return {"status": status, "queue": self.queue.name, "workers": workers, "waiting": waiting}


def commit_queued_batch(kind_name: str, body: bytes, actor: str, remote_addr: str = "") -> dict[str, Any]:
    """The job: commit the batch on the primary (the audit event with the client's address, as in the
    request); its answer is what the request would have returned."""
    engine = make_write_engine()
    try:
        items = batch_items(json.loads(body))
        return batch_answer(ingest_batch(engine, kind_name, items, actor, remote_addr=remote_addr))
    finally:
        engine.dispose()


def remember_why_it_failed(
    job: Job,
    _connection: redis.Redis,
    _type: type[BaseException],
    error: BaseException,
    _traceback: TracebackType | None,
) -> None:
    """RQ's failure callback: the reason the client reads (the traceback stays in the worker's log)."""
    job.meta["reason"] = failure_reason(error)
    job.save_meta()  # type: ignore[no-untyped-call]  # rq 3.0 leaves it unannotated


def failure_reason(error: BaseException) -> str:
    """Why a job failed, in words for the client: a refused batch in both languages, else what happened."""
    if isinstance(error, FileRejected):
        return f"{error.reason.en} / {error.reason.th}"
    if isinstance(error, JobTimeoutException):
        return f"the batch took longer than the job's time limit: {NOTHING_WRITTEN}"
    return f"the batch could not be committed ({type(error).__name__}): {NOTHING_WRITTEN}"


def worker_connection(url: str | None = None) -> redis.Redis:
    """The worker's Redis: no read timeout (it waits on the queue for minutes at a time)."""
    return redis.Redis.from_url(url or os.environ["REDIS_URL"])


def configured_queue_name(environ: Mapping[str, str]) -> str | None:
    """``INGEST_QUEUE`` or the default; None when it says ``off``."""
    name = environ.get("INGEST_QUEUE") or DEFAULT_QUEUE
    return None if name == QUEUE_OFF else name
