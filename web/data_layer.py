"""The data layer as configured: the primary, an optional read replica, an optional Redis.

| variable | effect |
| --- | --- |
| ``DATABASE_URL`` | the primary (writes, and reads when there is no replica) |
| ``DATABASE_READ_URL`` | a streaming replica for pages and the API; reads fall back to the primary when it is down |
| ``REDIS_URL`` | one cache of derived figures for every worker and host, and change announcements |

Without the last two this is the embedded default: one SQLite file, caches in each process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from flask import Flask, Response, g, has_request_context, request

from dashboard.answer_cache import CallbackAnswers
from store.core.cache import AnswerCache, VersionedCache
from store.core.db import make_engine, make_session_factory, make_write_engine
from store.core.routing import ReadSessions, prefer_primary, prefer_primary_from_now
from store.core.shared_cache import DataChangeBus, SharedCache, redis_client, redis_ping
from store.core.versions import DataKind, DataVersionReader, pin_for_request, unpin
from store.coverage.freshness import FreshnessQueries
from store.coverage.queries import CoverageQueries
from store.showcase.queries import ShowcaseQueries
from store.tickets.queries import TicketQueries
from store.tickets.workflow import TicketWorkflow, end_of_data_clock

PRIMARY_COOKIE = "netdash_read_primary_until"
READ_YOUR_WRITES_S = 10
"""After a write, the writer's reads go to the primary this long: longer than any healthy replica lag."""


@dataclass(frozen=True)
class DataLayer:
    """The query objects and the workflow, wired to the configured databases and cache."""

    queries: CoverageQueries
    freshness: FreshnessQueries
    tickets: TicketQueries
    showcase: ShowcaseQueries
    workflow: TicketWorkflow
    reads: ReadSessions
    redis: redis.Redis | None
    answers: CallbackAnswers

    def health(self) -> dict[str, Any]:
        """The replica's and Redis's state for ``/healthz`` (none when not configured)."""
        replica = self.reads.status()
        report: dict[str, Any] = {}
        if replica.configured:
            report["replica"] = {
                "status": "ok" if replica.answering else "down: reading from the primary",
                "lag_s": replica.lag_s,
                "lag_bytes": replica.lag_bytes,
                **({"error": replica.error} if replica.error else {}),
            }
        if self.redis is not None:
            report["redis"] = redis_ping(self.redis)
        return report


def build_data_layer(
    database_url: str | None = None, read_url: str | None = None, environ: dict[str, str] | None = None
) -> DataLayer:
    """The data layer of ``database_url`` (default ``DATABASE_URL``) reading from the replica at ``read_url``
    (default ``DATABASE_READ_URL``), with the environment's Redis."""
    environ = dict(os.environ) if environ is None else environ
    primary = make_engine(database_url)
    read_url = read_url or environ.get("DATABASE_READ_URL")
    reads = ReadSessions(primary, make_engine(read_url) if read_url else None)
    client = redis_client(environ["REDIS_URL"]) if environ.get("REDIS_URL") else None
    bus = DataChangeBus(client) if client is not None else None
    versions = DataVersionReader(reads)

    def cache(namespace: str, size: int) -> AnswerCache:
        local = VersionedCache(size)
        return SharedCache(client, namespace, local) if client is not None else local

    queries = CoverageQueries(reads, versions, cache("coverage", 512))
    freshness = FreshnessQueries(queries, reads, versions, cache("freshness", 256))
    tickets = TicketQueries(reads, versions=versions, cache=cache("tickets", 256))
    showcase = ShowcaseQueries(reads, versions, cache("showcase", 128))
    answers = CallbackAnswers(lambda namespace: cache(namespace, 128))
    workflow = TicketWorkflow(
        make_session_factory(make_write_engine(database_url)),
        end_of_data_clock(lambda: queries.data_range().last),
        on_change=_announce(bus),
    )
    if bus is not None:

        def drop_local_copies(_kind: str) -> None:
            for query in (queries, freshness, tickets, showcase):
                query.clear_local_cache()
            answers.clear_local()

        bus.subscribe(drop_local_copies)
    return DataLayer(queries, freshness, tickets, showcase, workflow, reads, client, answers)


def _announce(bus: DataChangeBus | None) -> Callable[[DataKind], None]:
    """After a commit: tell the other workers, and send this requester's reads to the primary."""

    def announce(kind: DataKind) -> None:
        if bus is not None:
            bus.publish(kind)
        if has_request_context():
            note_written()

    return announce


def note_written() -> None:
    """This request wrote: its own later reads, and the requester's for ``READ_YOUR_WRITES_S``
    (a cookie), go to the primary, where the write already is."""
    g.data_written = True
    prefer_primary_from_now()


def register_request_hooks(server: Flask) -> None:
    """Per request: one reading of the data versions; and read-your-own-writes after a write.

    A click runs about seven callbacks and each asks several cached questions: they all use one
    reading of the data versions. A requester who has just written carries a cookie for a few
    seconds that sends their reads to the primary, where their change already is.
    """

    @server.before_request
    def pin_request() -> None:
        g.data_versions_pin = pin_for_request()
        wants_primary = _float(request.cookies.get(PRIMARY_COOKIE)) > time.time()
        g.primary_reads = prefer_primary(wants_primary)
        g.primary_reads.__enter__()

    @server.after_request
    def remember_write(response: Response) -> Response:
        if g.get("data_written"):
            until = time.time() + READ_YOUR_WRITES_S
            response.set_cookie(
                PRIMARY_COOKIE, f"{until:.0f}", max_age=READ_YOUR_WRITES_S, httponly=True, samesite="Lax"
            )
        return response

    @server.teardown_request
    def unpin_request(_error: BaseException | None) -> None:
        if (token := g.pop("data_versions_pin", None)) is not None:
            unpin(token)
        if (primary_reads := g.pop("primary_reads", None)) is not None:
            primary_reads.__exit__(None, None, None)


def _float(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0
