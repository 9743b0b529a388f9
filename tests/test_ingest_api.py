"""The ingest API: JSON batches of machine clients through the import pipeline.

A test ``authorize`` stands for the API tokens of the sign-in work: it knows two tokens, one with
the network scope only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from api.ingest import make_ingest_blueprint
from store.coverage.models import HotspotStatusEvent, Volunteer
from store.showcase.models import ShowcaseItem
from store.tickets.models import Ticket, TicketEvent
from tests.databases import database_url
from tests.ingest_helpers import quarantined, small_write_engine, snapshot, token_authorizer

TOKENS = {"network-token": ("nms", {"ingest:network"}), "app-token": ("volunteer-app", {"ingest:app"})}


authorize = token_authorizer(TOKENS)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with database_url(request.param, tmp_path) as url:
        engine = small_write_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def client(engine: Engine) -> FlaskClient:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # the app's general limit (web.request_guards)
    app.register_blueprint(make_ingest_blueprint(authorize, lambda: engine))
    return app.test_client()


NETWORK = {"Authorization": "Bearer network-token"}
APP = {"Authorization": "Bearer app-token"}
VOLUNTEERS = {
    "items": [
        {
            "id": "APP-1",
            "village_code": "84020101",
            "full_name": "ทดสอบ ระบบ",
            "phone": "081-000-0001",
            "registered_on": "2019-02-01",
        },
        {
            "id": "APP-2",
            "village_code": "84020101",
            "full_name": "ลอง ส่งซ้ำ",
            "phone": "081-000-0002",
            "registered_on": "2562-02-02",
            "trained_on": "2562-02-01",
        },
    ]
}


def _volunteers(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Volunteer)) or 0


def test_without_a_token_or_the_scope_nothing_is_read_or_written(client: FlaskClient, engine: Engine) -> None:
    before = snapshot(engine)
    assert client.post("/api/v1/ingest/volunteers", json=VOLUNTEERS).status_code == 401
    assert client.post("/api/v1/ingest/volunteers", json=VOLUNTEERS, headers=NETWORK).status_code == 403
    assert snapshot(engine) == before


def test_a_batch_is_committed_and_its_refused_items_quarantined(client: FlaskClient, engine: Engine) -> None:
    answer = client.post("/api/v1/ingest/volunteers", json=VOLUNTEERS, headers=APP)
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["rows_in"], body["new"], body["rejected"]) == (2, 1, 1)
    assert body["first_rejected"][0]["line"] == 2
    assert body["first_rejected"][0]["reason_th"] == "วันอบรมก่อนวันลงทะเบียน"
    assert body["run"] is not None
    assert _volunteers(engine) == 4
    assert quarantined(engine) == 1


def test_the_same_batch_twice_and_a_retry_after_a_timeout_are_acknowledged(client: FlaskClient, engine: Engine) -> None:
    first = client.post("/api/v1/ingest/volunteers", json=VOLUNTEERS, headers=APP).get_json()
    again = client.post("/api/v1/ingest/volunteers", json=VOLUNTEERS, headers=APP).get_json()
    assert (first["new"], again["new"], again["unchanged"]) == (1, 0, 1)
    retried_with_more = {
        "items": [*VOLUNTEERS["items"][:1], {**VOLUNTEERS["items"][0], "id": "APP-3", "phone": "0810000003"}]
    }
    retry = client.post("/api/v1/ingest/volunteers", json=retried_with_more, headers=APP).get_json()
    assert (retry["new"], retry["unchanged"]) == (1, 1)
    assert _volunteers(engine) == 3 + 2


def test_status_reports_resent_change_nothing(client: FlaskClient, engine: Engine) -> None:
    batch = [{"id": f"r{n}", "hotspot_id": n, "at": "2019-03-31T17:00:00Z", "state": "online"} for n in range(1, 6)]
    first = client.post("/api/v1/ingest/network-status", json=batch, headers=NETWORK).get_json()
    after_first = snapshot(engine)["hotspot_status_events"]
    again = client.post("/api/v1/ingest/network-status", json=batch, headers=NETWORK).get_json()
    # 1, 2 and 5 report online until 16:59: extended; 3 is offline and 4 silent since January: new rows
    assert (first["new"], first["changed"]) == (2, 3)
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 5)
    assert snapshot(engine)["hotspot_status_events"] == after_first
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(HotspotStatusEvent)) == 6 + first["new"]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/v1/ingest/tractors", [{"id": 1}], 404),
        ("/api/v1/ingest/villages", [{"id": 1}], 404),  # the village list comes as a file only
        ("/api/v1/ingest/network_status", {"items": []}, 400),
        ("/api/v1/ingest/network_status", {"items": "not a list"}, 400),
        ("/api/v1/ingest/network_status", [{"id": "x", "colour": "blue"}], 400),
    ],
)
def test_bad_batches_get_a_clear_4xx(client: FlaskClient, path: str, body: object, status: int) -> None:
    answer = client.post(path, json=body, headers=NETWORK)
    assert answer.status_code == status
    assert answer.get_json()["error"]["message"]


def test_a_batch_larger_than_the_general_limit_is_taken_from_an_authorized_client(client: FlaskClient) -> None:
    batch = [{"id": f"r{n}", "hotspot_id": 1, "at": "2019-03-31T17:00:00Z", "state": "online", "pad": "x" * 60}
             for n in range(20_000)]  # fmt: skip
    answer = client.post("/api/v1/ingest/network_status", json=batch, headers=NETWORK)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.get_json()["rows_in"] == 20_000
    assert client.post("/api/v1/ingest/network_status", json=batch).status_code in (401, 413)


def test_the_apps_tickets_events_and_items_are_stored_once(client: FlaskClient, engine: Engine) -> None:
    """On both databases: a ticket, its events (status changes), an item; each batch sent twice."""
    ticket = {
        "ticket_id": "T-1",
        "village_code": "84010101",
        "category": "outage",
        "title": "ล่ม",
        "opened_at": "2019-03-30 08:00",
    }
    events = [
        {"event_id": "E-1", "ticket_id": "T-1", "status": "in_progress", "at": "2019-03-30 09:00"},
        {"event_id": "E-2", "ticket_id": "T-1", "status": "done", "at": "2019-03-30 10:00", "actor": "TOT"},
    ]
    item = {
        "item_id": "S-1",
        "village_code": "84010101",
        "kind": "story",
        "title": "เรื่องเล่า",
        "published_on": "2019-03-01",
    }
    for kind, batch in (("tickets", [ticket]), ("ticket-events", events), ("showcase_items", [item])):
        first = client.post(f"/api/v1/ingest/{kind}", json=batch, headers=APP).get_json()
        again = client.post(f"/api/v1/ingest/{kind}", json=batch, headers=APP).get_json()
        assert (first["new"], first["rejected"], again["new"], again["unchanged"]) == (len(batch), 0, 0, len(batch))
    with engine.connect() as connection:
        stored = connection.execute(select(Ticket.status, Ticket.closed_at).where(Ticket.app_id == "T-1")).one()
        assert tuple(stored) == ("done", dt.datetime(2019, 3, 30, 3))  # 10:00 in Thailand
        assert connection.scalar(select(func.count()).select_from(TicketEvent)) == 3  # with the ticket's creation
        assert connection.scalar(select(func.count()).select_from(ShowcaseItem)) == 1
