"""WARC reader: HTML records, skipped records, truncated and corrupt archives."""

from __future__ import annotations

import io
import logging
import re
import zlib
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unspin.model import Article
from unspin.read import ReadError, read_inputs, read_warc, read_warc_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "read"
FLOOD_HTML = (FIXTURES / "flood.html").read_bytes()
MENU_HTML = (FIXTURES / "menu-only.html").read_bytes()


def story(number: int) -> bytes:
    paragraph = (f"Story {number}: the town council met on Wednesday to discuss the harbour wall, "
                 "which engineers say needs repairs before the winter storms arrive. ")
    return (f"<html><head><title>Story {number}</title></head><body><article>"
            f"<p>{paragraph * 3}</p><p>{paragraph * 2}</p></article></body></html>").encode()


def response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": "2024-07-09T12:34:56Z"})
    writer.write_record(record)


def build_archive(gzip: bool, pages: int = 3) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "unspin-tests"}))
    for number in range(pages):
        response(writer, f"https://www.Harbour-News.example/story/{number}", story(number))
    return buffer.getvalue()


@pytest.mark.parametrize(("gzip", "suffix"), [(True, ".warc.gz"), (False, ".warc")])
def test_reads_html_responses(tmp_path, gzip, suffix):
    path = tmp_path / f"crawl{suffix}"
    path.write_bytes(build_archive(gzip))
    items = list(read_inputs([path]))
    assert all(isinstance(item, Article) for item in items), items
    assert [a.url for a in items] == [f"https://www.Harbour-News.example/story/{n}" for n in range(3)]
    first = items[0]
    assert first.domain == "harbour-news.example"
    assert "harbour wall" in first.text
    assert first.metadata["crawled"] == "2024-07-09T12:34:56Z"
    assert first.metadata["warc_record_id"].startswith("<urn:uuid:")
    assert first.published is None  # the crawl date is never the publication date
    # Record 1 is the warcinfo record.
    assert [a.source for a in items] == [f"{path}#record {n}" for n in (2, 3, 4)]


def test_skips_non_html_and_non_200_records(tmp_path, caplog):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    response(writer, "https://a.example/style.css", b"body { color: red }", content_type="text/css")
    response(writer, "https://a.example/gone", story(9), status="404 Not Found")
    response(writer, "https://a.example/moved", b"", status="301 Moved Permanently")
    writer.write_record(writer.create_warc_record("https://a.example/req", "request",
                                                  payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    response(writer, "https://a.example/ok", story(1))
    writer.write_record(writer.create_warc_record(
        "https://a.example/resource", "resource", payload=io.BytesIO(story(2)),
        warc_content_type="text/html"))
    writer.write_record(writer.create_warc_record(
        "https://a.example/notes.txt", "resource", payload=io.BytesIO(b"plain"), warc_content_type="text/plain"))
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(buffer.getvalue())
    with caplog.at_level(logging.DEBUG, logger="unspin.read.warc"):
        items = list(read_warc(path))
    assert [a.url for a in items] == ["https://a.example/ok", "https://a.example/resource"]
    assert all(isinstance(a, Article) for a in items)
    assert "skipped" in caplog.text and "text/css" in caplog.text


def test_html_record_without_main_text_names_record(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    response(writer, "https://a.example/1", story(1))
    response(writer, "https://a.example/menu", MENU_HTML)
    response(writer, "https://a.example/3", story(3))
    path = tmp_path / "a.warc"
    path.write_bytes(buffer.getvalue())
    items = list(read_warc(path))
    assert isinstance(items[0], Article) and isinstance(items[2], Article)
    assert items[1] == ReadError(f"{path}#record 2", "HTML with no main text")


def test_page_metadata_and_canonical_url(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    response(writer, "http://riverside-courier.example/news/marlow-vale-flood?utm=x", FLOOD_HTML)
    article = next(read_warc_bytes(buffer.getvalue(), "mem"))
    assert article.url == "http://riverside-courier.example/news/marlow-vale-flood?utm=x"
    assert article.metadata["canonical_url"] == "https://www.riverside-courier.example/news/marlow-vale-flood"
    assert article.title == "River bursts its banks in Marlow Vale"
    assert article.published == date(2024, 3, 5)  # from the page's own markup


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("keep", [0.5, 0.8, 0.97])
def test_truncated_archive_yields_good_records_then_error(tmp_path, gzip, keep):
    data = build_archive(gzip, pages=4)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[: int(len(data) * keep)])
    items = list(read_inputs([path]))
    assert items, "expected at least the error"
    *good, error = items
    assert all(isinstance(item, Article) for item in good)
    assert isinstance(error, ReadError), items
    assert "truncated" in error.reason
    # The error names the record after the last good one (records count from 1; record 1 is warcinfo).
    assert error.source == f"{path}#record {len(good) + 2}"
    assert [a.url.rsplit("/", 1)[1] for a in good] == [str(n) for n in range(len(good))]


def test_truncated_keeps_earlier_records(tmp_path):
    data = build_archive(True, pages=4)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-40])
    items = list(read_warc(path))
    assert [type(i) for i in items] == [Article, Article, Article, ReadError]


def test_garbage_is_corrupt_archive(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not an archive at all\nnot even close\n")
    items = list(read_warc(path))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert items[0].source == f"{path}#record 1"
    assert items[0].reason == "not a WARC or ARC archive (no WARC/ or filedesc:// header)"


def test_corrupt_gzip_after_good_records(tmp_path):
    data = build_archive(True, pages=2)
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data + b"\x1f\x8b\x08\x00garbage-not-deflate-data" * 4)
    items = list(read_warc(path))
    assert [type(i) for i in items[:2]] == [Article, Article]
    assert isinstance(items[-1], ReadError) and items[-1].source == f"{path}#record 4"


def record_boundaries(data: bytes, gzip: bool) -> list[int]:
    """Offsets where one record ends and the next begins (a cut there loses nothing half-read)."""
    if not gzip:
        # Each uncompressed record is followed by two CRLFs before the next "WARC/1.0".
        starts = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", data)][1:] + [len(data)]
        return [offset for start in starts for offset in range(start - 4, start + 1)]
    boundaries, offset = [], 0
    while offset < len(data):
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        member.decompress(data[offset:])
        offset = len(data) - len(member.unused_data)
        boundaries.append(offset)
    return boundaries


@pytest.mark.parametrize("gzip", [True, False])
def test_every_cut_point_reads_a_prefix_then_reports(gzip):
    """Cut the archive at many points: never an exception, never a silent loss."""
    data = build_archive(gzip, pages=3)
    complete = [a.url for a in read_warc_bytes(data, "full")]
    assert len(complete) == 3
    boundaries = set(record_boundaries(data, gzip))
    # Every 11th byte, plus each boundary and its neighbours (keeps the test quick).
    cuts = set(range(1, len(data), 11)) | {b + d for b in boundaries for d in (-1, 0, 1)}
    for cut in sorted(c for c in cuts if 0 < c < len(data)):
        items = list(read_warc_bytes(data[:cut], "cut"))
        good = [i.url for i in items if isinstance(i, Article)]
        errors = [i for i in items if isinstance(i, ReadError)]
        assert good == complete[: len(good)], cut
        if cut in boundaries:
            assert not errors, (cut, errors)  # the archive just ends after a whole record
        else:
            assert len(errors) == 1 and items[-1] is errors[0], (cut, items)
            assert "truncated" in errors[0].reason, (cut, errors[0])


def test_arc_file(tmp_path):
    body = b"<html><body><article><p>" + b"The ferry resumed service after the storm passed. " * 8 + \
        b"</p></article></body></html>"
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    filedesc = b"1 0 Unspin Tests\nURL IP-address Archive-date Content-type Archive-length\n"
    data = (b"filedesc://test.arc 0.0.0.0 20240709123456 text/plain %d\n" % len(filedesc) + filedesc + b"\n"
            + b"http://www.arc-news.example/a 10.0.0.1 20240709123456 text/html %d\n" % len(http) + http + b"\n")
    path = tmp_path / "old.arc"
    path.write_bytes(data)
    (article,) = read_inputs([path])
    assert article.url == "http://www.arc-news.example/a"
    assert article.domain == "arc-news.example"
    assert article.metadata["crawled"] == "2024-07-09T12:34:56Z"
    assert article.source == f"{path}#record 2"
    assert "site_name" not in article.metadata  # not invented from the host name
