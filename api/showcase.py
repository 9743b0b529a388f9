"""``/api/v1/showcase``: the villages' showcase items, paged; and ``/media/...``: their images.

No personal data by default: items carry neither the author's name nor a phone number (the
contact is masked, as everywhere in the dashboard). Bad parameters answer 400 with a message
that names the parameter; an unknown area or item answers 404.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, send_from_directory

from api.errors import MAX_PAGE, ApiError, json_blueprint, refuse_unknown_parameters
from api.v1 import jsonable
from store.showcase.media import MEDIA_PREFIX, media_url
from store.showcase.models import SHOWCASE_KINDS
from store.showcase.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ShowcaseFilter, ShowcaseQueries
from view.inputs import RECORD_ID_MAX, whole_number
from view.resolve import ViewResolver, is_ascii_digits

MAX_QUERY_LENGTH = 100
MEDIA_MAX_AGE_S = 30 * 24 * 3600
LIST_PARAMS = frozenset({"province", "district", "subdistrict", "village", "kind", "q", "page", "page_size", "as_of"})
ITEM_PARAMS = frozenset({"as_of"})


def _positive_int(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    value = whole_number(raw, 1, maximum)
    if value is None:
        raise ApiError(400, f"{name} must be a whole number from 1 to {maximum}, got {raw[:30]!r}")
    return value


def _kinds() -> tuple[str, ...]:
    kinds = tuple(kind for value in request.args.getlist("kind") for kind in value.split(",") if kind)
    unknown = [kind for kind in kinds if kind not in SHOWCASE_KINDS]
    if unknown:
        raise ApiError(400, f"kind must be one of {', '.join(SHOWCASE_KINDS)}, got {unknown[0]!r}")
    return kinds


def _text() -> str:
    text = request.args.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        raise ApiError(400, f"q is at most {MAX_QUERY_LENGTH} characters, got {len(text)}")
    return text


def card_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": jsonable(row["id"]),
        "kind": row["kind"],
        "title_th": row["title_th"],
        "title_en": row["title_en"],
        "village": {"code": row["village_code"], "name_th": row["village_th"], "name_en": row["village_en"]},
        "published_on": jsonable(row["published_on"]),
        "price_baht": jsonable(row["price_baht"]),
        "thumbnail_url": media_url(row["thumb_path"]),
        "url": f"/api/v1/showcase/{jsonable(row['id'])}",
    }


def detail_json(item: dict[str, Any]) -> dict[str, Any]:
    """The public fields of an item: no author, the phone masked."""
    return {
        **{
            key: jsonable(item[key])
            for key in (
                "id",
                "kind",
                "title_th",
                "title_en",
                "text_th",
                "text_en",
                "published_on",
                "price_baht",
                "lat",
                "lon",
            )
        },
        "contact_phone": item["contact_phone"],
        "contact_masked": not item["contact_unmasked"],
        "village": item["village"],
        "district": item["district"],
        "province": item["province"],
        "images": [
            {
                "url": media_url(image["path"]),
                "thumbnail_url": media_url(image["thumb_path"]),
                "width": image["width"],
                "height": image["height"],
            }
            for image in item["images"]
        ],
    }


def showcase_blueprint(resolver: ViewResolver, showcase: ShowcaseQueries) -> Blueprint:
    """The showcase endpoints of the read API (registered before the v1 catch-all answers 404)."""
    api = json_blueprint("api_v1_showcase", "/api/v1/showcase")

    @api.get("")
    def items() -> Response:
        refuse_unknown_parameters(request.args, LIST_PARAMS)
        view = resolver.api(request.args)
        day, scope = view.as_of, view.scope
        wanted = ShowcaseFilter(scope, day, _kinds(), _text())
        page = showcase.page(
            wanted, _positive_int("page", 1, MAX_PAGE), _positive_int("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        )
        return jsonify(
            {
                "as_of": day.isoformat(),
                "area": scope.code,
                "total": page.total,
                "page": page.page,
                "page_size": page.page_size,
                "pages": page.pages,
                "items": [card_json(row) for row in page.items.to_dict("records")],
            }
        )

    @api.get("/<item_id>")
    def item(item_id: str) -> Response:
        refuse_unknown_parameters(request.args, ITEM_PARAMS)
        if not is_ascii_digits(item_id):
            raise ApiError(400, f"an item id is a whole number, got {item_id[:30]!r}")
        number = whole_number(item_id, 1, RECORD_ID_MAX)
        as_of, permitted = resolver.api_as_of(request.args), resolver.requester().permitted
        found = showcase.item(number, as_of, permitted) if number is not None else None
        if found is None:
            raise ApiError(404, f"no showcase item {item_id[:30]}")
        return jsonify(detail_json(found))

    return api


def media_blueprint(media_dir: Path) -> Blueprint:
    """Serve the media folder's files with long cache headers and ETags (they never change in place)."""
    media = Blueprint("media", __name__, url_prefix=MEDIA_PREFIX.rstrip("/"))

    @media.get("/<path:path>")
    def media_file(path: str) -> Response:
        if not path.startswith("showcase/") or not path.endswith(".webp"):
            abort(404)
        response = send_from_directory(media_dir, path, max_age=MEDIA_MAX_AGE_S, conditional=True, etag=True)
        response.headers["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE_S}, immutable"
        return response

    return media


__all__ = ["media_blueprint", "media_url", "showcase_blueprint"]
