"""Six hand-made showcase items on top of tests/small_db.py, with figures known by heart.

- 1 product  84010101 2019-01-10 "ผ้าไหมมัดหมี่บ้านท่าทอง" (Mudmee silk), 450 baht, contact 081-234-5678
- 2 story    84010101 2018-12-01 "ประเพณีบุญบั้งไฟบ้านท่าทอง"
- 3 tourist  84010102 2019-01-20 "น้ำตกบ้านดอนแดง" ("Waterfall, Ban Don Daeng")
- 4 homestay 84020101 2018-11-11 "โฮมสเตย์ริมน้ำบ้านหนองบัว"
- 5 product  50010101 2019-01-31 "กาแฟคั่วมือบ้านป่าไผ่" 120 baht
- 6 activity 50010101 2019-03-01 "ตลาดนัดชุมชนบ้านป่าไผ่" (after 1 February 2019: not there as of then)
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from demo.writer import reset_id_sequence
from store.core.text_search import normalise
from store.showcase.models import ShowcaseImage, ShowcaseItem

ITEMS = [
    (
        1,
        "product",
        "84010101",
        1,
        dt.date(2019, 1, 10),
        "ผ้าไหมมัดหมี่บ้านท่าทอง",
        "Mudmee silk, Ban Tha Thong",
        450.0,
        "081-234-5678",
    ),
    (2, "story", "84010101", 1, dt.date(2018, 12, 1), "ประเพณีบุญบั้งไฟบ้านท่าทอง", "The rocket festival", None, None),
    (
        3,
        "tourist_spot",
        "84010102",
        None,
        dt.date(2019, 1, 20),
        "น้ำตกบ้านดอนแดง",
        "Waterfall, Ban Don Daeng",
        None,
        None,
    ),
    (4, "homestay", "84020101", None, dt.date(2018, 11, 11), "โฮมสเตย์ริมน้ำบ้านหนองบัว", "Riverside homestay", None, None),
    (
        5,
        "product",
        "50010101",
        3,
        dt.date(2019, 1, 31),
        "กาแฟคั่วมือบ้านป่าไผ่",
        "Hand-roasted coffee",
        120.0,
        "086-333-4444",
    ),
    (6, "activity", "50010101", 3, dt.date(2019, 3, 1), "ตลาดนัดชุมชนบ้านป่าไผ่", "Community market", None, None),
]


def add_showcase(engine: Engine) -> None:
    items, images = [], []
    for item_id, kind, village, author, day, title_th, title_en, price, phone in ITEMS:
        text_th = f"{title_th} สินค้าและเรื่องราวของชุมชน"
        items.append(
            {
                "id": item_id,
                "kind": kind,
                "village_code": village,
                "district_code": village[:4],
                "province_code": village[:2],
                "volunteer_id": author,
                "published_on": day,
                "title_th": title_th,
                "title_en": title_en,
                "text_th": text_th,
                "text_en": f"{title_en}. Village showcase.",
                "price_baht": price,
                "contact_phone": phone,
                "lat": 9.1,
                "lon": 99.3,
                "search_text": normalise(f"{title_th} {title_en} {text_th}"),
            }
        )
        for position in range(2 if kind == "product" else 1):
            images.append(
                {
                    "item_id": item_id,
                    "position": position,
                    "path": f"showcase/{kind}/0{position}.webp",
                    "thumb_path": f"showcase/{kind}/0{position}.thumb.webp",
                    "width": 800,
                    "height": 600,
                    "thumb_bytes": 2000,
                }
            )
    with engine.begin() as connection:
        connection.execute(insert(ShowcaseItem), items)
        connection.execute(insert(ShowcaseImage), images)
        for table in (ShowcaseItem.__table__, ShowcaseImage.__table__):
            reset_id_sequence(connection, table)  # explicit ids: PostgreSQL's sequences move past them
