"""The fixed UI strings of a page, in the language of its URL: one callback per group of texts.

Each feature lists its labels, titles and placeholders as (component id, property) → i18n key;
the callbacks that compute something (names of areas, options, figures) stay with their feature.

The texts depend on the language only, so they listen to a store holding the language the URL
asks for, which the browser updates only when that language changes (assets/page_lang.js): a
drill-down, which changes the URL's area, posts none of these callbacks. Measured: two of the
five requests of every drill-down on the map page were these texts, unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import ClientsideFunction, Dash, Input, Output, State

from dashboard.i18n import t
from view.state import parse_lang

FixedTexts = Mapping[tuple[str, str], str]
"""(component id, property) → the key of its text in ``dashboard.i18n.STRINGS``."""


def follow_page_lang(app: Dash, url: str, page_lang: str) -> None:
    """Copy the language the URL ``url`` asks for into the store ``page_lang`` when it changes."""
    app.clientside_callback(
        ClientsideFunction(namespace="pageLang", function_name="fromSearch"),
        Output(page_lang, "data"),
        Input(url, "search"),
        State(page_lang, "data"),
    )


def register_fixed_texts(app: Dash, page_lang: str, texts: FixedTexts) -> None:
    """One callback that writes every text of ``texts`` in the language of the store ``page_lang``."""

    @app.callback(*(Output(component, prop) for component, prop in texts), Input(page_lang, "data"))
    def show_fixed_texts(lang_asked: object) -> tuple[str, ...]:
        lang = parse_lang(lang_asked)  # the store's value comes from the browser: checked again
        return tuple(t(key, lang) for key in texts.values())
