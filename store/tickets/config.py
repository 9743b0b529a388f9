"""Ticket vocabulary and the service-level thresholds, overridable without a code change.

The SLA of a category is how long a ticket of that category may stay open (not done) before it is
flagged as overdue: an outage leaves a whole village offline, so it gets 3 days; a request of
the area, which needs planning, gets 30. Override any of them from the environment,

    TICKET_SLA_DAYS="outage=2,slow=5"

or from a JSON file named by ``TICKET_SLA_FILE`` (``{"outage": 2, "slow": 5}``); the variable
wins over the file, and categories not named keep their defaults.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

TicketStatus = Literal["not_started", "in_progress", "done"]
STATUSES: Final[tuple[TicketStatus, ...]] = ("not_started", "in_progress", "done")
OPEN_STATUSES: Final[tuple[TicketStatus, ...]] = ("not_started", "in_progress")

TicketCategory = Literal["outage", "slow", "equipment", "login", "request", "other"]
CATEGORIES: Final[tuple[TicketCategory, ...]] = ("outage", "slow", "equipment", "login", "request", "other")
"""No signal / outage; slow line; equipment or power; WiFi registration or login; a request or
need of the area; anything else."""

AGENCIES: Final[tuple[str, ...]] = ("tot", "pea", "de_office", "mdes")
"""TOT (the line and the hotspot), PEA (power), the provincial office of digital economy and
society (registration, the app, training) and MDES (requests of the area, policy)."""

DEFAULT_SLA_DAYS: Final[dict[str, float]] = {
    "outage": 3,
    "slow": 7,
    "equipment": 7,
    "login": 5,
    "request": 30,
    "other": 14,
}


@dataclass(frozen=True)
class SlaConfig:
    """Days a ticket of each category may stay open before it is overdue."""

    days: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SLA_DAYS))

    def limit(self, category: str) -> dt.timedelta:
        return dt.timedelta(days=self.days.get(category, DEFAULT_SLA_DAYS["other"]))

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> SlaConfig:
        """Defaults, then ``TICKET_SLA_FILE`` (JSON), then ``TICKET_SLA_DAYS`` (``cat=days,...``)."""
        environ = dict(os.environ if environ is None else environ)
        days = dict(DEFAULT_SLA_DAYS)
        if path := environ.get("TICKET_SLA_FILE"):
            days.update(_checked(json.loads(Path(path).read_text(encoding="utf-8")), source=path))
        if text := environ.get("TICKET_SLA_DAYS"):
            pairs = (item.split("=", 1) for item in text.split(",") if item.strip())
            days.update(_checked({key.strip(): value for key, value in pairs}, source="TICKET_SLA_DAYS"))
        return cls(days)


def _checked(values: dict[str, object], *, source: str) -> dict[str, float]:
    checked: dict[str, float] = {}
    for category, value in values.items():
        if category not in CATEGORIES:
            raise ValueError(f"{source}: unknown ticket category {category!r} (known: {', '.join(CATEGORIES)})")
        days = float(value)  # type: ignore[arg-type]
        if days <= 0:
            raise ValueError(f"{source}: the SLA of {category} must be positive, got {value!r}")
        checked[category] = days
    return checked


SLA: Final = SlaConfig.from_environment()
"""The thresholds the app uses, read once at import."""
