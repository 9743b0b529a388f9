"""``/api/v1``: the dashboard's figures for other systems; no personal data in any answer.

Every endpoint takes ``as_of=YYYY-MM-DD`` (default: the dashboard's default date).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from flask import Blueprint, Response, jsonify, request

from api.errors import ApiError, json_blueprint, refuse_unknown_parameters
from exports.tables import csv_chunks, in_chunks
from store.core.scope import AreaScope
from store.coverage.metrics import HOTSPOT_STATES
from store.coverage.queries import CoverageQueries
from store.coverage.results import AreaFigures
from store.coverage.statements import PUBLIC_VILLAGE_COLUMNS
from store.tickets.queries import EXPORT_CHUNK_ROWS
from view.resolve import ViewResolver

VILLAGE_FORMATS = ("json", "geojson", "csv")
AREA_PARAMS = frozenset({"as_of"})
VILLAGE_PARAMS = frozenset({"province", "district", "subdistrict", "village", "format", "as_of"})


def jsonable(value: Any) -> Any:
    """Dates as ISO strings, NaN as null, numpy numbers as Python numbers."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def area_json(figures: AreaFigures) -> dict[str, Any]:
    """The figures of an area in the API's nested shape."""
    return {
        "villages": figures.villages,
        "provinces": figures.provinces,
        "hotspots": {
            "total": figures.hotspots,
            "online_pct": figures.hotspot_online_pct,
            **{state: figures.hotspots_in(state) for state in HOTSPOT_STATES},
        },
        "volunteers": {
            "registered": figures.volunteers_registered,
            "trained": figures.volunteers_trained,
            "villages_covered": figures.villages_with_volunteer,
            "coverage_pct": figures.volunteer_coverage_pct,
        },
        "training": {
            "sessions_total": figures.sessions_total,
            "sessions_done": figures.sessions_done,
            "villages_trained": figures.villages_trained,
            "progress_pct": figures.training_progress_pct,
        },
        "wifi_users": figures.wifi_users,
        "data_as_of": jsonable(figures.data_as_of),
    }


def area_rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a child-area table (provinces or districts) with their shares."""
    columns = [
        "code",
        "name_th",
        "name_en",
        "villages",
        "hotspot_online_pct",
        "volunteer_coverage_pct",
        "training_progress_pct",
        "hotspots",
        *(f"hotspots_{state}" for state in HOTSPOT_STATES),
        "volunteers_registered",
        "volunteers_trained",
        "wifi_users",
    ]
    columns += [c for c in ("training_session_date", "training_session_status") if c in table.columns]
    return [{column: jsonable(value) for column, value in row.items()} for row in table[columns].to_dict("records")]


def _province_scope(queries: CoverageQueries, code: str) -> AreaScope:
    scope = AreaScope(code)
    if scope.level != "province":
        raise ApiError(400, f"a province code has 2 digits, got {code!r}")
    queries.area(code)
    return scope


def _villages_response(villages: pd.DataFrame, output: str, as_of: dt.date) -> Response:
    villages = villages[list(PUBLIC_VILLAGE_COLUMNS)]
    if output == "csv":  # streamed as it is written, formulas neutralised (exports.tables)
        chunks = csv_chunks(list(villages.columns), in_chunks(villages, EXPORT_CHUNK_ROWS))
        response = Response(chunks, mimetype="text/csv")
        response.headers["Content-Disposition"] = f"attachment; filename=villages-{as_of.isoformat()}.csv"
        return response
    records = [{column: jsonable(value) for column, value in row.items()} for row in villages.to_dict("records")]
    if output == "geojson":
        features = [
            {
                "type": "Feature",
                "id": row["code"],
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": row,
            }
            for row in records
        ]
        return jsonify({"type": "FeatureCollection", "as_of": as_of.isoformat(), "features": features})
    return jsonify({"as_of": as_of.isoformat(), "total": len(records), "villages": records})


def api_blueprint(resolver: ViewResolver, queries: CoverageQueries) -> Blueprint:
    """The read API over ``queries``."""
    api = json_blueprint("api_v1", "/api/v1")

    @api.get("/summary")
    def summary() -> Response:
        refuse_unknown_parameters(request.args, AREA_PARAMS)
        day = resolver.api_as_of(request.args)
        return jsonify({"as_of": day.isoformat(), **area_json(queries.area_figures(AreaScope(""), day))})

    @api.get("/provinces")
    def provinces() -> Response:
        refuse_unknown_parameters(request.args, AREA_PARAMS)
        day = resolver.api_as_of(request.args)
        return jsonify(
            {"as_of": day.isoformat(), "provinces": area_rows(queries.child_area_figures(AreaScope(""), day))}
        )

    @api.get("/provinces/<code>")
    def province(code: str) -> Response:
        refuse_unknown_parameters(request.args, AREA_PARAMS)
        scope, day = _province_scope(queries, code), resolver.api_as_of(request.args)
        info = queries.area(code)
        figures = queries.area_figures(scope, day)
        session = {
            "date": jsonable(figures.training_session_date),
            "status": figures.training_session_status,
        }
        return jsonify(
            {
                "as_of": day.isoformat(),
                "code": code,
                "name_th": info.name_th,
                "name_en": info.name_en,
                **area_json(figures),
                "training_session": session,
            }
        )

    @api.get("/provinces/<code>/districts")
    def districts(code: str) -> Response:
        refuse_unknown_parameters(request.args, AREA_PARAMS)
        scope, day = _province_scope(queries, code), resolver.api_as_of(request.args)
        return jsonify(
            {"as_of": day.isoformat(), "province": code, "districts": area_rows(queries.child_area_figures(scope, day))}
        )

    @api.get("/villages")
    def villages() -> Response:
        refuse_unknown_parameters(request.args, VILLAGE_PARAMS)
        output = request.args.get("format", "json")
        if output not in VILLAGE_FORMATS:
            raise ApiError(400, f"format must be one of {', '.join(VILLAGE_FORMATS)}, got {output!r}")
        scope, day = resolver.api_area(request.args), resolver.api_as_of(request.args)
        return _villages_response(queries.village_states(scope, day), output, day)

    @api.route("/<path:unknown>")
    def not_found(unknown: str) -> Response:
        """Without this, Dash's single-page catch-all would answer unknown API paths with HTML."""
        raise ApiError(404, f"no such endpoint: /api/v1/{unknown}")

    return api
