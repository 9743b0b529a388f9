"""Alembic environment: runs migrations on the engine handed over by ``store.db.migrate``."""

from alembic import context

from store import (
    showcase_models,  # noqa: F401 - registers the showcase tables on Base.metadata
    ticket_models,  # noqa: F401 - registers the ticket tables on Base.metadata
)
from store.db import make_engine
from store.models import Base

config = context.config
engine = config.attributes.get("engine") or make_engine()

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
