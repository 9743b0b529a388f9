"""The accounts of people who sign in (machines' tokens live elsewhere).

Plain SQLAlchemy models: the web layer's account library (Flask-Security) reads and writes them
through its SQLAlchemy session datastore. An account satisfies Flask-Login's user protocol
(``is_authenticated``, ``is_active``, ``is_anonymous``, ``get_id``) without importing Flask, and
its id for the session is ``fs_uniquifier``: rotating it ends every session of the account
("sign out everywhere", a password reset).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.core.models import Base


class Account(Base):
    """A person who signs in: one role; an officer (or an admin who moves tickets) one or more provinces."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    fs_uniquifier: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    oidc_identity: Mapped[str | None] = mapped_column(String(512), unique=True)
    """The single sign-on identity (OpenID Connect issuer and subject) the account was last signed in as."""
    province_rows: Mapped[list[AccountProvince]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AccountProvince.province_code"
    )

    @property
    def provinces(self) -> frozenset[str]:
        return frozenset(row.province_code for row in self.province_rows)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    # Flask-Login's user protocol (the session stores ``get_id()``)
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.fs_uniquifier


class AccountProvince(Base):
    """One province an account works in (personal data and ticket changes there)."""

    __tablename__ = "account_provinces"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), primary_key=True)
