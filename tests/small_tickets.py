"""Six hand-made tickets on the small database (tests/small_db.py), with figures known by heart.

Times are UTC; 2019-02-01 as an as-of date ends at 2019-02-01 17:00 UTC.
- #1 84010101 outage   created 01-25 02:00, in progress 01-25 06:00, done 01-26 03:00 (1.04 days)
- #2 84010102 outage   created 01-30 04:00, not started until in progress on 02-05 02:00
                        (2.5 days old on 02-01: within its 3-day SLA; overdue on 02-03)
- #3 84010102 login    created 01-10 03:00, in progress since 01-11: overdue on 02-01 (SLA 5 days)
- #4 84020101 request  created 01-20, not started (SLA 30 days: not overdue)
- #5 50010101 slow     created 01-05, in progress 01-06, done 01-08, reopened 01-15, done 01-20
- #6 84010101 equipment created 02-10: does not exist yet on 02-01
As of 2019-02-01: 5 tickets, 2 done, 1 in progress, 2 not started, 1 overdue (#3); closed in the
90 days before: 1.04, 3.0 and 15.0 days -> median 3.0.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from demo.writer import reset_id_sequence
from store.tickets.models import Ticket, TicketEvent

D = dt.datetime

TICKETS = [
    (
        1,
        "84010101",
        "outage",
        "อินเทอร์เน็ตใช้งานไม่ได้ทั้งหมู่บ้าน",
        1,
        [(D(2019, 1, 25, 2), "not_started"), (D(2019, 1, 25, 6), "in_progress"), (D(2019, 1, 26, 3), "done")],
    ),
    (
        2,
        "84010102",
        "outage",
        "สัญญาณ WiFi หายไป",
        2,
        [(D(2019, 1, 30, 4), "not_started"), (D(2019, 2, 5, 2), "in_progress")],
    ),
    (
        3,
        "84010102",
        "login",
        "ลงทะเบียนใช้ WiFi ไม่ได้",
        2,
        [(D(2019, 1, 10, 3), "not_started"), (D(2019, 1, 11), "in_progress")],
    ),
    (4, "84020101", "request", "ขอขยายจุดกระจายสัญญาณไปโรงเรียน", None, [(D(2019, 1, 20), "not_started")]),
    (
        5,
        "50010101",
        "slow",
        "อินเทอร์เน็ตช้ามากช่วงเย็น",
        3,
        [
            (D(2019, 1, 5), "not_started"),
            (D(2019, 1, 6), "in_progress"),
            (D(2019, 1, 8), "done"),
            (D(2019, 1, 15), "in_progress"),
            (D(2019, 1, 20), "done"),
        ],
    ),
    (6, "84010101", "equipment", "เราเตอร์ชำรุด", 1, [(D(2019, 2, 10), "not_started")]),
]


def add_small_tickets(engine: Engine) -> None:
    tickets, events = [], []
    for ticket_id, village, category, title, reporter, history in TICKETS:
        last_at, last_status = history[-1]
        tickets.append(
            {
                "id": ticket_id,
                "village_code": village,
                "subdistrict_code": village[:6],
                "district_code": village[:4],
                "province_code": village[:2],
                "reporter_volunteer_id": reporter,
                "category": category,
                "title_th": title,
                "description_th": f"{title} รบกวนตรวจสอบด้วยครับ",
                "agency": "tot",
                "created_at": history[0][0],
                "status": last_status,
                "status_at": last_at,
                "closed_at": last_at if last_status == "done" else None,
            }
        )
        previous = None
        for at, status in history:
            events.append(
                {
                    "ticket_id": ticket_id,
                    "at": at,
                    "recorded_at": at,
                    "from_status": previous,
                    "to_status": status,
                    "actor_role": "reporter" if previous is None else "agency",
                    "actor_name": None if previous is None else "ทีโอที",
                    "note": "ปัญหากลับมาอีก" if previous == "done" else None,
                }
            )
            previous = status
    with engine.begin() as connection:
        connection.execute(insert(Ticket), tickets)
        connection.execute(insert(TicketEvent), events)
        reset_id_sequence(connection, Ticket.__table__)  # explicit ids: PostgreSQL's sequence moves past them
