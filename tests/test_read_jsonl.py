"""JSON Lines reader: fields, per-line errors, html records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from unspin.model import Article
from unspin.read import ReadError, read_inputs, read_jsonl, read_jsonl_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "read"


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_fixture_malformed_middle_line_between_good_lines():
    path = FIXTURES / "mixed.jsonl"
    items = list(read_jsonl(path))
    assert [type(item) for item in items] == [Article, ReadError, Article]
    first, error, last = items
    assert first.id == "n1" and last.id == "n3"
    assert error.source == f"{path}:2"
    assert error.reason.startswith("not valid JSON (")
    assert str(error).startswith(f"{path}:2: not valid JSON")
    # The blank line 3 is skipped but still counted.
    assert last.source == f"{path}:4"


def test_documented_fields():
    first = next(read_jsonl(FIXTURES / "mixed.jsonl"))
    assert first.text == "The old bridge reopened to traffic on Thursday after eight months of repairs."
    assert first.url == "https://WWW.Northern-Post.example/a/1"
    assert first.domain == "northern-post.example"
    assert first.title == "Bridge reopens"
    assert first.published == date(2024, 2, 1)
    assert first.language == "en"
    assert first.metadata == {"author": "K. Lund", "site_name": "Northern Post", "section": "transport"}


def test_metadata_object_is_merged_and_id_defaults_to_content_hash():
    items = list(read_jsonl_bytes(b'{"text": "Short note.", "metadata": {"desk": "city"}, "rank": 3}\n', "in"))
    article = items[0]
    assert article.metadata == {"desk": "city", "rank": 3}
    assert article.id == Article(text="Short note.").id
    assert article.source == "in:1"


def test_text_is_kept_exactly():
    text = "Line one.\r\nLine two.\rLine three.\n  "
    article = next(read_jsonl_bytes(json.dumps({"text": text}).encode(), "in"))
    assert article.text == text


@pytest.mark.parametrize(("record", "reason"), [
    ({"id": "x"}, "missing field 'text' (or 'html')"),
    ({"text": 42}, "field 'text' must be a string, got number"),
    ({"text": "ok", "title": ["a"]}, "field 'title' must be a string, got array"),
    ({"text": "ok", "id": 1.5}, "field 'id' must be a string or integer, got number"),
    ({"text": "ok", "metadata": "x"}, "field 'metadata' must be an object, got string"),
    ({"text": "   \n"}, "empty article"),
    ({"text": "ok", "published": "yesterday"},
     "field 'published': bad published date 'yesterday' (expected YYYY-MM-DD, YYYY-MM, YYYY or an ISO date-time)"),
    (["not", "an", "object"], "expected a JSON object, got array"),
])
def test_bad_records_name_the_line(tmp_path, record, reason):
    path = write_lines(tmp_path / "a.jsonl", '{"text": "good one"}', json.dumps(record), '{"text": "good two"}')
    items = list(read_inputs([path]))
    assert items[0].text == "good one"
    assert items[1] == ReadError(f"{path}:2", reason)
    assert items[2].text == "good two"


def test_blank_lines_and_crlf(tmp_path):
    path = tmp_path / "a.ndjson"
    path.write_bytes(b'\r\n{"text": "one"}\r\n   \r\n{"text": "two"}\r\n')
    items = list(read_inputs([path]))
    assert [item.text for item in items] == ["one", "two"]
    assert [item.source for item in items] == [f"{path}:2", f"{path}:4"]


def test_invalid_utf8_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "fine"}\n{"text": "caf\xe9"}\n{"text": "also fine"}\n')
    items = list(read_jsonl(path))
    # Byte 30 of the file: 17 bytes of line 1, then 13 of line 2 before the bad byte.
    assert items[1] == ReadError(f"{path}:2",
                                 "not valid UTF-8 at byte 30 (try --encoding, e.g. --encoding cp1251)")
    assert items[2].text == "also fine"
    assert next(iter(read_jsonl(path, encoding="cp1252"))).text == "fine"
    assert list(read_jsonl(path, encoding="latin-1"))[1].text == "café"


def test_binary_jsonl(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\x00\x01\x02" * 50)
    assert list(read_jsonl(path)) == [ReadError(str(path), "binary file, not text")]


def test_utf16_jsonl(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes('{"text": "Львів\u2028місто"}\n{"text": "Одеса"}'.encode("utf-16"))
    assert [a.text for a in read_jsonl(path)] == ["Львів\u2028місто", "Одеса"]


def test_html_field_is_extracted_and_record_fields_win():
    html = (FIXTURES / "flood.html").read_text(encoding="utf-8")
    record = {"id": "f1", "html": html, "url": "https://archive.example/f1", "title": "Own title"}
    article = next(read_jsonl_bytes(json.dumps(record).encode(), "in"))
    assert "three hundred residents" in article.text
    assert article.id == "f1"
    assert article.title == "Own title"
    assert article.url == "https://archive.example/f1"
    assert article.domain == "archive.example"
    assert article.published == date(2024, 3, 5)
    assert article.metadata["author"] == "Priya Hallworth"


def test_html_field_without_main_text():
    html = (FIXTURES / "menu-only.html").read_text(encoding="utf-8")
    items = list(read_jsonl_bytes(json.dumps({"html": html}).encode(), "in"))
    assert items == [ReadError("in:1", "HTML with no main text")]
