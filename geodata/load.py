"""Read access to the prepared geodata: what the rest of the app trusts.

Every function is cached per process and returns a shared object: copy a frame before changing
it, or every other caller (and user) sees the change.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from geodata.prepare import (
    DISTRICTS_FILE,
    FINGERPRINT_FILE,
    PROVINCES_FILE,
    TAMBONS_FILE,
    WEB_DIR,
    prepare_geodata,
)
from geodata.sources import geodata_cache_dir

TAMBON_DTYPES = {"code": str, "district_code": str, "province_code": str, "region_id": int, "lat": float, "lon": float}


@lru_cache(maxsize=1)
def _cache() -> Path:
    """The cache folder, prepared first when no complete cache is there (fresh checkout, `make clean-data`)."""
    cache = geodata_cache_dir()
    if not (cache / FINGERPRINT_FILE).is_file():
        prepare_geodata(cache=cache)
    return cache


@lru_cache(maxsize=1)
def provinces() -> gpd.GeoDataFrame:
    """The 77 provinces: code ("84"), name_th, name_en, region_id, full-detail geometry (EPSG:4326)."""
    return gpd.read_file(_cache() / PROVINCES_FILE, engine="pyogrio")


@lru_cache(maxsize=1)
def districts() -> gpd.GeoDataFrame:
    """The 928 districts (khet in Bangkok): code ("8405"), province_code, name_th, name_en, geometry."""
    return gpd.read_file(_cache() / DISTRICTS_FILE, engine="pyogrio")


@lru_cache(maxsize=1)
def tambons() -> pd.DataFrame:
    """The 2018 tambon list with official names where geothai knows the code; lat/lon NaN where unknown."""
    return pd.read_csv(_cache() / TAMBONS_FILE, dtype=TAMBON_DTYPES, keep_default_na=False, na_values=[""])


@lru_cache(maxsize=1)
def regions() -> pd.DataFrame:
    """The 6 regions of the tambon list: id, name_th, name_en."""
    columns = {"region_id": "id", "region_th": "name_th", "region_en": "name_en"}
    found = tambons()[list(columns)].drop_duplicates("region_id").rename(columns=columns)
    return found.sort_values("id").reset_index(drop=True)


@lru_cache(maxsize=256)
def web_layer(level: Literal["province", "district"], province_code: str | None = None) -> bytes:
    """Simplified GeoJSON for the map: provinces or all districts at country detail, or one
    province's districts at province detail. KeyError for an unknown province code."""
    if level == "province" and province_code is None:
        name = "provinces.geojson"
    elif level == "district" and province_code is None:
        name = "districts.geojson"
    elif level == "district":
        if province_code not in set(provinces()["code"]):  # also keeps arbitrary strings out of the path
            raise KeyError(f"unknown province code {province_code!r}")
        name = f"districts/{province_code}.geojson"
    else:
        raise ValueError(f"no web layer for level={level!r} with province_code={province_code!r}")
    return (_cache() / WEB_DIR / name).read_bytes()


@lru_cache(maxsize=1024)
def bounds(code: str) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a province, a district, or Thailand for ""."""
    if code == "":
        shapes = provinces().geometry
    else:
        layer = provinces() if len(code) == 2 else districts()
        shapes = layer.geometry[layer["code"] == code]
        if shapes.empty:
            raise KeyError(f"unknown province or district code {code!r}")
    min_lon, min_lat, max_lon, max_lat = (float(value) for value in shapes.total_bounds)
    return min_lon, min_lat, max_lon, max_lat


def clear_caches() -> None:
    """Forget everything read, so the next call reads the cache again (tests, after a forced prepare)."""
    for cached in (_cache, provinces, districts, tambons, regions, web_layer, bounds):
        cached.cache_clear()
