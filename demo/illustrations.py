"""Simple illustrations of showcase items, drawn locally (no network, no fonts) with Pillow.

Each kind has a motif (a jar for products, a book for stories, mountains and a sun for tourist
spots, a house for homestays, people for activities) on a two-colour gradient. A handful of
designs per kind, each a different tint and layout, is enough for a demo: items share them, so
the whole set is drawn in about a second and weighs well under a megabyte.
"""

from __future__ import annotations

import colorsys
from io import BytesIO
from pathlib import Path
from typing import Final

import numpy as np
from PIL import Image, ImageDraw

FULL_SIZE: Final = (800, 600)
THUMB_SIZE: Final = (320, 240)
DESIGNS_PER_KIND: Final = 16
BASE_HUE: Final[dict[str, float]] = {
    "product": 0.08,  # warm orange
    "story": 0.72,  # violet
    "tourist_spot": 0.55,  # sky blue
    "homestay": 0.30,  # green
    "activity": 0.95,  # rose
}


def image_paths(kind: str, design: int) -> tuple[str, str]:
    """Relative paths of a design's full image and thumbnail in the media folder."""
    stem = f"showcase/{kind}/{design:02d}"
    return f"{stem}.webp", f"{stem}.thumb.webp"


def _rgb(hue: float, saturation: float, value: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hsv_to_rgb(hue % 1.0, saturation, value)
    return round(red * 255), round(green * 255), round(blue * 255)


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    width, height = FULL_SIZE
    weights = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    rows = (1 - weights) * np.array(top, np.float32) + weights * np.array(bottom, np.float32)
    return Image.fromarray(np.broadcast_to(rows, (height, width, 3)).astype(np.uint8), "RGB")


def draw(kind: str, design: int) -> Image.Image:
    """The full-size illustration of one design of ``kind`` (deterministic)."""
    rng = np.random.default_rng([design, sum(map(ord, kind))])
    hue = BASE_HUE[kind] + rng.uniform(-0.06, 0.06)
    image = _gradient(_rgb(hue, 0.25, 0.98), _rgb(hue + 0.04, 0.55, 0.80))
    canvas = ImageDraw.Draw(image)
    ink, accent = _rgb(hue + 0.5, 0.55, 0.45), _rgb(hue, 0.85, 0.90)
    cx = int(rng.uniform(300, 500))
    MOTIFS[kind](canvas, cx, rng, ink, accent)
    canvas.rectangle((0, 540, 800, 600), fill=_rgb(hue + 0.08, 0.45, 0.60))
    return image


def _product(canvas: ImageDraw.ImageDraw, cx: int, rng: np.random.Generator, ink: tuple, accent: tuple) -> None:
    for offset, scale in ((-170, 0.7), (0, 1.0), (170, 0.8)):
        x, h = cx + offset, int(260 * scale)
        canvas.rounded_rectangle(
            (x - 70 * scale, 540 - h, x + 70 * scale, 540), radius=30, fill=accent, outline=ink, width=6
        )
        canvas.rectangle((x - 50 * scale, 520 - h, x + 50 * scale, 545 - h), fill=ink)
        canvas.ellipse((x - 35 * scale, 470 - h // 2, x + 35 * scale, 540 - h // 2), fill=(255, 255, 255))


def _story(canvas: ImageDraw.ImageDraw, cx: int, rng: np.random.Generator, ink: tuple, accent: tuple) -> None:
    canvas.polygon([(cx, 200), (cx - 260, 160), (cx - 260, 480), (cx, 520)], fill=(255, 255, 255), outline=ink)
    canvas.polygon([(cx, 200), (cx + 260, 160), (cx + 260, 480), (cx, 520)], fill=(250, 246, 236), outline=ink)
    for row in range(6):
        y = 230 + row * 40
        canvas.line((cx - 220, y - 20, cx - 40, y), fill=accent, width=8)
        canvas.line((cx + 40, y, cx + 220, y - 20), fill=accent, width=8)
    canvas.line((cx, 200, cx, 520), fill=ink, width=6)


def _tourist_spot(canvas: ImageDraw.ImageDraw, cx: int, rng: np.random.Generator, ink: tuple, accent: tuple) -> None:
    sun_x = int(rng.uniform(120, 680))
    canvas.ellipse((sun_x - 60, 70, sun_x + 60, 190), fill=(255, 214, 90))
    for left, peak, right, shade in ((-50, 220, 450, ink), (250, 300, 850, accent), (cx - 300, 260, cx + 250, ink)):
        canvas.polygon([(left, 540), ((left + right) // 2, peak), (right, 540)], fill=shade)
    canvas.polygon([(cx - 80, 312), (cx - 25, 260), (cx + 25, 300)], fill=(255, 255, 255))


def _homestay(canvas: ImageDraw.ImageDraw, cx: int, rng: np.random.Generator, ink: tuple, accent: tuple) -> None:
    canvas.rectangle((cx - 200, 300, cx + 200, 540), fill=(255, 250, 240), outline=ink, width=6)
    canvas.polygon([(cx - 250, 310), (cx, 130), (cx + 250, 310)], fill=accent, outline=ink)
    canvas.rectangle((cx - 40, 410, cx + 40, 540), fill=ink)
    for x in (cx - 150, cx + 80):
        canvas.rectangle((x, 350, x + 70, 410), fill=(140, 200, 235), outline=ink, width=4)
    tree_x = cx + 300 if cx < 400 else cx - 300
    canvas.rectangle((tree_x - 10, 420, tree_x + 10, 540), fill=ink)
    canvas.ellipse((tree_x - 70, 300, tree_x + 70, 440), fill=_shift(accent))


def _activity(canvas: ImageDraw.ImageDraw, cx: int, rng: np.random.Generator, ink: tuple, accent: tuple) -> None:
    canvas.line((60, 120, 740, 160), fill=ink, width=3)
    for i, x in enumerate(range(90, 740, 80)):
        colour = accent if i % 2 else (255, 255, 255)
        canvas.polygon([(x, 123 + i * 4), (x + 50, 126 + i * 4), (x + 25, 180 + i * 4)], fill=colour)
    for x, scale in ((cx - 180, 0.85), (cx, 1.0), (cx + 180, 0.9)):
        head = int(45 * scale)
        canvas.ellipse((x - head, 300 - head, x + head, 300 + head), fill=ink)
        canvas.rounded_rectangle((x - 70 * scale, 360, x + 70 * scale, 540), radius=40, fill=accent)


def _shift(colour: tuple) -> tuple[int, int, int]:
    red, green, blue = colour
    return (green, blue, red)


MOTIFS: Final = {
    "product": _product,
    "story": _story,
    "tourist_spot": _tourist_spot,
    "homestay": _homestay,
    "activity": _activity,
}


def encoded(image: Image.Image, size: tuple[int, int], quality: int) -> bytes:
    """The image scaled to ``size`` as WebP bytes."""
    buffer = BytesIO()
    image.resize(size, Image.Resampling.LANCZOS).save(buffer, "WEBP", quality=quality, method=2)
    return buffer.getvalue()


def write_designs(media_dir: Path, kinds: tuple[str, ...]) -> dict[tuple[str, int], int]:
    """Draw every design of ``kinds`` into ``media_dir``; returns each thumbnail's size in bytes."""
    thumb_bytes = {}
    for kind in kinds:
        for design in range(DESIGNS_PER_KIND):
            full_path, thumb_path = image_paths(kind, design)
            image = draw(kind, design)
            thumb = encoded(image, THUMB_SIZE, 60)
            (media_dir / full_path).parent.mkdir(parents=True, exist_ok=True)
            (media_dir / full_path).write_bytes(encoded(image, FULL_SIZE, 72))
            (media_dir / thumb_path).write_bytes(thumb)
            thumb_bytes[kind, design] = len(thumb)
    return thumb_bytes


def thumb_sizes(kinds: tuple[str, ...]) -> dict[tuple[str, int], int]:
    """Thumbnail sizes in bytes without writing files (the generator records them per image)."""
    return {
        (kind, design): len(encoded(draw(kind, design), THUMB_SIZE, 60))
        for kind in kinds
        for design in range(DESIGNS_PER_KIND)
    }
