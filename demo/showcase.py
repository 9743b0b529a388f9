"""Showcase items of the demo: a few thousand products, stories, tourist spots, homestays and activities.

About one village in eight shows something, more in the provinces that trained early (their
volunteers have been online longer); an item is written by the village's volunteer once they
registered, and has one to three images. Images are drawn by ``demo.illustrations`` into
the media folder when the demo is built (``write_files``): a few designs per kind, shared.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert, select

from demo import illustrations
from demo.context import DATA_LAST_DAY, DemoContext
from demo.showcase_texts import SENTENCES, SUBJECTS, WHERE
from store.core.text_search import normalise
from store.showcase.media import media_root
from store.showcase.models import SHOWCASE_KINDS

TABLES: Final = ("showcase_items", "showcase_images")

ITEMS: Final = 4_000
KIND_SHARES: Final = (0.34, 0.18, 0.2, 0.12, 0.16)
FIRST_PUBLISHED: Final = dt.date(2018, 3, 1)
SHOWCASE_PROVINCE: Final = "84"
"""Surat Thani, the province of the 1 February 2019 session, shows the most (it demos well)."""
JITTER_DEG: Final = 0.008


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    rng = ctx.rng("showcase")
    items = make_items(ctx.frames, rng)
    return {"showcase_items": items, "showcase_images": make_images(items, rng)}


def make_items(frames: dict[str, pd.DataFrame], rng: np.random.Generator) -> pd.DataFrame:
    villages = frames["villages"].reset_index(drop=True)
    weights = np.where(villages["province_code"] == SHOWCASE_PROVINCE, 8.0, 1.0)
    rows = rng.choice(len(villages), size=ITEMS, p=weights / weights.sum())
    chosen = villages.iloc[rows].reset_index(drop=True)
    kinds = np.asarray(SHOWCASE_KINDS)[rng.choice(len(SHOWCASE_KINDS), size=ITEMS, p=KIND_SHARES)]
    span = (DATA_LAST_DAY - FIRST_PUBLISHED).days
    published = np.datetime64(FIRST_PUBLISHED) + (span * np.sqrt(rng.random(ITEMS))).astype("timedelta64[D]")
    author, phone = _authors(chosen["code"], published, frames["volunteers"])
    names = _area_names(chosen, frames)
    texts = [_wording(kind, place, rng) for kind, place in zip(kinds, names, strict=True)]
    items = pd.DataFrame(
        {
            "id": np.arange(1, ITEMS + 1),
            "kind": kinds,
            "village_code": chosen["code"].to_numpy(),
            "district_code": chosen["district_code"].to_numpy(),
            "province_code": chosen["province_code"].to_numpy(),
            "volunteer_id": author,
            "published_on": published.astype("datetime64[s]"),
            "title_th": [text[0] for text in texts],
            "title_en": [text[1] for text in texts],
            "text_th": [text[2] for text in texts],
            "text_en": [text[3] for text in texts],
            "price_baht": np.where(kinds == "product", np.round(rng.uniform(40, 1500, ITEMS), -1), np.nan),
            "contact_phone": phone,
            "lat": np.round(chosen["lat"].to_numpy() + rng.normal(0, JITTER_DEG, ITEMS), 6),
            "lon": np.round(chosen["lon"].to_numpy() + rng.normal(0, JITTER_DEG, ITEMS), 6),
        }
    )
    items["search_text"] = [
        normalise(" ".join((*text, place["village_th"], place["village_en"])))
        for text, place in zip(texts, names, strict=True)
    ]
    return items


def _authors(village_codes: pd.Series, published: np.ndarray, volunteers: pd.DataFrame) -> tuple[pd.Series, list]:
    """The village's first volunteer when registered by the publishing day; else no author."""
    first = volunteers.sort_values(["village_code", "registered_on"]).drop_duplicates("village_code")
    first = first.set_index("village_code").reindex(village_codes.to_numpy())
    registered = first["registered_on"].to_numpy("datetime64[D]")
    has_author = ~np.isnat(registered) & (registered <= published)
    ids = pd.Series(first["id"].to_numpy(), dtype="Int64").where(has_author)
    phones = [phone if ok else None for phone, ok in zip(first["phone"].tolist(), has_author, strict=True)]
    return ids, phones


def _area_names(chosen: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[dict[str, str]]:
    districts = frames["districts"].set_index("code")
    provinces = frames["provinces"].set_index("code")
    return [
        {
            "village_th": row.name_th,
            "village_en": row.name_en,
            "district_th": districts.at[row.district_code, "name_th"],
            "district_en": districts.at[row.district_code, "name_en"],
            "province_th": provinces.at[row.province_code, "name_th"],
            "province_en": provinces.at[row.province_code, "name_en"],
        }
        for row in chosen.itertuples(index=False)
    ]


def _wording(kind: str, place: dict[str, str], rng: np.random.Generator) -> tuple[str, str, str, str]:
    """Title and text, in Thai and English, of one item of ``kind`` from ``place``."""
    subject_th, subject_en = SUBJECTS[kind][rng.integers(len(SUBJECTS[kind]))]
    picks = rng.choice(len(SENTENCES[kind]), size=2, replace=False)
    where_th = WHERE[0].format(
        village=place["village_th"], district=place["district_th"], province=place["province_th"]
    )
    where_en = WHERE[1].format(
        village=place["village_en"], district=place["district_en"], province=place["province_en"]
    )
    text_th = " ".join([f"{subject_th}{place['village_th']}", where_th, *(SENTENCES[kind][i][0] for i in picks)])
    text_en = " ".join([f"{subject_en} of {place['village_en']}.", where_en, *(SENTENCES[kind][i][1] for i in picks)])
    return f"{subject_th}{place['village_th']}", f"{subject_en}, {place['village_en']}", text_th, text_en


def make_images(items: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One to three images per item, each one of its kind's designs."""
    counts = rng.choice([1, 2, 3], size=len(items), p=[0.5, 0.3, 0.2])
    item_rows = np.repeat(np.arange(len(items)), counts)
    kinds = items["kind"].to_numpy()[item_rows]
    designs = rng.integers(illustrations.DESIGNS_PER_KIND, size=len(item_rows))
    paths = [illustrations.image_paths(kind, design) for kind, design in zip(kinds, designs, strict=True)]
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(item_rows) + 1),
            "item_id": items["id"].to_numpy()[item_rows],
            "position": np.arange(len(item_rows)) - starts,
            "path": [path[0] for path in paths],
            "thumb_path": [path[1] for path in paths],
            "width": illustrations.FULL_SIZE[0],
            "height": illustrations.FULL_SIZE[1],
            "design": designs,
            "thumb_bytes": 0,
        }
    )


def write_files(ctx: DemoContext, media_dir: Path | None = None) -> None:
    """Draw the images the items use into the media folder, and record each thumbnail's size."""
    sizes = illustrations.write_designs(media_dir or media_root(), SHOWCASE_KINDS)
    images = ctx.frames["showcase_images"]
    kinds = ctx.frames["showcase_items"].set_index("id").loc[images["item_id"], "kind"].to_numpy()
    images["thumb_bytes"] = [sizes[kind, design] for kind, design in zip(kinds, images["design"], strict=True)]


def fill_missing(engine: Engine, seed: int = 2019, media_dir: Path | None = None) -> int:
    """Add the showcase to a demo database built before it existed; returns the items added (0: had some).

    Reads villages, districts, provinces and volunteers back from the database, so the rest of
    the demo is not rebuilt.
    """
    from demo.writer import insert_frame, tables_in_order
    from store.core.models import DataChange, District, Province, Village
    from store.coverage.models import Volunteer
    from store.showcase.models import ShowcaseItem

    with engine.connect() as connection:
        if connection.execute(select(ShowcaseItem.id).limit(1)).first():
            return 0
        frames = {
            name: pd.read_sql(select(model.__table__), connection)
            for name, model in (
                ("villages", Village),
                ("districts", District),
                ("provinces", Province),
                ("volunteers", Volunteer),
            )
        }
    frames["volunteers"]["registered_on"] = pd.to_datetime(frames["volunteers"]["registered_on"])
    ctx = DemoContext(seed=seed, frames=frames)
    ctx.frames.update(generate(ctx))
    write_files(ctx, media_dir)
    with engine.begin() as connection:
        for table in tables_in_order(TABLES):
            insert_frame(connection, table, ctx.frames[table.name])
        connection.execute(
            insert(DataChange),
            {
                "kind": "showcase",
                "changed_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "what": f"demo showcase added, seed {seed}",
            },
        )
    return len(ctx.frames["showcase_items"])
