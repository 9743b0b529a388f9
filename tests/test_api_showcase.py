"""``/api/v1/showcase`` on the hand-made database: filters, paging, clear 4xx answers, no personal data."""

import json

import pytest

from tests.databases import dashboard, new_database_url
from tests.showcase_small import add_showcase
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database


@pytest.fixture(scope="module")
def client(tmp_path_factory, monkeypatch_module):
    media = tmp_path_factory.mktemp("media")
    (media / "showcase" / "product").mkdir(parents=True)
    (media / "showcase" / "product" / "00.thumb.webp").write_bytes(b"RIFF0000WEBP")
    monkeypatch_module.setenv("MEDIA_DIR", str(media))
    url = new_database_url(tmp_path_factory.mktemp("api"), "small")
    add_showcase(build_small_database(url))
    return signed_in_client(dashboard(url).server)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def ids(answer):
    assert answer.status_code == 200, answer.json
    return [item["id"] for item in answer.json["items"]]


def test_list_is_paged_with_a_total(client):
    answer = client.get("/api/v1/showcase?page_size=2&page=2&as_of=2019-02-01")
    assert answer.json["total"] == 5 and answer.json["pages"] == 3 and answer.json["page"] == 2
    assert ids(answer) == [1, 2]


def test_filters(client):
    assert ids(client.get("/api/v1/showcase?province=84&kind=product")) == [1]
    assert ids(client.get("/api/v1/showcase?province=84&district=8401&kind=story,product")) == [1, 2]
    assert ids(client.get("/api/v1/showcase?village=84010101")) == [1, 2]
    assert ids(client.get("/api/v1/showcase?q=มัดหมี่")) == [1]
    assert ids(client.get("/api/v1/showcase?q=waterfall")) == [3]
    assert ids(client.get("/api/v1/showcase?as_of=2019-03-31&kind=activity")) == [6]


def test_card_fields(client):
    card = client.get("/api/v1/showcase?q=มัดหมี่").json["items"][0]
    assert card["thumbnail_url"] == "/media/showcase/product/00.thumb.webp"
    assert card["village"]["code"] == "84010101" and card["price_baht"] == 450.0
    assert card["url"] == "/api/v1/showcase/1"


def test_detail(client):
    item = client.get("/api/v1/showcase/1").json
    assert item["title_th"] == "ผ้าไหมมัดหมี่บ้านท่าทอง" and len(item["images"]) == 2
    assert item["images"][0]["url"] == "/media/showcase/product/00.webp"
    assert (item["contact_phone"], item["contact_masked"]) == ("08•-•••-••78", True)  # an admin without provinces


def test_no_personal_data_in_any_answer(client):
    for path in ("/api/v1/showcase?page_size=100&as_of=2019-03-31", "/api/v1/showcase/1", "/api/v1/showcase/5"):
        body = json.dumps(client.get(path).json, ensure_ascii=False)
        for secret in ("081-234-5678", "086-333-4444", "สมชาย", "มานี", "volunteer", "author"):
            assert secret not in body, (path, secret)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("province=8", 400, "a province code has 2 digits"),
        ("district=84x1", 400, "a district code has 4 digits"),
        ("province=50&district=8401", 400, "district 8401 is not in province 50"),
        ("province=99", 404, "no area"),
        ("kind=shop", 400, "kind must be one of"),
        ("page=0", 400, "page must be a whole number from 1 to 1000000"),
        ("page=two", 400, "page must be a whole number"),
        ("page_size=1000", 400, "page_size must be a whole number from 1 to 100"),
        ("as_of=2019-13-01", 400, "as_of must be a date"),
        ("q=" + "ก" * 101, 400, "q is at most 100 characters"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(client, query, status, message):
    answer = client.get(f"/api/v1/showcase?{query}")
    assert answer.status_code == status and message in answer.json["error"]["message"]


def test_unknown_or_malformed_item(client):
    assert client.get("/api/v1/showcase/999").status_code == 404
    assert client.get("/api/v1/showcase/6?as_of=2019-02-01").status_code == 404
    answer = client.get("/api/v1/showcase/abc")
    assert answer.status_code == 400 and "whole number" in answer.json["error"]["message"]


def test_media_is_served_with_long_cache_headers_and_etag(client):
    answer = client.get("/media/showcase/product/00.thumb.webp")
    assert answer.status_code == 200 and answer.headers["ETag"]
    assert "max-age=2592000" in answer.headers["Cache-Control"]
    again = client.get("/media/showcase/product/00.thumb.webp", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/media/../var/netpracharat.db").status_code == 404
    assert client.get("/media/showcase/product/missing.webp").status_code == 404
