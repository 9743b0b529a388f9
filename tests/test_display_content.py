"""The display's ticket and showcase views, built from hand-made frames and the small database:
the numbers a viewer reads, the order of areas and slides, and no personal data anywhere."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import plotly.io as pio
import pytest
from sqlalchemy import text

from dashboard.display.content import behind_panel, map_panel
from dashboard.display.showcase_content import spotlight_panel
from dashboard.display.ticket_content import busiest_areas, tickets_figure, tickets_panel
from store.core.db import make_session_factory
from store.core.scope import AreaScope
from store.coverage.results import AreaFigures
from store.showcase.queries import ShowcaseQueries
from tests.databases import new_database_url
from tests.showcase_small import add_showcase
from tests.small_db import build_small_database

COUNTS = pd.DataFrame(
    {
        "category": ["outage", "outage", "outage", "slow", "slow", "slow"],
        "status": ["not_started", "in_progress", "done", "not_started", "in_progress", "done"],
        "tickets": [3, 2, 40, 1, 4, 10],
        "overdue": [1, 2, 0, 0, 1, 0],
    }
)
BACKLOG = pd.DataFrame(
    {"code": ["10", "50", "84", "90"], "tickets": [9, 30, 12, 5], "open": [4, 7, 4, 0], "overdue": [1, 2, 3, 0]}
)
NAMES = pd.DataFrame(
    {
        "code": ["10", "50", "84", "90"],
        "name_th": ["กรุงเทพมหานคร", "เชียงใหม่", "สุราษฎร์ธานี", "สงขลา"],
        "name_en": ["Bangkok", "Chiang Mai", "Surat Thani", "Songkhla"],
    }
)


def texts(component) -> list[str]:
    """Every string in a Dash component tree, depth first."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [s for child in component for s in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def test_ticket_panel_shows_open_by_status_overdue_and_median():
    panel = tickets_panel(COUNTS, 4.25, BACKLOG, NAMES, "country", "en")
    words = texts(panel)
    assert words[:8] == [
        "Not started",
        "4",
        "In progress",
        "6",
        "Overdue (SLA)",
        "4",
        "Days to close (median, 90 days)",
        "4.2",
    ]
    assert "Provinces with the most open tickets" in words


def test_busiest_areas_by_open_then_overdue_and_none_without_open_tickets():
    assert busiest_areas(BACKLOG, NAMES)["name_en"].tolist() == ["Chiang Mai", "Surat Thani", "Bangkok"]
    assert len(busiest_areas(BACKLOG, NAMES, rows=2)) == 2
    words = texts(tickets_panel(COUNTS, None, BACKLOG.iloc[:0], NAMES, "province", "th"))
    assert "ไม่มีเรื่องค้าง" in words and "–" in words  # no median without closed tickets


def test_ticket_figure_prints_the_last_weeks_values_and_has_no_hover():
    flow = pd.DataFrame(
        {
            "week": [dt.date(2019, 3, 11), dt.date(2019, 3, 18), dt.date(2019, 3, 25)],
            "opened": [5, 8, 13],
            "closed": [4, 9, 11],
        }
    )
    figure = json.loads(pio.to_json(tickets_figure(flow, "th")))
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["<b>13</b>", "<b>11</b>"]
    assert figure["layout"]["hovermode"] is False
    assert all(trace["hoverinfo"] == "skip" for trace in figure["data"])
    assert figure["data"][0]["x"][-1] == "25 มี.ค. 2562"


@pytest.fixture(scope="module")
def small_showcase(tmp_path_factory):
    engine = build_small_database(new_database_url(tmp_path_factory.mktemp("db"), "small"))
    add_showcase(engine)
    with engine.connect() as connection:
        people = connection.execute(text("SELECT full_name, phone FROM volunteers")).all()
        contacts = connection.execute(text("SELECT contact_phone FROM showcase_items WHERE contact_phone IS NOT NULL"))
        secrets = [value for row in people for value in row] + [phone for (phone,) in contacts]
    return ShowcaseQueries(make_session_factory(engine)), secrets


def test_spotlight_shows_the_newest_items_of_the_area_and_no_personal_data(small_showcase):
    showcase, secrets = small_showcase
    items = showcase.newest_items(AreaScope("84"), dt.date(2019, 2, 1), 3)
    assert [item["id"] for item in items] == [3, 1, 2]
    panel = spotlight_panel(items, "en")
    assert panel.to_plotly_json()["props"]["data-slides"] == "3"
    words = texts(panel)
    assert "Waterfall, Ban Don Daeng" in words and "Mudmee silk, Ban Tha Thong" in words
    shown = json.dumps(panel.to_plotly_json(), default=str, ensure_ascii=False)
    assert len(secrets) > 4 and not [secret for secret in secrets if secret in shown]


def test_spotlight_without_items_says_so(small_showcase):
    showcase, _ = small_showcase
    assert showcase.newest_items(AreaScope("10"), dt.date(2019, 2, 1), 6) == []
    assert texts(spotlight_panel([], "th")) == ["ไม่พบรายการในพื้นที่นี้"]


_FIGURES = AreaFigures.from_row({"villages": 90, "volunteer_coverage_pct": 100.0})
_VILLAGES = pd.DataFrame({"volunteer_state": ["covered"] * 90})


def _areas(shares: list[float | None]) -> pd.DataFrame:
    """Provinces of NAMES with these volunteer-coverage shares (None: no villages, as Bangkok)."""
    return NAMES.assign(
        volunteer_coverage_pct=[float("nan") if share is None else share for share in shares], villages=[0, 20, 30, 40]
    )


@pytest.mark.parametrize(
    ("level", "lang", "sentence"),
    [
        ("country", "en", "Every province at 100%"),
        ("country", "th", "ทุกจังหวัดครบ 100%"),
        ("province", "en", "Every district at 100%"),
        ("province", "th", "ทุกอำเภอครบ 100%"),
    ],
)
def test_when_every_area_is_at_100_percent_the_wall_says_so_instead_of_a_list(level, lang, sentence):
    areas = _areas([None, 100.0, 100.0, 100.0])
    assert texts(behind_panel(areas, "volunteer", lang, level=level)) == [sentence]
    side = map_panel(_FIGURES, _VILLAGES, areas, "volunteer", lang, level=level)
    assert texts(side[-1]) == [sentence]


def test_areas_at_100_percent_are_not_listed_as_behind():
    areas = _areas([None, 100.0, 97.5, 100.0])
    assert texts(behind_panel(areas, "volunteer", "en", level="country")) == [
        "1",
        "Surat Thani",
        "97.5%",
        "30 Villages",
    ]
    side = map_panel(_FIGURES, _VILLAGES, areas, "volunteer", "en", level="country")
    assert texts(side[-1]) == ["Surat Thani", "97.5%"]
