"""Clear 4xx answers for bad input: a JSON body that says what was wrong, never a 500."""

from __future__ import annotations

from collections.abc import Collection

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from store.core.scope import InvalidAreaCode
from store.coverage.queries import UnknownArea
from view.resolve import BadParameter


class ApiError(Exception):
    """A request the API cannot answer, with the HTTP status and the message the caller sees."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": {"status": status, "message": message}}), status


MAX_PAGE = 1_000_000
"""The highest page number a list endpoint accepts (beyond the data, a page is empty anyway)."""


def refuse_unknown_parameters(args: Collection[str], known: Collection[str]) -> None:
    """400 for a parameter the endpoint does not take: a typo must not silently widen an answer."""
    if unknown := sorted(set(args) - set(known)):
        raise ApiError(400, f"unknown parameter {', '.join(unknown)}; known: {', '.join(sorted(known))}")


def json_blueprint(name: str, url_prefix: str) -> Blueprint:
    """A blueprint of the API whose every error is a JSON 4xx answer."""
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix)
    register_error_handlers(blueprint)
    return blueprint


def register_error_handlers(blueprint: Blueprint) -> None:
    """Map the API's own and the data package's errors to JSON 4xx answers."""
    blueprint.register_error_handler(ApiError, lambda error: error_response(error.status, error.message))
    blueprint.register_error_handler(BadParameter, lambda error: error_response(error.status, str(error)))
    blueprint.register_error_handler(UnknownArea, lambda error: error_response(404, str(error)))
    blueprint.register_error_handler(InvalidAreaCode, lambda error: error_response(400, str(error)))
    blueprint.register_error_handler(
        HTTPException, lambda error: error_response(error.code or 500, error.description or error.name)
    )


API_PREFIX = "/api/"
NOT_FOUND_ENDPOINT = "api_not_found"


def is_api_path(path: str) -> bool:
    return path == API_PREFIX.rstrip("/") or path.startswith(API_PREFIX)


def register_api_fallbacks(server: Flask) -> None:
    """JSON answers for what no API blueprint routes: unknown paths under ``/api/`` (Dash's
    single-page catch-all would answer them 200 with the page's HTML), wrong methods (405),
    untrusted hosts (400) and bodies over the size limit (413), which Flask raises before any
    blueprint sees the request. Elsewhere Flask's own answers stay."""

    def not_found(rest: str = "") -> tuple[Response, int]:
        return error_response(404, f"no such endpoint: {request.path}")

    for rule in ("/api", "/api/", "/api/<path:rest>"):
        server.add_url_rule(rule, NOT_FOUND_ENDPOINT, not_found)

    @server.errorhandler(HTTPException)
    def api_http_error(error: HTTPException) -> HTTPException | tuple[Response, int]:
        if not is_api_path(request.path):
            return error
        if isinstance(error, MethodNotAllowed) and _only_catch_alls_route(request.path):
            return not_found()
        if isinstance(error, MethodNotAllowed):
            allowed = ", ".join(sorted(error.valid_methods or ()))
            response, status = error_response(
                405, f"{request.method} is not allowed on {request.path}; allowed: {allowed}"
            )
            response.headers["Allow"] = allowed
            return response, status
        return error_response(error.code or 500, error.description or error.name)


def _only_catch_alls_route(path: str) -> bool:
    """Whether ``path`` is unknown to the API: a GET of it reaches only a "no such endpoint" route."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except HTTPException:
        return True
    return endpoint == NOT_FOUND_ENDPOINT or endpoint.endswith(".not_found")
