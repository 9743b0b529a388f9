"""The read API on the hand-made database: figures, formats and clear 4xx answers for bad input."""

import csv
import io

import pytest

from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = new_database_url(tmp_path_factory.mktemp("api"), "small")
    build_small_database(url)
    return signed_in_client(dashboard(url).server)


def test_healthz(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json["status"] == "ok"


def test_summary_has_the_documented_fields(client):
    summary = client.get("/api/v1/summary?as_of=2019-02-01").json
    assert summary["villages"] == 4 and summary["provinces"] == 3
    assert summary["hotspots"] == {
        "total": 5,
        "online": 2,
        "degraded": 1,
        "offline": 1,
        "no_data": 1,
        "online_pct": 40.0,
    }
    assert summary["volunteers"]["registered"] == 3 and summary["volunteers"]["trained"] == 1
    assert summary["training"]["sessions_total"] == 3 and summary["training"]["sessions_done"] == 2


def test_summary_defaults_to_the_default_date(client):
    assert client.get("/api/v1/summary").json["as_of"] == "2019-02-01"


def test_provinces_list_and_one_province(client):
    provinces = {p["code"]: p for p in client.get("/api/v1/provinces").json["provinces"]}
    assert set(provinces) == {"10", "50", "84"}
    surat = provinces["84"]
    assert surat["name_th"] == "สุราษฎร์ธานี" and surat["villages"] == 3
    assert surat["training_session_date"] == "2019-02-01"
    assert provinces["10"]["hotspot_online_pct"] is None  # Bangkok: no villages, no share
    one = client.get("/api/v1/provinces/84?as_of=2019-01-31").json
    assert one["training_session"] == {"date": "2019-02-01", "status": "scheduled"}


def test_districts_of_a_province(client):
    districts = client.get("/api/v1/provinces/84/districts").json["districts"]
    assert [d["code"] for d in districts] == ["8401", "8402"]


def test_villages_as_json_geojson_and_csv(client):
    villages = client.get("/api/v1/villages?province=84").json
    assert villages["total"] == 3
    geojson = client.get("/api/v1/villages?district=8401&format=geojson").json
    assert {f["id"] for f in geojson["features"]} == {"84010101", "84010102"}
    assert geojson["features"][0]["geometry"]["type"] == "Point"
    answer = client.get("/api/v1/villages?province=84&format=csv")
    text = answer.data.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel shows Thai only with the BOM
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["name_th"] == "บ้านหนองบัว" and len(rows) == 3


def test_no_personal_data_in_answers(client):
    for url in ("/api/v1/villages?format=csv", "/api/v1/villages", "/api/v1/provinces/84"):
        body = client.get(url).data.decode("utf-8")
        assert "สมชาย" not in body and "081-234-5678" not in body


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/summary?as_of=2019-13-01", 400, "YYYY-MM-DD"),
        ("/api/v1/summary?as_of=2030-01-01", 400, "outside the data"),
        ("/api/v1/provinces/99", 404, "no area"),
        ("/api/v1/provinces/8x", 400, "not an area code"),
        ("/api/v1/provinces/8401", 400, "2 digits"),
        ("/api/v1/villages?district=5001&province=84", 400, "not in province"),
        ("/api/v1/villages?format=xml", 400, "format must be"),
        ("/api/v1/nothing-here", 404, ""),
    ],
)
def test_bad_input_gets_a_clear_4xx(client, url, status, message):
    answer = client.get(url)
    assert answer.status_code == status
    assert message in answer.json["error"]["message"]
