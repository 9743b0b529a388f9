"""The names of the places above a village, as labelled columns that several features select."""

from __future__ import annotations

from typing import Any, TypedDict

from store.core.answers import fields_of
from store.core.models import District, Province, Village

PLACE_NAME_COLUMNS: tuple[Any, ...] = (
    Village.name_th.label("village_th"),
    Village.name_en.label("village_en"),
    District.name_th.label("district_th"),
    District.name_en.label("district_en"),
    Province.name_th.label("province_th"),
    Province.name_en.label("province_en"),
)
"""Village, district and province names in Thai and English (join District and Province on the village)."""


class PlaceNames(TypedDict):
    """An area as answers name it: its code and its Thai and English names."""

    code: str
    name_th: str
    name_en: str


class VillageNames(TypedDict):
    """A village as answers name it: code, moo number, names and its point."""

    code: str
    moo: int
    name_th: str
    name_en: str
    lat: float
    lon: float


def village_names(village: Village) -> VillageNames:
    """The naming fields of a village row, for an answer."""
    return fields_of(village, VillageNames)
