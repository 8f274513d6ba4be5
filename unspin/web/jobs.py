"""Ingest jobs: uploaded files read into the store (and analysed) by one background worker.

Uploads are saved under generated names in a private temporary folder; the name the user gave is
kept only for display (errors name it, never the temporary path). One worker runs jobs in order,
so two uploads never race on the store, and each job's progress and unreadable records can be
polled while it runs.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: File name endings an upload may have; the saved copy keeps only this ending.
UPLOAD_SUFFIXES = (".warc.gz", ".warc", ".jsonl", ".ndjson", ".html", ".htm", ".txt", ".md")
MAX_ERRORS_SHOWN = 1000


def upload_suffix(name: str) -> str:
    lower = (name or "").lower()
    for suffix in UPLOAD_SUFFIXES:
        if lower.endswith(suffix):
            return suffix
    return ".txt"


@dataclass
class Job:
    id: str
    files: list[str]                 # the names as uploaded (display only)
    analyse: bool
    published: date | None
    status: str = "queued"           # queued | reading | analysing | done | failed
    read: int = 0                    # input items handled (articles and errors)
    added: int = 0
    duplicates: int = 0
    analysed: int = 0
    to_analyse: int | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    error_count: int = 0
    message: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None
    folder: Path | None = field(default=None, repr=False)
    names: dict[str, str] = field(default_factory=dict, repr=False)  # saved path -> uploaded name

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "files": self.files, "analyse": self.analyse,
                "published": self.published.isoformat() if self.published else None,
                "read": self.read, "added": self.added, "skipped_duplicates": self.duplicates,
                "analysed": self.analysed, "to_analyse": self.to_analyse, "error_count": self.error_count,
                "errors": self.errors, "message": self.message,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.created)),
                "finished": (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.finished))
                             if self.finished else None)}

    def display(self, source: str) -> str:
        """An error's source with the temporary path replaced by the uploaded name."""
        for path, name in self.names.items():
            if source.startswith(path):
                return name + source[len(path):]
        return source


#: The keys of a job's saved state: a file in the state folder without them is not a job's.
JOB_FIELDS = frozenset(Job(id="", files=[], analyse=False, published=None).to_dict())


def _private_folder(folder: Path) -> Path | None:
    """``folder``, made if missing, readable by this user only; None (jobs kept in memory) when it
    belongs to someone else or cannot be made so."""
    try:
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        info = folder.stat()
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            log.warning("job state folder %s belongs to another user; keeping job state in memory", folder)
            return None
        os.chmod(folder, 0o700)
        return folder
    except OSError as exc:
        log.warning("cannot use job state folder %s (%s); keeping job state in memory", folder, exc)
        return None


class JobRunner:
    """Runs this process's jobs; every job's state is also written to ``state_dir`` as JSON, so
    that with several server workers any of them can answer for any job."""

    def __init__(self, workbench: Any, state_dir: str | os.PathLike[str] | None = None) -> None:
        self.workbench = workbench
        self.jobs: dict[str, Job] = {}
        self.state_dir = _private_folder(Path(state_dir)) if state_dir else None
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, uploads: list[tuple[str, Any]], analyse: bool = True, published: date | None = None) -> Job:
        """Save ``(name, binary file object)`` uploads and queue their ingest."""
        folder = Path(tempfile.mkdtemp(prefix="unspin-upload-"))
        job = Job(id=f"{int(time.time()):x}-{secrets.token_hex(3)}", files=[name for name, _ in uploads], analyse=analyse, published=published,
                  folder=folder)
        for number, (name, stream) in enumerate(uploads):
            path = folder / f"upload-{number:04d}{upload_suffix(name)}"
            with open(path, "wb") as out:
                shutil.copyfileobj(stream, out, 1024 * 1024)
            job.names[str(path)] = name or f"upload {number + 1}"
        with self._lock:
            self.jobs[job.id] = job
            self.save(job)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="unspin-ingest", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def save(self, job: Job) -> None:
        if self.state_dir is None:
            return
        target = self.state_dir / f"job-{job.id}.json"
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        # O_EXCL and O_NOFOLLOW: a name planted in the folder is never written through
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(json.dumps(job.to_dict()))
        os.replace(temporary, target)  # readers never see a half-written file

    def get(self, job_id: str) -> dict[str, Any] | None:
        """The job's state as data, from this process or from the shared state folder."""
        job = self.jobs.get(job_id)
        if job is not None:
            return job.to_dict()
        if self.state_dir is None or not all(c.isalnum() or c == "-" for c in job_id):
            return None
        try:
            data = json.loads((self.state_dir / f"job-{job_id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and JOB_FIELDS <= set(data) else None

    def all(self) -> list[dict[str, Any]]:
        found = {j.id: j.to_dict() for j in self.jobs.values()}
        if self.state_dir is not None:
            for path in self.state_dir.glob("job-*.json"):
                job_id = path.stem[4:]
                if job_id not in found:
                    data = self.get(job_id)
                    if data:
                        found[job_id] = data
        return sorted(found.values(), key=lambda j: j["created"], reverse=True)[:200]

    def wait(self, job_id: str, timeout: float = 60.0) -> dict[str, Any] | None:
        """Block until the job ends (tests, scripts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.get(job_id)
            if job is None or job["status"] in ("done", "failed"):
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def stop(self) -> None:
        self._queue.put(None)

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                self._run(job)
                job.status = "done"
            except Exception as exc:  # the job fails with a reason; the server goes on
                log.exception("ingest job %s failed", job.id)
                job.status, job.message = "failed", f"{type(exc).__name__}: {exc}"
            finally:
                job.finished = time.time()
                self.save(job)
                if job.folder is not None:
                    shutil.rmtree(job.folder, ignore_errors=True)
                self.workbench.changed()

    def _run(self, job: Job) -> None:
        from unspin.read import ReadError, read_inputs

        store = self.workbench.store
        job.status = "reading"
        self.save(job)

        def items():
            for path in job.names:
                for item in read_inputs([path]):
                    if isinstance(item, ReadError):
                        job.error_count += 1
                        if len(job.errors) < MAX_ERRORS_SHOWN:
                            job.errors.append({"source": job.display(item.source), "reason": item.reason})
                        item = ReadError(job.display(item.source), item.reason)
                    elif job.published and item.published is None:
                        item.published = job.published
                        item.metadata.setdefault("published_from", "upload form")
                    yield item  # its source stays the saved path until stored: raw HTML is re-read from it

        def advance(count: int) -> None:
            job.read += count
            self.save(job)

        report = store.ingest(items(), progress=advance, batch_size=100,
                              args={"via": "workbench upload", "files": job.files})
        job.added, job.duplicates = report.added, report.skipped_duplicates
        if report.run_id is not None:
            store.rename_sources(report.run_id, job.names)
        self.workbench.changed()
        if not job.analyse:
            return
        job.status = "analysing"
        self.save(job)
        pending = list(store.iter_unanalysed())
        job.to_analyse = len(pending)
        pipeline = self.workbench.pipeline()
        for article in pending:
            with self.workbench.analysis_lock:
                analysis = pipeline.analyze(article, published=job.published)
            store.save_analysis(article.id, analysis.to_dict())
            job.analysed += 1
            self.save(job)
        self.workbench.changed()
