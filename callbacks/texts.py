"""The fixed UI strings of a page, in the language of its URL: one callback per page.

Each feature lists its labels, titles and placeholders as (component id, property) → i18n key;
the callbacks that compute something (names of areas, options, figures) stay with their feature.
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import Dash, Input, Output

from dashboard.i18n import t
from view.resolve import ViewResolver

FixedTexts = Mapping[tuple[str, str], str]
"""(component id, property) → the key of its text in ``dashboard.i18n.STRINGS``."""


def register_fixed_texts(app: Dash, resolver: ViewResolver, url: str, texts: FixedTexts) -> None:
    """One callback that writes every text of ``texts`` in the language of the URL ``url``."""

    @app.callback(*(Output(component, prop) for component, prop in texts), Input(url, "search"))
    def show_fixed_texts(search: object) -> tuple[str, ...]:
        lang = resolver.state(search).lang
        return tuple(t(key, lang) for key in texts.values())
