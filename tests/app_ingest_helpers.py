"""The real app on the small database, with the tokens of the volunteers' app and of others, for
the tests of tickets, ticket events and showcase items and images through the ingest API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from store.core.access import Principal, Role
from store.core.db import make_engine, make_session_factory
from store.tokens.registry import TokenRegistry
from tests.databases import dashboard, new_database_url
from tests.showcase_small import add_showcase
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

ADMIN = Principal(kind="person", account="admin@example.go.th", role=Role.ADMIN, account_id=1)
APP_VOLUNTEERS = {
    "items": [
        {
            "id": "vol-R1",
            "app_id": "R1",
            "village_code": "84010102",
            "full_name": "ประไพ ศรีสุข",
            "phone": "082-555-0101",
            "registered_on": "2019-01-05",
        }
    ]
}
"""A reporter and author the app knows, of Surat Thani (84); sent through the API as the app does."""


@dataclass(frozen=True)
class AppUnderTest:
    server: Flask
    engine: Engine
    media: Path
    tokens: dict[str, str]
    """Bearer headers' secrets by name: app (ingest:app), network (ingest:network), reader (read)."""

    def headers(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[token]}"} if token else {}

    def machine(self) -> FlaskClient:
        """A client with no session: a machine, authenticated by its bearer token alone."""
        return self.server.test_client()


def app_under_test(folder: Path, media: Path) -> AppUnderTest:
    """The app (``MEDIA_DIR`` must already name ``media``) with three tokens and the app's reporter."""
    url = new_database_url(folder, "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    add_showcase(engine)
    server = dashboard(url).server
    registry = TokenRegistry(make_session_factory(make_engine(url)))
    scopes = {"app": ["ingest:app"], "network": ["ingest:network"], "reader": ["read"]}
    tokens = {
        name: registry.create("api_client", f"{name} client", wanted, actor=ADMIN).secret
        for name, wanted in scopes.items()
    }
    tested = AppUnderTest(server, engine, media, tokens)
    sent = tested.machine().post("/api/v1/ingest/volunteers", json=APP_VOLUNTEERS, headers=tested.headers("app"))
    assert sent.status_code == 200 and sent.json["new"] == 1, sent.json
    return tested
