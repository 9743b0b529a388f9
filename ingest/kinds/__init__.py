"""The kinds of data that can be imported, in the order a new deployment loads them."""

from __future__ import annotations

from typing import Final

from ingest.kinds.base import Kind
from ingest.kinds.network import Hotspots, SpeedTests, WifiRegistrations
from ingest.kinds.people import TrainingAttendance, TrainingSessions, Volunteers
from ingest.kinds.showcase import ShowcaseItems
from ingest.kinds.status import NetworkStatus
from ingest.kinds.tickets import TicketEvents, Tickets
from ingest.kinds.villages import Villages

KINDS: Final[dict[str, Kind]] = {
    kind.name: kind
    for kind in (
        Villages(),
        Hotspots(),
        NetworkStatus(),
        SpeedTests(),
        TrainingSessions(),
        Volunteers(),
        TrainingAttendance(),
        WifiRegistrations(),
        Tickets(),
        TicketEvents(),
        ShowcaseItems(),
    )
}
"""Every importable kind by its name (``python -m cli import NAME``, ``/api/v1/ingest/NAME``)."""
