"""The admins' page of machine tokens (``/admin/tokens/``): make, rotate and revoke display and
API tokens, see when each was last used. Thai first, English with ``?lang=en``.

A new or rotated secret is shown once, on the answer to the form that made it (``no-store``, never
redirected to a page that could show it again); a display's secret comes as the link to open
on the screen. Every form carries Flask-WTF's CSRF token: a page of another site cannot make a
signed-in admin's browser revoke the wall displays. Anyone whose principal is not an admin gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length

from store.core.access import Principal, Role, TokenScope
from store.tokens.registry import MAX_NAME_CHARS, IssuedToken, TokenError, TokenKind, TokenRegistry

URL_PREFIX: Final = "/admin/tokens"

TEXTS: Final[dict[str, dict[str, str]]] = {
    "th": {
        "title": "โทเค็นจอแสดงผลและ API",
        "intro": "จอแสดงผลในห้องประชุมและระบบที่เชื่อมต่อ API ใช้โทเค็นแทนการลงชื่อเข้าใช้",
        "new": "สร้างโทเค็นใหม่",
        "kind": "ประเภท",
        "display": "จอแสดงผล",
        "api_client": "ระบบที่เชื่อมต่อ API",
        "name": "ชื่อ (เช่น ห้องประชุม ชั้น 3)",
        "scopes": "สิทธิ์ (เฉพาะ API)",
        "create": "สร้าง",
        "once": "คัดลอกตอนนี้: จะแสดงเพียงครั้งเดียว และไม่ได้เก็บไว้ที่ใด",
        "open_link": "เปิดลิงก์นี้หนึ่งครั้งบนจอแสดงผล",
        "bearer": "ส่งในส่วนหัว Authorization: Bearer …",
        "prefix": "ขึ้นต้นด้วย",
        "created": "สร้างเมื่อ",
        "by": "โดย",
        "last_used": "ใช้ล่าสุด",
        "never": "ยังไม่เคยใช้",
        "state": "สถานะ",
        "active": "ใช้งานอยู่",
        "revoked": "เพิกถอนแล้ว",
        "rotate": "ออกรหัสใหม่",
        "revoke": "เพิกถอน",
        "none": "ยังไม่มีโทเค็น",
        "other_lang": "English",
        "error": "ทำไม่ได้",
    },
    "en": {
        "title": "Display and API tokens",
        "intro": "Briefing-room displays and systems using the API sign in with a token.",
        "new": "New token",
        "kind": "Kind",
        "display": "Display screen",
        "api_client": "API client",
        "name": "Name (e.g. meeting room, 3rd floor)",
        "scopes": "Scopes (API only)",
        "create": "Create",
        "once": "Copy it now: it is shown once and not stored anywhere",
        "open_link": "Open this link once on the display screen",
        "bearer": "Send it as the header Authorization: Bearer …",
        "prefix": "Starts with",
        "created": "Created",
        "by": "by",
        "last_used": "Last used",
        "never": "never",
        "state": "State",
        "active": "active",
        "revoked": "revoked",
        "rotate": "Rotate",
        "revoke": "Revoke",
        "none": "No tokens yet",
        "other_lang": "ไทย",
        "error": "Not done",
    },
}


class TokenForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type information
    kind = RadioField(choices=[("display", "display"), ("api_client", "api_client")], default="display")
    name = StringField(validators=[DataRequired(), Length(max=MAX_NAME_CHARS)])
    scopes = SelectMultipleField(
        choices=[(scope.value, scope.value) for scope in TokenScope],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validate_choice=True,
    )


class TokenActionForm(FlaskForm):  # type: ignore[misc]
    """Rotate or revoke: nothing but the CSRF token."""


def make_tokens_admin(current_principal: Callable[[], Principal], registry: TokenRegistry) -> Blueprint:
    """The page, for the principal ``current_principal()`` names (the sign-in's): admins only."""
    blueprint = Blueprint("tokens_admin", __name__, url_prefix=URL_PREFIX, template_folder="templates")

    @blueprint.before_request
    def admins_only() -> None:
        if current_principal().role is not Role.ADMIN:
            abort(403)

    @blueprint.route("/", methods=["GET", "POST"])
    def tokens() -> Response:
        form, issued, problem = TokenForm(), None, ""
        if form.validate_on_submit():
            try:
                issued = _create(registry, form, current_principal())
            except TokenError as refused:
                problem = str(refused)
        elif request.method == "POST":
            problem = "; ".join(f"{field}: {', '.join(errors)}" for field, errors in form.errors.items())
        return _page(registry, form, issued, problem)

    @blueprint.post("/<int:token_id>/<any(rotate, revoke):action>")
    def change(token_id: int, action: str) -> Response:
        issued, problem = None, ""
        if not TokenActionForm().validate_on_submit():
            abort(400, "the form has expired or was not sent by this page (CSRF): reload and try again")
        try:
            if action == "rotate":
                issued = registry.rotate(token_id, actor=current_principal(), remote_addr=request.remote_addr or "")
            else:
                registry.revoke(token_id, actor=current_principal(), remote_addr=request.remote_addr or "")
        except TokenError as refused:
            problem = str(refused)
        return _page(registry, TokenForm(formdata=None), issued, problem)

    return blueprint


def _create(registry: TokenRegistry, form: TokenForm, actor: Principal) -> IssuedToken:
    kind: TokenKind = "api_client" if form.kind.data == "api_client" else "display"
    scopes = form.scopes.data if kind == "api_client" else []
    return registry.create(kind, form.name.data, scopes, actor=actor, remote_addr=request.remote_addr or "")


def _page(registry: TokenRegistry, form: TokenForm, issued: IssuedToken | None, problem: str) -> Response:
    lang = "en" if request.args.get("lang") == "en" else "th"
    link = ""
    if issued is not None and issued.token.kind == "display":
        link = f"{request.host_url.rstrip('/')}/display/?display_token={issued.secret}"
    body = render_template(
        "tokens_admin.html",
        text=TEXTS[lang],
        lang=lang,
        other_lang="th" if lang == "en" else "en",
        form=form,
        action_form=TokenActionForm(formdata=None),
        tokens=registry.tokens(),
        issued=issued,
        link=link,
        problem=problem,
        page_url=url_for("tokens_admin.tokens"),
    )
    status = 400 if problem else 200
    return Response(body, status=status, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
