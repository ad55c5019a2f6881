"""Run a resolved scenario: every running crossing direction, replications, intervals, overload.

Replication r of station s draws from ``numpy.random.default_rng([seed, r, stream(s)])``, the
stream a number made from the station's name: the same seed gives the same numbers, replications
are independent streams, and a station unchanged by a lever draws the same numbers in both runs.
Each statistic is the mean over replications with a 95 % Student-t interval, measured over
``days`` after ``warmup_days``.

**Overload is a result.** A direction whose arrivals exceed what its posts can clear (lanes and
hours, daily limits, the gauge change) has no steady state: its waits grow with the length of the
run. It is reported as overloaded, with the excess (vehicles a day), the simulated growth of the
queue, the queue at the end and the days its post would need to clear that queue if arrivals
stopped; waits, times and queue means, which depend on the run's length there, are not reported.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.frames import records_frame

if TYPE_CHECKING:
    import pandas as pd
from corridor.errors import ScenarioError
from corridor.network.scenario import ResolvedScenario
from corridor.sim.crossing import simulate_crossing
from corridor.sim.executor import Executor, Serial
from corridor.sim.memo import StationMemo, station_key
from corridor.sim.replication import (
    ALWAYS,
    GROUP_WAITS,
    METRICS,
    Job,
    daily_queue,
    measure,
    replicate_task,
)
from corridor.sim.schedule import StationPlan, Timeline, plans_by_replication
from corridor.sim.settings import RunSettings
from corridor.sim.warmup import STEPS, settled
from corridor.student_t import t_ppf


@dataclass(frozen=True)
class Estimate:
    mean: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class Overload:
    """Why and by how much a direction cannot keep up."""

    post: str  # the country whose post binds
    limited_by: str
    arrivals_per_day: float
    capacity_per_day: float
    excess_per_day: float
    queue_growth_per_day: Estimate
    queue_at_end: Estimate
    days_to_clear: float


@dataclass(frozen=True)
class StationResult:
    crossing: str
    direction: str
    mode: str
    exit_country: str
    entry_country: str
    vehicles_per_day: float
    capacity_per_day: float
    limited_by: str
    bottleneck: str  # the country whose post sets the capacity
    stats: dict[str, Estimate]
    queue_by_day: tuple[float, ...] = ()  # vehicles waiting at each day's end, mean of runs
    overload: Overload | None = None
    #: each replication's scalar statistics (kept so that comparisons pair replications)
    runs: tuple[dict[str, float], ...] = ()
    warmup_days: int = 0
    #: day by day, means over the replications: waiting at the exit post, at the entry post
    #: (rail: and in the yard), vehicles through the entry post, mean time in the crossing of
    #: the vehicles that arrived that day (None: none crossed)
    exit_queue_by_day: tuple[float, ...] = ()
    entry_queue_by_day: tuple[float, ...] = ()
    throughput_by_day: tuple[float, ...] = ()
    crossing_time_by_day: tuple[float | None, ...] = ()
    warmup_settled: bool = True
    #: where the replications' demand differs (drawn traffic levels, fitted figures): the share
    #: of them whose arrivals exceed what the direction clears; None where one plan serves all
    overloaded_share: float | None = None

    def flat(self) -> dict[str, Any]:
        """JSON record: the mean of each statistic, and its interval as ``<name>_ci``."""
        out: dict[str, Any] = {
            "crossing": self.crossing,
            "direction": self.direction,
            "mode": self.mode,
            "exit_country": self.exit_country,
            "entry_country": self.entry_country,
            "vehicles_per_day": self.vehicles_per_day,
            "capacity_per_day": self.capacity_per_day,
            "limited_by": self.limited_by,
            "bottleneck": self.bottleneck,
            "overloaded": self.overload is not None,
            "overloaded_share": self.overloaded_share,
            "overload": None if self.overload is None else asdict(self.overload),
            "warmup_days": self.warmup_days,
        }
        for k, e in self.stats.items():
            out[k] = e.mean
            out[f"{k}_ci"] = [e.ci_low, e.ci_high]
        return out


@dataclass(frozen=True)
class SimReport:
    scenario: str
    scenario_hash: str
    settings: RunSettings
    trade_year: int
    as_of: str
    start: str
    stations: tuple[StationResult, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def seed(self) -> int:
        return self.settings.seed

    @property
    def replications(self) -> int:
        return self.settings.replications

    @property
    def days(self) -> int:
        return self.settings.days

    def to_dict(self) -> dict[str, Any]:
        data = _fields_of(self)
        data["settings"] = asdict(self.settings)
        data["stations"] = [s.flat() for s in self.stations]
        data["network_as_of"] = self.as_of
        return data

    def to_frame(self) -> pd.DataFrame:
        """Each crossing direction as a row: the means of its statistics (pandas)."""
        rows = [s.flat() for s in self.stations]
        intervals = tuple(k for row in rows[:1] for k in row if k.endswith("_ci"))
        return records_frame(rows, drop=("overload", *intervals))

    @property
    def overloaded(self) -> tuple[StationResult, ...]:
        return tuple(s for s in self.stations if s.overload is not None)

    def to_json(self) -> str:
        """The whole run, kept (with its settings) to be read back by :meth:`from_json`."""
        return json.dumps(self, default=_plain)

    @classmethod
    def from_json(cls, text: str) -> SimReport:
        data = json.loads(text)

        def estimate(e: Any) -> Estimate:
            return Estimate(*e) if isinstance(e, list) else Estimate(**e)

        stations = []
        for st in data["stations"]:
            overload = st.pop("overload")
            for name in (
                "queue_by_day",
                "exit_queue_by_day",
                "entry_queue_by_day",
                "throughput_by_day",
                "crossing_time_by_day",
            ):
                st[name] = tuple(st.get(name, ()))
            if overload is not None:
                overload["queue_growth_per_day"] = estimate(overload["queue_growth_per_day"])
                overload["queue_at_end"] = estimate(overload["queue_at_end"])
                overload = Overload(**overload)
            stations.append(
                StationResult(
                    **{
                        **st,
                        "stats": {k: estimate(v) for k, v in st["stats"].items()},
                        "overload": overload,
                        "runs": tuple(st.get("runs", ())),
                    }
                )
            )
        return cls(
            **{
                **data,
                "settings": RunSettings(**data["settings"]),
                "stations": tuple(stations),
                "notes": tuple(data["notes"]),
            }
        )


def _fields_of(obj: Any) -> dict[str, Any]:
    """A dataclass's fields by name, the values as they are (not a deep copy like ``asdict``)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _plain(obj: Any) -> Any:
    """What JSON writes for an object it does not know: a dataclass as its fields (the same
    text as ``asdict``, without copying every value first), anything else as a list."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return _fields_of(obj)
    return list(obj)


def confidence_interval(values: list[float], *, floor: float | None = 0.0) -> Estimate:
    """Mean and 95 % Student-t interval (cut at ``floor``: most statistics are non-negative)."""
    arr = np.asarray(values, dtype=np.float64)
    mean = float(arr.mean())
    if arr.shape[0] < 2 or float(arr.std(ddof=1)) == 0:
        return Estimate(mean, mean, mean)
    half = t_ppf(0.975, arr.shape[0] - 1) * float(arr.std(ddof=1)) / math.sqrt(arr.shape[0])
    low = mean - half if floor is None else max(floor, mean - half)
    return Estimate(mean, low, mean + half)


def timeline_of(resolved: ResolvedScenario) -> Timeline:
    """What the schedule of a resolved scenario is built from."""
    if resolved.trade is None:
        raise ScenarioError(f"{resolved.name}: resolved without its trade; cannot be scheduled")
    return Timeline(
        resolved.timeline or resolved.network,
        resolved.demand_timeline or resolved.demand,
        resolved.trade,
        resolved.scenario.growth,
        resolved.anchors,
        resolved.events,
    )


@dataclass(frozen=True)
class Prepared:
    """A station ready to run: its job for each replication (the same one unless fitted figures
    are drawn from their uncertainty), its warm-up, and replication 0 already run (the pilot)."""

    jobs: tuple[Job, ...]
    warmup_days: int
    first: dict[str, Any]
    settled: bool

    @property
    def job(self) -> Job:
        return self.jobs[0]


def job_for(plan: StationPlan, index: int, pre: int, warmup: int, days: int) -> Job:
    """The job of a station planned with ``pre`` days before its ``days`` measured ones, run
    with a warm-up of ``warmup`` of them."""
    cut = pre - warmup
    spec = plan.spec.days_from(cut)
    window = (warmup * 24.0, (warmup + days) * 24.0)
    return Job(
        index,
        plan.demand,
        spec,
        plan.rate[cut * 24 :],
        plan.shares[:, cut * 24 :],
        window,
    )


def warmup_span(settings: RunSettings) -> int:
    """Days planned before the measured ones: the longest warm-up that may be chosen."""
    return STEPS[-1] if settings.warmup_days is None else settings.warmup_days


def prepare(
    resolved: ResolvedScenario, settings: RunSettings, executor: Executor | None = None
) -> list[Prepared]:
    """Every crossing direction that runs in the scenario's window, with its warm-up: fixed by
    ``settings``, or chosen by MSER-5 on replication 0 (:mod:`corridor.sim.warmup`), whose
    statistics are kept."""
    pre = warmup_span(settings)
    plans = _plans(resolved, settings, pre)
    tasks = [(by_rep, index, pre, settings.days, settings) for index, by_rep in enumerate(plans)]
    return (executor or Serial()).map(prepare_task, tasks)


def prepare_task(
    args: tuple[tuple[StationPlan, ...], int, int, int, RunSettings],
) -> Prepared:
    """:func:`prepare_plans` of one station: a task an executor runs."""
    plans, index, pre, days, settings = args
    return prepare_plans(plans, index, pre, days, settings)


def prepare_plans(
    plans: tuple[StationPlan, ...],
    index: int,
    pre: int,
    days: int,
    settings: RunSettings,
    *,
    detail: bool = True,
) -> Prepared:
    """One station's warm-up (fixed, or the first of :data:`~corridor.sim.warmup.STEPS` after
    which MSER-5 finds its queue settled in replication 0) and its replication 0."""
    steps = STEPS if settings.warmup_days is None else (settings.warmup_days,)
    for w in steps:
        job = job_for(plans[0], index, pre, w, days)
        rng = np.random.default_rng([settings.seed, 0, job.stream])
        run = simulate_crossing(job.station, job.rate, job.shares, rng)
        ok = settings.warmup_days is not None or settled(daily_queue(run, 0.0, w * 24.0))
        if ok or w == steps[-1]:
            jobs = (
                job,
                *(job if p is plans[0] else job_for(p, index, pre, w, days) for p in plans[1:]),
            )
            return Prepared(jobs, w, measure(job, run, rng, detail=detail), ok)
    raise AssertionError("unreachable: the last step always returns")


def station_jobs(resolved: ResolvedScenario, settings: RunSettings) -> list[tuple[Job, ...]]:
    """Every running crossing direction of the scenario, ready to run (warm-ups chosen): its
    job for each replication."""
    return [p.jobs for p in prepare(resolved, settings)]


def _mean_series(runs: list[dict[str, Any]], name: str) -> tuple[float, ...]:
    series = [np.asarray(r[name], dtype=np.float64) for r in runs if name in r]
    if not series:
        return ()
    return tuple(round(float(q), 3) for q in np.atleast_1d(np.mean(series, axis=0)))


def _mean_times(runs: list[dict[str, Any]]) -> tuple[float | None, ...]:
    series = [np.asarray(r["crossing_time_by_day"], dtype=np.float64) for r in runs]
    if not series:
        return ()
    stacked = np.vstack(series)
    seen = ~np.isnan(stacked)
    count = seen.sum(axis=0)
    total = np.where(seen, stacked, 0.0).sum(axis=0)
    return tuple(round(float(t / c), 3) if c else None for t, c in zip(total, count, strict=True))


def summarise(
    job: Job,
    runs: list[dict[str, Any]],
    *,
    warmup_days: int = 0,
    settled: bool = True,
    jobs: tuple[Job, ...] = (),
) -> StationResult:
    """The replications of one station as means with 95 % intervals, and its overload; its
    arrivals are the mean of the replications' ``jobs`` (their demand may be drawn), else
    ``job``'s."""
    d, spec = job.demand, job.station
    w0, w1 = int(job.window[0]), int(job.window[1])
    days = (w1 - w0) / 24.0
    each = jobs if len({id(j) for j in jobs}) > 1 else (job,)  # one plan for all: it alone
    window = slice(w0 // 24, w1 // 24)
    per_job = [
        (float(j.rate[w0:w1].sum()) / days, float((j.rate * j.shares[2])[w0:w1].sum()) / days)
        for j in each
    ]
    arrivals = sum(a for a, _ in per_job) / len(per_job)
    empty = sum(e for _, e in per_job) / len(per_job)
    capacity, post, limit = spec.capacity(empty / arrivals if arrivals else 0.0, window)
    share = None
    if len(each) > 1:
        over = [a > j.station.capacity(e / a if a else 0.0, window)[0] for j, (a, e) in
                zip(each, per_job, strict=True)]  # fmt: skip
        share = sum(over) / len(over)
    overload = None
    if arrivals > capacity:
        growth = confidence_interval([float(r["queue_growth_per_day"]) for r in runs], floor=None)
        end = confidence_interval([float(r["queue_at_end"]) for r in runs])
        overload = Overload(
            post,
            limit,
            arrivals,
            capacity,
            arrivals - capacity,
            growth,
            end,
            end.mean / capacity if capacity > 0 else math.inf,
        )
    names = ALWAYS if overload else METRICS + tuple(f"wait_mean_h_{g}" for g in GROUP_WAITS)
    if overload is None:
        names += tuple(f"{side}_time_mean_h_shipments" for side in ("exit", "entry", "crossing"))
    stats = {
        m: confidence_interval(
            [float(r[m]) for r in runs if m in r],
            floor=None if m == "queue_growth_per_day" else 0.0,
        )
        for m in names
        if any(m in r for r in runs)
    }
    return StationResult(
        d.crossing,
        d.direction,
        d.mode,
        spec.exit.country,
        spec.entry.country,
        arrivals,
        capacity,
        limit,
        post,
        stats,
        _mean_series(runs, "queue_by_day"),
        overload,
        tuple({k: float(v) for k, v in r.items() if isinstance(v, (int, float))} for r in runs),
        warmup_days,
        _mean_series(runs, "exit_queue_by_day"),
        _mean_series(runs, "entry_queue_by_day"),
        _mean_series(runs, "throughput_by_day"),
        _mean_times(runs),
        settled,
        share,
    )


NOTES = (
    "value-hours of delay count bilateral cargo only (transit and empty vehicles carry no value "
    "in the demand file)",
)


def run_scenario(
    resolved: ResolvedScenario,
    settings: RunSettings,
    *,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
    memo: StationMemo | None = None,
) -> SimReport:
    """Simulate every running crossing direction of the scenario (module docstring). Each
    station keeps its replications' statistics (``StationResult.runs``): comparisons pair them.
    ``executor``: where the stations' tasks run (the same numbers serial, pooled or on Ray);
    ``memo``: stations already run, found again instead of run (:mod:`corridor.sim.memo`)."""
    return run_scenarios([resolved], settings, progress=progress, executor=executor, memo=memo)[0]


def run_scenarios(
    resolved: Sequence[ResolvedScenario],
    settings: RunSettings,
    *,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
    memo: StationMemo | None = None,
) -> list[SimReport]:
    """:func:`run_scenario` of several scenarios at once: a station that several of them share
    (the same plans, :func:`~corridor.sim.memo.station_key`) or that ``memo`` holds is run
    once, and the stations' tasks of all of them share the executor (the same numbers as one
    scenario after another)."""
    run = executor or Serial()
    run.start()  # its workers start while the plans are made here
    pre = warmup_span(settings)
    plans = [_plans(r, settings, pre) for r in resolved]
    keys = [[station_key(p, pre, settings) for p in by_station] for by_station in plans]
    found: dict[str, StationResult] = {}
    todo: dict[str, tuple[StationPlan, ...]] = {}
    for by_station, station_keys in zip(plans, keys, strict=True):
        for plan, k in zip(by_station, station_keys, strict=True):
            if k in found or k in todo:
                continue
            hit = memo.get(k) if memo is not None else None
            if hit is not None:
                found[k] = hit
            else:
                todo[k] = plan
    total = len(todo) * settings.replications
    if progress is not None:
        progress(len(todo), total)
    prepared = run.map(
        prepare_task,
        [(plan, i, pre, settings.days, settings) for i, plan in enumerate(todo.values())],
    )
    tasks = [
        (p.jobs[rep], rep, settings.seed, True)
        for p in prepared
        for rep in range(1, settings.replications)
    ]
    rest = iter(run.map(replicate_task, tasks))
    for k, p in zip(todo, prepared, strict=True):
        runs = [p.first, *(next(rest) for _ in range(1, settings.replications))]
        found[k] = summarise(p.job, runs, warmup_days=p.warmup_days, settled=p.settled, jobs=p.jobs)
        if memo is not None:
            memo.put(k, found[k])
    if progress is not None:
        progress(total, total)
    return [
        _report(r, settings, tuple(found[k] for k in station_keys))
        for r, station_keys in zip(resolved, keys, strict=True)
    ]


def _plans(
    resolved: ResolvedScenario, settings: RunSettings, pre: int
) -> list[tuple[StationPlan, ...]]:
    """Each running station's plans (one per replication), ``pre`` days before the measured
    ones."""
    return plans_by_replication(
        timeline_of(resolved),
        resolved.start - dt.timedelta(days=pre),
        pre + settings.days,
        main_day=resolved.as_of,
        seed=settings.seed,
        reps=settings.replications,
        levels=settings.levels,
    )


def _report(
    resolved: ResolvedScenario, settings: RunSettings, stations: tuple[StationResult, ...]
) -> SimReport:
    """The scenario's run from its stations' results, with its notes."""
    notes = list(NOTES) + list(resolved.notes)
    net = resolved.network

    def way(direction: str) -> str:  # "KAZ→CHN", which every face names
        return f"{net.departing(direction)}→{net.receiving(direction)}"

    unsettled = [f"{s.crossing} {way(s.direction)}" for s in stations if not s.warmup_settled]
    if unsettled:
        notes.append(
            f"{', '.join(unsettled)}: the queue had not settled after the longest warm-up "
            f"({STEPS[-1]} days, MSER-5): the first measured days still depend on the start"
        )
    for s in stations:
        if s.overload is not None:
            o = s.overload
            notes.append(
                f"{s.crossing} {way(s.direction)}: overloaded at {o.post} post ({o.limited_by}): "
                f"{o.arrivals_per_day:,.1f} vehicles a day arrive, {o.capacity_per_day:,.1f} can "
                f"be cleared; the queue grows by about {o.queue_growth_per_day.mean:,.0f} a day"
            )
    return SimReport(
        resolved.name,
        resolved.digest,
        settings,
        resolved.trade_year,
        resolved.as_of.isoformat(),
        resolved.start.isoformat(),
        stations,
        tuple(notes),
    )
