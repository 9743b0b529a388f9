"""The gate in front of every route, and ``current_principal()``: who is asking.

Every request but the open ones (``/healthz``, the sign-in page, static files) needs a signed-in
principal. Anonymous callers get a redirect to the sign-in page for a page, and a 401 JSON for a
callback (``/_dash-*``), the API and the data routes. ``PUBLIC_READ=aggregate`` opens the national
aggregate map to anonymous callers: the map page, its aggregate callbacks, the boundaries and the
aggregate API; never tickets, showcase items or the admin pages.

A person's session ends after ``SESSION_IDLE_MINUTES`` without a request: the time of the last
request is kept in the signed session cookie and checked here on the server, so an old cookie
replayed later is refused too.
"""

from __future__ import annotations

import re
import time

from flask import Flask, Response, current_app, g, jsonify, redirect, request, session, url_for
from flask_login import current_user
from flask_security import logout_user
from werkzeug.wrappers import Response as BaseResponse

from auth.principals import person_principal
from auth.settings import SignInSettings
from store.accounts.models import Account
from store.core.access import ANONYMOUS_PRINCIPAL, Principal, Role

LAST_SEEN = "last_seen"
"""Session key: the Unix time of the person's latest request."""

OPEN_PATHS = re.compile(
    r"^/(?:healthz|sign-in|_favicon\.ico"
    r"|(?:display/|tickets/)?(?:assets|_dash-component-suites|_plotly|_favicon\.ico)(?:/|$)"
    r"|static/)"
)
"""Served to anyone: health, the sign-in page, and static files (scripts, styles, fonts)."""

DATA_PATHS = re.compile(r"^/(?:api(?:/|$)|geodata/|media/|(?:display/|tickets/)?_(?:dash-|reload-hash|access))")
"""Answered with 401 JSON to anonymous callers (they are fetched by scripts, not opened by people)."""

PUBLIC_AGGREGATE_PATHS = re.compile(
    r"^/(?:$|_dash-layout$|_dash-dependencies$|_dash-update-component$|geodata/"
    r"|api/v1/(?:summary|provinces|provinces/\d{2}|provinces/\d{2}/districts|villages)$)"
)
"""What ``PUBLIC_READ=aggregate`` opens: the map page (main app only), its boundaries and the aggregate API."""

PUBLIC_REFUSED_COMPONENTS = frozenset(
    {
        "tickets-heading",  # the Tickets tab: tickets' counts and links
        "tickets-summary",  # its figures and backlog
        "map-overlays-on-map",  # tickets and showcase items drawn on the map
        "showcase-kind",
        "showcase-cards",
        "showcase-modal",  # showcase items' texts and contacts
        "map-download",  # the offline map file
        "export-job",
        "export-status",  # exports
    }
)
"""Components whose callbacks ``PUBLIC_READ`` does not open: tickets, showcase items, exports.

A callback is refused when any of its outputs is one of these; the page's texts (a tab's label
that says "Tickets") are not data and stay open (a callback with one output updates a component
that carries data, so it is named by component, never by a word in its id)."""

ADMIN_PATHS = re.compile(r"^/admin(?:/|$)")
SETTINGS_EXTENSION = "netpracharat.sign_in"


def current_principal() -> Principal:
    """The requester of this request, resolved once: the machine whose token this request carries
    (let through by ``auth.machine``'s gate, which ran first and narrowed what it may reach), else
    the signed-in person, else anonymous.
    """
    if "principal" not in g:
        g.principal = g.get("machine_principal") or _signed_in_person() or ANONYMOUS_PRINCIPAL
    principal: Principal = g.principal
    return principal


def _signed_in_person() -> Principal | None:
    account = current_user._get_current_object()  # Flask-Security's loader: by fs_uniquifier, active only
    if not isinstance(account, Account):
        return None
    settings = sign_in_settings_of(current_app)
    now = time.time()
    if now - float(session.get(LAST_SEEN, 0)) > settings.idle_minutes * 60:
        logout_user()
        session.pop(LAST_SEEN, None)
        return None
    session[LAST_SEEN] = int(now)
    return person_principal(account, executive_personal_data=settings.executive_personal_data)


def install_gate(server: Flask, settings: SignInSettings) -> None:
    """Refuse every request the requester may not make, before any view runs."""
    server.extensions[SETTINGS_EXTENSION] = settings

    @server.before_request
    def gate() -> BaseResponse | tuple[Response, int] | None:
        _ = request.host  # a host outside TRUSTED_HOSTS is a 400 before the gate says anything else
        path = request.path
        if OPEN_PATHS.match(path):
            return None
        principal = current_principal()
        if principal.is_signed_in:
            if ADMIN_PATHS.match(path) and principal.role is not Role.ADMIN:
                return refusal(403, "the admin pages are for admins")
            return None
        if settings.public_aggregate and _is_public_aggregate():
            return None
        return refusal_for_anonymous(path)


def refusal_for_anonymous(path: str) -> BaseResponse | tuple[Response, int]:
    """401 JSON for a script's request, a redirect to the sign-in page for a person's."""
    if DATA_PATHS.match(path) or request.method != "GET":
        return refusal(401, "sign in first: this needs a signed-in account")
    return redirect(url_for("sign_in.sign_in", next=request.full_path.rstrip("?"), lang=request.args.get("lang")))


def _is_public_aggregate() -> bool:
    if not PUBLIC_AGGREGATE_PATHS.match(request.path):
        return False
    if request.path != "/_dash-update-component":
        return request.method == "GET"
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    return isinstance(output, str) and not output_components(output) & PUBLIC_REFUSED_COMPONENTS


def output_components(output: str) -> set[str]:
    """The component ids a callback's ``output`` names (``..a.children...b.figure@hash..`` → a, b)."""
    return {part.split(".", 1)[0] for part in output.strip(".").split("...")}


def sign_in_settings_of(server: Flask) -> SignInSettings:
    settings: SignInSettings = server.extensions[SETTINGS_EXTENSION]
    return settings


def refusal(status: int, message: str) -> tuple[Response, int]:
    """The API's error shape (``{"error": {"status", "message"}}``)."""
    return jsonify({"error": {"status": status, "message": message}}), status
