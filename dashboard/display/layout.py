"""The display's page: a header (title, area, clock, data time, freshness), a stage with every
view stacked on top of each other (only the current one visible), and the playlist strip.

The rotation, the clock, the progress bar and the refresh timer run in assets/display.js (one
timer in the browser, not a dcc.Interval: every Interval tick is recorded in dash-renderer's undo
history, which would grow by 86,400 entries a day). The layout is static and the same for every
room: the URL's show (playlist, dwell, area, language) reaches it through the refresh callback,
so the page itself never needs the query string.
When the display's token is revoked, assets/display.js fills the refusal overlay with the gate's
message and shows it over the last picture (which stays, dimmed, underneath).
All views are laid out at full size even while hidden (``visibility``, not ``display: none``), so
a map shown for the first time needs no resize and rotating costs no server round trip.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.display.ids import Display, graph_id, panel_id, view_id, view_title_id
from dashboard.display.playlist import BEHIND_VIEWS, MAP_VIEWS, VIEW_NAMES

GRAPH_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": True}


def _graph(view: str) -> dcc.Graph:
    return dcc.Graph(
        id=graph_id(view), config=GRAPH_CONFIG, className="display-graph", figure={"data": [], "layout": {}}
    )


def _view(view: str) -> html.Section:
    if view in MAP_VIEWS or view in ("rollout", "tickets"):
        body = [_graph(view), html.Aside(id=panel_id(view), className="display-side")]
    elif view in BEHIND_VIEWS:
        body = [html.Div(id=panel_id(view), className="display-behind")]
    elif view == "showcase":
        body = [html.Div(id=panel_id(view), className="display-spotlight")]
    else:  # pragma: no cover - every view name has a body above
        raise ValueError(view)
    kind = view.split("-")[0]
    return html.Section(
        [
            html.H2(id=view_title_id(view), className="display-view-title"),
            html.Div(body, className="display-view-body"),
        ],
        id=view_id(view),
        className=f"display-view view-{kind}",
        **{"data-view": view},
    )


def display_layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=Display.URL, refresh=False),
            dcc.Store(id=Display.CONFIG),
            dcc.Store(id=Display.REQUEST),
            dcc.Store(id=Display.DONE),
            dcc.Store(id=Display.ENGINE),
            dcc.Store(id=Display.CONTENT_KEY),
            html.Header(
                [
                    html.Div(
                        [
                            html.H1(id=Display.TITLE, className="display-title"),
                            html.Div(id=Display.AREA, className="display-area"),
                        ],
                        className="display-heading",
                    ),
                    html.Div(
                        [
                            html.Div(id=Display.CLOCK, className="display-clock"),
                            html.Div(id=Display.AS_OF, className="display-as-of"),
                            html.Div(
                                [
                                    html.Span(id=Display.STALE, className="display-stale-badge"),
                                    html.Span(id=Display.UPDATED),
                                ],
                                className="display-updated",
                            ),
                        ],
                        className="display-times",
                    ),
                ],
                className="display-header",
            ),
            html.Main([_view(view) for view in VIEW_NAMES], className="display-stage"),
            html.Footer(
                [
                    html.Div(
                        html.Div(id=Display.PROGRESS, className="display-progress-fill"), className="display-progress"
                    ),
                    html.Div(
                        [
                            html.Ol(id=Display.PLAYLIST, className="display-playlist"),
                            html.Div(id=Display.NEXT, className="display-next"),
                        ],
                        className="display-strip",
                    ),
                ],
                className="display-footer",
            ),
            html.Div(
                [html.P(id=Display.REFUSED_TH, lang="th"), html.P(id=Display.REFUSED_EN, lang="en")],
                id=Display.REFUSED,
                className="display-refused",
                role="alert",
            ),
        ],
        id=Display.ROOT,
        className="display-root",
    )
