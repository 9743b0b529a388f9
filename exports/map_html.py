"""The current map view as a standalone HTML file: the same area, metric, day and language as the URL."""

from __future__ import annotations

import json

from dashboard.compose import BoundsLookup, map_scopes
from dashboard.figures import STATE_COLUMN_BY_METRIC, state_labels
from dashboard.i18n import name_column, t
from exports.html_map import standalone_html
from geodata.load import web_layer
from layers.folium_map import FoliumLegend, coverage_folium_map
from store.coverage.metrics import PCT_COLUMN_BY_METRIC, STATES_BY_METRIC
from store.coverage.queries import CoverageQueries
from store.showcase.models import SHOWCASE_KINDS
from store.showcase.queries import ShowcaseQueries
from view.state import ViewState


def export_file_name(state: ViewState) -> str:
    """``netpracharat-map-84-hotspot-2019-02-01.html`` (``th`` for the whole country)."""
    return f"netpracharat-map-{state.area or 'th'}-{state.metric}-{state.as_of.isoformat()}.html"


def map_view_html(
    queries: CoverageQueries,
    state: ViewState,
    bounds: BoundsLookup,
    showcase: ShowcaseQueries | None = None,
) -> str:
    """The HTML page of the view's map; with ``showcase``, the showcase items as a layer too."""
    scopes = map_scopes(state.scope)
    level = "province" if scopes.areas_scope.level == "country" else "district"
    boundaries = json.loads(web_layer(level, None if level == "province" else scopes.areas_scope.code))
    villages = queries.village_states(scopes.villages_scope, state.as_of)
    lang = state.lang
    label_column = name_column(lang)
    legend = FoliumLegend(
        title=f"{t(f'metric_{state.metric}', lang)} · {t('as_of', lang)} {state.as_of:%Y-%m-%d}",
        share_label=t("legend_choropleth", lang),
        state_labels=state_labels(state.metric, lang),
        showcase_labels={kind: t(f"showcase_kind_{kind}", lang) for kind in SHOWCASE_KINDS} if showcase else None,
    )
    folium_map = coverage_folium_map(
        areas=queries.child_area_figures(scopes.areas_scope, state.as_of),
        boundaries=boundaries,
        value_column=PCT_COLUMN_BY_METRIC[state.metric],
        villages=villages,
        state_column=STATE_COLUMN_BY_METRIC[state.metric],
        states=STATES_BY_METRIC[state.metric],
        legend=legend,
        bounds=bounds(state.scope.code[:4]),
        name_column=label_column,
        named_points=state.scope.level != "country",
        outline_code=scopes.outline_code,
        showcase=showcase.map_points(scopes.villages_scope, state.as_of) if showcase else None,
        title_column="title_th" if lang == "th" else "title_en",
    )
    return standalone_html(folium_map)
