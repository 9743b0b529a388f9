"""How wide a text is in the page's own font, measured from the font files we serve.

Tables whose columns hold a known set of texts (statuses, categories, dates) are given widths
that fit their widest text in the page's language, rather than guessed pixel widths that cut
"ดำเนินการแล้วเสร็จ" to "ดำเนินการแล้ว…". The page shows Sarabun from ``assets/fonts`` (a Thai
and a Latin subset chosen by ``unicode-range``, ``assets/fonts.css``); Pillow reads the same
woff2 files and shapes each run of one subset as the browser does (to within a pixel).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Final, Literal

from PIL import ImageFont

FONTS: Final = Path(__file__).resolve().parents[1] / "assets" / "fonts"
Subset = Literal["thai", "latin"]
FontWeight = Literal[400, 600, 700]


def _subset(character: str) -> Subset:
    """The Sarabun subset the browser takes a character from (``unicode-range`` of fonts.css)."""
    return "thai" if "\u0e01" <= character <= "\u0e5b" else "latin"


@lru_cache(maxsize=12)
def _font(subset: Subset, weight: FontWeight, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"sarabun-{subset}-{weight}-normal.woff2"), size_px)


def text_width_px(text: str, *, size_px: int = 14, weight: FontWeight = 400) -> float:
    """The width of ``text`` in Sarabun at ``size_px``: each run of one subset shaped as a whole."""
    return sum(_font(subset, weight, size_px).getlength("".join(run)) for subset, run in groupby(text, key=_subset))


def widest_px(texts: list[str], *, size_px: int = 14, weight: FontWeight = 400) -> float:
    """The width of the widest of ``texts`` (0 for none)."""
    return max((text_width_px(text, size_px=size_px, weight=weight) for text in texts), default=0.0)
