"""People on the server: accounts (Flask-Security), the gate, the sign-in pages and the limiter."""

from __future__ import annotations

import os

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from auth.accounts import init_accounts
from auth.gate import install_gate
from auth.limits import sign_in_limiter
from auth.settings import SignInSettings
from web.admin_pages import admin_blueprint
from web.sign_in import sign_in_blueprint


def install_accounts(server: Flask, session_factory: sessionmaker[Session], settings: SignInSettings) -> None:
    """Everything people's sign-in needs, before any other route is registered."""
    init_accounts(server, session_factory, settings)
    install_gate(server, settings)
    server.register_blueprint(sign_in_blueprint(server, sign_in_limiter(server, os.environ)))
    server.register_blueprint(admin_blueprint(server))
