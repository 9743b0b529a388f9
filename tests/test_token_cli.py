"""``python -m cli token``: the secret printed once and working, never listed, every change audited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cli.__main__ import main
from store.audit.models import AuditEvent
from store.core.db import make_engine, make_session_factory, migrate
from store.tokens.registry import TokenRegistry
from tests.databases import new_database_url


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = new_database_url(tmp_path, "tokens")
    migrate(make_engine(url))
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def secret_in(output: str) -> str:
    found = re.search(r"secret \(shown once, not stored\): (\S+)", output)
    assert found, output
    return found.group(1)


def test_create_rotate_revoke_and_list(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    registry = TokenRegistry(make_session_factory(make_engine(database)))
    main(["token", "create", "--kind", "api", "--name", "NMS poller", "--scope", "read", "--scope", "ingest:network"])
    first = secret_in(capsys.readouterr().out)
    check = registry.check(first)
    assert check.token is not None and {str(scope) for scope in check.token.scopes} == {"read", "ingest:network"}

    main(["token", "rotate", str(check.token.id)])
    second = secret_in(capsys.readouterr().out)
    assert registry.check(first).problem == "rotated" and registry.check(second).problem is None

    main(["token", "create", "--kind", "display", "--name", "ห้องประชุม 1", "--url", "https://dash.example.go.th/"])
    output = capsys.readouterr().out
    display = secret_in(output)
    assert f"https://dash.example.go.th/display/?display_token={display}" in output

    main(["token", "revoke", str(check.token.id)])
    assert registry.check(second).problem == "revoked"
    capsys.readouterr()

    main(["token", "list"])
    listing = capsys.readouterr().out
    assert "NMS poller" in listing and "ห้องประชุม 1" in listing and "revoked" in listing
    assert all(secret not in listing for secret in (first, second, display))
    assert second[:10] in listing  # the visible prefix tells them apart

    with Session(make_engine(database)) as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        actors = set(session.scalars(select(AuditEvent.actor)))
    assert actions == ["token.create", "token.rotate", "token.create", "token.revoke"]
    assert all(actor.startswith("command line (") for actor in actors)


def test_a_refused_request_says_why(database: str) -> None:
    with pytest.raises(SystemExit, match="at least one scope"):
        main(["token", "create", "--kind", "api", "--name", "no scope"])
    with pytest.raises(SystemExit, match="no token 99"):
        main(["token", "revoke", "99"])
