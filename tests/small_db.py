"""A hand-made database of three provinces and four villages whose figures are known by heart.

As of 2019-02-01 (the end of that day in Thailand, 17:00 UTC):
- 84010101 has two hotspots: #1 online, #2 degraded (18 Mbps down)  -> village degraded
- 84010102 hotspot #3 went down on 30 Jan and still reports alarms    -> offline
- 84020101 hotspot #4 last reported on 20 Jan                         -> no data
- 50010101 hotspot #5 online                                          -> online
- Bangkok (10) has no villages.
Volunteers: 84010101 one trained on 2019-02-01; 84010102 one registered, untrained;
84020101 none; 50010101 one registered (its province trains on 2019-02-15).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from demo.writer import reset_id_sequence
from store.core.db import make_engine, migrate
from store.core.models import DEMO_STAMP_PREFIX, DataChange, District, Province, Region, Subdistrict, Village
from store.coverage.models import Hotspot, HotspotStatusEvent, SpeedTest, TrainingSession, Volunteer, WifiRegistration

D = dt.datetime
START = D(2017, 11, 30)
END = D(2019, 3, 31, 16, 59)


def build_small_database(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as connection:
        for model, rows in _rows().items():
            connection.execute(insert(model), rows)
            reset_id_sequence(connection, model.__table__)  # explicit ids: PostgreSQL's sequences move past them
    return engine


def _rows() -> dict[type, list[dict]]:
    return {
        Region: [{"id": 1, "name_th": "ภาคใต้", "name_en": "Southern"}],
        Province: [
            {"code": "84", "name_th": "สุราษฎร์ธานี", "name_en": "Surat Thani", "region_id": 1},
            {"code": "50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai", "region_id": 1},
            {"code": "10", "name_th": "กรุงเทพมหานคร", "name_en": "Bangkok", "region_id": 1},
        ],
        District: [
            {"code": "8401", "province_code": "84", "name_th": "เมืองสุราษฎร์ธานี", "name_en": "Mueang Surat Thani"},
            {"code": "8402", "province_code": "84", "name_th": "กาญจนดิษฐ์", "name_en": "Kanchanadit"},
            {"code": "5001", "province_code": "50", "name_th": "เมืองเชียงใหม่", "name_en": "Mueang Chiang Mai"},
        ],
        Subdistrict: [
            _subdistrict("840101", "ตลาด", "Talat", 9.14, 99.33),
            _subdistrict("840201", "กะแดะ", "Kadae", 9.16, 99.47),
            _subdistrict("500101", "ศรีภูมิ", "Si Phum", 18.79, 98.98),
        ],
        Village: [
            _village("84010101", "บ้านหนองบัว", "Ban Nong Bua", 9.14, 99.33),
            _village("84010102", "บ้านดอนแดง", "Ban Don Daeng", 9.15, 99.34),
            _village("84020101", "บ้านป่าไผ่", "Ban Pa Phai", 9.16, 99.47),
            _village("50010101", "บ้านโนนสูง", "Ban Non Sung", 18.79, 98.98),
        ],
        Hotspot: [
            {"id": i, "village_code": code, "installed_on": dt.date(2017, 11, 1)}
            for i, code in [(1, "84010101"), (2, "84010101"), (3, "84010102"), (4, "84020101"), (5, "50010101")]
        ],
        HotspotStatusEvent: [
            _event(1, "online", START, END),
            _event(2, "online", START, END),
            _event(3, "online", START, D(2019, 1, 30, 3)),
            _event(3, "offline", D(2019, 1, 30, 3), END),
            _event(4, "online", START, D(2019, 1, 20)),
            _event(5, "online", START, END),
        ],
        SpeedTest: [
            _test(1, D(2019, 1, 28), 45.0),
            _test(2, D(2019, 1, 20), 50.0),
            _test(2, D(2019, 1, 29), 18.0),
            _test(2, D(2019, 2, 5), 50.0),  # after the as-of date: must not count
            _test(5, D(2019, 1, 31), 41.0),
        ],
        WifiRegistration: [
            {"village_code": "84010101", "month": dt.date(2018, 12, 1), "new_users": 120},
            {"village_code": "84010101", "month": dt.date(2019, 2, 1), "new_users": 30},
            {"village_code": "84010101", "month": dt.date(2019, 3, 1), "new_users": 1000},
            {"village_code": "50010101", "month": dt.date(2019, 1, 1), "new_users": 50},
        ],
        TrainingSession: [
            _session(1, "84", dt.date(2019, 2, 1)),
            _session(2, "50", dt.date(2019, 2, 15)),
            _session(3, "10", dt.date(2018, 12, 1)),
        ],
        Volunteer: [
            _volunteer(1, "84010101", "สมชาย ใจดี", "081-234-5678", dt.date(2019, 2, 1), 1),
            _volunteer(2, "84010102", "สมหญิง รักไทย", "089-111-2222", None, None),
            _volunteer(3, "50010101", "มานี มีนา", "086-333-4444", None, None),
        ],
        DataChange: [{"id": 1, "changed_at": D(2019, 3, 31), "what": f"{DEMO_STAMP_PREFIX} (hand-made test data)"}],
    }


def _subdistrict(code: str, name_th: str, name_en: str, lat: float, lon: float) -> dict:
    return {
        "code": code,
        "district_code": code[:4],
        "province_code": code[:2],
        "name_th": name_th,
        "name_en": name_en,
        "lat": lat,
        "lon": lon,
    }


def _village(code: str, name_th: str, name_en: str, lat: float, lon: float) -> dict:
    return {
        "code": code,
        "moo": int(code[6:]),
        "name_th": name_th,
        "name_en": name_en,
        "subdistrict_code": code[:6],
        "district_code": code[:4],
        "province_code": code[:2],
        "lat": lat,
        "lon": lon,
    }


def _event(hotspot_id: int, state: str, at: dt.datetime, until: dt.datetime) -> dict:
    return {"hotspot_id": hotspot_id, "state": state, "at": at, "reported_until": until}


def _test(hotspot_id: int, at: dt.datetime, down: float) -> dict:
    return {
        "hotspot_id": hotspot_id,
        "tested_at": at,
        "down_mbps": down,
        "up_mbps": 15.0,
        "latency_ms": 20.0,
        "loss_pct": 0.5,
    }


def _session(session_id: int, province_code: str, held_on: dt.date) -> dict:
    return {
        "id": session_id,
        "province_code": province_code,
        "held_on": held_on,
        "venue_th": "ศาลากลางจังหวัด",
        "venue_en": "Provincial Hall",
        "attendees": 1,
        "status": "scheduled",
    }


def _volunteer(volunteer_id: int, village: str, name: str, phone: str, trained_on, session_id) -> dict:
    return {
        "id": volunteer_id,
        "village_code": village,
        "full_name": name,
        "phone": phone,
        "registered_on": dt.date(2018, 6, 1),
        "trained_on": trained_on,
        "training_session_id": session_id,
    }
