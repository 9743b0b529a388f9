"""Accounts made from the command line: the first admin of a fresh install, and the demo's accounts.

Passwords are generated here, hashed with the same argon2 settings as the server, and shown
once; the demo's are also kept in ``var/demo_accounts.json`` (readable by its owner only, never
committed) so that ``make run`` can print them again.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from auth.accounts import account_changes, init_accounts, new_password, password_hash
from auth.settings import SignInSettings
from store.accounts.directory import create_account, find_account
from store.audit.trail import record_event
from store.core.access import Principal, Role
from store.core.db import PROJECT_ROOT

DEMO_ACCOUNTS_FILE = PROJECT_ROOT / "var" / "demo_accounts.json"
DEMO_ACCOUNTS: tuple[tuple[str, Role, tuple[str, ...]], ...] = (
    ("admin@demo.netpracharat.invalid", Role.ADMIN, ()),
    ("executive@demo.netpracharat.invalid", Role.EXECUTIVE, ()),
    ("officer84@demo.netpracharat.invalid", Role.OFFICER, ("84",)),
    ("officer50@demo.netpracharat.invalid", Role.OFFICER, ("50",)),
)
"""One demo account per role: an officer of Surat Thani (84) and one of Chiang Mai (50)."""

COMMAND_LINE = Principal(kind="person", account="command line")


def _hashing_server(session_factory: sessionmaker[Session]) -> Flask:
    """A Flask app that only hashes and stores (no request is ever served by it)."""
    server = Flask("netpracharat-accounts")
    settings = SignInSettings(
        secret_key=secrets.token_urlsafe(32),
        idle_minutes=30,
        lock_after=5,
        rate_limit="10 per minute",
        address_rate_limit="120 per minute",
        public_aggregate=False,
        executive_personal_data=False,
    )
    init_accounts(server, session_factory, settings)
    return server


def create_person(
    session_factory: sessionmaker[Session], email: str, role: Role, provinces: tuple[str, ...] = ()
) -> str:
    """Create an account with a generated password; the password (to show once). Raises ``AccountProblem``."""
    server = _hashing_server(session_factory)
    password = new_password()
    with server.app_context(), account_changes(server) as db:
        account = create_account(db, email=email, password_hash=password_hash(password), role=role, provinces=provinces)
        record_event(
            db,
            actor=COMMAND_LINE,
            action="account_created",
            target=account.email,
            detail={"role": role.value, "provinces": list(provinces)},
        )
    return password


def ensure_demo_accounts(session_factory: sessionmaker[Session], keep: Path = DEMO_ACCOUNTS_FILE) -> dict[str, str]:
    """The demo accounts and their passwords, made (once) when missing from the database or from ``keep``."""
    kept: dict[str, str] = json.loads(keep.read_text(encoding="utf-8")) if keep.exists() else {}
    with session_factory() as db:
        present = {email for email, _role, _provinces in DEMO_ACCOUNTS if find_account(db, email) is not None}
    for email, role, provinces in DEMO_ACCOUNTS:
        if email not in present:
            kept[email] = create_person(session_factory, email, role, provinces)
    keep.parent.mkdir(parents=True, exist_ok=True)
    keep.touch(mode=0o600)
    keep.write_text(json.dumps(kept, indent=1), encoding="utf-8")
    return {email: kept[email] for email, _role, _provinces in DEMO_ACCOUNTS if email in kept}
