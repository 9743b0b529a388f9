"""The one cache of derived answers: version changes, eviction, concurrent fills, per-kind versions."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import insert

from store.core.cache import VersionedCache
from store.core.db import make_engine, make_session_factory
from store.core.models import DataChange
from store.core.versions import DataVersionReader, DataVersions, pinned_for_request
from tests.databases import new_database_url
from tests.small_db import build_small_database

CHANGED_AT = dt.datetime(2019, 2, 1)


def counting(value: object) -> tuple[list[int], Callable[[], object]]:
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return value

    return calls, compute


def test_an_answer_is_kept_until_the_version_moves() -> None:
    cache = VersionedCache()
    calls, compute = counting("answer")
    assert cache.get_or_compute(1, "q", compute) == "answer"
    assert cache.get_or_compute(1, "q", compute) == "answer"
    assert len(calls) == 1
    assert cache.get_or_compute(2, "q", compute) == "answer"
    assert len(calls) == 2, "a new version must drop the old answer"


def test_a_new_version_empties_every_entry() -> None:
    cache = VersionedCache()
    for key in "abc":
        cache.get_or_compute(1, key, lambda: 0)
    assert len(cache) == 3
    cache.get_or_compute(2, "a", lambda: 0)
    assert len(cache) == 1


def test_the_least_recently_used_entry_is_evicted_first() -> None:
    cache = VersionedCache(max_entries=2)
    cache.get_or_compute(1, "a", lambda: "a")
    cache.get_or_compute(1, "b", lambda: "b")
    cache.get_or_compute(1, "a", lambda: "unused")  # 'a' is now the most recent
    cache.get_or_compute(1, "c", lambda: "c")  # evicts 'b'
    calls, compute = counting("b again")
    assert cache.get_or_compute(1, "b", compute) == "b again" and calls == [1]
    assert cache.get_or_compute(1, "a", lambda: "recomputed") == "recomputed"  # 'a' went when 'b' came back
    assert len(cache) == 2


def test_concurrent_fills_of_one_key_compute_once() -> None:
    cache = VersionedCache()
    started = threading.Event()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        started.set()
        time.sleep(0.2)  # a slow query, so the other threads arrive while it runs
        return "figures"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_compute(1, "k", slow))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert results == ["figures"] * 8
    assert calls == [1]


def test_a_failed_fill_raises_for_every_waiter_and_is_not_kept() -> None:
    cache = VersionedCache()

    def failing() -> str:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cache.get_or_compute(1, "k", failing)
    assert cache.get_or_compute(1, "k", lambda: "ok") == "ok"


def test_versions_per_kind_and_one_reading_per_request(tmp_path) -> None:
    url = new_database_url(tmp_path, "small")
    engine = build_small_database(url)
    reader = DataVersionReader(make_session_factory(make_engine(url)))
    before = reader.read()
    with engine.begin() as connection:
        connection.execute(insert(DataChange), {"kind": "tickets", "what": "ticket 1", "changed_at": CHANGED_AT})
    after = reader.read()
    assert after.tickets > before.tickets and after.coverage == before.coverage
    assert after.of("coverage") == before.of("coverage"), "a ticket edit must not retire the coverage figures"
    with pinned_for_request():
        first = reader.current()
        with engine.begin() as connection:
            connection.execute(insert(DataChange), {"kind": "coverage", "what": "import", "changed_at": CHANGED_AT})
        assert reader.current() == first, "one request works with one reading"
    assert reader.current().coverage > first.coverage


def test_latest_is_the_newest_change_of_any_kind() -> None:
    assert DataVersions(coverage=3, tickets=9, showcase=5).latest == 9
    assert DataVersions().of("coverage", "tickets") == (0, 0)


def test_peek_answers_only_what_is_kept_at_that_version():
    cache = VersionedCache(4)
    assert cache.peek(1, "country") == (False, None)
    cache.get_or_compute(1, "country", lambda: 24700)
    assert cache.peek(1, "country") == (True, 24700)
    assert cache.peek(2, "country") == (False, None)
