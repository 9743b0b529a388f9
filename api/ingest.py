"""``POST /api/v1/ingest/<kind>``: the machines' door of the import pipeline.

The body is a JSON batch: ``{"items": [{"id": "<the source's id>", ...fields}, ...]}`` (or the
list itself). Each item goes through the same validation as a file's row; the answer is the
plan as committed: counts, the refused items with their reason in Thai and English (they are
quarantined, not lost), and the run's id. An item whose ``id`` an earlier batch delivered is
acknowledged and not written again, so a client may resend a batch after a timeout.

With ``REDIS_URL`` set, the kinds whole networks send (``ingest.jobs.QUEUED_KINDS``: status reports,
speed tests) are checked in the request (token, size, JSON shape, the kind's columns: a bad batch
still gets its 400 here) and committed by the queue's worker: the answer is ``202 Accepted`` with
the job's URL in ``Location``. ``GET /api/v1/ingest/jobs/<id>``, with a token of the kind's scope
and of the same client, tells ``queued``, ``started``, ``finished`` (with ``result``: the body the
synchronous call returns) or ``failed`` (with ``reason``; nothing of the batch was written). When
Redis does not answer, the batch is committed in the request as without it.

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
from typing import Final

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from redis.exceptions import RedisError
from sqlalchemy import Engine
from werkzeug.exceptions import RequestEntityTooLarge

from api.errors import ApiError, json_blueprint
from ingest.batches import batch_answer, batch_items, check_batch, ingest_batch
from ingest.images import ImageRefused, image_max_bytes, too_large
from ingest.jobs import IngestQueue, JobState
from ingest.kinds import KINDS
from ingest.kinds.base import Kind
from ingest.messages import FileRejected
from ingest.showcase_images import store_showcase_image
from store.core.access import TokenScope
from store.showcase.media import media_root

Authorize = Callable[[str], str]
"""Takes the token scope the kind needs (``ingest:network``…), returns the actor or aborts 401/403."""

DEFAULT_INGEST_MAX_BYTES: Final = 16 * 1024 * 1024
MULTIPART_ALLOWANCE: Final = 64 * 1024
"""What a multipart form may add to an image's bytes (boundaries, headers, a few fields)."""
POLL_AFTER_S: Final = 2
"""The ``Retry-After`` of a job not yet done: a status batch takes a few seconds."""


def ingest_max_bytes() -> int:
    return int(os.environ.get("INGEST_MAX_REQUEST_BYTES") or DEFAULT_INGEST_MAX_BYTES)


def make_ingest_blueprint(
    authorize: Authorize,
    write_engine: Callable[[], Engine],
    media_dir: Path | None = None,
    jobs: IngestQueue | None = None,
) -> Blueprint:
    """The ingest endpoints; ``write_engine`` gives the engine imports write with (``make_write_engine``),
    ``media_dir`` the folder showcase images are kept in (default ``MEDIA_DIR``), ``jobs`` the
    queue large batches go to (None: every batch is committed in the request)."""
    blueprint = json_blueprint("ingest", "/api/v1/ingest")
    media = media_dir or media_root()

    @blueprint.post("/<kind_name>")
    def ingest(kind_name: str) -> tuple[Response, int]:
        kind = _machine_kind(kind_name)
        actor = authorize(str(kind.scope))
        request.max_content_length = ingest_max_bytes()
        remote_addr = request.remote_addr or ""
        try:
            items = batch_items(request.get_json(silent=True))
            if jobs is not None and jobs.takes(kind.name):
                check_batch(kind.name, items)
                queued = _submit(jobs, kind.name, actor, remote_addr)
                if queued is not None:
                    return _job_answer(queued, 202)
            result = ingest_batch(write_engine(), kind.name, items, actor, remote_addr=remote_addr)
        except FileRejected as refused:
            raise ApiError(400, f"{refused.reason.en} / {refused.reason.th}") from None
        return jsonify(batch_answer(result)), 200

    @blueprint.get("/jobs/<job_id>")
    def ingest_job(job_id: str) -> tuple[Response, int]:
        kind = _machine_kind(job_id.partition("-")[0])
        actor = authorize(str(kind.scope))
        if jobs is None:
            raise ApiError(404, "no ingest jobs here: batches are committed in the request (no REDIS_URL)")
        try:
            state = jobs.state(job_id, actor)
        except RedisError:
            raise ApiError(503, "the ingest queue (Redis) does not answer: ask again shortly") from None
        if state is None:
            raise ApiError(404, f"no ingest job {job_id!r} of this client (unknown, or its answer lapsed after a day)")
        return _job_answer(state, 200)

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


def _machine_kind(kind_name: str) -> Kind:
    """The kind a machine may send by the API; else 404 naming the ones it may."""
    kind = KINDS.get(kind_name.replace("-", "_"))
    if kind is None or kind.scope is None:
        machine_kinds = sorted(name for name, known in KINDS.items() if known.scope is not None)
        raise ApiError(404, f"no ingest of {kind_name!r} by the API; known: {', '.join(machine_kinds)}")
    return kind


def _submit(jobs: IngestQueue, kind_name: str, actor: str, remote_addr: str) -> JobState | None:
    """The batch's job; None when Redis does not answer (then it is committed in the request, slower)."""
    try:
        return jobs.submit(kind_name, request.get_data(), actor, remote_addr=remote_addr)
    except RedisError as error:
        current_app.logger.warning("ingest queue unavailable (%s): committing %s in the request", error, kind_name)
        return None


def _job_answer(state: JobState, status: int) -> tuple[Response, int]:
    """A job's state, with its URL; a job not yet done says when to ask again."""
    location = url_for("ingest.ingest_job", job_id=state.job_id)
    response = jsonify({**state.json(), "location": location})
    if status == 202:
        response.headers["Location"] = location
    if state.pending:
        response.headers["Retry-After"] = str(POLL_AFTER_S)
    return response, status


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
