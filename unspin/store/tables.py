"""The store's schema as SQLAlchemy Core tables.

This is the schema at the newest migration; ``migrations/versions`` builds
it step by step, and a test checks that the two agree. Change both together.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

# Stable constraint names, so later migrations can refer to them on every backend.
metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# JSONB on PostgreSQL (smaller, indexable), JSON text elsewhere.
Json = JSON().with_variant(JSONB(), "postgresql")

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("args", Json),      # what was ingested (paths, options), for the record
    Column("counts", Json),    # {"added": n, "skipped_duplicates": n, "errors": n}
)

articles = Table(
    "articles", metadata,
    Column("id", String, primary_key=True),
    Column("url", Text, unique=True),
    Column("content_hash", String(64), nullable=False, unique=True),  # SHA-256 of normalised text
    Column("domain", String, index=True),
    Column("title", Text),
    Column("published", Date, index=True),
    Column("language", String),
    Column("source", Text),
    Column("metadata", Json, key="meta", nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("run_id", Integer, ForeignKey("ingest_runs.id")),
)

raw_inputs = Table(
    "raw_inputs", metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), nullable=False),  # html | text | jsonl | warc
    Column("content", Text, nullable=False),
)

analyses = Table(
    "analyses", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("unspin_version", String(32), nullable=False),
    Column("json", Json, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

ingest_errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), index=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

fingerprints = Table(
    "fingerprints", metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),  # little-endian uint64[NUM_PERM]
    Column("skeleton", Json, nullable=False),
)

# Posting lists. The primary keys lead with the key looked up (band, term),
# so each candidate query is one index range scan per key; on SQLite they
# are WITHOUT ROWID tables (the key is the table: smaller, faster to fill).
# No foreign key to articles: they are written in the article's own
# transaction, and a per-row key check (~80 rows an article) halved the
# ingest rate on PostgreSQL.
lsh_bands = Table(
    "lsh_bands", metadata,
    Column("band", BigInteger, primary_key=True),
    Column("article_id", String, primary_key=True),
    sqlite_with_rowid=False,
)

terms = Table(
    "terms", metadata,
    Column("term", BigInteger, nullable=False),
    Column("article_id", String, nullable=False),
    # The article's publication date, copied here (it never changes once stored) so that
    # term_candidates bounds its date window from the posting itself instead of looking up
    # every posting's article: at 100k articles those look-ups were most of its time.
    # PostgreSQL keeps it in the primary key's index (INCLUDE) for index-only scans; a
    # SQLite table without rowid stores every column in its key's b-tree anyway.
    Column("published", Date),
    PrimaryKeyConstraint("term", "article_id", name="pk_terms", postgresql_include=["published"]),
    sqlite_with_rowid=False,
)

# Document frequency of each term, kept up to date in the ingest transaction:
# term_candidates needs df for idf, and counting the postings of a common
# term (tens of thousands of rows) on every query would dominate its time.
term_stats = Table(
    "term_stats", metadata,
    Column("term", BigInteger, primary_key=True),
    Column("df", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Multilingual sentence vectors (unspin.trace.encoder), float16 little-endian rows;
# ``document`` is the normalised mean (one row), read alone for candidate search.
vectors = Table(
    "vectors", metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("encoder", String(32), nullable=False),
    Column("document", LargeBinary, nullable=False),
    Column("sentences", LargeBinary, nullable=False),
    Column("spans", Json, nullable=False),
    Column("key", BigInteger, index=True),  # the row's entry in the vector index (vector_index.py)
)

# e5 document vectors (unspin.trace.wide), float16, for pools holding a language USE-m lacks.
wide_vectors = Table(
    "wide_vectors", metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("encoder", String(32), nullable=False),
    Column("document", LargeBinary, nullable=False),
)

# Tracing candidates found for the whole corpus by a batch run (``unspin candidates``, on a Dask
# cluster): article pairs that share LSH bands or are near neighbours by document vector.
# ``article_id < candidate_id``; trace reads both columns.
candidate_pairs = Table(
    "candidate_pairs", metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("candidate_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
           index=True),
    Column("shared_bands", Integer, nullable=False),
    Column("cosine", Float, nullable=True),
)

# An analyst's mark on one finding (unspin.review.finding_key names the finding); one current
# mark per finding, replaced when the analyst changes it.
review_marks = Table(
    "review_marks", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("finding_key", String(32), nullable=False),
    Column("analyzer", String(64)),
    Column("kind", String(128)),
    Column("mark", String(16), nullable=False),
    Column("note", Text),
    Column("analyst", String(128)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", "finding_key"),
)

# The findings of each article's newest analysis, one row each, written with the analysis:
# the corpus filters by kind and severity read this, not the analyses' JSON.
finding_index = Table(
    "finding_index", metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(128), nullable=False, index=True),
    Column("severity", String(16), nullable=False, index=True),
    Column("analyzer", String(64)),
)

#: Full-text search lives outside this Core schema, per backend (migration 0004): an FTS5 table
#: ``articles_fts`` with triggers on SQLite, the GIN index ``ix_articles_fts`` on PostgreSQL.
FULL_TEXT_NAMES = frozenset({"articles_fts", "ix_articles_fts"})
