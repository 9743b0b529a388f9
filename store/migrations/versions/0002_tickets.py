"""tickets and their events

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=8), nullable=False),
        sa.Column("subdistrict_code", sa.String(length=6), nullable=False),
        sa.Column("district_code", sa.String(length=4), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("reporter_volunteer_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("title_th", sa.String(length=200), nullable=False),
        sa.Column("description_th", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["village_code"], ["villages.code"]),
        sa.ForeignKeyConstraint(["reporter_volunteer_id"], ["volunteers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_tickets_province_created_at", ["province_code", "created_at"], unique=False)
        batch_op.create_index("ix_tickets_district_created_at", ["district_code", "created_at"], unique=False)
        batch_op.create_index("ix_tickets_subdistrict_created_at", ["subdistrict_code", "created_at"], unique=False)
        batch_op.create_index("ix_tickets_village_created_at", ["village_code", "created_at"], unique=False)
        batch_op.create_index("ix_tickets_status_at", ["status_at"], unique=False)

    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_name", sa.String(length=128), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ticket_events", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_events_ticket_at", ["ticket_id", "at"], unique=False)
        batch_op.create_index("ix_ticket_events_to_status_at", ["to_status", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("ticket_events")
    op.drop_table("tickets")
