"""The sign-in page (Thai first, English by the same ``?lang=`` switch as the dashboard), sign-out
and "sign out everywhere". Every attempt, success, lock-out and sign-out goes to the audit trail;
passwords are never logged, stored in clear or sent back.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_security import login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse
from wtforms import EmailField, PasswordField

from auth.accounts import account_changes, password_matches, remote_addr
from auth.gate import LAST_SEEN, current_principal, sign_in_settings_of
from dashboard.i18n import t
from store.accounts.directory import find_account, record_failed_sign_in, record_sign_in, sign_out_everywhere
from store.accounts.models import Account
from store.audit.trail import record_event
from store.core.access import ANONYMOUS_PRINCIPAL, Principal
from view.state import Lang, parse_lang

MAX_PASSWORD_CHARS = 1024
"""Longer passwords are refused unread: hashing a huge one would cost the server more than the attacker."""


class SignInForm(FlaskForm):
    email = EmailField()
    password = PasswordField()


class SignOutForm(FlaskForm):
    """Only the CSRF token: a link elsewhere cannot sign a person out."""


def page_lang() -> Lang:
    return parse_lang(request.args.get("lang"))


def render_page(
    template: str, title_key: str, status: int = 200, *, lang: Lang | None = None, **values: object
) -> tuple[str, int]:
    """One of our server-rendered pages in the dashboard's theme, in the language of ``?lang=``, or
    in ``lang`` for a page answered where no ``?lang=`` can come (the single sign-on's return from
    the provider): its language switch then opens the sign-in page."""
    shown_lang = lang or page_lang()

    def lang_url(other: str) -> str:
        if lang is not None:
            return url_for("sign_in.sign_in", lang=other)
        return url_for(
            request.endpoint or "sign_in.sign_in", **{**request.args, **(request.view_args or {}), "lang": other}
        )

    def text(key: str, **fill: object) -> str:
        return t(key, shown_lang, **fill)

    page = render_template(
        template, lang=shown_lang, t=text, lang_url=lang_url, title=t(title_key, shown_lang), **values
    )
    return page, status


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site's address)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def start_session(account: Account, via: str) -> None:
    """Sign ``account`` in through Flask-Security's ``login_user``, however it proved who it is: the
    same session (``fs_uniquifier``), idle expiry and "sign out everywhere" for every way in."""
    session.clear()  # a new session id for the signed-in person (no fixation)
    login_user(account, authn_via=[via])
    session.permanent = True
    session[LAST_SEEN] = int(time.time())


def address_and_account() -> str:
    """The limiter's key for guessing one account's password: the client's address and the e-mail
    typed (many people of one office share an address; each of them gets their own attempts)."""
    return f"{get_remote_address()}|{str(request.form.get('email', '')).strip().lower()[:254]}"


def sign_in_blueprint(server: Flask, limiter: Limiter) -> Blueprint:
    blueprint = Blueprint("sign_in", __name__, template_folder="templates")
    settings = sign_in_settings_of(server)

    @blueprint.route("/sign-in", methods=["GET", "POST"])
    @limiter.limit(settings.rate_limit, methods=["POST"], key_func=address_and_account, on_breach=too_many_attempts)
    @limiter.limit(settings.address_rate_limit, methods=["POST"], on_breach=too_many_attempts)
    def sign_in() -> Response | tuple[str, int]:
        form = SignInForm()
        next_path = safe_next(request.values.get("next"))
        if request.method == "GET":
            message = t("signed_out", page_lang()) if request.args.get("signed_out") else None
            return render_page(
                "sign_in.html", "sign_in", form=form, next=next_path, message=message, message_kind="success"
            )
        if not form.validate_on_submit():
            message = t("sign_in_form_expired", page_lang())
            return render_page(
                "sign_in.html", "sign_in", 400, form=form, next=next_path, message=message, message_kind="warning"
            )
        account = _checked_account(form.email.data or "", form.password.data or "", settings.lock_after)
        if account is None:
            message = t("sign_in_failed", page_lang())
            return render_page(
                "sign_in.html", "sign_in", 401, form=form, next=next_path, message=message, message_kind="danger"
            )
        start_session(account, "password")
        return redirect(next_path)

    @blueprint.get("/account")
    def account() -> BaseResponse | tuple[str, int]:
        """Who is signed in, sign out (here or everywhere), and the admin pages for admins."""
        principal = current_principal()
        if principal.kind != "person":
            return redirect(url_for("sign_in.sign_in", next="/account"))
        return render_page("account.html", "account", principal=principal, form=SignOutForm())

    @blueprint.post("/sign-out")
    def sign_out() -> Response | tuple[str, int]:
        return _end_session(everywhere=False)

    @blueprint.post("/sign-out-everywhere")
    def sign_out_all() -> Response | tuple[str, int]:
        return _end_session(everywhere=True)

    def _end_session(*, everywhere: bool) -> Response | tuple[str, int]:
        if not SignOutForm().validate_on_submit():
            return render_page(
                "sign_in.html",
                "sign_in",
                400,
                form=SignInForm(),
                next="/",
                message=t("sign_in_form_expired", page_lang()),
                message_kind="warning",
            )
        principal = current_principal()
        if principal.kind == "person":
            with account_changes(server) as db:
                account = db.get(Account, principal.account_id)
                if everywhere and account is not None:
                    sign_out_everywhere(account)
                action = "sign_out_everywhere" if everywhere else "sign_out"
                record_event(db, actor=principal, action=action, target=principal.account, remote_addr=remote_addr())
        logout_user()
        session.clear()
        return redirect(url_for("sign_in.sign_in", lang=request.args.get("lang"), signed_out=1))

    return blueprint


def _checked_account(email: str, password: str, lock_after: int) -> Account | None:
    """The account whose password this is, or None (recorded: a failure, a lock-out)."""
    with account_changes(current_app) as db:
        account = find_account(db, email) if len(password) <= MAX_PASSWORD_CHARS else None
        matches = account is not None and password_matches(account, password)
        if account is None:
            record_event(
                db,
                actor=claimed_actor(email),
                action="sign_in_failed",
                detail={"reason": "unknown account"},
                remote_addr=remote_addr(),
            )
            return None
        person = Principal(kind="person", account=account.email, account_id=account.id)
        if not matches or account.is_locked or not account.active:
            reason = "locked" if account.is_locked else ("inactive" if not account.active else "wrong password")
            locked_now = not matches and record_failed_sign_in(account, lock_after)
            record_event(
                db,
                actor=person,
                action="sign_in_failed",
                target=account.email,
                detail={"reason": reason},
                remote_addr=remote_addr(),
            )
            if locked_now:
                record_event(
                    db,
                    actor=person,
                    action="account_locked",
                    target=account.email,
                    detail={"failures": account.failed_sign_ins},
                    remote_addr=remote_addr(),
                )
            return None
        record_sign_in(account)
        record_event(db, actor=person, action="sign_in", target=account.email, remote_addr=remote_addr())
        return account


def claimed_actor(email: str) -> Principal:
    """An unknown address as the audit trail's actor (cut short: the field is what an attacker typed)."""
    return Principal(kind="anonymous", account=email.strip()[:254] or ANONYMOUS_PRINCIPAL.account)


def too_many_attempts(_limit: object = None) -> Response:
    """The sign-in page with a 429 (Flask-Limiter's ``on_breach`` passes the limit, not needed here)."""
    body, status = render_page(
        "sign_in.html",
        "sign_in",
        429,
        form=SignInForm(),
        next=safe_next(request.values.get("next")),
        message=t("sign_in_too_many", page_lang()),
        message_kind="warning",
    )
    return Response(body, status=status, mimetype="text/html")
