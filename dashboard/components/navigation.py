"""Breadcrumb and language switch: plain links to other view states, so Back and shared links work."""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import area_name, t
from dashboard.ids import ACCOUNT_LINK
from store.coverage.queries import AreaInfo
from view.state import LANGS, Lang, ViewState


def view_href(state: ViewState) -> str:
    return "/" + state.to_search()


def breadcrumb(state: ViewState, lineage: list[AreaInfo], *, page_below: str | None = None) -> list[html.Li]:
    """ประเทศไทย › province › district › village; every item but the last is a link up.

    ``page_below``: the title of another page under the last area (the ticket table). Then every
    area links back to its map view with a plain link (``html.A``): the map is another Dash app,
    which the browser loads.
    """
    items = []
    for position, area in enumerate(lineage):
        name = area_name(area, state.lang)
        here = page_below is None and position == len(lineage) - 1
        href = view_href(state.with_(area=area.code))
        content = name if here else dcc.Link(name, href=href) if page_below is None else html.A(name, href=href)
        items.append(
            html.Li(content, className="breadcrumb-item" + (" active" if here else ""), id=f"crumb-{area.code or 'th'}")
        )
    if page_below is not None:
        items.append(html.Li(page_below, className="breadcrumb-item active"))
    return items


def metric_label(metric: str, lang: Lang) -> html.Span:
    """The metric's name, and the short name a phone shows instead (assets/app.css): three full
    names side by side do not fit a phone's width, and one under the other they push the map down."""
    return html.Span(
        [
            html.Span(t(f"metric_{metric}", lang), className="label-long"),
            html.Span(t(f"metric_short_{metric}", lang), className="label-short"),
        ]
    )


def language_links(state: ViewState, *, href: Callable[[ViewState], str] | None = None) -> list[dcc.Link]:
    """ไทย / EN: the same view in each language, on the map page or, with ``href``, another page."""
    page_href = href or view_href
    labels: dict[Lang, str] = {"th": "ไทย", "en": "EN"}
    return [
        dcc.Link(
            labels[lang],
            href=page_href(state.with_(lang=lang)),
            className="lang-link" + (" active" if lang == state.lang else ""),
            id=f"lang-{lang}",
        )
        for lang in LANGS
    ]


def page_header(title_id: str, subtitle_id: str, lang_switch_id: str) -> dbc.Navbar:
    """The dark bar atop the map page and the ticket table: title and subtitle (filled in the page's
    language by a callback) and the ไทย / EN switch."""
    return dbc.Navbar(
        dbc.Container(
            [
                html.Div(
                    [html.H1(id=title_id, className="app-title"), html.Div(id=subtitle_id, className="app-subtitle")]
                ),
                html.Div(
                    [
                        html.Nav(id=lang_switch_id, className="lang-switch", **{"aria-label": "language"}),
                        html.A(id=ACCOUNT_LINK, href="/account", className="lang-link account-link"),
                    ],
                    className="d-flex align-items-center lang-switch",
                ),
            ],
            fluid=True,
            className="d-flex justify-content-between align-items-center",
        ),
        color="dark",
        dark=True,
        className="app-header mb-2",
    )
