"""Making, checking, rotating and revoking machine tokens; every change recorded in the audit trail.

Secrets are ``secrets.token_urlsafe(32)`` (256 random bits) behind a kind prefix (``npd_`` for a
display, ``npa_`` for an API client, so a leaked one is recognisable in a log or a scanner). Only
the SHA-256 of a secret is stored. A plain, fast hash is sound here, unlike for passwords: a
password is guessable, so it needs a slow, salted hash against a dictionary; a 256-bit random
secret is not, and inverting SHA-256 of it is out of reach whatever the attacker's speed. A fast
hash also lets a request find its token by an index lookup of the hash (no per-row comparison, so
no timing to learn from). A pepper would add nothing against guessing and would make every token
die with a lost server key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Final, Literal

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from store.audit.trail import record_event
from store.core.access import NO_PERSONAL_DATA, Principal, Role, TokenScope
from store.tokens.models import MachineToken, TokenSecret

TokenKind = Literal["display", "api_client"]
TOKEN_KINDS: Final[tuple[TokenKind, ...]] = ("display", "api_client")
KIND_PREFIX: Final[dict[TokenKind, str]] = {"display": "npd_", "api_client": "npa_"}
VISIBLE_PREFIX_CHARS: Final = 10
"""How much of a secret lists show (``npa_Xy12ab``): enough to tell tokens apart, far too little to use."""
MAX_SECRET_CHARS: Final = 100
MAX_NAME_CHARS: Final = 120
LAST_USED_RESOLUTION: Final = dt.timedelta(minutes=1)
"""``last_used_at`` is written at most this often per token: a display polling every few seconds
or a busy client must not turn every request into a database write."""

Problem = Literal["invalid", "revoked", "rotated"]


class TokenError(ValueError):
    """A token request that cannot be done (an empty name, a scope on a display, an unknown id...)."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    """A token as admins see it: never its secret, only the visible prefix of its current one."""

    id: int
    kind: TokenKind
    name: str
    scopes: frozenset[TokenScope]
    prefix: str
    created_by: str
    created_at: dt.datetime
    rotated_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def account(self) -> str:
        """What the audit trail records as the actor of this token's requests."""
        return f"token {self.id} ({self.name})"

    def principal(self) -> Principal:
        """The machine behind a request carrying this token: aggregates only, whatever its scopes."""
        if self.kind == "display":
            return Principal(
                kind="display", account=self.account, role=Role.DISPLAY, account_id=self.id, permitted=NO_PERSONAL_DATA
            )
        return Principal(
            kind="api_client",
            account=self.account,
            role=Role.API_CLIENT,
            account_id=self.id,
            scopes=self.scopes,
            permitted=NO_PERSONAL_DATA,
        )


@dataclass(frozen=True)
class IssuedToken:
    """A token just made or rotated, with its secret: show it once, it is not kept anywhere."""

    token: TokenInfo
    secret: str


@dataclass(frozen=True)
class TokenCheck:
    """What a presented secret proves: a usable ``token``, or the ``problem`` (invalid, revoked, rotated)."""

    token: TokenInfo | None
    problem: Problem | None = None


def parse_scopes(names: Iterable[str]) -> frozenset[TokenScope]:
    """The scopes named (``read``, ``ingest:network``...), or ``TokenError`` naming the unknown one."""
    known = {scope.value: scope for scope in TokenScope}
    scopes = set()
    for name in names:
        if name not in known:
            raise TokenError(f"unknown scope {name!r}; known: {', '.join(known)}")
        scopes.add(known[name])
    return frozenset(scopes)


class TokenRegistry:
    """The tokens of one database. ``clock`` gives naive UTC times (tests move it)."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], dt.datetime] = utc_now) -> None:
        self._sessions = sessions
        self._clock = clock

    # -- admins ---------------------------------------------------------------------------------
    def create(
        self,
        kind: TokenKind,
        name: str,
        scopes: Iterable[str] = (),
        *,
        actor: Principal,
        remote_addr: str = "",
    ) -> IssuedToken:
        """A new token of ``kind`` called ``name``; API clients need at least one scope, displays take none."""
        if kind not in TOKEN_KINDS:
            raise TokenError(f"unknown kind {kind!r}; known: display, api_client")
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME_CHARS:
            raise TokenError(f"a token needs a name of 1 to {MAX_NAME_CHARS} characters")
        chosen = parse_scopes(scopes)
        if kind == "display" and chosen:
            raise TokenError("a display token takes no scopes: it may only show the wall display")
        if kind == "api_client" and not chosen:
            raise TokenError(
                f"an API token needs at least one scope ({', '.join(scope.value for scope in TokenScope)})"
            )
        now = self._clock()
        with self._sessions() as session, session.begin():
            token = MachineToken(
                kind=kind,
                name=name,
                scopes=sorted(scope.value for scope in chosen),
                created_by=actor.account,
                created_by_user_id=actor.account_id if actor.kind == "person" else None,
                created_at=now,
            )
            session.add(token)
            session.flush()
            detail = {"kind": kind, "name": name, "scopes": token.scopes}
            return self._issue(session, token, now, _Change("create", detail, actor, remote_addr))

    def rotate(self, token_id: int, *, actor: Principal, remote_addr: str = "") -> IssuedToken:
        """A new secret for the token; the old one stops working at once (it answers "rotated")."""
        now = self._clock()
        with self._sessions() as session, session.begin():
            token = self._active(session, token_id)
            session.execute(
                update(TokenSecret)
                .where(TokenSecret.token_id == token.id, TokenSecret.retired_at.is_(None))
                .values(retired_at=now)
            )
            token.rotated_at = now
            return self._issue(session, token, now, _Change("rotate", {"name": token.name}, actor, remote_addr))

    def revoke(self, token_id: int, *, actor: Principal, remote_addr: str = "") -> TokenInfo:
        """The token stops working for good (its row stays, for the list and the audit trail)."""
        now = self._clock()
        with self._sessions() as session, session.begin():
            token = self._active(session, token_id)
            token.revoked_at = now
            _Change("revoke", {"name": token.name}, actor, remote_addr).record(session, token)
            return _info(token, self._current_prefix(session, token.id))

    def tokens(self) -> list[TokenInfo]:
        """Every token, active ones first, newest first."""
        with self._sessions() as session:
            rows = session.scalars(select(MachineToken).order_by(MachineToken.id.desc())).all()
            infos = [_info(token, self._current_prefix(session, token.id)) for token in rows]
        return sorted(infos, key=lambda info: not info.active)

    def token(self, token_id: int) -> TokenInfo:
        with self._sessions() as session:
            token = session.get(MachineToken, token_id)
            if token is None:
                raise TokenError(f"no token {token_id}")
            return _info(token, self._current_prefix(session, token.id))

    # -- requests -------------------------------------------------------------------------------
    def check(self, presented: str) -> TokenCheck:
        """Which token ``presented`` is, if it may be used; notes the use at most once a minute."""
        if not presented.startswith(tuple(KIND_PREFIX.values())) or len(presented) > MAX_SECRET_CHARS:
            return TokenCheck(None, "invalid")
        now = self._clock()
        with self._sessions() as session:
            row = session.execute(
                select(MachineToken, TokenSecret)
                .join(TokenSecret, TokenSecret.token_id == MachineToken.id)
                .where(TokenSecret.secret_hash == secret_hash(presented))
            ).one_or_none()
            if row is None:
                return TokenCheck(None, "invalid")
            token, secret = row
            info = _info(token, secret.prefix)
            if token.revoked_at is not None:
                return TokenCheck(info, "revoked")
            if secret.retired_at is not None:
                return TokenCheck(info, "rotated")
            if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
                self._note_use(session, token.id, now)
        return TokenCheck(info)

    def _note_use(self, session: Session, token_id: int, now: dt.datetime) -> None:
        """Set ``last_used_at``, unless another worker did within the minute (one write, not one per request)."""
        session.execute(
            update(MachineToken)
            .where(
                MachineToken.id == token_id,
                or_(MachineToken.last_used_at.is_(None), MachineToken.last_used_at <= now - LAST_USED_RESOLUTION),
            )
            .values(last_used_at=now)
        )
        session.commit()

    # -- helpers --------------------------------------------------------------------------------
    @classmethod
    def _issue(cls, session: Session, token: MachineToken, now: dt.datetime, change: _Change) -> IssuedToken:
        """A new secret for ``token``, its visible prefix recorded with ``change`` in the same transaction."""
        secret = cls._new_secret(session, token, now)
        prefix = secret[:VISIBLE_PREFIX_CHARS]
        replace(change, detail={**change.detail, "prefix": prefix}).record(session, token)
        return IssuedToken(_info(token, prefix), secret)

    @staticmethod
    def _new_secret(session: Session, token: MachineToken, now: dt.datetime) -> str:
        secret = KIND_PREFIX[_kind(token)] + secrets.token_urlsafe(32)
        session.add(
            TokenSecret(
                token_id=token.id, secret_hash=secret_hash(secret), prefix=secret[:VISIBLE_PREFIX_CHARS], created_at=now
            )
        )
        return secret

    @staticmethod
    def _active(session: Session, token_id: int) -> MachineToken:
        token = session.get(MachineToken, token_id)
        if token is None:
            raise TokenError(f"no token {token_id}")
        if token.revoked_at is not None:
            raise TokenError(f"token {token_id} ({token.name}) is revoked; make a new one")
        return token

    @staticmethod
    def _current_prefix(session: Session, token_id: int) -> str:
        return (
            session.scalar(
                select(TokenSecret.prefix)
                .where(TokenSecret.token_id == token_id)
                .order_by(TokenSecret.id.desc())
                .limit(1)
            )
            or ""
        )


@dataclass(frozen=True)
class _Change:
    """A change to a token, as the audit trail records it (``token.<action>``, in the change's transaction)."""

    action: Literal["create", "rotate", "revoke"]
    detail: Mapping[str, object]
    actor: Principal
    remote_addr: str

    def record(self, session: Session, token: MachineToken) -> None:
        record_event(
            session,
            actor=self.actor,
            action=f"token.{self.action}",
            target=f"token {token.id}",
            detail=self.detail,
            remote_addr=self.remote_addr,
        )


def _kind(token: MachineToken) -> TokenKind:
    return "display" if token.kind == "display" else "api_client"


def _info(token: MachineToken, prefix: str) -> TokenInfo:
    return TokenInfo(
        id=token.id,
        kind=_kind(token),
        name=token.name,
        scopes=frozenset(TokenScope(scope) for scope in token.scopes),
        prefix=prefix,
        created_by=token.created_by,
        created_at=token.created_at,
        rotated_at=token.rotated_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )
