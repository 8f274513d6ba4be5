"""Initial schema: articles, raw inputs, analyses, ingest runs and errors,
fingerprints and their posting lists (LSH bands, skeleton terms).

Written out in full rather than imported from ``tables.py``: a migration
must keep building the schema it built, whatever ``tables.py`` becomes.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)


def _article_fk() -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started", Stamp, nullable=False),
        sa.Column("finished", Stamp),
        sa.Column("args", Json),
        sa.Column("counts", Json),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("url", sa.Text, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("domain", sa.String, index=True),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date, index=True),
        sa.Column("language", sa.String),
        sa.Column("source", sa.Text),
        sa.Column("metadata", Json, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", Stamp, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
    )
    op.create_table(
        "raw_inputs",
        sa.Column("article_id", sa.String, _article_fk(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
    )
    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String, _article_fk(), nullable=False, index=True),
        sa.Column("unspin_version", sa.String(32), nullable=False),
        sa.Column("json", Json, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
    )
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id"), index=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", Stamp, nullable=False),
    )
    op.create_table(
        "fingerprints",
        sa.Column("article_id", sa.String, _article_fk(), primary_key=True),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("skeleton", Json, nullable=False),
    )
    op.create_table(
        "lsh_bands",
        sa.Column("band", sa.BigInteger, primary_key=True),
        sa.Column("article_id", sa.String, primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "terms",
        sa.Column("term", sa.BigInteger, primary_key=True),
        sa.Column("article_id", sa.String, primary_key=True),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for table in ("terms", "lsh_bands", "fingerprints", "ingest_errors", "analyses",
                  "raw_inputs", "articles", "ingest_runs"):
        op.drop_table(table)
