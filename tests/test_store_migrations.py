"""Migrations: a store made by an older unspin opens in a newer one, on both backends."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from unspin.store import open_store
from unspin.store.engine import make_engine
from unspin.store.migrate import current_revision, head_revision, upgrade
from unspin.store.tables import FULL_TEXT_NAMES, metadata

# Rows as revision 0001 stored them, written with plain SQL (not today's table objects).
V1_ROWS = [
    "INSERT INTO ingest_runs (started, counts) VALUES ('2025-01-02 03:04:05', '{{\"added\": 1}}')",
    "INSERT INTO articles (id, url, content_hash, domain, title, published, language, source, "
    "metadata, text, ingested_at, run_id) VALUES ('old-1', 'https://old.example/1', "
    "'{hash}', 'old.example', 'An old story', '2024-05-14', 'en', 'old.txt', "
    "'{{\"author\": \"A. Writer\"}}', 'Text stored by revision 0001.', '2025-01-02 03:04:05', "
    "(SELECT min(id) FROM ingest_runs))",
    "INSERT INTO raw_inputs (article_id, kind, content) VALUES ('old-1', 'html', '<p>old</p>')",
    "INSERT INTO fingerprints (article_id, minhash, skeleton) VALUES ('old-1', {blob}, '{{}}')",
    "INSERT INTO lsh_bands (band, article_id) VALUES (-9223372036854775808, 'old-1')",
    "INSERT INTO terms (term, article_id) VALUES (9223372036854775807, 'old-1')",
    "INSERT INTO ingest_errors (run_id, source, reason, at) VALUES ((SELECT min(id) FROM ingest_runs), 'x.jsonl:2', 'bad', "
    "'2025-01-02 03:04:05')",
]


def test_store_at_revision_0001_with_data_upgrades_and_reads(store_url):
    engine = make_engine(store_url)
    upgrade(engine, "0001")
    blob = "X'" + "00" * 1024 + "'" if engine.dialect.name == "sqlite" else "'\\x" + "00" * 1024 + "'"
    with engine.begin() as connection:
        assert current_revision(connection) == "0001"
        for statement in V1_ROWS:
            connection.exec_driver_sql(statement.format(hash="a" * 64, blob=blob))
    engine.dispose()

    with open_store(store_url) as opened:
        with opened.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
        old = opened.article("https://old.example/1")
        assert old.id == "old-1" and old.published == date(2024, 5, 14)
        assert old.metadata == {"author": "A. Writer"}
        assert opened.raw_html("old-1") == "<p>old</p>"
        assert opened.band_candidates([-(2**63)]) == {"old-1": 1}
        assert opened.term_df([2**63 - 1]) == {2**63 - 1: 1}
        # the posting got its article's date (0008), so the date window of term candidates holds
        found = opened.term_candidates([2**63 - 1], published_from=date(2024, 5, 1), published_to=date(2024, 5, 31))
        assert [article_id for article_id, _ in found] == ["old-1"]
        assert opened.term_candidates([2**63 - 1], published_from=date(2025, 1, 1), published_to=date(2025, 2, 1)) == []
        assert opened.errors()[0]["reason"] == "bad"
        minhash, _ = opened.stored_fingerprint("old-1")
        assert not minhash.any()
        report = opened.ingest([])
        assert report.run_id == 2


def test_migrations_build_exactly_the_tables_module_schema(store):
    with store.engine.connect() as connection:
        def core_schema(name, type_, _parent):  # full-text search is per backend, outside it
            return not (name or "").startswith(tuple(FULL_TEXT_NAMES))

        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": core_schema})
        assert compare_metadata(context, metadata) == []


def test_opening_twice_is_a_no_op(store_url):
    open_store(store_url).close()
    with open_store(store_url) as again:
        assert again.count() == 0
