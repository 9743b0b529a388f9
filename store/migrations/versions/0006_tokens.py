"""machine tokens: wall displays and API clients, their secrets stored as hashes

Revision ID: 0006
Revises: 0005_imports
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005_imports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "machine_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("scopes", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(254), nullable=False),
        sa.Column("created_by_user_id", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("rotated_at", sa.DateTime, nullable=True),
        sa.Column("last_used_at", sa.DateTime, nullable=True),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "machine_token_secrets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_id", sa.Integer, sa.ForeignKey("machine_tokens.id"), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("retired_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_machine_token_secrets_token_id", "machine_token_secrets", ["token_id"])


def downgrade() -> None:
    op.drop_index("ix_machine_token_secrets_token_id", "machine_token_secrets")
    op.drop_table("machine_token_secrets")
    op.drop_table("machine_tokens")
