"""HTML reader: main text and metadata through trafilatura."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from unspin.read import ReadError, read_html, read_html_file, read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "read"

PARAGRAPH = ("Harvest figures published by the regional office on Tuesday show wheat yields "
             "down by a fifth compared with last year, after a dry spring across the plain. ")


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (f'<html><head><meta charset="{charset}">{head}</head><body>'
            f"<nav><a href='/'>Home</a></nav><article>{body}</article></body></html>")


def test_fixture_main_text_and_metadata():
    article = read_html_file(FIXTURES / "flood.html")
    assert article.id == "flood"
    assert "three hundred residents left their homes" in article.text
    assert "Tomas Reyne" in article.text
    # Boilerplate stays out.
    assert "All rights reserved" not in article.text
    assert "Sport" not in article.text
    assert article.title == "River bursts its banks in Marlow Vale"
    assert article.published == date(2024, 3, 5)
    assert article.url == "https://www.riverside-courier.example/news/marlow-vale-flood"
    assert article.domain == "riverside-courier.example"
    assert article.language == "en"
    assert article.metadata["author"] == "Priya Hallworth"
    assert article.metadata["site_name"] == "The Riverside Courier"
    assert article.source == str(FIXTURES / "flood.html")


def test_fetch_url_wins_and_canonical_is_kept():
    html = (FIXTURES / "flood.html").read_bytes()
    article = read_html(html, url="https://mirror.example.net/copy/123")
    assert article.url == "https://mirror.example.net/copy/123"
    assert article.domain == "mirror.example.net"
    assert article.metadata["canonical_url"] == "https://www.riverside-courier.example/news/marlow-vale-flood"


def test_no_main_text_is_an_error():
    path = FIXTURES / "menu-only.html"
    with pytest.raises(ReadError) as caught:
        read_html_file(path)
    assert caught.value == ReadError(str(path), "HTML with no main text")
    assert list(read_inputs([path])) == [ReadError(str(path), "HTML with no main text")]


def test_no_main_text_is_not_also_logged_as_a_warning(caplog):
    with caplog.at_level("WARNING"):
        with pytest.raises(ReadError):
            read_html_file(FIXTURES / "menu-only.html")
    assert not caplog.records


def test_no_date_in_text_is_guessed():
    # A date mentioned only in the prose is not a publication date.
    article = read_html(page(f"<p>{PARAGRAPH} The next survey is due on 12 March 2021.</p><p>{PARAGRAPH}</p>"))
    assert article.published is None


def test_declared_charset_is_used():
    html = page(f"<p>{'Урожай пшениці впав на п’яту частину після сухої весни. ' * 4}</p>",
                charset="windows-1251")
    data = html.replace("’", "'").encode("cp1251")
    article = read_html(data, source="ua.html")
    assert "Урожай пшениці" in article.text


def test_undeclared_non_utf8_html_names_byte():
    data = page("<p>" + "Урожай пшениці впав. " * 10 + "</p>", charset="").replace(
        '<meta charset="">', "").encode("cp1251")
    with pytest.raises(ReadError, match=r"not valid UTF-8 at byte \d+ \(try --encoding"):
        read_html(data, source="ua.html")
    assert "Урожай" in read_html(data, source="ua.html", encoding="cp1251").text


def test_binary_html_file(tmp_path):
    path = tmp_path / "logo.html"
    path.write_bytes(b"GIF89a\x00\x01\x00\x01" + bytes(200))
    assert list(read_inputs([path])) == [ReadError(str(path), "binary file, not text")]


def test_empty_html_file(tmp_path):
    path = tmp_path / "blank.htm"
    path.write_text("  \n")
    assert list(read_inputs([path])) == [ReadError(str(path), "empty article")]
