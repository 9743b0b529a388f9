"""A ticket as it stood at the end of a day: what the table of that day says, the detail says too.

The table reads a ticket's status at a moment from its events (``statements.status_at``); the
detail of one ticket is cut at the same moment here, from the same events, so a row that says
"not started" on 1 Feb 2019 never opens a detail that says "done". What happened afterwards is
not hidden: its count and the current status are kept beside the cut history.
"""

from __future__ import annotations

import datetime as dt

from store.coverage.metrics import end_of_day_utc
from store.tickets.results import TicketDetail


def ticket_as_of(ticket: TicketDetail, as_of: dt.date) -> TicketDetail | None:
    """``ticket`` (from ``TicketQueries.ticket``, every event oldest first) at the end of ``as_of``.

    None when it was reported after that day (it did not exist yet). Sets ``as_of``,
    ``later_events`` (how many events came after) and keeps ``current_status`` (its status today,
    which a status change starts from).
    """
    moment = end_of_day_utc(as_of)
    events = [event for event in ticket["events"] if event["at"] <= moment]
    if ticket["created_at"] > moment or not events:
        return None
    last = events[-1]
    cut: TicketDetail = {
        **ticket,
        "events": events,
        "status": last["to_status"],
        "updated_at": last["at"],
        "closed_at": last["at"] if last["to_status"] == "done" else None,
        "as_of": as_of,
        "later_events": len(ticket["events"]) - len(events),
    }
    return cut
