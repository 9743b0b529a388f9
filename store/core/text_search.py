"""Text search that works for Thai: Thai writes no spaces between words, so we match substrings.

Both the stored text and the query go through ``normalise``, so a search matches whatever the
Unicode form, letter case, zero-width spaces (common in Thai text pasted from the web) or runs of
white space. ``like_pattern`` escapes LIKE's wildcards so a user's ``%`` or ``_`` matches itself.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
SPACES = re.compile(r"\s+")
LIKE_ESCAPE = "\\"


def normalise(text: str) -> str:
    """NFC, case-folded, zero-width characters removed, white space collapsed to one space."""
    text = ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return SPACES.sub(" ", text.casefold()).strip()


def like_pattern(query: str) -> str:
    """``%query%`` for a LIKE with ``escape='\\'``, the query normalised and its wildcards escaped."""
    escaped = normalise(query).replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"
