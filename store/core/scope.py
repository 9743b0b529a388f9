"""Area scopes: the country, a province, a district, a subdistrict or a village.

A DOPA code's length tells its level, so a scope is just a code ('' for the whole country).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AreaLevel = Literal["country", "province", "district", "subdistrict", "village"]

LEVEL_BY_CODE_LENGTH: dict[int, AreaLevel] = {
    0: "country",
    2: "province",
    4: "district",
    6: "subdistrict",
    8: "village",
}
CHILD_LEVEL: dict[AreaLevel, AreaLevel | None] = {
    "country": "province",
    "province": "district",
    "district": "village",
    "subdistrict": "village",
    "village": None,
}


class InvalidAreaCode(ValueError):
    """An area code that is not 0, 2, 4, 6 or 8 digits."""


@dataclass(frozen=True)
class AreaScope:
    """The area a query is about; hashable so it can key caches."""

    code: str = ""

    def __post_init__(self) -> None:
        if not (self.code == "" or self.code.isdigit()) or len(self.code) not in LEVEL_BY_CODE_LENGTH:
            raise InvalidAreaCode(f"not an area code: {self.code!r} (expected 2, 4, 6 or 8 digits)")

    @property
    def level(self) -> AreaLevel:
        return LEVEL_BY_CODE_LENGTH[len(self.code)]

    @property
    def child_level(self) -> AreaLevel | None:
        return CHILD_LEVEL[self.level]

    @property
    def province_code(self) -> str | None:
        return self.code[:2] or None

    @property
    def district_code(self) -> str | None:
        return self.code[:4] if len(self.code) >= 4 else None

    def lineage(self) -> list[AreaScope]:
        """This scope and its ancestors, country first (for breadcrumbs)."""
        return [AreaScope(self.code[:n]) for n in sorted(LEVEL_BY_CODE_LENGTH) if n <= len(self.code)]

    def contains(self, code: str) -> bool:
        return code.startswith(self.code)


COUNTRY = AreaScope("")
