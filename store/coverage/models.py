"""SQLAlchemy models of the network's coverage: hotspots, their status reports and speed tests,
WiFi registrations, training sessions and volunteers (timestamps naive UTC; dates in Thailand).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from store.core.models import Base


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
    """A Net Pracharat volunteer; ``full_name`` and ``phone`` are personal data.

    ``app_id`` is the volunteers' app's own id, when the volunteer came in through an import.
    """

    __tablename__ = "volunteers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    app_id: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"), index=True)
    full_name: Mapped[str] = mapped_column(String(128))
    phone: Mapped[str] = mapped_column(String(20))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    trained_on: Mapped[dt.date | None] = mapped_column(Date)
    training_session_id: Mapped[int | None] = mapped_column(ForeignKey("training_sessions.id"))
