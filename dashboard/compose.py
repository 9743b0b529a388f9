"""What the map page shows for a view state: composed from queries, layers and components.

Shared by the page's callbacks and the briefing-room display, so both show the same thing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import flask
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Patch
from plotly.io.json import to_json_plotly

from dashboard.figures import coverage_map_figure
from dashboard.theme import LIGHT_MAP, MapTheme
from layers.framing import MapFrame
from store.core.scope import AreaScope, InvalidAreaCode
from store.coverage.queries import AreaInfo, CoverageQueries
from view.inputs import as_coordinate, as_list, as_mapping, as_str
from view.resolve import ViewResolver
from view.state import ViewState

BoundsLookup = Callable[[str], tuple[float, float, float, float]]
VILLAGE_ZOOM = 12.5


@dataclass(frozen=True)
class MapScopes:
    """Which areas shade the map, which villages are drawn, which boundary layer and outline."""

    areas_scope: AreaScope
    villages_scope: AreaScope
    geojson_url: str
    outline_code: str | None


def map_scopes(scope: AreaScope) -> MapScopes:
    """Country: provinces and all villages. Province: its districts and villages. Deeper: the
    province's districts for context and the district outlined; a subdistrict (a link's tambon
    code: there are no tambon polygons) draws its own villages, a village its district's."""
    if scope.level == "country":
        return MapScopes(scope, scope, "/geodata/provinces.geojson", None)
    province = AreaScope(scope.code[:2])
    districts_url = f"/geodata/districts/{province.code}.geojson"
    if scope.level == "province":
        return MapScopes(province, province, districts_url, None)
    district = AreaScope(scope.code[:4])
    villages = scope if scope.level == "subdistrict" else district
    return MapScopes(province, villages, districts_url, district.code)


def lineage(queries: CoverageQueries, scope: AreaScope) -> list[AreaInfo]:
    """Country, province, district, village of a scope, for the breadcrumb.

    A subdistrict is named only when it is the area in view (a link to a tambon): drilling down
    goes from a district straight to its villages, so a village's crumbs skip its tambon.
    """
    return [
        queries.area(ancestor.code)
        for ancestor in scope.lineage()
        if ancestor.level != "subdistrict" or ancestor == scope
    ]


def coverage_map(
    queries: CoverageQueries, state: ViewState, bounds: BoundsLookup, *, theme: MapTheme = LIGHT_MAP
) -> go.Figure:
    """The map figure of a view state."""
    scopes = map_scopes(state.scope)
    villages = queries.village_states(scopes.villages_scope, state.as_of)
    return coverage_map_figure(
        metric=state.metric,
        lang=state.lang,
        areas=queries.child_area_figures(scopes.areas_scope, state.as_of),
        villages=villages,
        geojson_url=scopes.geojson_url,
        frame=_frame(state.scope, villages, bounds),
        outline_code=scopes.outline_code,
        selected_code=state.area if state.scope.level == "village" else None,
        named_points=state.scope.level != "country",
        theme=theme,
        uirevision=f"{state.area}",
    )


KEPT_ON_SCREEN = ("type", "uid", "lat", "lon", "customdata")
"""Trace properties a patch never sends: the coordinates, and what names a trace and its points."""


@dataclass(frozen=True)
class DrawnView:
    """What ``MapPage.DRAWN_VIEW`` holds: the view the map shows; whether the map was patched into
    it (the overlays on it stay, callbacks.map_overlays draws them again) or drawn anew (without
    overlays); and the figure's ``shape`` (``map_shape``), when known."""

    search: str
    patched: bool = False
    shape: str | None = None

    def to_store(self) -> dict[str, object]:
        return {"search": self.search, "patched": self.patched, "shape": self.shape}

    @staticmethod
    def from_store(value: object) -> DrawnView | None:
        """The drawn view; ``None`` for anything the map callback does not write (then what is
        on the map is unknown)."""
        record = as_mapping(value) or {}
        search = as_str(record.get("search"))
        shape = as_str(record.get("shape"), max_length=64)
        return None if search is None else DrawnView(search, record.get("patched") is True, shape)


def map_update(
    resolver: ViewResolver, search: str, on_screen: DrawnView | None, figure_of: Callable[[str], dict[str, Any]]
) -> tuple[Patch | None, DrawnView]:
    """What turns the map showing ``on_screen`` (``None``: unknown) into the map of ``search``
    (``figure_of(search)``: its figure as sent), and the view the map then shows.

    When the new figure has the same shape (a new metric or language of the same area and date:
    the same traces with the same points), a ``Patch`` sets every other property of every trace:
    colours, sizes, legend, hover texts, the areas' shares; the coordinates stay in the browser.
    Anything else (another area; villages that changed state on another date, so other traces)
    gets ``None``: send the new figure. A view drawn with the page's layout has no known shape:
    its figure is asked for once more to learn it.
    """
    sent = figure_of(search)
    shape = map_shape(sent)
    if on_screen is None or (
        on_screen.shape is None and resolver.state(on_screen.search).area != resolver.state(search).area
    ):
        return None, DrawnView(search, shape=shape)
    shown = on_screen.shape or map_shape(figure_of(on_screen.search))
    if shown != shape:
        return None, DrawnView(search, shape=shape)
    patch = Patch()
    for index, trace in enumerate(sent["data"]):
        for key, value in trace.items():
            if key not in KEPT_ON_SCREEN:
                patch["data"][index][key] = value
    return patch, DrawnView(search, patched=True, shape=shape)


def map_shape(figure: dict[str, Any]) -> str:
    """A digest of what a patch leaves as it is: each trace's properties (which ones, not their
    values), its ``KEPT_ON_SCREEN`` values, and the layout. Equal shapes: a patch of the other
    properties turns one figure into the other exactly."""
    traces = [[sorted(trace), [trace.get(key) for key in KEPT_ON_SCREEN]] for trace in figure["data"]]
    return hashlib.blake2b(to_json_plotly([traces, figure["layout"]]).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class FirstMap:
    """The map of the view a page load asked for, and that view's query string."""

    search: str
    figure: go.Figure


def first_map(resolver: ViewResolver, queries: CoverageQueries, bounds: BoundsLookup) -> FirstMap | None:
    """The map for the page that is loading its layout, or None when the page's URL is unknown.

    Dash fetches the layout with an XHR whose Referer is the page's own URL (same origin), so the
    layout can carry the map of the very view the link asks for; the map callback then skips its
    initial run (callbacks.map_page.show_map) and the first map costs no extra round trip.
    """
    referrer = flask.request.referrer if flask.has_request_context() else None
    if not referrer:
        return None
    state = resolver.state(urlsplit(referrer).query)
    return FirstMap(state.to_search(), coverage_map(queries, state, bounds))


def _frame(scope: AreaScope, villages: pd.DataFrame, bounds: BoundsLookup) -> MapFrame:
    """What the map frames: an area's boundary, a tambon's villages, a village among its neighbours."""
    if scope.level == "village":
        village = villages.loc[villages["code"] == scope.code].iloc[0]
        lon, lat = float(village["lon"]), float(village["lat"])
        return MapFrame((lon, lat, lon, lat), max_zoom=VILLAGE_ZOOM)
    if scope.level == "subdistrict" and len(villages):
        lons, lats = villages["lon"], villages["lat"]
        extent = (float(lons.min()), float(lats.min()), float(lons.max()), float(lats.max()))
        return MapFrame(extent, max_zoom=VILLAGE_ZOOM)
    return MapFrame(bounds(scope.code[:4]))


def clicked_area(queries: CoverageQueries, state: ViewState, click: object) -> str | None:
    """The area a map click asks for: a province or district shape, or a village point.

    Country-view points carry no codes (to keep the first map light): a click or a tap on one
    opens the province of the nearest village, one level down as a click on the province does.
    A dot among 24,700 is no target for a finger (a phone's tap on a province nearly always
    lands within reach of one), and the province then shows its villages by name. Anything but
    a click of this map (no points, a code that is no area code, coordinates that are no
    numbers) asks for nothing.
    """
    points = as_list((as_mapping(click) or {}).get("points"))
    point = as_mapping(points[0]) if points else None
    if point is None:
        return None
    for key in ("location", "customdata"):
        if point.get(key):
            return _area_code(point[key])
    lat, lon = as_coordinate(point.get("lat"), 90), as_coordinate(point.get("lon"), 180)
    if lat is not None and lon is not None:
        villages = queries.village_states(map_scopes(state.scope).villages_scope, state.as_of)
        distance = np.hypot(villages["lat"].to_numpy() - lat, villages["lon"].to_numpy() - lon)
        if not len(villages):
            return None
        nearest = str(villages["code"].iloc[int(np.argmin(distance))])
        return nearest[:2] if state.scope.level == "country" else nearest  # a province code: its 2 digits
    return None


def _area_code(value: object) -> str | None:
    """``value`` when it is a well-formed area code (area layers carry codes as strings; a
    showcase point's number is an item id, not an area)."""
    code = value if isinstance(value, str) else ""
    try:
        return AreaScope(code).code or None
    except InvalidAreaCode:
        return None
