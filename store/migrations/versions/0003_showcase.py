"""showcase items and their images

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "showcase_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("village_code", sa.String(length=8), nullable=False),
        sa.Column("district_code", sa.String(length=4), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("title_th", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=True),
        sa.Column("text_th", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=True),
        sa.Column("price_baht", sa.Float(), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["village_code"], ["villages.code"]),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_showcase_province_published", "showcase_items", ["province_code", "published_on"])
    op.create_index("ix_showcase_district_published", "showcase_items", ["district_code", "published_on"])
    op.create_index("ix_showcase_village_published", "showcase_items", ["village_code", "published_on"])
    op.create_index("ix_showcase_published", "showcase_items", ["published_on"])
    op.create_table(
        "showcase_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("thumb_path", sa.String(length=200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("thumb_bytes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["showcase_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_showcase_images_item_id", "showcase_images", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_showcase_images_item_id", table_name="showcase_images")
    op.drop_table("showcase_images")
    for name in ("ix_showcase_published", "ix_showcase_village_published", "ix_showcase_district_published",
                 "ix_showcase_province_published"):
        op.drop_index(name, table_name="showcase_items")
    op.drop_table("showcase_items")
