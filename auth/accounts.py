"""Flask-Security on our own session factory: password hashing (argon2), the session's user loader
(by ``fs_uniquifier``), sign-in and sign-out, and account changes recorded in the audit trail.

Flask-Security's own views are not registered: the sign-in page is ours (Thai first, in the
dashboard's theme, with the limiter and the lock-out), built on its ``login_user``/``logout_user``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, request
from flask_security import Security, SQLAlchemySessionUserDatastore, UserMixin, hash_password, verify_password
from flask_wtf import CSRFProtect
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, scoped_session, sessionmaker

from auth.settings import SignInSettings
from store.accounts.models import Account

PASSWORD_HASH = "argon2"


class _NoRoleModel:
    """Accounts hold one role in a column (``store.core.access.Role``), not Flask-Security's role table."""


class _AccountDatastore(SQLAlchemySessionUserDatastore):
    """Flask-Security's datastore, reading an account with its provinces in one statement.

    Every request of a signed-in person loads their account (by ``fs_uniquifier``, so a revoked
    session or a deactivation counts at once); the provinces, which decide what they may see, came
    in a second round trip to the primary."""

    def find_user(self, case_insensitive: bool = False, **kwargs: Any) -> UserMixin | None:
        ((name, value),) = kwargs.items()  # Flask-Security asks by a single attribute
        column = getattr(Account, name)
        condition = func.lower(column) == func.lower(value) if case_insensitive else column == value
        statement = select(Account).options(joinedload(Account.province_rows)).where(condition)
        account: Account | None = self.db.session.scalars(statement).unique().first()
        return account  # type: ignore[return-value]  # Flask-Login's user by its protocol, not by class


def init_accounts(server: Flask, session_factory: sessionmaker[Session], settings: SignInSettings) -> Security:
    """Flask-Security and Flask-WTF's CSRF on ``server``; accounts read through ``session_factory``."""
    server.config.update(
        SECRET_KEY=settings.secret_key,
        SECURITY_PASSWORD_HASH=PASSWORD_HASH,
        SECURITY_PASSWORD_SINGLE_HASH=True,  # argon2 salts itself; no HMAC, so a new SECRET_KEY keeps passwords valid
        SECURITY_PASSWORD_SALT=hashlib.sha256(b"fs-token-salt:" + settings.secret_key.encode()).hexdigest(),
        SECURITY_DEFAULT_REMEMBER_ME=False,
        SECURITY_TRACKABLE=False,
        SECURITY_ANONYMOUS_USER_DISABLED=False,
        SECURITY_API_ENABLED_METHODS=["session"],
        REMEMBER_COOKIE_DURATION=0,
        WTF_CSRF_CHECK_DEFAULT=False,  # forms check their token; Dash's callbacks have the origin check
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    CSRFProtect(server)
    datastore = _AccountDatastore(scoped_session(session_factory), Account, _NoRoleModel)  # type: ignore[arg-type]
    security = Security(server, datastore, register_blueprint=False)
    # People are known by their session only. Flask-Security's own auth tokens, which it looks for
    # in every request's header, query and JSON body, are switched off: machines carry ours
    # (auth/machine.py), and a body must stay unread until its route has set its size limit (the
    # network feed's batch is over the pages' 1 MiB).
    server.login_manager.request_loader(lambda _request: None)  # type: ignore[attr-defined]
    server.teardown_appcontext(lambda _error: datastore.db.session.remove())
    return security


@contextmanager
def account_changes(server: Flask) -> Iterator[Session]:
    """One transaction on the accounts' session (the audit event commits with the change)."""
    session: Session = server.extensions["security"].datastore.db.session
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def new_password() -> str:
    """A generated password to hand over once (about 96 bits)."""
    return secrets.token_urlsafe(12)


def password_hash(password: str) -> str:
    return hash_password(password)


def password_matches(account: Account, password: str) -> bool:
    return verify_password(password, account.password)


def remote_addr() -> str:
    return request.remote_addr or ""
