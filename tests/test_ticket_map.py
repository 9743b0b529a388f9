"""The open-ticket map layer, the overlay patch plan and the village panel's extra sections."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from callbacks.map_overlays import plan_changes
from dashboard.components.village_extras import village_extras
from layers.palette import STATE_COLOURS
from layers.tickets import (
    TICKET_COLOUR,
    TICKET_LAYER,
    circle_sizes,
    province_ticket_circles,
    village_ticket_markers,
)
from store.core.db import make_session_factory
from store.core.scope import AreaScope
from store.showcase.queries import ShowcaseQueries
from store.tickets.queries import TicketQueries
from tests.databases import new_database_url
from tests.showcase_small import add_showcase
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

FEB_1 = dt.date(2019, 2, 1)
PROVINCES = pd.DataFrame(
    {
        "code": ["84", "50", "10"],
        "name_th": ["สุราษฎร์ธานี", "เชียงใหม่", "กรุงเทพมหานคร"],
        "lat": [9.1, 18.8, 13.7],
        "lon": [99.3, 98.9, 100.5],
        "open": [16, 4, 0],
    }
)
VILLAGE_TICKETS = pd.DataFrame(
    {
        "code": ["84010102", "84010102", "84020101"],
        "name_en": ["Ban Don Daeng", "Ban Don Daeng", "Ban Nong Bua"],
        "lat": [9.2, 9.2, 9.4],
        "lon": [99.2, 99.2, 99.4],
        "category": ["login", "outage", "request"],
        "open": [1, 2, 1],
    }
)
CATEGORY_LABELS = {"outage": "No signal / outage", "login": "WiFi registration/login", "request": "Request"}


def test_province_circles_are_sized_labelled_and_tagged():
    outline, circles = province_ticket_circles(PROVINCES, name_column="name_th", label="เรื่องค้าง")
    assert list(circles.customdata) == ["84", "50"]  # Bangkok has none open: no circle
    assert circles.name == "เรื่องค้าง (20)" and circles.showlegend is not False and outline.showlegend is False
    assert circles.hovertext == ("<b>สุราษฎร์ธานี</b><br>เรื่องค้าง: 16", "<b>เชียงใหม่</b><br>เรื่องค้าง: 4")
    sizes = np.asarray(circles.marker.size)
    assert sizes[0] == pytest.approx(2 * sizes[1])  # four times the tickets, four times the area
    assert np.all(np.asarray(outline.marker.size) > sizes)  # the dark ring shows around each circle
    assert circles.marker.color == TICKET_COLOUR and TICKET_COLOUR not in STATE_COLOURS.values()
    assert outline.meta == circles.meta == {"layer": TICKET_LAYER}
    assert outline.hoverinfo == "skip"


def test_village_markers_sum_categories_and_list_them_on_hover():
    _outline, markers = village_ticket_markers(
        VILLAGE_TICKETS, name_column="name_en", label="Open tickets", category_labels=CATEGORY_LABELS
    )
    assert list(markers.customdata) == ["84010102", "84020101"] and markers.name == "Open tickets (4)"
    assert markers.hovertext[0] == (
        "<b>Ban Don Daeng</b><br>Open tickets: 3<br>No signal / outage: 2<br>WiFi registration/login: 1"
    )
    assert markers.meta == {"layer": TICKET_LAYER}


def test_no_open_tickets_still_gives_a_legend_entry():
    empty = VILLAGE_TICKETS.iloc[0:0]
    _outline, markers = village_ticket_markers(empty, name_column="name_en", label="Open", category_labels={})
    assert markers.name == "Open (0)" and len(markers.lat) == 0


def test_circle_sizes_grow_with_the_square_root_and_stay_in_bounds():
    assert circle_sizes(np.array([100, 25, 0]), 10, 40).tolist() == [40, 20, 10]
    assert circle_sizes(np.array([0]), 10, 40).tolist() == [10]


def test_overlay_plan_removes_exactly_one_overlays_traces():
    # showcase (5 traces) then tickets (2): switching showcase off deletes indices -3 five times
    assert plan_changes([("showcase", 5), ("tickets", 2)], ["tickets"]) == ([-3] * 5, [("tickets", 2)], [])
    assert plan_changes([("showcase", 5), ("tickets", 2)], ["showcase"]) == ([-1, -1], [("showcase", 5)], [])
    assert plan_changes([("showcase", 5)], ["showcase", "tickets"]) == ([], [("showcase", 5)], ["tickets"])
    assert plan_changes([], []) == ([], [], [])


@pytest.fixture(scope="module")
def extras(tmp_path_factory):
    engine = build_small_database(new_database_url(tmp_path_factory.mktemp("db"), "small"))
    add_small_tickets(engine)
    add_showcase(engine)
    sessions = make_session_factory(engine)
    return TicketQueries(sessions), village_extras(TicketQueries(sessions), ShowcaseQueries(sessions))


def text_of(component) -> str:
    children = getattr(component, "children", component)
    if isinstance(children, (list, tuple)):
        return " ".join(text_of(child) for child in children)
    return str(children) if children is not None else ""


def test_village_sections_count_its_tickets_and_showcase(extras):
    _tickets, sections = extras
    tickets, showcase = sections("84010102", FEB_1, "en")
    assert tickets.children[0].children == "Tickets: 2 open of 2"
    assert "Not started: 1" in text_of(tickets) and "In progress: 1" in text_of(tickets)
    assert "Tourist spots: 1" in text_of(showcase) and "Products: 0" in text_of(showcase)
    tickets, _ = sections("84010101", FEB_1, "th")  # #1 done, #6 not reported yet
    assert tickets.children[0].children == "เรื่องแจ้งปัญหา: ค้าง 0 จาก 1 เรื่อง"


def test_open_by_village_and_category(extras):
    tickets, _ = extras
    found = tickets.open_by_village_and_category(AreaScope("84"), FEB_1)
    assert sorted(map(tuple, found[["code", "category", "open"]].to_numpy().tolist())) == [
        ("84010102", "login", 1),
        ("84010102", "outage", 1),
        ("84020101", "request", 1),
    ]
