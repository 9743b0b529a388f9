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

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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


class Hotspot(Base):
    """A public WiFi access point of a village (at least one per village)."""

    __tablename__ = "hotspots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"), index=True)
    installed_on: Mapped[dt.date] = mapped_column(Date)


class HotspotStatusEvent(Base):
    """A change of a hotspot's reported state, and how long it kept reporting that state.

    The network management system reports every hotspot continuously (heartbeats while the line
    is up, alarms while it is down). Storing each heartbeat would mean millions of rows a day, so
    a row is one state change at ``at`` and ``reported_until`` is the latest report of that same
    state; a gap between one row's ``reported_until`` and the next row's ``at`` is silence.
    """

    __tablename__ = "hotspot_status_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hotspot_id: Mapped[int] = mapped_column(ForeignKey("hotspots.id"))
    state: Mapped[str] = mapped_column(String(8))  # "online" | "offline"
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    reported_until: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_status_events_hotspot_at", "hotspot_id", "at"),
        Index("ix_status_events_hotspot_state_at", "hotspot_id", "state", "at"),
    )


class SpeedTest(Base):
    """An automatic line test of a hotspot against the 30/10 Mbps contract."""

    __tablename__ = "speed_tests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hotspot_id: Mapped[int] = mapped_column(ForeignKey("hotspots.id"))
    tested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    down_mbps: Mapped[float] = mapped_column(Float)
    up_mbps: Mapped[float] = mapped_column(Float)
    latency_ms: Mapped[float] = mapped_column(Float)
    loss_pct: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_speed_tests_hotspot_tested_at", "hotspot_id", "tested_at"),)


class WifiRegistration(Base):
    """New registered WiFi users of a village in one calendar month (``month`` = its 1st day)."""

    __tablename__ = "wifi_registrations"
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    new_users: Mapped[int] = mapped_column(Integer)


class TrainingSession(Base):
    """The volunteers' training session of a province (one per province, Nov 2018 - Feb 2019).

    ``status`` is the plan ("scheduled" or "cancelled"); whether a scheduled session is done as
    of a date follows from ``held_on``.
    """

    __tablename__ = "training_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), unique=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    venue_th: Mapped[str] = mapped_column(String(200))
    venue_en: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")


class Volunteer(Base):
    """A Net Pracharat volunteer; ``full_name`` and ``phone`` are personal data."""

    __tablename__ = "volunteers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"), index=True)
    full_name: Mapped[str] = mapped_column(String(128))
    phone: Mapped[str] = mapped_column(String(20))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    trained_on: Mapped[dt.date | None] = mapped_column(Date)
    training_session_id: Mapped[int | None] = mapped_column(ForeignKey("training_sessions.id"))


class DataChange(Base):
    """One row per import or edit, so caches of derived figures know when to drop their entries."""

    __tablename__ = "data_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    what: Mapped[str] = mapped_column(Text)
