"""Who is asking, and what that lets them see and change: the data layer's side of sign-in.

Authorization happens at the query: every query that returns personal data, and every write,
receives the requester's ``PermittedScope`` and decides per province. The web layer builds a
``Principal`` from the session or token of each request (``auth/``); nothing in a request's body
can widen it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    """The roles of the programme's people and machines (a person holds one)."""

    ADMIN = "admin"
    EXECUTIVE = "executive"
    OFFICER = "officer"
    DISPLAY = "display"
    API_CLIENT = "api_client"


class TokenScope(StrEnum):
    """What an API client's token allows (the ingest scopes serve the import issue)."""

    READ = "read"
    INGEST_NETWORK = "ingest:network"
    INGEST_APP = "ingest:app"
    INGEST_TRAINING = "ingest:training"


PrincipalKind = Literal["anonymous", "person", "display", "api_client"]


@dataclass(frozen=True)
class PermittedScope:
    """What the requester may see and change beyond the aggregates, per province.

    Aggregates of every area are open to everyone signed in; personal data (volunteers' names and
    phones, ticket reporters, showcase contacts) only in ``personal_data_provinces`` (or
    everywhere with ``all_personal_data``); ticket changes only in ``ticket_change_provinces``
    (or everywhere with ``all_ticket_changes``).
    """

    personal_data_provinces: frozenset[str] = field(default_factory=frozenset)
    all_personal_data: bool = False
    ticket_change_provinces: frozenset[str] = field(default_factory=frozenset)
    all_ticket_changes: bool = False

    def may_see_personal_data(self, province_code: str) -> bool:
        return self.all_personal_data or province_code[:2] in self.personal_data_provinces

    def may_change_tickets_in(self, province_code: str) -> bool:
        return self.all_ticket_changes or province_code[:2] in self.ticket_change_provinces

    @property
    def cache_key(self) -> str:
        """A short text that differs whenever personal data in an answer would differ."""
        if self.all_personal_data:
            return "pd:all"
        return "pd:" + ",".join(sorted(self.personal_data_provinces))


NO_PERSONAL_DATA = PermittedScope()
"""Aggregates only: anonymous callers, displays, executives by default."""


@dataclass(frozen=True)
class Principal:
    """The person or machine behind a request, as the session or token proves it.

    ``account`` is what the audit trail records (an e-mail address, a token's name); ``account_id``
    the row of the user or token it came from.
    """

    kind: PrincipalKind
    account: str
    role: Role | None = None
    account_id: int | None = None
    provinces: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[TokenScope] = field(default_factory=frozenset)
    permitted: PermittedScope = NO_PERSONAL_DATA

    @property
    def is_signed_in(self) -> bool:
        return self.kind != "anonymous"


ANONYMOUS_PRINCIPAL = Principal(kind="anonymous", account="anonymous")
