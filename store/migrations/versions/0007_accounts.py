"""people's accounts: e-mail, argon2 password hash, one role, an officer's provinces, lock-out

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("fs_uniquifier", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_at", sa.DateTime, nullable=True),
        sa.Column("last_sign_in_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "account_provinces",
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("province_code", sa.String(2), sa.ForeignKey("provinces.code"), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("account_provinces")
    op.drop_table("accounts")
