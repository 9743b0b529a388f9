"""An uploaded image of a showcase item, kept: files under the media folder, a row, a new data version.

Files are named by the sha256 of the bytes the app sent (``showcase/app/ab/abcd….webp`` and its
``.thumb.webp``), written before the row commits and atomically (a partial file is never served);
the same image sent again for the same item is found by ``(item, sha256)`` and acknowledged, not
stored twice nor decoded again (a client resending its images costs a lookup each). The image is
decoded outside the write transaction, so a slow decode never holds the database's write lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ingest.images import CleanImage, ImageRefused, clean_image
from store.audit.trail import record_event
from store.core.access import Principal
from store.core.models import DataChange
from store.showcase.media import media_url
from store.showcase.models import ShowcaseImage, ShowcaseItem


@dataclass(frozen=True)
class StoredImage:
    """An image of an item as the API answers it; ``created`` False: it was there already."""

    item_app_id: str
    sha256: str
    position: int
    url: str | None
    thumbnail_url: str | None
    width: int
    height: int
    created: bool

    def json(self) -> dict[str, object]:
        return {
            "item_id": self.item_app_id,
            "sha256": self.sha256,
            "position": self.position,
            "url": self.url,
            "thumbnail_url": self.thumbnail_url,
            "width": self.width,
            "height": self.height,
            "created": self.created,
        }


def store_showcase_image(
    engine: Engine, item_app_id: str, content: bytes, *, actor: str, media_dir: Path, limit: int, remote_addr: str = ""
) -> StoredImage:
    """Check, clean and keep an image of the item the app knows as ``item_app_id`` (sent from ``remote_addr``).

    ``ImageRefused``: 404 for an unknown item, else as ``clean_image`` refuses the upload.
    """
    with Session(engine) as session:
        item_id = session.scalar(select(ShowcaseItem.id).where(ShowcaseItem.app_id == item_app_id))
        if item_id is None:
            raise ImageRefused(404, "unknown_item", value=item_app_id[:64])
        known = _stored(session, item_id, hashlib.sha256(content).hexdigest()) if content else None
    if known is not None:  # sent again (a retry, a client's second run): acknowledged without decoding it again
        return _answer(item_app_id, known, created=False)
    image = clean_image(content, limit)
    path, thumb_path = _write_files(media_dir, image)
    try:
        with Session(engine) as session, session.begin():
            known = _stored(session, item_id, image.sha256)
            if known is not None:
                return _answer(item_app_id, known, created=False)
            row = _added(session, item_id, image, path, thumb_path)
            _record(session, actor, item_app_id, row, remote_addr)
            added = _answer(item_app_id, row, created=True)
    except IntegrityError:  # the same image of the same item, sent twice at once: the other one won
        with Session(engine) as session:
            return _answer(item_app_id, _stored(session, item_id, image.sha256), created=False)
    return added


def _write_files(media_dir: Path, image: CleanImage) -> tuple[str, str]:
    """The full image and thumbnail under the media folder (relative paths), each written once."""
    stem = f"showcase/app/{image.sha256[:2]}/{image.sha256}"
    paths = (f"{stem}.webp", f"{stem}.thumb.webp")
    for relative, content in zip(paths, (image.full, image.thumb), strict=True):
        target = media_dir / relative
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as partial:
            partial.write(content)
        Path(partial.name).replace(target)
    return paths


def _stored(session: Session, item_id: int, sha256: str) -> ShowcaseImage | None:
    return session.scalars(
        select(ShowcaseImage).where(ShowcaseImage.item_id == item_id, ShowcaseImage.sha256 == sha256)
    ).first()


def _added(session: Session, item_id: int, image: CleanImage, path: str, thumb_path: str) -> ShowcaseImage:
    """The item's next image (after those it has)."""
    last = session.scalar(select(func.max(ShowcaseImage.position)).where(ShowcaseImage.item_id == item_id))
    row = ShowcaseImage(
        item_id=item_id,
        position=0 if last is None else last + 1,
        path=path,
        thumb_path=thumb_path,
        width=image.width,
        height=image.height,
        thumb_bytes=len(image.thumb),
        sha256=image.sha256,
    )
    session.add(row)
    session.flush()
    return row


def _record(session: Session, actor: str, item_app_id: str, row: ShowcaseImage, remote_addr: str) -> None:
    """A new showcase version (the gallery's cached pages drop) and the audit event of the client."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    session.add(DataChange(changed_at=now, what=f"showcase image of item {row.item_id}", kind="showcase"))
    record_event(
        session,
        actor=Principal(kind="api_client", account=actor[:254]),
        action="import.showcase_image",
        target=f"showcase_item:{row.item_id}",
        detail={"app_item_id": item_app_id, "sha256": row.sha256, "width": row.width, "height": row.height},
        remote_addr=remote_addr,
    )


def _answer(item_app_id: str, row: ShowcaseImage | None, *, created: bool) -> StoredImage:
    if row is None:  # the item was deleted meanwhile
        raise ImageRefused(404, "unknown_item", value=item_app_id[:64])
    return StoredImage(
        item_app_id,
        str(row.sha256),
        row.position,
        media_url(row.path),
        media_url(row.thumb_path),
        row.width,
        row.height,
        created,
    )
