"""A link to a tambon (``/?area=840101``) is a view of that subdistrict: its villages, everywhere.

On the hand-made database, subdistrict 840101 (ตลาด, Talat) of district 8401 holds two villages,
84010101 (degraded) and 84010102 (offline); district 8402 holds 84020101 in subdistrict 840201.
Added here: 840102 (มะขามเตี้ย) without villages, and 840103 (บางกุ้ง) with one village of district
8401, 84010301, and one ticket on it, which a view of 840101 must leave out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import insert

from dashboard.components.ranking import RankingSort, ranking_table
from dashboard.compose import coverage_map, lineage, map_scopes
from dashboard.ids import MapPage, Tickets
from store.core.db import make_engine, make_session_factory
from store.core.models import Subdistrict, Village
from store.core.scope import AreaScope
from store.coverage.queries import CoverageQueries
from store.tickets.models import Ticket, TicketEvent
from tests.dash_callback import post_callback
from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from view.state import ViewState

AS_OF = dt.date(2019, 2, 1)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    url = new_database_url(tmp_path_factory.mktemp("subdistrict"), "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    place = {"district_code": "8401", "province_code": "84", "lat": 9.2, "lon": 99.3}
    created = dt.datetime(2019, 1, 28, 3)
    with engine.begin() as connection:
        connection.execute(
            insert(Subdistrict),
            [
                {**place, "code": "840102", "name_th": "มะขามเตี้ย", "name_en": "Makham Tia"},
                {**place, "code": "840103", "name_th": "บางกุ้ง", "name_en": "Bang Kung"},
            ],
        )
        village = {"code": "84010301", "moo": 1, "subdistrict_code": "840103", "name_th": "บ้านบางกุ้ง"}
        connection.execute(insert(Village), [{**place, **village, "name_en": "Ban Bang Kung"}])
        ticket = {"id": 7, "village_code": "84010301", "subdistrict_code": "840103", "category": "slow"}
        connection.execute(
            insert(Ticket),
            [
                {
                    **ticket,
                    "district_code": "8401",
                    "province_code": "84",
                    "reporter_volunteer_id": 1,
                    "title_th": "เน็ตช้า",
                    "description_th": "เน็ตช้า",
                    "agency": "tot",
                    "created_at": created,
                    "status": "not_started",
                    "status_at": created,
                }
            ],
        )
        event = {"ticket_id": 7, "at": created, "recorded_at": created, "to_status": "not_started"}
        connection.execute(insert(TicketEvent), [{**event, "actor_role": "reporter"}])
    return url


@pytest.fixture(scope="module")
def client(database_url):
    return signed_in_client(dashboard(database_url).server)


@pytest.fixture(scope="module")
def queries(database_url) -> CoverageQueries:
    return CoverageQueries(make_session_factory(make_engine(database_url)))


def figures_of(client, search: str, sort: dict | None = None) -> dict:
    """What the KPI, ranking and village-panel callback answers for a page at ``search``."""
    outputs = [
        (MapPage.KPIS, "children"),
        (MapPage.FRESHNESS, "children"),
        (MapPage.RANKING_TITLE, "children"),
        (MapPage.RANKING, "children"),
        (MapPage.VILLAGE_PANEL, "children"),
    ]
    status, answer = post_callback(
        client, outputs, [(MapPage.URL, "search", search), (MapPage.RANKING_SORT, "data", sort)]
    )
    assert status == 200, answer
    return answer["response"]


def texts(node) -> list[str]:
    """Every string inside a Dash component tree as the callback answered it."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for child in node for text in texts(child)]
    if isinstance(node, dict):
        return texts(node.get("props", {}).get("children")) if "props" in node else []
    return []


def links(node) -> list[str]:
    if isinstance(node, list):
        return [href for child in node for href in links(child)]
    if not isinstance(node, dict):
        return []
    props = node.get("props", {})
    return ([props["href"]] if "href" in props else []) + links(props.get("children"))


def test_the_page_of_a_subdistrict_shows_its_figures_and_ranks_its_villages(client):
    response = figures_of(client, "?area=840101&lang=en&as_of=2019-02-01")
    assert "2" in texts(response[MapPage.KPIS]["children"])  # two villages
    assert response[MapPage.RANKING_TITLE]["children"] == "Villages"
    ranked = texts(response[MapPage.RANKING]["children"])
    assert "Ban Nong Bua" in ranked and "Ban Don Daeng" in ranked and "Ban Bang Kung" not in ranked
    assert "/?area=84010102&metric=hotspot&lang=en&as_of=2019-02-01" in links(response[MapPage.RANKING]["children"])


def test_a_subdistrict_without_villages_says_so(client):
    response = figures_of(client, "?area=840102")
    assert response[MapPage.RANKING_TITLE]["children"] == "หมู่บ้าน"
    assert texts(response[MapPage.RANKING]["children"]) == ["ไม่มีหมู่บ้านในโครงการในพื้นที่นี้"]
    english = figures_of(client, "?area=840102&lang=en")
    assert texts(english[MapPage.RANKING]["children"]) == ["No programme villages in this area"]


def test_the_map_of_a_subdistrict_draws_its_villages_framed_on_them(queries):
    scopes = map_scopes(AreaScope("840101"))
    assert scopes.villages_scope == AreaScope("840101") and scopes.outline_code == "8401"
    assert scopes.areas_scope == AreaScope("84")
    state = ViewState("840101", "hotspot", "th", AS_OF)
    figure = coverage_map(queries, state, lambda code: (99.0, 9.0, 99.6, 9.4))
    points = {
        (round(float(lat), 4), round(float(lon), 4))
        for trace in figure.data
        if trace.type == "scattermap" and trace.lat is not None
        for lat, lon in zip(trace.lat, trace.lon, strict=True)
    }
    assert points == {(9.14, 99.33), (9.15, 99.34)}  # its own two villages, not 84020101
    centre = figure.layout.map.center
    assert 9.14 <= centre.lat <= 9.15 and 99.33 <= centre.lon <= 99.34  # between its two villages
    assert figure.layout.map.zoom > 10  # framed on the villages, not on the district's box


def test_the_breadcrumb_names_the_subdistrict_in_view_but_not_above_a_village(queries):
    assert [area.code for area in lineage(queries, AreaScope("840101"))] == ["", "84", "8401", "840101"]
    assert [area.code for area in lineage(queries, AreaScope("84010101"))] == ["", "84", "8401", "84010101"]


def test_the_tickets_tab_of_a_subdistrict_counts_its_tickets_by_village(client):
    outputs = [(Tickets.SUMMARY, "children"), (Tickets.FLOW, "figure"), (Tickets.BACKLOG, "children")]
    inputs = [(Tickets.VIEW, "data", "?area=840101&lang=en")]
    status, answer = post_callback(client, outputs, inputs)
    assert status == 200, answer
    backlog = texts(answer["response"][Tickets.BACKLOG]["children"])
    assert "Ban Don Daeng" in backlog and "Ban Bang Kung" not in backlog


def test_the_api_lists_a_subdistricts_villages_and_tickets(client):
    villages = client.get("/api/v1/villages?subdistrict=840101").get_json()
    assert sorted(village["code"] for village in villages["villages"]) == ["84010101", "84010102"]
    tickets = client.get("/api/v1/tickets?subdistrict=840101&as_of=2019-02-01").get_json()
    assert tickets["area"] == "840101" and tickets["total"] == 3  # #1, #2, #3 (#6 is reported later)
    assert client.get("/api/v1/villages?district=8402&subdistrict=840101").status_code == 400
    assert client.get("/api/v1/tickets?subdistrict=849999").status_code == 404


def test_an_empty_ranking_is_a_sentence_not_an_empty_table():
    empty = pd.DataFrame(columns=["code", "name_th", "name_en", "villages"])
    ranking = ranking_table(empty, ViewState("8401", "hotspot", "en", AS_OF), RankingSort(), with_training=False)
    assert ranking.children.children == "No programme villages in this area"
