"""Callbacks of the coverage-map page.

The URL is the single source of truth: the controls, the map and the ranking only *ask* for a
new URL (``navigate``); everything on screen is rendered from the URL (``show_*``). Back,
Forward and shared links therefore work without special cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import orjson
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from dashboard.answer_cache import CallbackAnswers
from dashboard.components.freshness import freshness_line
from dashboard.components.kpis import kpi_cards
from dashboard.components.navigation import breadcrumb, language_links, metric_label
from dashboard.components.ranking import SORTABLE_COLUMNS, RankingSort, ranking_table
from dashboard.components.village_extras import VillageExtras
from dashboard.components.village_panel import village_panel
from dashboard.compose import BoundsLookup, DrawnView, clicked_area, coverage_map, lineage, map_scopes, map_update
from dashboard.i18n import format_date, format_month, t
from dashboard.ids import RANKING_SHOW_ALL_BUTTON, RANKING_SORT_BUTTON, MapPage
from store.core.versions import DATA_KINDS
from store.coverage.freshness import FreshnessQueries
from store.coverage.metrics import METRICS
from store.coverage.queries import CoverageQueries, DataRange
from view.inputs import as_choice, as_int_in_range, as_mapping, as_str
from view.resolve import ViewResolver


def slider_marks(data_range: DataRange, lang: str) -> dict[int, str]:
    """A mark at the first day of every third month."""
    marks = {}
    day = data_range.first.replace(day=1)
    while day <= data_range.last:
        if day >= data_range.first and day.month % 3 == 0:
            marks[(day - data_range.first).days] = format_month(day, lang)  # type: ignore[arg-type]
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return marks


def slider_date(data_range: DataRange, slider_day: object) -> dt.date | None:
    """The date of a slider position (days from the data's first day); ``None`` off the slider."""
    days = as_int_in_range(slider_day, 0, (data_range.last - data_range.first).days)
    return None if days is None else data_range.first + dt.timedelta(days=days)


def _embedded_view(embedded: object) -> DrawnView | None:
    """The view of the map that came with the page's layout, if any."""
    search = as_str(embedded)
    return None if search is None else DrawnView(search)


def register(
    app: Dash,
    resolver: ViewResolver,
    queries: CoverageQueries,
    bounds: BoundsLookup,
    village_extras: VillageExtras | None = None,
    *,
    freshness: FreshnessQueries,
    answers: CallbackAnswers,
) -> None:
    """Wire the map page to ``queries`` (data) and ``bounds`` (area extents from geodata).

    ``village_extras`` adds other features' sections (tickets, showcase) to the village panel;
    ``freshness`` tells how fresh each source is; ``answers`` keeps the built answers of a view
    (the map, the controls, the KPIs and ranking) for everyone who may see the same.
    """

    @app.callback(
        Output(MapPage.LANG_SWITCH, "children"),
        Output(MapPage.METRIC, "options"),
        Output(MapPage.METRIC, "value"),
        Output(MapPage.AS_OF_SLIDER, "value"),
        Output(MapPage.AS_OF_SLIDER, "marks"),
        Output(MapPage.AS_OF_LABEL, "children"),
        Output(MapPage.BREADCRUMB, "children"),
        Output(MapPage.ROOT, "lang"),
        Input(MapPage.URL, "search"),
    )
    def show_controls(search: str | None) -> tuple[Any, ...]:
        view = resolver.page(search)
        state, data_range = view.state, view.data_range
        lang = state.lang
        return answers.parts(
            view,
            "map-page.controls",
            lambda: (
                language_links(state),
                [{"label": metric_label(metric, lang), "value": metric} for metric in METRICS],
                state.metric,
                (state.as_of - data_range.first).days,
                slider_marks(data_range, lang),
                f"{t('as_of', lang)} {format_date(state.as_of, lang)}",
                breadcrumb(state, lineage(queries, state.scope)),
                lang,
            ),
            reads=queries.READS,
        )

    @app.callback(
        Output(MapPage.MAP, "figure"),
        Output(MapPage.DRAWN_VIEW, "data"),
        Input(MapPage.URL, "search"),
        State(MapPage.EMBEDDED_VIEW, "data"),
        State(MapPage.DRAWN_VIEW, "data"),
    )
    def show_map(search: str | None, embedded: str | None, drawn: object) -> tuple[Any, dict]:
        """The figure, or a patch of the one on screen, and the view it now shows: the overlays
        switched on follow (callbacks.map_overlays).

        On page load (nothing drawn by this callback yet) the layout already holds the map of the
        page's view: nothing to redraw. A new metric or language of the same area only patches
        colours, legend and texts (dashboard.compose.map_update).
        """
        shown = as_str(search) or ""
        if drawn is None and embedded == resolver.state(search).to_search():
            return no_update, DrawnView(shown).to_store()
        on_screen = DrawnView.from_store(drawn) if drawn is not None else _embedded_view(embedded)
        patch, now_shown = map_update(resolver, shown, on_screen, lambda asked: orjson.loads(figure_text(asked)))
        return patch if patch is not None else orjson.Fragment(figure_text(shown)), now_shown.to_store()

    def figure_text(search: str) -> str:
        """The map figure of ``search`` as sent, built once per data version, view and requester."""
        view = resolver.page(search)
        (text,) = answers.texts(
            view, "map.figure", lambda: (coverage_map(queries, view.state, bounds),), reads=queries.READS
        )
        return text

    @app.callback(
        Output(MapPage.KPIS, "children"),
        Output(MapPage.FRESHNESS, "children"),
        Output(MapPage.RANKING_TITLE, "children"),
        Output(MapPage.RANKING, "children"),
        Output(MapPage.VILLAGE_PANEL, "children"),
        Input(MapPage.URL, "search"),
        Input(MapPage.RANKING_SORT, "data"),
    )
    def show_figures(search: str | None, sort: dict[str, Any] | None) -> tuple[Any, ...]:
        view = resolver.page(search)
        state = view.state
        figures = queries.area_figures(state.scope, state.as_of)
        ranked_scope = map_scopes(state.scope).villages_scope if state.scope.level == "village" else state.scope
        ranking_sort = RankingSort.from_store(sort)
        kpis, ranking = answers.parts(
            view,
            "map-page.kpis-ranking",
            lambda: (
                kpi_cards(figures, state.lang),
                ranking_table(
                    queries.child_area_figures(ranked_scope, state.as_of),
                    state,
                    ranking_sort,
                    with_training=ranked_scope.level == "country",
                ),
            ),
            reads=queries.READS,
            inputs=repr(ranking_sort),
        )
        panel = (
            answers.json(
                view,
                "map-page.village-panel",
                lambda: village_panel(
                    queries.village_detail(state.area, state.as_of, view.permitted),
                    state.lang,
                    village_extras(state.area, state.as_of, state.lang) if village_extras else None,
                ),
                reads=DATA_KINDS,
            )
            if (state.scope.level == "village")
            else None
        )
        return (
            kpis,
            freshness_line(figures, freshness.sources(state.scope, state.as_of), state.lang),
            t(f"ranking_title_{ranked_scope.level}", state.lang),
            ranking,
            panel,
        )

    app.clientside_callback(  # a new area's ranking opens at its top (assets/ranking.js)
        ClientsideFunction(namespace="ranking", function_name="scrollToTopForNewArea"),
        Input(MapPage.RANKING, "children"),
        State(MapPage.URL, "search"),
        State(MapPage.RANKING, "id"),
    )

    app.clientside_callback(  # only a real click on a ranking button reaches the server
        ClientsideFunction(namespace="ranking", function_name="clickedButton"),
        Output(MapPage.RANKING_CLICK, "data"),
        Input({"type": RANKING_SORT_BUTTON, "column": ALL}, "n_clicks"),
        Input({"type": RANKING_SHOW_ALL_BUTTON, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(MapPage.RANKING_SORT, "data"),
        Input(MapPage.RANKING_CLICK, "data"),
        State(MapPage.RANKING_SORT, "data"),
        prevent_initial_call=True,
    )
    def sort_ranking(click: dict[str, Any] | None, data: dict[str, Any] | None) -> dict:
        button = as_mapping((as_mapping(click) or {}).get("button"))
        if button is None:
            return no_update  # not a click of ours
        sort = RankingSort.from_store(data)
        if button.get("type") == RANKING_SHOW_ALL_BUTTON:
            return asdict(sort.toggled_show_all())
        column = as_choice(button.get("column"), SORTABLE_COLUMNS)
        return asdict(sort.clicked(column)) if column else no_update

    @app.callback(
        Output(MapPage.URL, "search"),
        Input(MapPage.METRIC, "value"),
        Input(MapPage.AS_OF_SLIDER, "value"),
        Input(MapPage.MAP, "clickData"),
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def navigate(
        metric: str | None,
        slider_day: int | None,
        click: dict[str, Any] | None,
        search: str | None,
    ) -> str:
        state = resolver.state(search)
        if ctx.triggered_id == MapPage.METRIC and metric in METRICS:
            wanted = state.with_(metric=metric)
        elif ctx.triggered_id == MapPage.AS_OF_SLIDER and (day := slider_date(queries.data_range(), slider_day)):
            wanted = state.with_(as_of=day)
        elif ctx.triggered_id == MapPage.MAP and (area := clicked_area(queries, state, click)):
            wanted = state.with_(area=area)
        else:
            return no_update
        return wanted.to_search() if wanted != state else no_update
