"""read_inputs: paths, folders, globs, stdin sniffing, error handling."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unspin.model import Article
from unspin.read import ReadError, expand_paths, format_from_name, read_inputs, sniff_format

FIXTURES = Path(__file__).parent / "fixtures" / "read"
FLOOD_HTML = (FIXTURES / "flood.html").read_bytes()


def warc_bytes(compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example/flood", "response",
                                                  payload=io.BytesIO(FLOOD_HTML), http_headers=headers))
    return buffer.getvalue()


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden-dir").mkdir()
    for name in ["z.txt", "a.md", "b/c.txt", "b/deep/d.text", ".secret.txt", ".hidden-dir/e.txt",
                 "notes.log", "b/page.html", "README.md", "b/LICENSE.txt"]:
        content = FLOOD_HTML.decode() if name.endswith(".html") else f"Text of {name}.\n"
        (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


def test_directory_recurses_sorted_and_skips_hidden_and_unknown(tree):
    paths = list(expand_paths([tree]))
    assert paths == [str(tree / name) for name in ["a.md", "b/c.txt", "b/deep/d.text", "b/page.html", "z.txt"]]


def test_readme_is_read_when_named(tree):
    (article,) = read_inputs([tree / "README.md"])
    assert article.id == "README"


def test_glob_with_double_star(tree):
    paths = list(expand_paths([str(tree / "**" / "*.txt")]))
    assert paths == [str(tree / "b/LICENSE.txt"), str(tree / "b/c.txt"), str(tree / "z.txt")]


def test_glob_reads_unknown_extensions_and_sniffs(tree):
    (article,) = read_inputs([str(tree / "*.log")])
    assert article.text == "Text of notes.log.\n"
    assert article.id == "notes"


def test_spec_matching_nothing(tmp_path):
    pattern = str(tmp_path / "*.warc.gz")
    assert list(read_inputs([pattern])) == [ReadError(pattern, "no files match this pattern")]
    empty = tmp_path / "empty"
    empty.mkdir()
    (error,) = read_inputs([empty])
    assert error.source == str(empty)
    assert error.reason.startswith("no files in a known format in this folder")


def test_same_file_twice_is_read_once(tree):
    items = list(read_inputs([tree / "z.txt", str(tree / "*.txt")]))
    assert [a.id for a in items] == ["z"]


def test_batch_goes_on_after_errors(tree, tmp_path):
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00" * 20)
    items = list(read_inputs([tree / "a.md", tmp_path / "missing.txt", binary, FIXTURES / "mixed.jsonl",
                              tree / "z.txt"]))
    kinds = ["A" if isinstance(i, Article) else "E" for i in items]
    assert kinds == ["A", "E", "E", "A", "E", "A", "A"]
    assert str(items[1]) == f"{tmp_path / 'missing.txt'}: no such file or directory"
    assert str(items[2]) == f"{binary}: binary file, not text"


def test_read_error_is_data_and_exception():
    error = ReadError("crawl.warc.gz#record 7", "HTML with no main text")
    assert str(error) == "crawl.warc.gz#record 7: HTML with no main text"
    assert isinstance(error, Exception)
    with pytest.raises(ReadError) as caught:
        raise error
    assert caught.value.source == "crawl.warc.gz#record 7"
    assert error == ReadError("crawl.warc.gz#record 7", "HTML with no main text")
    assert {error}  # hashable, so logging and tracebacks can handle it


@pytest.mark.parametrize(("data", "expected"), [
    (b"Just a sentence.\n", "text"),
    (b'{"text": "a"}\n\n  {"text": "b"}\n', "jsonl"),
    (b'{"text": "a"}\nplain line\n', "text"),
    (b"  <!DOCTYPE html><html></html>", "html"),
    (b"Note first\n<html><body>x</body></html>", "html"),
    (b"WARC/1.0\r\n", "warc"),
    (b"\x1f\x8b\x08\x00", "warc"),
    ('{"text": "a"}\n'.encode("utf-16"), "jsonl"),
])
def test_sniff_format(data, expected):
    assert sniff_format(data) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("a.TXT", "text"), ("a.md", "text"), ("x.htm", "html"), ("x.ndjson", "jsonl"),
    ("c.warc.gz", "warc"), ("c.arc", "warc"), ("c.gz", None), ("README", None),
])
def test_format_from_name(name, expected):
    assert format_from_name(name) == expected


def test_stdin_text_keeps_bytes_exactly():
    (article,) = read_inputs(["-"], stdin=io.BytesIO(b"Line one.\r\nLine two.\r"))
    assert article.text == "Line one.\r\nLine two.\r"
    assert article.source == "<stdin>"


def test_stdin_jsonl():
    data = b'{"id": "s1", "text": "One."}\n{"oops"\n{"id": "s3", "text": "Three."}\n'
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert [getattr(i, "id", None) for i in items] == ["s1", None, "s3"]
    assert items[1].source == "<stdin>:2"


def test_stdin_html():
    (article,) = read_inputs(["-"], stdin=io.BytesIO(FLOOD_HTML))
    assert article.title == "River bursts its banks in Marlow Vale"


@pytest.mark.parametrize("compress", [True, False])
def test_stdin_warc(compress):
    (article,) = read_inputs(["-"], stdin=io.BytesIO(warc_bytes(compress)))
    assert article.url == "https://news.example/flood"
    assert article.source == "<stdin>#record 1"


def test_stdin_gzip_that_is_not_warc():
    items = list(read_inputs(["-"], stdin=io.BytesIO(gzip.compress(b"hello"))))
    assert items == [ReadError("<stdin>", "gzip-compressed data that is not a WARC/ARC archive")]


def test_stdin_with_forced_encoding():
    (article,) = read_inputs(["-"], stdin=io.BytesIO("Привіт, світе.".encode("cp1251")), encoding="cp1251")
    assert article.text == "Привіт, світе."


def test_stdin_text_stream_is_accepted():
    (article,) = read_inputs(["-"], stdin=io.StringIO("Already decoded."))
    assert article.text == "Already decoded."


def test_format_override(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text(json.dumps({"text": "From a .dat file."}) + "\n")
    (article,) = read_inputs([path], format="jsonl")
    assert article.source == f"{path}:1"
    assert list(read_inputs([path], format="pdf"))[0].source == "--format"


def test_unexpected_reader_failure_becomes_error(tmp_path, monkeypatch):
    import unspin.read.inputs as inputs

    def broken(path, encoding=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(inputs, "read_text_file", broken)
    good = tmp_path / "a.jsonl"
    good.write_text('{"text": "still read"}\n')
    items = list(read_inputs([tmp_path / "x.txt", good]))
    assert items[0] == ReadError(str(tmp_path / "x.txt"), "unexpected error: RuntimeError: boom")
    assert items[1].text == "still read"


def test_domain_from_url_rules():
    from unspin.read import domain_from_url

    assert domain_from_url("https://WWW.Example.COM:8080/a?b") == "example.com"
    assert domain_from_url("example.org/news") == "example.org"
    assert domain_from_url("https://www2.example.org/") == "www2.example.org"
    assert domain_from_url("") is None
    assert domain_from_url("not a url") is None
