"""the import record: runs, quarantined rows, API items seen; volunteers get the app's id

Revision ID: 0005_imports
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_imports"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("stored_path", sa.String(500), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rows_in", sa.Integer, nullable=False),
        sa.Column("new", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("replaced_province", sa.String(2), nullable=True),
        sa.Column("summary", sa.JSON, nullable=False),
    )
    op.create_index("ix_import_runs_sha256", "import_runs", ["sha256"])
    op.create_table(
        "quarantined_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("import_run_id", sa.Integer, sa.ForeignKey("import_runs.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("cells", sa.JSON, nullable=False),
        sa.Column("column", sa.String(64), nullable=False),
        sa.Column("reason_code", sa.String(32), nullable=False),
        sa.Column("reason_th", sa.String(500), nullable=False),
        sa.Column("reason_en", sa.String(500), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("resolved_by_run_id", sa.Integer, sa.ForeignKey("import_runs.id"), nullable=True),
    )
    op.create_index("ix_quarantined_rows_import_run_id", "quarantined_rows", ["import_run_id"])
    op.create_index("ix_quarantined_rows_kind_status", "quarantined_rows", ["kind", "status"])
    op.create_table(
        "ingested_items",
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("source_id", sa.String(128), primary_key=True),
        sa.Column("import_run_id", sa.Integer, sa.ForeignKey("import_runs.id"), nullable=False),
    )
    with op.batch_alter_table("volunteers") as batch:
        batch.add_column(sa.Column("app_id", sa.String(64), nullable=True))
        batch.create_index("ix_volunteers_app_id", ["app_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("volunteers") as batch:
        batch.drop_index("ix_volunteers_app_id")
        batch.drop_column("app_id")
    op.drop_table("ingested_items")
    op.drop_table("quarantined_rows")
    op.drop_table("import_runs")
