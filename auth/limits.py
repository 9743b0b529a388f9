"""The sign-in limiter (Flask-Limiter): attempts per client address, in memory or in Redis.

In memory each worker counts on its own (a deployment of N workers allows up to N times the
rate); with ``REDIS_URL`` every worker and host shares one count.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def sign_in_limiter(server: Flask, environ: Mapping[str, str]) -> Limiter:
    """A limiter on ``server`` with no default limit (only the routes that ask for one are limited)."""
    return Limiter(
        get_remote_address,
        app=server,
        storage_uri=environ.get("REDIS_URL") or "memory://",
        default_limits=[],
        key_prefix="netpracharat-sign-in",
    )
