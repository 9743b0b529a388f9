"""Read queries of the village showcase: each takes an area scope and an as-of date.

An item is "there" as of a date when it was published on or before that day. Text search is a
substring match on the normalised ``search_text`` (Thai has no spaces between words, so word
indexes do not apply); a few thousand items scan in a few milliseconds. Personal data (the
author, the contact phone) is masked in every answer; ``ShowcaseItemDetail.contact_phone`` is
the masked number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import ColumnElement, Select, func, select, true

from store.core.access import NO_PERSONAL_DATA, PermittedScope
from store.core.cached_queries import CachedQueries
from store.core.models import District, Province, Village
from store.core.places import PLACE_NAME_COLUMNS
from store.core.privacy import mask_phone
from store.core.scope import AreaScope
from store.core.scope_filter import AreaColumns, scope_filter
from store.core.text_search import LIKE_ESCAPE, like_pattern, normalise
from store.coverage.statements import frame_of
from store.showcase.models import SHOWCASE_KINDS, ShowcaseImage, ShowcaseItem
from store.showcase.results import ShowcaseItemDetail

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 24


T = TypeVar("T")


@dataclass(frozen=True)
class ShowcaseFilter:
    """What a gallery asks for: an area, a day, some kinds (empty: all) and a text (empty: any)."""

    scope: AreaScope
    as_of: dt.date
    kinds: tuple[str, ...] = ()
    text: str = ""

    def __post_init__(self) -> None:
        unknown = [kind for kind in self.kinds if kind not in SHOWCASE_KINDS]
        if unknown:
            raise ValueError(f"unknown showcase kind {unknown[0]!r}; one of {', '.join(SHOWCASE_KINDS)}")


@dataclass(frozen=True)
class ShowcasePage:
    """One page of a gallery: ``total`` items match, ``items`` are this page's (newest first)."""

    total: int
    page: int
    page_size: int
    items: pd.DataFrame

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


SHOWCASE_AREA = AreaColumns(ShowcaseItem.province_code, ShowcaseItem.district_code, ShowcaseItem.village_code)


def scope_condition(scope: AreaScope) -> ColumnElement[bool]:
    """An indexed equality on the item's own area codes (subdistricts by the village code's prefix)."""
    return scope_filter(scope, SHOWCASE_AREA)


def filter_conditions(wanted: ShowcaseFilter) -> list[ColumnElement[bool]]:
    conditions = [scope_condition(wanted.scope), ShowcaseItem.published_on <= wanted.as_of]
    if wanted.kinds:
        conditions.append(ShowcaseItem.kind.in_(wanted.kinds))
    if normalise(wanted.text):
        conditions.append(ShowcaseItem.search_text.like(like_pattern(wanted.text), escape=LIKE_ESCAPE))
    return conditions


def _first_thumb() -> Any:
    return (
        select(ShowcaseImage.thumb_path)
        .where(ShowcaseImage.item_id == ShowcaseItem.id)
        .order_by(ShowcaseImage.position)
        .limit(1)
        .correlate(ShowcaseItem)
        .scalar_subquery()
    )


def _card_columns() -> Sequence[Any]:
    return (
        ShowcaseItem.id,
        ShowcaseItem.kind,
        ShowcaseItem.title_th,
        ShowcaseItem.title_en,
        ShowcaseItem.village_code,
        Village.name_th.label("village_th"),
        Village.name_en.label("village_en"),
        ShowcaseItem.published_on,
        ShowcaseItem.price_baht,
        _first_thumb().label("thumb_path"),
    )


class ShowcaseQueries(CachedQueries):
    """The questions the showcase gallery, its map layer and ``/api/v1/showcase`` ask."""

    READS = ("coverage", "showcase")
    CACHE_ENTRIES = 128

    def page(self, wanted: ShowcaseFilter, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> ShowcasePage:
        """Cards of one page (1-based), newest first; a page past the end is empty, not an error."""
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page must be >= 1 and page_size 1..{MAX_PAGE_SIZE}")
        conditions = filter_conditions(wanted)
        with self._sessions() as session:
            total = int(session.scalar(select(func.count()).select_from(ShowcaseItem).where(*conditions)) or 0)
            statement: Select[Any] = (
                select(*_card_columns())
                .join(Village, Village.code == ShowcaseItem.village_code)
                .where(*conditions)
                .order_by(ShowcaseItem.published_on.desc(), ShowcaseItem.id.desc())
                .limit(page_size)
                .offset((page - 1) * page_size)
            )
            items = frame_of(session, statement)
        return ShowcasePage(total=total, page=page, page_size=page_size, items=items)

    def counts_by_kind(self, scope: AreaScope, as_of: dt.date) -> dict[str, int]:
        """Items of each kind in the area as of the day (every kind present, 0 when none)."""

        def compute() -> dict[str, int]:
            with self._sessions() as session:
                rows = session.execute(
                    select(ShowcaseItem.kind, func.count())
                    .where(*filter_conditions(ShowcaseFilter(scope, as_of)))
                    .group_by(ShowcaseItem.kind)
                ).all()
            found = {kind: int(count) for kind, count in rows}
            return {kind: found.get(kind, 0) for kind in SHOWCASE_KINDS}

        return self._cached_value(("counts_by_kind", scope, as_of), compute)

    def map_points(self, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
        """``id, kind, title_th, title_en, lat, lon`` of every item of the area: the map layer."""

        def compute() -> pd.DataFrame:
            with self._sessions() as session:
                return frame_of(
                    session,
                    select(
                        ShowcaseItem.id,
                        ShowcaseItem.kind,
                        ShowcaseItem.title_th,
                        ShowcaseItem.title_en,
                        ShowcaseItem.lat,
                        ShowcaseItem.lon,
                    )
                    .where(*filter_conditions(ShowcaseFilter(scope, as_of)))
                    .order_by(ShowcaseItem.id),
                )

        return self._cached_value(("map_points", scope, as_of), compute)

    def item(
        self, item_id: int, as_of: dt.date | None = None, permitted: PermittedScope = NO_PERSONAL_DATA
    ) -> ShowcaseItemDetail | None:
        """One item with its area names and images; ``None`` when unknown (or not yet published).

        The contact phone is in clear only where ``permitted`` covers the item's province."""
        with self._sessions() as session:
            row = session.execute(
                select(
                    ShowcaseItem,
                    *PLACE_NAME_COLUMNS,
                )
                .join(Village, Village.code == ShowcaseItem.village_code)
                .join(District, District.code == ShowcaseItem.district_code)
                .join(Province, Province.code == ShowcaseItem.province_code)
                .where(
                    ShowcaseItem.id == item_id,
                    ShowcaseItem.published_on <= as_of if as_of else true(),
                )
            ).first()
            if row is None:
                return None
            images = session.execute(
                select(ShowcaseImage.path, ShowcaseImage.thumb_path, ShowcaseImage.width, ShowcaseImage.height)
                .where(ShowcaseImage.item_id == item_id)
                .order_by(ShowcaseImage.position)
            ).all()
        item: ShowcaseItem = row[0]
        names = row._mapping
        unmasked = permitted.may_see_personal_data(item.province_code)
        return {
            "id": item.id,
            "kind": item.kind,
            "title_th": item.title_th,
            "title_en": item.title_en,
            "text_th": item.text_th,
            "text_en": item.text_en,
            "published_on": item.published_on,
            "price_baht": item.price_baht,
            "contact_phone": (item.contact_phone if unmasked else mask_phone(item.contact_phone))
            if item.contact_phone
            else None,
            "contact_unmasked": unmasked,
            "has_author": item.volunteer_id is not None,
            "lat": item.lat,
            "lon": item.lon,
            "village": {"code": item.village_code, "name_th": names["village_th"], "name_en": names["village_en"]},
            "district": {"code": item.district_code, "name_th": names["district_th"], "name_en": names["district_en"]},
            "province": {"code": item.province_code, "name_th": names["province_th"], "name_en": names["province_en"]},
            "images": [
                {"path": path, "thumb_path": thumb, "width": width, "height": height}
                for path, thumb, width, height in images
            ],
        }

    def newest_items(self, scope: AreaScope, as_of: dt.date, limit: int) -> list[ShowcaseItemDetail]:
        """The ``limit`` items of the area published last on or before the day, newest first, each
        as ``item`` gives it (images, area names): the briefing-room display's spotlight."""

        def compute() -> list[ShowcaseItemDetail]:
            cards = self.page(ShowcaseFilter(scope, as_of), 1, limit).items
            return [found for item_id in cards["id"] if (found := self.item(int(item_id), as_of))]

        return self._cached_value(("newest_items", scope, as_of, limit), compute)


__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "ShowcaseFilter", "ShowcasePage", "ShowcaseQueries"]
