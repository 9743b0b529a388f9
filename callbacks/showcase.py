"""Callbacks of the showcase tab and the HTML map download.

Like the rest of the page they follow the URL (area, as-of date, language); the kind, search
and page are the tab's own state. The showcase map layer is one of the map's overlays
(``dashboard.map_overlays``, patched on by ``callbacks.map_overlays``).
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashboard.components.showcase import kind_options, showcase_cards, showcase_detail
from dashboard.compose import BoundsLookup
from dashboard.i18n import format_number, t
from dashboard.ids import SHOWCASE_CARD, MapPage, Showcase
from exports.map_html import export_file_name, map_view_html
from store.coverage.queries import CoverageQueries
from store.showcase.models import SHOWCASE_KINDS
from store.showcase.queries import DEFAULT_PAGE_SIZE, ShowcaseFilter, ShowcaseQueries
from view.resolve import ViewResolver

CARDS_PER_PAGE = DEFAULT_PAGE_SIZE


def register(
    app: Dash, resolver: ViewResolver, queries: CoverageQueries, showcase: ShowcaseQueries, bounds: BoundsLookup
) -> None:
    """Wire the showcase tab and the map download to the data."""

    @app.callback(Output(Showcase.KIND, "options"), Input(MapPage.URL, "search"))
    def show_kinds(search: str | None) -> list[dict[str, str]]:
        return kind_options(resolver.state(search).lang)

    @app.callback(
        Output(Showcase.CARDS, "children"),
        Output(Showcase.COUNT, "children"),
        Output(Showcase.PAGES, "max_value"),
        Output(Showcase.PAGES, "active_page"),
        Input(MapPage.URL, "search"),
        Input(Showcase.KIND, "value"),
        Input(Showcase.SEARCH, "value"),
        Input(Showcase.PAGES, "active_page"),
        Input(Showcase.TABS, "active_tab"),
    )
    def show_gallery(
        search: str | None, kind: str | None, text: str | None, page: int | None, active_tab: str | None
    ) -> tuple[Any, ...]:
        if active_tab != "showcase":  # a hidden gallery costs the first map nothing (no query, no thumbnails)
            return no_update, no_update, no_update, no_update
        state = resolver.state(search)
        page = (page or 1) if ctx.triggered_id == Showcase.PAGES else 1
        kinds = (kind,) if kind in SHOWCASE_KINDS else ()
        found = showcase.page(ShowcaseFilter(state.scope, state.as_of, kinds, text or ""), page, CARDS_PER_PAGE)
        shown = len(found.items) + (page - 1) * CARDS_PER_PAGE
        count = t("showcase_count", state.lang, shown=format_number(shown), total=format_number(found.total))
        return showcase_cards(found.items, state.lang), count, found.pages, page

    @app.callback(
        Output(Showcase.MODAL, "is_open"),
        Output(Showcase.MODAL_TITLE, "children"),
        Output(Showcase.MODAL_BODY, "children"),
        Input({"type": SHOWCASE_CARD, "item": ALL}, "n_clicks"),
        Input(Showcase.MODAL_CLOSE, "n_clicks"),
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def show_detail(card_clicks: list[int | None], _close: int | None, search: str | None) -> tuple[Any, ...]:
        trigger = ctx.triggered_id
        if trigger == Showcase.MODAL_CLOSE:
            return False, no_update, no_update
        if not isinstance(trigger, dict) or not any(card_clicks):
            return no_update, no_update, no_update  # cards re-rendered: no click
        state = resolver.state(search)
        item = showcase.item(int(trigger["item"]), state.as_of)
        if item is None:
            return False, no_update, no_update
        title = item["title_th"] if state.lang == "th" or not item["title_en"] else item["title_en"]
        return True, title, showcase_detail(item, state.lang)

    @app.callback(
        Output(Showcase.DOWNLOAD, "data"),
        Input(Showcase.DOWNLOAD_BUTTON, "n_clicks"),
        State(MapPage.URL, "search"),
        State(MapPage.OVERLAYS_ON_MAP, "data"),
        prevent_initial_call=True,
    )
    def download_map(_clicks: int | None, search: str | None, on_map: list[Any] | None) -> dict[str, Any]:
        state = resolver.state(search)
        with_showcase = any(layer == "showcase" for layer, _traces in on_map or [])
        page = map_view_html(queries, state, bounds, showcase if with_showcase else None)
        return {"content": page, "filename": export_file_name(state), "type": "text/html", "base64": False}
