"""Machines' access: a wall display's token (link, then cookie) and an API client's bearer token.

``principal_from_request`` says who the machine is (or why its token is refused, or that the
request carries no machine credential at all: then the people's sign-in decides);
``authorize_machine`` says what a machine may reach. A display reads the display app and what it
draws (boundaries, showcase images), never writes, never the map page, the ticket table or the
API; an API client reads the API with scope ``read`` and sends data with ``ingest:*``
(``require_scope``, the ingest blueprint's ``authorize``), nothing else.

A display's link ``/display/?display_token=…`` is exchanged once for an HttpOnly, SameSite=Lax
cookie and a redirect to the same URL without the token, so the secret leaves the address bar
(and the logs of later requests). The cookie lasts ten years: a display never expires by
inactivity; revoking or rotating its token is what ends it. A refused display keeps its cookie,
so it keeps showing why it was refused instead of falling back to a sign-in form.
"""

from __future__ import annotations

import dataclasses
from typing import Final

from flask import Flask, Request, Response, abort, current_app, g, request

from auth.refusals import MachineRefusal, api_refusal, display_refusal, missing_scope, not_allowed
from store.core.access import Principal, TokenScope
from store.tokens.registry import TokenCheck, TokenRegistry

EXTENSION: Final = "netdash.machine_tokens"
DISPLAY_COOKIE: Final = "netdash_display"
DISPLAY_LINK_PARAM: Final = "display_token"
DISPLAY_COOKIE_MAX_AGE_S: Final = 10 * 365 * 24 * 3600
DISPLAY_PREFIX: Final = "/display/"
DASH_CALLBACKS: Final = "/_dash-update-component"
DISPLAY_CALLBACKS: Final = "/display" + DASH_CALLBACKS
DISPLAY_ACCESS_URL: Final = "/display/_access"
"""What the display's browser asks when a refresh does not come back: 200, or the refusal as JSON."""
READ_METHODS: Final = frozenset({"GET", "HEAD"})
SHARED_READ_PREFIXES: Final = ("/geodata/", "/media/")
"""Boundaries and showcase images: what the display draws and what the API's answers link to."""
API_PREFIX: Final = "/api/"
INGEST_PREFIX: Final = "/api/v1/ingest/"
HEALTH: Final = "/healthz"


def principal_from_request(req: Request) -> Principal | MachineRefusal | None:
    """The machine behind ``req``; a refusal when its token is forged, revoked or rotated; None
    when it shows no machine credential (no bearer token, no display link or cookie)."""
    registry: TokenRegistry = current_app.extensions[EXTENSION]
    authorization = req.headers.get("Authorization", "")
    if authorization:
        scheme, _, presented = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return api_refusal("invalid")
        return _principal(registry.check(presented.strip()), display=False)
    from_display = req.args.get(DISPLAY_LINK_PARAM) or req.cookies.get(DISPLAY_COOKIE)
    if from_display is None:
        return None
    return _principal(registry.check(from_display), display=True)


def _principal(check: TokenCheck, *, display: bool) -> Principal | MachineRefusal:
    refuse = display_refusal if display else api_refusal
    if check.problem is not None:
        return refuse(check.problem)
    if check.token is None or (display and check.token.kind != "display"):
        return refuse("invalid")  # an API token in a display link or cookie: never sent by a browser
    return check.token.principal()


def authorize_machine(principal: Principal, req: Request) -> MachineRefusal | None:
    """Whether ``principal`` (a display or an API client) may make ``req``; None for people."""
    path, reading = req.path, req.method in READ_METHODS
    if principal.kind == "display":
        if (reading and (path.startswith(DISPLAY_PREFIX) or _shared_read(path))) or (
            req.method == "POST" and path == DISPLAY_CALLBACKS
        ):
            return None
        return not_allowed("a display token shows the wall display only (/display/): nothing else, nothing that writes")
    if principal.kind == "api_client":
        if path.startswith(INGEST_PREFIX):
            return None  # each ingest route asks for its own scope (require_scope)
        if reading and (path.startswith(API_PREFIX) or _shared_read(path)):
            return None if TokenScope.READ in principal.scopes else missing_scope(TokenScope.READ)
        return not_allowed("an API token reads the API (scope read) and sends data (scopes ingest:*); nothing else")
    return None


def _shared_read(path: str) -> bool:
    return path.startswith(SHARED_READ_PREFIXES) or path == HEALTH


def require_scope(scope: str) -> str:
    """The ``authorize`` of ``api.ingest.make_ingest_blueprint``: the client's account name, or a
    401/403 JSON answer when the request has no usable API token or the token lacks ``scope``."""
    found = g.get("machine_principal") or principal_from_request(request)
    if isinstance(found, MachineRefusal):
        abort(found.json())
    if found is None:
        abort(api_refusal("invalid").json())
    if found.kind != "api_client":
        abort(not_allowed("only an API token with an ingest scope may send data").json())
    if scope not in found.scopes:
        abort(missing_scope(scope).json())
    return found.account


def refusal_response(refusal: MachineRefusal, req: Request) -> Response:
    """A wall screen's page gets the full-screen message; everything else (API, callbacks, the
    display's own probe) gets JSON."""
    wants_page = (
        refusal.message_th
        and req.method in READ_METHODS
        and req.path.startswith(DISPLAY_PREFIX)
        and req.accept_mimetypes.accept_html
        and req.path != DISPLAY_ACCESS_URL
    )
    if wants_page:
        return refusal.page()
    if req.path.endswith(DASH_CALLBACKS) and refusal.status == 401:
        # dash-renderer (4.4) reads the body of a 401 twice (its JWT-refresh check, then its error
        # report) and the page gets an unhandled "body stream already read": a 403 is read once
        return dataclasses.replace(refusal, status=403).json()
    return refusal.json()


def install_machine_gate(server: Flask, registry: TokenRegistry) -> None:
    """The machines' half of the gate on every request (the sign-in's gate handles people).

    A request with a machine credential passes only as ``authorize_machine`` allows, and the
    principal is left in ``g.machine_principal``; one without passes untouched.
    """
    server.extensions[EXTENSION] = registry

    @server.before_request
    def machine_gate() -> Response | None:
        found = principal_from_request(request)
        if found is None:
            return None
        if isinstance(found, MachineRefusal):
            return refusal_response(found, request)
        if (refusal := authorize_machine(found, request)) is not None:
            return refusal_response(refusal, request)
        g.machine_principal = found
        if DISPLAY_LINK_PARAM in request.args and found.kind == "display":
            return _exchange_link_for_cookie(request)
        return None

    @server.get(DISPLAY_ACCESS_URL)
    def display_access() -> dict[str, str]:
        """200 once the gate has let the display through (its token is still good)."""
        return {"status": "ok"}


def _exchange_link_for_cookie(req: Request) -> Response:
    """Redirect to the URL without the token, setting the cookie that carries it from now on."""
    pairs = req.query_string.decode("latin-1").split("&")
    kept = "&".join(pair for pair in pairs if pair and pair.split("=", 1)[0] != DISPLAY_LINK_PARAM)
    response = Response(status=303, headers={"Location": req.path + (f"?{kept}" if kept else "")})
    response.set_cookie(
        DISPLAY_COOKIE,
        req.args[DISPLAY_LINK_PARAM],
        max_age=DISPLAY_COOKIE_MAX_AGE_S,
        httponly=True,
        samesite="Lax",
        secure=req.is_secure,
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
