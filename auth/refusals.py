"""What a refused machine is told: a JSON reason for API clients and the display's own requests,
and for a wall screen's page a full-screen message in Thai and English that is not a login form
(a screen nobody sits at must say what to do: ask an admin for a new link).

The texts live here rather than in ``dashboard.i18n``: they are answered by the gate before any
page exists, and the display shows the same two lines the gate sends (``assets/display.js``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Final, Literal

from flask import Response, jsonify

Reason = Literal["invalid", "revoked", "rotated", "missing_scope", "not_allowed"]

DISPLAY_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "invalid": (
        "สิทธิ์เข้าถึงของจอนี้ไม่ถูกต้อง กรุณาขอลิงก์ใหม่จากผู้ดูแลระบบ",
        "This screen's access is not valid: ask an admin for a new link.",
    ),
    "revoked": (
        "สิทธิ์เข้าถึงของจอนี้ถูกเพิกถอนแล้ว กรุณาขอลิงก์ใหม่จากผู้ดูแลระบบ",
        "This screen's access was revoked: ask an admin for a new link.",
    ),
    "rotated": (
        "ลิงก์ของจอนี้ถูกแทนที่ด้วยลิงก์ใหม่แล้ว กรุณาขอลิงก์ใหม่จากผู้ดูแลระบบ",
        "This screen's link was replaced by a new one: ask an admin for the new link.",
    ),
}
"""(Thai, English) per reason a display's token is refused."""

API_TEXTS: Final[dict[str, str]] = {
    "invalid": "the token is not valid",
    "revoked": "the token was revoked",
    "rotated": "the token was replaced by a new one (rotated): use the new secret",
}


@dataclass(frozen=True)
class MachineRefusal:
    """A machine's request the gate refuses: 401 (no usable token) or 403 (the token may not do this)."""

    status: Literal[401, 403]
    reason: Reason
    message: str
    message_th: str = ""
    scope: str = ""

    def json(self) -> Response:
        """``{"error": {status, message, reason}}`` as every API error, with RFC 6750's header."""
        body: dict[str, object] = {"status": self.status, "message": self.message, "reason": self.reason}
        if self.message_th:
            body["message_th"] = self.message_th
        response = jsonify({"error": body})
        response.status_code = self.status
        error = "insufficient_scope" if self.reason == "missing_scope" else "invalid_token"
        scope = f', scope="{self.scope}"' if self.scope else ""
        response.headers["WWW-Authenticate"] = f'Bearer error="{error}"{scope}'
        response.headers["Cache-Control"] = "no-store"
        return response

    def page(self) -> Response:
        """The full-screen message a wall screen shows instead of the show (no form, no link)."""
        body = PAGE.format(
            th=escape(self.message_th, quote=False), en=escape(self.message, quote=False), reason=self.reason
        )
        return Response(body, status=self.status, mimetype="text/html", headers={"Cache-Control": "no-store"})


def display_refusal(reason: Literal["invalid", "revoked", "rotated"]) -> MachineRefusal:
    thai, english = DISPLAY_TEXTS[reason]
    return MachineRefusal(401, reason, english, thai)


def api_refusal(reason: Literal["invalid", "revoked", "rotated"]) -> MachineRefusal:
    return MachineRefusal(401, reason, API_TEXTS[reason])


def missing_scope(scope: str) -> MachineRefusal:
    return MachineRefusal(403, "missing_scope", f"this token lacks the scope {scope!r}", scope=scope)


def not_allowed(message: str) -> MachineRefusal:
    return MachineRefusal(403, "not_allowed", message)


PAGE: Final = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>เน็ตประชารัฐ · Net Pracharat</title>
<style>
html, body {{ margin: 0; height: 100%; background: #0b1220; color: #f5f7fa; font-family: Sarabun, sans-serif; }}
main {{ height: 100%; display: flex; flex-direction: column; justify-content: center; align-items: center;
  text-align: center; padding: 0 6vw; box-sizing: border-box; }}
h1 {{ font-size: 3.4vw; margin: 0 0 2vw; color: #e69f00; }}
p {{ font-size: 2.4vw; margin: 0; color: #c9d1dc; }}
</style></head>
<body><main class="access-refused" data-reason="{reason}"><h1>{th}</h1><p lang="en">{en}</p></main></body></html>
"""
