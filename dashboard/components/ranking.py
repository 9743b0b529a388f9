"""The sortable ranking of the child areas of the area in view (dash-ag-grid)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from dashboard.i18n import Lang, format_date, t
from store.metrics import PCT_COLUMN_BY_METRIC, Metric

PCT_COLUMNS = ("hotspot_online_pct", "volunteer_coverage_pct", "training_progress_pct")


def ranking_columns(metric: Metric, lang: Lang, *, with_training_date: bool) -> list[dict[str, Any]]:
    """Column definitions; the chosen metric sorted ascending so the areas furthest behind lead."""
    columns: list[dict[str, Any]] = [
        {"field": "name", "headerName": t("col_name", lang), "flex": 2, "minWidth": 140},
        {"field": "villages", "headerName": t("col_villages", lang), "type": "numericColumn", "width": 90},
    ]
    for column in PCT_COLUMNS:
        columns.append(
            {
                "field": column,
                "headerName": t(f"col_{column}", lang),
                "type": "numericColumn",
                "width": 96,
                "comparator": {"function": "nullsLast"},
                "valueFormatter": {"function": "params.value == null ? '–' : d3.format('.1f')(params.value)"},
                "sort": "asc" if column == PCT_COLUMN_BY_METRIC[metric] else None,
                "cellClass": "metric-column" if column == PCT_COLUMN_BY_METRIC[metric] else "",
            }
        )
    if with_training_date:
        columns.append(
            {"field": "training_session", "headerName": t("col_training_session_date", lang), "minWidth": 150}
        )
    return columns


def ranking_rows(areas: pd.DataFrame, lang: Lang) -> list[dict[str, Any]]:
    """One row per area; NaN shares become null so the grid sorts them last and shows '–'."""
    name_column = "name_th" if lang == "th" else "name_en"
    rows = []
    for area in areas.itertuples():
        row: dict[str, Any] = {"code": area.code, "name": getattr(area, name_column), "villages": int(area.villages)}
        for column in PCT_COLUMNS:
            value = getattr(area, column)
            row[column] = None if value is None or math.isnan(value) else float(value)
        if hasattr(area, "training_session_date"):
            status = t(f"session_{area.training_session_status}", lang)
            row["training_session"] = f"{format_date(area.training_session_date, lang)} ({status})"
        rows.append(row)
    return rows
