"""The village panel: hotspot state, uptime, speeds against 30/10, volunteers (masked unless allowed), training."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import area_name, format_date, format_datetime, format_number, format_pct, t
from layers.palette import STATE_COLOURS
from store.coverage.results import HotspotDetail, VillageDetail, VolunteerEntry
from view.state import Lang


def state_badge(state: str, lang: Lang) -> html.Span:
    """A state as a coloured dot *and* its name: never colour alone."""
    return html.Span(
        [html.Span(className="state-dot", style={"background": STATE_COLOURS[state]}), t(f"state_{state}", lang)],
        className=f"state-badge state-{state}",
    )


def _hotspot_item(hotspot: HotspotDetail, number: int, lang: Lang) -> html.Li:
    test = hotspot.speed_test
    if test is None:
        speed = t("no_speed_test", lang)
    else:
        verdict = t("meets_target" if test.meets_contract else "below_target", lang)
        speed = f"{test.down_mbps:.1f}/{test.up_mbps:.1f} Mbps · {verdict} ({t('speed_target', lang)})"
    return html.Li(
        [
            html.Div([html.B(f"{t('hotspot', lang)} {number} "), state_badge(hotspot.state, lang)]),
            html.Div(f"{t('uptime_30d', lang)}: {format_pct(hotspot.uptime_30d_pct)}"),
            html.Div(f"{t('latest_speed', lang)}: {speed}"),
            html.Div(f"{t('data_fresh_as_of', lang)}: {format_datetime(hotspot.last_report_at, lang)}"),
        ],
        className="hotspot-item",
    )


def _volunteer_items(volunteers: tuple[VolunteerEntry, ...], lang: Lang) -> list[html.Li]:
    if not volunteers:
        return [html.Li(t("no_volunteer", lang))]
    return [
        html.Li(
            f"{v.name} · {v.phone} · {t('registered_on', lang)} "
            f"{format_date(v.registered_on, lang)} · "
            + (f"{t('trained_on', lang)} {format_date(v.trained_on, lang)}" if v.trained_on else t("not_trained", lang))
        )
        for v in volunteers
    ]


def _volunteer_heading(volunteers: tuple[VolunteerEntry, ...], lang: Lang) -> str:
    """Says when the names and phones are masked (the requester may not see this province's)."""
    if any(not v.unmasked for v in volunteers):
        return f"{t('volunteer', lang)} ({t('personal_data_masked', lang)})"
    return t("volunteer", lang)


def village_panel(detail: VillageDetail, lang: Lang, extra_sections: list[Any] | None = None) -> dbc.Card:
    """The panel of one village; ``extra_sections`` lets other features (tickets, showcase) add theirs."""
    name = area_name(detail, lang)
    where = " · ".join(area_name(place, lang) for place in (detail.subdistrict, detail.district, detail.province))
    training = detail.training
    training_text = (
        f"{format_date(training.held_on, lang)} · {t('session_' + training.status, lang)}" if training else "–"
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H4(f"{name} ({t('moo', lang)} {detail.moo})", className="village-name"),
                html.Div(f"{where} · {detail.code}", className="text-muted small mb-2"),
                html.Ul(
                    [_hotspot_item(h, i + 1, lang) for i, h in enumerate(detail.hotspots)], className="list-unstyled"
                ),
                html.H6(_volunteer_heading(detail.volunteers, lang)),
                html.Ul(_volunteer_items(detail.volunteers, lang), className="small"),
                html.Div(f"{t('training_session', lang)}: {training_text}", className="small"),
                html.Div(f"{t('wifi_users', lang)}: {format_number(detail.wifi_users)}", className="small"),
                *(extra_sections or []),
            ]
        ),
        className="village-panel",
        id="village-detail",
    )
