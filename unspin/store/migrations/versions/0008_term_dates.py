"""Each term posting carries its article's publication date (``terms.published``).

trace's term candidates are bounded to a date window around the query; with the date on
the posting the window is read from the postings (an index-only scan on PostgreSQL, whose
primary key now INCLUDEs the date) instead of looking up each posting's article, which was
most of that query's time at 100k articles. Existing postings get their article's date.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("terms", sa.Column("published", sa.Date, nullable=True))
    if bind.dialect.name == "postgresql":
        op.execute("UPDATE terms SET published = a.published FROM articles a "
                   "WHERE a.id = terms.article_id AND a.published IS NOT NULL")
        op.execute("ALTER TABLE terms DROP CONSTRAINT pk_terms")
        op.execute("ALTER TABLE terms ADD CONSTRAINT pk_terms PRIMARY KEY (term, article_id) INCLUDE (published)")
    else:
        op.execute("UPDATE terms SET published = (SELECT a.published FROM articles a WHERE a.id = terms.article_id)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE terms DROP CONSTRAINT pk_terms")
        op.execute("ALTER TABLE terms ADD CONSTRAINT pk_terms PRIMARY KEY (term, article_id)")
        op.drop_column("terms", "published")
    else:
        with op.batch_alter_table("terms", recreate="always") as batch:
            batch.drop_column("published")
