"""The admin's import page (``/admin/imports``): upload a file, read its plan, then confirm.

The same pipeline as the command line and the ingest API (``ingest.pipeline``). Nothing is written
before the admin confirms: the upload is planned with a read session, held on the server
(``ingest.pending``) and its plan shown; the confirmation commits it in one transaction, recorded
with the admin's account. Admins only: the gate refuses everyone else before any of this runs.
"""

from __future__ import annotations

import re
from typing import Final

from flask import Blueprint, Response, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.exceptions import RequestEntityTooLarge

from auth.accounts import remote_addr
from auth.gate import current_principal
from dashboard.i18n import t
from ingest.kinds import KINDS
from ingest.messages import FileRejected, Reason
from ingest.pending import PendingMissing, hold_upload, pending_error_report, pending_upload, release
from ingest.pipeline import ImportResult, detect_kind, import_file, plan_file
from ingest.plan import SHOWN_REJECTIONS
from ingest.quarantine import retry_quarantined
from ingest.reading import max_import_bytes
from store.imports.queries import open_quarantine_by_kind, recent_runs
from web.admin_pages import AdminForm, csrf_field
from web.data_layer import note_written
from web.sign_in import page_lang, render_page

RECENT_RUNS: Final = 30
UPLOAD_OVERHEAD: Final = 64 * 1024
"""Room for multipart's boundaries and headers around the file itself."""
PROVINCE_CODE: Final = re.compile(r"\d{2}")
DETECT: Final = "detect"


def import_page_blueprint(read_engine: Engine, write_engine: Engine) -> Blueprint:
    """The page; plans read through ``read_engine``, commits go through ``write_engine`` (``make_write_engine``)."""
    blueprint = Blueprint("imports", __name__, url_prefix="/admin/imports", template_folder="templates")

    def page(status: int = 200, **values: object) -> tuple[str, int]:
        with Session(read_engine) as session:
            return render_page(
                "admin_imports.html",
                "admin_imports",
                status,
                section="imports",
                runs=recent_runs(session, RECENT_RUNS),
                held=open_quarantine_by_kind(session),
                kinds=KINDS,
                detect=DETECT,
                csrf=csrf_field,
                max_mb=round(max_import_bytes() / 2**20),
                shown=SHOWN_REJECTIONS,
                **values,
            )

    def refused(status: int, message: str) -> tuple[str, int]:
        return page(status, message=message, message_kind="danger")

    def refused_file(refusal: FileRejected) -> tuple[str, int]:
        return refused(413 if refusal.reason.code == "too_large" else 400, _in_page_lang(refusal.reason))

    def form_expired() -> tuple[str, int]:
        return page(400, message=t("sign_in_form_expired", page_lang()), message_kind="warning")

    @blueprint.get("")
    def imports() -> tuple[str, int]:
        return page()

    @blueprint.post("")
    def upload() -> tuple[str, int]:
        request.max_content_length = max_import_bytes() + UPLOAD_OVERHEAD
        try:
            valid = AdminForm().validate_on_submit()
            uploaded = request.files.get("file")
        except RequestEntityTooLarge:
            limit_mb = round(max_import_bytes() / 2**20, 1)
            size_mb = round((request.content_length or 0) / 2**20, 1)
            return refused(413, _in_page_lang(Reason.of("too_large", size_mb=size_mb, limit_mb=limit_mb)))
        if not valid:
            return form_expired()
        if uploaded is None or not uploaded.filename:
            return refused(400, t("import_choose_file", page_lang()))
        province = request.form.get("replace_province", "").strip() or None
        if province is not None and not PROVINCE_CODE.fullmatch(province):
            return refused(400, _in_page_lang(Reason.of("unknown_province", value=province[:20])))
        content, filename = uploaded.read(), uploaded.filename
        try:
            asked = request.form.get("kind", DETECT)
            kind = detect_kind(content, filename) if asked == DETECT else asked
            plan = plan_file(read_engine, kind, content, filename, replace_province=province)
        except FileRejected as refusal:
            return refused_file(refusal)
        pending = hold_upload(content, filename, plan.kind, province, _actor(), plan.error_report_csv())
        return page(plan=plan, pending=pending, detected=asked == DETECT)

    @blueprint.get("/<token>/errors.csv")
    def error_report(token: str) -> Response | tuple[str, int]:
        try:
            pending, report = pending_error_report(token, _actor())
        except PendingMissing:
            return refused(404, t("import_pending_missing", page_lang()))
        name = f"import-{pending.kind}-{pending.sha256[:12]}-errors.csv"
        return Response(
            report,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )

    @blueprint.post("/<token>/confirm")
    def confirm(token: str) -> tuple[str, int]:
        if not AdminForm().validate_on_submit():
            return form_expired()
        try:
            pending, content = pending_upload(token, _actor())
        except PendingMissing:
            return refused(404, t("import_pending_missing", page_lang()))
        try:
            result = import_file(
                write_engine,
                pending.kind,
                content,
                pending.filename,
                _actor(),
                replace_province=pending.replace_province,
                remote_addr=remote_addr(),
            )
        except FileRejected as refusal:
            return refused_file(refusal)
        release(pending)
        return committed(result, pending.replace_province)

    @blueprint.post("/retry/<kind_name>")
    def retry(kind_name: str) -> tuple[str, int]:
        if not AdminForm().validate_on_submit():
            return form_expired()
        try:
            result = retry_quarantined(write_engine, kind_name, _actor(), remote_addr=remote_addr())
        except FileRejected as refusal:
            return refused_file(refusal)
        return committed(result, None, retried=True)

    def committed(result: ImportResult, province: str | None, *, retried: bool = False) -> tuple[str, int]:
        if result.committed:
            note_written()  # this admin's next reads go to the primary, where the import is
        area = f"&area={province}" if province else ""
        return page(result=result, plan=result.plan, retried=retried, map_url=f"/?lang={page_lang()}{area}")

    return blueprint


def _actor() -> str:
    """Who imports: the signed-in admin's account (the gate let no one else in)."""
    return current_principal().account


def _in_page_lang(reason: Reason) -> str:
    return reason.th if page_lang() == "th" else reason.en
