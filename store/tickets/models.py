"""Tickets: problem reports filed by the volunteers' app, and every change of their status.

A ticket carries its village's subdistrict, district and province codes, so that a scoped query
filters by an indexed equality and sorts by an index that starts with the same column (the
ticket table of one province reads only that province's rows, newest first, from one index).

``status``, ``status_at`` and ``closed_at`` are the ticket's *current* state, kept in step with
its newest event by ``store.tickets.workflow``; the events are the truth. A query about an earlier
date reads the events only for tickets whose status changed after that date (``status_at`` later
than the moment asked about): every other ticket's status then was already its current one.

Personal data: the reporter is a volunteer (``reporter_volunteer_id``); their name and phone stay
in ``volunteers`` and never appear in a ticket answer by default. An event of an officer or an
agency keeps the name the officer typed (``actor_name``); an event of the reporter keeps none.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.core.models import Base


class Ticket(Base):
    """A problem report of a village."""

    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"))
    subdistrict_code: Mapped[str] = mapped_column(String(6))
    district_code: Mapped[str] = mapped_column(String(4))
    province_code: Mapped[str] = mapped_column(String(2))
    reporter_volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    category: Mapped[str] = mapped_column(String(16))
    title_th: Mapped[str] = mapped_column(String(200))
    description_th: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    status_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    app_id: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    """The volunteers' app's own id, when the ticket came in through the ingest API."""

    __table_args__ = (
        Index("ix_tickets_created_at_id", "created_at", "id"),
        Index("ix_tickets_province_created_at", "province_code", "created_at"),
        Index("ix_tickets_district_created_at", "district_code", "created_at"),
        Index("ix_tickets_subdistrict_created_at", "subdistrict_code", "created_at"),
        Index("ix_tickets_village_created_at", "village_code", "created_at"),
        Index("ix_tickets_status_at", "status_at"),
    )


class TicketEvent(Base):
    """One change of a ticket: its creation (``from_status`` NULL), a status change or a note.

    ``at`` is when the change took effect on the data's timeline; ``recorded_at`` is the wall-clock
    time it was written (the same in production; on a frozen demo database an edit is placed at the
    end of the data, so that it shows in the latest view, and ``recorded_at`` keeps the real time).
    """

    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_role: Mapped[str] = mapped_column(String(16))  # "reporter" | "officer" | "agency"
    actor_name: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    app_id: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    """The volunteers' app's own id of the event, when it came in through the ingest API."""
    change_key: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    """The key an officer's client gave the change (``StatusChange.change_key``): a resend is found by it."""

    __table_args__ = (
        Index("ix_ticket_events_ticket_at", "ticket_id", "at"),
        Index("ix_ticket_events_to_status_at", "to_status", "at"),
    )
