"""The folium map and its standalone HTML: same colours and legend as the dashboard, nothing external."""

import numpy as np
import pandas as pd
import pytest

from exports.html_map import VENDOR_DIR, ExternalAssetError, external_assets, standalone_html
from layers.folium_map import FoliumLegend, coverage_folium_map, scale_colour
from layers.palette import EMPTY_AREA_COLOUR, PERCENT_SCALE, STATE_COLOURS
from layers.showcase import SHOWCASE_COLOURS

BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {"type": "Polygon", "coordinates": [[[lon, 9], [lon + 1, 9], [lon + 1, 10], [lon, 9]]]},
        }
        for code, lon in (("84", 99.0), ("50", 98.0), ("10", 100.5))
    ],
}
AREAS = pd.DataFrame(
    {"code": ["84", "50", "10"], "name_th": ["สุราษฎร์ธานี", "เชียงใหม่", "กรุงเทพมหานคร"], "pct": [95.0, 40.0, np.nan]}
)
VILLAGES = pd.DataFrame(
    {
        "lat": [9.1, 9.2, 18.8],
        "lon": [99.3, 99.4, 98.9],
        "name_th": ["บ้านท่าทอง", "บ้านดอนแดง", "บ้านป่าไผ่"],
        "state": ["online", "offline", "online"],
    }
)
LABELS = {"online": "ออนไลน์", "degraded": "ความเร็วต่ำกว่าเกณฑ์", "offline": "ออฟไลน์", "no_data": "ไม่มีข้อมูล"}
SHOWCASE = pd.DataFrame({"id": [1], "kind": ["product"], "lat": [9.1], "lon": [99.3], "title_th": ["ผ้าไหมมัดหมี่"]})


def render(**options):
    folium_map = coverage_folium_map(
        areas=AREAS,
        boundaries=BOUNDARIES,
        value_column="pct",
        villages=VILLAGES,
        state_column="state",
        states=["online", "degraded", "no_data", "offline"],
        legend=FoliumLegend("สถานะจุดกระจายสัญญาณ", "% ของจังหวัด", LABELS, options.pop("showcase_labels", None)),
        bounds=(97.5, 5.6, 105.7, 20.5),
        **options,
    )
    return standalone_html(folium_map)


def test_scale_colours_are_the_dashboards():
    assert scale_colour(0) == PERCENT_SCALE[0][1]
    assert scale_colour(100) == PERCENT_SCALE[-1][1]
    assert scale_colour(50) == PERCENT_SCALE[1][1]
    assert scale_colour(float("nan")) == EMPTY_AREA_COLOUR


def test_page_has_the_legend_colours_and_points():
    page = render()
    assert 'id="map-legend"' in page and "สถานะจุดกระจายสัญญาณ" in page and "% ของจังหวัด" in page
    assert "ออนไลน์ (2)" in page and "ออฟไลน์ (1)" in page  # state labels with counts, in Thai
    for state in ("online", "offline"):
        assert STATE_COLOURS[state] in page
    assert scale_colour(95.0) in page and scale_colour(40.0) in page and EMPTY_AREA_COLOUR in page
    assert "L.map(" in page and "99.3" in page


def test_page_loads_nothing_from_the_network():
    page = render()
    assert external_assets(page) == []
    assert "cdn.jsdelivr" not in page and "code.jquery" not in page and "cdnjs" not in page
    assert "tile.openstreetmap" not in page and "L.tileLayer" not in page
    leaflet = (VENDOR_DIR / "leaflet-1.9.3" / "leaflet.js").read_text(encoding="utf-8")
    inlined = leaflet.replace("</script", "<\\/script")
    assert "<script>" + inlined + "</script>" in page  # Leaflet itself, whole, inlined in the page


def test_showcase_layer_and_legend():
    page = render(
        showcase=SHOWCASE,
        showcase_labels={
            "product": "สินค้า",
            "story": "เรื่องเล่า",
            "tourist_spot": "แหล่งท่องเที่ยว",
            "homestay": "โฮมสเตย์",
            "activity": "กิจกรรม",
        },
    )
    assert "สินค้า</div>" in page and SHOWCASE_COLOURS["product"] in page and 'data-kind="product"' in page


def test_external_assets_are_detected():
    assert external_assets('<script src="https://cdn.example/x.js"></script>') != []
    assert external_assets('<link rel="stylesheet" href="//cdn.example/x.css">') != []
    assert external_assets('<script>var a = "https://leafletjs.com";</script>') == []


def test_an_external_link_left_fails_the_export():
    import folium

    folium_map = folium.Map(tiles=None)
    folium_map.get_root().header.add_child(folium.Element('<script src="https://cdn.example/x.js"></script>'))
    with pytest.raises(ExternalAssetError):
        standalone_html(folium_map)
