"""Security headers on every answer, and secure cookies when served over HTTPS.

The Content-Security-Policy allows scripts from this server only, plus Dash's one inline start-up
script by its hash (``Dash.csp_hashes``; no ``'unsafe-inline'`` for scripts). Styles allow inline
because Plotly and MapLibre add ``<style>`` elements at run time; images and workers allow ``data:``
and ``blob:`` because the map draws its tiles and runs its workers from them. No page may be framed
by another site (``frame-ancestors 'none'``, and ``X-Frame-Options`` for older browsers).

``CSP_REPORT_ONLY=1`` sends the same policy as ``Content-Security-Policy-Report-Only``: the browser
reports what it would block and blocks nothing. For a policy's roll-out and for measuring tools
that evaluate code in the page (``make bench``'s shared harness waits with a string predicate);
never in production.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface


def content_security_policy(script_hashes: Iterable[str]) -> str:
    scripts = " ".join(sorted(set(script_hashes)))
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' {scripts}".strip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class HttpsAwareSessions(SecureCookieSessionInterface):
    """The session cookie is ``Secure`` whenever the request came over HTTPS (or the config says so)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure or super().get_cookie_secure(app)


def install_security_headers(server: Flask, script_hashes: Iterable[str], *, report_only: bool = False) -> None:
    """Headers on every response, and secure session cookies over HTTPS."""
    policy = content_security_policy(script_hashes)
    policy_header = "Content-Security-Policy-Report-Only" if report_only else "Content-Security-Policy"
    server.session_interface = HttpsAwareSessions()

    @server.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault(policy_header, policy)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
