"""Signing in over HTTP, as a browser does, for what drives a running server from outside: the
bench, the load test and the tests of the cluster and of heavy exports.

The account is made in the server's database (``auth.provisioning.create_person``, a generated
password, as ``python -m cli create-admin`` does), then a ``requests.Session`` fetches the
sign-in page, reads its CSRF token and posts the form: the session cookie it gets back is a real
one, checked by the gate on every request like any person's.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import requests

from auth.provisioning import create_person
from store.core.access import Role
from store.core.db import make_engine, make_session_factory

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def new_account(
    database_url: str, role: Role, provinces: tuple[str, ...] = (), *, name: str = "bench"
) -> tuple[str, str]:
    """A fresh account of ``role`` in the database at ``database_url``: its e-mail and password."""
    email = f"{name}-{role.value}-{uuid.uuid4().hex[:8]}@bench.invalid"
    engine = make_engine(database_url)
    try:
        password = create_person(make_session_factory(engine), email, role, provinces)
    finally:
        engine.dispose()
    return email, password


def signed_in_session(base_url: str, email: str, password: str, *, timeout: float = 60) -> requests.Session:
    """A session signed in at ``base_url`` through the sign-in form (``RuntimeError`` if refused)."""
    session = requests.Session()
    page = session.get(f"{base_url}/sign-in", timeout=timeout)
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError(f"no sign-in form at {base_url}/sign-in ({page.status_code})")
    answer = session.post(
        f"{base_url}/sign-in",
        data={"email": email, "password": password, "csrf_token": token.group(1), "next": "/"},
        timeout=timeout,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"signing in as {email} at {base_url} answered {answer.status_code}")
    return session


def signed_in_as(
    base_url: str, database_url: str, role: Role = Role.EXECUTIVE, provinces: tuple[str, ...] = ()
) -> requests.Session:
    """A new account of ``role`` and a session signed in with it."""
    email, password = new_account(database_url, role, provinces)
    return signed_in_session(base_url, email, password)


def browser_cookies(session: requests.Session, base_url: str) -> list[dict[str, Any]]:
    """The session's cookies as a Playwright browser context takes them (``context.add_cookies``)."""
    return [{"name": cookie.name, "value": cookie.value or "", "url": base_url} for cookie in session.cookies]
