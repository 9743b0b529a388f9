"""The real app on the small database, with the tokens of the volunteers' app and of others, for
the tests of tickets, ticket events and showcase items and images through the ingest API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine
from werkzeug.test import TestResponse

from store.core.access import Principal, Role
from store.core.db import make_engine, make_session_factory
from store.tokens.registry import TokenRegistry
from tests.databases import dashboard, new_database_url, replica_caught_up
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

    def machine_post(self, path: str, token: str | None, **options: Any) -> TestResponse:
        """What a machine (no session, its bearer token alone) gets for a POST to ``path``, returned
        once the replica (in the pair pass) has replayed what it wrote.

        Another client reads from the replica; the machine's write reaches it a few milliseconds
        later, which is what the app's readers see and what a test must not race.
        """
        answer = self.server.test_client().post(path, headers=self.headers(token), **options)
        replica_caught_up(self.engine.url.render_as_string(hide_password=False))
        return answer


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
    sent = tested.machine_post("/api/v1/ingest/volunteers", "app", json=APP_VOLUNTEERS)
    assert sent.status_code == 200 and sent.json["new"] == 1, sent.json
    return tested
