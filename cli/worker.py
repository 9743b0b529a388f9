"""``python -m cli worker``: the RQ worker that commits the machines' queued batches on the primary.

It listens on ``INGEST_QUEUE`` (default ``netdash-ingest``) of ``REDIS_URL`` and writes on
``DATABASE_URL``. Each job runs in a child process (RQ's default ``Worker``): a job that leaks or
crashes takes nothing of the worker with it. SIGTERM (systemd, ``make cluster-stop``) lets the
job under way finish, then the worker exits; a second SIGTERM stops the job, whose transaction
then writes nothing. Exit status: 0 stopped, 2 not configured (no Redis, or the queue ``off``),
3 the database is not ready.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys

from rq import Queue, Worker

from ingest.jobs import configured_queue_name, worker_connection
from store.core.db import database_url
from store.core.readiness import DatabaseNotReady, check_ready


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("worker", help="commit the queued ingest batches (needs REDIS_URL)")
    parser.add_argument("--burst", action="store_true", help="work through the queued jobs, then exit")


def run(args: argparse.Namespace) -> int:
    name = configured_queue_name(os.environ)
    if not os.environ.get("REDIS_URL") or name is None:
        print(
            "netpracharat: no ingest queue (REDIS_URL unset, or INGEST_QUEUE=off): nothing to work on", file=sys.stderr
        )
        return 2
    try:
        check_ready(database_url())
    except DatabaseNotReady as problem:
        print(f"netpracharat: {problem}", file=sys.stderr)
        return 3
    connection = worker_connection()
    worker = Worker([Queue(name, connection=connection)], connection=connection, name=_worker_name())
    worker.work(burst=args.burst, logging_level="INFO")
    return 0


def _worker_name() -> str:
    """Host and process: several workers, on one machine or many, are told apart in ``rq info``."""
    return f"netdash-ingest-{socket.gethostname()}-{os.getpid()}"
