"""Showcase images from the volunteers' app, through the real app: checked by content, stored once,
without their metadata (a phone's GPS position), with a thumbnail, served from ``/media``."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select

from store.audit.models import AuditEvent
from store.core.access import Role
from store.showcase.models import ShowcaseImage, ShowcaseItem
from tests.app_ingest_helpers import AppUnderTest, app_under_test
from tests.signed_in import signed_in_client

ITEM = {
    "item_id": "S-IMG",
    "village_code": "84010102",
    "kind": "product",
    "title": "ผ้าทอ",
    "published_on": "2019-03-15",
}
PATH = "/api/v1/ingest/showcase_items/S-IMG/images"
GPS_IFD = 0x8825


@pytest.fixture(scope="module")
def tested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    media = tmp_path_factory.mktemp("media")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDIA_DIR", str(media))
        tested = app_under_test(tmp_path_factory.mktemp("images"), media)
        sent = tested.machine_post("/api/v1/ingest/showcase_items", "app", json=[ITEM])
        assert sent.json["new"] == 1, sent.json
        yield tested


def png(size: tuple[int, int] = (64, 48), noise: bool = False) -> bytes:
    rng = np.random.default_rng(7)
    shape = (size[1], size[0], 3)
    pixels = rng.integers(0, 255, shape, np.uint8) if noise else np.full(shape, (200, 120, 40), np.uint8)
    buffer = BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """A phone's photo held sideways: EXIF with a GPS position (13.75 N, 100.5 E), the camera's make
    and the orientation "turn 90° clockwise to view" (the pixels are 120×90, the photo 90×120)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6
    exif[GPS_IFD] = {1: "N", 2: (13.0, 45.0, 0.0), 3: "E", 4: (100.0, 30.0, 0.0)}
    buffer = BytesIO()
    Image.new("RGB", (120, 90), (30, 140, 200)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(tested: AppUnderTest, body: Any, token: str | None = "app", path: str = PATH, **options: Any) -> Any:
    """``body``: the raw image, or a form whose files are sent as multipart."""
    return tested.machine_post(path, token, data=body, **options)


def images_of_item(tested: AppUnderTest) -> int:
    with tested.engine.connect() as connection:
        statement = select(func.count()).select_from(ShowcaseImage).join(ShowcaseItem)
        return int(connection.scalar(statement.where(ShowcaseItem.app_id == "S-IMG")) or 0)


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("reader", 403), ("network", 403)])
def test_only_the_apps_scope_uploads(tested: AppUnderTest, token: str | None, status: int) -> None:
    before = images_of_item(tested)
    assert upload(tested, png(), token, content_type="image/png").status_code == status
    assert images_of_item(tested) == before


def test_a_png_is_stored_once_with_a_thumbnail_and_served(tested: AppUnderTest) -> None:
    content = png((800, 700), noise=True)  # ~1.7 MB: over the app's general 1 MiB body limit
    assert len(content) > 1024 * 1024
    first = upload(tested, content, content_type="image/png", environ_base={"REMOTE_ADDR": "203.0.113.10"})
    assert first.status_code == 201, first.json
    again = upload(tested, content, content_type="image/png")
    assert (again.status_code, again.json["created"]) == (200, False)
    assert again.json["url"] == first.json["url"] and images_of_item(tested) == 1
    viewer = signed_in_client(tested.server, Role.EXECUTIVE)
    full, thumb = viewer.get(first.json["url"]), viewer.get(first.json["thumbnail_url"])
    assert full.status_code == thumb.status_code == 200
    assert Image.open(BytesIO(full.data)).size == (800, 700) == (first.json["width"], first.json["height"])
    assert Image.open(BytesIO(thumb.data)).size == (320, 240)
    with tested.engine.connect() as connection:
        events = connection.execute(
            select(AuditEvent.actor, AuditEvent.remote_addr).where(AuditEvent.action == "import.showcase_image")
        ).all()
    assert [address for actor, address in events if "app client" in actor] == ["203.0.113.10"]  # who, from where


def test_a_multipart_jpeg_is_stored_without_its_gps_position(tested: AppUnderTest) -> None:
    content = jpeg_with_gps()
    assert Image.open(BytesIO(content)).getexif().get_ifd(GPS_IFD)  # the photo as the phone sent it
    form = {"image": (BytesIO(content), "IMG_0001.jpg", "image/jpeg")}
    answer = upload(tested, form, content_type="multipart/form-data")
    assert answer.status_code == 201, answer.json
    assert (answer.json["width"], answer.json["height"]) == (90, 120)  # upright, as it was taken
    for url in (answer.json["url"], answer.json["thumbnail_url"]):
        stored = (tested.media / url.removeprefix("/media/")).read_bytes()
        image = Image.open(BytesIO(stored))
        assert image.format == "WEBP" and not image.getexif() and "exif" not in image.info
        assert b"PhoneMaker" not in stored and b"Exif" not in stored


def test_an_image_over_the_limit_gets_413_with_the_limit(tested: AppUnderTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGEST_IMAGE_MAX_BYTES", "20000")
    answer = upload(tested, png((400, 300), noise=True), content_type="image/png")
    assert answer.status_code == 413
    assert "over the limit of 0.02 MB (INGEST_IMAGE_MAX_BYTES)" in answer.json["error"]["message"]


@pytest.mark.parametrize(
    ("content", "name", "status", "words"),
    [
        (b"just some text, not a photo\n" * 20, "photo.jpg", 415, "not an image"),
        (png()[:60], "cut.png", 400, "cannot be read"),
        (b"", "empty.jpg", 400, "no image"),
    ],
)
def test_what_is_not_a_whole_jpeg_png_or_webp_is_refused(
    tested: AppUnderTest, content: bytes, name: str, status: int, words: str
) -> None:
    before = images_of_item(tested)
    form = {"image": (BytesIO(content), name, "image/jpeg")}
    answer = upload(tested, form, content_type="multipart/form-data")
    assert answer.status_code == status, answer.json
    assert words in answer.json["error"]["message"]
    assert images_of_item(tested) == before


def test_a_gif_is_refused_by_its_type(tested: AppUnderTest) -> None:
    buffer = BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    answer = upload(tested, buffer.getvalue(), content_type="image/jpeg")
    assert answer.status_code == 415 and "GIF images are not taken" in answer.json["error"]["message"]


def test_an_image_of_an_unknown_item_gets_404(tested: AppUnderTest) -> None:
    answer = upload(tested, png(), path="/api/v1/ingest/showcase_items/NO-SUCH/images", content_type="image/png")
    assert answer.status_code == 404 and "send the item before its images" in answer.json["error"]["message"]
