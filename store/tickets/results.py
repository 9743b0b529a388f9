"""What the ticket queries answer for one ticket, typed: the detail the dialog and the API show.

TypedDicts, as the showcase's answers: the API serialises them as they are and the components
read them by key; the type checker holds every reader to these keys.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from store.core.places import PlaceNames, VillageNames


class TicketEventDetail(TypedDict):
    """One step of a ticket's history; ``actor_name`` is the officer's or agency's account."""

    at: dt.datetime
    from_status: str | None
    to_status: str
    actor_role: str
    actor_name: str | None
    note: str | None


class ReporterContact(TypedDict):
    """The volunteer who reported a ticket: in clear only for whom may see personal data of its province."""

    name: str
    phone: str
    unmasked: bool


class TicketDetail(TypedDict):
    """A ticket as it stood at the end of ``as_of`` (None: as it stands now), events oldest first.

    ``later_events`` counts the events after that day and ``current_status`` is the status today,
    which a status change starts from, whatever day is shown.
    """

    id: int
    village: VillageNames
    subdistrict: PlaceNames
    district: PlaceNames
    province: PlaceNames
    category: str
    title_th: str
    description_th: str
    agency: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    sla_days: float | None
    events: list[TicketEventDetail]
    as_of: dt.date | None
    later_events: int
    current_status: str
    reporter: ReporterContact | None
