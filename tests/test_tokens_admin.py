"""The admins' token page: admins only, CSRF on every form, the secret shown once, changes audited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from auth.tokens_admin import make_tokens_admin
from store.audit.models import AuditEvent
from store.core.access import ANONYMOUS_PRINCIPAL, Principal, Role
from store.core.db import make_engine, make_session_factory, migrate
from store.tokens.registry import TokenRegistry
from tests.databases import new_database_url

ADMIN = Principal(kind="person", account="admin@example.go.th", role=Role.ADMIN, account_id=7)
OFFICER = Principal(kind="person", account="officer.84@example.go.th", role=Role.OFFICER, provinces=frozenset({"84"}))
DISPLAY = Principal(kind="display", account="token 1 (Room)", role=Role.DISPLAY)
PAGE = "/admin/tokens/"


class Requester:
    """Who the sign-in says is asking (the test changes it)."""

    principal = ADMIN

    def __call__(self) -> Principal:
        return self.principal


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(new_database_url(tmp_path, "admin"))
    migrate(engine)
    return engine


@pytest.fixture
def registry(engine: Engine) -> TokenRegistry:
    return TokenRegistry(make_session_factory(engine))


@pytest.fixture
def requester() -> Requester:
    return Requester()


@pytest.fixture
def client(registry: TokenRegistry, requester: Requester) -> FlaskClient:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "test only"
    app.register_blueprint(make_tokens_admin(requester, registry))
    return app.test_client()


def csrf_of(client: FlaskClient) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(PAGE).get_data(as_text=True))
    assert found
    return found.group(1)


def shown_secret(html: str) -> str:
    found = re.search(r'id="token-(?:secret|link)"[^>]*>([^<]+)<', html)
    assert found, html
    return found.group(1).split("display_token=")[-1]


@pytest.mark.parametrize("principal", [OFFICER, DISPLAY, ANONYMOUS_PRINCIPAL])
def test_only_admins_reach_the_page(client: FlaskClient, requester: Requester, principal: Principal) -> None:
    token = csrf_of(client)
    requester.principal = principal
    assert client.get(PAGE).status_code == 403
    answer = client.post(PAGE, data={"csrf_token": token, "kind": "display", "name": "Room"})
    assert answer.status_code == 403
    assert client.post(f"{PAGE}1/revoke", data={"csrf_token": token}).status_code == 403


def test_the_page_is_thai_first_with_english_by_the_switch(client: FlaskClient) -> None:
    assert "โทเค็นจอแสดงผลและ API" in client.get(PAGE).get_data(as_text=True)
    assert "Display and API tokens" in client.get(f"{PAGE}?lang=en").get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(client: FlaskClient, registry: TokenRegistry) -> None:
    answer = client.post(PAGE, data={"kind": "api_client", "name": "NMS", "scopes": ["read"]})
    assert answer.status_code == 400 and "CSRF" in answer.get_data(as_text=True)
    assert registry.tokens() == []
    issued = registry.create("display", "Room", actor=ADMIN)
    assert client.post(f"{PAGE}{issued.token.id}/revoke", data={}).status_code == 400
    assert registry.token(issued.token.id).active


def test_an_api_token_is_made_and_its_secret_shown_once(client: FlaskClient, registry: TokenRegistry) -> None:
    answer = client.post(
        PAGE, data={"csrf_token": csrf_of(client), "kind": "api_client", "name": "NMS poller", "scopes": ["read"]}
    )
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    secret = shown_secret(answer.get_data(as_text=True))
    check = registry.check(secret)
    assert check.token is not None and check.token.name == "NMS poller"
    later = client.get(PAGE).get_data(as_text=True)
    assert secret not in later and secret[:10] in later  # listed by its visible prefix only
    assert check.token.created_by == ADMIN.account


def test_a_display_token_comes_as_the_link_to_open_on_the_screen(client: FlaskClient, registry: TokenRegistry) -> None:
    answer = client.post(PAGE, data={"csrf_token": csrf_of(client), "kind": "display", "name": "ห้องประชุม 1"})
    html = answer.get_data(as_text=True)
    assert "http://localhost/display/?display_token=npd_" in html
    assert registry.check(shown_secret(html)).token is not None


def test_rotate_and_revoke_from_the_page_with_the_admin_in_the_audit_trail(
    client: FlaskClient, registry: TokenRegistry, engine: Engine
) -> None:
    issued = registry.create("api_client", "NMS", ["read"], actor=ADMIN)
    registry.check(issued.secret)
    assert "ยังไม่เคยใช้" not in client.get(PAGE).get_data(as_text=True)  # its last use is shown
    rotated = client.post(f"{PAGE}{issued.token.id}/rotate", data={"csrf_token": csrf_of(client)})
    new_secret = shown_secret(rotated.get_data(as_text=True))
    assert registry.check(issued.secret).problem == "rotated" and registry.check(new_secret).problem is None
    client.post(f"{PAGE}{issued.token.id}/revoke", data={"csrf_token": csrf_of(client)})
    assert registry.check(new_secret).problem == "revoked"
    again = client.post(f"{PAGE}{issued.token.id}/rotate", data={"csrf_token": csrf_of(client)})
    assert again.status_code == 400 and "revoked" in again.get_data(as_text=True)
    with Session(engine) as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.actor, AuditEvent.remote_addr)).all()
    assert [tuple(event) for event in events[1:]] == [
        ("token.rotate", ADMIN.account, "127.0.0.1"),
        ("token.revoke", ADMIN.account, "127.0.0.1"),
    ]


def test_a_bad_form_says_why(client: FlaskClient, registry: TokenRegistry) -> None:
    answer = client.post(PAGE, data={"csrf_token": csrf_of(client), "kind": "api_client", "name": "no scope"})
    assert answer.status_code == 400 and "at least one scope" in answer.get_data(as_text=True)
    assert registry.tokens() == []
