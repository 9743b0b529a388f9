"""The village panel's sections from other features: its tickets and its showcase items.

``village_extras`` binds the query objects once (in ``create_app``); the map page calls the
result for the village in view and hands the sections to ``village_panel(extra_sections=...)``,
so the panel knows nothing of tickets or the showcase.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from dash import html

from dashboard.i18n import format_number, t
from store.core.scope import AreaScope
from store.showcase.queries import ShowcaseQueries
from store.tickets.config import OPEN_STATUSES
from store.tickets.queries import TicketQueries
from view.state import Lang

VillageExtras = Callable[[str, dt.date, Lang], list[Any]]
"""Sections of a village's panel: ``(village code, as-of date, language) -> components``."""


def village_extras(tickets: TicketQueries, showcase: ShowcaseQueries) -> VillageExtras:
    """The ticket and showcase sections of a village's panel, read from ``tickets`` and ``showcase``."""

    def sections(code: str, as_of: dt.date, lang: Lang) -> list[Any]:
        scope = AreaScope(code)
        return [
            ticket_section(tickets.counts(scope, as_of), lang),
            showcase_section(showcase.counts_by_kind(scope, as_of), lang),
        ]

    return sections


def ticket_section(counts: Any, lang: Lang) -> html.Div:
    """'Tickets: 2 open of 3' and the open ones by status, from ``TicketQueries.counts``."""
    by_status = counts.groupby("status")["tickets"].sum()
    open_total = int(sum(by_status.get(status, 0) for status in OPEN_STATUSES))
    total = int(by_status.sum())
    return html.Div(
        [
            html.H6(
                t("village_tickets", lang, open=format_number(open_total), total=format_number(total)),
                id="village-tickets",
                className="mt-2 mb-1",
            ),
            html.Ul(
                [
                    html.Li(f"{t(f'ticket_status_{status}', lang)}: {format_number(int(by_status.get(status, 0)))}")
                    for status in OPEN_STATUSES
                ],
                className="small mb-1",
            ),
        ],
        className="village-tickets",
    )


def showcase_section(counts: dict[str, int], lang: Lang) -> html.Div:
    """The village's showcase items by kind, every kind listed (0 included) so absence is visible too."""
    return html.Div(
        [
            html.H6(t("showcase_in_village", lang), className="mt-2 mb-1"),
            html.Ul(
                [html.Li(f"{t(f'showcase_kind_{kind}', lang)}: {format_number(n)}") for kind, n in counts.items()],
                className="small mb-0",
                id="village-showcase",
            ),
        ],
        className="village-showcase",
    )
