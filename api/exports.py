"""``/api/v1/exports``: the ticket and village tables as files, without stalling the server.

    GET  /api/v1/exports/tickets.csv?province=&district=&subdistrict=&village=&status=&category=
                                     &since=&until=&q=&overdue=&as_of=&lang=th|en
    GET  /api/v1/exports/villages.csv?province=&district=&subdistrict=&village=&as_of=&lang=
    POST /api/v1/exports/tickets.xlsx?…the same…     -> 202 {"id", "state", "status_url", …}
    POST /api/v1/exports/villages.xlsx?…
    GET  /api/v1/exports/jobs/<id>                  -> the job: state, rows_done, rows_total, progress
    GET  /api/v1/exports/jobs/<id>/file             -> the XLSX once the job is done (409 before)

A CSV is streamed from the database as it is written (UTF-8 with a BOM, so Excel shows Thai):
the first bytes leave at once and the whole table is never in memory. An XLSX is a job for the
export workers (``exports.jobs``). The parameters are the ticket list's (``api.tickets``), so a
file holds exactly the rows the list (and the ticket table's page) shows.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Response, jsonify, request, send_file, stream_with_context, url_for

from api.errors import ApiError, error_response, json_blueprint, refuse_unknown_parameters
from api.tickets import AREA_CODE_PARAMS, FILTER_PARAMS, ticket_filter_of_request
from exports.jobs import ExportJobs, ExportsBusy, JobStatus, owner_of
from exports.sources import EXPORT_KINDS, EXPORTS_PATH, ExportKind, ExportRequest, ExportSources
from exports.tables import csv_chunks
from store.tickets.queries import InvalidTicketQuery, TicketFilter
from view.resolve import ViewResolver
from view.state import LANGS, Lang

VILLAGE_EXPORT_PARAMS = AREA_CODE_PARAMS | {"as_of", "lang"}
TICKET_EXPORT_PARAMS = VILLAGE_EXPORT_PARAMS | FILTER_PARAMS


def exports_blueprint(resolver: ViewResolver, sources: ExportSources, jobs: ExportJobs) -> Blueprint:
    """The export endpoints (registered before the v1 catch-all that answers unknown paths with 404)."""
    api = json_blueprint("api_v1_exports", EXPORTS_PATH)
    api.register_error_handler(ExportsBusy, _busy_response)
    api.register_error_handler(InvalidTicketQuery, lambda error: error_response(400, str(error)))

    def export_request(kind: str) -> ExportRequest:
        if kind not in EXPORT_KINDS:
            raise ApiError(404, f"no export of {kind!r}; exports: {', '.join(EXPORT_KINDS)}")
        refuse_unknown_parameters(request.args, TICKET_EXPORT_PARAMS if kind == "tickets" else VILLAGE_EXPORT_PARAMS)
        lang = request.args.get("lang", "th")
        if lang not in LANGS:
            raise ApiError(400, f"lang must be one of {', '.join(LANGS)}, got {lang[:30]!r}")
        view = resolver.api(request.args)
        filters = ticket_filter_of_request() if kind == "tickets" else TicketFilter()
        return ExportRequest(cast(ExportKind, kind), view.scope.code, view.as_of, cast(Lang, lang), filters)

    @api.get("/<kind>.csv")
    def csv_file(kind: str) -> Response:
        export = export_request(kind)
        slot = jobs.stream_slot()
        try:
            chunks = csv_chunks(sources.headers(export), sources.frames(export))
            response = Response(stream_with_context(chunks), mimetype="text/csv")
        except BaseException:
            slot.release()
            raise
        response.call_on_close(slot.release)  # also when the client goes away mid-file
        response.headers["Content-Disposition"] = f"attachment; filename={export.file_name('csv')}"
        response.headers["Cache-Control"] = "no-store"
        return response

    @api.post("/<kind>.xlsx")
    def xlsx_job(kind: str) -> tuple[Response, int]:
        export = export_request(kind)
        job = jobs.submit(export, owner_of(resolver.requester()))
        response = jsonify(job_json(job))
        response.headers["Location"] = url_for(".job", job_id=job.id)
        return response, 202

    @api.get("/<kind>.xlsx")
    def xlsx_by_get(kind: str) -> tuple[Response, int]:
        """A GET would otherwise reach the API's "no such endpoint": say how to start the job instead."""
        response, status = error_response(405, f"start an XLSX export with POST {request.path}, then poll its job")
        response.headers["Allow"] = "POST"
        return response, status

    @api.get("/jobs/<job_id>")
    def job(job_id: str) -> Response:
        refuse_unknown_parameters(request.args, ())
        return jsonify(job_json(known_job(job_id)))

    @api.get("/jobs/<job_id>/file")
    def job_file(job_id: str) -> Response:
        refuse_unknown_parameters(request.args, ())
        found = known_job(job_id)
        if found.state != "done":
            raise ApiError(409, f"export {job_id} is {found.state}, not ready")
        path = jobs.file(found)
        if not path.is_file():  # deleted as expired between the two reads
            raise ApiError(404, f"no export {job_id}")
        response = send_file(path, as_attachment=True, download_name=found.file_name, max_age=0)
        response.headers["Cache-Control"] = "private, no-store"
        return response

    def known_job(job_id: str) -> JobStatus:
        found = jobs.status(job_id, owner_of(resolver.requester()))
        if found is None:
            raise ApiError(
                404, f"no export {job_id[:40]!r} (unknown, or expired after {jobs.settings.keep_minutes} min)"
            )
        return found

    return api


def job_json(job: JobStatus) -> dict[str, object]:
    """The job as the requester sees it, with where to poll and where the file will be."""
    return {
        **job.public(),
        "status_url": url_for("api_v1_exports.job", job_id=job.id),
        "file_url": url_for("api_v1_exports.job_file", job_id=job.id),
    }


def _busy_response(busy: ExportsBusy) -> tuple[Response, int]:
    response, status = error_response(429, str(busy))
    response.headers["Retry-After"] = str(busy.retry_after_s)
    return response, status
