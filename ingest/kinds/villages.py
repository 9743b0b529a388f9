"""The programme's village list: one row per village (DOPA code), with its place and its point.

Checked against our geodata: the village code begins with its subdistrict, district and province
codes (and any names given match those codes), the subdistrict exists, and the point lies in
Thailand and within ``DISTRICT_TOLERANCE_KM`` of its district's polygon. A point that is outside
Thailand but would be inside with latitude and longitude exchanged is reported as swapped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar, Final

import geopandas as gpd
import numpy as np
import shapely
from pydantic import Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from geodata.load import districts
from ingest.kinds.base import (
    Accepted,
    Column,
    Count,
    DistrictCode,
    Number,
    ProvinceCode,
    Rejection,
    RowModel,
    SubdistrictCode,
    Text,
    UpsertKind,
    VillageCode,
)
from ingest.messages import Reason
from store.core.models import Base, District, Province, Subdistrict, Village
from store.showcase import models as showcase_models  # noqa: F401 - its items name villages
from store.tickets import models as ticket_models  # noqa: F401 - tickets name villages

DISTRICT_TOLERANCE_KM: Final = 5.0
"""How far outside its district's polygon a village's point may lie (GPS readings, simplified borders)."""
KM_PER_DEGREE: Final = 111.0
"""Close enough at Thailand's latitudes (5–21° N) for a tolerance of a few kilometres."""
THAILAND_MARGIN_DEGREES: Final = 0.02


class VillageRow(RowModel):
    code: VillageCode
    moo: Count = Field(ge=1, le=99)
    name_th: Text = Field(min_length=1, max_length=128)
    name_en: Text = Field(default="", max_length=128)
    subdistrict_code: SubdistrictCode | None = None
    district_code: DistrictCode | None = None
    province_code: ProvinceCode | None = None
    subdistrict_name: Text | None = None
    district_name: Text | None = None
    province_name: Text | None = None
    lat: Number
    lon: Number


LEVELS: Final = (
    ("subdistrict", 6, "ตำบล", Subdistrict),
    ("district", 4, "อำเภอ", District),
    ("province", 2, "จังหวัด", Province),
)


class Villages(UpsertKind):
    name = "villages"
    title_th = "หมู่บ้าน"
    title_en = "villages"
    scope = None  # the programme's list comes from the ministry as a file, never from a machine
    source_id_field = "code"
    model = VillageRow
    table = Village.__table__  # type: ignore[assignment]
    key_columns = ("code",)
    compared = ("moo", "name_th", "name_en", "subdistrict_code", "district_code", "province_code", "lat", "lon")
    columns: ClassVar = (
        Column("code", ("village_code", "code", "รหัสหมู่บ้าน", "villagecode")),
        Column("moo", ("moo", "หมู่ที่", "หมู่", "village_no")),
        Column("name_th", ("name_th", "ชื่อหมู่บ้าน", "ชื่อหมู่บ้าน(ไทย)", "thai_name")),
        Column("name_en", ("name_en", "ชื่อหมู่บ้าน(อังกฤษ)", "ชื่อภาษาอังกฤษ", "english_name")),
        Column("subdistrict_code", ("subdistrict_code", "tambon_code", "รหัสตำบล")),
        Column("district_code", ("district_code", "amphoe_code", "รหัสอำเภอ")),
        Column("province_code", ("province_code", "changwat_code", "รหัสจังหวัด")),
        Column("subdistrict_name", ("subdistrict", "tambon", "ตำบล", "ชื่อตำบล")),
        Column("district_name", ("district", "amphoe", "อำเภอ", "ชื่ออำเภอ")),
        Column("province_name", ("province", "changwat", "จังหวัด", "ชื่อจังหวัด")),
        Column("lat", ("lat", "latitude", "ละติจูด")),
        Column("lon", ("lon", "lng", "long", "longitude", "ลองจิจูด")),
    )

    def record(self, row: Any) -> dict[str, Any]:
        code: str = row.code
        return {
            "code": code,
            "moo": row.moo,
            "name_th": row.name_th,
            "name_en": row.name_en,
            "subdistrict_code": code[:6],
            "district_code": code[:4],
            "province_code": code[:2],
            "lat": row.lat,
            "lon": row.lon,
        }

    def removals(self, session: Session, rows: list[Accepted], province: str) -> tuple[list[str], list[str]]:
        """The province's stored villages the file leaves out: those that can go, and those that must
        stay because something still names them (hotspots, volunteers, registrations, tickets, items)."""
        listed = {accepted.row.code for accepted in rows}
        stored = set(session.scalars(select(Village.code).where(Village.province_code == province)))
        missing = sorted(stored - listed)
        named: set[str] = set()
        for column in _columns_naming_villages():
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                named.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
        return [code for code in missing if code not in named], [code for code in missing if code in named]

    def remove(self, session: Session, codes: list[str]) -> None:
        for start in range(0, len(codes), 500):
            session.execute(delete(Village).where(Village.code.in_(codes[start : start + 500])))

    def outside_province(self, rows: list[Accepted], province: str) -> list[Rejection]:
        """Rows of another province in a file that replaces one province's list."""
        return [
            Rejection(accepted.line, accepted.cells, "code", Reason.of("other_province", value=province))
            for accepted in rows
            if accepted.row.code[:2] != province
        ]

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        names = _area_names(session)
        rejected = [problem for accepted in rows if (problem := _code_problem(accepted, names))]
        refused_lines = {problem.line for problem in rejected}
        placed = [accepted for accepted in rows if accepted.line not in refused_lines]
        return rejected + _point_problems(placed)


def _columns_naming_villages() -> list[Any]:
    """Every column of our tables with a foreign key to a village (found in the models, not listed)."""
    return [
        key.parent
        for table in Base.metadata.sorted_tables
        for key in table.foreign_keys
        if key.column.table.name == Village.__tablename__
    ]


def _area_names(session: Session) -> dict[str, tuple[str, str]]:
    """Each known area code with its Thai and English names."""
    known: dict[str, tuple[str, str]] = {}
    for model in (Subdistrict, District, Province):
        for code, name_th, name_en in session.execute(select(model.code, model.name_th, model.name_en)):
            known[code] = (name_th, name_en)
    return known


def _code_problem(accepted: Accepted, names: dict[str, tuple[str, str]]) -> Rejection | None:
    row = accepted.row
    code: str = row.code
    if row.moo != int(code[6:]):
        return Rejection(accepted.line, accepted.cells, "moo", Reason.of("moo_mismatch", value=row.moo, code=code))
    for level, digits, level_th, _model in LEVELS:
        given = getattr(row, f"{level}_code")
        if given is not None and given != code[:digits]:
            reason = Reason.of("code_mismatch", code=code, level=level_th, level_en=level, value=given)
            return Rejection(accepted.line, accepted.cells, f"{level}_code", reason)
        name = getattr(row, f"{level}_name")
        expected = names.get(code[:digits])
        if name and expected and name.lower() not in {known.lower() for known in expected}:
            shown = " / ".join(expected)
            reason = Reason.of(
                "name_mismatch", level=level_th, level_en=level, value=name, code=code[:digits], expected=shown
            )
            return Rejection(accepted.line, accepted.cells, f"{level}_name", reason)
    if code[:6] not in names:
        return Rejection(accepted.line, accepted.cells, "code", Reason.of("unknown_subdistrict", value=code[:6]))
    return None


@lru_cache(maxsize=1)
def _thailand() -> shapely.Geometry:
    outline = shapely.union_all(districts().geometry.to_numpy()).buffer(THAILAND_MARGIN_DEGREES)
    shapely.prepare(outline)
    return outline


@lru_cache(maxsize=1)
def _district_shapes() -> dict[str, shapely.Geometry]:
    frame: gpd.GeoDataFrame = districts()
    return dict(zip(frame["code"], frame.geometry, strict=True))


def _point_problems(rows: list[Accepted]) -> list[Rejection]:
    """Points outside Thailand (or swapped), and points too far from their district's polygon."""
    if not rows:
        return []
    lat = np.array([accepted.row.lat for accepted in rows])
    lon = np.array([accepted.row.lon for accepted in rows])
    inside = shapely.contains_xy(_thailand(), lon, lat)
    swapped = ~inside & shapely.contains_xy(_thailand(), lat, lon)
    shapes = _district_shapes()
    polygons = np.array([shapes.get(accepted.row.code[:4]) for accepted in rows], dtype=object)
    km = shapely.distance(polygons, shapely.points(lon, lat)) * KM_PER_DEGREE  # NaN without a polygon
    problems: list[Rejection] = []
    for index, accepted in enumerate(rows):
        where = {"lat": accepted.row.lat, "lon": accepted.row.lon}
        if swapped[index]:
            problems.append(Rejection(accepted.line, accepted.cells, "lat", Reason.of("swapped_lat_lon", **where)))
        elif not inside[index]:
            problems.append(Rejection(accepted.line, accepted.cells, "lat", Reason.of("outside_thailand", **where)))
        elif km[index] > DISTRICT_TOLERANCE_KM:
            reason = Reason.of("far_from_district", district=accepted.row.code[:4], km=round(float(km[index]), 1))
            problems.append(Rejection(accepted.line, accepted.cells, "lat", reason))
    return problems
