"""Background ingest for admins: one at a time (the index has one writer), with progress to poll."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jzbot.channels.http.schemas import Job, JobKind
from jzbot.ingest.library import Library
from jzbot.models import IngestReport

log = logging.getLogger(__name__)
KEEP_JOBS = 50  # finished jobs kept for polling and the admin page's recent list


class Jobs:
    def __init__(self, library: Library, on_done: Callable[[Job], None] | None = None) -> None:
        self.library = library
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jzbot-ingest")
        self._on_done = on_done

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.model_copy() if job else None

    def recent(self) -> list[Job]:
        with self._lock:
            return [j.model_copy() for j in reversed(self._jobs.values())]

    def start(
        self,
        kind: JobKind,
        paths: list[Path] | None,
        settle: Callable[[IngestReport | None], None] | None = None,
    ) -> Job:
        """Run an ingest of ``paths`` (the folder when None); ``settle`` gets its report (None when it failed)
        before the job is marked finished: uploads keep or take back their files there."""
        job = Job(id=secrets.token_hex(8), kind=kind, files=[p.name for p in paths or []])
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.pop(next(iter(self._jobs)))
        self._pool.submit(self._run, job, paths, settle)
        return job.model_copy()

    def _run(
        self, job: Job, paths: list[Path] | None, settle: Callable[[IngestReport | None], None] | None = None
    ) -> None:
        started = 0

        def progress(name: str, total: int) -> None:  # called as each file starts
            nonlocal started
            started += 1
            with self._lock:
                job.current, job.total, job.done = name, total, started - 1

        with self._lock:
            job.state = "running"
        report: IngestReport | None = None
        error: Exception | None = None
        try:
            report = self.library.ingest(paths, progress=progress)
        except Exception as e:  # reported to the admin who started it; the index keeps what it had
            log.exception("ingest job %s failed", job.id)
            error = e
        if settle is not None:
            try:
                settle(report)
            except Exception:
                log.exception("settling the files of job %s failed", job.id)
        with self._lock:
            if report is not None:
                job.report, job.state, job.current = report, "done", ""
                job.done = job.total
            else:
                job.state, job.error = "failed", str(error)
        if self._on_done:
            self._on_done(job)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
