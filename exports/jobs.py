"""XLSX files built off the request threads: a small pool of worker processes, jobs on disk.

A country's tickets as XLSX take seconds of CPU. Built inside a request they held a server
thread each, and eight at once stopped ``/healthz``. Now a request only queues a job and answers
with its id at once; ``EXPORT_WORKERS`` worker processes (default 2, at a lower CPU priority than
the server) build the files, the others wait their turn, and the page polls the job's progress
until it offers the file. CSV needs no job: it is streamed while it is read (``api.exports``),
``EXPORT_STREAMS`` at a time per server process.

A job is a JSON file beside its XLSX under ``EXPORT_DIR`` (default ``var/exports``), so any
worker process of the server can answer for it; both are deleted ``EXPORT_KEEP_MINUTES`` after
they were last written. A job id is 32 random URL-safe characters (``secrets``): knowing it is
what lets a request read the job. Each job also records its owner (the requester's principal);
today everyone is the anonymous principal, and with sign-in the same check starts to matter.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from exports.sources import ExportRequest, ExportSources
from exports.tables import write_xlsx
from store.core.access import Principal
from store.core.db import PROJECT_ROOT, make_engine
from store.core.routing import ReadSessions
from store.coverage.queries import CoverageQueries
from store.tickets.queries import TicketQueries

log = logging.getLogger(__name__)

JobState = Literal["queued", "running", "done", "failed"]
JOB_ID = re.compile(r"[A-Za-z0-9_-]{32}")
DEFAULT_EXPORT_DIR = PROJECT_ROOT / "var" / "exports"
EXPORT_JOBS_EXTENSION = "netpracharat.export_jobs"
"""``server.extensions`` key of the server's ``ExportJobs``."""
WORKER_NICENESS = 10
"""Worker processes yield the CPU to the server's request threads."""
PARENT_CHECK_S = 1.0
"""How often a worker process looks whether its server process is still there."""


def owner_of(principal: Principal) -> str:
    """Who a job belongs to: the requester's principal (its kind and account). A job and its file
    are served only to the person (or machine) who asked for it, and its id is unguessable too."""
    return f"{principal.kind}:{principal.account}"


class ExportsBusy(Exception):
    """Too many exports at once on this server process; try again in ``retry_after_s``."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class ExportSettings:
    """``EXPORT_DIR``, ``EXPORT_WORKERS``, ``EXPORT_STREAMS``, ``EXPORT_QUEUE``, ``EXPORT_KEEP_MINUTES``."""

    directory: Path = DEFAULT_EXPORT_DIR
    workers: int = 2
    streams: int = 2
    queue: int = 16
    keep_minutes: int = 60

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ExportSettings:
        """The settings of the environment; a value that is not a whole number in range stops the start."""
        return cls(
            directory=Path(environ.get("EXPORT_DIR") or DEFAULT_EXPORT_DIR),
            workers=_whole(environ, "EXPORT_WORKERS", cls.workers, 1, 16),
            streams=_whole(environ, "EXPORT_STREAMS", cls.streams, 1, 64),
            queue=_whole(environ, "EXPORT_QUEUE", cls.queue, 0, 1000),
            keep_minutes=_whole(environ, "EXPORT_KEEP_MINUTES", cls.keep_minutes, 1, 7 * 24 * 60),
        )


def _whole(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise SystemExit(f"{name} must be a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class JobStatus:
    """Where one export job stands; saved as JSON beside its file."""

    id: str
    owner: str
    file_name: str
    state: JobState = "queued"
    rows_done: int = 0
    rows_total: int | None = None
    created_at: float = 0.0
    error: str | None = None

    @property
    def progress(self) -> float:
        """0 to 1; 1 once the file is there."""
        if self.state == "done":
            return 1.0
        return min(self.rows_done / self.rows_total, 1.0) if self.rows_total else 0.0

    def public(self) -> dict[str, Any]:
        """What the requester sees (the owner stays on the server)."""
        shown = {key: value for key, value in asdict(self).items() if key not in ("owner", "created_at")}
        return {**shown, "progress": round(self.progress, 3)}


class JobStore:
    """Job records and files under one folder; any process of the server reads the same."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def new(self, owner: str, file_name: str) -> JobStatus:
        job = JobStatus(secrets.token_urlsafe(24), owner, file_name, created_at=time.time())
        self.save(job)
        return job

    def save(self, job: JobStatus) -> None:
        """Write the record whole, then move it into place: a reader never sees half of it."""
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.directory / f"{job.id}.json.{os.getpid()}.part"
        partial.write_text(json.dumps(asdict(job)), encoding="utf-8")
        os.replace(partial, self._record(job.id))

    def load(self, job_id: str) -> JobStatus | None:
        """The job, or ``None`` for an id that is malformed, unknown or expired."""
        if not JOB_ID.fullmatch(job_id):
            return None
        try:
            return JobStatus(**json.loads(self._record(job_id).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def file(self, job: JobStatus) -> Path:
        return self.directory / f"{job.id}.xlsx"

    def remove_expired(self, keep_s: float) -> None:
        """Delete records and files (finished or abandoned) last written more than ``keep_s`` ago."""
        cutoff = time.time() - keep_s
        for path in self.directory.glob("*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:  # another process removed it first
                continue

    def _record(self, job_id: str) -> Path:
        return self.directory / f"{job_id}.json"


class ExportJobs:
    """The export jobs of one server process: XLSX in worker processes, and the CSV stream slots."""

    def __init__(self, settings: ExportSettings, database_url: str, read_url: str | None = None) -> None:
        self.settings = settings
        self.store = JobStore(settings.directory)
        self._databases = (database_url, read_url)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: set[Future[None]] = set()
        self._lock = threading.Lock()
        self._streams = threading.BoundedSemaphore(settings.streams)
        settings.directory.mkdir(parents=True, exist_ok=True)
        self.store.remove_expired(self._keep_s)

    @property
    def _keep_s(self) -> float:
        return self.settings.keep_minutes * 60.0

    def submit(self, request: ExportRequest, owner: str) -> JobStatus:
        """Queue an XLSX export; ``ExportsBusy`` when the workers and the queue are full."""
        with self._lock:
            if len(self._pending) >= self.settings.workers + self.settings.queue:
                raise ExportsBusy(f"{len(self._pending)} exports are being built or waiting; try again soon", 10)
            self.store.remove_expired(self._keep_s)
            job = self.store.new(owner, request.file_name("xlsx"))
            future = self._submit(job, request)
            self._pending.add(future)
        future.add_done_callback(lambda done: self._finished(job, done))
        return job

    def status(self, job_id: str, owner: str) -> JobStatus | None:
        """The job of ``job_id`` if ``owner`` asked for it; else ``None`` (as for an unknown id)."""
        job = self.store.load(job_id)
        return job if job is not None and secrets.compare_digest(job.owner, owner) else None

    def file(self, job: JobStatus) -> Path:
        return self.store.file(job)

    def stream_slot(self) -> threading.BoundedSemaphore:
        """Take one of the ``EXPORT_STREAMS`` slots for a CSV stream (release it when the response
        closes); ``ExportsBusy`` when every slot is taken, so streams never hold every server thread."""
        if not self._streams.acquire(blocking=False):
            raise ExportsBusy(f"{self.settings.streams} CSV exports are being sent; try again in a few seconds", 5)
        return self._streams

    def _submit(self, job: JobStatus, request: ExportRequest) -> Future[None]:
        for attempt in (1, 2):
            try:
                return self._executor().submit(build_xlsx, job, request, str(self.store.directory), *self._databases)
            except BrokenProcessPool:  # a worker died (killed, out of memory): start a new pool once
                if attempt == 2:
                    raise
                self._pool = None
        raise AssertionError("unreachable")

    def _executor(self) -> ProcessPoolExecutor:
        """The worker processes, started on the first export (a server that exports nothing has none).

        Spawned, not forked: a fork of a threaded server would copy its locks and its database
        connections mid-use."""
        if self._pool is None:
            self._pool = export_pool(self.settings.workers)
        return self._pool

    def _finished(self, job: JobStatus, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)
        if future.cancelled():  # the server is stopping: its record expires with the others
            return
        error = future.exception()
        if error is not None:  # the worker process itself failed; build_xlsx records its own errors
            log.error("export %s failed in its worker process: %r", job.id, error)
            self.store.save(replace(job, state="failed", error=type(error).__name__))

    def shutdown(self) -> None:
        """Cancel the queued jobs and wait for the running ones, then for the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        """End the worker processes now, for a server process that is exiting.

        Python's exit would join them (``concurrent.futures``' exit handler): a running export, or
        workers at their low CPU priority on a busy host, held a stopping server process until it
        was killed. Queued jobs are cancelled; a running one ends with its worker and is recorded
        as failed (``_finished``), and its page says so.
        """
        pool, self._pool = self._pool, None
        if pool is None:
            return
        workers = list((pool._processes or {}).values())  # no public handle on them before Python 3.14
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()


def export_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` spawned processes at a lower CPU priority, each ending when this process is gone."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(WORKER_NICENESS, os.getpid()),
    )


def start_worker(niceness: int, server_pid: int) -> None:
    """Run first in each worker process: yield the CPU to the server, and end when the server has.

    A server process that dies without running its exit code (``make run``'s waitress on SIGTERM,
    which has no exit hook as gunicorn's workers have; any process on SIGKILL) left its workers
    running for good, about 140 MB each, waiting for jobs that would never come."""
    os.nice(niceness)
    threading.Thread(target=_end_with, args=(server_pid,), name="end-with-server", daemon=True).start()


def _end_with(server_pid: int) -> None:
    while os.getppid() == server_pid:  # an orphan's parent becomes init (or a subreaper)
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


def terminate_export_workers(server: Any) -> None:
    """End the export worker processes of ``server`` (the Flask app of ``create_app``), if it started any."""
    jobs = getattr(server, "extensions", {}).get(EXPORT_JOBS_EXTENSION)
    if isinstance(jobs, ExportJobs):
        jobs.terminate()


def build_xlsx(job: JobStatus, request: ExportRequest, directory: str, database_url: str, read_url: str | None) -> None:
    """Run in a worker process: build the job's file, recording progress after each chunk of rows."""
    store = JobStore(Path(directory))
    target = store.file(job)
    partial = target.with_suffix(".xlsx.part")
    try:
        sources = _worker_sources(database_url, read_url)
        running = replace(job, state="running", rows_total=sources.total(request))
        store.save(running)
        written = write_xlsx(
            partial,
            request.kind,
            sources.headers(request),
            sources.frames(request),
            on_rows=lambda rows: store.save(replace(running, rows_done=rows)),
        )
        os.replace(partial, target)
        store.save(replace(running, state="done", rows_done=written))
    except Exception as error:  # recorded for the requester; the traceback goes to the worker's log
        log.exception("export %s failed", job.id)
        partial.unlink(missing_ok=True)
        store.save(replace(job, state="failed", error=type(error).__name__))


@lru_cache(maxsize=4)
def _worker_sources(database_url: str, read_url: str | None) -> ExportSources:
    """The worker process's own engines and queries, made on its first job and kept."""
    reads = ReadSessions(make_engine(database_url), make_engine(read_url) if read_url else None)
    return ExportSources(CoverageQueries(reads), TicketQueries(reads))
