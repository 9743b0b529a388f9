"""Reading and changing accounts; the caller's session is the transaction (an audit event commits with it).

Passwords arrive here already hashed (the web layer's account library hashes them with argon2):
the data layer never sees a password.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.accounts.models import Account, AccountProvince
from store.core.access import Role
from store.core.models import Province

PERSON_ROLES = (Role.ADMIN, Role.EXECUTIVE, Role.OFFICER)
"""The roles a person's account may hold (displays and API clients have tokens, not accounts)."""


class AccountProblem(ValueError):
    """A change an account cannot take (unknown role or province, a duplicate e-mail), said plainly."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_uniquifier() -> str:
    return uuid.uuid4().hex


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_account(session: Session, email: str) -> Account | None:
    return session.scalar(select(Account).where(Account.email == normalise_email(email)))


def find_by_oidc_identity(session: Session, identity: str) -> Account | None:
    return session.scalar(select(Account).where(Account.oidc_identity == identity))


def all_accounts(session: Session) -> Sequence[Account]:
    return session.scalars(select(Account).order_by(Account.email)).all()


def create_account(
    session: Session, *, email: str, password_hash: str, role: str, provinces: Iterable[str] = ()
) -> Account:
    """Add an active account; ``AccountProblem`` for a taken e-mail, a wrong role or province."""
    address = normalise_email(email)
    if "@" not in address or len(address) > 254:
        raise AccountProblem(f"not an e-mail address: {email!r}")
    if find_account(session, address) is not None:
        raise AccountProblem(f"an account for {address} exists already")
    account = Account(
        email=address,
        password=password_hash,
        active=True,
        fs_uniquifier=new_uniquifier(),
        role=_checked_role(role),
        created_at=utc_now(),
        failed_sign_ins=0,
    )
    session.add(account)
    set_provinces(session, account, provinces)
    return account


def set_role(account: Account, role: str) -> None:
    account.role = _checked_role(role)


def set_provinces(session: Session, account: Account, provinces: Iterable[str]) -> None:
    """Replace the account's provinces with ``provinces`` (two-digit codes that exist)."""
    codes = sorted({code.strip() for code in provinces if code.strip()})
    known = set(session.scalars(select(Province.code).where(Province.code.in_(codes))))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise AccountProblem(f"unknown province code(s): {', '.join(unknown)}")
    account.province_rows = [AccountProvince(province_code=code) for code in codes]


def set_password_hash(account: Account, password_hash: str) -> None:
    """A new password ends every session of the account."""
    account.password = password_hash
    account.fs_uniquifier = new_uniquifier()


def sign_out_everywhere(account: Account) -> None:
    account.fs_uniquifier = new_uniquifier()


def record_failed_sign_in(account: Account, lock_after: int) -> bool:
    """Count one failure; lock the account at ``lock_after`` failures in a row. True when it locked now."""
    account.failed_sign_ins = (account.failed_sign_ins or 0) + 1
    if account.locked_at is None and account.failed_sign_ins >= lock_after:
        account.locked_at = utc_now()
        return True
    return False


def record_sign_in(account: Account) -> None:
    account.failed_sign_ins = 0
    account.last_sign_in_at = utc_now()


def unlock(account: Account) -> None:
    account.locked_at = None
    account.failed_sign_ins = 0


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


def _checked_role(role: str) -> str:
    if role not in {r.value for r in PERSON_ROLES}:
        raise AccountProblem(f"a person's role is one of {', '.join(r.value for r in PERSON_ROLES)}, not {role!r}")
    return role
