"""The plan of an import: what it would write and what it refuses, shown before anything is written.

The error report is a CSV the admin opens in Excel (UTF-8 with a BOM): each refused row as it
was in the file, with its line, the column and the reason in Thai and English. A cell that starts
with ``=``, ``+``, ``-`` or ``@`` is written with a leading apostrophe, so Excel shows it as text
and never runs it as a formula (imported text is not trusted).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Final

from ingest.kinds.base import Changes, Rejection

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
SHOWN_REJECTIONS: Final = 20


def neutralise(value: object) -> str:
    """A cell's text as safe to open in a spreadsheet (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class PriorRun:
    """An earlier import of the very same file."""

    run_id: int
    finished_at: dt.datetime
    actor: str


@dataclass
class Plan:
    """Counts of the rows by outcome, the refused rows, and what the commit would write."""

    kind: str
    filename: str
    sha256: str
    encoding: str
    header: list[str]
    rows_in: int
    changes: Changes
    rejected: list[Rejection]
    prior_run: PriorRun | None = None
    notes: list[str] = field(default_factory=list)
    replace_province: str | None = None
    removed: list[str] = field(default_factory=list)
    """Stored villages of ``replace_province`` the file leaves out, deleted by the commit."""
    kept: list[str] = field(default_factory=list)
    """Villages the file leaves out but that stay: hotspots, volunteers or tickets still name them."""

    @property
    def new(self) -> int:
        return self.changes.new_rows

    @property
    def changed(self) -> int:
        return self.changes.changed_rows

    @property
    def unchanged(self) -> int:
        return self.changes.unchanged_rows

    @property
    def accepted(self) -> int:
        return self.new + self.changed + self.unchanged

    def summary(self) -> dict[str, object]:
        """The plan as JSON: counts and the first refused rows (line, column, reason in both languages)."""
        return {
            "kind": self.kind,
            "filename": self.filename,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "rows_in": self.rows_in,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "replace_province": self.replace_province,
            "removed": self.removed[:SHOWN_REJECTIONS] if self.replace_province else [],
            "removed_count": len(self.removed),
            "kept_though_missing": self.kept[:SHOWN_REJECTIONS],
            "kept_count": len(self.kept),
            "already_imported": None
            if self.prior_run is None
            else {
                "run": self.prior_run.run_id,
                "at": self.prior_run.finished_at.isoformat(),
                "by": self.prior_run.actor,
            },
            "notes": self.notes,
            "first_rejected": [
                {
                    "line": rejection.line,
                    "column": rejection.column,
                    "reason_th": rejection.reason.th,
                    "reason_en": rejection.reason.en,
                }
                for rejection in self.rejected[:SHOWN_REJECTIONS]
            ],
        }

    def error_report_csv(self) -> bytes:
        """The refused rows as the file had them, plus line, column and reason (UTF-8 with BOM)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["line", *self.header, "column", "เหตุผล", "reason"])
        for rejection in sorted(self.rejected, key=lambda rejection: rejection.line):
            cells = [neutralise(rejection.cells.get(name)) for name in self.header]
            reason = rejection.reason
            writer.writerow([rejection.line, *cells, rejection.column, neutralise(reason.th), neutralise(reason.en)])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def describe(self) -> str:
        """The plan as lines of text, Thai then English (the command line prints it)."""
        lines = [
            f"{self.kind}: {self.filename or '(batch)'} ({self.encoding}, sha256 {self.sha256[:12]}…)",
            f"แถวทั้งหมด / rows: {self.rows_in}",
            f"  ใหม่ / new: {self.new}",
            f"  เปลี่ยน / changed: {self.changed}",
            f"  เหมือนเดิม / unchanged: {self.unchanged}",
            f"  ถูกปฏิเสธ / rejected: {len(self.rejected)}",
        ]
        if self.replace_province is not None:
            lines.append(
                f"  แทนที่รายชื่อจังหวัด {self.replace_province}: ลบ {len(self.removed)} หมู่บ้านที่ไม่อยู่ในไฟล์ / "
                f"replacing province {self.replace_province}'s list: {len(self.removed)} villages not in the file "
                f"removed {', '.join(self.removed[:10])}"
            )
            if self.kept:
                lines.append(
                    f"  เก็บไว้ {len(self.kept)} หมู่บ้าน (ยังมีข้อมูลอ้างถึง) / {len(self.kept)} kept, still named by "
                    f"hotspots, volunteers or tickets: {', '.join(self.kept[:10])}"
                )
        if self.prior_run is not None:
            lines.append(
                f"ไฟล์นี้นำเข้าแล้ว / this file was already imported: run {self.prior_run.run_id}, "
                f"{self.prior_run.finished_at:%Y-%m-%d %H:%M} UTC, {self.prior_run.actor}"
            )
        for note in self.notes:
            lines.append(f"หมายเหตุ / note: {note}")
        for rejection in self.rejected[:SHOWN_REJECTIONS]:
            lines.append(f"  line {rejection.line}, {rejection.column}: {rejection.reason.th} / {rejection.reason.en}")
        if len(self.rejected) > SHOWN_REJECTIONS:
            lines.append(f"  … {len(self.rejected) - SHOWN_REJECTIONS} more in the error report")
        return "\n".join(lines)
