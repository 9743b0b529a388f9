"""What the showcase queries answer, typed: the item a card opens and the display's spotlight shows.

TypedDicts rather than dataclasses: the API serialises these answers as they are, and the
components read them by key; the type checker holds every reader to these keys.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from store.core.places import PlaceNames


class ShowcaseImageFiles(TypedDict):
    path: str
    thumb_path: str
    width: int
    height: int


class ShowcaseItemDetail(TypedDict):
    """One published item with its places and images; the contact phone masked unless
    ``contact_unmasked`` (the requester may see personal data of its province), the author never named."""

    id: int
    kind: str
    title_th: str
    title_en: str | None
    text_th: str
    text_en: str | None
    published_on: dt.date
    price_baht: float | None
    contact_phone: str | None
    contact_unmasked: bool
    has_author: bool
    lat: float
    lon: float
    village: PlaceNames
    district: PlaceNames
    province: PlaceNames
    images: list[ShowcaseImageFiles]
