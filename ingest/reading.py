"""A file's bytes as a table of cells: CSV in UTF-8 (with or without BOM) or Windows Thai, XLSX/XLS.

Encodings are tried strictly, in an order that cannot mistake one for another: UTF-8 (a BOM is
dropped), then cp874 (Windows Thai, TIS-620's superset: 0x80–0x9F are curly quotes and dashes,
which Python's ``tis_620`` codec would silently turn into control characters), and a cp874
reading is accepted only when most of its non-ASCII letters are Thai (a Latin-1 or Shift-JIS
file decodes as cp874 too, as nonsense).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Final

from ingest.messages import FileRejected
from ingest.values import clean_text

XLSX_MAGIC: Final = b"PK\x03\x04"
XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0"
MIN_THAI_SHARE: Final = 0.8
"""Of the non-ASCII characters of a cp874 reading, the share that must be Thai letters."""
THAI_MARKS: Final = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
"""Vowels and tone marks written above or below a Thai consonant, never after anything else."""
MAX_ORPHAN_MARK_SHARE: Final = 0.01
DEFAULT_MAX_BYTES: Final = 32 * 1024 * 1024
_FORMULA_WITHOUT_VALUE: Final = re.compile(
    r'<c r="([A-Z]+\d+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v>\s*</v>|<v/>)?\s*</c>'
)


def max_import_bytes() -> int:
    """``IMPORT_MAX_BYTES`` or 32 MiB: the largest file read (a month's national file is a few MB)."""
    return int(os.environ.get("IMPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


@dataclass
class RawTable:
    """The header and the data rows of a file, each row with its line number (1 is the header)."""

    header: list[str]
    rows: list[tuple[int, list[object]]]
    encoding: str
    notes: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str = "") -> RawTable:
    """The table in ``content``; ``FileRejected`` when there is none to read."""
    if not content.strip():
        raise FileRejected("empty")
    if len(content) > max_import_bytes():
        raise FileRejected(
            "too_large", size_mb=round(len(content) / 2**20, 1), limit_mb=round(max_import_bytes() / 2**20, 1)
        )
    if content.startswith(XLSX_MAGIC) or content.startswith(XLS_MAGIC) or filename.lower().endswith((".xlsx", ".xls")):
        return _read_workbook(content)
    text, encoding, truncated = decode_text(content)
    table = _read_csv(text, encoding)
    if truncated:
        table.notes.append("truncated")
    return table


def decode_text(content: bytes) -> tuple[str, str, bool]:
    """The text, its encoding and whether it ended inside a character (a file cut off in transfer)."""
    try:
        return content.decode("utf-8-sig"), "utf-8-sig" if content.startswith(b"\xef\xbb\xbf") else "utf-8", False
    except UnicodeDecodeError as error:
        if error.start >= len(content) - 3 and error.reason == "unexpected end of data":
            return content[: error.start].decode("utf-8-sig"), "utf-8", True
    try:
        text = content.decode("cp874")
    except UnicodeDecodeError:
        raise FileRejected("unknown_encoding") from None
    if not _reads_as_thai(text):
        raise FileRejected("unknown_encoding")
    return text, "cp874", False


def _reads_as_thai(text: str) -> bool:
    """Whether a cp874 reading looks like Thai: mostly Thai letters beyond ASCII, and Thai vowel and
    tone marks written over Thai letters (Latin-1's 'é' reads as a tone mark after a Latin 'f')."""
    beyond_ascii = [char for char in text if ord(char) > 127]
    if not beyond_ascii:
        return True
    thai = sum(1 for char in beyond_ascii if _is_thai(char))
    orphan_marks = sum(1 for before, mark in itertools.pairwise(text) if mark in THAI_MARKS and not _is_thai(before))
    return thai / len(beyond_ascii) >= MIN_THAI_SHARE and orphan_marks <= MAX_ORPHAN_MARK_SHARE * thai


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def _read_csv(text: str, encoding: str) -> RawTable:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=False)
    try:
        lines: list[tuple[int, list[object]]] = [(reader.line_num, list(row)) for row in reader]
    except csv.Error as error:
        raise FileRejected("unreadable_csv", detail=str(error)) from None
    return _table(lines, encoding)


def _table(lines: list[tuple[int, list[object]]], encoding: str) -> RawTable:
    filled = [(number, row) for number, row in lines if any(clean_text(cell) for cell in row)]
    if not filled:
        raise FileRejected("empty")
    (_, header), *rows = filled
    if not rows:
        raise FileRejected("no_rows")
    return RawTable([clean_text(cell) for cell in header], rows, encoding)


def _read_workbook(content: bytes) -> RawTable:
    """The first sheet: computed values of formulas; merged header cells read as their first cell's text."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = book.get_sheet_by_index(0)
        cells = sheet.to_python(skip_empty_area=False)
        merged: list[CellRange] = list(sheet.merged_cell_ranges or [])
    except Exception as error:  # calamine raises its own error types for every kind of damage
        raise FileRejected("unreadable_xlsx", detail=str(error)[:200]) from None
    if formulas := _formulas_without_values(content):
        raise FileRejected("formulas_without_values", cells=", ".join(formulas[:5]))
    lines: list[tuple[int, list[object]]] = [(number, list(row)) for number, row in enumerate(cells, start=1)]
    return _table(_merge_header(lines, merged), "xlsx")


def _formulas_without_values(content: bytes) -> list[str]:
    """Cells of the first sheet with a formula but no value saved with it (written by a program and
    never opened in Excel): their value is unknown, and reading them as empty would mislead."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheets = sorted(name for name in archive.namelist() if name.startswith("xl/worksheets/sheet"))
            xml = archive.read(sheets[0]).decode("utf-8", "replace") if sheets else ""
    except (zipfile.BadZipFile, KeyError):
        return []
    return [match.group(1) for match in _FORMULA_WITHOUT_VALUE.finditer(xml)]


def _merge_header(lines: list[tuple[int, list[object]]], merged: list[CellRange]) -> list[tuple[int, list[object]]]:
    """Title rows over the header (one filled cell) are skipped; a header split over two rows by merged
    cells ("พิกัด" over "ละติจูด | ลองจิจูด", the other titles merged down) is read as one row.

    Only the sheet's merged ranges make two rows one header: a data row is never taken for a header.
    """
    while len(lines) > 1 and sum(1 for cell in lines[0][1] if clean_text(cell)) == 1:
        lines = lines[1:]
    if len(lines) < 2 or not _merged_over(lines[0][0] - 1, merged):
        return lines
    upper, lower = lines[0][1], lines[1][1]
    titles = [clean_text(low) or clean_text(up) for up, low in zip(upper, lower, strict=False)]
    return [(lines[1][0], list(titles)), *lines[2:]]


CellRange = tuple[tuple[int, int], tuple[int, int]]
"""A merged range of a sheet: ((first row, first column), (last row, last column)), from 0."""


def _merged_over(row: int, merged: list[CellRange]) -> bool:
    """Whether a merged range joins row ``row`` with the row below, or spans columns of row ``row``
    only (a group title over the sub-titles of the next row)."""
    return any(
        (first_row <= row < last_row) or (first_row == last_row == row and last_column > first_column)
        for (first_row, first_column), (last_row, last_column) in merged
    )
