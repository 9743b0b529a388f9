"""The admin pages (admins only, by the gate): people's accounts and the audit log.

Every change is one transaction with its audit event. A generated password is shown once on the
page that made it and stored only hashed. The audit log's CSV is UTF-8 with a BOM so that Excel
opens the Thai text as Thai.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from flask import Blueprint, Flask, Response, redirect, request, url_for
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from auth.accounts import account_changes, new_password, password_hash, remote_addr
from auth.gate import current_principal
from dashboard.i18n import t
from store.accounts.directory import (
    PERSON_ROLES,
    AccountProblem,
    all_accounts,
    create_account,
    set_password_hash,
    set_provinces,
    set_role,
    sign_out_everywhere,
    unlock,
)
from store.accounts.models import Account
from store.audit.models import AuditEvent
from store.audit.queries import AuditFilter, audit_events
from store.audit.trail import record_event
from web.sign_in import page_lang, render_page

AUDIT_PAGE_ROWS = 500
ACCOUNT_ACTIONS = ("save", "unlock", "deactivate", "activate", "reset_password", "sign_out_everywhere")


class AdminForm(FlaskForm):
    """Only the CSRF token: every admin change is a POST from our own page."""


def csrf_field() -> Markup:
    """The hidden CSRF input; reads nothing of the request (whose body may be refused as too large)."""
    return Markup(AdminForm(formdata=None).csrf_token)


def admin_blueprint(server: Flask) -> Blueprint:
    blueprint = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

    @blueprint.get("/")
    def home() -> BaseResponse:
        return redirect(url_for("admin.users", lang=page_lang()))

    @blueprint.get("/users")
    def users(message: str = "", kind: str = "success", password: str = "", status: int = 200) -> tuple[str, int]:
        with account_changes(server) as db:
            accounts = list(all_accounts(db))
            return render_page(
                "admin_users.html",
                "admin_users",
                status,
                section="users",
                accounts=accounts,
                roles=[role.value for role in PERSON_ROLES],
                csrf=csrf_field,
                message=message,
                message_kind=kind,
                new_password=password,
            )

    @blueprint.post("/users")
    def create() -> tuple[str, int]:
        if not AdminForm().validate_on_submit():
            return users(t("sign_in_form_expired", page_lang()), "warning", status=400)
        password = new_password()
        try:
            with account_changes(server) as db:
                account = create_account(
                    db,
                    email=request.form.get("email", ""),
                    password_hash=password_hash(password),
                    role=request.form.get("role", ""),
                    provinces=_provinces(),
                )
                _record(db, "account_created", account, {"role": account.role, "provinces": sorted(_provinces())})
        except AccountProblem as problem:
            return users(str(problem), "danger", status=422)
        return users(t("admin_done", page_lang()), password=password)

    @blueprint.post("/users/<int:account_id>")
    def change(account_id: int) -> tuple[str, int]:
        action = request.form.get("action", "")
        if not AdminForm().validate_on_submit() or action not in ACCOUNT_ACTIONS:
            return users(t("sign_in_form_expired", page_lang()), "warning", status=400)
        password = ""
        try:
            with account_changes(server) as db:
                account = db.get(Account, account_id)
                if account is None:
                    return users(f"no account {account_id}", "danger", status=404)
                password = _apply(db, account, action)
        except AccountProblem as problem:
            return users(str(problem), "danger", status=422)
        return users(t("admin_done", page_lang()), password=password)

    @blueprint.get("/audit")
    def audit() -> tuple[str, int]:
        filters = _audit_filter()
        with account_changes(server) as db:
            events = list(audit_events(db, filters, AUDIT_PAGE_ROWS))
        csv_url = url_for("admin.audit_csv", **request.args)
        return render_page(
            "admin_audit.html", "admin_audit", section="audit", events=events, filters=filters,
            limit=AUDIT_PAGE_ROWS, csv_url=csv_url,
        )  # fmt: skip

    @blueprint.get("/audit.csv")
    def audit_csv() -> Response:
        filters = _audit_filter()
        with account_changes(server) as db:
            rows = [_csv_row(event) for event in audit_events(db, filters)]
            record_event(db, actor=current_principal(), action="audit_exported", detail={"rows": len(rows)},
                         remote_addr=remote_addr())  # fmt: skip
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["at_utc", "actor", "actor_kind", "action", "target", "remote_addr", "detail"])
        writer.writerows(rows)
        name = f"audit-{dt.date.today().isoformat()}.csv"
        return Response(
            "\ufeff" + out.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return blueprint


def _apply(db: Session, account: Account, action: str) -> str:
    """Do ``action`` to ``account`` and record it; a generated password for ``reset_password``."""
    password = ""
    if action == "save":
        before = {"role": account.role, "provinces": sorted(account.provinces)}
        set_role(account, request.form.get("role", ""))
        set_provinces(db, account, _provinces())
        _record(
            db, "account_changed", account, {"before": before, "role": account.role, "provinces": sorted(_provinces())}
        )
    elif action == "unlock":
        unlock(account)
        _record(db, "account_unlocked", account)
    elif action in ("deactivate", "activate"):
        account.active = action == "activate"
        sign_out_everywhere(account)
        _record(db, f"account_{action}d", account)
    elif action == "reset_password":
        password = new_password()
        set_password_hash(account, password_hash(password))
        unlock(account)
        _record(db, "password_reset", account)
    else:
        sign_out_everywhere(account)
        _record(db, "sign_out_everywhere", account)
    return password


def _record(db: Session, action: str, account: Account, detail: dict[str, object] | None = None) -> None:
    record_event(
        db, actor=current_principal(), action=action, target=account.email, detail=detail, remote_addr=remote_addr()
    )


def _csv_row(event: AuditEvent) -> list[str]:
    detail = json.dumps(event.detail, ensure_ascii=False)
    return [
        event.at.isoformat(sep=" "),
        event.actor,
        event.actor_kind,
        event.action,
        event.target,
        event.remote_addr,
        detail,
    ]


def _provinces() -> list[str]:
    return [code for code in request.form.get("provinces", "").replace(" ", ",").split(",") if code]


def _audit_filter() -> AuditFilter:
    return AuditFilter(
        actor=request.args.get("actor", "")[:254],
        action=request.args.get("action", "")[:64],
        since=_day(request.args.get("from")),
        until=_day(request.args.get("to")),
    )


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
