"""Downloads of tables: translated rows, CSV in UTF-8 with a BOM (so Excel shows Thai) and XLSX.

Both formats are written chunk by chunk (``ExportSources.frames``), so a country's tickets never
sit in memory at once; text that a spreadsheet would run as a formula is neutralised first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from dashboard.i18n import t
from store.coverage.metrics import ICT_OFFSET
from store.coverage.statements import PUBLIC_VILLAGE_COLUMNS
from view.state import Lang

TICKET_COLUMNS = {
    "id": "col_ticket_id",
    "created_local": "col_created",
    "status_label": "col_ticket_status",
    "sla_label": "col_sla",
    "age_days": "col_age_days",
    "category_label": "col_category",
    "title_th": "col_ticket_title",
    "village_code": "col_village",
    "village_name": "col_village",
    "district_name": "col_district",
    "province_name": "col_province",
    "agency_label": "col_agency",
    "updated_local": "col_updated",
}
VILLAGE_COLUMNS = (*PUBLIC_VILLAGE_COLUMNS, "open_tickets")
"""Villages as the API serves them, plus their open tickets: no volunteer's name or phone."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel or LibreOffice read a cell as a formula (OWASP's CSV injection list)."""

CSV_BOM = "\ufeff".encode()


def ticket_headers(lang: Lang) -> list[str]:
    headers = [t(key, lang) for key in TICKET_COLUMNS.values()]
    headers[7] = f"{headers[7]} ({'รหัส' if lang == 'th' else 'code'})"
    return headers


def ticket_export_frame(rows: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The ticket table's rows (``TicketQueries.rows_in_chunks``) with translated values and headers."""
    suffix = "th" if lang == "th" else "en"
    frame = pd.DataFrame(
        {
            "id": rows["id"],
            "created_local": (rows["created_at"] + ICT_OFFSET).dt.strftime("%Y-%m-%d %H:%M"),
            "status_label": rows["status"].map(lambda s: t(f"ticket_status_{s}", lang)),
            "sla_label": rows["overdue"].map(lambda late: t("sla_overdue", lang) if late else ""),
            "age_days": rows["age_days"],
            "category_label": rows["category"].map(lambda c: t(f"ticket_category_{c}", lang)),
            "title_th": rows["title_th"],
            "village_code": rows["village_code"],
            "village_name": rows[f"village_{suffix}"],
            "district_name": rows[f"district_{suffix}"],
            "province_name": rows[f"province_{suffix}"],
            "agency_label": rows["agency"].map(lambda a: t(f"agency_{a}", lang)),
            "updated_local": (rows["changed_at"] + ICT_OFFSET).dt.strftime("%Y-%m-%d %H:%M"),
        }
    )
    frame.columns = ticket_headers(lang)
    return frame


def village_export_frame(villages: pd.DataFrame, open_tickets: pd.DataFrame) -> pd.DataFrame:
    """``CoverageQueries.village_states`` of the area with each village's open tickets."""
    counts = open_tickets.set_index("code")["open"] if len(open_tickets) else pd.Series(dtype="int64")
    frame = villages.assign(open_tickets=villages["code"].map(counts).fillna(0).astype("int64"))
    return frame[list(VILLAGE_COLUMNS)]


def neutralised(value: object) -> object:
    """Text that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``@SUM(…)``), prefixed
    with an apostrophe so it shows as the text it is; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell ``neutralised``; numbers stay numbers."""
    text_columns = [column for column in frame.columns if not pd.api.types.is_numeric_dtype(frame[column])]
    return frame.assign(**{str(column): frame[column].map(neutralised) for column in text_columns})


def in_chunks(frame: pd.DataFrame, rows: int) -> Iterator[pd.DataFrame]:
    """``frame`` ``rows`` at a time, for a writer that takes chunks."""
    for start in range(0, len(frame), rows):
        yield frame.iloc[start : start + rows]


def csv_chunks(headers: list[str], frames: Iterable[pd.DataFrame]) -> Iterator[bytes]:
    """The CSV file as it is written: the BOM and header first, then one piece per frame."""
    yield CSV_BOM + pd.DataFrame(columns=headers).to_csv(index=False).encode()
    for frame in frames:
        yield neutralised_frame(frame).to_csv(index=False, header=False).encode()


def write_xlsx(
    path: Path,
    sheet: str,
    headers: list[str],
    frames: Iterable[pd.DataFrame],
    on_rows: Callable[[int], None] = lambda _rows: None,
) -> int:
    """Write the rows to ``path`` with openpyxl's write-only (streaming) workbook; the rows written.

    ``on_rows`` hears the number of rows written after each frame (the job's progress).
    """
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.append(headers)
    written = 0
    for frame in frames:
        cells = neutralised_frame(frame).astype(object)
        for row in cells.where(cells.notna(), None).itertuples(index=False, name=None):
            worksheet.append(row)
        written += len(frame)
        on_rows(written)
    workbook.save(path)
    return written
