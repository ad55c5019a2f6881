"""Parameter sweeps: a grid of scenario parameters × replications, run in parallel, resumable.

The unit of work is one replication of one grid point: every running crossing direction of the
scenario resolved with that point's parameters (the caller resolves them:
``corridor.planning.resolve_scenario(params=…)``), replication ``r`` with the streams of
``corridor simulate`` (``default_rng([seed, r, station])``). The same seed therefore
gives the same numbers whether the tasks run in one process, in a local process pool or on a Ray
cluster, and in whatever order they finish.

Results stream to a folder: one Parquet file per finished task (``part-p0001-r0003.parquet``,
written to a temporary name and renamed, so a file is complete or absent), and ``sweep.json``
describing the sweep. Run the same sweep into the same folder again and finished tasks are skipped;
a folder holding another sweep's results is refused.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from corridor.errors import ScenarioError, option
from corridor.network.scenario import ResolvedScenario
from corridor.sim.executor import worker_context
from corridor.sim.replication import Job, load_jobs, run_loaded, run_task
from corridor.sim.run import station_jobs
from corridor.sim.settings import RunSettings

Progress = Callable[[int, int, float | None], None]  # done, total, seconds left (estimate)


def parse_param(text: str) -> tuple[str, list[Any]]:
    """``PATH=V1,V2,…`` → (path, values); values are numbers where they read as numbers."""
    path, sep, values = text.partition("=")
    if not sep or not path or not values:
        raise ScenarioError(
            f"{option('param')} {text!r}: write PATH=V1,V2 (e.g. scenario.growth=1,1.5)"
        )
    out: list[Any] = []
    for v in values.split(","):
        v = v.strip()
        try:
            out.append(int(v))
        except ValueError:
            try:
                out.append(float(v))
            except ValueError:
                out.append(v)
    return path.strip(), out


def grid(params: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Every combination of the parameter values, in a fixed order."""
    names = list(params)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*params.values())]


@dataclass(frozen=True)
class SweepResult:
    """What a sweep did: the folder, the grid, tasks run now and skipped as already done."""

    out: Path
    points: tuple[dict[str, Any], ...]
    tasks: int
    ran: int
    skipped: int
    seconds: float

    def table(self) -> pa.Table:
        """Every finished task's rows, with each point's parameters as columns."""
        return read_results(self.out)


def read_results(out: Path) -> pa.Table:
    """The rows of every part file in ``out``, joined with the points' parameters."""
    manifest = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    parts = sorted(out.glob("part-*.parquet"))
    if not parts:
        raise ScenarioError(f"{out}: no finished task yet")
    table = pa.concat_tables(pq.read_table(p) for p in parts)
    table = table.sort_by([("point", "ascending"), ("replication", "ascending")])
    points = manifest["points"]
    for name in manifest["params"]:
        column = [points[p]["params"][name] for p in table.column("point").to_pylist()]
        table = table.append_column(name, pa.array(column))
    return table


def _part(out: Path, point: int, rep: int) -> Path:
    return out / f"part-p{point:04d}-r{rep:04d}.parquet"


def _write_part(out: Path, point: int, rep: int, rows: list[dict[str, Any]]) -> None:
    final = _part(out, point, rep)
    tmp = final.with_name(final.name + ".tmp")
    pq.write_table(pa.Table.from_pylist(rows), tmp)
    os.replace(tmp, final)


def _manifest(out: Path, manifest: dict[str, Any]) -> None:
    path = out / "sweep.json"
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        if old != manifest:
            raise ScenarioError(
                f"{out} holds the results of another sweep (different scenario, parameters, seed, "
                "days or replications): choose another folder"
            )
        return
    tmp = path.with_name("sweep.json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _local(
    tasks: list[tuple[int, int]],
    jobs: dict[int, list[tuple[Job, ...]]],
    seed: int,
    workers: int,
) -> Iterator[tuple[int, int, list[dict[str, Any]]]]:
    if workers <= 1:
        for p, r in tasks:
            yield p, r, run_task(jobs[p], p, r, seed)
        return
    with cf.ProcessPoolExecutor(
        max_workers=workers, mp_context=worker_context(), initializer=load_jobs, initargs=(jobs,)
    ) as pool:
        futures = {pool.submit(run_loaded, p, r, seed): (p, r) for p, r in tasks}
        for f in cf.as_completed(futures):
            p, r = futures[f]
            yield p, r, f.result()


def _ray(
    tasks: list[tuple[int, int]],
    jobs: dict[int, list[tuple[Job, ...]]],
    seed: int,
    address: str,
    workers: int,
) -> Iterator[tuple[int, int, list[dict[str, Any]]]]:
    try:
        import ray
    except ImportError:
        raise ScenarioError(f"{option('ray')} needs Ray: pip install 'corridor[ray]'") from None
    if not ray.is_initialized():
        if address == "local":
            ray.init(num_cpus=max(workers, 1), include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)
    remote = ray.remote(run_task)
    shared = {p: ray.put(j) for p, j in jobs.items()}
    cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
    limit = max(2 * int(cpus), 2)
    pending: dict[Any, tuple[int, int]] = {}
    queue = list(tasks)
    while queue or pending:
        while queue and len(pending) < limit:
            p, r = queue.pop(0)
            pending[remote.remote(shared[p], p, r, seed)] = (p, r)
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            p, r = pending.pop(ref)
            yield p, r, ray.get(ref)


def sweep(
    points: list[tuple[dict[str, Any], ResolvedScenario]],
    params: list[str],
    out: Path,
    settings: RunSettings,
    *,
    workers: int = 1,
    ray_address: str | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """Run (or finish) the sweep of ``points`` (each grid point's parameters and its resolved
    scenario) into ``out`` (module docstring)."""
    replications, seed = settings.replications, settings.seed
    jobs: dict[int, list[tuple[Job, ...]]] = {}
    described = []
    for i, (point, resolved) in enumerate(points):
        jobs[i] = station_jobs(resolved, settings)
        described.append({"params": point, "scenario": resolved.name, "hash": resolved.digest})
    out.mkdir(parents=True, exist_ok=True)
    _manifest(
        out,
        {
            "params": list(params),
            "points": described,
            "replications": replications,
            "seed": seed,
            "days": settings.days,
            "warmup_days": settings.warmup_days,
        },
    )
    for stale in out.glob("*.tmp"):  # a part being written when a run was killed
        stale.unlink()
    every = [(p, r) for p in range(len(points)) for r in range(replications)]
    todo = [(p, r) for p, r in every if not _part(out, p, r).exists()]
    skipped = len(every) - len(todo)
    started = time.perf_counter()
    if progress is not None:
        progress(skipped, len(every), None)
    source = (
        _ray(todo, jobs, seed, ray_address, workers)
        if ray_address is not None
        else _local(todo, jobs, seed, workers)
    )
    ran = 0
    for p, r, rows in source:
        _write_part(out, p, r, rows)
        ran += 1
        if progress is not None:
            elapsed = time.perf_counter() - started
            left = elapsed / ran * (len(todo) - ran)
            progress(skipped + ran, len(every), left)
    return SweepResult(
        out, tuple(p for p, _ in points), len(every), ran, skipped, time.perf_counter() - started
    )
