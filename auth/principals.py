"""From a signed-in account to its ``Principal``: the role policy of personal data and ticket changes.

- officer: personal data and ticket changes in their provinces;
- executive: aggregates everywhere, personal data nowhere (``EXECUTIVE_PERSONAL_DATA=all``: everywhere),
  no ticket changes;
- admin: manages accounts and reads the audit log; no personal data and no ticket changes, except
  in provinces given to the account (an admin who also works a province, like an officer there).
"""

from __future__ import annotations

from store.accounts.models import Account
from store.core.access import PermittedScope, Principal, Role


def person_principal(account: Account, *, executive_personal_data: bool) -> Principal:
    role = Role(account.role)
    provinces = account.provinces if role in (Role.OFFICER, Role.ADMIN) else frozenset()
    permitted = PermittedScope(
        personal_data_provinces=provinces,
        all_personal_data=role is Role.EXECUTIVE and executive_personal_data,
        ticket_change_provinces=provinces,
    )
    return Principal(
        kind="person", account=account.email, role=role, account_id=account.id, provinces=provinces, permitted=permitted
    )
