"""The derived-figures cache shared by every worker of every host, through Redis.

Without it each gunicorn worker computes the country's figures for itself after every change; with
``REDIS_URL`` set, the first worker to need an answer computes it (holding a short Redis lock, so
the others wait for it rather than compute it too) and stores it under the data version it belongs
to; every other worker reads it from there. Each worker keeps a small in-process copy in front
(``VersionedCache``), because unpickling a 24,700-row frame costs more than looking it up.

A change of data publishes a message (``DataChangeBus``): every worker drops its in-process copies
at once. Each read of an answer keeps it another ``TTL_S``; the answers of old versions, never read
again, expire ``TTL_S`` after their last read.

If Redis does not answer, each worker computes for itself, as without Redis, and says so once.
Redis holds pickled frames of this application only: it must not be reachable by anyone else.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import redis
from redis.exceptions import RedisError

from store.core.cache import VersionedCache

log = logging.getLogger(__name__)
T = TypeVar("T")

TTL_S = 15 * 60
"""How long an answer nobody reads stays in Redis. It was 6 hours, unrefreshed: under 200 users
moving tickets every second each version's answers piled up (97,000 keys, 710 MB in 35 minutes,
and Redis evicts nothing: it refuses writes when full). An answer still read is kept by its reads."""
LOCK_S = 60.0
"""The longest a worker may hold the right to compute one answer (then another may take it)."""
WAIT_POLL_S = 0.02
CHANNEL = "netdash:data-changed"


class SharedCache:
    """``VersionedCache``'s interface, backed by Redis for the whole cluster."""

    def __init__(self, client: redis.Redis, namespace: str, local: VersionedCache | None = None) -> None:
        self._redis = client
        self._namespace = namespace
        self._local = local or VersionedCache(128)
        self._warned = False

    def clear_local(self) -> None:
        """Drop the in-process copies (another process changed the data)."""
        self._local.clear()

    def get_or_compute(self, version: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
        return self._local.get_or_compute(version, key, lambda: self._shared(version, key, compute))

    def peek(self, version: Hashable, key: Hashable) -> tuple[bool, Any]:
        found, value = self._local.peek(version, key)
        if found:
            return found, value
        try:
            blob = self._redis.getex(self._keys(version, key)[0], ex=TTL_S)
        except RedisError:
            return False, None
        if blob is None:
            return False, None
        value = pickle.loads(cast(bytes, blob))
        return True, self._local.get_or_compute(version, key, lambda: value)

    def _keys(self, version: Hashable, key: Hashable) -> tuple[str, str]:
        """The Redis keys of an answer and of the lock of its computation."""
        digest = hashlib.sha256(repr((version, key)).encode()).hexdigest()[:32]
        return f"netdash:{self._namespace}:{digest}", f"netdash:lock:{self._namespace}:{digest}"

    def _shared(self, version: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
        value_key, lock_key = self._keys(version, key)
        try:
            return self._read_or_fill(value_key, lock_key, compute)
        except RedisError as error:
            if not self._warned:
                log.warning("Redis not answering (%s): computing in this worker", type(error).__name__)
                self._warned = True
            return compute()

    def _read_or_fill(self, value_key: str, lock_key: str, compute: Callable[[], T]) -> T:
        deadline = time.monotonic() + LOCK_S
        while True:
            blob = self._redis.getex(value_key, ex=TTL_S)
            if blob is not None:
                self._warned = False
                return cast(T, pickle.loads(cast(bytes, blob)))
            if self._redis.set(lock_key, b"1", nx=True, px=int(LOCK_S * 1000)):
                break  # this worker computes
            if time.monotonic() > deadline:
                return compute()  # the holder died: compute rather than wait forever
            time.sleep(WAIT_POLL_S)
        try:
            value = compute()
            self._redis.set(value_key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), ex=TTL_S)
            return value
        finally:
            self._redis.delete(lock_key)


class DataChangeBus:
    """Tells every worker of the cluster that data changed, so each drops its in-process copies."""

    def __init__(self, client: redis.Redis) -> None:
        self._redis = client
        self._listeners: list[Callable[[str], None]] = []
        self._thread: threading.Thread | None = None

    def publish(self, kind: str) -> None:
        """Announce a change of ``kind`` (after the change is committed)."""
        try:
            self._redis.publish(CHANNEL, kind.encode())
        except RedisError as error:
            log.warning("could not announce a data change on Redis (%s)", type(error).__name__)

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(kind)`` for every change announced by any process; starts one listening thread."""
        self._listeners.append(listener)
        if self._thread is None:
            self._thread = threading.Thread(target=self._listen, name="data-change-bus", daemon=True)
            self._thread.start()

    def _listen(self) -> None:
        while True:
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    data = message["data"]
                    kind = data.decode() if isinstance(data, bytes) else ""
                    for listener in self._listeners:
                        listener(kind)
            except RedisError:
                time.sleep(1.0)  # Redis restarting: listen again


def redis_client(url: str) -> redis.Redis:
    """A client with short timeouts: a slow Redis must not stall a page."""
    return redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=1.0, health_check_interval=30)


def redis_ping(client: redis.Redis) -> dict[str, Any]:
    """Redis's state for ``/healthz``: answering, and its memory in use."""
    try:
        info: dict[str, Any] = client.info("memory")
        return {"status": "ok", "used_memory_mb": round(int(info["used_memory"]) / 1e6, 1)}
    except RedisError as error:
        return {"status": "down", "error": type(error).__name__}
