"""Multilingual sentence vectors per article (tracing's cross-language evidence).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "vectors",
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("encoder", sa.String(32), nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
        sa.Column("sentences", sa.LargeBinary, nullable=False),
        sa.Column("spans", Json, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("vectors")
