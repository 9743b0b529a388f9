"""People on the server: accounts (Flask-Security), the gate, the sign-in pages and the limiter."""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.middleware.proxy_fix import ProxyFix

from auth.accounts import init_accounts
from auth.gate import install_gate
from auth.limits import sign_in_limiter
from auth.settings import SignInSettings
from auth.single_sign_on import oidc_settings
from web.admin_pages import admin_blueprint
from web.sign_in import sign_in_blueprint
from web.single_sign_on import single_sign_on_blueprint


def install_accounts(server: Flask, session_factory: sessionmaker[Session], settings: SignInSettings) -> None:
    """Everything people's sign-in needs, before any other route is registered."""
    trust_proxies(server, os.environ)
    init_accounts(server, session_factory, settings)
    install_gate(server, settings)
    limiter = sign_in_limiter(server, os.environ)
    server.register_blueprint(sign_in_blueprint(server, limiter))
    server.register_blueprint(single_sign_on_blueprint(server, limiter, oidc_settings(os.environ)))
    server.register_blueprint(admin_blueprint(server))


def trust_proxies(server: Flask, environ: Mapping[str, str]) -> None:
    """``PROXY_HOPS=N``: the client's address and scheme from the last N proxies' ``X-Forwarded-For``
    and ``X-Forwarded-Proto`` (nginx: 1), so the sign-in limiter and the audit trail see the client,
    not nginx, and cookies are ``Secure`` behind HTTPS. Unset: the headers are ignored (anyone can send them)."""
    raw = environ.get("PROXY_HOPS", "")
    if not raw:
        return
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 5:
        raise SystemExit(f"netpracharat: PROXY_HOPS is a number of proxies from 1 to 5, got {raw!r}")
    server.wsgi_app = ProxyFix(server.wsgi_app, x_for=int(raw), x_proto=int(raw))  # type: ignore[method-assign]
