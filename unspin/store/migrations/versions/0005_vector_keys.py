"""A 63-bit key per vector row, the id of its entry in the approximate nearest-neighbour index
(unspin.store.vector_index) that stores of millions search instead of the full matrix.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def vector_key(article_id: str) -> int:
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "little") >> 1


def upgrade() -> None:
    with op.batch_alter_table("vectors") as batch:
        batch.add_column(sa.Column("key", sa.BigInteger, nullable=True))
        batch.create_index("ix_vectors_key", ["key"])
    bind = op.get_bind()
    vectors = sa.table("vectors", sa.column("article_id"), sa.column("key"))
    ids = [row.article_id for row in bind.execute(sa.select(vectors.c.article_id))]
    for article_id in ids:
        bind.execute(vectors.update().where(vectors.c.article_id == article_id)
                     .values(key=vector_key(article_id)))


def downgrade() -> None:
    with op.batch_alter_table("vectors") as batch:
        batch.drop_index("ix_vectors_key")
        batch.drop_column("key")
