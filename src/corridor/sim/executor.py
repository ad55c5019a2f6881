"""Where batches of simulation tasks run: in this process, in local worker processes, or on a
Ray cluster, with the same results.

Every task is a pure function of its arguments (a station's job, a replication number, a seed:
:mod:`corridor.sim.replication`), so the order and place tasks run in change nothing: results come
back in the order the tasks were given. A local pool is started on first use and kept for the
executor's life (its workers import the engine once); ``close`` stops it.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from multiprocessing.context import BaseContext
from typing import Any, Protocol, TypeVar

from corridor.errors import ScenarioError, option

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn`` on each item; results in the items' order."""

    workers: int

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]: ...

    def start(self) -> None:
        """Get ready for a batch that is coming (start workers), without waiting."""
        ...

    def close(self) -> None: ...


class Serial:
    """Everything in this process, one task after another."""

    workers = 1

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return [fn(item) for item in items]

    def start(self) -> None:
        return None

    def close(self) -> None:
        return None


def _ready() -> None:
    """A worker's first task: import the engine and run its compiled kernels once (numba starts
    and loads them) before any work arrives. A worker forked from a warm server finds them
    loaded already."""
    from corridor.sim.replication import warm

    warm()


def worker_context() -> BaseContext:
    """How workers start. Where the platform has a fork server, the server imports the engine
    and loads its compiled kernels once (:mod:`corridor.sim._warm`) and each worker is a fork of
    it: the second worker costs no second import. Elsewhere each worker is spawned and imports
    the engine itself. Neither inherits this process's locks or database handles."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["corridor.sim._warm"])
        return context
    return multiprocessing.get_context("spawn")


class Processes:
    """Local worker processes (:func:`worker_context`: no inherited locks or database handles)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ScenarioError("workers must be at least 1")
        self.workers = workers
        self._pool: cf.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # threads may share the pool (levers' loops side by side)
        self._closes = 0  # how many times close ran: a start asked for before one is void

    def _started(self, asked: int | None = None) -> cf.ProcessPoolExecutor | None:
        """The pool, started on first use (None: it cannot start here; or ``asked``, the
        closes counted when a start was asked for, is out of date: closed since)."""
        with self._lock:
            if asked is not None and asked != self._closes:
                return None
            if self._pool is None:
                try:
                    os.getcwd()  # a spawned worker starts in this folder
                except OSError:  # the folder was removed under us: run here, the same numbers
                    return None
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=worker_context()
                )
                for _ in range(self.workers):  # each worker imports the engine meanwhile
                    self._pool.submit(_ready)
            return self._pool

    def start(self) -> None:
        # in a thread: a worker forked from the fork server waits for it to load the engine,
        # and this process goes on meanwhile (``map`` and ``close`` wait for the start; a
        # close before the thread runs leaves nothing started)
        threading.Thread(target=self._started, args=(self._closes,), daemon=True).start()

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if len(items) <= 1:
            return [fn(item) for item in items]
        pool = self._started()
        if pool is None:
            return [fn(item) for item in items]
        # one task at a time balances a batch of uneven tasks (a busy crossing's replication
        # takes ten times a quiet one's); only a long batch is sent in chunks
        many = len(items) > 64 * self.workers
        chunk = max(1, len(items) // (4 * self.workers)) if many else 1
        return list(pool.map(fn, items, chunksize=chunk))

    def close(self) -> None:
        with self._lock:
            self._closes += 1
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None


class RayCluster:
    """Tasks on a Ray cluster (``address``: ``local`` starts one on this machine)."""

    def __init__(self, address: str, workers: int = 2) -> None:
        try:
            import ray
        except ImportError:
            raise ScenarioError(f"{option('ray')} needs Ray: pip install 'corridor[ray]'") from None
        self._ray: Any = ray
        if not ray.is_initialized():
            if address == "local":
                ray.init(num_cpus=max(workers, 1), include_dashboard=False, log_to_driver=False)
            else:
                ray.init(address=address, log_to_driver=False)
        self.workers = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        remote = self._ray.remote(fn)
        return list(self._ray.get([remote.remote(item) for item in items]))

    def start(self) -> None:
        return None

    def close(self) -> None:
        return None


def make_executor(workers: int = 1, ray_address: str | None = None) -> Executor:
    """The executor for ``--workers N`` and ``--ray ADDRESS``."""
    if ray_address is not None:
        return RayCluster(ray_address, workers)
    if workers <= 1:
        return Serial()
    return Processes(workers)
