"""Machine tokens in the database: hashes only, shown once, rotated, revoked, last use noted once a minute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from store.audit.models import AuditEvent
from store.core.access import Principal, Role, TokenScope
from store.core.db import make_session_factory
from store.tokens.registry import TokenError, TokenRegistry
from tests.databases import migrated_engine

ADMIN = Principal(kind="person", account="admin@example.go.th", role=Role.ADMIN, account_id=1)


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 28, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with migrated_engine(request.param, tmp_path) as engine:
        yield engine


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def registry(engine: Engine, clock: Clock) -> TokenRegistry:
    return TokenRegistry(make_session_factory(engine), clock)


def test_only_a_hash_of_the_secret_is_stored(engine: Engine, registry: TokenRegistry) -> None:
    issued = registry.create("api_client", "NMS poller", ["read"], actor=ADMIN)
    with engine.connect() as connection:
        tables = [
            [str(value) for value in row]
            for table in ("machine_tokens", "machine_token_secrets", "audit_events")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        ]
    dump = repr(tables)
    assert issued.secret.startswith("npa_") and len(issued.secret) > 40
    assert issued.secret not in dump
    assert issued.secret[4:] not in dump
    assert issued.secret[:10] in dump  # the visible prefix, to tell tokens apart


def test_a_new_token_answers_as_its_principal_and_is_listed(registry: TokenRegistry) -> None:
    issued = registry.create("api_client", "NMS poller", ["read", "ingest:network"], actor=ADMIN)
    check = registry.check(issued.secret)
    assert check.problem is None and check.token is not None
    principal = check.token.principal()
    assert principal.kind == "api_client" and principal.role is Role.API_CLIENT
    assert principal.scopes == {TokenScope.READ, TokenScope.INGEST_NETWORK}
    assert not principal.permitted.all_personal_data and not principal.permitted.personal_data_provinces
    [listed] = registry.tokens()
    assert (listed.name, listed.prefix, listed.created_by) == ("NMS poller", issued.secret[:10], ADMIN.account)


def test_a_rotated_secret_is_refused_as_rotated_and_the_new_one_works(registry: TokenRegistry) -> None:
    first = registry.create("display", "ห้องประชุม 1", actor=ADMIN)
    second = registry.rotate(first.token.id, actor=ADMIN)
    assert second.secret != first.secret and second.token.id == first.token.id
    assert registry.check(first.secret).problem == "rotated"
    assert registry.check(second.secret).problem is None


def test_a_revoked_token_is_refused_as_revoked_and_cannot_be_rotated(registry: TokenRegistry) -> None:
    issued = registry.create("display", "ห้องประชุม 1", actor=ADMIN)
    registry.revoke(issued.token.id, actor=ADMIN)
    assert registry.check(issued.secret).problem == "revoked"
    with pytest.raises(TokenError, match="revoked"):
        registry.rotate(issued.token.id, actor=ADMIN)


@pytest.mark.parametrize("presented", ["", "npa_", "npa_forged-secret-of-the-right-look-0123456789abcdef", "x" * 5000])
def test_a_forged_secret_is_invalid(registry: TokenRegistry, presented: str) -> None:
    registry.create("api_client", "NMS poller", ["read"], actor=ADMIN)
    assert registry.check(presented).problem == "invalid"


def test_last_use_is_written_at_most_once_a_minute(registry: TokenRegistry, clock: Clock) -> None:
    issued = registry.create("api_client", "NMS poller", ["read"], actor=ADMIN)
    assert registry.token(issued.token.id).last_used_at is None
    first_use = clock.now
    registry.check(issued.secret)
    clock.now += dt.timedelta(seconds=59)
    registry.check(issued.secret)
    assert registry.token(issued.token.id).last_used_at == first_use
    clock.now += dt.timedelta(seconds=1)
    registry.check(issued.secret)
    assert registry.token(issued.token.id).last_used_at == clock.now


def test_creation_rotation_and_revocation_are_in_the_audit_trail(engine: Engine, registry: TokenRegistry) -> None:
    issued = registry.create("display", "Room 1", actor=ADMIN, remote_addr="10.1.1.1")
    registry.rotate(issued.token.id, actor=ADMIN)
    registry.revoke(issued.token.id, actor=ADMIN)
    with Session(engine) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(event.action, event.actor, event.target) for event in events] == [
        ("token.create", ADMIN.account, f"token {issued.token.id}"),
        ("token.rotate", ADMIN.account, f"token {issued.token.id}"),
        ("token.revoke", ADMIN.account, f"token {issued.token.id}"),
    ]
    assert events[0].remote_addr == "10.1.1.1"


@pytest.mark.parametrize(
    ("kind", "name", "scopes", "message"),
    [
        ("display", "Room 1", ["read"], "takes no scopes"),
        ("api_client", "NMS", [], "at least one scope"),
        ("api_client", "NMS", ["write"], "unknown scope"),
        ("api_client", "   ", ["read"], "needs a name"),
    ],
)
def test_a_bad_request_is_refused_with_a_reason(
    registry: TokenRegistry, kind: str, name: str, scopes: list[str], message: str
) -> None:
    with pytest.raises(TokenError, match=message):
        registry.create(kind, name, scopes, actor=ADMIN)  # type: ignore[arg-type]
