"""A file uploaded on the admin page, held on the server between its plan and the admin's confirmation.

The plan is shown before anything is written and the confirmation comes in a later request. The
file is kept under ``IMPORT_DIR/pending/`` by its sha256, with a record named by a random token;
the confirmation sends only that token. No path, kind or file sent by the browser is trusted a
second time: the record says what was planned, the file is read back and its hash checked, and
the commit plans it again inside its transaction. A record belongs to the admin who uploaded it
and lapses after ``PENDING_HOURS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from ingest.pipeline import import_dir

PENDING_HOURS: Final = 24
TOKEN_PATTERN: Final = re.compile(r"[A-Za-z0-9_-]{32,64}")
KEPT_SUFFIXES: Final = (".csv", ".txt", ".tsv", ".xlsx", ".xls")


class PendingMissing(LookupError):
    """No upload of this admin is held under that token (never made, confirmed, or lapsed)."""


@dataclass(frozen=True)
class PendingImport:
    """What was planned: the file (by its hash), its kind and options, and who uploaded it."""

    token: str
    kind: str
    filename: str
    sha256: str
    suffix: str
    replace_province: str | None
    actor: str
    held_at: str

    @property
    def held_since(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.held_at)


def pending_dir() -> Path:
    return import_dir() / "pending"


def hold_upload(
    content: bytes, filename: str, kind: str, replace_province: str | None, actor: str, error_report: bytes
) -> PendingImport:
    """Keep ``content`` and the plan's error report until the admin confirms; the record's token."""
    folder = pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    suffix = Path(filename).suffix.lower()
    pending = PendingImport(
        token=secrets.token_urlsafe(32),
        kind=kind,
        filename=Path(filename).name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        suffix=suffix if suffix in KEPT_SUFFIXES else "",
        replace_province=replace_province,
        actor=actor,
        held_at=dt.datetime.now(dt.UTC).isoformat(),
    )
    _file_of(folder, pending).write_bytes(content)
    (folder / f"{pending.token}-errors.csv").write_bytes(error_report)
    (folder / f"{pending.token}.json").write_text(json.dumps(asdict(pending)), encoding="utf-8")
    return pending


def pending_upload(token: str, actor: str) -> tuple[PendingImport, bytes]:
    """The record and the file held under ``token`` for ``actor``; ``PendingMissing`` otherwise,
    also when the file on disk no longer has the hash that was planned."""
    pending = _record(token, actor)
    content = _file_of(pending_dir(), pending).read_bytes()
    if hashlib.sha256(content).hexdigest() != pending.sha256:
        raise PendingMissing(token)
    return pending, content


def pending_error_report(token: str, actor: str) -> tuple[PendingImport, bytes]:
    """The error report of the plan shown for ``token`` (UTF-8 with BOM, as the pipeline writes it)."""
    pending = _record(token, actor)
    return pending, (pending_dir() / f"{pending.token}-errors.csv").read_bytes()


def release(pending: PendingImport) -> None:
    """Forget the record and its report; the file too unless another record holds the same one."""
    folder = pending_dir()
    for path in (folder / f"{pending.token}.json", folder / f"{pending.token}-errors.csv"):
        path.unlink(missing_ok=True)
    if not any(other.sha256 == pending.sha256 for other in _records(folder)):
        _file_of(folder, pending).unlink(missing_ok=True)


def _record(token: str, actor: str) -> PendingImport:
    if not TOKEN_PATTERN.fullmatch(token):
        raise PendingMissing(token)
    try:
        pending = PendingImport(**json.loads((pending_dir() / f"{token}.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        raise PendingMissing(token) from None
    if pending.actor != actor or _lapsed(pending):
        raise PendingMissing(token)
    return pending


def _file_of(folder: Path, pending: PendingImport) -> Path:
    return folder / f"{pending.sha256}{pending.suffix}"


def _records(folder: Path) -> list[PendingImport]:
    records = []
    for path in folder.glob("*.json"):
        try:
            records.append(PendingImport(**json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue
    return records


def _lapsed(pending: PendingImport) -> bool:
    return dt.datetime.now(dt.UTC) - pending.held_since > dt.timedelta(hours=PENDING_HOURS)


def _sweep(folder: Path) -> None:
    """Drop the uploads nobody confirmed in time (at each new upload: no timer needed)."""
    for pending in _records(folder):
        if _lapsed(pending):
            release(pending)
