"""The coverage-map page: map, metric switch, as-of slider, breadcrumb, KPIs, ranking, village panel.

The layout is static; every text and number in it is filled by the callbacks from the URL, so
the same layout serves both languages and every area. The signed-out aggregate page has its own,
smaller layout (``public``).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.navigation import page_header
from dashboard.components.showcase import showcase_tab_content
from dashboard.components.tickets import tickets_tab_content
from dashboard.compose import FirstMap
from dashboard.ids import MapPage, Showcase, Tickets
from store.coverage.queries import DataRange

GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "filename": "netpracharat-map", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def _controls(data_range: DataRange) -> dbc.Row:
    days = (data_range.last - data_range.first).days
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.Label(id=MapPage.METRIC_LABEL, htmlFor=MapPage.METRIC, className="control-label"),
                    dbc.RadioItems(
                        id=MapPage.METRIC,
                        className="btn-group metric-switch",
                        inputClassName="btn-check",
                        labelClassName="btn btn-outline-primary",
                        labelCheckedClassName="active",
                        options=[],
                    ),
                ],
                lg=6,
            ),
            dbc.Col(
                [
                    html.Div(id=MapPage.AS_OF_LABEL, className="control-label"),
                    dcc.Slider(
                        id=MapPage.AS_OF_SLIDER,
                        min=0,
                        max=days,
                        step=1,
                        updatemode="mouseup",
                        marks={},
                        allow_direct_input=False,
                    ),
                ],
                lg=6,
            ),
        ],
        className="g-2 align-items-end mb-2",
    )


def _map_tools() -> html.Div:
    """Under the map, for signed-in people: the overlay switches (showcase, open tickets) and the
    download as an offline HTML map."""
    return html.Div(
        [
            dbc.Switch(id=Showcase.LAYER_SWITCH, value=False, className="small mb-0"),
            dbc.Switch(id=Tickets.MAP_SWITCH, value=False, className="small mb-0"),
            dcc.Store(id=MapPage.OVERLAYS_VIEW),
            dcc.Store(id=MapPage.OVERLAYS_ON_MAP, data=[]),
            dbc.Button(id=Showcase.DOWNLOAD_BUTTON, color="outline-secondary", size="sm"),
            dcc.Download(id=Showcase.DOWNLOAD),
        ],
        className="map-tools d-flex gap-3 align-items-center mt-1",
    )


def _right_tabs(public: bool) -> dbc.Tabs:
    """Overview (the area's figures), then Tickets and Showcase for signed-in people."""
    tabs = [dbc.Tab(_overview(), tab_id="overview", id=Showcase.OVERVIEW_TAB)]
    if not public:
        tabs += [
            dbc.Tab(tickets_tab_content(), tab_id="tickets", id=Tickets.TAB),
            dbc.Tab(showcase_tab_content(), tab_id="showcase", id=Showcase.TAB),
        ]
    return dbc.Tabs(tabs, id=Showcase.TABS, active_tab="overview")


def map_page_layout(data_range: DataRange, first_map: FirstMap | None = None, *, public: bool = False) -> html.Div:
    """The page; ``data_range`` sets the slider's span (one step a day).

    ``first_map`` is the map of the view the browser asked for, sent with the layout so the first
    map draws without waiting for a callback round trip (see dashboard.compose.first_map).

    ``public``: the signed-out aggregate page (``PUBLIC_READ``) leaves out the tickets, the showcase,
    the map's overlays and every download. Dash fires no callback whose inputs or outputs are all
    absent from the page, so the visitor's browser never posts a callback the server would refuse.
    """
    return html.Div(
        [
            dcc.Store(id=MapPage.EMBEDDED_VIEW, data=first_map.search if first_map else None),
            dcc.Location(id=MapPage.URL, refresh="callback-nav"),
            dcc.Store(id=MapPage.PAGE_LANG),
            page_header(MapPage.TITLE, MapPage.SUBTITLE, MapPage.LANG_SWITCH),
            dbc.Container(
                [
                    _controls(data_range),
                    html.Ol(id=MapPage.BREADCRUMB, className="breadcrumb mb-2"),
                    dbc.Row(
                        [
                            dbc.Col(
                                [
                                    dcc.Loading(
                                        dcc.Graph(
                                            id=MapPage.MAP,
                                            figure=first_map.figure if first_map else None,
                                            config=GRAPH_CONFIG,
                                            className="coverage-map",
                                            style={"height": "74vh"},
                                        ),
                                        delay_show=400,
                                        overlay_style={"visibility": "visible", "opacity": 0.6},
                                    ),
                                    html.Div(id=MapPage.MAP_HINT, className="map-hint small text-muted"),
                                    dcc.Store(id=MapPage.DRAWN_VIEW),
                                    *([] if public else [_map_tools()]),
                                ],
                                lg=7,
                                xxl=8,
                            ),
                            dbc.Col(
                                _right_tabs(public),
                                lg=5,
                                xxl=4,
                            ),
                        ],
                        className="g-3",
                    ),
                ],
                fluid=True,
            ),
        ],
        className="map-page",
        id=MapPage.ROOT,
        lang="th",
    )


def _overview() -> html.Div:
    """The area's figures: KPIs, freshness, the village panel and the ranking of its child areas."""
    return html.Div(
        [
            dbc.Row(id=MapPage.KPIS, className="g-2"),
            html.Div(id=MapPage.FRESHNESS, className="freshness small mb-2"),
            html.Div(id=MapPage.VILLAGE_PANEL),
            html.H2(id=MapPage.RANKING_TITLE, className="h6 mt-2 mb-0"),
            html.Div(id=MapPage.RANKING_HINT, className="small text-muted mb-1"),
            dcc.Store(id=MapPage.RANKING_SORT, storage_type="memory"),
            dcc.Store(id=MapPage.RANKING_CLICK, storage_type="memory"),
            html.Div(id=MapPage.RANKING, className="ranking-scroll"),
        ],
        className="pt-2",
    )
