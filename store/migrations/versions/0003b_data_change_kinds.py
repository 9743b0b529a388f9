"""data changes name the kind of data they changed (coverage, tickets, showcase)

A ticket edit then moves only the tickets' version, and the coverage figures stay cached.

Revision ID: 0003b
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003b"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("data_changes") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="coverage"))
        batch.create_index("ix_data_changes_kind_id", ["kind", "id"])
    op.execute("UPDATE data_changes SET kind = 'tickets' WHERE what LIKE 'ticket %'")
    op.execute("UPDATE data_changes SET kind = 'showcase' WHERE what LIKE 'demo showcase%'")


def downgrade() -> None:
    with op.batch_alter_table("data_changes") as batch:
        batch.drop_index("ix_data_changes_kind_id")
        batch.drop_column("kind")
