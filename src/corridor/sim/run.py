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

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from corridor.network.scenario import ResolvedScenario
from corridor.sim.crossing import station_spec
from corridor.sim.replication import ALWAYS, GROUP_WAITS, METRICS, Job, replicate
from corridor.sim.settings import RunSettings
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
            "overload": None if self.overload is None else asdict(self.overload),
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
        data = asdict(self)
        data["stations"] = [s.flat() for s in self.stations]
        return data

    @property
    def overloaded(self) -> tuple[StationResult, ...]:
        return tuple(s for s in self.stations if s.overload is not None)

    def to_json(self) -> str:
        """The whole run, kept (with its settings) to be read back by :meth:`from_json`."""
        return json.dumps(asdict(self), default=list)

    @classmethod
    def from_json(cls, text: str) -> SimReport:
        data = json.loads(text)

        def estimate(e: Any) -> Estimate:
            return Estimate(*e) if isinstance(e, list) else Estimate(**e)

        stations = []
        for st in data["stations"]:
            overload = st.pop("overload")
            if overload is not None:
                overload["queue_growth_per_day"] = estimate(overload["queue_growth_per_day"])
                overload["queue_at_end"] = estimate(overload["queue_at_end"])
                overload = Overload(**overload)
            stations.append(
                StationResult(
                    **{
                        **st,
                        "stats": {k: estimate(v) for k, v in st["stats"].items()},
                        "queue_by_day": tuple(st["queue_by_day"]),
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


def confidence_interval(values: list[float], *, floor: float | None = 0.0) -> Estimate:
    """Mean and 95 % Student-t interval (cut at ``floor``: most statistics are non-negative)."""
    arr = np.asarray(values, dtype=np.float64)
    mean = float(arr.mean())
    if arr.shape[0] < 2 or float(arr.std(ddof=1)) == 0:
        return Estimate(mean, mean, mean)
    half = t_ppf(0.975, arr.shape[0] - 1) * float(arr.std(ddof=1)) / math.sqrt(arr.shape[0])
    low = mean - half if floor is None else max(floor, mean - half)
    return Estimate(mean, low, mean + half)


def station_jobs(resolved: ResolvedScenario, settings: RunSettings) -> list[Job]:
    """Every running crossing direction of the scenario with demand, in the demand's order.

    The horizon is the warm-up then the measured days, from ``warmup_days`` before the
    scenario's start."""
    import datetime as dt

    network, spec = resolved.network, resolved.demand
    first = resolved.start - dt.timedelta(days=settings.warmup_days)
    total = settings.warmup_days + settings.days
    running = {c.id for c in network.running()}
    jobs: list[Job] = []
    for d in resolved.stations:
        if d.crossing not in running:
            continue
        st = station_spec(
            network,
            network.crossing(d.crossing),
            d.direction,
            start=first,
            days=total,
            wagons_per_train=spec.loads.wagons_per_train.value,
        )
        rate, shares = d.hourly_rates(spec, first, total)
        window = (settings.warmup_days * 24.0, total * 24.0)
        jobs.append(Job(len(jobs), d, st, rate, shares, window))
    return jobs


def summarise(job: Job, runs: list[dict[str, Any]]) -> StationResult:
    """The replications of one station as means with 95 % intervals, and its overload."""
    d, spec = job.demand, job.station
    w0, w1 = int(job.window[0]), int(job.window[1])
    days = (w1 - w0) / 24.0
    arrivals = float(job.rate[w0:w1].sum()) / days
    empty = float((job.rate * job.shares[2])[w0:w1].sum()) / days
    capacity, post, limit = spec.capacity(empty / arrivals if arrivals else 0.0)
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
    queue = np.mean([r["queue_by_day"] for r in runs], axis=0)
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
        tuple(round(float(q), 3) for q in np.atleast_1d(queue)),
        overload,
        tuple({k: float(v) for k, v in r.items() if isinstance(v, (int, float))} for r in runs),
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
) -> SimReport:
    """Simulate every running crossing direction of the scenario (module docstring). Each
    station keeps its replications' statistics (``StationResult.runs``): comparisons pair them."""
    jobs = station_jobs(resolved, settings)
    total = len(jobs) * settings.replications
    done = 0
    stations = []
    for job in jobs:
        runs = []
        for rep in range(settings.replications):
            runs.append(replicate(job, rep, settings.seed))
            done += 1
            if progress is not None:
                progress(done, total)
        stations.append(summarise(job, runs))
    notes = list(NOTES) + list(resolved.notes)
    for s in stations:
        if s.overload is not None:
            o = s.overload
            notes.append(
                f"{s.crossing} {s.direction}: overloaded at the {o.post} post ({o.limited_by}): "
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
        tuple(stations),
        tuple(notes),
    )
