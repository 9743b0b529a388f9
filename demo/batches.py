"""The demo as its machines would send it: JSON batches for the ingest API, beside the CSV files.

The volunteers' app sends tickets, their events and showcase items (with images) through
``POST /api/v1/ingest/<kind>``, the network management system its status reports (``status_reports``); the demo
writes what they would send, so that an empty database can be filled with the whole demo by the
real doors (``python -m cli demo-files`` writes, ``python -m cli push-batches`` sends).

``DIR/batches/manifest.json`` lists what to send, in order: the batches (kind, file, items) and
then each showcase image (the app's item id, the image file under ``DIR/batches/``). Items carry
the app's ids (``DEMO-T-<n>``, ``DEMO-E-<n>``, ``DEMO-S-<n>``, reporters and authors ``DEMO-<n>``
as in the volunteers file), so a batch sent again is acknowledged, not stored twice. A ticket's
creation event is not sent: the API makes it with the ticket. Events are sent in time order
across batches, as the app sends them when they happen: each one moves its ticket from where the
one before left it. An item gets each of its images once: the demo lets two of an item's images
share a drawing, the API keeps one image per content and item.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from demo import generate
from demo.context import PROGRAMME_VILLAGES, DemoContext
from demo.files import file_frames, utc_text, volunteer_app_ids, write_frames
from demo.illustrations import image_paths, write_designs
from store.coverage.metrics import OFFLINE_AFTER
from store.showcase.models import SHOWCASE_KINDS

BATCH_ORDER: Final = ("network_status", "tickets", "ticket_events", "showcase_items")
"""Status reports name hotspots, tickets volunteers and villages (all in the files); events name tickets."""
BATCH_ITEMS: Final = 5_000
"""Items per batch: a batch is planned and committed in one transaction, a few seconds at most."""
BATCH_BYTES: Final = 4 * 1024 * 1024
"""Bytes per batch, well under the API's ``INGEST_MAX_REQUEST_BYTES`` (16 MiB)."""
MANIFEST: Final = "manifest.json"
IMAGES: Final = "images"


def write_demo_source(folder: Path, seed: int = 2019, villages: int = PROGRAMME_VILLAGES) -> list[Path]:
    """The whole demo as a source: the CSV files in ``folder`` and the batches in ``folder/batches``;
    the CSVs and the batches' manifest, in the order to load them."""
    ctx = generate(seed, villages=villages)
    return [*write_frames(folder, file_frames(ctx)), write_batches(folder / "batches", ctx)]


def write_batches(folder: Path, ctx: DemoContext) -> Path:
    """Each kind's items as batch files, the images the items use, and the manifest naming them in order."""
    folder.mkdir(parents=True, exist_ok=True)
    batches = []
    for kind, items in batch_items(ctx).items():
        for number, encoded in enumerate(in_batches(items), start=1):
            name = f"{kind}-{number:04d}.json"
            (folder / name).write_bytes(b'{"items": [' + b",\n".join(encoded) + b"]}\n")
            batches.append({"kind": kind, "file": name, "items": len(encoded)})
    write_designs(folder / IMAGES, SHOWCASE_KINDS)
    manifest = folder / MANIFEST
    manifest.write_text(json.dumps({"batches": batches, "images": image_uploads(ctx)}, indent=1), encoding="utf-8")
    return manifest


def in_batches(items: list[dict[str, Any]]) -> Iterator[list[bytes]]:
    """The items as JSON, cut into batches of at most ``BATCH_ITEMS`` items and ``BATCH_BYTES`` bytes."""
    batch: list[bytes] = []
    size = 0
    for item in items:
        encoded = json.dumps(item, ensure_ascii=False).encode()
        if batch and (len(batch) == BATCH_ITEMS or size + len(encoded) + 2 > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(encoded)
        size += len(encoded) + 2
    if batch:
        yield batch


def batch_items(ctx: DemoContext) -> dict[str, list[dict[str, Any]]]:
    """The items of each batch kind, with the API's field names, in the order to send them."""
    frames = ctx.frames
    return {
        "network_status": _records(status_reports(ctx.frames["hotspot_status_events"], ctx.end_utc)),
        "tickets": _records(_tickets(frames["tickets"])),
        "ticket_events": _records(_ticket_events(frames["ticket_events"])),
        "showcase_items": _records(_showcase_items(frames["showcase_items"])),
    }


def image_uploads(ctx: DemoContext) -> list[dict[str, str]]:
    """Each item's images in their order (a drawing once per item): the app's item id and the file."""
    images = ctx.frames["showcase_images"].sort_values(["item_id", "position"])
    kinds = ctx.frames["showcase_items"].set_index("id")["kind"]
    once = images.drop_duplicates(["item_id", "design"])
    return [
        {"item_id": f"DEMO-S-{item_id}", "file": f"{IMAGES}/{image_paths(kinds[item_id], design)[0]}"}
        for item_id, design in zip(once["item_id"], once["design"], strict=True)
    ]


def status_reports(events: pd.DataFrame, end: np.datetime64) -> pd.DataFrame:
    """The reports the network management system sent in the data's last ``OFFLINE_AFTER`` (and each
    hotspot's latest, however old): each state's first and last report, by hotspot and time.

    The health rules read a hotspot's latest report and its latest online one within that span, so
    the imported hotspots have the demo's health on the data's last day (earlier days' history is not
    something a feed sends again). A state's first report comes a second after the last report of
    the state before it, which the demo's rows share as one instant.
    """
    events = events.sort_values(["hotspot_id", "at"], kind="stable")
    latest = ~events["hotspot_id"].duplicated(keep="last")
    recent = events[(events["reported_until"] >= end - np.timedelta64(OFFLINE_AFTER)) | latest]
    before_end = recent.groupby("hotspot_id")["reported_until"].shift()
    first = recent["at"].where(recent["at"] != before_end, recent["at"] + pd.Timedelta(seconds=1))
    hotspots, states = recent["hotspot_id"], recent["state"]
    reports = pd.concat(
        pd.DataFrame({"hotspot_id": hotspots, "at": moments, "state": states})
        for moments in (first, recent["reported_until"])
    )
    reports = reports.drop_duplicates(["hotspot_id", "at"]).sort_values(["hotspot_id", "at"], kind="stable")
    return reports.assign(at=utc_text(reports["at"]))


def _tickets(tickets: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket_id": _app_ids("DEMO-T-", tickets["id"]),
            "village_code": tickets["village_code"],
            "category": tickets["category"],
            "title": tickets["title_th"],
            "description": tickets["description_th"],
            "reporter_id": volunteer_app_ids(tickets["reporter_volunteer_id"]),
            "opened_at": utc_text(tickets["created_at"]),
            "agency": tickets["agency"],
        }
    )


def _ticket_events(events: pd.DataFrame) -> pd.DataFrame:
    """Every event but the creation, in time order (the ticket's own order within a moment)."""
    sent = events[events["from_status"].notna()].sort_values(["at", "id"], kind="stable")
    return pd.DataFrame(
        {
            "event_id": _app_ids("DEMO-E-", sent["id"]),
            "ticket_id": _app_ids("DEMO-T-", sent["ticket_id"]),
            "status": sent["to_status"],
            "note": sent["note"],
            "at": utc_text(sent["at"]),
            "actor": sent["actor_name"],
            "actor_role": sent["actor_role"],
        }
    )


def _showcase_items(items: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item_id": _app_ids("DEMO-S-", items["id"]),
            "village_code": items["village_code"],
            "kind": items["kind"],
            "title": items["title_th"],
            "title_en": items["title_en"],
            "text": items["text_th"],
            "text_en": items["text_en"],
            "price_baht": items["price_baht"],
            "contact_phone": items["contact_phone"],
            "author_id": volunteer_app_ids(items["volunteer_id"]),
            "published_on": pd.to_datetime(items["published_on"]).dt.strftime("%Y-%m-%d"),
            "lat": items["lat"],
            "lon": items["lon"],
        }
    )


def _app_ids(prefix: str, ids: pd.Series) -> pd.Series:
    return prefix + ids.astype("int64").astype(str)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as JSON objects, without the fields a row has no value for (the app leaves them out)."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{field: value for field, value in row.items() if value is not None} for row in rows]
