"""The demo data matches the source documents' figures: built once into a temporary SQLite file,
then checked with SQL, as the dashboard will read it."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
import shapely
from sqlalchemy import DateTime, Engine, bindparam, text

from demo import DemoSummary, build_demo, generate
from demo.areas import generate as generate_areas
from demo.areas import province_allocation
from demo.context import DemoContext
from geodata.load import districts
from store.core.db import make_engine, migrate
from store.coverage import metrics
from tests.databases import new_database_url

AS_OF = dt.date(2019, 2, 1)
MOMENT = metrics.end_of_day_utc(AS_OF)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, DemoSummary]:
    engine = make_engine(new_database_url(tmp_path_factory.mktemp("demo"), "demo"))
    migrate(engine)
    return engine, build_demo(engine, seed=2019)


@pytest.fixture(scope="session")
def engine(demo: tuple[Engine, DemoSummary]) -> Engine:
    return demo[0]


def sql(engine: Engine, query: str, **params: object) -> pd.DataFrame:
    statement = text(query)
    if "moment" in params:
        statement = statement.bindparams(bindparam("moment", type_=DateTime))
    with engine.connect() as connection:
        result = connection.execute(statement, params)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def scalar(engine: Engine, query: str, **params: object) -> object:
    return sql(engine, query, **params).iat[0, 0]


# -- villages ---------------------------------------------------------------------------------
def test_villages_per_province(engine: Engine) -> None:
    counts = sql(
        engine,
        "SELECT p.code, COUNT(v.code) AS villages, "
        "(SELECT COUNT(*) FROM subdistricts s WHERE s.province_code = p.code) AS tambons "
        "FROM provinces p LEFT JOIN villages v ON v.province_code = p.code GROUP BY p.code",
    ).set_index("code")
    assert counts["villages"].sum() == 24_700
    assert counts.at["10", "villages"] == 0
    assert counts.at["84", "villages"] == 395
    rest = counts.drop(index=["10", "84"])
    exact = (24_700 - 395) * rest["tambons"] / rest["tambons"].sum()
    assert (abs(rest["villages"] - exact) < 1).all()
    assert (rest["villages"] > 0).all()  # every province but Bangkok has villages, Bueng Kan included


def test_village_codes_and_names(engine: Engine) -> None:
    villages = sql(
        engine, "SELECT code, moo, subdistrict_code, district_code, province_code, name_th, name_en FROM villages"
    )
    assert (villages["code"] == villages["subdistrict_code"] + villages["moo"].map("{:02d}".format)).all()
    assert (villages["district_code"] == villages["code"].str[:4]).all()
    assert (villages["province_code"] == villages["code"].str[:2]).all()
    moos = villages.groupby("subdistrict_code")["moo"].agg(["min", "max", "count"])
    assert (moos["min"] == 1).all() and (moos["max"] == moos["count"]).all()
    assert villages["name_th"].str.match(r"^บ้าน\S+$").all()
    assert villages["name_en"].str.match(r"^Ban [A-Z][a-z-]+( [A-Z][a-z-]+)*$").all()
    assert not villages.duplicated(["subdistrict_code", "name_th"]).any()


def test_every_village_lies_inside_its_district(engine: Engine) -> None:
    villages = sql(engine, "SELECT district_code, lat, lon FROM villages")
    polygons = districts().set_index("code").geometry.loc[villages["district_code"]].to_numpy()
    assert shapely.contains_xy(polygons, villages["lon"].to_numpy(), villages["lat"].to_numpy()).all()


def test_villages_lie_near_their_tambon_centroid(engine: Engine) -> None:
    pairs = sql(
        engine,
        "SELECT v.lat, v.lon, s.lat AS tlat, s.lon AS tlon FROM villages v "
        "JOIN subdistricts s ON s.code = v.subdistrict_code WHERE s.lat IS NOT NULL",
    )
    km = 111.0 * np.hypot(
        pairs["lat"] - pairs["tlat"], (pairs["lon"] - pairs["tlon"]) * np.cos(np.radians(pairs["lat"]))
    )
    without_centroid = sql(
        engine,
        "SELECT count(*) AS n FROM villages v JOIN subdistricts s ON s.code = v.subdistrict_code WHERE s.lat IS NULL",
    )["n"].iloc[0]
    assert len(pairs) + without_centroid == 24_700  # Bueng Kan's tambons have no centroid: inside the district
    assert km.quantile(0.95) < 5.0
    assert km.quantile(0.99) < 10.0


def test_villages_are_deterministic(engine: Engine) -> None:
    stored = sql(engine, "SELECT code, lat, lon FROM villages ORDER BY code").reset_index(drop=True)
    again = generate_areas(DemoContext(seed=2019))["villages"].sort_values("code").reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, again[["code", "lat", "lon"]], check_dtype=False)
    other = generate_areas(DemoContext(seed=7))["villages"].sort_values("code").reset_index(drop=True)
    assert not np.allclose(other["lat"], again["lat"])


def test_whole_generation_is_deterministic() -> None:
    def digest(seed: int) -> dict[str, int]:
        frames = generate(seed).frames
        return {name: int(pd.util.hash_pandas_object(frame, index=False).sum()) for name, frame in frames.items()}

    assert digest(2019) == digest(2019)


# -- hotspots ---------------------------------------------------------------------------------
def test_every_village_has_a_hotspot(engine: Engine) -> None:
    per_village = sql(
        engine,
        "SELECT v.code, COUNT(h.id) AS n FROM villages v "
        "LEFT JOIN hotspots h ON h.village_code = v.code GROUP BY v.code",
    )["n"]
    assert per_village.min() == 1
    assert 0.05 < (per_village == 2).mean() < 0.07
    first, last = sql(engine, "SELECT MIN(installed_on), MAX(installed_on) FROM hotspots").iloc[0]
    assert str(first) >= "2017-06-01" and str(last) <= "2017-12-15"


def test_status_events_are_a_time_line(engine: Engine) -> None:
    """Per hotspot: rows in order, never overlapping, from installation to 2019-03-31 23:59 ICT at most."""
    bad = scalar(
        engine,
        "SELECT COUNT(*) FROM (SELECT at, reported_until, "
        "LAG(reported_until) OVER (PARTITION BY hotspot_id ORDER BY at) AS previous_until "
        "FROM hotspot_status_events) e WHERE reported_until < at OR previous_until > at",
    )
    assert bad == 0
    assert str(scalar(engine, "SELECT MAX(reported_until) FROM hotspot_status_events")).startswith("2019-03-31 16:59")
    early = scalar(
        engine,
        "SELECT COUNT(*) FROM hotspot_status_events e JOIN hotspots h ON h.id = e.hotspot_id "
        "WHERE e.at < h.installed_on",
    )
    assert early == 0
    assert set(sql(engine, "SELECT DISTINCT state FROM hotspot_status_events")["state"]) == {"online", "offline"}


def test_speed_tests_only_while_online(engine: Engine) -> None:
    outside = scalar(
        engine,
        "SELECT COUNT(*) FROM speed_tests t WHERE NOT EXISTS (SELECT 1 FROM hotspot_status_events e "
        "WHERE e.hotspot_id = t.hotspot_id AND e.state = 'online' "
        "AND e.at <= t.tested_at AND e.reported_until >= t.tested_at)",
    )
    assert outside == 0
    weekly = sql(engine, "SELECT hotspot_id, COUNT(*) AS n FROM speed_tests GROUP BY hotspot_id")["n"]
    assert weekly.median() >= 60


def test_speed_tests_around_the_contract(engine: Engine) -> None:
    figures = sql(
        engine,
        "SELECT AVG(down_mbps) AS down, AVG(up_mbps) AS up, MIN(latency_ms) AS latency, "
        "AVG(CASE WHEN down_mbps < 30 OR up_mbps < 10 OR loss_pct > 5 THEN 1.0 ELSE 0.0 END) AS failing "
        "FROM speed_tests",
    ).iloc[0]
    assert 40 <= figures["down"] <= 60 and 12 <= figures["up"] <= 20
    assert 0.02 < figures["failing"] < 0.10
    assert figures["latency"] > 0


def hotspot_health(engine: Engine) -> pd.DataFrame:
    """The dashboard's rule (store.coverage.metrics) on each hotspot's latest reports and speed test as of then."""
    frame = sql(
        engine,
        """
        SELECT h.id, p.region_id,
          (SELECT e.reported_until FROM hotspot_status_events e WHERE e.hotspot_id = h.id AND e.at <= :moment
           ORDER BY e.at DESC LIMIT 1) AS last_report_at,
          (SELECT e.reported_until FROM hotspot_status_events e WHERE e.hotspot_id = h.id AND e.state = 'online'
           AND e.at <= :moment ORDER BY e.at DESC LIMIT 1) AS last_online_at,
          t.down_mbps, t.up_mbps, t.loss_pct
        FROM hotspots h JOIN villages v ON v.code = h.village_code JOIN provinces p ON p.code = v.province_code
        LEFT JOIN speed_tests t ON t.id = (SELECT s.id FROM speed_tests s WHERE s.hotspot_id = h.id
           AND s.tested_at <= :moment ORDER BY s.tested_at DESC LIMIT 1)
        """,
        moment=MOMENT,
    )
    frame["state"] = metrics.hotspot_health(
        MOMENT,
        pd.to_datetime(frame["last_report_at"]),
        pd.to_datetime(frame["last_online_at"]),
        frame["down_mbps"],
        frame["up_mbps"],
        frame["loss_pct"],
    )
    return frame


def test_hotspot_health_on_1_february_2019(engine: Engine) -> None:
    health = hotspot_health(engine)
    shares = health["state"].value_counts(normalize=True)
    assert 0.88 <= shares["online"] <= 0.92
    assert 0.04 <= shares["degraded"] <= 0.07
    assert 0.02 <= shares["offline"] <= 0.04
    assert 0.005 <= shares["no_data"] <= 0.02
    southern = int(scalar(engine, "SELECT id FROM regions WHERE name_en = 'Southern'"))
    online_by_region = (health["state"] == "online").groupby(health["region_id"]).mean()
    assert online_by_region[southern] < online_by_region.drop(index=southern).min() - 0.05


# -- WiFi users -------------------------------------------------------------------------------
def test_wifi_registrations_grow_past_5_million(engine: Engine) -> None:
    monthly = sql(engine, "SELECT month, SUM(new_users) AS users FROM wifi_registrations GROUP BY month ORDER BY month")
    assert len(monthly) == 16 and str(monthly["month"].iat[0]) == "2017-12-01"
    assert monthly["users"].is_monotonic_increasing
    # the dashboard counts a month once the as-of date reaches its first day
    by_as_of = int(scalar(engine, "SELECT SUM(new_users) FROM wifi_registrations WHERE month <= '2019-02-01'"))
    assert 5_000_000 <= by_as_of <= 5_300_000
    assert monthly["users"].sum() > by_as_of
    villages = scalar(engine, "SELECT COUNT(DISTINCT village_code) FROM wifi_registrations")
    assert villages == 24_700


# -- training and volunteers ------------------------------------------------------------------
def test_training_sessions(engine: Engine) -> None:
    sessions = sql(engine, "SELECT * FROM training_sessions")
    held_on = pd.to_datetime(sessions["held_on"]).dt.date
    assert len(sessions) == 77 and sessions["province_code"].nunique() == 77
    assert held_on.min() >= dt.date(2018, 11, 1) and held_on.max() <= dt.date(2019, 2, 28)
    done = (held_on <= AS_OF) & (sessions["status"] == "scheduled")
    assert done.sum() == 65
    surat = sessions.set_index("province_code").loc["84"]
    assert str(surat["held_on"]) == "2019-02-01"
    assert surat["attendees"] == 395
    assert sessions["venue_th"].str.len().gt(0).all() and sessions["venue_en"].str.len().gt(0).all()
    attendees = sql(
        engine, "SELECT training_session_id AS id, COUNT(*) AS n FROM volunteers GROUP BY training_session_id"
    )
    counted = sessions["id"].map(attendees.set_index("id")["n"]).fillna(0)
    assert (counted == sessions["attendees"]).all()


def test_surat_thani_sent_all_395_villages(engine: Engine) -> None:
    villages = scalar(
        engine,
        "SELECT COUNT(DISTINCT v.village_code) FROM volunteers v "
        "JOIN training_sessions s ON s.id = v.training_session_id WHERE s.province_code = '84'",
    )
    assert villages == 395


def test_volunteers_on_1_february_2019(engine: Engine) -> None:
    coverage = scalar(
        engine,
        "SELECT AVG(CASE WHEN EXISTS (SELECT 1 FROM volunteers o WHERE o.village_code = v.code "
        "AND o.registered_on <= '2019-02-01') THEN 1.0 ELSE 0.0 END) FROM villages v",
    )
    assert 0.96 <= coverage <= 0.98
    trained = scalar(engine, "SELECT COUNT(*) FROM volunteers WHERE trained_on <= '2019-02-01'")
    assert trained > 20_000
    two = scalar(
        engine, "SELECT COUNT(*) FROM (SELECT village_code FROM volunteers GROUP BY village_code HAVING COUNT(*) > 1) x"
    )
    assert two > 0


def test_volunteer_rows_are_consistent(engine: Engine) -> None:
    rows = sql(
        engine,
        "SELECT v.*, s.held_on FROM volunteers v JOIN villages g ON g.code = v.village_code "
        "JOIN training_sessions s ON s.province_code = g.province_code",
    )
    registered = rows["registered_on"].astype(str)  # SQLite answers text, PostgreSQL dates: compared as ISO days
    assert registered.min() >= "2018-01-01" and registered.max() <= "2019-03-31"
    trained = rows["training_session_id"].notna()
    assert (rows["trained_on"].notna() == trained).all()
    assert (rows.loc[trained, "trained_on"] == rows.loc[trained, "held_on"]).all()
    assert (rows.loc[trained, "registered_on"] < rows.loc[trained, "trained_on"]).all()
    assert (rows["registered_on"] < rows["held_on"]).mean() > 0.85
    assert rows["phone"].map(lambda phone: re.fullmatch(r"08\d-\d{3}-\d{4}", phone) is not None).all()
    assert rows["phone"].is_unique
    assert rows["full_name"].str.fullmatch(r"\S+ \S+").all()


# -- the build ----------------------------------------------------------------------------------
def test_build_records_one_change_and_sums_up(demo: tuple[Engine, DemoSummary]) -> None:
    engine, summary = demo
    assert scalar(engine, "SELECT COUNT(*) FROM data_changes") == 1
    assert summary.rows["villages"] == 24_700
    assert summary.sessions_done == 65 and summary.volunteers_trained > 20_000
    assert "\n" not in str(summary) and "24,700 villages" in str(summary)


def test_a_bigger_country_scales_the_documents_figures_and_keeps_todays():
    """--villages 75000 (the next phase): Surat Thani's 395 of 24,700 grows in proportion; Bangkok stays 0."""
    subdistricts = pd.DataFrame({"province_code": ["84"] * 3 + ["10"] + ["50"] * 4 + ["30"] * 2})
    today = province_allocation(subdistricts)
    assert today.sum() == 24_700 and today["84"] == 395 and today["10"] == 0
    bigger = province_allocation(subdistricts, 75_000)
    assert bigger.sum() == 75_000 and bigger["84"] == round(395 * 75_000 / 24_700) and bigger["10"] == 0
    assert bigger["50"] > bigger["30"] > 0  # the rest by number of tambons
