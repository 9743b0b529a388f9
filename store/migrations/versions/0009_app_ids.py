"""the volunteers' app's own ids on tickets, ticket events and showcase items; image hashes

A ticket, an event or an item sent twice by the app is found by the app's id and not stored
twice; an image uploaded twice for one item is found by its sha256.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

APP_ID_TABLES = ("tickets", "ticket_events", "showcase_items")


def upgrade() -> None:
    for table in APP_ID_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("app_id", sa.String(64), nullable=True))
            batch.create_index(f"ix_{table}_app_id", ["app_id"], unique=True)
    with op.batch_alter_table("showcase_images") as batch:
        batch.add_column(sa.Column("sha256", sa.String(64), nullable=True))
        batch.create_index("ix_showcase_images_item_sha256", ["item_id", "sha256"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("showcase_images") as batch:
        batch.drop_index("ix_showcase_images_item_sha256")
        batch.drop_column("sha256")
    for table in reversed(APP_ID_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_app_id")
            batch.drop_column("app_id")
