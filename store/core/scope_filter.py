"""The one WHERE clause that keeps a query inside its area scope, for every table with area codes.

Villages, tickets and showcase items each carry their province, district and village codes
(denormalised, indexed), so a scope is one indexed equality, never a scan: a province's query
reads that province's rows only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, true

from store.core.scope import AreaScope


@dataclass(frozen=True)
class AreaColumns:
    """A table's area-code columns; a table without a subdistrict column matches by village-code prefix."""

    province: Any
    district: Any
    village: Any
    subdistrict: Any = None


def scope_filter(scope: AreaScope, columns: AreaColumns) -> ColumnElement[bool]:
    """Rows of ``scope``: everything for the country, an indexed equality (or prefix) below."""
    if scope.level == "country":
        return true()
    if scope.level == "subdistrict" and columns.subdistrict is None:
        prefix: ColumnElement[bool] = columns.village.like(f"{scope.code}%")  # village codes start with it
        return prefix
    column = {
        "province": columns.province,
        "district": columns.district,
        "subdistrict": columns.subdistrict,
        "village": columns.village,
    }[scope.level]
    condition: ColumnElement[bool] = column == scope.code
    return condition
