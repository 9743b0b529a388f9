"""What an export holds: its request (kind, area, day, language, filters) and its rows in chunks.

The same request, read from a page's controls or from the API's parameters, gives the same rows
as the page or the API shows: the ticket table's query, streamed; the villages of the map.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Literal
from urllib.parse import urlencode

import pandas as pd

from exports.tables import VILLAGE_COLUMNS, in_chunks, ticket_export_frame, ticket_headers, village_export_frame
from store.core.scope import AreaScope
from store.coverage.queries import CoverageQueries
from store.tickets.config import CATEGORIES, STATUSES
from store.tickets.queries import EXPORT_CHUNK_ROWS, TicketFilter, TicketQueries, TicketSort
from view.state import Lang

ExportKind = Literal["tickets", "villages"]
EXPORT_KINDS: Final[tuple[ExportKind, ...]] = ("tickets", "villages")
ExportFormat = Literal["csv", "xlsx"]

EXPORTS_PATH: Final = "/api/v1/exports"
"""Where the export endpoints live (``api.exports``); pages link to them."""
AREA_PARAM_BY_DIGITS: Final = {2: "province", 4: "district", 6: "subdistrict", 8: "village"}


@dataclass(frozen=True)
class ExportRequest:
    """One export as asked for; frozen and picklable, so a worker process can build it."""

    kind: ExportKind
    area: str
    as_of: dt.date
    lang: Lang
    filters: TicketFilter = field(default_factory=TicketFilter)

    @property
    def scope(self) -> AreaScope:
        return AreaScope(self.area)

    def file_name(self, extension: ExportFormat) -> str:
        """``tickets-84-2019-02-01.xlsx`` (``TH`` for the whole country)."""
        return f"{self.kind}-{self.area or 'TH'}-{self.as_of.isoformat()}.{extension}"

    def csv_href(self) -> str:
        """The CSV endpoint's URL for this request: the API's parameters, the defaults left out."""
        params = {AREA_PARAM_BY_DIGITS[len(self.area)]: self.area} if self.area else {}
        params |= {"as_of": self.as_of.isoformat(), "lang": self.lang}
        if self.kind == "tickets":
            params |= _filter_params(self.filters)
        return f"{EXPORTS_PATH}/{self.kind}.csv?{urlencode(params)}"


def job_file_href(job_id: str) -> str:
    return f"{EXPORTS_PATH}/jobs/{job_id}/file"


def _filter_params(filters: TicketFilter) -> dict[str, str]:
    """``filters`` as the ticket list's parameters (``api.tickets.ticket_filter_of_request``)."""
    params = {
        "status": ",".join(filters.statuses) if set(filters.statuses) != set(STATUSES) else "",
        "category": ",".join(filters.categories) if set(filters.categories) != set(CATEGORIES) else "",
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
        "q": filters.text,
        "overdue": "true" if filters.overdue_only else "",
    }
    if not filters.statuses:  # none chosen: an empty list would read as "all"
        params["status"] = "none"
    if not filters.categories:
        params["category"] = "none"
    return {name: value for name, value in params.items() if value}


@dataclass(frozen=True)
class ExportSources:
    """The queries an export reads: the tickets, and the villages of the map."""

    queries: CoverageQueries
    tickets: TicketQueries

    def headers(self, request: ExportRequest) -> list[str]:
        return ticket_headers(request.lang) if request.kind == "tickets" else list(VILLAGE_COLUMNS)

    def total(self, request: ExportRequest) -> int:
        """How many rows the export will have (for its progress)."""
        if request.kind == "tickets":
            return self.tickets.total(request.scope, request.as_of, request.filters)
        return len(self.queries.village_states(request.scope, request.as_of))

    def frames(self, request: ExportRequest) -> Iterator[pd.DataFrame]:
        """The rows, translated, ``EXPORT_CHUNK_ROWS`` at a time; the tickets in the table's default order."""
        if request.kind == "tickets":
            for rows in self.tickets.rows_in_chunks(request.scope, request.as_of, request.filters, TicketSort()):
                yield ticket_export_frame(rows, request.lang)
            return
        villages = self.queries.village_states(request.scope, request.as_of)  # cached: a frame already
        frame = village_export_frame(villages, self.tickets.open_by_village(request.scope, request.as_of))
        yield from in_chunks(frame, EXPORT_CHUNK_ROWS)
