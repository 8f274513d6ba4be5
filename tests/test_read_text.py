"""Plain-text reader: exact text, front matter, encodings, bad input."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from unspin.read import ReadError, parse_front_matter, read_inputs, read_text, read_text_file

FIXTURES = Path(__file__).parent / "fixtures" / "read"


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_plain_file_keeps_every_character(tmp_path):
    path = tmp_path / "mayor-speech.txt"
    text = "The mayor spoke at noon.\n\nShe said the budget was final.\n"
    path.write_text(text, encoding="utf-8")
    article = read_text_file(path)
    assert article.text == text
    assert article.id == "mayor-speech"
    assert article.source == str(path)
    assert article.url is None and article.published is None


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_offsets_match_file_with_crlf_and_cr(tmp_path, newline):
    raw = newline.join(["First line.", "Officials in Dorne said 40 people left.", "Last."]) + newline
    path = tmp_path / "story.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = read_text_file(path)
    assert article.text == raw  # no newline translation
    start = article.text.index("Dorne")
    assert article.text[start:start + 5] == "Dorne"
    # The same offset, counted in characters of the stored file, lands on the same word.
    with open(path, encoding="utf-8", newline="") as handle:
        stored = handle.read()
    assert stored[start:start + 5] == "Dorne"


def test_front_matter_with_crlf_offsets(tmp_path):
    body = "Crews worked overnight.\r\nThe road reopened at 6 a.m.\r\n"
    raw = "---\r\nurl: https://www.example.org/road\r\npublished: 2024-06-01\r\n---\r\n" + body
    path = tmp_path / "road.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = read_text_file(path)
    assert article.text == body
    assert raw[raw.index(body):] == article.text
    assert article.domain == "example.org"
    assert article.published == date(2024, 6, 1)


def test_front_matter_fixture():
    article = read_text_file(FIXTURES / "harbour.txt")
    assert article.id == "harbour-2024-05"
    assert article.url == "https://www.harbour-gazette.example/local/ferry-strike"
    assert article.domain == "harbour-gazette.example"
    assert article.title == "Ferry crews walk out over rosters"
    assert article.published == date(2024, 5, 14)
    assert article.language == "en"
    assert article.metadata == {"author": "Malik Osei", "site_name": "Harbour Gazette", "section": "local"}
    assert article.text.startswith("Ferry crews on the island route")
    raw = (FIXTURES / "harbour.txt").read_bytes().decode("utf-8")
    assert raw.endswith(article.text)


def test_published_datetime_and_quoted_values():
    article = read_text('---\ntitle: "Quoted: title"\npublished: 2023-11-02T22:15:00+02:00\n---\nBody.',
                        "x.txt")
    assert article.title == "Quoted: title"
    assert article.published == date(2023, 11, 2)


def test_bad_published_date_names_file_and_line(tmp_path):
    path = tmp_path / "bad-date.txt"
    path.write_text("---\ntitle: Something\npublished: 14 May 2024\n---\nBody text.\n")
    with pytest.raises(ReadError) as caught:
        read_text_file(path)
    assert caught.value.source == f"{path}:3"
    assert "bad published date '14 May 2024'" in caught.value.reason
    assert str(caught.value).startswith(f"{path}:3: bad published date")


def test_malformed_front_matter_line(tmp_path):
    path = tmp_path / "bad-header.txt"
    path.write_text("---\ntitle: Fine\nthis line has no colon\n---\nBody.\n")
    error = only(read_inputs([path]))
    assert isinstance(error, ReadError)
    assert error.source == f"{path}:3"
    assert "not 'key: value'" in error.reason


def test_leading_rule_without_closing_fence_is_text():
    text = "---\nA story that opens with a rule.\nNo header here.\n"
    assert parse_front_matter(text, "x") is None
    assert read_text(text, "x.txt").text == text


def test_header_only_is_empty_article():
    with pytest.raises(ReadError, match="empty article"):
        read_text("---\ntitle: Nothing below\n---\n\n  \n", "x.txt")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n"])
def test_empty_and_whitespace_only(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    error = only(read_inputs([path]))
    assert error == ReadError(str(path), "empty article")


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Kyiv, 3 May.".encode("utf-8"))
    assert read_text_file(path).text == "Kyiv, 3 May."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text = "Київ, 3 травня.\r\nДругий рядок."
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + text.encode(codec))
    assert read_text_file(path).text == text


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = only(read_inputs([path]))
    assert error == ReadError(str(path), "binary file, not text")


def test_mostly_control_bytes_is_binary():
    with pytest.raises(ReadError, match="binary file, not text"):
        read_text(b"\x01\x02\x03\x04abc\x05\x06\x07\x08", "ctl.txt")


def test_wrong_encoding_names_line_and_byte(tmp_path):
    path = tmp_path / "cyrillic.txt"
    raw = "Line one is ASCII.\n".encode() + "Друга лінія.".encode("cp1251")
    path.write_bytes(raw)
    error = only(read_inputs([path]))
    assert isinstance(error, ReadError)
    assert error.source == f"{path}:2"
    assert error.reason == "not valid UTF-8 at byte 19 (try --encoding, e.g. --encoding cp1251)"


def test_forced_encoding(tmp_path):
    path = tmp_path / "cyrillic.txt"
    path.write_bytes("Друга лінія.\r\n".encode("cp1251"))
    article = only(read_inputs([path], encoding="cp1251"))
    assert article.text == "Друга лінія.\r\n"


def test_unknown_encoding_is_one_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Hello.")
    assert list(read_inputs([path], encoding="no-such-codec")) == [
        ReadError("--encoding", "unknown encoding 'no-such-codec'")
    ]


def test_missing_file_and_directory_as_file(tmp_path):
    missing = tmp_path / "nope.txt"
    assert only(read_inputs([missing])) == ReadError(str(missing), "no such file or directory")
    with pytest.raises(ReadError, match="is a directory"):
        read_text_file(tmp_path)
