"""Areas from the geodata package, and the 24,700 villages placed in them.

The source documents give one per-province figure (Surat Thani: 395 villages); the rest of the
24,700 are spread over the provinces in proportion to their tambons, which is how muban counts
scale in reality. Each village sits a short walk-to-drive from its tambon's centroid and always
inside its district's polygon, so every map layer and every point-in-polygon check agrees.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo import names
from demo.context import PROGRAMME_VILLAGES, DemoContext
from geodata.load import districts, provinces, regions, tambons

FIXED_VILLAGES: Final = {"10": 0, "84": 395}
"""Bangkok has khwaeng, not muban; Surat Thani's count is the documents' own figure (of 24,700)."""
JITTER_DEGREES: Final = 0.015
"""Standard deviation of a village's offset from its tambon's centroid (~1.7 km)."""
SNAP_INSET_DEGREES: Final = 0.004
"""How far inside the polygon a centroid that falls outside it is snapped (~450 m)."""

TABLES: Final = ("regions", "provinces", "districts", "subdistricts", "villages")


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    """Regions, provinces, districts and subdistricts as the geodata has them, and the villages."""
    rng = ctx.rng("areas")
    district_frame = districts()
    subdistricts = place_tambons(tambons(), district_frame, rng, ctx.notes)
    villages = make_villages(subdistricts, district_frame, rng, ctx.villages)
    province_frame = pd.DataFrame(provinces().drop(columns="geometry"))
    return {
        "regions": regions(),
        "provinces": province_frame,
        "districts": pd.DataFrame(district_frame.drop(columns="geometry")),
        "subdistricts": subdistricts,
        "villages": villages.merge(province_frame[["code", "region_id"]].rename(columns={"code": "province_code"})),
    }


def place_tambons(
    frame: pd.DataFrame, district_frame: gpd.GeoDataFrame, rng: np.random.Generator, notes: list[str]
) -> pd.DataFrame:
    """Tambons with a district polygon, and an anchor point (``x``, ``y``) strictly inside it.

    A tambon filed under a district code without a polygon moves to the polygon containing its
    centroid (recoded under that district when the code is free); one without coordinates is skipped.
    """
    frame = _assign_districts(frame, district_frame, notes)
    polygons = district_frame.set_index("code").geometry.loc[frame["district_code"]].to_numpy()
    shapely.prepare(polygons)
    x, y = frame["lon"].to_numpy(float, copy=True), frame["lat"].to_numpy(float, copy=True)
    known = ~np.isnan(x)
    inside = known & shapely.contains_xy(polygons, np.nan_to_num(x), np.nan_to_num(y))
    snapped = _snap_inside(polygons[known & ~inside], x[known & ~inside], y[known & ~inside])
    x[known & ~inside], y[known & ~inside] = snapped
    x[~known], y[~known] = _random_points(polygons[~known], rng)
    notes.append(f"{int((known & ~inside).sum())} tambon centroids outside their simplified district snapped inside")
    notes.append(f"{int((~known).sum())} tambons without coordinates placed at random in their district")
    return frame.assign(x=x, y=y, centroid_inside=inside)


def _assign_districts(frame: pd.DataFrame, district_frame: gpd.GeoDataFrame, notes: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    orphan = ~frame["district_code"].isin(district_frame["code"])
    points = gpd.GeoSeries(gpd.points_from_xy(frame.loc[orphan, "lon"], frame.loc[orphan, "lat"]), crs=4326)
    hits = gpd.sjoin(gpd.GeoDataFrame(geometry=points), district_frame[["code", "province_code", "geometry"]])
    hits = hits[~hits.index.duplicated()]
    index = frame.index[orphan][hits.index]
    recoded = hits["code"].to_numpy() + frame.loc[index, "code"].str[4:].to_numpy()
    free = ~pd.Index(recoded).isin(frame["code"])
    frame.loc[index[free], "code"] = recoded[free]
    frame.loc[index, "district_code"] = hits["code"].to_numpy()
    frame.loc[index, "province_code"] = hits["province_code"].to_numpy()
    skipped = frame[~frame["district_code"].isin(district_frame["code"])]
    notes.append(f"{len(index)} tambons moved to the district polygon containing their centroid")
    if len(skipped):
        notes.append(
            f"{len(skipped)} tambons skipped (no district polygon, no coordinates): district codes "
            + ", ".join(sorted(skipped["district_code"].unique()))
        )
    return frame.drop(index=skipped.index).sort_values("code").reset_index(drop=True)


def _snap_inside(polygons: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The point of each polygon's inset nearest the centroid (the polygon's surface point if too thin)."""
    inner = shapely.buffer(polygons, -SNAP_INSET_DEGREES)
    inner = np.where(shapely.is_empty(inner), shapely.point_on_surface(polygons), inner)
    nearest = shapely.get_point(shapely.shortest_line(inner, shapely.points(x, y)), 0)
    return shapely.get_x(nearest), shapely.get_y(nearest)


def _random_points(polygons: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A uniform random point inside each polygon (rejection sampling in its bounding box)."""
    points = [_random_point(polygon, rng) for polygon in polygons]
    return np.array([p[0] for p in points], float), np.array([p[1] for p in points], float)


def _random_point(polygon: shapely.Geometry, rng: np.random.Generator) -> tuple[float, float]:
    west, south, east, north = polygon.bounds
    while True:
        x, y = rng.uniform(west, east, 64), rng.uniform(south, north, 64)
        inside = shapely.contains_xy(polygon, x, y)
        if inside.any():
            return float(x[inside][0]), float(y[inside][0])


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer shares of ``total`` proportional to ``weights`` that sum exactly to ``total``."""
    exact = total * weights / weights.sum()
    shares = np.floor(exact).astype(int)
    order = np.argsort(-(exact - shares), kind="stable")
    shares[order[: total - shares.sum()]] += 1
    return shares


def province_allocation(subdistricts: pd.DataFrame, total: int = PROGRAMME_VILLAGES) -> pd.Series:
    """Villages per province: fixed where the documents say so, the rest by number of tambons.

    A larger ``total`` (the next phase's ~75,000) scales the documents' figures in proportion, so
    the 24,700 of today stay exactly as they are.
    """
    tambon_counts = subdistricts.groupby("province_code").size()
    free = tambon_counts.drop(index=list(FIXED_VILLAGES), errors="ignore")
    fixed_counts = {code: round(count * total / PROGRAMME_VILLAGES) for code, count in FIXED_VILLAGES.items()}
    shares = largest_remainder(total - sum(fixed_counts.values()), free.to_numpy(float))
    fixed = pd.Series(fixed_counts).reindex(tambon_counts.index).dropna().astype(int)
    return pd.concat([pd.Series(shares, index=free.index), fixed]).sort_index()


def make_villages(
    subdistricts: pd.DataFrame, district_frame: gpd.GeoDataFrame, rng: np.random.Generator, total: int
) -> pd.DataFrame:
    """The villages: moo 1..n per tambon, named, placed near the tambon's anchor inside its district."""
    counts = np.zeros(len(subdistricts), int)
    for province, in_province in province_allocation(subdistricts, total).items():
        rows = np.flatnonzero(subdistricts["province_code"].to_numpy() == province)
        counts[rows] = largest_remainder(int(in_province), rng.gamma(3.0, size=len(rows)))
    tambon = np.repeat(np.arange(len(subdistricts)), counts)
    moo = np.concatenate([np.arange(1, n + 1) for n in counts])
    source = subdistricts.iloc[tambon]
    name_th, name_en = names.village_names(rng, counts[counts > 0])
    polygons = district_frame.set_index("code").geometry.loc[source["district_code"]].to_numpy()
    lon, lat = _scatter_inside(polygons, source["x"].to_numpy(), source["y"].to_numpy(), rng)
    return pd.DataFrame(
        {
            "code": source["code"].to_numpy() + np.char.zfill(moo.astype(str), 2),
            "moo": moo,
            "name_th": name_th,
            "name_en": name_en,
            "subdistrict_code": source["code"].to_numpy(),
            "district_code": source["district_code"].to_numpy(),
            "province_code": source["province_code"].to_numpy(),
            "lat": lat,
            "lon": lon,
        }
    )


def _scatter_inside(
    polygons: np.ndarray, x: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Random offsets around each anchor, halved until the point is inside its polygon (else the anchor)."""
    shapely.prepare(polygons)
    dx, dy = rng.normal(0.0, JITTER_DEGREES, (2, len(x)))
    px, py = x.copy(), y.copy()
    pending = np.ones(len(x), bool)
    for _ in range(8):
        candidate_x, candidate_y = x + dx, y + dy
        ok = pending & shapely.contains_xy(polygons, candidate_x, candidate_y)
        px[ok], py[ok] = candidate_x[ok], candidate_y[ok]
        pending &= ~ok
        dx, dy = dx / 2, dy / 2
    return np.round(px, 6), np.round(py, 6)
