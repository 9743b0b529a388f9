"""Read the source files, clean them once and refuse data the dashboard cannot trust.

Cleaning follows geopandas' `explore`: EPSG:4326, no empty geometries, valid polygons and plain
string/number columns, so that everything downstream can serialise to JSON without surprises.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geodata.sources import GeodataError

EXPECTED_PROVINCES = 77
EXPECTED_DISTRICTS = 928
WGS84 = "EPSG:4326"
TAMBON_COLUMNS = {
    "tambon_code": "code",
    "tambon_th": "name_th",
    "tambon_en": "name_en",
    "district_code": "district_code",
    "province_code": "province_code",
    "district_th": "district_th",
    "province_th": "province_th",
    "lat": "lat",
    "lon": "lon",
    "region_id": "region_id",
    "region_th": "region_th",
    "region_en": "region_en",
}


def _read_source(path: Path) -> gpd.GeoDataFrame:
    """Read a vector file, turning a missing or unreadable file into a `GeodataError`."""
    if not path.is_file():
        raise GeodataError(f"missing geodata source file {path}")
    try:
        return gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise GeodataError(f"cannot read {path}: {exc}") from exc


def clean_geometries(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """To EPSG:4326 (GeoJSON without a CRS is 4326 by RFC 7946), drop empty geometries, make valid."""
    if frame.crs is None:
        frame = frame.set_crs(WGS84)
    frame = frame.to_crs(WGS84)
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)].copy()
    # "structure" keeps polygons polygonal, so a repaired area never turns into lines.
    frame.geometry = shapely.make_valid(frame.geometry.values, method="structure", keep_collapsed=False)
    return frame.reset_index(drop=True)


def read_provinces(path: Path) -> gpd.GeoDataFrame:
    """Provinces with the columns the app uses: code ("84"), name_th, name_en, geometry."""
    raw = clean_geometries(_read_source(path))
    frame = pd.DataFrame(
        {
            "code": raw["ADM1_PCODE"].astype(str).str.removeprefix("TH"),
            "name_th": raw["ADM1_TH"].astype(str),
            "name_en": raw["ADM1_EN"].astype(str),
        }
    )
    return gpd.GeoDataFrame(frame, geometry=raw.geometry, crs=WGS84)


def read_districts(path: Path) -> gpd.GeoDataFrame:
    """Districts: code ("8405"), province_code ("84"), name_th, name_en, geometry."""
    raw = clean_geometries(_read_source(path))
    frame = pd.DataFrame(
        {
            "code": raw["ADM2_PCODE"].astype(str).str.removeprefix("TH"),
            "province_code": raw["ADM1_PCODE"].astype(str).str.removeprefix("TH"),
            "name_th": raw["ADM2_TH"].astype(str),
            "name_en": raw["ADM2_EN"].astype(str),
        }
    )
    return gpd.GeoDataFrame(frame, geometry=raw.geometry, crs=WGS84)


def read_tambons(path: Path) -> pd.DataFrame:
    """Tambons as published (2018): codes as strings, lat/lon as floats (NaN where missing)."""
    if not path.is_file():
        raise GeodataError(f"missing geodata source file {path}")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    missing = sorted(set(TAMBON_COLUMNS) - set(raw.columns))
    if missing:
        raise GeodataError(f"{path} lacks the columns {missing}")
    frame = raw[list(TAMBON_COLUMNS)].rename(columns=TAMBON_COLUMNS)
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    frame["region_id"] = pd.to_numeric(frame["region_id"], errors="raise").astype(int)
    return frame


def layer_problems(provinces: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> list[str]:
    """Every fatal problem of the two layers, so one run tells the operator all there is to fix."""
    problems = []
    for name, frame, expected, digits in (
        ("provinces", provinces, EXPECTED_PROVINCES, 2),
        ("districts", districts, EXPECTED_DISTRICTS, 4),
    ):
        if len(frame) != expected:
            problems.append(f"expected {expected} {name}, found {len(frame)}")
        if not frame.crs or frame.crs.to_string() != WGS84:
            problems.append(f"{name} are in {frame.crs}, not {WGS84}")
        bad_codes = frame.loc[~frame["code"].str.fullmatch(rf"\d{{{digits}}}"), "code"].tolist()
        if bad_codes:
            problems.append(f"{name} codes not of {digits} digits: {bad_codes[:10]}")
        duplicates = frame.loc[frame["code"].duplicated(), "code"].tolist()
        if duplicates:
            problems.append(f"duplicate {name} codes: {duplicates[:10]}")
        invalid = frame.loc[~frame.geometry.is_valid, "code"].tolist()
        if invalid:
            problems.append(f"{name} with invalid geometry after make_valid: {invalid[:10]}")
    orphans = districts.loc[~districts["province_code"].isin(provinces["code"]), "code"].tolist()
    if orphans:
        problems.append(f"districts whose province is not in the provinces layer: {orphans[:10]}")
    misfiled = districts.loc[districts["code"].str[:2] != districts["province_code"], "code"].tolist()
    if misfiled:
        problems.append(f"district codes not starting with their province code: {misfiled[:10]}")
    return problems


def validate_layers(provinces: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> None:
    """Raise one `GeodataError` listing every fatal problem, or return quietly."""
    problems = layer_problems(provinces, districts)
    if problems:
        raise GeodataError("geodata sources failed validation: " + "; ".join(problems))
