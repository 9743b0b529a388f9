"""KPI cards of the area in view: each card a big share, its counts, and never colour alone."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import format_number, format_pct, t
from store.coverage.results import AreaFigures
from view.state import Lang


def _card(title: str, value: str, detail: str, *, accent: str, test_id: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(title, className="kpi-title"),
                    html.Div(value, className="kpi-value", id=f"kpi-{test_id}"),
                    html.Div(detail, className="kpi-detail"),
                ]
            ),
            className=f"kpi-card kpi-{accent}",
        ),
        xs=6,
        xl=4,
        className="mb-2",
    )


def kpi_cards(figures: AreaFigures, lang: Lang) -> list[dbc.Col]:
    """Five cards: villages, hotspots online, volunteer coverage, training progress, WiFi users."""
    counts = {state: format_number(figures.hotspots_in(state)) for state in ("degraded", "offline", "no_data")}
    return [
        _card(
            t("kpi_villages", lang),
            format_number(figures.villages),
            t("of_sessions", lang, total=format_number(figures.provinces)) if figures.provinces > 1 else "",
            accent="neutral",
            test_id="villages",
        ),
        _card(
            t("kpi_hotspots_online", lang),
            format_pct(figures.hotspot_online_pct),
            t("of_hotspots", lang, total=format_number(figures.hotspots))
            + " · "
            + t("hotspot_breakdown", lang, **counts),
            accent="hotspot",
            test_id="hotspot",
        ),
        _card(
            t("kpi_volunteer_coverage", lang),
            format_pct(figures.volunteer_coverage_pct),
            t(
                "volunteers_counts",
                lang,
                registered=format_number(figures.volunteers_registered),
                trained=format_number(figures.volunteers_trained),
            ),
            accent="volunteer",
            test_id="volunteer",
        ),
        _card(
            t("kpi_training_progress", lang),
            format_pct(figures.training_progress_pct),
            t("kpi_sessions", lang) + f" {figures.sessions_done}/{figures.sessions_total}",
            accent="training",
            test_id="training",
        ),
        _card(t("kpi_wifi_users", lang), format_number(figures.wifi_users), "", accent="neutral", test_id="wifi-users"),
    ]
