"""The "data as of …" line, per source: the map page's line under the KPI cards and the wall display's header.

Each source says when it last reported; one that stopped is marked in words (and in colour), so a
figure is never read as current when its source went quiet. No personal data: times only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dash import html

from dashboard.i18n import format_date, format_datetime, t
from store.coverage.freshness import SourceFreshness
from store.coverage.results import AreaFigures
from view.state import Lang


def freshness_line(figures: AreaFigures, sources: Sequence[SourceFreshness], lang: Lang) -> list[html.Div]:
    """The area's latest hotspot report, then every source's latest report."""
    moment = figures.data_as_of
    area = t("no_reports", lang) if moment is None else f"{t('data_fresh_as_of', lang)} {format_datetime(moment, lang)}"
    return [html.Div(area), source_list(sources, lang)]


def source_list(sources: Sequence[SourceFreshness], lang: Lang) -> html.Ul:
    """One item per source, a stopped one marked stale with its limit."""
    return html.Ul(
        [_source_item(source, lang) for source in sources],
        className="freshness-sources",
        title=t("freshness_sources", lang),
    )


def _source_item(source: SourceFreshness, lang: Lang) -> html.Li:
    parts: list[html.Span | str] = [f"{t(f'source_{source.source}', lang)} {_when(source.latest, lang)}"]
    if source.stale and source.stale_after is not None:
        parts.append(
            html.Span(t("source_stale", lang, days=source.stale_after.days), className="freshness-stale-badge")
        )
    return html.Li(
        parts,
        className="freshness-source" + (" freshness-stale" if source.stale else ""),
        **{"data-source": source.source, "data-stale": "true" if source.stale else "false"},
    )


def _when(latest: dt.datetime | dt.date | None, lang: Lang) -> str:
    if latest is None:
        return t("source_none", lang)
    return format_datetime(latest, lang) if isinstance(latest, dt.datetime) else format_date(latest, lang)
