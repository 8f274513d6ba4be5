"""Review marks, a findings index and full-text search (the web workbench).

``review_marks``: an analyst's mark on one finding (confirmed, dismissed, unsure) with a note.
``finding_index``: one row per finding of an article's newest analysis, so the corpus can be
filtered by finding kind and severity without reading every analysis.
Full-text search: an FTS5 table kept by triggers on SQLite, a GIN expression index on
PostgreSQL (the ``simple`` configuration: no stemming, so Russian and English alike).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FTS_TRIGGERS = {
    "articles_fts_insert": "AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "articles_fts_delete": "AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END",
    "articles_fts_update": "AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
}
PG_FTS_INDEX = ("CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING gin "
                "(to_tsvector('simple', coalesce(title, '') || ' ' || text))")


def upgrade() -> None:
    op.create_table(
        "review_marks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("finding_key", sa.String(32), nullable=False),
        sa.Column("analyzer", sa.String(64)),
        sa.Column("kind", sa.String(128)),
        sa.Column("mark", sa.String(16), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("analyst", sa.String(128)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("article_id", "finding_key"),
    )
    op.create_table(
        "finding_index",
        sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(128), nullable=False, index=True),
        sa.Column("severity", sa.String(16), nullable=False, index=True),
        sa.Column("analyzer", sa.String(64)),
    )
    _backfill_finding_index()
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
                   "title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')")
        for name, body in FTS_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FTS_INDEX)


def _backfill_finding_index() -> None:
    """Findings of the analyses stored before this revision (newest analysis per article)."""
    bind = op.get_bind()
    analyses = sa.table("analyses", sa.column("id"), sa.column("article_id"), sa.column("json", sa.JSON))
    index = sa.table("finding_index", sa.column("article_id"), sa.column("position"), sa.column("kind"),
                     sa.column("severity"), sa.column("analyzer"))
    newest: dict[str, tuple[int, object]] = {}
    for row in bind.execute(sa.select(analyses.c.id, analyses.c.article_id, analyses.c.json)):
        if row.article_id not in newest or row.id > newest[row.article_id][0]:
            newest[row.article_id] = (row.id, row.json)
    rows = []
    for article_id, (_, data) in newest.items():
        for position, finding in enumerate(findings_of(data)):
            rows.append({"article_id": article_id, "position": position, **finding})
    if rows:
        bind.execute(sa.insert(index), rows)


def findings_of(data: object) -> list[dict]:
    import json

    if isinstance(data, str):
        data = json.loads(data)
    found = data.get("findings", []) if isinstance(data, dict) else []
    return [{"kind": str(f.get("kind", ""))[:128], "severity": str(f.get("severity", ""))[:16],
             "analyzer": (str(f["analyzer"])[:64] if f.get("analyzer") else None)}
            for f in found if isinstance(f, dict)]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
    op.drop_table("finding_index")
    op.drop_table("review_marks")
