"""e5 document vectors for pools holding a language the sentence encoder lacks (trace.wide).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wide_vectors",
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE",
                                                          name="fk_wide_vectors_article_id_articles"),
                  nullable=False),
        sa.Column("encoder", sa.String(32), nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_wide_vectors"),
    )


def downgrade() -> None:
    op.drop_table("wide_vectors")
