"""Showcase content of the villages: products, stories, tourist spots, homestays, activities.

The volunteers' app lets each village show itself to the public. An item is written by the
village's volunteer (``volunteer_id``: personal data, never in a public answer) and carries one or
more images, stored as files under the media folder (``store.showcase.media``) with a thumbnail each.

Items carry their village's province, district and village codes, as villages do, so a gallery
scoped to one area reads only that area's rows through an index. ``search_text`` is a normalised
copy of the titles, texts and village name: Thai has no spaces between words, so search is a
substring match on it (``store.showcase.queries.normalise``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.core.models import Base


class ShowcaseKind(StrEnum):
    """What an item shows; the order is the order of filters, legends and colours."""

    PRODUCT = "product"
    STORY = "story"
    TOURIST_SPOT = "tourist_spot"
    HOMESTAY = "homestay"
    ACTIVITY = "activity"


SHOWCASE_KINDS: tuple[str, ...] = tuple(kind.value for kind in ShowcaseKind)


class ShowcaseItem(Base):
    """One item a village shows to the public; ``price_baht`` only for products."""

    __tablename__ = "showcase_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"))
    district_code: Mapped[str] = mapped_column(String(4))
    province_code: Mapped[str] = mapped_column(String(2))
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    published_on: Mapped[dt.date] = mapped_column(Date)
    title_th: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    text_th: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    price_baht: Mapped[float | None] = mapped_column(Float)
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    search_text: Mapped[str] = mapped_column(Text)
    app_id: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    """The volunteers' app's own id, when the item came in through the ingest API."""

    __table_args__ = (
        Index("ix_showcase_province_published", "province_code", "published_on"),
        Index("ix_showcase_district_published", "district_code", "published_on"),
        Index("ix_showcase_village_published", "village_code", "published_on"),
        Index("ix_showcase_published", "published_on"),
    )


class ShowcaseImage(Base):
    """An image of an item: ``path`` and ``thumb_path`` are relative to the media folder."""

    __tablename__ = "showcase_images"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("showcase_items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(200))
    thumb_path: Mapped[str] = mapped_column(String(200))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumb_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    """Of the bytes uploaded, for an image that came in through the ingest API: sent twice, stored once."""

    __table_args__ = (Index("ix_showcase_images_item_sha256", "item_id", "sha256", unique=True),)
