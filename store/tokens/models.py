"""The tables of machine tokens: one row per token, one row per secret it has ever had.

A token keeps its id, name and scopes across rotations; each rotation retires its secret and adds a
new one. Retired secrets stay (their hash only), so a screen or client still sending an old secret
is told "this token was replaced" rather than "unknown", and an admin sees why it stopped working.
The creator is kept as text (and the user's id when there is one) without a foreign key: a token
outlives the account that made it, and the accounts' table is not this package's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from store.core.models import Base


class MachineToken(Base):
    """A display's or an API client's access: what it is called, who made it, what it may do."""

    __tablename__ = "machine_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "display" or "api_client"
    name: Mapped[str] = mapped_column(String(120))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(254))
    created_by_user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    rotated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class TokenSecret(Base):
    """One secret of a token, as its SHA-256 hash and a short visible prefix; ``retired_at`` once rotated."""

    __tablename__ = "machine_token_secrets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("machine_tokens.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
