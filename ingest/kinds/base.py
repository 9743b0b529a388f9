"""What every kind of data shares: its columns (Thai or English headers), its row model, its key,
its checks against our domain, and how its rows are planned and written.

Rows are validated by pydantic models: one declaration gives each column its type, its range and
its parser (Thai digits, Buddhist-era dates), and pydantic's errors name the column that failed,
which the plan shows the admin. A kind adds the rules of our domain that need the database
(``check``) and says how an accepted row compares to what is stored (``plan``, ``write``).
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Final

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from sqlalchemy import Table, insert, tuple_, update
from sqlalchemy.orm import Session

from ingest.messages import CellError, Reason
from ingest.values import (
    clean_text,
    parse_code,
    parse_date,
    parse_month,
    parse_number,
    parse_timestamp,
    parse_whole_number,
)
from store.core.access import TokenScope
from store.core.versions import DataKind

FUTURE_TOLERANCE: Final = dt.timedelta(minutes=10)
"""A report a few minutes ahead of our clock is a clock difference, not a report from the future."""

VillageCode = Annotated[str, BeforeValidator(lambda value: parse_code(value, 8))]
ProvinceCode = Annotated[str, BeforeValidator(lambda value: parse_code(value, 2))]
DistrictCode = Annotated[str, BeforeValidator(lambda value: parse_code(value, 4))]
SubdistrictCode = Annotated[str, BeforeValidator(lambda value: parse_code(value, 6))]
ThaiDate = Annotated[dt.date, BeforeValidator(parse_date)]
Month = Annotated[dt.date, BeforeValidator(parse_month)]
Moment = Annotated[dt.datetime, BeforeValidator(parse_timestamp)]
Number = Annotated[float, BeforeValidator(parse_number)]
Count = Annotated[int, BeforeValidator(parse_whole_number)]
Text = Annotated[str, BeforeValidator(clean_text)]


class RowModel(BaseModel):
    """Base of the row models: unknown columns are ignored, values are immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True)


@dataclass(frozen=True)
class Column:
    """A field of a kind and the headers it is known by (compared without case, spaces or punctuation)."""

    field: str
    headers: tuple[str, ...]


def header_key(text: str) -> str:
    """A header as compared: lower case, without spaces, underscores, dots or brackets."""
    return re.sub(r"[\s_.\-()/:]+", "", clean_text(text).lower())


@dataclass(frozen=True)
class Rejection:
    """A row refused: its line in the file, its original cells, the column at fault and why."""

    line: int
    cells: dict[str, object]
    column: str
    reason: Reason


@dataclass(frozen=True)
class Accepted:
    """A row that passed its model: its line, its original cells and its typed values."""

    line: int
    cells: dict[str, object]
    row: Any


@dataclass
class Changes:
    """What writing the accepted rows would do: counts of the rows by outcome, and the records to write.

    The counts are of rows of the file; the records are what the tables get (several status
    reports of one hotspot may extend one stored record).
    """

    new_rows: int = 0
    changed_rows: int = 0
    unchanged_rows: int = 0
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def pydantic_reason(error: dict[str, Any]) -> Reason:
    """The bilingual reason of one pydantic error: ours when a parser raised it, else by its type."""
    context = error.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, CellError):
        return cause.reason
    value = error.get("input")
    kind = error["type"]
    if kind == "missing":
        return Reason.of("missing")
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        low = context.get("ge", context.get("gt", "–"))
        high = context.get("le", context.get("lt", "–"))
        return Reason.of("out_of_range", value=value, low=low, high=high)
    if kind == "string_too_long":
        return Reason.of("too_long", limit=context.get("max_length"))
    return Reason("invalid", f"ค่าไม่ถูกต้อง: {value!r}", str(error.get("msg", "invalid value")))


class Kind(ABC):
    """One kind of data that can be imported."""

    name: ClassVar[str]
    title_th: ClassVar[str]
    title_en: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    model: ClassVar[type[RowModel]]
    scope: ClassVar[TokenScope | None]
    """The API token scope a machine client needs to send this kind; None: files only."""
    data_kind: ClassVar[DataKind] = "coverage"
    source_id_field: ClassVar[str] = "id"
    """The field of an API item that holds the source's own id (``id`` is always looked at first)."""
    remembers_item_ids: ClassVar[bool] = True
    """Whether API item ids are remembered; status reports are not (millions a day), their
    natural key (hotspot, time) already makes a resent report change nothing."""

    def validate(self, line: int, cells: dict[str, object]) -> Accepted | Rejection:
        """The row typed by the model, or the first column that failed and why."""
        present = {name: value for name, value in cells.items() if _is_filled(value)}
        try:
            return Accepted(line, cells, self.model.model_validate(present))
        except ValidationError as errors:
            first = errors.errors()[0]
            column = str(first["loc"][0]) if first["loc"] else ""
            return Rejection(line, cells, column, pydantic_reason(dict(first)))

    @abstractmethod
    def key(self, row: Any) -> Hashable:
        """The natural key of a row: two rows of one key describe the same thing."""

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        """The rules of our domain that need the database; none by default."""
        return []

    @abstractmethod
    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        """How the rows compare with the database (nothing written)."""

    @abstractmethod
    def write(self, session: Session, changes: Changes) -> None:
        """Write the planned changes in the caller's transaction."""


def _is_filled(value: object) -> bool:
    """Whether a cell holds anything (an empty or blank cell is a missing value, not an error)."""
    if isinstance(value, str):
        return bool(value.strip()) and bool(clean_text(value))
    return value is not None


class UpsertKind(Kind):
    """A kind stored one row per natural key: new keys are inserted, changed values updated."""

    table: ClassVar[Table]
    key_columns: ClassVar[tuple[str, ...]]
    compared: ClassVar[tuple[str, ...]]

    def key(self, row: Any) -> Hashable:
        return tuple(getattr(row, name) for name in self.key_columns)

    def record(self, row: Any) -> dict[str, Any]:
        """The row as the table's columns: key and compared values (and what only a new row gets)."""
        return {name: getattr(row, name) for name in (*self.key_columns, *self.compared)}

    def stored(self, session: Session, keys: Sequence[tuple[Any, ...]]) -> dict[Hashable, dict[str, Any]]:
        """The stored rows of these keys, read in chunks (a database limits bound parameters)."""
        columns = [self.table.c[name] for name in (*self.key_columns, *self.compared)]
        key_columns = [self.table.c[name] for name in self.key_columns]
        found: dict[Hashable, dict[str, Any]] = {}
        for chunk in _chunks(keys, 500):
            condition = (
                key_columns[0].in_([key[0] for key in chunk])
                if len(key_columns) == 1
                else tuple_(*key_columns).in_(chunk)
            )
            for mapping in session.execute(self.table.select().with_only_columns(*columns).where(condition)).mappings():
                found[tuple(mapping[name] for name in self.key_columns)] = dict(mapping)
        return found

    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        return self.plan_records(session, [self.record(accepted.row) for accepted in rows])

    def plan_records(self, session: Session, records: list[dict[str, Any]]) -> Changes:
        """New keys to insert, changed ones to update (a kind whose records need lookups builds them first)."""
        stored = self.stored(session, [tuple(record[name] for name in self.key_columns) for record in records])
        changes = Changes()
        for record in records:
            before = stored.get(tuple(record[name] for name in self.key_columns))
            if before is None:
                changes.inserts.append(record)
            elif any(_differs(before[name], record[name]) for name in self.compared):
                changes.updates.append({**before, **record})
            else:
                changes.unchanged_rows += 1
        changes.new_rows, changes.changed_rows = len(changes.inserts), len(changes.updates)
        return changes

    def write(self, session: Session, changes: Changes) -> None:
        if changes.inserts:
            session.execute(insert(self.table), changes.inserts)
        for record in changes.updates:
            condition = [self.table.c[name] == record[name] for name in self.key_columns]
            changed = {name: record[name] for name in self.compared}
            session.execute(update(self.table).where(*condition).values(**changed))


def _differs(stored: object, incoming: object) -> bool:
    if isinstance(stored, float) and isinstance(incoming, float):
        return abs(stored - incoming) > 1e-9
    return stored != incoming


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
