"""the key an officer's client gives a ticket change, so that a change sent again is stored once

The ticket table's form and the API's ``Idempotency-Key`` name each change; a change resent with
its key (the answer was lost, the officer clicked again, a proxy resent it to another host) is
found by it and answered as the first was, not stored twice.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_events") as batch:
        batch.add_column(sa.Column("change_key", sa.String(64), nullable=True))
        batch.create_index("ix_ticket_events_change_key", ["change_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("ticket_events") as batch:
        batch.drop_index("ix_ticket_events_change_key")
        batch.drop_column("change_key")
