"""Latency and throughput of the workbench's analyse endpoint, against a direct call in the same run.

    python bench/bench_web.py [--requests 40] [--clients 4] [--json OUT.json]

A 600-word article is made from the English texts of the bundled example corpus (cut at 600 words).
For 1 and 2 server workers (``unspin serve --workers N`` on a temporary SQLite store, loopback):
  - latency: sequential POST /api/v1/analyze calls after a warm-up, median and p95;
  - throughput: ``--clients`` threads posting ``--requests`` calls in all, requests per second.
The baseline is ``unspin.analyze()`` on the same text in this process (median), so the ratio shows
what HTTP, JSON and the server add. Rate limiting is off for the bench.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def article_text(words: int = 600) -> str:
    from unspin.lang import detect_language
    from unspin.read import ReadError, read_inputs

    texts = [a.text for a in read_inputs([str(ROOT / "examples" / "corpus")])
             if not isinstance(a, ReadError) and detect_language(a.text)[0] == "en"]
    pool = " ".join(texts).split()
    while len(pool) < words:
        pool += pool
    return " ".join(pool[:words])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, text: str) -> float:
    body = json.dumps({"text": text, "published": "2025-12-12"}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
        assert response.status == 200
    return time.perf_counter() - started


def serve(workers: int, db: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    unspin = str(Path(sys.executable).with_name("unspin"))
    process = subprocess.Popen([unspin, "serve", "--db", db, "--port", str(port), "--workers", str(workers),
                                "--analyses-per-minute", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("the server did not start")


def measure(workers: int, db: str, text: str, requests: int, clients: int) -> dict:
    process, base = serve(workers, db)
    url = base + "/api/v1/analyze"
    try:
        for _ in range(2 * workers):  # every worker loads its models before timing
            post(url, text)
        latencies = [post(url, text) for _ in range(max(10, requests // 2))]
        done: list[float] = []
        lock = threading.Lock()
        per_client = max(1, requests // clients)

        def client() -> None:
            for _ in range(per_client):
                seconds = post(url, text)
                with lock:
                    done.append(seconds)

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
    latencies.sort()
    return {"workers": workers, "median_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
            "requests_per_s": round(len(done) / elapsed, 2), "concurrent_requests": len(done)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import unspin

    text = article_text()
    unspin.analyze(text, published="2025-12-12")  # models loaded
    direct = []
    for _ in range(10):
        started = time.perf_counter()
        unspin.analyze(text, published="2025-12-12")
        direct.append(time.perf_counter() - started)
    baseline_ms = statistics.median(direct) * 1000
    results = {"article_words": len(text.split()), "baseline_direct_median_ms": round(baseline_ms, 1),
               "cpus": os.cpu_count(), "python": platform.python_version(), "servers": []}
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        subprocess.run([str(Path(sys.executable).with_name("unspin")), "ingest", "--db", db, "--no-progress",
                        str(ROOT / "examples" / "workbench")], check=True, capture_output=True)
        for workers in (1, 2):
            row = measure(workers, db, text, args.requests, args.clients)
            row["median_vs_direct"] = round(row["median_ms"] / baseline_ms, 2)
            results["servers"].append(row)
    print(f"analyse endpoint, {results['article_words']}-word article, {args.clients} clients, "
          f"{os.cpu_count()} CPUs; direct unspin.analyze() median {baseline_ms:.0f} ms")
    print(f"{'workers':>7} {'median ms':>10} {'p95 ms':>8} {'x direct':>9} {'requests/s':>11}")
    for row in results["servers"]:
        print(f"{row['workers']:>7} {row['median_ms']:>10} {row['p95_ms']:>8} {row['median_vs_direct']:>9} "
              f"{row['requests_per_s']:>11}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
