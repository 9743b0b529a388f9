"""The geodata package against the real source files, plus tiny hand-made fixtures for failures."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import flask
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from geodata import load
from geodata.clean import TAMBON_COLUMNS
from geodata.prepare import MISMATCHES_FILE, GeodataReport, prepare_geodata
from geodata.sources import GeodataError, geodata_source_dir
from geodata.web import geodata_blueprint

KB = 1000


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeodataReport]:
    """Prepare the real sources once into a temporary cache that `geodata.load` reads."""
    cache = tmp_path_factory.mktemp("geodata-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEODATA_CACHE", str(cache))
        load.clear_caches()
        yield prepare_geodata(cache=cache)
    load.clear_caches()


def _features(payload: bytes) -> list[dict]:
    collection = json.loads(payload.decode("utf-8"))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def test_real_files_validate(prepared: GeodataReport) -> None:
    provinces, districts = load.provinces(), load.districts()
    assert (prepared.provinces, prepared.districts) == (77, 928)
    assert (len(provinces), len(districts)) == (77, 928)
    for layer in (provinces, districts):
        assert layer.crs.to_epsg() == 4326
        assert layer.geometry.is_valid.all() and not layer.geometry.is_empty.any()
    assert provinces["code"].str.fullmatch(r"\d{2}").all() and "84" in set(provinces["code"])
    assert districts["code"].str.fullmatch(r"\d{4}").all() and districts["code"].is_unique
    assert districts["province_code"].isin(provinces["code"]).all()
    assert (districts["code"].str[:2] == districts["province_code"]).all()


def test_every_district_lies_in_its_province(prepared: GeodataReport) -> None:
    # The province layer is simplified harder and lost a few islands (Ko Yao, Ko Sichang): 8 districts'
    # representative points miss it, none by more than ~15 km.
    provinces = load.provinces().set_index("code").geometry
    districts = load.districts()
    home = gpd.GeoSeries(districts["province_code"].map(provinces).values, crs=4326).values
    assert shapely.contains(home, districts.representative_point().values).mean() > 0.99
    assert (shapely.distance(home, districts.geometry.values) < 0.15).all()
    assert prepared.mismatches["districts_outside_their_province_polygon"] < 10


def test_official_names_regions_and_tambons(prepared: GeodataReport) -> None:
    surat = load.provinces().set_index("code").loc["84"]
    assert (surat["name_en"], surat["name_th"]) == ("Surat Thani", "สุราษฎร์ธานี")
    assert load.provinces()["region_id"].between(1, 6).all()
    assert load.districts().set_index("code").loc["1001", "name_th"] == "เขตพระนคร"  # Bangkok khet, from geothai
    tambons = load.tambons()
    assert len(tambons) == 7375 and tambons["code"].str.fullmatch(r"\d{6}").all()
    assert tambons["lat"].isna().sum() == 64 and tambons["lat"].dtype == float
    assert set(tambons["province_code"]) == set(load.provinces()["code"])  # Bueng Kan "97" recoded to "38"
    assert list(load.regions().columns) == ["id", "name_th", "name_en"] and len(load.regions()) == 6


def test_bounds(prepared: GeodataReport) -> None:
    thailand = load.bounds("")
    assert 97 < thailand[0] < thailand[2] < 106 and 5 < thailand[1] < thailand[3] < 21
    min_lon, min_lat, max_lon, max_lat = load.bounds("8405")
    assert thailand[0] <= min_lon < max_lon <= thailand[2] and min_lat < max_lat
    with pytest.raises(KeyError):
        load.bounds("99")


@pytest.mark.parametrize(
    ("level", "province_code", "limit", "count"),
    [("province", None, 150 * KB, 77), ("district", None, 400 * KB, 928), ("district", "84", 150 * KB, 19)],
)
def test_web_layers_are_small_and_keyed(
    prepared: GeodataReport, level: str, province_code: str | None, limit: int, count: int
) -> None:
    payload = load.web_layer(level, province_code)  # type: ignore[arg-type]
    features = _features(payload)
    assert len(payload) < limit and len(features) == count
    for feature in features:
        assert feature["id"] == feature["properties"]["code"]
        assert set(feature["properties"]) == {"code", "name_th", "name_en"}
        assert shapely.from_geojson(json.dumps(feature["geometry"])).is_valid


def test_web_layer_unknown_province(prepared: GeodataReport) -> None:
    with pytest.raises(KeyError):
        load.web_layer("district", "../../etc")


def test_second_prepare_is_a_fast_no_op(prepared: GeodataReport) -> None:
    started = time.perf_counter()
    again = prepare_geodata(cache=Path(prepared.cache))
    assert time.perf_counter() - started < 1
    assert prepared.rebuilt and not again.rebuilt
    assert again.mismatches == prepared.mismatches and "up to date" in str(again)


def _copy_with_changed_district(src: Path, dest: Path) -> None:
    """The real layers with Ko Pha-ngan's code changed to one DOPA never issued, and five tambons."""
    collection = json.loads((src / "districts.geojson").read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"]["ADM2_PCODE"] == "TH8405":
            feature["properties"]["ADM2_PCODE"] = "TH8499"
    (dest / "districts.geojson").write_text(json.dumps(collection), encoding="utf-8")
    (dest / "provinces.geojson").write_bytes((src / "provinces.geojson").read_bytes())
    tambons = pd.read_csv(src / "tambons.csv", dtype=str)
    one_per_province = tambons.drop_duplicates("province_code")
    one_per_province.iloc[:1, 0] = "840599"  # a tambon code geothai does not know
    one_per_province.to_csv(dest / "tambons.csv", index=False)


def test_mismatches_are_reported_not_fatal(prepared: GeodataReport, tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    _copy_with_changed_district(geodata_source_dir(), src)
    report = prepare_geodata(src, cache)
    assert report.rebuilt and report.mismatches["district_codes_not_in_geothai"] == 1
    found = json.loads((cache / MISMATCHES_FILE).read_text(encoding="utf-8"))
    assert found["district_codes_not_in_geothai"] == ["8499"]
    assert found["geothai_district_not_in_files"] == ["8405"]
    assert "840599" in found["tambon_codes_not_in_geothai"]


def test_missing_province_is_fatal_with_a_clear_message(tmp_path: Path) -> None:
    shapes = gpd.GeoDataFrame(
        {"ADM1_PCODE": ["TH84"], "ADM1_TH": ["สุราษฎร์ธานี"], "ADM1_EN": ["Surat Thani"]},
        geometry=[box(98.9, 8.5, 100.0, 9.9)],
        crs=4326,
    )
    shapes.to_file(tmp_path / "provinces.geojson", driver="GeoJSON")
    shapes.assign(ADM2_PCODE=["TH8405"], ADM2_TH=["เกาะพะงัน"], ADM2_EN=["Ko Pha-ngan"]).to_file(
        tmp_path / "districts.geojson", driver="GeoJSON"
    )
    (tmp_path / "tambons.csv").write_text(",".join(TAMBON_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(GeodataError, match="expected 77 provinces, found 1"):
        prepare_geodata(tmp_path, tmp_path / "cache")


def test_missing_source_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GEODATA_SRC", str(tmp_path / "nowhere"))
    with pytest.raises(GeodataError, match=r"Set GEODATA_SRC to a folder holding provinces\.geojson"):
        geodata_source_dir()


def test_blueprint_serves_layers_with_etags(prepared: GeodataReport) -> None:
    app = flask.Flask(__name__)
    app.register_blueprint(geodata_blueprint())
    client = app.test_client()
    for url, count in [
        ("/geodata/provinces.geojson", 77),
        ("/geodata/districts.geojson", 928),
        ("/geodata/districts/10.geojson", 50),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and response.is_json
        assert len(_features(response.data)) == count
        assert response.cache_control.max_age >= 3600 and response.get_etag()[0]
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    missing = client.get("/geodata/districts/99.geojson")
    assert missing.status_code == 404 and "unknown province code '99'" in missing.json["error"]


def test_bueng_kan_tambons_are_filed_under_todays_districts(prepared: GeodataReport) -> None:
    """The 2018 list files Bueng Kan as province 97 with Nong Khai's district codes (43xx)."""
    tambons = load.tambons()
    bueng_kan = tambons[tambons["province_code"] == "38"]
    assert len(bueng_kan) == 64
    assert set(bueng_kan["district_code"]) <= set(load.districts()["code"])
    assert bueng_kan["code"].str.startswith("38").all() and not tambons["code"].duplicated().any()
    assert set(tambons["district_code"]) <= set(load.districts()["code"])
