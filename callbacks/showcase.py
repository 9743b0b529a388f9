"""Callbacks of the showcase tab and the HTML map download.

Like the rest of the page they follow the URL (area, as-of date, language), but only while the
tab is open (``callbacks.tab_views``); the kind, search and page are the tab's own state. The
showcase map layer is one of the map's overlays (``dashboard.map_overlays``, patched on by
``callbacks.map_overlays``).
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from callbacks.tab_views import follow_while_open
from dashboard.components.showcase import kind_options, showcase_cards, showcase_detail
from dashboard.compose import BoundsLookup
from dashboard.i18n import format_number, t
from dashboard.ids import SHOWCASE_CARD, MapPage, Showcase
from exports.map_html import export_file_name, map_view_html
from store.coverage.queries import CoverageQueries
from store.showcase.models import SHOWCASE_KINDS
from store.showcase.queries import DEFAULT_PAGE_SIZE, ShowcaseFilter, ShowcaseQueries
from view.inputs import as_choice, as_int_in_range, as_list, as_record_id, as_str
from view.resolve import ViewResolver

CARDS_PER_PAGE = DEFAULT_PAGE_SIZE
MAX_PAGE = 1_000_000
"""The highest gallery page a request may ask for (a page past the last one is empty)."""


def register(
    app: Dash, resolver: ViewResolver, queries: CoverageQueries, showcase: ShowcaseQueries, bounds: BoundsLookup
) -> None:
    """Wire the showcase tab and the map download to the data."""

    follow_while_open(app, Showcase.VIEW, Showcase.TAB)

    @app.callback(Output(Showcase.KIND, "options"), Input(Showcase.VIEW, "data"), prevent_initial_call=True)
    def show_kinds(search: str | None) -> list[dict[str, str]]:
        return kind_options(resolver.state(search).lang)

    @app.callback(
        Output(Showcase.CARDS, "children"),
        Output(Showcase.COUNT, "children"),
        Output(Showcase.PAGES, "max_value"),
        Output(Showcase.PAGES, "active_page"),
        Input(Showcase.VIEW, "data"),
        Input(Showcase.KIND, "value"),
        Input(Showcase.SEARCH, "value"),
        Input(Showcase.PAGES, "active_page"),
        prevent_initial_call=True,
    )
    def show_gallery(search: str | None, kind: str | None, text: str | None, page: int | None) -> tuple[Any, ...]:
        state = resolver.state(search)
        page = (as_int_in_range(page, 1, MAX_PAGE) or 1) if ctx.triggered_id == Showcase.PAGES else 1
        chosen = as_choice(kind, SHOWCASE_KINDS)
        wanted = ShowcaseFilter(
            state.scope, state.as_of, (chosen,) if chosen else (), as_str(text, max_length=100) or ""
        )
        found = showcase.page(wanted, page, CARDS_PER_PAGE)
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
        if not isinstance(trigger, dict) or not any(as_list(card_clicks) or ()):
            return no_update, no_update, no_update  # cards re-rendered: no click
        view, item_id = resolver.page(search), as_record_id(trigger.get("item"))
        state = view.state
        item = showcase.item(item_id, state.as_of, view.permitted) if item_id is not None else None
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
        with_showcase = any((as_list(entry) or [None])[0] == "showcase" for entry in as_list(on_map) or ())
        page = map_view_html(queries, state, bounds, showcase if with_showcase else None)
        return {"content": page, "filename": export_file_name(state), "type": "text/html", "base64": False}
