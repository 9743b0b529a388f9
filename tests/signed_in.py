"""Test clients signed in as a person of a given role, on the app under test.

The account is created in the app's database (hashed password, like any other) and the client's
session cookie is the one Flask-Security's sign-in would give it (``_user_id`` is the account's
``fs_uniquifier``), signed with the app's key. The sign-in form itself, its limiter and CSRF are
tested in ``test_accounts.py``; going through it here would make every test pay argon2's cost.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from flask import Flask
from flask.testing import FlaskClient

from auth.accounts import account_changes, password_hash
from auth.gate import LAST_SEEN
from store.accounts.directory import create_account, find_account
from store.core.access import Role

TEST_PASSWORD = "correct horse battery staple"


def ensure_account(server: Flask, email: str, role: Role, provinces: Iterable[str] = ()) -> str:
    """The ``fs_uniquifier`` of the account ``email``, created when missing."""
    with server.app_context(), account_changes(server) as db:
        account = find_account(db, email)
        if account is None:
            account = create_account(
                db, email=email, password_hash=password_hash(TEST_PASSWORD), role=role, provinces=provinces
            )
        return account.fs_uniquifier


def signed_in_client(
    server: Flask, role: Role = Role.ADMIN, provinces: Iterable[str] = (), *, email: str | None = None
) -> FlaskClient:
    """A test client whose session is that of a signed-in ``role`` (of ``provinces``)."""
    provinces = tuple(provinces)
    email = email or f"{role.value}{''.join(provinces)}@test.invalid"
    uniquifier = ensure_account(server, email, role, provinces)
    client = server.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = uniquifier
        session["_fresh"] = True
        session[LAST_SEEN] = int(time.time())
    return client
