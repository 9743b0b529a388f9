"""Flask routes serving the map layers, so heavy geometry never travels through a Dash callback.

The payloads only change when the geodata is prepared again, so browsers may keep them for a day
and revalidate with the ETag (a hash of the content) after that.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, jsonify, request

from geodata.load import web_layer

MAX_AGE_SECONDS = 86_400


def _geojson_response(payload: bytes) -> Response:
    """GeoJSON with long cache headers and a content ETag, answering 304 when the browser has it."""
    response = Response(payload, mimetype="application/geo+json")
    response.set_etag(hashlib.sha256(payload).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE_SECONDS
    response.make_conditional(request)
    return response


def geodata_blueprint() -> Blueprint:
    """Routes under /geodata: provinces, all districts, and one province's districts."""
    blueprint = Blueprint("geodata", __name__, url_prefix="/geodata")

    @blueprint.get("/provinces.geojson")
    def province_layer() -> Response:
        return _geojson_response(web_layer("province"))

    @blueprint.get("/districts.geojson")
    def district_layer() -> Response:
        return _geojson_response(web_layer("district"))

    @blueprint.get("/districts/<province_code>.geojson")
    def province_district_layer(province_code: str) -> Response | tuple[Response, int]:
        try:
            payload = web_layer("district", province_code)
        except KeyError:
            message = f"unknown province code {province_code!r}: expected a 2-digit DOPA code such as '84'"
            return jsonify(error=message), 404
        return _geojson_response(payload)

    return blueprint
