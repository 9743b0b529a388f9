"""Reconcile the 2019 polygons and the 2018 tambon list with today's DOPA codes (the geothai package).

Official names come from geothai wherever a code matches. Anything that does not line up is
recorded, never fatal: the sources are years apart and a few codes really did change (Bueng Kan,
split from Nong Khai in 2011, is still filed as "97" with Nong Khai district codes in the CSV).
"""

from __future__ import annotations

from typing import Any, Protocol

import geopandas as gpd
import geothai
import pandas as pd

Mismatches = dict[str, list[Any]]


class _Area(Protocol):
    code: str
    name_th: str
    name_en: str


def geothai_areas() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Today's provinces, districts and subdistricts from geothai, each keyed by DOPA code."""
    provinces = {area.code: area for area in geothai.provinces()}
    districts = {area.code: area for code in provinces for area in geothai.districts(code)}
    tambons = {area.code: area for code in districts for area in geothai.subdistricts(code)}
    return provinces, districts, tambons


def _code_differences(kind: str, codes: pd.Series, official: dict[str, _Area]) -> Mismatches:
    """Codes only in the files and codes only in geothai, sorted for stable reports."""
    found = set(codes)
    return {
        f"{kind}_codes_not_in_geothai": sorted(found - set(official)),
        f"geothai_{kind}_not_in_files": sorted(set(official) - found),
    }


def _with_official_names(frame: pd.DataFrame, kind: str, official: dict[str, _Area]) -> tuple[pd.DataFrame, Mismatches]:
    """Replace names by geothai's where the code matches, listing each name that changed."""
    frame = frame.copy()
    differences = []
    for field in ("name_th", "name_en"):
        official_names = frame["code"].map(lambda code, f=field: getattr(official.get(code), f, None))
        differs = official_names.notna() & (official_names != frame[field])
        changed = frame.loc[differs, ["code", field]].assign(geothai=official_names[differs])
        differences += [
            {"code": code, "field": field, "file": was, "geothai": now}
            for code, was, now in changed.itertuples(index=False)
        ]
        frame[field] = official_names.fillna(frame[field]).astype(str)
    return frame, {f"{kind}_names_differ": differences}


def _recode_tambon_provinces(tambons: pd.DataFrame, official: dict[str, _Area]) -> tuple[pd.DataFrame, Mismatches]:
    """Map a province code unknown to geothai to the official one of the same Thai name ("97" → "38")."""
    by_name = {area.name_th: code for code, area in official.items()}
    unknown = tambons.loc[~tambons["province_code"].isin(official), ["province_code", "province_th"]].drop_duplicates()
    recoded = {code: by_name[name] for code, name in unknown.itertuples(index=False) if name in by_name}
    tambons = tambons.assign(province_code=tambons["province_code"].replace(recoded))
    return tambons, {"tambon_province_codes_recoded": [{"from": k, "to": v} for k, v in sorted(recoded.items())]}


def _recode_tambon_districts(tambons: pd.DataFrame, official: dict[str, _Area]) -> tuple[pd.DataFrame, Mismatches]:
    """Map a district code unknown to geothai to the official district of the same Thai name in the
    tambon's province (Bueng Kan's "4303" → "3801"), and its tambon codes with it."""
    by_name = {(code[:2], area.name_th): code for code, area in official.items()}
    unknown = ~tambons["district_code"].isin(official)
    keys = zip(tambons["province_code"], tambons["district_th"].str.strip(), strict=True)
    new_codes = pd.Series([by_name.get(key) for key in keys], index=tambons.index)
    recode = unknown & new_codes.notna()
    tambons = tambons.copy()
    pairs = sorted(set(zip(tambons.loc[recode, "district_code"], new_codes[recode], strict=True)))
    tambons.loc[recode, "code"] = new_codes[recode] + tambons.loc[recode, "code"].str[4:]
    tambons.loc[recode, "district_code"] = new_codes[recode]
    return tambons, {"tambon_district_codes_recoded": [{"from": old, "to": new} for old, new in pairs]}


def districts_outside_province(provinces: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> list[str]:
    """Districts whose representative point misses their province polygon (islands dropped by simplification)."""
    province_shapes = provinces.set_index("code").geometry
    points = districts.representative_point()
    shapes = gpd.GeoSeries(districts["province_code"].map(province_shapes).values, crs=districts.crs)
    outside: list[str] = districts.loc[~shapes.contains(points).values, "code"].tolist()
    return outside


def reconcile(
    provinces: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, tambons: pd.DataFrame
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame, Mismatches]:
    """Official names on all three tables plus every mismatch found, keyed by kind of mismatch."""
    official_provinces, official_districts, official_tambons = geothai_areas()
    mismatches: Mismatches = {}
    provinces, found = _with_official_names(provinces, "province", official_provinces)
    mismatches |= _code_differences("province", provinces["code"], official_provinces) | found
    districts, found = _with_official_names(districts, "district", official_districts)
    mismatches |= _code_differences("district", districts["code"], official_districts) | found
    tambons, found = _with_official_names(tambons, "tambon", official_tambons)
    mismatches |= _code_differences("tambon", tambons["code"], official_tambons) | found
    tambons, found = _recode_tambon_provinces(tambons, official_provinces)
    mismatches |= found
    tambons, found = _recode_tambon_districts(tambons, official_districts)
    mismatches |= found
    mismatches["tambon_districts_not_in_polygons"] = sorted(set(tambons["district_code"]) - set(districts["code"]))
    mismatches["districts_outside_their_province_polygon"] = districts_outside_province(provinces, districts)
    return provinces, districts, tambons, mismatches
