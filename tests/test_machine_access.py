"""Displays and API clients at the gate: what each token may reach, and what a refused one is told.

First the rules alone (``authorize_machine``, table-driven), then through the real app on the
small database: bearer tokens on the API, a display's link and cookie, revoked, rotated and forged
tokens, ticket changes refused to machines, and ``require_scope`` as the ingest routes use it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask, Request
from flask.testing import FlaskClient
from sqlalchemy import select

from auth.machine import (
    DISPLAY_COOKIE,
    EXTENSION,
    authorize_machine,
    install_machine_gate,
    require_scope,
)
from store.core.access import Principal, Role, TokenScope
from store.core.db import make_engine, make_session_factory
from store.coverage.models import Hotspot
from store.tokens.registry import TokenRegistry
from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

ADMIN = Principal(kind="person", account="admin@example.go.th", role=Role.ADMIN, account_id=1)
DISPLAY = Principal(kind="display", account="token 1 (Room)", role=Role.DISPLAY, account_id=1)
READER = Principal(
    kind="api_client", account="token 2 (NMS)", role=Role.API_CLIENT, scopes=frozenset({TokenScope.READ})
)
INGESTER = Principal(
    kind="api_client", account="token 3 (app)", role=Role.API_CLIENT, scopes=frozenset({TokenScope.INGEST_APP})
)
RULES_APP = Flask(__name__)


def request_of(method: str, path: str) -> Request:
    with RULES_APP.test_request_context(path, method=method) as context:
        return context.request


@pytest.mark.parametrize(
    ("principal", "method", "path", "answer"),
    [
        (DISPLAY, "GET", "/display/", None),
        (DISPLAY, "GET", "/display/_dash-layout", None),
        (DISPLAY, "GET", "/display/assets/display.js", None),
        (DISPLAY, "POST", "/display/_dash-update-component", None),
        (DISPLAY, "GET", "/geodata/provinces.geojson", None),
        (DISPLAY, "GET", "/media/showcase/1.jpg", None),
        (DISPLAY, "GET", "/healthz", None),
        (DISPLAY, "GET", "/", 403),
        (DISPLAY, "POST", "/_dash-update-component", 403),
        (DISPLAY, "GET", "/tickets/", 403),
        (DISPLAY, "POST", "/tickets/_dash-update-component", 403),
        (DISPLAY, "GET", "/api/v1/summary", 403),
        (DISPLAY, "GET", "/api/v1/tickets/1", 403),
        (DISPLAY, "POST", "/api/v1/tickets/1/status", 403),
        (DISPLAY, "POST", "/display/anything-else", 403),
        (DISPLAY, "GET", "/admin/tokens/", 403),
        (READER, "GET", "/api/v1/summary", None),
        (READER, "GET", "/api/v1/tickets/1", None),
        (READER, "GET", "/geodata/provinces.geojson", None),
        (READER, "POST", "/api/v1/tickets/1/status", 403),
        (READER, "GET", "/", 403),
        (READER, "GET", "/display/", 403),
        (READER, "POST", "/_dash-update-component", 403),
        (INGESTER, "GET", "/api/v1/summary", 403),
        (INGESTER, "POST", "/api/v1/ingest/volunteers", None),
        (ADMIN, "GET", "/", None),  # people are the sign-in's business
    ],
)
def test_what_each_machine_may_reach(principal: Principal, method: str, path: str, answer: int | None) -> None:
    refusal = authorize_machine(principal, request_of(method, path))
    assert (refusal.status if refusal else None) == answer


def test_a_token_without_read_is_told_which_scope_it_lacks() -> None:
    refusal = authorize_machine(INGESTER, request_of("GET", "/api/v1/provinces"))
    assert refusal is not None and refusal.reason == "missing_scope" and refusal.scope == "read"


# -- through the app -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = new_database_url(tmp_path_factory.mktemp("machines"), "small")
    add_small_tickets(build_small_database(url))
    return url


@pytest.fixture(scope="module")
def server(database: str) -> Flask:
    return dashboard(database).server


@pytest.fixture
def client(server: Flask) -> FlaskClient:
    """A signed-in executive's browser: what a machine credential on top of it may and may not do."""
    return signed_in_client(server, Role.EXECUTIVE)


@pytest.fixture(scope="module")
def registry(database: str) -> TokenRegistry:
    return TokenRegistry(make_session_factory(make_engine(database)))


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_an_api_token_with_read_reads_and_its_use_is_recorded(client: FlaskClient, registry: TokenRegistry) -> None:
    issued = registry.create("api_client", "NMS poller", ["read"], actor=ADMIN)
    answer = client.get("/api/v1/summary?as_of=2019-02-01", headers=bearer(issued.secret))
    assert answer.status_code == 200 and answer.json["villages"] > 0
    assert registry.token(issued.token.id).last_used_at is not None


def test_an_api_token_without_read_gets_403(client: FlaskClient, registry: TokenRegistry) -> None:
    issued = registry.create("api_client", "volunteer app", ["ingest:app"], actor=ADMIN)
    answer = client.get("/api/v1/summary", headers=bearer(issued.secret))
    assert answer.status_code == 403
    assert answer.json["error"]["reason"] == "missing_scope"
    assert 'error="insufficient_scope", scope="read"' in answer.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    "authorization",
    ["Bearer npa_forged0123456789abcdefghijklmnopqrstuvwxyzABCDEF", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer x"],
)
def test_a_forged_token_gets_401(client: FlaskClient, authorization: str) -> None:
    answer = client.get("/api/v1/summary", headers={"Authorization": authorization})
    assert answer.status_code == 401
    assert answer.json["error"]["reason"] == "invalid"
    assert answer.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_revoked_and_rotated_tokens_get_401_with_their_reason(client: FlaskClient, registry: TokenRegistry) -> None:
    revoked = registry.create("api_client", "old poller", ["read"], actor=ADMIN)
    registry.revoke(revoked.token.id, actor=ADMIN)
    rotated = registry.create("api_client", "poller", ["read"], actor=ADMIN)
    current = registry.rotate(rotated.token.id, actor=ADMIN)
    assert client.get("/api/v1/summary", headers=bearer(revoked.secret)).json["error"]["reason"] == "revoked"
    old = client.get("/api/v1/summary", headers=bearer(rotated.secret))
    assert (old.status_code, old.json["error"]["reason"]) == (401, "rotated")
    assert client.get("/api/v1/summary", headers=bearer(current.secret)).status_code == 200


def test_machines_cannot_change_a_ticket(client: FlaskClient, registry: TokenRegistry) -> None:
    reader = registry.create("api_client", "reader", ["read"], actor=ADMIN)
    display = registry.create("display", "Room 2", actor=ADMIN)
    change = {"status": "in_progress", "note": "x", "officer": "x"}
    before = client.get("/api/v1/tickets/1").json["status"]
    assert client.post("/api/v1/tickets/1/status", json=change, headers=bearer(reader.secret)).status_code == 403
    assert client.post("/api/v1/tickets/1/status", json=change, headers=bearer(display.secret)).status_code == 403
    client.set_cookie(DISPLAY_COOKIE, display.secret)
    assert client.post("/api/v1/tickets/1/status", json=change).status_code == 403
    assert client.post("/tickets/_dash-update-component", json={}).status_code == 403
    client.delete_cookie(DISPLAY_COOKIE)
    assert client.get("/api/v1/tickets/1").json["status"] == before


def test_a_display_token_is_refused_on_the_api_and_the_pages(client: FlaskClient, registry: TokenRegistry) -> None:
    display = registry.create("display", "Room 3", actor=ADMIN)
    assert client.get("/api/v1/summary", headers=bearer(display.secret)).status_code == 403
    client.set_cookie(DISPLAY_COOKIE, display.secret)
    for path in ("/api/v1/summary", "/api/v1/tickets?page_size=5", "/", "/tickets/"):
        assert client.get(path).status_code == 403, path


def test_an_api_token_in_a_display_cookie_is_not_a_display(client: FlaskClient, registry: TokenRegistry) -> None:
    reader = registry.create("api_client", "reader 2", ["read"], actor=ADMIN)
    client.set_cookie(DISPLAY_COOKIE, reader.secret)
    assert client.get("/display/_access").status_code == 401


def test_a_display_link_becomes_a_cookie_and_leaves_the_address(client: FlaskClient, registry: TokenRegistry) -> None:
    display = registry.create("display", "Room 4", actor=ADMIN)
    answer = client.get(f"/display/?area=84&display_token={display.secret}&dwell=20")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/display/?area=84&dwell=20"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{DISPLAY_COOKIE}={display.secret};")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=315360000" in cookie
    assert client.get("/display/?area=84&dwell=20").status_code == 200
    assert client.get("/display/_access").json == {"status": "ok"}


def test_a_revoked_display_gets_its_message_not_a_login_form(client: FlaskClient, registry: TokenRegistry) -> None:
    display = registry.create("display", "Room 5", actor=ADMIN)
    client.set_cookie(DISPLAY_COOKIE, display.secret)
    assert client.get("/display/_access").status_code == 200
    registry.revoke(display.token.id, actor=ADMIN)
    page = client.get("/display/?area=84", headers={"Accept": "text/html"})
    assert page.status_code == 401 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "ถูกเพิกถอน" in text and "This screen's access was revoked: ask an admin for a new link." in text
    assert "<form" not in text and "password" not in text.lower()
    probe = client.get("/display/_access")
    assert probe.status_code == 401
    assert probe.json["error"]["reason"] == "revoked" and "ถูกเพิกถอน" in probe.json["error"]["message_th"]
    link = client.get(f"/display/?display_token={display.secret}", headers={"Accept": "text/html"})
    assert link.status_code == 401 and "Set-Cookie" not in link.headers


def test_a_bad_display_link_sets_no_cookie(client: FlaskClient) -> None:
    answer = client.get("/display/?display_token=npd_nothing", headers={"Accept": "text/html"})
    assert answer.status_code == 401 and "not valid" in answer.get_data(as_text=True)
    assert "Set-Cookie" not in answer.headers


def ingest_app(registry: TokenRegistry) -> Flask:
    """A route that asks ``require_scope`` as the ingest blueprint's ``authorize`` does."""
    app = Flask(__name__)
    app.extensions[EXTENSION] = registry

    @app.post("/api/v1/ingest/network")
    def ingest() -> dict[str, str]:
        return {"actor": require_scope("ingest:network")}

    return app


@pytest.mark.parametrize("with_gate", [False, True])
def test_require_scope_lets_only_the_ingest_scope_in(registry: TokenRegistry, with_gate: bool) -> None:
    app = ingest_app(registry)
    if with_gate:
        install_machine_gate(app, registry)
    client = app.test_client()
    network = registry.create("api_client", "NMS", ["ingest:network"], actor=ADMIN)
    reader = registry.create("api_client", "reader 3", ["read"], actor=ADMIN)
    display = registry.create("display", "Room 6", actor=ADMIN)
    ok = client.post("/api/v1/ingest/network", headers=bearer(network.secret))
    assert (ok.status_code, ok.json) == (200, {"actor": network.token.account})
    assert client.post("/api/v1/ingest/network", headers=bearer(reader.secret)).status_code == 403
    assert client.post("/api/v1/ingest/network", headers=bearer(display.secret)).status_code == 403
    assert client.post("/api/v1/ingest/network", headers=bearer("npa_forged")).status_code == 401
    assert client.post("/api/v1/ingest/network").status_code == 401


def test_no_token_changes_nothing_for_people(client: FlaskClient) -> None:
    assert client.get("/api/v1/summary").status_code == 200  # the sign-in's gate decides for people


def test_the_token_page_is_for_admins_only(server: Flask, client: FlaskClient, registry: TokenRegistry) -> None:
    assert client.get("/admin/tokens/").status_code == 403  # an executive
    reader = registry.create("api_client", "reader 4", ["read"], actor=ADMIN)
    assert client.get("/admin/tokens/", headers=bearer(reader.secret)).status_code == 403
    assert server.test_client().get("/admin/tokens/").status_code == 302  # anonymous: to the sign-in page
    admin = signed_in_client(server, Role.ADMIN)
    page = admin.get("/admin/tokens/")
    assert page.status_code == 200 and "reader 4" in page.get_data(as_text=True)


def test_the_network_feed_reaches_the_ingest_api_with_its_scope_only(
    client: FlaskClient, registry: TokenRegistry
) -> None:
    """Through the app as served: the operator's system sends status reports with its own token."""
    feed = registry.create("api_client", "network management system", ["ingest:network"], actor=ADMIN)
    reader = registry.create("api_client", "dashboard reader", ["read"], actor=ADMIN)
    batch = {"items": [{"id": "nms-1", "hotspot_id": 1, "at": "2019-03-31T17:00:00Z", "state": "online"}]}
    path = "/api/v1/ingest/network-status"
    accepted = client.post(path, json=batch, headers=bearer(feed.secret))
    assert accepted.status_code == 200 and accepted.get_json()["rejected"] == 0
    assert client.post(path, json=batch, headers=bearer(reader.secret)).status_code == 403
    assert client.post(path, json=batch).status_code == 401
    assert client.post("/api/v1/ingest/volunteers", json=batch, headers=bearer(feed.secret)).status_code == 403


def test_a_status_report_of_the_whole_country_is_over_the_pages_body_limit_and_accepted(
    server: Flask, database: str, registry: TokenRegistry
) -> None:
    """The network feed's batch (~1.6 MB for 26,000 hotspots) is over the pages' 1 MiB limit; the
    ingest route raises its own limit once the token is known, so nothing before it may read the body."""
    issued = registry.create("api_client", "network management system", ["ingest:network"], actor=ADMIN)
    with make_engine(database).connect() as connection:
        hotspots = connection.scalars(select(Hotspot.id)).all()
    first = dt.datetime(2019, 4, 1)  # after the small database's last report
    reports = [
        {"hotspot_id": hotspot, "at": f"{first + dt.timedelta(minutes=minute):%Y-%m-%dT%H:%M:%SZ}", "state": "online"}
        for minute in range(30_000 // len(hotspots) + 1)
        for hotspot in hotspots
    ]
    body = json.dumps({"items": reports})
    assert len(body) > server.config["MAX_CONTENT_LENGTH"]
    answer = server.test_client().post(
        "/api/v1/ingest/network_status", data=body, content_type="application/json", headers=bearer(issued.secret)
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert answer.json["rejected"] == 0, answer.json["first_rejected"][:3]
