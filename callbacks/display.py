"""Callbacks of the briefing-room display.

One server callback answers a refresh request with everything the show needs (figures and panels
of every view in the playlist, the config the browser's rotation runs on); everything that runs
every second (rotation, progress, clock, freshness, when to ask for a refresh) happens in
assets/display.js and costs no round trip, so the wall keeps rotating when the server is away.

The browser asks again only when the previous request has succeeded or surely failed (see
assets/display.js), so a slow server never gets a queue of requests.
When the data version and the show are unchanged, the answer is a time stamp only: the figures
already on the wall stay, untouched.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update

from dashboard.components.freshness import source_list
from dashboard.compose import BoundsLookup, coverage_map
from dashboard.display.content import (
    behind_panel,
    map_panel,
    rollout_figure,
    rollout_panel,
    static_map,
    view_label,
    view_title,
)
from dashboard.display.ids import Display
from dashboard.display.playlist import DisplayConfig, parse_display_config, shown_day
from dashboard.display.showcase_content import SPOTLIGHT_ITEMS, spotlight_panel
from dashboard.display.ticket_content import tickets_figure, tickets_panel
from dashboard.i18n import DATE_STYLES, area_name, format_datetime, t
from dashboard.theme import DARK_MAP
from store.core.scope import AreaScope
from store.coverage.freshness import FreshnessQueries
from store.coverage.metrics import Metric
from store.coverage.queries import CoverageQueries, UnknownArea
from store.showcase.queries import ShowcaseQueries
from store.tickets.queries import TicketQueries
from view.inputs import as_int_in_range, as_mapping
from view.state import ViewState

MAX_REQUEST_NUMBER = 2**53
"""assets/display.js numbers its refresh requests from 0; JavaScript counts exactly up to 2**53."""

ALL_OF = {kind: {"type": kind, "view": ALL} for kind in (Display.VIEW_TITLE, Display.GRAPH, Display.PANEL)}


def client_config(config: DisplayConfig, access_url: str) -> dict[str, Any]:
    """What assets/display.js needs to run the show, with every UI string it prints.

    ``access_url`` answers 200 while the server is up and the display may show, and the gate's
    refusal (401 with its message) once the display's token is revoked."""
    lang = config.lang
    return {
        "views": list(config.views),
        "labels": {view: view_label(view, lang) for view in config.views},
        "dwellMs": config.dwell_s * 1000,
        "refreshMs": config.refresh_s * 1000,
        "months": list(DATE_STYLES[lang].months),
        "yearOffset": DATE_STYLES[lang].year_offset,
        "timeSuffix": DATE_STYLES[lang].time_suffix,
        "updatedLabel": t("display_updated", lang),
        "nextLabel": t("display_next", lang),
        "loadingLabel": t("display_loading", lang),
        "accessUrl": access_url,
    }


def register(
    app: Dash,
    queries: CoverageQueries,
    bounds: BoundsLookup,
    tickets: TicketQueries,
    showcase: ShowcaseQueries,
    *,
    freshness: FreshnessQueries,
    min_refresh_s: int = 30,
    access_url: str = "/healthz",
) -> None:
    """Wire the display to its queries and ``bounds``; ``min_refresh_s`` is the floor of ``refresh``;
    ``access_url`` is what the browser probes when a refresh does not come back."""

    def known_config(search: str | None) -> DisplayConfig:
        config = parse_display_config(search, min_refresh_s=min_refresh_s)
        try:
            queries.area(config.area)
        except UnknownArea:
            return dataclasses.replace(config, area="")
        return config

    @app.callback(
        Output(Display.DONE, "data"),
        Output(Display.CONTENT_KEY, "data"),
        Output(Display.CONFIG, "data"),
        Output(Display.TITLE, "children"),
        Output(Display.AREA, "children"),
        Output(Display.AS_OF, "children"),
        Output(Display.STALE, "children"),
        Output(Display.PLAYLIST, "children"),
        Output(ALL_OF[Display.VIEW_TITLE], "children"),
        Output(ALL_OF[Display.GRAPH], "figure"),
        Output(ALL_OF[Display.PANEL], "children"),
        Input(Display.REQUEST, "data"),
        State(Display.URL, "search"),
        State(Display.CONTENT_KEY, "data"),
        prevent_initial_call=True,
    )
    def refresh(request: dict[str, Any] | None, search: str | None, shown_key: str | None) -> tuple[Any, ...]:
        done = as_int_in_range((as_mapping(request) or {}).get("n"), 0, MAX_REQUEST_NUMBER)
        if done is None:
            return (no_update,) * 8 + tuple([no_update] * len(group) for group in ctx.outputs_list[8:])
        config = known_config(search)
        data_range = queries.data_range()
        as_of = shown_day(config, data_range)
        key = f"{queries.versions().latest}|{as_of}|{config}"
        outputs = ctx.outputs_list
        if key == shown_key:
            return (done, *(no_update,) * 7, *([no_update] * len(group) for group in outputs[8:]))
        lang, scope = config.lang, AreaScope(config.area)
        area = queries.area(config.area)
        area_label = area_name(area, lang)
        figures = queries.area_figures(scope, as_of)
        content = _ViewContent(_Sources(queries, bounds, tickets, showcase), config, as_of, area_label, figures)
        return (
            done,
            key,
            client_config(config, access_url),
            t("display_title", lang),
            area_label,
            [
                f"{t('as_of', lang)} {format_datetime(figures.data_as_of, lang)}",
                source_list(freshness.sources(scope, as_of), lang),
            ],
            t("display_stale", lang),
            [
                html.Li(view_label(view, lang), className="display-chip", **{"data-index": i})
                for i, view in enumerate(config.views)
            ],
            [content.title(entry["id"]["view"]) for entry in outputs[8]],
            [content.figure(entry["id"]["view"]) for entry in outputs[9]],
            [content.panel(entry["id"]["view"]) for entry in outputs[10]],
        )

    app.clientside_callback(
        ClientsideFunction(namespace="display", function_name="sync"),
        Output(Display.ENGINE, "data"),
        Input(Display.CONFIG, "data"),
        Input(Display.DONE, "data"),
    )


@dataclasses.dataclass(frozen=True)
class _Sources:
    """What the display reads: the dashboard's, the tickets' and the showcase's queries, and bounds."""

    queries: CoverageQueries
    bounds: BoundsLookup
    tickets: TicketQueries
    showcase: ShowcaseQueries


class _ViewContent:
    """The title, figure and panel of each view of one refresh; views off the playlist stay as they are."""

    def __init__(
        self, sources: _Sources, config: DisplayConfig, as_of: Any, area_name: str, figures: dict[str, Any]
    ) -> None:
        self.sources, self.config, self.as_of = sources, config, as_of
        self.queries, self.bounds = sources.queries, sources.bounds
        self.scope = AreaScope(config.area)
        self.area_name, self.figures = area_name, figures

    def title(self, view: str) -> Any:
        if view not in self.config.views:
            return no_update
        return view_title(view, self.config.lang, self.area_name, self.scope.level)

    def figure(self, view: str) -> Any:
        if view not in self.config.views:
            return no_update
        if view == "rollout":
            return rollout_figure(self.queries.training_rollout(self.scope, self.as_of), self.config.lang)
        if view == "tickets":
            return tickets_figure(self.sources.tickets.weekly_flow(self.scope, self.as_of), self.config.lang)
        state = ViewState(self.config.area, self._metric(view), self.config.lang, self.as_of)
        return static_map(coverage_map(self.queries, state, self.bounds, theme=DARK_MAP))

    def panel(self, view: str) -> Any:
        if view not in self.config.views:
            return no_update
        lang, kind = self.config.lang, view.split("-")[0]
        if kind == "rollout":
            return rollout_panel(self.queries.training_rollout(self.scope, self.as_of), self.figures, lang)
        if kind == "tickets":
            return self._tickets_panel()
        if kind == "showcase":
            return spotlight_panel(self.sources.showcase.newest_items(self.scope, self.as_of, SPOTLIGHT_ITEMS), lang)
        areas = self.queries.child_area_figures(self.scope, self.as_of)
        if kind == "behind":
            return behind_panel(areas, self._metric(view), lang, level=self.scope.level)
        villages = self.queries.village_states(self.scope, self.as_of)
        return map_panel(self.figures, villages, areas, self._metric(view), lang, level=self.scope.level)

    def _tickets_panel(self) -> list[Any]:
        tickets, scope, as_of = self.sources.tickets, self.scope, self.as_of
        return tickets_panel(
            tickets.counts(scope, as_of),
            tickets.median_days_to_close(scope, as_of),
            tickets.backlog_by_child(scope, as_of),
            self.queries.child_names(scope),
            scope.level,
            self.config.lang,
        )

    @staticmethod
    def _metric(view: str) -> Metric:
        return cast(Metric, view.split("-", 1)[1])
