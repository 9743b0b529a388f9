"""accounts: the single sign-on identity (OpenID Connect issuer and subject) an account is bound to

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("oidc_identity", sa.String(512), nullable=True))
        batch.create_unique_constraint("uq_accounts_oidc_identity", ["oidc_identity"])


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint("uq_accounts_oidc_identity", type_="unique")
        batch.drop_column("oidc_identity")
