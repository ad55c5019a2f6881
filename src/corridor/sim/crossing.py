"""One direction of a crossing as two posts in series: exit, then entry.

A vehicle arrives at the departing country's post (the *exit* stage), queues for a lane, is
served, then dwells (documents, release; cargo transloaded where the post transloads) without
holding a lane, and arrives at the receiving country's post (the *entry* stage): a lane, service
with the importing side's inspections, for rail the gauge change behind the yard, then that post's
dwell. A daily limit of either post (the receiving side accepting so many a day, the departing side
releasing so many) caps the services started at the exit stage each day, so the queue forms before
the exit post, where the vehicles wait.

Kinds of vehicle (:data:`corridor.network.demand.KINDS`): loaded farm goods (priority where a post
has a green lane; SPS inspections), other loaded vehicles (risk-based inspections; transloaded
where a post transloads), empty vehicles going back (no inspection, no transload, no gauge
change) and transit vehicles (no transload).

All randomness comes from the ``numpy.random.Generator`` passed in (seeded by the caller); the
queues run in the compiled kernels (:mod:`corridor.sim._kernel`, :mod:`corridor.sim._tandem`).
Service, dwell, transload, inspection and gauge-change times are exponential with the file's
means; a stage's ``service_hours`` is the mean *including* its inspections (it is derived from
published throughput), so inspected vehicles take longer and the others correspondingly less.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.errors import ScenarioError
from corridor.network.model import Crossing, Network, Post
from corridor.sim.station import open_hours, poisson_arrivals

AGRI, LOADED, EMPTY, TRANSIT = range(4)


@dataclass(frozen=True)
class StageSpec:
    """What the engine needs of one post in one direction."""

    country: str
    post: str
    servers: int
    service_hours: float
    open_hours: np.ndarray
    priority_for_agri: bool
    dwell_hours: float
    daily_limit: float  # vehicles a day this post lets through (inf: none)
    transload_share: float
    transload_hours: float
    agri_inspection: tuple[float, float]  # (share inspected, hours)
    other_inspection: tuple[float, float]
    gauge_per_day: float | None = None  # rail entry: trains a day the gauge change clears
    yard_trains: int | None = None  # rail entry: trains the yard holds

    @classmethod
    def plain(
        cls, country: str, servers: int, service_hours: float, open_hours: np.ndarray, **kw: Any
    ) -> StageSpec:
        """A stage with only lanes, service and hours (no dwell, limit, transload, inspection,
        gauge change) unless ``kw`` sets them: for tests, benchmarks and what-ifs."""
        base: dict[str, Any] = {
            "country": country,
            "post": country,
            "servers": servers,
            "service_hours": service_hours,
            "open_hours": open_hours,
            "priority_for_agri": False,
            "dwell_hours": 0.0,
            "daily_limit": np.inf,
            "transload_share": 0.0,
            "transload_hours": 0.0,
            "agri_inspection": (0.0, 0.0),
            "other_inspection": (0.0, 0.0),
        }
        base.update(kw)
        return cls(**base)

    @property
    def open_share(self) -> float:
        return float(self.open_hours.mean()) if self.open_hours.size else 0.0

    def lane_capacity_per_day(self) -> float:
        """Vehicles a day the lanes clear, on average over the run's open hours."""
        return self.servers * 24.0 * self.open_share / self.service_hours


@dataclass(frozen=True)
class StationSpec:
    """Both posts of one crossing direction over a run's horizon."""

    crossing: str
    direction: str
    mode: str
    exit: StageSpec
    entry: StageSpec

    @property
    def daily_limit(self) -> float:
        """The limit applied at the exit stage: the smaller of both posts' limits (inf: none)."""
        return min(self.exit.daily_limit, self.entry.daily_limit)

    def capacity(self, empty_share: float) -> tuple[float, str, str]:
        """Vehicles a day the direction can clear, which post and what limits it."""
        options = [
            (self.exit.lane_capacity_per_day(), self.exit.country, "lanes and hours"),
            (self.entry.lane_capacity_per_day(), self.entry.country, "lanes and hours"),
        ]
        if self.exit.daily_limit < np.inf:
            options.append((self.exit.daily_limit, self.exit.country, "daily limit"))
        if self.entry.daily_limit < np.inf:
            options.append((self.entry.daily_limit, self.entry.country, "daily acceptance limit"))
        if self.entry.gauge_per_day is not None:
            # empty trains skip the gauge change: it limits the others only
            gauge = self.entry.gauge_per_day / max(1.0 - empty_share, 1e-9)
            options.append((gauge, self.entry.country, "gauge change"))
        return min(options)


def _stage(
    crossing: Crossing, post: Post, country: str, side: str, hours: np.ndarray, train: float
) -> StageSpec:
    stage = post.stage("outbound" if side == "exit" else "inbound")

    def inspection(group: str) -> tuple[float, float]:
        spec = post.inspections.get(group)  # type: ignore[call-overload]
        if spec is None or side == "exit":  # the importing side inspects, on entry
            return (0.0, 0.0)
        return (spec.rate.value, spec.hours.value)

    gauge = stage.gauge_change if side == "entry" and crossing.mode == "rail" else None
    return StageSpec(
        country=country,
        post=crossing.sides[country],
        servers=int(stage.lanes.value),
        service_hours=stage.service_hours.value,
        open_hours=hours,
        priority_for_agri=stage.green_lanes is not None and stage.green_lanes.value > 0,
        dwell_hours=stage.dwell_hours.value if stage.dwell_hours is not None else 0.0,
        daily_limit=stage.daily_limit.value if stage.daily_limit is not None else np.inf,
        transload_share=stage.transload.share.value if stage.transload is not None else 0.0,
        transload_hours=stage.transload.hours.value if stage.transload is not None else 0.0,
        agri_inspection=inspection("agri"),
        other_inspection=inspection("general"),
        gauge_per_day=None if gauge is None else gauge.trains_per_day.value,
        yard_trains=None if gauge is None else max(1, int(gauge.yard_wagons.value // train)),
    )


def _hours(post: Post, days: int, start: dt.date) -> np.ndarray:
    sched = post.schedule
    opens = sched.opens_at.value if sched.opens_at is not None else 9
    return open_hours(
        days=days,
        hours_per_day=sched.hours_per_day.value,
        days_per_week=int(sched.days_per_week.value),
        opens_at=int(opens),
        holidays=sched.holidays,
        start=start,
    )


def station_spec(
    network: Network,
    crossing: Crossing,
    direction: str,
    *,
    start: dt.date,
    days: int,
    wagons_per_train: float = 57.0,
) -> StationSpec:
    """Both posts of one direction of a crossing, over ``days`` days from ``start``."""
    if not crossing.enabled or not crossing.posts:
        raise ScenarioError(f"{crossing.id} is not enabled")
    if direction not in ("a_to_b", "b_to_a"):
        raise ScenarioError(f"{crossing.id} has no direction {direction!r}")
    leaving, entering = network.departing(direction), network.receiving(direction)
    out_post, in_post = crossing.posts[leaving], crossing.posts[entering]
    return StationSpec(
        crossing.id,
        direction,
        crossing.mode,
        _stage(
            crossing, out_post, leaving, "exit", _hours(out_post, days, start), wagons_per_train
        ),
        _stage(
            crossing, in_post, entering, "entry", _hours(in_post, days, start), wagons_per_train
        ),
    )


@dataclass(frozen=True)
class CrossingRun:
    """Per vehicle, the times of one replication (hours from the horizon's start; −1: not
    reached by the horizon)."""

    arrivals: np.ndarray
    kinds: np.ndarray
    exit_start: np.ndarray
    exit_leave: np.ndarray
    entry_arrival: np.ndarray
    entry_start: np.ndarray  # start of service at the entry lanes
    entry_leave: np.ndarray
    yard_in: np.ndarray  # rail: end of the border tracks (−1: none, or no gauge change)
    yard_out: np.ndarray  # rail: start of the gauge change
    exit_busy_hours: float
    entry_busy_hours: float
    horizon: float
    yard_full_hours: float = 0.0


def _services(stage: StageSpec, kinds: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Service times at a stage: the mean includes the inspections of loaded vehicles."""
    n = kinds.shape[0]
    agri = kinds == AGRI
    loaded = kinds == LOADED
    (rate_a, hours_a), (rate_o, hours_o) = stage.agri_inspection, stage.other_inspection
    share_a = float(agri.mean()) if n else 0.0
    share_o = float(loaded.mean()) if n else 0.0
    extra = share_a * rate_a * hours_a + share_o * rate_o * hours_o
    if extra >= stage.service_hours:
        raise ScenarioError(
            f"{stage.post}: inspections alone take {extra:.2f} h a vehicle on average, more "
            f"than the {stage.service_hours:.2f} h mean service time"
        )
    services = np.asarray(rng.exponential(stage.service_hours - extra, n), dtype=np.float64)
    for mask, rate, hours in ((agri, rate_a, hours_a), (loaded, rate_o, hours_o)):
        if hours and rate:
            inspected = np.asarray(mask & (rng.random(n) < rate), dtype=np.bool_)
            services[inspected] += rng.exponential(hours, int(inspected.sum()))
    return services


def _post_delay(stage: StageSpec, kinds: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Dwell of every vehicle, plus transload of the loaded vehicles concerned."""
    n = kinds.shape[0]
    delay = (
        np.asarray(rng.exponential(stage.dwell_hours, n), dtype=np.float64)
        if stage.dwell_hours > 0
        else np.zeros(n)
    )
    if stage.transload_share > 0 and stage.transload_hours > 0:
        moved = ((kinds == AGRI) | (kinds == LOADED)) & (rng.random(n) < stage.transload_share)
        delay[moved] += rng.exponential(stage.transload_hours, int(moved.sum()))
    return delay


@dataclass(frozen=True)
class CrossingInputs:
    """Everything random about one replication, drawn before the queues run: arrivals, kinds,
    service times at both posts, each post's delay (dwell and transload) and gauge times."""

    arrivals: np.ndarray
    kinds: np.ndarray
    service1: np.ndarray
    delay1: np.ndarray
    service2: np.ndarray
    delay2: np.ndarray
    gauge: np.ndarray


def draw_inputs(
    spec: StationSpec, rate_per_hour: np.ndarray, shares: np.ndarray, rng: np.random.Generator
) -> CrossingInputs:
    """Poisson arrivals at ``rate_per_hour``; each vehicle's kind drawn from that hour's
    ``shares`` (rows: agri, loaded, empty, transit); every time drawn (module docstring)."""
    if rate_per_hour.shape != spec.exit.open_hours.shape:
        raise ValueError("one arrival rate per hour of the horizon")
    arrivals = poisson_arrivals(rng, rate_per_hour)
    n = arrivals.shape[0]
    hour = np.minimum(arrivals.astype(np.int64), rate_per_hour.shape[0] - 1)
    cum = np.cumsum(shares[:, hour], axis=0)
    u = np.asarray(rng.random(n), dtype=np.float64)
    kinds = np.minimum((u[None, :] > cum).sum(axis=0), 3).astype(np.int64)
    service1 = np.asarray(rng.exponential(spec.exit.service_hours, n), dtype=np.float64)
    delay1 = _post_delay(spec.exit, kinds, rng)
    service2 = _services(spec.entry, kinds, rng)
    delay2 = _post_delay(spec.entry, kinds, rng)
    gauge = (
        np.asarray(rng.exponential(24.0 / spec.entry.gauge_per_day, n), dtype=np.float64)
        if spec.entry.gauge_per_day is not None
        else np.zeros(n)
    )
    return CrossingInputs(arrivals, kinds, service1, delay1, service2, delay2, gauge)


def simulate_crossing(
    spec: StationSpec, rate_per_hour: np.ndarray, shares: np.ndarray, rng: np.random.Generator
) -> CrossingRun:
    """One replication: inputs drawn (:func:`draw_inputs`), then both posts run."""
    return run_crossing(spec, draw_inputs(spec, rate_per_hour, shares, rng))


def run_crossing(spec: StationSpec, inputs: CrossingInputs) -> CrossingRun:
    """Both posts on given inputs (no randomness here): the exit post's lanes with its hours and
    the daily limit, the delay, then the entry post (lanes; for rail, tracks, yard and gauge
    change), then its delay."""
    # the compiled kernels: imported here, so that reading a stored run needs no numba
    from corridor.sim._kernel import next_open_table, run_queue
    from corridor.sim._tandem import run_tandem

    horizon = float(spec.exit.open_hours.shape[0])
    arrivals, kinds = inputs.arrivals, inputs.kinds
    n = arrivals.shape[0]
    ex, en = spec.exit, spec.entry
    s1 = inputs.service1
    c1 = np.where((kinds == AGRI) & ex.priority_for_agri, 0, 1).astype(np.int64)
    limit = spec.daily_limit
    start1, _, busy1 = run_queue(
        arrivals,
        c1,
        s1,
        ex.servers,
        2,
        next_open_table(ex.open_hours),
        horizon,
        0.0 if limit == np.inf else float(limit),
    )
    done1 = start1 >= 0
    leave1 = np.where(done1, start1 + s1 + inputs.delay1, -1.0)

    # entry post: the vehicles that left the exit post, in the order they arrive
    came = np.flatnonzero(done1 & (leave1 <= horizon))
    order = came[np.argsort(leave1[came])]
    arr2 = np.ascontiguousarray(leave1[order])
    k2 = kinds[order]
    s2 = np.ascontiguousarray(inputs.service2[order])
    c2 = np.where((k2 == AGRI) & en.priority_for_agri, 0, 1).astype(np.int64)
    yard_full = 0.0
    yard_in2 = np.full(order.shape[0], -1.0)
    yard_out2 = np.full(order.shape[0], -1.0)
    if en.gauge_per_day is not None and en.yard_trains is not None:
        skip = np.ascontiguousarray(k2 == EMPTY)
        st1, e1, st2, e2, yard_full = run_tandem(
            arr2,
            c2,
            s2,
            np.ascontiguousarray(inputs.gauge[order]),
            en.servers,
            1,
            en.yard_trains,
            2,
            next_open_table(en.open_hours),
            horizon,
            skip,
        )
        start2 = st1
        finish2 = e2
        gauged = (st2 >= 0) & ~skip
        yard_in2 = np.where(gauged | ((e1 >= 0) & ~skip), e1, -1.0)
        yard_out2 = np.where(gauged, st2, -1.0)
        border = np.where(st1 >= 0, np.minimum(e1, horizon) - st1, 0.0)
        busy2 = float(np.clip(border, 0, None).sum())
    else:
        st1, _, busy = run_queue(
            arr2, c2, s2, en.servers, 2, next_open_table(en.open_hours), horizon, 0.0
        )
        start2 = st1
        finish2 = np.where(st1 >= 0, st1 + s2, -1.0)
        overrun = np.clip(finish2 - horizon, 0.0, None)[st1 >= 0].sum()
        busy2 = float(busy.sum() - overrun)
    leave2 = np.where(finish2 >= 0, finish2 + inputs.delay2[order], -1.0)

    entry_arrival = np.full(n, -1.0)
    entry_start = np.full(n, -1.0)
    entry_leave = np.full(n, -1.0)
    yard_in = np.full(n, -1.0)
    yard_out = np.full(n, -1.0)
    entry_arrival[order] = arr2
    entry_start[order] = start2
    entry_leave[order] = leave2
    yard_in[order] = yard_in2
    yard_out[order] = yard_out2
    overrun1 = np.clip(np.where(done1, start1 + s1, 0.0) - horizon, 0.0, None).sum()
    return CrossingRun(
        arrivals,
        kinds,
        start1,
        leave1,
        entry_arrival,
        entry_start,
        entry_leave,
        yard_in,
        yard_out,
        float(busy1.sum() - overrun1),
        busy2,
        horizon,
        float(yard_full),
    )
