"""Single sign-on through OpenID Connect (Authlib's Flask client), optional: ``/sign-in/oidc`` sends
the person to the ministry's identity provider (authorization code flow with PKCE; Authlib keeps
the state and nonce in the session and checks them, and the ID token's signature, issuer and
audience), and ``/sign-in/oidc/callback`` signs them in here with Flask-Security's ``login_user``.

The account is the one bound to the provider's identity (issuer and subject), else the one of the
verified e-mail (then bound to it), else made on the first sign-in. Its role and provinces are
taken from the claims at every sign-in: the provider is the source of truth. An account an admin
deactivated here is refused. Without ``OIDC_ISSUER`` both routes answer 404 and the sign-in page
has no button.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, redirect, request, session, url_for
from flask_limiter import Limiter
from joserfc.errors import JoseError
from requests import RequestException
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from auth.accounts import account_changes, new_password, password_hash, remote_addr
from auth.gate import sign_in_settings_of
from auth.single_sign_on import OidcSettings, SignOnGrant, SignOnRefused, sign_on_grant
from dashboard.i18n import t
from store.accounts.directory import (
    AccountProblem,
    create_account,
    find_account,
    find_by_oidc_identity,
    record_sign_in,
    set_provinces,
    set_role,
)
from store.accounts.models import Account
from store.audit.trail import record_event
from store.core.access import Principal
from view.state import Lang, parse_lang
from web.sign_in import (
    SignInForm,
    claimed_actor,
    page_lang,
    render_page,
    safe_next,
    start_session,
    too_many_attempts,
)

OIDC_RETURN = "oidc_return"
"""Session key: where to go, and in which language, once the provider sends the person back."""

PROVIDER_TIMEOUT_SECONDS = 10
"""The longest wait for the provider's discovery, keys and token answers: a sign-in page, not a hang."""


def single_sign_on_blueprint(server: Flask, limiter: Limiter, settings: OidcSettings | None) -> Blueprint:
    """The two routes, always registered (so the access rules see them); 404 while not configured.
    Returns from the provider are limited per client address by ``SIGN_IN_ADDRESS_LIMIT``: each one
    costs a token request to the provider and an audit row."""
    blueprint = Blueprint("single_sign_on", __name__)
    address_limit = sign_in_settings_of(server).address_rate_limit
    client = _provider_client(server, settings) if settings is not None else None

    @blueprint.app_context_processor
    def sign_on_button() -> dict[str, bool]:
        return {"single_sign_on": client is not None}

    @blueprint.get("/sign-in/oidc")
    def start() -> BaseResponse | tuple[str, int]:
        if client is None:
            abort(404)
        session[OIDC_RETURN] = {"next": safe_next(request.args.get("next")), "lang": page_lang()}
        try:
            response: BaseResponse = client.authorize_redirect(url_for(".callback", _external=True))
        except RequestException:
            return _refusal_page("oidc_unavailable", 503, page_lang())
        return response

    @blueprint.get("/sign-in/oidc/callback")
    @limiter.limit(address_limit, on_breach=too_many_attempts)
    def callback() -> BaseResponse | tuple[str, int]:
        if client is None or settings is None:
            abort(404)
        back = session.pop(OIDC_RETURN, None) or {}
        lang = parse_lang(back.get("lang"))
        try:
            token = client.authorize_access_token()
        except RequestException:
            return _refusal_page("oidc_unavailable", 503, lang)
        except (AuthlibBaseError, JoseError) as error:  # wrong or missing state, a bad ID token, the person said no
            _record_failure(claimed_actor(""), f"provider: {error}"[:300])
            return _refusal_page("oidc_failed", 400, lang)
        claims: dict[str, Any] = dict(token.get("userinfo") or {})
        try:
            account = _signed_on_account(sign_on_grant(claims, settings))
        except SignOnRefused as refusal:
            who = claims.get(settings.email_claim) or claims.get("sub") or ""
            _record_failure(claimed_actor(str(who)), str(refusal))
            return _refusal_page(f"oidc_refused_{refusal.reason}", 403, lang)
        start_session(account, "oidc")
        return redirect(safe_next(back.get("next")))

    return blueprint


def _provider_client(server: Flask, settings: OidcSettings) -> Any:
    """Authlib's client of the provider, configured by discovery (read on the first sign-in, then kept)."""
    return OAuth(server).register(
        "ministry",
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        server_metadata_url=settings.metadata_url,
        client_kwargs={
            "scope": settings.scopes,
            "code_challenge_method": "S256",
            "default_timeout": PROVIDER_TIMEOUT_SECONDS,
        },
    )


def _signed_on_account(grant: SignOnGrant) -> Account:
    """The account of ``grant``, made or brought up to date, with its sign-in recorded (one transaction)."""
    with account_changes(current_app) as db:
        account = find_by_oidc_identity(db, grant.identity) or (find_account(db, grant.email) if grant.email else None)
        if account is None:
            account = _new_account(db, grant)
        elif not account.active:
            raise SignOnRefused("inactive", account.email)
        else:
            _take_claims(db, account, grant)
        account.oidc_identity = grant.identity
        record_sign_in(account)
        _record(db, _person(account), "sign_in")
        return account


def _new_account(db: Session, grant: SignOnGrant) -> Account:
    """Just-in-time provisioning: an account with the claims' role and provinces, and a password nobody knows."""
    if grant.email is None:
        raise SignOnRefused("no_verified_email", grant.identity)
    try:
        account = create_account(
            db,
            email=grant.email,
            password_hash=password_hash(new_password()),
            role=grant.role,
            provinces=grant.provinces,
        )
    except AccountProblem as problem:
        raise SignOnRefused("bad_provinces", str(problem)) from None
    db.flush()
    _record(db, _person(account), "account_created", {"role": grant.role.value, "provinces": list(grant.provinces)})
    return account


def _take_claims(db: Session, account: Account, grant: SignOnGrant) -> None:
    """The role and provinces of the claims, recorded when they differ from the account's."""
    before = {"role": account.role, "provinces": sorted(account.provinces)}
    after = {"role": grant.role.value, "provinces": list(grant.provinces)}
    if before == after:
        return
    try:
        set_role(account, grant.role)
        set_provinces(db, account, grant.provinces)
    except AccountProblem as problem:
        raise SignOnRefused("bad_provinces", str(problem)) from None
    _record(db, _person(account), "account_changed", {"before": before, **after})


def _record_failure(actor: Principal, reason: str) -> None:
    with account_changes(current_app) as db:
        _record(db, actor, "sign_in_failed", {"reason": reason})


def _record(db: Session, actor: Principal, action: str, detail: Mapping[str, object] | None = None) -> None:
    """An audit event of single sign-on, about the actor's own account."""
    detail = {"via": "oidc", **(detail or {})}
    record_event(db, actor=actor, action=action, target=actor.account, detail=detail, remote_addr=remote_addr())


def _person(account: Account) -> Principal:
    return Principal(kind="person", account=account.email, account_id=account.id)


def _refusal_page(message_key: str, status: int, lang: Lang) -> tuple[str, int]:
    """The sign-in page with why single sign-on did not sign the person in (never a 500)."""
    return render_page(
        "sign_in.html",
        "sign_in",
        status,
        lang=lang,
        form=SignInForm(),
        next="/",
        message=t(message_key, lang),
        message_kind="danger" if status == 403 else "warning",
    )
