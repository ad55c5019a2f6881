"""One direction of a crossing as two posts in series: exit, then entry, day by day.

A vehicle arrives at the departing country's post (the *exit* stage), queues for a lane, is
served, then dwells (documents, release; cargo transloaded where the post transloads) without
holding a lane, and arrives at the receiving country's post (the *entry* stage): a lane, service
with the importing side's inspections, for rail the gauge change behind the yard, then that post's
dwell. A daily limit of either post (the receiving side accepting so many a day, the departing side
releasing so many) caps the services started at the exit stage each day, so the queue forms before
the exit post, where the vehicles wait.

**A schedule of numbers.** Everything that can change from day to day is an array over the run's
days: each post's open hours (hour by hour), its lanes, its daily limit, the gauge change's trains
a day. The engine takes those numbers and never a date or a file (they are built by
:mod:`corridor.network.schedule` from the network in force on each day and the events).

Kinds of vehicle (:data:`corridor.network.demand.KINDS`): loaded farm goods (priority where a post
has a green lane; SPS inspections), other loaded vehicles (risk-based inspections; transloaded
where a post transloads), empty vehicles going back (no inspection, no transload, no gauge
change), transit vehicles (no transload) and commodity vehicles driven across (the loaded
vehicles' inspections, no transload).

**Variability.** Service, dwell, transload and gauge-change times are lognormal with the file's
means and the stage's coefficient of variation (``service_cv``, ``dwell_cv``), or exponential where
none is given (the queueing-theory tests); inspection times are exponential. A stage's
``service_hours`` is the mean *including* its inspections (it is derived from published
throughput), so inspected vehicles take longer and the others correspondingly less. Road vehicles
arrive as a Poisson stream; trains run to an exchange plan (``arrivals: scheduled``): the day's
expected trains are spread evenly along the arrival intensity, each a little early or late.

All randomness comes from the ``numpy.random.Generator`` passed in (seeded by the caller); the
queues run in the compiled kernels (:mod:`corridor.sim._kernel`, :mod:`corridor.sim._tandem`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from corridor.errors import ScenarioError
from corridor.sim._memory import keep_freed_memory
from corridor.sim.station import poisson_arrivals, scheduled_arrivals

AGRI, LOADED, EMPTY, TRANSIT, COMMODITY = range(5)
Arrivals = Literal["poisson", "scheduled"]


def by_day(value: float | np.ndarray, days: int, dtype: Any = np.float64) -> np.ndarray:
    """A figure as an array over ``days`` days (a single number repeated)."""
    arr = np.asarray(value, dtype=dtype)
    if arr.ndim == 0:
        return np.full(days, arr, dtype=dtype)
    if arr.shape[0] != days:
        raise ValueError(f"{arr.shape[0]} values for {days} days")
    return arr


def _hours_by_day(open_hours: np.ndarray) -> np.ndarray:
    days = -(-open_hours.shape[0] // 24)
    padded = np.zeros(days * 24, dtype=np.float64)
    padded[: open_hours.shape[0]] = open_hours
    out: np.ndarray = padded.reshape(days, 24).sum(axis=1)
    return out


@dataclass(frozen=True)
class StageSpec:
    """What the engine needs of one post in one direction, day by day."""

    country: str
    post: str
    servers: int  # lanes on the busiest day: the engine's lanes
    service_hours: float
    open_hours: np.ndarray  # hour by hour over the horizon
    priority_for_agri: bool
    dwell_hours: float
    limit_by_day: np.ndarray  # vehicles a day this post lets through (inf: none)
    transload_share: float
    transload_hours: float
    agri_inspection: tuple[float, float]  # (share inspected, hours)
    other_inspection: tuple[float, float]
    lanes_by_day: np.ndarray  # lanes open each day (at most ``servers``)
    gauge_by_day: np.ndarray | None = None  # rail entry: trains a day the gauge change clears
    yard_trains: int | None = None  # rail entry: trains the yard holds (None: no limit known)
    service_cv: float | None = None  # None: exponential
    dwell_cv: float | None = None
    #: by day: the service (dwell) mean in force that day over ``service_hours``
    #: (``dwell_hours``), applied by the day a vehicle arrives (None: 1 every day)
    service_scale: np.ndarray | None = None
    dwell_scale: np.ndarray | None = None
    #: rail: trains a day the approach line on this post's side carries each way (None: no
    #: limit known)
    line_by_day: np.ndarray | None = None

    @classmethod
    def plain(
        cls, country: str, servers: int, service_hours: float, open_hours: np.ndarray, **kw: Any
    ) -> StageSpec:
        """A stage with only lanes, service and hours (no dwell, limit, transload, inspection,
        gauge change) unless ``kw`` sets them (``daily_limit`` and ``gauge_per_day`` as one
        number or one a day): for tests, benchmarks and what-ifs."""
        days = -(-open_hours.shape[0] // 24)
        limit = kw.pop("daily_limit", np.inf)
        gauge = kw.pop("gauge_per_day", None)
        base: dict[str, Any] = {
            "country": country,
            "post": country,
            "servers": servers,
            "service_hours": service_hours,
            "open_hours": open_hours,
            "priority_for_agri": False,
            "dwell_hours": 0.0,
            "limit_by_day": by_day(limit, days),
            "transload_share": 0.0,
            "transload_hours": 0.0,
            "agri_inspection": (0.0, 0.0),
            "other_inspection": (0.0, 0.0),
            "lanes_by_day": by_day(kw.pop("lanes_by_day", servers), days, np.int64),
            "gauge_by_day": None if gauge is None else by_day(gauge, days),
        }
        base.update(kw)
        return cls(**base)

    @property
    def days(self) -> int:
        return int(self.lanes_by_day.shape[0])

    @property
    def open_share(self) -> float:
        return float(self.open_hours.mean()) if self.open_hours.size else 0.0

    def lane_capacity_by_day(self) -> np.ndarray:
        """Vehicles a day the open lanes clear, day by day."""
        out: np.ndarray = _hours_by_day(self.open_hours) * self.lanes_by_day / self.service_hours
        return out

    def lane_capacity_per_day(self, days: slice | None = None) -> float:
        """Vehicles a day the lanes clear, on average over ``days`` (all by default)."""
        cap = self.lane_capacity_by_day()[days if days is not None else slice(None)]
        return float(cap.mean()) if cap.size else 0.0

    def days_from(self, first: int) -> StageSpec:
        """The stage from day ``first`` of its horizon on (a shorter warm-up)."""
        from dataclasses import replace

        def cut(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else a[first:]

        return replace(
            self,
            open_hours=self.open_hours[first * 24 :],
            limit_by_day=self.limit_by_day[first:],
            lanes_by_day=self.lanes_by_day[first:],
            gauge_by_day=cut(self.gauge_by_day),
            service_scale=cut(self.service_scale),
            dwell_scale=cut(self.dwell_scale),
            line_by_day=cut(self.line_by_day),
        )

    def lane_hours(self, days: slice) -> float:
        """Lane-hours open over ``days`` (the denominator of utilisation)."""
        return float((_hours_by_day(self.open_hours) * self.lanes_by_day)[days].sum())


@dataclass(frozen=True)
class StationSpec:
    """Both posts of one crossing direction over a run's horizon, and how vehicles arrive."""

    crossing: str
    direction: str
    mode: str
    exit: StageSpec
    entry: StageSpec
    arrivals: Arrivals = "poisson"
    jitter_hours: float = 0.0  # scheduled arrivals: each train up to this early or late
    notes: tuple[str, ...] = field(default=())

    def days_from(self, first: int) -> StationSpec:
        """Both posts from day ``first`` of the horizon on."""
        from dataclasses import replace

        return replace(self, exit=self.exit.days_from(first), entry=self.entry.days_from(first))

    @property
    def limit_by_day(self) -> np.ndarray:
        """The limit applied at the exit stage each day: the smallest of both posts' limits and
        of the approach lines on both sides (trains a day each way)."""
        out: np.ndarray = np.minimum(self.exit.limit_by_day, self.entry.limit_by_day)
        for line in (self.exit.line_by_day, self.entry.line_by_day):
            if line is not None:
                out = np.minimum(out, line)
        return out

    @property
    def daily_limit(self) -> float:
        """The tightest daily limit over the horizon (inf: none)."""
        return float(self.limit_by_day.min()) if self.limit_by_day.size else np.inf

    def capacity_by_day(self, empty_share: float) -> tuple[np.ndarray, np.ndarray]:
        """Vehicles a day the direction can clear, day by day, and which constraint binds
        each day (an index into :data:`LIMITS`)."""
        options = [
            self.exit.lane_capacity_by_day(),
            self.entry.lane_capacity_by_day(),
            self.exit.limit_by_day,
            self.entry.limit_by_day,
        ]
        if self.entry.gauge_by_day is not None:
            # empty trains skip the gauge change: it limits the others only
            options.append(self.entry.gauge_by_day / max(1.0 - empty_share, 1e-9))
        else:
            options.append(np.full(self.exit.days, np.inf))
        for stage in (self.exit, self.entry):
            line = stage.line_by_day
            options.append(np.full(stage.days, np.inf) if line is None else line)
        stacked = np.vstack(options)
        return stacked.min(axis=0), stacked.argmin(axis=0)

    def capacity(self, empty_share: float, days: slice | None = None) -> tuple[float, str, str]:
        """Vehicles a day the direction can clear on average over ``days``, which post and
        what limits it most often."""
        cap, which = self.capacity_by_day(empty_share)
        sel = days if days is not None else slice(None)
        cap, which = cap[sel], which[sel]
        if not cap.size:
            return 0.0, self.exit.country, LIMITS[0][1]
        binding = int(np.bincount(which, minlength=len(LIMITS)).argmax())
        side, name = LIMITS[binding]
        country = self.exit.country if side == "exit" else self.entry.country
        return float(cap.mean()), country, name


#: what can bind a direction, in the order of :meth:`StationSpec.capacity_by_day`
LIMITS = (
    ("exit", "lanes and hours"),
    ("entry", "lanes and hours"),
    ("exit", "daily limit"),
    ("entry", "daily acceptance limit"),
    ("entry", "gauge change"),
    ("exit", "approach line"),
    ("entry", "approach line"),
)


@dataclass(frozen=True)
class CrossingRun:
    """Per vehicle, the times of one replication (hours from the horizon's start; −1: not
    reached by the horizon)."""

    arrivals: np.ndarray
    kinds: np.ndarray
    exit_start: np.ndarray
    exit_end: np.ndarray  # end of the exit lane's service
    exit_leave: np.ndarray
    entry_arrival: np.ndarray
    entry_start: np.ndarray  # start of service at the entry lanes (rail: border tracks)
    entry_end: np.ndarray  # end of that service
    entry_leave: np.ndarray
    yard_in: np.ndarray  # rail: end of the border tracks (−1: none, or no gauge change)
    yard_out: np.ndarray  # rail: start of the gauge change
    horizon: float
    yard_full_hours: float = 0.0


def stable_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")``, faster: the default sort, and the stable one only
    when two values are equal (only then can the two orders differ)."""
    idx = np.argsort(values)
    v = values[idx]
    if v.shape[0] > 1 and bool((v[1:] == v[:-1]).any()):
        return np.argsort(values, kind="stable")
    return idx


def lognormal(rng: np.random.Generator, mean: float, cv: float | None, n: int) -> np.ndarray:
    """``n`` times with this mean: lognormal with coefficient of variation ``cv``, exponential
    when ``cv`` is None."""
    if n == 0 or mean <= 0:
        return np.zeros(n)
    if cv is None:
        return np.asarray(rng.exponential(mean, n), dtype=np.float64)
    if cv <= 0:
        return np.full(n, float(mean))
    sigma2 = float(np.log1p(cv * cv))
    mu = float(np.log(mean)) - sigma2 / 2
    # the draws of ``rng.lognormal(mu, sigma, n)`` (one standard normal each), in place
    out = np.asarray(rng.standard_normal(n), dtype=np.float64)
    out *= np.sqrt(sigma2)
    out += mu
    return np.exp(out, out=out)


def _services(stage: StageSpec, kinds: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Service times at a stage: the mean includes the inspections of loaded vehicles."""
    n = kinds.shape[0]
    agri = kinds == AGRI
    loaded = (kinds == LOADED) | (kinds == COMMODITY)
    (rate_a, hours_a), (rate_o, hours_o) = stage.agri_inspection, stage.other_inspection
    share_a = float(agri.mean()) if n else 0.0
    share_o = float(loaded.mean()) if n else 0.0
    extra = share_a * rate_a * hours_a + share_o * rate_o * hours_o
    if extra >= stage.service_hours:
        raise ScenarioError(
            f"{stage.post}: inspections alone take {extra:.2f} h a vehicle on average, more "
            f"than the {stage.service_hours:.2f} h mean service time"
        )
    services = lognormal(rng, stage.service_hours - extra, stage.service_cv, n)
    for mask, rate, hours in ((agri, rate_a, hours_a), (loaded, rate_o, hours_o)):
        if hours and rate:
            inspected = np.asarray(mask & (rng.random(n) < rate), dtype=np.bool_)
            services[inspected] += rng.exponential(hours, int(inspected.sum()))
    return services


def _post_delay(stage: StageSpec, kinds: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Dwell of every vehicle, plus transload of the loaded vehicles concerned."""
    n = kinds.shape[0]
    delay = lognormal(rng, stage.dwell_hours, stage.dwell_cv, n)
    if stage.transload_share > 0 and stage.transload_hours > 0:
        moved = ((kinds == AGRI) | (kinds == LOADED)) & (rng.random(n) < stage.transload_share)
        delay[moved] += lognormal(rng, stage.transload_hours, stage.dwell_cv, int(moved.sum()))
    return delay


@dataclass(frozen=True)
class CrossingInputs:
    """Everything random about one replication, drawn before the queues run: arrivals, kinds,
    service times at both posts, each post's delay (dwell and transload) and the gauge change's
    work per train (in days of the exchange: multiplied by 24 h / trains a day of the day it
    starts)."""

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
    """Arrivals at ``rate_per_hour`` (Poisson, or to a plan: module docstring); each vehicle's
    kind drawn from that hour's ``shares`` (rows: agri, loaded, empty, transit); every time
    drawn."""
    if rate_per_hour.shape != spec.exit.open_hours.shape:
        raise ValueError("one arrival rate per hour of the horizon")
    if spec.arrivals == "scheduled":
        arrivals = scheduled_arrivals(rng, rate_per_hour, spec.jitter_hours)
    else:
        arrivals = poisson_arrivals(rng, rate_per_hour)
    n = arrivals.shape[0]
    from corridor.sim._kernel import kinds_of

    hour = np.minimum(arrivals.astype(np.int64), rate_per_hour.shape[0] - 1)
    u = np.asarray(rng.random(n), dtype=np.float64)
    kinds = kinds_of(u, hour, np.ascontiguousarray(np.cumsum(shares, axis=0), dtype=np.float64))
    day = np.minimum(arrivals // 24.0, spec.exit.days - 1).astype(np.int64)

    def scaled(values: np.ndarray, scale: np.ndarray | None) -> np.ndarray:
        return values if scale is None else values * scale[day]

    service1 = scaled(
        lognormal(rng, spec.exit.service_hours, spec.exit.service_cv, n), spec.exit.service_scale
    )
    delay1 = scaled(_post_delay(spec.exit, kinds, rng), spec.exit.dwell_scale)
    service2 = scaled(_services(spec.entry, kinds, rng), spec.entry.service_scale)
    delay2 = scaled(_post_delay(spec.entry, kinds, rng), spec.entry.dwell_scale)
    gauge = (
        lognormal(rng, 1.0, spec.entry.service_cv, n)
        if spec.entry.gauge_by_day is not None
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
    from corridor.sim._kernel import allowances, next_open_table, run_queue
    from corridor.sim._tandem import run_tandem

    keep_freed_memory()  # once per process: the next run reuses these arrays' memory

    horizon = float(spec.exit.open_hours.shape[0])
    arrivals, kinds = inputs.arrivals, inputs.kinds
    n = arrivals.shape[0]
    ex, en = spec.exit, spec.entry
    s1 = inputs.service1
    c1 = np.where((kinds == AGRI) & ex.priority_for_agri, 0, 1).astype(np.int64)
    start1, _, _ = run_queue(
        arrivals,
        c1,
        s1,
        ex.servers,
        2,
        next_open_table(ex.open_hours),
        horizon,
        allowances(spec.limit_by_day),
        np.ascontiguousarray(ex.lanes_by_day, dtype=np.int64),
    )
    done1 = start1 >= 0
    end1 = np.where(done1, start1 + s1, -1.0)
    leave1 = np.where(done1, end1 + inputs.delay1, -1.0)

    # entry post: the vehicles that left the exit post, in the order they arrive
    came = np.flatnonzero(done1 & (leave1 <= horizon))
    order = came[stable_order(leave1[came])]
    arr2 = np.ascontiguousarray(leave1[order])
    k2 = kinds[order]
    s2 = np.ascontiguousarray(inputs.service2[order])
    c2 = np.where((k2 == AGRI) & en.priority_for_agri, 0, 1).astype(np.int64)
    lanes2 = np.ascontiguousarray(en.lanes_by_day, dtype=np.int64)
    yard_full = 0.0
    yard_in2 = np.full(order.shape[0], -1.0)
    yard_out2 = np.full(order.shape[0], -1.0)
    if en.gauge_by_day is not None:
        skip = np.ascontiguousarray(k2 == EMPTY)
        yard = en.yard_trains if en.yard_trains is not None else 2**62
        st1, e1, st2, e2, yard_full = run_tandem(
            arr2,
            c2,
            s2,
            np.ascontiguousarray(inputs.gauge[order]),
            en.servers,
            1,
            yard,
            2,
            next_open_table(en.open_hours),
            horizon,
            skip,
            lanes2,
            np.ascontiguousarray(24.0 / np.maximum(en.gauge_by_day, 1e-9)),
        )
        start2, service_end2, finish2 = st1, e1, e2
        gauged = (st2 >= 0) & ~skip
        yard_in2 = np.where(gauged | ((e1 >= 0) & ~skip), e1, -1.0)
        yard_out2 = np.where(gauged, st2, -1.0)
    else:
        st1, _, _ = run_queue(
            arr2,
            c2,
            s2,
            en.servers,
            2,
            next_open_table(en.open_hours),
            horizon,
            np.full(en.days, -1, dtype=np.int64),
            lanes2,
        )
        start2 = st1
        service_end2 = np.where(st1 >= 0, st1 + s2, -1.0)
        finish2 = service_end2
    leave2 = np.where(finish2 >= 0, finish2 + inputs.delay2[order], -1.0)

    def scatter(values: np.ndarray) -> np.ndarray:
        out = np.full(n, -1.0)
        out[order] = values
        return out

    return CrossingRun(
        arrivals,
        kinds,
        start1,
        end1,
        leave1,
        scatter(arr2),
        scatter(start2),
        scatter(service_end2),
        scatter(leave2),
        scatter(yard_in2),
        scatter(yard_out2),
        horizon,
        float(yard_full),
    )
