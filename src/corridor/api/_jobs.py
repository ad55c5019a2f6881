"""Scenario runs as background jobs: progress, results, cancellation."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from corridor.errors import CorridorError


class Cancelled(CorridorError):
    """A job stopped at the user's request."""


@dataclass
class Job:
    """One background run. Its fields change while it runs; read them under ``lock``."""

    id: str
    request: dict[str, Any]
    status: str = "queued"  # queued, running, done, failed, cancelled
    done: int = 0
    total: int | None = None
    result: Any = None
    error: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self) -> dict[str, Any]:
        with self.lock:
            return {
                "id": self.id,
                "status": self.status,
                "done": self.done,
                "total": self.total,
                "request": self.request,
                "error": self.error,
                "result": self.result if self.status == "done" else None,
            }


class Jobs:
    """The server's jobs, run one at a time on a worker thread (the engine uses the cores)."""

    def __init__(self, limit: int = 100) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._runner = threading.Semaphore(1)
        self._limit = limit

    def submit(
        self, request: dict[str, Any], work: Callable[[Callable[[int, int], None]], Any]
    ) -> Job:
        """Start ``work(progress)`` in the background; ``progress`` raises once cancelled."""
        job = Job(secrets.token_hex(16), request)  # the id is the capability to read the run
        with self._lock:
            if len(self._jobs) >= self._limit:  # forget the oldest finished job
                finished = [j for j in self._jobs.values() if j.status not in ("queued", "running")]
                if not finished:
                    raise CorridorError("too many runs in progress: try again later")
                del self._jobs[finished[0].id]
            self._jobs[job.id] = job

        def progress(done: int, total: int) -> None:
            if job.cancel.is_set():
                raise Cancelled("cancelled")
            with job.lock:
                job.done, job.total = done, total

        def run() -> None:
            with self._runner:
                if job.cancel.is_set():
                    with job.lock:
                        job.status = "cancelled"
                    return
                with job.lock:
                    job.status = "running"
                try:
                    result = work(progress)
                except Cancelled:
                    with job.lock:
                        job.status = "cancelled"
                except CorridorError as exc:
                    with job.lock:
                        job.status, job.error = "failed", str(exc)
                except Exception as exc:  # a job must end with a status, whatever went wrong
                    with job.lock:
                        job.status, job.error = "failed", f"internal error: {type(exc).__name__}"
                else:
                    with job.lock:
                        job.status, job.result = "done", result

        threading.Thread(target=run, name=f"run-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())
