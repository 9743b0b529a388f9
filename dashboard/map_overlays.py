"""Layers that can be switched on over any metric of the map: the showcase items and the open tickets.

Each overlay is a switch and a function from a view state to the traces it adds on top of the
map; ``callbacks.map_overlays`` adds and removes them with ``Patch()``, so the map callback and
its figure stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.compose import map_scopes
from dashboard.i18n import name_column, t
from dashboard.ids import Showcase, Tickets
from layers.showcase import showcase_points
from layers.tickets import province_ticket_circles, village_ticket_markers
from store.coverage.queries import CoverageQueries
from store.showcase.models import SHOWCASE_KINDS
from store.showcase.queries import ShowcaseQueries
from store.tickets.config import CATEGORIES
from store.tickets.queries import TicketQueries
from view.state import ViewState


@dataclass(frozen=True)
class MapOverlay:
    """``layer`` names the overlay; ``switch`` is the id of its switch; ``traces`` draws it for a view."""

    layer: str
    switch: str
    traces: Callable[[ViewState], list[go.Scattermap]]


def showcase_overlay(showcase: ShowcaseQueries) -> MapOverlay:
    """The showcase items of the villages in view, one trace per kind."""

    def traces(state: ViewState) -> list[go.Scattermap]:
        items = showcase.map_points(map_scopes(state.scope).villages_scope, state.as_of)
        labels = {kind: t(f"showcase_kind_{kind}", state.lang) for kind in SHOWCASE_KINDS}
        title_column = "title_th" if state.lang == "th" else "title_en"
        return showcase_points(items, kinds=SHOWCASE_KINDS, kind_labels=labels, title_column=title_column)

    return MapOverlay("showcase", Showcase.LAYER_SWITCH, traces)


def tickets_overlay(queries: CoverageQueries, tickets: TicketQueries) -> MapOverlay:
    """Open tickets: a circle per province in the country view, a marker per village deeper down."""

    def traces(state: ViewState) -> list[go.Scattermap]:
        scope, lang = map_scopes(state.scope).villages_scope, state.lang
        label_column = name_column(lang)
        label = t("tickets_map_trace", lang)
        villages = queries.village_states(scope, state.as_of)
        if scope.level == "country":
            centres = villages.groupby("province_code")[["lat", "lon"]].mean()
            provinces = (
                queries.child_names(scope)
                .merge(tickets.backlog_by_child(scope, state.as_of)[["code", "open"]], on="code")
                .join(centres, on="code", how="inner")
            )
            return province_ticket_circles(provinces, name_column=label_column, label=label)
        places = villages[["code", "lat", "lon", label_column]]
        open_tickets = tickets.open_by_village_and_category(scope, state.as_of).merge(places, on="code")
        categories = {category: t(f"ticket_category_{category}", lang) for category in CATEGORIES}
        return village_ticket_markers(open_tickets, name_column=label_column, label=label, category_labels=categories)

    return MapOverlay("tickets", Tickets.MAP_SWITCH, traces)
