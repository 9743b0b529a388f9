"""SQLAlchemy models of the Net Pracharat programme.

Timestamps are naive UTC; dates (registration, training, months) are calendar dates in
Thailand (ICT, UTC+7, no daylight saving). Area codes follow the DOPA scheme: province 2 digits,
district 4, subdistrict 6, village 8 (subdistrict code + moo number), so the length of a code
tells its level and every code starts with its parents' codes.

Villages carry their district and province codes as well as their subdistrict's, so that a
query scoped to one province or district reads only that area's rows through an index.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

RECORD_ID_MAX: Final = 2**31 - 1
"""The largest row id: ids are ``Integer`` columns, 32-bit on PostgreSQL (the narrower of the
databases we run on). A larger number names no row, and binding it in a query fails."""


class Base(DeclarativeBase):
    """Declarative base of every table of the dashboard."""


class Region(Base):
    """One of the six regions of tambons.csv (Northern, Central, ...)."""

    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_th: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))


class Province(Base):
    """A changwat (Bangkok included), keyed by its 2-digit DOPA code."""

    __tablename__ = "provinces"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))


class District(Base):
    """An amphoe (a khet in Bangkok), keyed by its 4-digit DOPA code."""

    __tablename__ = "districts"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))


class Subdistrict(Base):
    """A tambon (a khwaeng in Bangkok) with its centroid when the source file has one."""

    __tablename__ = "subdistricts"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Village(Base):
    """A muban of the programme: one of the 24,700 villages with a free WiFi hotspot."""

    __tablename__ = "villages"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    moo: Mapped[int] = mapped_column(Integer)
    name_th: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(128))
    subdistrict_code: Mapped[str] = mapped_column(ForeignKey("subdistricts.code"), index=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


DEMO_STAMP_PREFIX: Final = "demo data rebuilt"
"""How a ``data_changes`` row written by the demo generator begins: the database holds the demo."""


class DataChange(Base):
    """One row per import or edit, so caches of derived figures know when to drop their entries.

    ``kind`` names the data it changed (coverage, tickets, showcase): see ``store.core.versions``.
    """

    __tablename__ = "data_changes"
    __table_args__ = (Index("ix_data_changes_kind_id", "kind", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    what: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="coverage", server_default="coverage")
