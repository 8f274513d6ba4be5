"""The workbench's JSON API and pages over a real store (SQLite and PostgreSQL), through
FastAPI's test client: analyse, search, ingest jobs, review marks, export, guards."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from unspin.web.app import create_app  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
SEED_LIKE = ("Residents of Severansk in the Donetsk region described heavy shelling on Tuesday, a local "
             "source who asked not to be named told our correspondent. For ten years, since February 2022, "
             "the town has lived under fire, the source said.")
AJAX = {"X-Requested-With": "test"}
BASE = "http://127.0.0.1:8000"  # the server answers to loopback names only


def jsonl(*records: dict) -> bytes:
    return ("\n".join(json.dumps(r) for r in records) + "\n").encode()


ARTICLES = [
    {"id": "kyiv-1", "url": "https://alpha.example/a", "title": "Drones over Kharkiv",
     "text": "Drones struck Kharkiv overnight, the regional governor said on Monday. Two people were hurt.",
     "published": "2025-11-03"},
    {"id": "odesa-2", "url": "https://beta.example/b", "title": "Port of Odesa reopens",
     "text": "The port of Odesa reopened for grain ships, officials in Odesa said on Friday.",
     "published": "2025-11-07"},
    {"id": "ru-3", "url": "https://gamma.example/c", "title": "Сводка",
     "text": "В Харькове ночью прогремели взрывы, сообщил губернатор области.", "published": "2025-11-05"},
]


@pytest.fixture
def client(store):
    app = create_app(store, analyses_per_minute=0)
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client
    app.state.jobs.stop()


def ingest(client, data: bytes, name: str = "feed.jsonl", analyse: bool = True) -> dict:
    response = client.post("/api/v1/articles", headers=AJAX, files={"files": (name, data)},
                           data={"analyse": "true" if analyse else "false"})
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    client.app.state.jobs.wait(job_id, timeout=120)
    return client.get(f"/api/v1/jobs/{job_id}").json()


def test_analyse_text_returns_a_schema_report_with_the_planted_findings(client):
    response = client.post("/api/v1/analyze", json={"text": SEED_LIKE, "published": "2025-12-12"})
    assert response.status_code == 200, response.text
    report = response.json()
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parents[1] / "unspin/schema/analysis.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(report)
    kinds = {f["kind"] for f in report["analyses"][0]["findings"]}
    assert "unknown-place" in kinds
    assert kinds & {"duration-mismatch", "duration-contradiction"}


def test_ingest_job_search_filters_and_pages(client):
    bad = b'{"id": "broken", "text": \n'
    job = ingest(client, jsonl(*ARTICLES) + bad)
    assert job["status"] == "done", job
    assert job["added"] == 3 and job["analysed"] == 3
    assert job["error_count"] == 1 and job["errors"][0]["source"].startswith("feed.jsonl:")
    assert "unspin-upload" not in json.dumps(job)  # the temporary path never shows
    everything = client.get("/api/v1/articles").json()
    assert everything["total"] == 3
    assert client.get("/api/v1/articles", params={"q": "Odesa grain"}).json()["total"] == 1
    assert client.get("/api/v1/articles", params={"q": "Харькове"}).json()["total"] == 1
    assert client.get("/api/v1/articles", params={"q": '" OR * NEAR('}).json()["total"] == 0  # inert
    assert client.get("/api/v1/articles", params={"language": "ru"}).json()["total"] == 1
    assert client.get("/api/v1/articles", params={"domain": "beta.example"}).json()["items"][0]["id"] == "odesa-2"
    dated = client.get("/api/v1/articles", params={"from": "2025-11-04", "to": "2025-11-06"}).json()
    assert [a["id"] for a in dated["items"]] == ["ru-3"]
    page = client.get("/api/v1/articles", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    stored = client.get("/api/v1/articles/kyiv-1").json()
    assert stored["article"]["source"].startswith("feed.jsonl")
    # Re-ingesting the same file adds nothing.
    again = ingest(client, jsonl(*ARTICLES))
    assert again["added"] == 0 and again["skipped_duplicates"] == 3


def test_review_marks_persist_count_and_travel_in_the_export(client):
    client.post("/api/v1/analyze", json={"text": SEED_LIKE, "published": "2025-12-12", "keep": True,
                                         "title": "seed-like"})
    article_id = client.get("/api/v1/articles").json()["items"][0]["id"]
    findings = client.get(f"/api/v1/articles/{article_id}").json()["analysis"]["findings"]
    place = next(f for f in findings if f["kind"] == "unknown-place")
    assert place["review"]["mark"] is None
    url = f"/api/v1/articles/{article_id}/findings/{place['review']['key']}/review"
    marked = client.put(url, json={"mark": "confirmed", "note": "no such town =1+1", "analyst": "ana"})
    assert marked.status_code == 200, marked.text
    again = client.get(f"/api/v1/articles/{article_id}").json()["analysis"]["findings"]
    assert next(f for f in again if f["kind"] == "unknown-place")["review"]["mark"] == "confirmed"
    counts = client.get("/api/v1/review/counts").json()["items"]
    assert {"analyzer": "places", "kind": "unknown-place", "confirmed": 1}.items() <= counts[0].items()
    assert client.put(url, json={"mark": "wrong"}).status_code == 422
    assert client.put(url.replace(place["review"]["key"], "0" * 16), json={"mark": "unsure"}).status_code == 404

    exported = client.get(f"/api/v1/articles/{article_id}/export")
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    assert {"analysis.json", "report.html", "findings.csv"} <= set(archive.namelist())
    data = json.loads(archive.read("analysis.json"))
    assert any(f["review"]["mark"] == "confirmed" for f in data["findings"])
    csv_text = archive.read("findings.csv").decode()
    assert "confirmed" in csv_text and "'=1+1" not in csv_text and "no such town =1+1" in csv_text
    assert "reviewed by ana" in archive.read("report.html").decode()
    assert client.delete(url, headers=AJAX).status_code == 200
    assert client.get("/api/v1/review/counts").json()["items"] == []


def test_errors_are_json_with_a_message(client):
    missing = client.get("/api/v1/articles/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]
    assert client.get("/api/v1/jobs/99").status_code == 404
    invalid = client.post("/api/v1/analyze", json={"text": ""})
    assert invalid.status_code == 422 and "text" in invalid.json()["error"]
    unknown = client.get("/api/v1/no-such-route")
    assert unknown.status_code == 404 and unknown.json()["error"]


def test_api_writes_need_a_header_a_cross_site_form_cannot_send(client):
    form_post = client.post("/api/v1/articles", files={"files": ("a.txt", b"text")})
    assert form_post.status_code == 403 and "X-Requested-With" in form_post.json()["error"]


def test_page_forms_need_the_csrf_token(client):
    page = client.get("/analyse")
    assert page.status_code == 200
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    forged = client.post("/analyse", data={"text": SEED_LIKE, "csrf": "forged"})
    assert forged.status_code == 400 and "CSRF" in forged.text
    good = client.post("/analyse", data={"text": SEED_LIKE, "csrf": token, "published": "2025-12-12"})
    assert good.status_code == 200 and "Severansk" in good.text and "unknown-place" in good.text


def test_request_size_limit_and_rate_limit(store):
    app = create_app(store, max_upload_bytes=10_000, analyses_per_minute=2)
    with TestClient(app, base_url=BASE) as client:
        big = client.post("/api/v1/analyze", json={"text": "x " * 20_000})
        assert big.status_code == 413 and "limit" in big.json()["error"]
        statuses = [client.post("/api/v1/analyze", json={"text": "Kyiv is a city."}).status_code for _ in range(3)]
        assert statuses[:2] == [200, 200] and statuses[2] == 429
    app.state.jobs.stop()


def test_token_protects_pages_and_api(store):
    app = create_app(store, token="s3cret-token-value")
    with TestClient(app, base_url=BASE) as client:
        assert client.get("/api/v1/articles").status_code == 401
        assert client.get("/corpus", follow_redirects=False).headers["location"].startswith("/login")
        ok = client.get("/api/v1/articles", headers={"Authorization": "Bearer s3cret-token-value"})
        assert ok.status_code == 200
        wrong = client.post("/login", data={"token": "nope", "next": "/corpus"})
        assert wrong.status_code == 401
        login = client.post("/login", data={"token": "s3cret-token-value", "next": "//evil.example/"},
                            follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"] == "/"
        assert client.get("/corpus").status_code == 200  # the cookie now carries the token
    app.state.jobs.stop()


def test_every_page_has_a_strict_policy_and_escapes_stored_text(client):
    evil = {"id": "evil", "url": "javascript:alert(1)", "title": "<script>alert(1)</script>",
            "text": "Kyiv <img src=x onerror=alert(2)> said the mayor.", "domain": "<b>x</b>.example"}
    ingest(client, jsonl(evil))
    for path in ["/analyse", "/corpus", "/corpus?q=<script>", "/articles/evil", "/stories", "/outlets",
                 "/ingest", "/review", "/docs", "/login"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert "<script>alert(1)" not in response.text and "<img src=x" not in response.text, path
        assert 'href="javascript:' not in response.text, path


def test_serve_refuses_a_public_bind_without_a_token(capsys):
    from unspin.cli import main

    assert main(["serve", "--host", "0.0.0.0", "--db", "nowhere.db"]) == 2
    assert "token" in capsys.readouterr().err
    assert main(["serve", "--db", "/nonexistent/dir/x.db"]) == 1


def test_other_host_names_and_cross_site_writes_are_refused(store):
    app = create_app(store, analyses_per_minute=0)
    with TestClient(app, base_url="http://rebind.attacker.example:8000") as rebound:
        refused = rebound.get("/api/v1/articles")  # DNS rebinding: a hostile name pointed at loopback
        assert refused.status_code == 421 and "host" in refused.json()["error"]
    with TestClient(app, base_url=BASE) as client:
        page = client.get("/analyse")
        token = page.text.split('name="csrf" value="')[1].split('"')[0]
        cross = client.post("/analyse", data={"text": SEED_LIKE, "csrf": token},
                            headers={"Sec-Fetch-Site": "cross-site"})
        assert cross.status_code == 403
        other_port = client.post("/api/v1/analyze", json={"text": "Kyiv."}, headers={"Origin": "http://127.0.0.1:9999"})
        assert other_port.status_code == 403
        planted = client.post("/analyse", data={"text": SEED_LIKE, "csrf": "evil"},
                              headers={"Cookie": f"unspin_csrf={token}; unspin_csrf=evil"})
        assert planted.status_code == 400  # a second cookie of the same name voids both
    app.state.jobs.stop()


def test_uploads_are_bounded_and_big_numbers_do_not_break_pages(store):
    app = create_app(store, analyses_per_minute=0, max_articles_per_upload=3, max_upload_bytes=200_000)
    with TestClient(app, base_url=BASE) as client:
        feed = jsonl(*({"id": f"n{i}", "text": f"Kyiv was calm on day {i}."} for i in range(200)))
        report = client.post("/api/v1/analyze/upload", headers=AJAX, files={"files": ("many.jsonl", feed)}).json()
        assert len(report["analyses"]) == 3 and len(report["errors"]) == 1
        assert "first 3" in report["errors"][0]["reason"]
        assert client.get("/api/v1/articles", params={"offset": 10**19}).status_code == 422
        assert client.get("/corpus", params={"page": 10**20}).status_code == 200

        def chunks():
            for _ in range(30):
                yield b"x" * 10_000

        streamed = client.post("/api/v1/analyze", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
    app.state.jobs.stop()


def test_formula_ids_are_inert_in_the_csv_and_bidi_is_shown_on_pages(client):
    evil = {"id": '=HYPERLINK("http://evil.example")', "title": "Abc \u202edefg", "url": "https://x.example/a",
            "text": "Drones hit Kharkiv, the mayor said. Sources say the town of Severansk was hit too."}
    ingest(client, jsonl(evil))
    stored = client.get("/api/v1/articles").json()["items"][0]["id"]
    csv_text = zipfile.ZipFile(io.BytesIO(client.get(f"/api/v1/articles/{stored}/export").content)).read(
        "findings.csv").decode()
    assert '\n=HYPERLINK' not in csv_text and "'=HYPERLINK" in csv_text
    assert "\u202e" not in client.get("/corpus").text
