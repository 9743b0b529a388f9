"""Images the volunteers' app uploads for a showcase item: checked by their content, cleaned, thumbnailed.

The content decides, never the name: Pillow opens the bytes, and only JPEG, PNG and WebP are
taken (a text file named ``.jpg`` is refused). Every image is decoded and encoded again as WebP,
the one form the media route serves showcase images in, so no metadata survives: the EXIF of a
volunteer's phone holds the GPS position where the photo was taken, which is personal data. The
orientation the phone recorded is applied first, so the picture stands as it was taken. The full
image is at most ``FULL_SIDE`` pixels on its longer side; the thumbnail is cropped to the
gallery cards' 4:3, as the demo's are.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from io import BytesIO
from typing import Final

from PIL import Image, ImageOps, UnidentifiedImageError

from ingest.messages import Reason

ACCEPTED_FORMATS: Final = frozenset({"JPEG", "PNG", "WEBP"})
DEFAULT_IMAGE_MAX_BYTES: Final = 10 * 1024 * 1024
"""A phone's photo is 2-6 MB; more is a scan or a camera's raw-sized JPEG, not needed on a card."""
MAX_MEGAPIXELS: Final = 50
"""Checked before the pixels are decoded: a small file that unpacks to gigabytes is refused unread."""
FULL_SIDE: Final = 1600
THUMB_SIZE: Final = (320, 240)


class ImageRefused(Exception):
    """An upload that is not taken, with the HTTP status it is answered with and the reason."""

    def __init__(self, status: int, reason_code: str, /, **fields: object) -> None:
        self.status = status
        self.reason = Reason.of(reason_code, **fields)
        super().__init__(f"{self.reason.en} / {self.reason.th}")


def image_max_bytes() -> int:
    """``INGEST_IMAGE_MAX_BYTES`` or 10 MiB."""
    return int(os.environ.get("INGEST_IMAGE_MAX_BYTES") or DEFAULT_IMAGE_MAX_BYTES)


def too_large(size: int | None, limit: int) -> ImageRefused:
    """The 413 of an image over ``limit`` bytes (its size when known)."""
    shown = "?" if size is None else f"{size / 1024 / 1024:.2f}"
    return ImageRefused(413, "image_too_large", size_mb=shown, limit_mb=f"{limit / 1024 / 1024:.2f}")


@dataclass(frozen=True)
class CleanImage:
    """An upload as it is kept: the sha256 of the bytes sent, and WebP bytes without metadata."""

    sha256: str
    full: bytes
    thumb: bytes
    width: int
    height: int


def clean_image(content: bytes, limit: int) -> CleanImage:
    """The full image and thumbnail of an upload; ``ImageRefused`` (400, 413, 415) when it is not taken."""
    if not content:
        raise ImageRefused(400, "no_image")
    if len(content) > limit:
        raise too_large(len(content), limit)
    pixels = _decoded(content)
    full = pixels.copy()
    full.thumbnail((FULL_SIDE, FULL_SIDE), Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(pixels, THUMB_SIZE, Image.Resampling.LANCZOS)
    return CleanImage(hashlib.sha256(content).hexdigest(), _webp(full, 80), _webp(thumb, 60), *full.size)


def _decoded(content: bytes) -> Image.Image:
    """The upright pixels of an accepted image, with nothing of its metadata."""
    try:
        with Image.open(BytesIO(content)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRefused(415, "image_type", format=image.format)
            if image.width * image.height > MAX_MEGAPIXELS * 1_000_000:
                megapixels = round(image.width * image.height / 1_000_000)
                raise ImageRefused(400, "image_too_many_pixels", megapixels=megapixels, limit=MAX_MEGAPIXELS)
            upright = ImageOps.exif_transpose(image)
            pixels = upright.convert("RGBA" if _has_alpha(upright) else "RGB")
    except UnidentifiedImageError:
        raise ImageRefused(415, "not_an_image") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRefused(400, "image_damaged") from None
    pixels.info = {}  # EXIF, XMP, comments: none of it is written again
    return pixels


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _webp(image: Image.Image, quality: int) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()
