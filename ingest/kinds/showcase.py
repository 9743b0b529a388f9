"""Showcase items from the volunteers' app, through the ingest API (their images: ``ingest.images``).

An item is known by the app's id (``showcase_items.app_id``): sent again with other texts it is
updated, sent again the same it is unchanged. It copies its village's area codes, and its
position when the app sends none, as the demo's items do; ``search_text`` is built as theirs,
so the gallery's Thai search finds it. The contact phone is personal data: stored in the
national form, masked by the showcase queries outside the item's province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from functools import partial
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field
from sqlalchemy.orm import Session

from ingest.kinds.base import (
    Accepted,
    Changes,
    Column,
    Number,
    Rejection,
    RowModel,
    Text,
    ThaiDate,
    UpsertKind,
    VillageCode,
)
from ingest.kinds.network import VILLAGE_CODE_HEADERS
from ingest.kinds.people import Phone
from ingest.kinds.references import app_volunteers, unknown_app_volunteers, unknown_villages, village_places
from ingest.messages import Reason
from ingest.values import THAILAND, parse_choice
from store.core.access import TokenScope
from store.core.text_search import normalise
from store.showcase.models import SHOWCASE_KINDS, ShowcaseItem, ShowcaseKind

ShowcaseKindCode = Annotated[str, BeforeValidator(partial(parse_choice, allowed=SHOWCASE_KINDS))]


class ShowcaseItemRow(RowModel):
    item_id: Text = Field(min_length=1, max_length=64)
    village_code: VillageCode
    kind: ShowcaseKindCode
    title: Text = Field(min_length=1, max_length=200)
    title_en: Text | None = Field(default=None, max_length=200)
    text: Text = Field(default="", max_length=10_000)
    text_en: Text | None = Field(default=None, max_length=10_000)
    price_baht: Number | None = Field(default=None, ge=0, le=10_000_000)
    contact_phone: Phone | None = None
    author_id: Text | None = Field(default=None, max_length=64)
    published_on: ThaiDate
    lat: Number | None = Field(default=None, ge=5.5, le=20.5)
    lon: Number | None = Field(default=None, ge=97.3, le=105.7)


class ShowcaseItems(UpsertKind):
    name = "showcase_items"
    title_th = "ของดีหมู่บ้าน"
    title_en = "showcase items"
    scope = TokenScope.INGEST_APP
    data_kind = "showcase"
    source_id_field = "item_id"
    model = ShowcaseItemRow
    table = ShowcaseItem.__table__  # type: ignore[assignment]
    key_columns = ("app_id",)
    compared = (
        "kind",
        "village_code",
        "district_code",
        "province_code",
        "volunteer_id",
        "published_on",
        "title_th",
        "title_en",
        "text_th",
        "text_en",
        "price_baht",
        "contact_phone",
        "lat",
        "lon",
        "search_text",
    )
    columns: ClassVar = (
        Column("item_id", ("item_id", "app_item_id", "รหัสรายการ")),
        Column("village_code", VILLAGE_CODE_HEADERS),
        Column("kind", ("kind", "type", "ประเภท")),
        Column("title", ("title", "title_th", "ชื่อ", "หัวข้อ")),
        Column("title_en", ("title_en", "ชื่อภาษาอังกฤษ")),
        Column("text", ("text", "text_th", "description", "รายละเอียด")),
        Column("text_en", ("text_en", "description_en")),
        Column("price_baht", ("price_baht", "price", "ราคา")),
        Column("contact_phone", ("contact_phone", "contact", "phone", "เบอร์ติดต่อ", "โทรศัพท์")),
        Column("author_id", ("author_id", "volunteer_id", "ผู้เขียน")),
        Column("published_on", ("published_on", "published_at", "published", "วันที่เผยแพร่")),
        Column("lat", ("lat", "latitude", "ละติจูด")),
        Column("lon", ("lon", "longitude", "ลองจิจูด")),
    )

    def key(self, row: Any) -> Hashable:
        return str(row.item_id)

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        today = dt.datetime.now(THAILAND).date()
        odd = [
            Rejection(accepted.line, accepted.cells, *found)
            for accepted in rows
            if (found := _odd_value(accepted.row, today)) is not None
        ]
        return unknown_villages(session, rows) + unknown_app_volunteers(session, rows, "author_id") + odd

    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        places = village_places(session, (accepted.row.village_code for accepted in rows))
        authors = app_volunteers(session, (author for accepted in rows if (author := accepted.row.author_id)))
        records = [_item_record(accepted.row, places[accepted.row.village_code], authors) for accepted in rows]
        return self.plan_records(session, records)


def _odd_value(row: ShowcaseItemRow, today: dt.date) -> tuple[str, Reason] | None:
    """A price on what is not a product, or a publishing day after today (Thailand's)."""
    if row.price_baht is not None and row.kind != ShowcaseKind.PRODUCT:
        return "price_baht", Reason.of("price_not_product")
    if row.published_on > today:
        return "published_on", Reason.of("future", value=row.published_on)
    return None


def _item_record(row: ShowcaseItemRow, place: dict[str, Any], authors: dict[str, int]) -> dict[str, Any]:
    texts = (row.title, row.title_en or "", row.text, row.text_en or "", place["name_th"], place["name_en"])
    return {
        "app_id": row.item_id,
        "kind": row.kind,
        "village_code": row.village_code,
        "district_code": place["district_code"],
        "province_code": place["province_code"],
        "volunteer_id": authors.get(row.author_id) if row.author_id else None,
        "published_on": row.published_on,
        "title_th": row.title,
        "title_en": row.title_en,
        "text_th": row.text,
        "text_en": row.text_en,
        "price_baht": row.price_baht,
        "contact_phone": row.contact_phone,
        "lat": row.lat if row.lat is not None else place["lat"],
        "lon": row.lon if row.lon is not None else place["lon"],
        "search_text": normalise(" ".join(texts)),
    }
