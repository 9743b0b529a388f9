"""Tables of the import record: runs, quarantined rows and the API items already seen.

Nothing that arrives is lost: a run keeps the file's hash and where the original is stored, a
refused row is kept whole with its reason until a later run accepts it, and the id a source gave
an item is remembered so that a batch sent twice is acknowledged, not written twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from store.core.models import Base


class ImportRun(Base):
    """One file or API batch, planned and committed (or refused) as a whole."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(8))  # "file" | "api" | "retry" (of quarantined rows)
    filename: Mapped[str] = mapped_column(String(255), default="")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    stored_path: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(254))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))  # "committed" | "rejected"
    rows_in: Mapped[int] = mapped_column(Integer)
    new: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    replaced_province: Mapped[str | None] = mapped_column(String(2))
    summary: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class QuarantinedRow(Base):
    """A row an import refused, kept whole with its reason until a later run accepts it."""

    __tablename__ = "quarantined_rows"
    __table_args__ = (Index("ix_quarantined_rows_kind_status", "kind", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    line: Mapped[int] = mapped_column(Integer)
    cells: Mapped[dict[str, object]] = mapped_column(JSON)
    column: Mapped[str] = mapped_column(String(64), default="")
    reason_code: Mapped[str] = mapped_column(String(32))
    reason_th: Mapped[str] = mapped_column(String(500))
    reason_en: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="open")  # "open" | "resolved"
    resolved_by_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class IngestedItem(Base):
    """An item id a source sent through the API, and the run that took it: a resent item is acknowledged."""

    __tablename__ = "ingested_items"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id"))
