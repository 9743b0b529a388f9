"""What every request passes before any feature sees it: size, JSON depth, host, origin, and a
last-resort answer for malformed callback requests.

- ``MAX_REQUEST_BYTES`` (default 1 MiB) caps a request body: a larger one gets 413 before it is
  read (Flask's ``MAX_CONTENT_LENGTH``). No page or API call sends more than a few KB.
- JSON nested deeper than Python's parser can follow is a 400, not a ``RecursionError``.
- ``TRUSTED_HOSTS`` (comma-separated host names; ``.example.org`` also matches its subdomains)
  are the names the server answers to (Flask's ``TRUSTED_HOSTS``; another ``Host`` gets 400).
  Unset, any name is served only on the embedded default database (the local demo under
  ``var/``); on any other database the server then answers to the local names only.
- A state-changing request (POST, PUT, PATCH, DELETE, Dash's callback requests included) whose
  ``Origin`` (or, without one, ``Referer``) is another site's gets 403: a page elsewhere cannot
  make a signed-in browser change a ticket. Requests without either (scripts, curl) pass.
- Dash's callback endpoints answer a request they cannot read (not a known server callback, or
  one whose values made Dash or a callback fail) with a JSON 400 logged as one warning line.
  Callbacks validate their own inputs (``view.inputs``); this guard is only the last resort, and
  the fuzz test checks that it never fires for any input slot of any callback.
"""

from __future__ import annotations

import functools
import logging
import os
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from dash import Dash
from dash.exceptions import InvalidCallbackReturnValue, PreventUpdate
from flask import Flask, Response, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException
from werkzeug.sansio.utils import host_is_trusted

from api.errors import error_response

log = logging.getLogger(__name__)

DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
STATE_CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DASH_APPS_EXTENSION = "netpracharat.dash_apps"
"""``server.extensions`` key of the Dash apps on the server (the fuzz test enumerates their callbacks)."""

INPUT_ERRORS = (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError, RecursionError)
"""What malformed values raise. Anything else (a database that does not answer, a full disk) is
a server fault and stays a 500 with its traceback."""


class DepthSafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON with a too deeply nested document read as invalid JSON (a 400), not a 500."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def trusted_hosts(environ: Mapping[str, str], *, embedded_default: bool) -> list[str] | None:
    """The host names to serve, from ``TRUSTED_HOSTS``; unset: ``None`` (any) on the embedded
    default database, else the local names only."""
    configured = [name.strip() for name in environ.get("TRUSTED_HOSTS", "").split(",") if name.strip()]
    if configured:
        return configured
    return None if embedded_default else list(LOCAL_HOSTS)


def max_request_bytes(environ: Mapping[str, str]) -> int:
    """``MAX_REQUEST_BYTES`` or 1 MiB; a value that is not a positive whole number stops the start."""
    raw = environ.get("MAX_REQUEST_BYTES", "")
    if not raw:
        return DEFAULT_MAX_REQUEST_BYTES
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise SystemExit(f"MAX_REQUEST_BYTES must be a positive whole number of bytes, got {raw!r}")
    return int(raw)


def install_request_guards(server: Flask, *, embedded_default: bool, environ: Mapping[str, str] | None = None) -> None:
    """Body size, JSON depth, trusted hosts and the origin check of state-changing requests;
    ``embedded_default``: the app runs on the embedded default database (the local demo)."""
    environ = os.environ if environ is None else environ
    server.json = DepthSafeJSONProvider(server)
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes(environ)
    hosts = trusted_hosts(environ, embedded_default=embedded_default)
    server.config["TRUSTED_HOSTS"] = hosts

    @server.before_request
    def refuse_foreign_origin() -> tuple[Response, int] | None:
        if request.method not in STATE_CHANGING_METHODS or request.routing_exception is not None:
            return None
        source = request.headers.get("Origin") or request.headers.get("Referer")
        if source is None or _is_ours(source, hosts):
            return None
        return error_response(403, f"a {request.method} from another site is refused: {source[:100]}")


def _is_ours(source: str, hosts: Sequence[str] | None) -> bool:
    """Whether an ``Origin`` or ``Referer`` names this server: a trusted host, or (no list) the
    request's own host. ``Origin: null`` (sandboxed pages, file:) is never ours."""
    try:
        parts = urlsplit(source)
        name = parts.hostname
    except ValueError:
        return False
    if not name or parts.scheme not in ("http", "https"):
        return False
    if hosts is not None:
        return host_is_trusted(name, hosts)
    own = urlsplit(f"//{request.host}").hostname
    return name == own


def guard_dash_callbacks(server: Flask, apps: Sequence[Dash]) -> None:
    """Wrap each Dash app's callback endpoint in the last-resort guard; remember the apps."""
    server.extensions[DASH_APPS_EXTENSION] = tuple(apps)
    for app in apps:
        endpoint = _callback_endpoint(server, app)
        server.view_functions[endpoint] = _guarded(app, server.view_functions[endpoint])


def dash_apps(server: Flask) -> tuple[Dash, ...]:
    """The Dash apps ``guard_dash_callbacks`` was given."""
    return server.extensions[DASH_APPS_EXTENSION]  # type: ignore[no-any-return]


def _callback_endpoint(server: Flask, app: Dash) -> str:
    path = f"{app.config.routes_pathname_prefix}_dash-update-component"
    return next(rule.endpoint for rule in server.url_map.iter_rules() if rule.rule == path)


def _guarded(app: Dash, dispatch: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(dispatch)
    def guarded_dispatch(*args: Any, **kwargs: Any) -> Any:
        try:
            refusal = _unreadable_request(app)
            if refusal is not None:
                return _refuse(refusal)
            return dispatch(*args, **kwargs)
        except PreventUpdate:
            raise
        except HTTPException as error:  # unreadable JSON (400), a body too large (413)
            return error_response(error.code or 400, error.description or error.name)
        except INPUT_ERRORS as error:
            return _refuse(f"{type(error).__name__}: {str(error)[:200]} at {_origin_of(error)}")
        except InvalidCallbackReturnValue as error:  # e.g. no_update for a pattern output the request sent as []
            return _refuse(f"the outputs named do not fit the callback's answer: {str(error)[:200]}")

    return guarded_dispatch


def _unreadable_request(app: Dash) -> str | None:
    """Why the body cannot be a callback request of ``app`` (``None``: it can)."""
    body = request.get_json()
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    callback = app.callback_map.get(body.get("output")) if isinstance(body.get("output"), str) else None
    if callback is None or "callback" not in callback:
        return f"no server callback for output {str(body.get('output'))[:100]!r}"
    if not all(isinstance(body.get(key, []), list) for key in ("inputs", "state", "changedPropIds")):
        return "inputs, state and changedPropIds must be lists"
    for key in ("inputs", "state"):
        if len(body.get(key, [])) != len(callback[key]):
            return f"{key} has {len(body.get(key, []))} entries, the callback {len(callback[key])}"
    return _unreadable_outputs(body.get("outputs"), callback["output"])


def _unreadable_outputs(outputs: object, declared: object) -> str | None:
    """Why ``outputs`` cannot be the outputs of a callback declaring ``declared`` (``None``: it can)."""
    if isinstance(declared, list | tuple):
        if not isinstance(outputs, list) or len(outputs) != len(declared):
            return f"outputs must be a list of {len(declared)}"
        pairs = list(zip(outputs, declared, strict=True))
    else:
        pairs = [(outputs, declared)]
    for entry, output in pairs:
        pattern = isinstance(getattr(output, "component_id", None), dict)
        if not isinstance(entry, dict | list if pattern else dict):
            return "each output must be an object (or a list of them for a pattern)"
    return None


def _refuse(reason: str) -> tuple[Response, int]:
    log.warning("callback request refused (400) on %s: %s", request.path, reason)
    return error_response(400, f"malformed callback request: {reason}")


def _origin_of(error: BaseException) -> str:
    """Where ``error`` was raised (file:line), so the warning points at the code to fix without a traceback."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{os.path.relpath(frame.filename)}:{frame.lineno}"
