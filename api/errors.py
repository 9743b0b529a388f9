"""Clear 4xx answers for bad input: a JSON body that says what was wrong, never a 500."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import HTTPException

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
