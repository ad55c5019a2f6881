"""A session: what every face holds and every use case takes.

A :class:`Session` is the data folder (:class:`~corridor.workspace.Workspace`), the ledger, the run
store (:class:`~corridor.sim.store.RunStore`, a folder beside the ledger) and the executor that runs
batches of simulations (:mod:`corridor.sim.executor`). It is read-only or read-write: a read-only
session never writes the ledger (the runs it needs are kept in the run store only).

**Concurrency.** A session does not hold the ledger between uses: :meth:`Session.ledger` opens
it (read-only, or for writing) for the length of a ``with`` block and closes it. DuckDB lets
several processes read a file at once, or one write it; so a server's requests and any number of
``corridor`` commands read the same ledger side by side, and a load (from the CLI or the server)
waits at most until the readers of that moment finish (``CORRIDOR_LOCK_TIMEOUT``), then holds the
file for the load's length. A session on a throw-away ledger (``:memory:``) holds its one
connection. docs/reliability.md states the model and its tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from corridor.ledger import Ledger
from corridor.locations import default_db_path
from corridor.sim.executor import Executor, Serial, make_executor
from corridor.sim.memo import StationMemo
from corridor.sim.store import RunStore
from corridor.workspace import Workspace

MEMORY = ":memory:"


@dataclass
class Session:
    """The workspace, the ledger, the run store and the executor (module docstring)."""

    workspace: Workspace
    path: str
    read_only: bool
    runs: RunStore
    executor: Executor = field(default_factory=Serial)
    #: stations already simulated in this session (:mod:`corridor.sim.memo`)
    stations: StationMemo = field(default_factory=StationMemo)
    _held: Ledger | None = None

    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        *,
        read_only: bool = False,
        workspace: Workspace | None = None,
        workers: int = 1,
        ray_address: str | None = None,
        progress: object | None = None,
    ) -> Session:
        """A session on the ledger at ``db`` (default: the user's ledger), creating or
        upgrading the ledger first if it needs it (that one step writes, read-only or not)."""
        ws = workspace or Workspace.default()
        path = str(db) if db is not None else str(default_db_path())
        executor = make_executor(workers, ray_address)
        if path == MEMORY:
            held = Ledger.open(MEMORY, data=ws.root)
            return cls(ws, path, False, RunStore(None), executor, _held=held)
        runs = RunStore.beside(path)
        if not len(runs):  # every run will be simulated: the workers start while the ledger opens
            executor.start()
        ensure_ledger(path, ws, progress)
        return cls(ws, path, read_only, runs, executor)

    @contextmanager
    def ledger(self, *, write: bool = False) -> Iterator[Ledger]:
        """The ledger for the length of the block: read-only unless ``write`` (refused on a
        read-only session)."""
        if write and self.read_only:
            from corridor.errors import CorridorError

            raise CorridorError("this session is read-only: it does not write the ledger")
        if self._held is not None:
            with self._held.cursor() as cur:
                yield cur
            return
        if write:
            with Ledger.open(self.path, data=self.workspace.root) as ledger:
                yield ledger
            return
        with Ledger.open(self.path, read_only=True) as ledger:
            yield ledger

    def stamp(self) -> tuple[int, ...]:
        """A cheap mark that changes whenever the ledger file is written (its size and time,
        and its write-ahead log's), read without opening it."""
        if self._held is not None:
            with self._held.cursor() as cur:
                return cur.version()
        out: list[int] = []
        for p in (Path(self.path), Path(self.path + ".wal")):
            try:
                s = os.stat(p)
                out += [s.st_mtime_ns, s.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def close(self) -> None:
        self.executor.close()
        if self._held is not None:
            self._held.close()
            self._held = None

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def ensure_ledger(path: str, workspace: Workspace, progress: object | None = None) -> None:
    """Create or upgrade the ledger at ``path`` when it needs it (one short write), else
    nothing: an existing, current ledger is not opened for writing."""
    from corridor.errors import CorridorError

    if Path(path).is_file():
        try:
            with Ledger.open(path, read_only=True) as ledger:
                if not ledger.needs_setup(workspace.root):
                    return
        except CorridorError:
            pass  # an older schema: upgraded below
    with Ledger.open(path, data=workspace.root, progress=progress):  # type: ignore[arg-type]
        return
