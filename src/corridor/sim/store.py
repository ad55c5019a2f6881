"""The run store: simulation runs kept beside the ledger, never inside it.

A run is found again by its key: the resolved scenario's hash (every file, lever, day, the demand
numbers, the counts' anchors and the events), the run settings (with the engine's version) and the
ledger's content version, so a trade load makes older runs stale without touching them. Each run is
one JSON file in a folder beside the ledger (``ledger.duckdb`` → ``ledger.runs/``), written to a
temporary name and renamed (complete or absent), so any number of readers and writers, in any
processes, can share the folder; the oldest files beyond :data:`KEEP` are removed when a run is
added. A throw-away ledger (``:memory:``) keeps its runs in memory.

Reading a run that cannot be parsed (a half-copied folder, a disk error) finds nothing: the run
is computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: runs kept in a folder (the oldest are removed beyond this)
KEEP = 500


def run_key(scenario_hash: str, settings: str, ledger_version: object) -> str:
    """The key of a run (module docstring)."""
    text = f"{scenario_hash}|{settings}|{ledger_version!r}"
    return hashlib.sha256(text.encode()).hexdigest()


class RunStore:
    """Runs by key, in a folder (``folder``) or in memory (``folder`` None)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def beside(cls, ledger_path: str | Path) -> RunStore:
        """The store of a ledger file (``x.duckdb`` → ``x.runs/``), or in memory for
        ``:memory:``."""
        text = str(ledger_path)
        if text == ":memory:":
            return cls(None)
        path = Path(text)
        return cls(path.with_name(path.stem + ".runs"))

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}.json"

    def find(self, key: str) -> str | None:
        """The stored run's JSON, or None."""
        if self.folder is None:
            with self._lock:
                return self._memory.get(key)
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def parsed(
        self,
        key: str,
        parse: Callable[[str], T],
        errors: tuple[type[Exception], ...] = (ValueError,),
    ) -> T | None:
        """The stored run read by ``parse``, or None when none is kept or it cannot be read
        (``errors``: an older layout, a damaged file): the caller computes it again."""
        stored = self.find(key)
        if stored is None:
            return None
        try:
            return parse(stored)
        except errors:
            return None

    def add(self, key: str, text: str) -> None:
        """Keep a run (a failure to write is not an error: the run is simply not kept)."""
        if self.folder is None:
            with self._lock:
                self._memory[key] = text
                while len(self._memory) > KEEP:
                    self._memory.pop(next(iter(self._memory)))
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".part-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, self._path(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        assert self.folder is not None
        files = [p for p in self.folder.glob("*.json") if not p.name.startswith(".")]
        if len(files) <= KEEP:
            return
        files.sort(key=lambda p: p.stat().st_mtime)
        for old in files[: len(files) - KEEP]:
            with contextlib.suppress(OSError):
                old.unlink()

    def clear_leftovers(self) -> None:
        """Remove temporary files a killed writer left (at a server's start)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for p in self.folder.glob(".part-*"):
            with contextlib.suppress(OSError):
                p.unlink()

    def __len__(self) -> int:
        if self.folder is None:
            return len(self._memory)
        if not self.folder.is_dir():
            return 0
        return sum(1 for p in self.folder.glob("*.json") if not p.name.startswith("."))
