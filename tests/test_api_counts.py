"""Every count the API answers is a whole number in JSON (``"villages": 24700``, never ``24700.0``).

Counts go through pandas frames, whose integer columns turn to floats as soon as a join leaves a
gap, and through database sums, which PostgreSQL returns as decimals: so every JSON answer is
walked on SQLite and on PostgreSQL, at dates before, during and after the roll-out, and only the
fields that are measures (shares in %, coordinates, ages in days, prices) may hold a fraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.databases import dashboard, database_url
from tests.showcase_small import add_showcase
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

MEASURES = frozenset({"lat", "lon", "coordinates", "age_days", "price_baht"})
"""Fields that are not counts (besides every ``*_pct`` share)."""
PATHS = (
    "/api/v1/summary",
    "/api/v1/provinces",
    "/api/v1/provinces/84",
    "/api/v1/provinces/10",  # Bangkok: no villages, so gaps in the joined frames
    "/api/v1/provinces/84/districts",
    "/api/v1/villages?province=84",
    "/api/v1/villages?province=84&format=geojson",
    "/api/v1/tickets",
    "/api/v1/showcase",
)
DATES = ("2017-12-01", "2019-01-10", "2019-02-01", "2019-03-31")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request, tmp_path_factory):
    with database_url(request.param, tmp_path_factory.mktemp("counts")) as url:
        engine = build_small_database(url)
        add_small_tickets(engine)
        add_showcase(engine)
        yield signed_in_client(dashboard(url).server)
        engine.dispose()


def numbers(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every (field, number) of a JSON answer, however deep."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield from numbers(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from numbers(value, key)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield key, node


@pytest.mark.parametrize("as_of", DATES)
def test_every_count_is_a_whole_number(client, as_of):
    for path in PATHS:
        answer = client.get(f"{path}{'&' if '?' in path else '?'}as_of={as_of}")
        assert answer.status_code == 200, (path, answer.get_json())
        fractional = [
            (key, value)
            for key, value in numbers(answer.get_json())
            if isinstance(value, float) and key not in MEASURES and not key.endswith("_pct")
        ]
        assert fractional == [], path
        counted = [key for key, value in numbers(answer.get_json()) if isinstance(value, int)]
        assert counted, path  # the walk found the counts it checks


def test_a_tickets_detail_has_whole_numbers_and_the_summary_reads_as_whole_numbers(client):
    for path in ("/api/v1/tickets/5", "/api/v1/tickets/2?as_of=2019-02-01"):
        detail = client.get(path).get_json()
        assert all(isinstance(value, int) for key, value in numbers(detail) if key not in MEASURES), path
    text = client.get("/api/v1/summary?as_of=2019-02-01").get_data(as_text=True)
    assert '"villages":4,' in text.replace(" ", "")
