"""Alembic environment: runs migrations on the engine handed over by ``store.core.db.migrate``."""

from alembic import context

from store.accounts import models as account_models  # noqa: F401 - registers the accounts
from store.audit import models as audit_models  # noqa: F401 - registers the audit trail
from store.core.db import make_engine
from store.core.models import Base
from store.coverage import models as coverage_models  # noqa: F401 - registers the coverage tables on Base.metadata
from store.imports import models as import_models  # noqa: F401 - registers the import record
from store.showcase import models as showcase_models  # noqa: F401 - registers the showcase tables
from store.tickets import models as ticket_models  # noqa: F401 - registers the ticket tables
from store.tokens import models as token_models  # noqa: F401 - registers the machine tokens

config = context.config
engine = config.attributes.get("engine") or make_engine()

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
