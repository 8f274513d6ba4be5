"""Document frequency per skeleton term (term_stats), filled from the postings.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_stats",
        sa.Column("term", sa.BigInteger, primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO term_stats (term, df) SELECT term, count(*) FROM terms GROUP BY term")


def downgrade() -> None:
    op.drop_table("term_stats")
