"""Heavy work off the event loop, and request bodies kept on disk.

**Work.** Extracting claims, loading a file and adding records run on a small pool of worker
threads (:data:`WORKERS`) with a bounded queue (:data:`QUEUED`): the event loop only waits for
them, so ``/api/health`` and every light request keep answering while they run, and a request
that finds the queue full is told so (503, ``Retry-After``) instead of piling up.

**Uploads.** A body that is a file (a trade file, an article, a barrier file) is streamed to a
folder beside the ledger (``ledger.duckdb`` → ``ledger.uploads/``), counted as it arrives, and
removed when the request ends; what a killed server left there is removed at the next start.
Messages never show the folder: a file is named as the client named it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from fastapi import HTTPException, Request

from corridor.api._middleware import BodyTooLarge
from corridor.errors import CorridorError

T = TypeVar("T")

WORKERS = 2
QUEUED = 8  # requests waiting for a worker beyond which the server answers 503


class Work:
    """The worker pool (module docstring)."""

    def __init__(self, workers: int = WORKERS, queued: int = QUEUED) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="corridor-work")
        self._limit = workers + queued
        self._pending = 0
        self._lock = threading.Lock()

    async def run(self, fn: Callable[[], T]) -> T:
        """``fn()`` on a worker thread; 503 if the queue is full."""
        with self._lock:
            if self._pending >= self._limit:
                raise HTTPException(
                    503, "the server is busy: try again shortly", headers={"Retry-After": "2"}
                )
            self._pending += 1
        try:
            return await asyncio.wrap_future(self._pool.submit(fn))
        finally:
            with self._lock:
                self._pending -= 1

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Uploads:
    """Request bodies on disk (module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def beside(cls, ledger_path: str) -> Uploads:
        """The uploads folder of a ledger file; a folder in the temporary directory for a
        ledger in memory."""
        if ledger_path == ":memory:":
            return cls(Path(tempfile.gettempdir()) / "corridor-uploads")
        path = Path(ledger_path)
        return cls(path.with_name(path.stem + ".uploads"))

    def clear_leftovers(self) -> int:
        """Remove what servers no longer running left behind; how many uploads were removed."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for entry in self.root.iterdir():
            m = re.fullmatch(r"upload-(\d+)-[0-9a-f]+", entry.name)
            if m is None or (_alive(int(m[1])) and int(m[1]) != os.getpid()):
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
        return removed

    @contextlib.asynccontextmanager
    async def receive(self, request: Request, name: str, limit: int) -> AsyncIterator[Path]:
        """The request's body as the file ``name`` in a folder of its own, written as it
        arrives (never whole in memory) and removed when the block ends."""
        folder = self.root / f"upload-{os.getpid()}-{secrets.token_hex(8)}"
        path = folder / name
        try:
            try:
                folder.mkdir(parents=True)
                size = 0
                with path.open("wb") as handle:
                    async for chunk in request.stream():
                        size += len(chunk)
                        if size > limit:
                            raise BodyTooLarge(limit)
                        handle.write(chunk)
            except OSError as exc:
                if exc.errno == errno.ENOSPC:
                    raise CorridorError(
                        "no space left on the device that holds the server's uploads; "
                        "nothing was changed"
                    ) from None
                raise CorridorError(f"cannot keep the upload: {exc.strerror}") from None
            yield path
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def scrub(self, text: str) -> str:
        """``text`` without the uploads folder (a file is named by its own name)."""
        return re.sub(re.escape(str(self.root)) + r"/upload-[0-9a-f-]+/", "", text)
