"""``POST /api/v1/ingest/<kind>``: the machines' door of the import pipeline.

The body is a JSON batch: ``{"items": [{"id": "<the source's id>", ...fields}, ...]}`` (or the
list itself). Each item goes through the same validation as a file's row; the answer is the
plan as committed: counts, the refused items with their reason in Thai and English (they are
quarantined, not lost), and the run's id. An item whose ``id`` an earlier batch delivered is
acknowledged and not written again, so a client may resend a batch after a timeout.

Who may send is decided by ``authorize(scope)``, given by the app factory (API tokens with
``ingest:*`` scopes): it returns the actor's name or aborts with 401/403. Only once a caller is
authorized may its body exceed the app's general limit (``INGEST_MAX_REQUEST_BYTES``, 16 MiB:
a status report of every hotspot of the country is ~1.5 MB).

``POST /api/v1/ingest/showcase_items/<the app's item id>/images`` takes one image of an item the
app sent before, as the raw body or the first file of a multipart form (scope ``ingest:app``):
at most ``INGEST_IMAGE_MAX_BYTES`` (413 beyond), JPEG, PNG or WebP by its content (415 for
anything else, whatever its name), stored without its metadata with a thumbnail (201; 200 when
the item already has this image).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import Engine
from werkzeug.exceptions import RequestEntityTooLarge

from api.errors import ApiError, json_blueprint
from ingest.batches import ingest_batch
from ingest.images import ImageRefused, image_max_bytes, too_large
from ingest.kinds import KINDS
from ingest.messages import FileRejected
from ingest.showcase_images import store_showcase_image
from store.core.access import TokenScope
from store.showcase.media import media_root

Authorize = Callable[[str], str]
"""Takes the token scope the kind needs (``ingest:network``…), returns the actor or aborts 401/403."""

DEFAULT_INGEST_MAX_BYTES: Final = 16 * 1024 * 1024
MULTIPART_ALLOWANCE: Final = 64 * 1024
"""What a multipart form may add to an image's bytes (boundaries, headers, a few fields)."""


def ingest_max_bytes() -> int:
    return int(os.environ.get("INGEST_MAX_REQUEST_BYTES") or DEFAULT_INGEST_MAX_BYTES)


def make_ingest_blueprint(
    authorize: Authorize, write_engine: Callable[[], Engine], media_dir: Path | None = None
) -> Blueprint:
    """The ingest endpoints; ``write_engine`` gives the engine imports write with (``make_write_engine``),
    ``media_dir`` the folder showcase images are kept in (default ``MEDIA_DIR``)."""
    blueprint = json_blueprint("ingest", "/api/v1/ingest")
    media = media_dir or media_root()

    @blueprint.post("/<kind_name>")
    def ingest(kind_name: str) -> tuple[Response, int]:
        kind = KINDS.get(kind_name.replace("-", "_"))
        if kind is None or kind.scope is None:
            machine_kinds = sorted(name for name, known in KINDS.items() if known.scope is not None)
            raise ApiError(404, f"no ingest of {kind_name!r} by the API; known: {', '.join(machine_kinds)}")
        actor = authorize(str(kind.scope))
        request.max_content_length = ingest_max_bytes()
        items = _items(request.get_json(silent=True))
        try:
            result = ingest_batch(write_engine(), kind.name, items, actor, remote_addr=request.remote_addr or "")
        except FileRejected as refused:
            raise ApiError(400, f"{refused.reason.en} / {refused.reason.th}") from None
        body = {**result.plan.summary(), "run": result.run_id}
        body.pop("filename", None)
        return jsonify(body), 200

    @blueprint.post("/showcase_items/<item_id>/images")
    def showcase_image(item_id: str) -> tuple[Response, int]:
        actor = authorize(str(TokenScope.INGEST_APP))
        limit = image_max_bytes()
        try:
            content = _image_bytes(limit)
            stored = store_showcase_image(
                write_engine(),
                item_id,
                content,
                actor=actor,
                media_dir=media,
                limit=limit,
                remote_addr=request.remote_addr or "",
            )
        except ImageRefused as refused:
            raise ApiError(refused.status, str(refused)) from None
        return jsonify(stored.json()), 201 if stored.created else 200

    return blueprint


def _image_bytes(limit: int) -> bytes:
    """The uploaded image: the first file of a multipart form, else the raw body; a body over the
    limit is refused (413) before it is read."""
    request.max_content_length = limit + MULTIPART_ALLOWANCE
    if request.content_length is not None and request.content_length > request.max_content_length:
        raise too_large(request.content_length, limit)
    try:
        if request.mimetype == "multipart/form-data":
            upload = request.files.get("image") or next(iter(request.files.values()), None)
            return upload.read() if upload is not None else b""
        return request.get_data(cache=False)
    except RequestEntityTooLarge:  # a body without its length, or longer than it said
        raise too_large(None, limit) from None


def _items(body: Any) -> list[dict[str, Any]]:
    """The batch's items: a JSON list of objects, alone or under ``items``; else 400."""
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
        raise ApiError(400, 'the body must be JSON: {"items": [{"id": ..., ...}, ...]} with at least one item')
    return items
