"""Downloads of tables: CSV in UTF-8 with a BOM (so Excel shows Thai) and XLSX, headers translated.

Pure functions, frame in, bytes out; the callbacks only pick the frame and the file name.
"""

from __future__ import annotations

import io

import pandas as pd

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


def ticket_export_frame(rows: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The ticket table's rows (``TicketQueries.page``) with translated values and headers."""
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
    headers = [t(key, lang) for key in TICKET_COLUMNS.values()]
    headers[7] = f"{headers[7]} ({'รหัส' if lang == 'th' else 'code'})"
    frame.columns = headers
    return frame


def village_export_frame(villages: pd.DataFrame, open_tickets: pd.DataFrame) -> pd.DataFrame:
    """``CoverageQueries.village_states`` of the area with each village's open tickets."""
    counts = open_tickets.set_index("code")["open"] if len(open_tickets) else pd.Series(dtype="int64")
    frame = villages.assign(open_tickets=villages["code"].map(counts).fillna(0).astype("int64"))
    return frame[list(VILLAGE_COLUMNS)]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads Thai as mojibake."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
