"""Compact GeoJSON for the browser map, simplified once per level of detail.

The browser never needs survey precision: a country map is drawn a few hundred pixels wide, a
province map a little more. Fewer vertices and 4-5 decimals keep the payloads small enough to
ship on first paint (well under 150 KB for provinces, 400 KB for all districts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import shapely


@dataclass(frozen=True)
class Detail:
    """How much geometry one level of the map keeps: tolerance in degrees, decimals kept."""

    tolerance: float
    decimals: int


COUNTRY = Detail(tolerance=0.005, decimals=4)  # ~500 m / ~11 m: the whole kingdom on one screen
PROVINCE = Detail(tolerance=0.0005, decimals=5)  # ~50 m / ~1 m: one province filling the map


def simplified(frame: gpd.GeoDataFrame, detail: Detail) -> gpd.GeoDataFrame:
    """Topology-preserving simplification snapped to the decimals kept, valid and never empty.

    `set_precision` rounds and repairs in one step; a polygon too small to survive the rounding
    keeps its simplified, unrounded shape rather than vanishing from the map.
    """
    shapes = frame.geometry.simplify(detail.tolerance, preserve_topology=True).values
    rounded = shapely.set_precision(shapes, 10.0**-detail.decimals)
    collapsed = shapely.is_empty(rounded)
    rounded[collapsed] = shapes[collapsed]
    return frame.set_geometry(gpd.GeoSeries(rounded, index=frame.index, crs=frame.crs))


def feature_collection(frame: gpd.GeoDataFrame) -> bytes:
    """GeoJSON FeatureCollection, UTF-8, with "id" = code and properties {code, name_th, name_en}."""
    features = [
        {
            "type": "Feature",
            "id": properties["code"],
            "properties": properties,
            "geometry": json.loads(shapely.to_geojson(shape)),
        }
        for properties, shape in zip(
            frame[["code", "name_th", "name_en"]].to_dict("records"), frame.geometry, strict=True
        )
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def web_layers(provinces: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> dict[str, bytes]:
    """Every payload the map serves, keyed by its path relative to the cache's `web/` folder."""
    layers = {
        "provinces.geojson": feature_collection(simplified(provinces, COUNTRY)),
        "districts.geojson": feature_collection(simplified(districts, COUNTRY)),
    }
    fine = simplified(districts, PROVINCE)
    for province_code, group in fine.groupby("province_code"):
        layers[f"districts/{province_code}.geojson"] = feature_collection(group)
    return layers
