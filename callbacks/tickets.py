"""Callbacks of the map page's Tickets tab (filled in below)."""

from __future__ import annotations

from dash import Dash

from store.queries import DashboardQueries
from store.ticket_queries import TicketQueries
from store.ticket_workflow import TicketWorkflow


def register(app: Dash, queries: DashboardQueries, tickets: TicketQueries, workflow: TicketWorkflow) -> None:
    """Wire the Tickets tab to its queries and the status workflow."""
