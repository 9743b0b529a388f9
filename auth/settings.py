"""The sign-in's configuration, read once from the environment when the app is built.

| variable | effect |
| --- | --- |
| ``SECRET_KEY`` | signs session cookies; required unless on the embedded demo (kept in ``var/secret_key``) |
| ``SESSION_IDLE_MINUTES`` | a person's session ends after this long without a request (default 30) |
| ``SIGN_IN_LOCK_AFTER`` | failed sign-ins in a row that lock an account until an admin unlocks it (default 5) |
| ``SIGN_IN_RATE_LIMIT`` | sign-in attempts per client address (default ``10 per minute``, Flask-Limiter syntax) |
| ``PUBLIC_READ`` | ``aggregate``: anonymous callers may read the national aggregate map; default off |
| ``EXECUTIVE_PERSONAL_DATA`` | ``all``: executives see volunteers' contacts everywhere; default none |
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from store.core.db import PROJECT_ROOT

EMBEDDED_SECRET_FILE = PROJECT_ROOT / "var" / "secret_key"


class MissingSecretKey(RuntimeError):
    """No ``SECRET_KEY`` on a real deployment: the app refuses to start (one line, exit 4 under gunicorn)."""


@dataclass(frozen=True)
class SignInSettings:
    secret_key: str
    idle_minutes: int
    lock_after: int
    rate_limit: str
    public_aggregate: bool
    executive_personal_data: bool


def sign_in_settings(
    environ: Mapping[str, str], *, embedded_default: bool, secret_file: Path = EMBEDDED_SECRET_FILE
) -> SignInSettings:
    """The settings of ``environ``; a missing ``SECRET_KEY`` stops the start unless on the embedded demo."""
    return SignInSettings(
        secret_key=_secret_key(environ, embedded_default, secret_file),
        idle_minutes=_positive(environ, "SESSION_IDLE_MINUTES", 30),
        lock_after=_positive(environ, "SIGN_IN_LOCK_AFTER", 5),
        rate_limit=environ.get("SIGN_IN_RATE_LIMIT") or "10 per minute",
        public_aggregate=_choice(environ, "PUBLIC_READ", "aggregate"),
        executive_personal_data=_choice(environ, "EXECUTIVE_PERSONAL_DATA", "all"),
    )


def _secret_key(environ: Mapping[str, str], embedded_default: bool, secret_file: Path) -> str:
    if key := environ.get("SECRET_KEY", ""):
        return key
    if not embedded_default:
        raise MissingSecretKey(
            "SECRET_KEY is not set: set it to a long random value (python -c "
            "'import secrets; print(secrets.token_urlsafe(48))') shared by every worker of this deployment"
        )
    if not secret_file.exists():
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.touch(mode=0o600)
        secret_file.write_text(secrets.token_urlsafe(48), encoding="ascii")
    return secret_file.read_text(encoding="ascii").strip()


def _positive(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise SystemExit(f"netpracharat: {name} must be a positive whole number, got {raw!r}")
    return int(raw)


def _choice(environ: Mapping[str, str], name: str, on: str) -> bool:
    raw = environ.get(name, "").strip().lower()
    if raw in ("", "off", "none"):
        return False
    if raw != on:
        raise SystemExit(f"netpracharat: {name} is {on!r} or unset, got {raw!r}")
    return True
