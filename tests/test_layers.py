"""Map layers and figure composition: pure functions tested on hand-made frames."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import coverage_map_figure
from layers.choropleth import area_choropleth
from layers.framing import MapFrame, fit_bounds
from layers.points import village_points
from store.coverage.queries import DataRange
from view.resolve import parse_view_state
from view.state import ViewState

VILLAGES = pd.DataFrame(
    {
        "code": ["84010101", "84010102", "84010103", "84010104"],
        "name_th": ["บ้านก", "บ้านข", "บ้านค", "บ้านง"],
        "name_en": ["Ban Ko", "Ban Kho", "Ban Kho Khwai", "Ban Ngo"],
        "lat": [9.1, 9.2, 9.3, 9.4],
        "lon": [99.1, 99.2, 99.3, 99.4],
        "hotspot_state": ["online", "offline", "online", "degraded"],
        "volunteer_state": ["covered"] * 4,
        "training_state": ["trained", "trained", "not_trained", "no_volunteer"],
    }
)
AREAS = pd.DataFrame(
    {
        "code": ["84", "10"],
        "name_th": ["สุราษฎร์ธานี", "กรุงเทพมหานคร"],
        "name_en": ["Surat Thani", "Bangkok"],
        "villages": [4, 0],
        "hotspot_online_pct": [50.0, np.nan],
        "volunteer_coverage_pct": [100.0, np.nan],
        "training_progress_pct": [50.0, np.nan],
    }
)
LABELS = {"online": "Online", "degraded": "Slow", "no_data": "No data", "offline": "Offline"}


ORDERS = {
    "hotspot_state": ("online", "degraded", "no_data", "offline"),
    "volunteer_state": ("covered", "no_volunteer"),
    "training_state": ("trained", "not_trained", "no_volunteer"),
}


def legend(traces) -> list[str]:
    return [trace.name for trace in traces if trace.showlegend]


def test_points_draw_worst_state_last_with_counts_in_the_legend():
    traces = village_points(VILLAGES, state_orders=ORDERS, state_column="hotspot_state", state_labels=LABELS)
    assert legend(traces) == ["Online (2)", "Slow (1)", "Offline (1)"]
    assert traces[-1].meta == {"layer": "villages", "group": "offline-covered-trained"}
    assert traces[0].lat.dtype == np.float32  # typed arrays to the browser, not lists of floats


def test_every_metric_draws_the_same_coordinates_in_the_same_traces():
    """A metric switch then changes colours and labels only (callbacks.map_page patches them)."""
    labels = {"covered": "Covered", "no_volunteer": "None", "trained": "Trained", "not_trained": "Not yet"}
    by_metric = {
        column: village_points(VILLAGES, state_orders=ORDERS, state_column=column, state_labels=LABELS | labels)
        for column in ORDERS
    }
    coordinates = {
        column: [(trace.meta["group"], list(trace.lat), list(trace.lon)) for trace in traces]
        for column, traces in by_metric.items()
    }
    assert coordinates["hotspot_state"] == coordinates["volunteer_state"] == coordinates["training_state"]
    training = by_metric["training_state"]
    assert [trace.marker.color for trace in training] == ["#0072B2", "#E69F00", "#D55E00", "#0072B2"]
    assert sorted(legend(training)) == ["None (1)", "Not yet (1)", "Trained (2)"]
    trained = [trace for trace in training if trace.legendgroup == "trained"]
    assert [trace.showlegend for trace in trained] == [True, False]  # one legend entry toggles both


def test_country_points_carry_no_names_province_points_do():
    anonymous = village_points(VILLAGES, state_orders=ORDERS, state_column="hotspot_state", state_labels=LABELS)[0]
    assert anonymous.customdata is None and anonymous.text is None
    named = village_points(
        VILLAGES, state_orders=ORDERS, state_column="hotspot_state", state_labels=LABELS, name_column="name_th"
    )
    assert [list(trace.customdata) for trace in named[:2]] == [["84010101"], ["84010103"]]
    assert [list(trace.text) for trace in named[:2]] == [["บ้านก"], ["บ้านค"]]


def test_areas_without_villages_are_grey_not_zero():
    shares, empty = area_choropleth(
        AREAS,
        geojson="/geodata/provinces.geojson",
        value_column="hotspot_online_pct",
        hover_text=["a", "b"],
        colorbar_title="%",
    )
    assert list(shares.locations) == ["84"] and list(empty.locations) == ["10"]
    assert shares.geojson == "/geodata/provinces.geojson"  # boundaries fetched once by URL, not sent per figure


def test_fit_bounds_zooms_in_on_smaller_areas():
    thailand = fit_bounds((97.3, 5.6, 105.6, 20.5))
    province = fit_bounds((98.5, 8.5, 100.0, 10.0))
    assert province["zoom"] > thailand["zoom"]
    assert 12 < thailand["center"]["lat"] < 14 and 101 < thailand["center"]["lon"] < 102


def test_a_village_frame_is_its_point_at_the_village_zoom():
    frame = MapFrame((99.1, 9.1, 99.1, 9.1), max_zoom=12.5)
    assert frame.camera() == {"center": {"lat": 9.1, "lon": 99.1}, "zoom": 12.5}
    assert frame.browser_frame()["bounds"] == [[99.1, 9.1], [99.1, 9.1]]


def test_the_figure_carries_its_areas_bounds_for_the_browser_to_refit():
    figure = small_figure(frame=MapFrame((98.5, 8.5, 100.0, 10.0)))
    frame = figure.layout.meta["frame"]
    assert frame["bounds"] == [[98.5, 8.5], [100.0, 10.0]]
    camera = frame["camera"]  # the browser refits when the map shows this first camera
    assert camera["center"] == figure.layout.map.center.to_plotly_json() and camera["zoom"] == figure.layout.map.zoom


def test_colour_bar_and_legend_lie_outside_the_map():
    """Above and below the map's domain, where Plotly makes room for them: they cover no area."""
    figure = small_figure()
    colourbar = figure.data[0].colorbar
    assert colourbar.orientation == "h" and colourbar.yanchor == "bottom" and colourbar.y >= 1
    assert figure.layout.legend.yanchor == "top" and figure.layout.legend.y <= 0


def small_figure(**options):
    """The map figure of the hand-made villages and areas; ``options`` override the defaults."""
    arguments = {
        "metric": "training",
        "lang": "en",
        "areas": AREAS,
        "villages": VILLAGES,
        "geojson_url": "/g.geojson",
        "frame": MapFrame((97.3, 5.6, 105.6, 20.5)),
    }
    return coverage_map_figure(**(arguments | options))


def test_figure_has_no_tile_server_and_a_legend_in_the_chosen_language():
    figure = small_figure()
    style = figure.layout.map.style
    assert all(source["type"] == "geojson" for source in style["sources"].values())  # nothing fetched
    assert style["layers"][0]["type"] == "background"
    villages = [trace for trace in figure.data if (trace.meta or {}).get("layer") == "villages"]
    names = sorted(villages, key=lambda trace: trace.legendrank)
    assert legend(names) == ["Trained (2)", "Not trained yet (1)", "No volunteer (1)"]
    assert "Surat Thani" in figure.data[0].text[0]


def test_legend_shows_even_when_every_village_is_in_one_state():
    """Plotly hides a one-trace legend by default: a fully trained province would lose its count."""
    figure = small_figure(metric="volunteer", lang="th")
    villages = [trace for trace in figure.data if (trace.meta or {}).get("layer") == "villages"]
    assert legend(villages) == ["มีอาสาสมัคร (4)"]
    assert sum(len(trace.lat) for trace in villages) == 4
    assert figure.layout.showlegend is True


def test_the_open_village_is_marked_under_its_point():
    figure = small_figure(metric="hotspot", selected_code="84010102")
    layers = [(trace.meta or {}).get("layer") for trace in figure.data]
    halo = figure.data[layers.index("selected-village")]
    assert (float(halo.lat[0]), float(halo.lon[0])) == pytest.approx((9.2, 99.2))
    assert layers.index("selected-village") < layers.index("villages")  # drawn beneath the points


def test_points_are_outlined_in_a_province_but_not_in_the_country_view():
    layers = [(trace.meta or {}).get("layer") for trace in small_figure().data]
    assert layers.index("village-outlines") < layers.index("villages")  # under every state's points
    outlines = small_figure().data[layers.index("village-outlines")]
    assert len(outlines.lat) == len(VILLAGES) and min(outlines.marker.size) > 4  # wider than the points
    country = [(trace.meta or {}).get("layer") for trace in small_figure(named_points=False).data]
    assert "village-outlines" not in country


def test_url_state_round_trip_and_fallbacks():
    data_range = DataRange(dt.date(2017, 12, 1), dt.date(2019, 3, 31), dt.date(2019, 2, 1))
    state = ViewState(area="84", metric="training", lang="en", as_of=dt.date(2018, 12, 1))
    assert parse_view_state(state.to_search(), data_range) == state
    fallback = parse_view_state("?area=8x&metric=nope&lang=fr&as_of=yesterday", data_range)
    assert fallback == ViewState(area="", metric="hotspot", lang="th", as_of=dt.date(2019, 2, 1))
    assert parse_view_state("?as_of=2030-01-01", data_range).as_of == dt.date(2019, 2, 1)  # outside: the default
