"""One set-up step: source files in, cleaned and reconciled layers plus web payloads out, in the cache.

It runs at every start (`python -m cli setup`), so a run with unchanged sources only compares a
fingerprint of the source files and returns the stored report.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import geothai
import pandas as pd

from geodata.clean import read_districts, read_provinces, read_tambons, validate_layers
from geodata.reconcile import Mismatches, reconcile
from geodata.sources import SOURCE_FILES, GeodataError, geodata_cache_dir, geodata_source_dir
from geodata.weblayers import web_layers

CACHE_FORMAT = 2  # bump when the cache's layout or content rules change, to force a rebuild
PROVINCES_FILE = "provinces.gpkg"
DISTRICTS_FILE = "districts.gpkg"
TAMBONS_FILE = "tambons.csv"
WEB_DIR = "web"
MISMATCHES_FILE = "mismatches.json"
REPORT_FILE = "report.json"
FINGERPRINT_FILE = "fingerprint.json"
OUTPUTS = (PROVINCES_FILE, DISTRICTS_FILE, TAMBONS_FILE, f"{WEB_DIR}/provinces.geojson", f"{WEB_DIR}/districts.geojson")


@dataclass(frozen=True)
class GeodataReport:
    """What `prepare_geodata` found, printed as one line by the set-up command."""

    provinces: int
    districts: int
    tambons: int
    tambons_without_coordinates: int
    mismatches: dict[str, int]
    rebuilt: bool
    seconds: float
    cache: str

    def __str__(self) -> str:
        found = ", ".join(f"{kind} {count}" for kind, count in self.mismatches.items() if count) or "none"
        action = f"rebuilt in {self.seconds:.1f} s" if self.rebuilt else "cache up to date"
        return (
            f"{self.provinces} provinces, {self.districts} districts, {self.tambons} tambons "
            f"({self.tambons_without_coordinates} without coordinates); mismatches: {found}; {action} ({self.cache})"
        )


def source_fingerprint(src: Path) -> dict[str, Any]:
    """Names, sizes and mtimes of the sources plus what else shapes the cache (format, geothai data)."""
    files = {}
    for name in SOURCE_FILES:
        path = src / name
        if not path.is_file():
            raise GeodataError(f"missing geodata source file {path} (GEODATA_SRC must hold {', '.join(SOURCE_FILES)})")
        stat = path.stat()
        files[name] = [stat.st_size, stat.st_mtime_ns]
    return {"source": str(src.resolve()), "files": files, "format": CACHE_FORMAT, "geothai": geothai.DATA_VERSION}


def _write_bytes(path: Path, content: bytes) -> None:
    """Write through a temporary file so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def _write_json(path: Path, content: Any) -> None:
    _write_bytes(path, json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8"))


def _write_layer(path: Path, frame: gpd.GeoDataFrame) -> None:
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp.gpkg")
    frame.to_file(temporary, driver="GPKG", engine="pyogrio", layer=path.stem)
    os.replace(temporary, path)


def _with_regions(provinces: gpd.GeoDataFrame, tambons: pd.DataFrame) -> gpd.GeoDataFrame:
    """Each province's region id, taken from its tambons (the polygons carry no region)."""
    region_ids = provinces["code"].map(tambons.groupby("province_code")["region_id"].first())
    if region_ids.isna().any():
        missing = provinces.loc[region_ids.isna(), "code"].tolist()
        raise GeodataError(f"provinces without any tambon in tambons.csv, so without a region: {missing}")
    return provinces.assign(region_id=region_ids.astype(int))


def _cached_report(cache: Path, fingerprint: dict[str, Any]) -> dict[str, Any] | None:
    """The stored report when the cache was built from exactly these sources and is still whole, else None."""
    if not all((cache / name).is_file() for name in OUTPUTS):
        return None
    try:
        stored = json.loads((cache / FINGERPRINT_FILE).read_text(encoding="utf-8"))
        report = json.loads((cache / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if stored == fingerprint else None


def _build(src: Path, cache: Path) -> tuple[dict[str, Any], Mismatches]:
    """Read, clean, validate, reconcile and write everything; returns report fields and mismatches."""
    provinces = read_provinces(src / "provinces.geojson")
    districts = read_districts(src / "districts.geojson")
    validate_layers(provinces, districts)
    tambons = read_tambons(src / "tambons.csv")
    provinces, districts, tambons, mismatches = reconcile(provinces, districts, tambons)
    provinces = _with_regions(provinces, tambons)
    _write_layer(cache / PROVINCES_FILE, provinces)
    _write_layer(cache / DISTRICTS_FILE, districts)
    _write_bytes(cache / TAMBONS_FILE, tambons.drop(columns="province_th").to_csv(index=False).encode("utf-8"))
    for name, payload in web_layers(provinces, districts).items():
        _write_bytes(cache / WEB_DIR / name, payload)
    counts = {
        "provinces": len(provinces),
        "districts": len(districts),
        "tambons": len(tambons),
        "tambons_without_coordinates": int(tambons[["lat", "lon"]].isna().any(axis=1).sum()),
        "mismatches": {kind: len(found) for kind, found in mismatches.items()},
    }
    return counts, mismatches


def prepare_geodata(src: Path | None = None, cache: Path | None = None, *, force: bool = False) -> GeodataReport:
    """Build the geodata cache from the sources unless it was already built from these exact files."""
    started = time.perf_counter()
    src = src or geodata_source_dir()
    cache = cache or geodata_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    fingerprint = source_fingerprint(src)
    stored = None if force else _cached_report(cache, fingerprint)
    if stored is not None:
        return GeodataReport(**stored, rebuilt=False, seconds=time.perf_counter() - started, cache=str(cache))
    (cache / FINGERPRINT_FILE).unlink(missing_ok=True)  # a half-finished rebuild must look stale
    counts, mismatches = _build(src, cache)
    _write_json(cache / MISMATCHES_FILE, mismatches)
    _write_json(cache / REPORT_FILE, counts)
    _write_json(cache / FINGERPRINT_FILE, fingerprint)
    return GeodataReport(**counts, rebuilt=True, seconds=time.perf_counter() - started, cache=str(cache))
