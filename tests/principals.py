"""Principals for tests that call the data layer directly (the web layer builds them from a session)."""

from __future__ import annotations

from store.core.access import PermittedScope, Principal, Role


def officer_of(*provinces: str, account: str = "officer@test.invalid") -> Principal:
    """A provincial officer of ``provinces``: personal data and ticket changes there only."""
    codes = frozenset(provinces)
    return Principal(
        kind="person",
        account=account,
        role=Role.OFFICER,
        provinces=codes,
        permitted=PermittedScope(personal_data_provinces=codes, ticket_change_provinces=codes),
    )


OFFICER_EVERYWHERE = Principal(
    kind="person",
    account="officer@test.invalid",
    role=Role.OFFICER,
    permitted=PermittedScope(all_ticket_changes=True),
)
"""For tests of the workflow's rules, where the province is not the point."""
