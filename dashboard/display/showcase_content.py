"""The display's showcase spotlight: a few of the area's newest items, one slide at a time.

Every slide is in the page (stacked, only the current one visible) with its full image from
``/media``, so the browser has them all once loaded and rotates through them with no round trip
(assets/display.js), also while the server is away. A slide shows the kind, the title, where it
is (village, district, province), the short text and the day it was published: never the author,
never a contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from dashboard.i18n import format_date, t
from store.showcase.media import media_url
from view.state import Lang

SPOTLIGHT_ITEMS = 6
"""Newest items of the area on the display: enough for variety, few enough to load quickly."""


def _in_lang(item: dict[str, Any], field: str, lang: Lang) -> str:
    """The English text when asked for and present, else the Thai one (every item has it)."""
    return str((item.get(f"{field}_en") if lang == "en" else None) or item[f"{field}_th"])


def place_line(item: dict[str, Any], lang: Lang) -> str:
    return " · ".join(item[level][f"name_{lang}"] for level in ("village", "district", "province"))


def spotlight_slide(item: dict[str, Any], index: int, lang: Lang) -> html.Article:
    """One item: its first image on the left, the words on the right."""
    image = item["images"][0] if item["images"] else None
    picture = (
        html.Img(
            src=media_url(image["path"]),
            alt="",
            width=image["width"],
            height=image["height"],
            className="spotlight-image",
        )
        if image
        else html.Div(className="spotlight-image spotlight-no-image")
    )
    return html.Article(
        [
            html.Div(picture, className="spotlight-picture"),
            html.Div(
                [
                    html.Div(t(f"showcase_kind_{item['kind']}", lang), className=f"spotlight-kind kind-{item['kind']}"),
                    html.H3(_in_lang(item, "title", lang), className="spotlight-title"),
                    html.Div(place_line(item, lang), className="spotlight-place"),
                    html.P(_in_lang(item, "text", lang), className="spotlight-text"),
                    html.Div(
                        f"{t('showcase_published', lang)} {format_date(item['published_on'], lang)}",
                        className="spotlight-date",
                    ),
                ],
                className="spotlight-words",
            ),
        ],
        className="spotlight-slide",
        **{"data-slide": str(index)},
    )


def spotlight_panel(items: Sequence[dict[str, Any]], lang: Lang) -> html.Div:
    """Every item as a slide (newest first); assets/display.js shows one at a time."""
    if not items:
        return html.Div(html.Div(t("showcase_empty", lang), className="panel-label"), className="spotlight")
    slides = [spotlight_slide(item, i, lang) for i, item in enumerate(items)]
    return html.Div(slides, className="spotlight", **{"data-slides": str(len(slides))})
