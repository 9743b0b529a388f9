"""``/api/v1/tickets``: the tickets of an area, paged, and one ticket with its history.

    GET  /api/v1/tickets?province=&district=&subdistrict=&village=&status=&category=&since=&until=&q=&overdue=
                        &sort=-created_at&page=1&page_size=50&as_of=YYYY-MM-DD
    GET  /api/v1/tickets/<id>[?as_of=YYYY-MM-DD]
    POST /api/v1/tickets/<id>/status   {"status": "in_progress", "note": "...", "officer": "..."}

``status`` and ``category`` take comma-separated lists; ``since``/``until`` bound the report date
(Thai calendar days, both included). Unknown parameters are refused, so a typo never silently
returns every ticket. No answer carries the reporter's name or phone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from flask import Blueprint, Response, jsonify, request

from api.errors import MAX_PAGE, ApiError, json_blueprint, refuse_unknown_parameters
from store.coverage.metrics import ICT_OFFSET
from store.tickets.config import CATEGORIES, STATUSES
from store.tickets.queries import MAX_PAGE_SIZE, InvalidTicketQuery, TicketFilter, TicketQueries, TicketSort
from store.tickets.results import TicketDetail
from store.tickets.workflow import (
    InvalidTransition,
    NotPermitted,
    StatusChange,
    StatusConflict,
    TicketNotFound,
    TicketWorkflow,
)
from view.inputs import RECORD_ID_MAX, whole_number
from view.resolve import ViewResolver

AREA_CODE_PARAMS = frozenset({"province", "district", "subdistrict", "village"})
DEFAULT_PAGE_SIZE = 50


def local_time(moment: Any) -> str | None:
    """A stored UTC moment as Thai local time with its offset: '2019-01-25T09:00:00+07:00'."""
    if moment is None or pd.isna(moment):
        return None
    return (pd.Timestamp(moment) + ICT_OFFSET).strftime("%Y-%m-%dT%H:%M:%S+07:00")


def ticket_row_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": int(row["id"]),
        "created_at": local_time(row["created_at"]),
        "updated_at": local_time(row["changed_at"]),
        "status": row["status"],
        "category": row["category"],
        "title_th": row["title_th"],
        "agency": row["agency"],
        "village": {"code": row["village_code"], "name_th": row["village_th"], "name_en": row["village_en"]},
        "district": {"name_th": row["district_th"], "name_en": row["district_en"]},
        "province": {"code": row["province_code"], "name_th": row["province_th"], "name_en": row["province_en"]},
        "age_days": float(row["age_days"]),
        "overdue": bool(row["overdue"]),
    }


DETAIL_FIELDS = frozenset(
    {"id", "category", "title_th", "description_th", "agency", "status", "sla_days"}
    | {"village", "subdistrict", "district", "province"}
)
"""The ticket detail's fields the API sends as they are."""

DETAIL_TIMES = frozenset({"created_at", "updated_at", "closed_at"})
"""Its moments, sent as ICT times."""


def ticket_detail_json(ticket: TicketDetail) -> dict[str, Any]:
    events = [
        {
            "at": local_time(event["at"]),
            "from_status": event["from_status"],
            "to_status": event["to_status"],
            "by": event["actor_role"],
            "officer": event["actor_name"] if event["actor_role"] in ("officer", "agency") else None,
            "note": event["note"],
        }
        for event in ticket["events"]
    ]
    as_of = (
        {
            "as_of": ticket["as_of"].isoformat(),
            "later_events": ticket["later_events"],
            "status_today": ticket["current_status"],
        }
        if ticket["as_of"] is not None
        else {}
    )
    plain = {key: value for key, value in ticket.items() if key in DETAIL_FIELDS}
    times = {key: local_time(value) for key, value in ticket.items() if key in DETAIL_TIMES}
    reporter = ticket["reporter"]
    shown = (
        {"name": reporter["name"], "phone": reporter["phone"], "masked": not reporter["unmasked"]} if reporter else None
    )
    return {**plain, **times, **as_of, "reporter": shown, "events": events}


def _dates(name: str) -> dt.date | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None


def _choices(name: str, known: tuple[str, ...]) -> tuple[str, ...]:
    value = request.args.get(name)
    if value is None or value == "":
        return known
    if value == "none":  # the page's filter with nothing ticked: no ticket
        return ()
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    if unknown := [part for part in chosen if part not in known]:
        raise ApiError(400, f"unknown {name} {', '.join(unknown)}; known: {', '.join(known)}")
    return chosen


def _positive_int(name: str, default: int, maximum: int) -> int:
    value = request.args.get(name)
    if value is None:
        return default
    number = whole_number(value, 1, maximum)
    if number is None:
        raise ApiError(400, f"{name} must be a whole number from 1 to {maximum}, got {value[:30]!r}")
    return number


def _known_ticket(ticket_id: int) -> int:
    """A ticket id the database can hold; a larger one names no ticket (404, not a database error)."""
    if ticket_id > RECORD_ID_MAX:
        raise ApiError(404, f"no ticket with id {ticket_id}")
    return ticket_id


def _flag(name: str) -> bool:
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise ApiError(400, f"{name} must be true or false, got {value!r}")
    return value in ("true", "1")


FILTER_PARAMS = frozenset({"status", "category", "since", "until", "q", "overdue"})
"""The parameters of ``ticket_filter_of_request``."""
LIST_PARAMS = AREA_CODE_PARAMS | FILTER_PARAMS | {"sort", "page", "page_size", "as_of"}


def ticket_filter_of_request() -> TicketFilter:
    """The ticket filter the request's parameters ask for (the list and its exports read the same)."""
    return TicketFilter(
        statuses=_choices("status", STATUSES),
        categories=_choices("category", CATEGORIES),
        since=_dates("since"),
        until=_dates("until"),
        text=request.args.get("q", "")[:100],
        overdue_only=_flag("overdue"),
    )


def _sort() -> TicketSort:
    value = request.args.get("sort", "-created_at")
    try:
        return TicketSort(value.lstrip("-"), descending=value.startswith("-"))
    except InvalidTicketQuery as error:
        raise ApiError(400, str(error)) from None


def tickets_blueprint(
    resolver: ViewResolver,
    tickets: TicketQueries,
    workflow: TicketWorkflow,
) -> Blueprint:
    """The ticket endpoints (registered before the v1 catch-all that answers unknown paths with 404)."""
    api = json_blueprint("api_v1_tickets", "/api/v1/tickets")
    api.register_error_handler(InvalidTicketQuery, lambda error: (jsonify(_error(400, str(error))), 400))

    @api.get("")
    def list_tickets() -> Response:
        refuse_unknown_parameters(request.args, LIST_PARAMS)
        view = resolver.api(request.args)
        day, scope = view.as_of, view.scope
        filters = ticket_filter_of_request()
        page, size = _positive_int("page", 1, MAX_PAGE), _positive_int("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        answer = tickets.page(scope, day, filters, _sort(), offset=(page - 1) * size, limit=size)
        return jsonify(
            {
                "as_of": day.isoformat(),
                "area": scope.code,
                "total": answer.total,
                "page": page,
                "page_size": size,
                "pages": -(-answer.total // size),
                "tickets": [ticket_row_json(row) for row in answer.rows.to_dict("records")],
            }
        )

    @api.get("/<int:ticket_id>")
    def one_ticket(ticket_id: int) -> Response:
        """Today's ticket, or with ``as_of`` the ticket as it stood at the end of that day."""
        refuse_unknown_parameters(request.args, frozenset({"as_of"}))
        as_of = resolver.api_as_of(request.args) if request.args.get("as_of") else None
        ticket = tickets.ticket(_known_ticket(ticket_id), as_of, resolver.requester().permitted)
        if ticket is None:
            reported_later = as_of is not None and tickets.ticket(ticket_id) is not None
            raise ApiError(
                404,
                f"ticket {ticket_id} was reported after {as_of}"
                if reported_later
                else f"no ticket with id {ticket_id}",
            )
        return jsonify(ticket_detail_json(ticket))

    @api.post("/<int:ticket_id>/status")
    def change_status(ticket_id: int) -> tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise ApiError(400, 'send a JSON object: {"status": ..., "note": ..., "from_status": ...}')
        fields = {key: body.get(key, "") for key in ("status", "note", "from_status")}
        if not all(isinstance(value, str) for value in fields.values()):
            raise ApiError(400, "status, note and from_status must be strings")
        change = StatusChange(
            _known_ticket(ticket_id),
            fields["status"],
            resolver.requester(),
            fields["note"],
            expected_status=fields["from_status"] or None,
            remote_addr=request.remote_addr or "",
            change_key=request.headers.get("Idempotency-Key"),
        )
        try:
            workflow.change_status(change)
        except TicketNotFound as error:
            raise ApiError(404, str(error)) from None
        except NotPermitted as error:
            raise ApiError(403, str(error)) from None
        except InvalidTransition as error:
            raise ApiError(422, str(error)) from None
        except StatusConflict as conflict:
            return jsonify({**_error(409, str(conflict)), "current_status": conflict.current_status}), 409
        changed = tickets.ticket(ticket_id, permitted=resolver.requester().permitted)
        if changed is None:  # it was just changed, so it exists: only a concurrent delete gets here
            raise ApiError(404, f"no ticket {ticket_id}")
        return jsonify(ticket_detail_json(changed)), 200

    @api.route("/<path:unknown>", methods=["GET", "POST"])
    def not_found(unknown: str) -> Response:
        raise ApiError(404, f"no such endpoint: /api/v1/tickets/{unknown}")

    return api


def _error(status: int, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "message": message}}
