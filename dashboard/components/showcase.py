"""The showcase tab: kind filter, search, cards of the area's items with pages, and the item's detail."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.i18n import area_name, format_date, format_number, t
from dashboard.ids import Showcase, showcase_card_id
from layers.showcase import SHOWCASE_COLOURS
from store.showcase.media import media_url
from store.showcase.models import SHOWCASE_KINDS
from view.state import Lang

SEARCH_DEBOUNCE_MS = 400


def showcase_tab_content() -> html.Div:
    """The static part of the tab; every text comes from the callbacks (both languages)."""
    return html.Div(
        [
            dcc.Store(id=Showcase.VIEW),
            dbc.RadioItems(
                id=Showcase.KIND,
                options=[],
                value="",
                inline=True,
                className="showcase-kinds small mb-2",
            ),
            dbc.Input(  # Dash 4's dcc.Input wraps a 20-character <input>: its placeholder was cut
                id=Showcase.SEARCH,
                type="search",
                debounce=SEARCH_DEBOUNCE_MS,
                size="sm",
                className="mb-2",
                autoComplete="off",
            ),
            html.Div(id=Showcase.COUNT, className="small text-muted mb-1"),
            html.Div(id=Showcase.CARDS, className="showcase-cards"),
            dbc.Pagination(
                id=Showcase.PAGES, max_value=1, active_page=1, fully_expanded=False, size="sm", className="mt-2 mb-0"
            ),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(id=Showcase.MODAL_TITLE)),
                    dbc.ModalBody(id=Showcase.MODAL_BODY),
                    dbc.ModalFooter(dbc.Button(id=Showcase.MODAL_CLOSE, color="secondary", size="sm")),
                ],
                id=Showcase.MODAL,
                is_open=False,
                size="lg",
                scrollable=True,
            ),
        ],
        className="showcase-tab pt-2",
    )


def kind_options(lang: Lang) -> list[dict[str, str]]:
    return [{"label": t("showcase_all_kinds", lang), "value": ""}] + [
        {"label": t(f"showcase_kind_{kind}", lang), "value": kind} for kind in SHOWCASE_KINDS
    ]


def kind_badge(kind: str, lang: Lang) -> html.Span:
    """A kind as a coloured square and its name: never colour alone."""
    return html.Span(
        [
            html.Span(className="kind-dot", style={"background": SHOWCASE_COLOURS[kind]}),
            t(f"showcase_kind_{kind}", lang),
        ],
        className=f"showcase-kind kind-{kind} small",
    )


def showcase_cards(items: pd.DataFrame, lang: Lang) -> list[Any]:
    """One clickable card per item: thumbnail, kind, title, village."""
    if items.empty:
        return [html.Div(t("showcase_empty", lang), className="text-muted small showcase-empty")]
    return [
        html.Button(
            [
                html.Img(src=media_url(row["thumb_path"]), alt="", width=160, height=120, className="showcase-thumb"),
                html.Div(
                    [
                        kind_badge(row["kind"], lang),
                        html.Div(row["title_th"] if lang == "th" else row["title_en"], className="showcase-title"),
                        html.Div(
                            row["village_th"] if lang == "th" else row["village_en"],
                            className="showcase-village small text-muted",
                        ),
                    ],
                    className="showcase-card-text",
                ),
            ],
            id=showcase_card_id(int(row["id"])),
            n_clicks=0,
            className="showcase-card",
            type="button",
        )
        for row in items.to_dict("records")
    ]


def showcase_detail(item: dict[str, Any], lang: Lang) -> list[Any]:
    """The modal's body: images, full text, price, contact (masked unless allowed), place and date."""
    where = " · ".join(area_name(_Names(item[level]), lang) for level in ("village", "district", "province"))
    facts = [html.Div([kind_badge(item["kind"], lang), html.Span(f" · {where}", className="small")])]
    if item["price_baht"] is not None:
        price = t("showcase_baht", lang, price=format_number(item["price_baht"]))
        facts.append(html.Div(price, className="showcase-price fw-bold"))
    if item["contact_phone"]:
        masked = "" if item["contact_unmasked"] else f" ({t('personal_data_masked', lang)})"
        facts.append(html.Div(f"{t('showcase_contact', lang)}: {item['contact_phone']}{masked}", className="small"))
    facts.append(
        html.Div(
            f"{t('showcase_published', lang)} {format_date(item['published_on'], lang)}", className="small text-muted"
        )
    )
    text = item["text_th"] if lang == "th" or not item["text_en"] else item["text_en"]
    return [
        html.Div(
            [
                html.Img(
                    src=media_url(image["path"]),
                    alt="",
                    className="showcase-image img-fluid mb-2",
                    width=image["width"],
                    height=image["height"],
                )
                for image in item["images"]
            ],
            className="showcase-images",
        ),
        *facts,
        html.P(text, className="showcase-text mt-2"),
    ]


class _Names:
    def __init__(self, names: dict[str, str]) -> None:
        self.name_th, self.name_en = names["name_th"], names["name_en"]
