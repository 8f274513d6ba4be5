"""Tracing candidate pairs found by a batch run over the whole corpus (``unspin candidates``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_pairs",
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE",
                                                          name="fk_candidate_pairs_article_id_articles"),
                  nullable=False),
        sa.Column("candidate_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE",
                                                            name="fk_candidate_pairs_candidate_id_articles"),
                  nullable=False),
        sa.Column("shared_bands", sa.Integer, nullable=False),
        sa.Column("cosine", sa.Float, nullable=True),
        sa.PrimaryKeyConstraint("article_id", "candidate_id", name="pk_candidate_pairs"),
    )
    op.create_index("ix_candidate_pairs_candidate_id", "candidate_pairs", ["candidate_id"])


def downgrade() -> None:
    op.drop_index("ix_candidate_pairs_candidate_id", table_name="candidate_pairs")
    op.drop_table("candidate_pairs")
