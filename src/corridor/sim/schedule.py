"""The corridor day by day: each crossing direction's posts and arrivals as arrays over a run's
days, from the network in force on each day, the demand and the events.

What the engine takes (:class:`~corridor.sim.crossing.StationSpec` and the hourly arrival rates)
is built here, once, for every face: a steady year, a replayed month, a validation period.

* **Segments.** The network and demand files hold figures by date (``in_force``, ``history``,
  ``status_history``). The run's days are cut where any of them changes; within a segment the
  network is the one in force on its first day (:meth:`~corridor.network.Network.at`), and the
  demand is the year's trade as vehicles on that network (closed crossings' shares going to the
  others of the mode in proportion).
* **Events** (:mod:`corridor.network.events`) then change single days: a post's hours, lanes,
  acceptance cap, a holiday or a closure, and the arrivals (``demand_factor``). A crossing closed
  by an event sends its arrivals of those days to the nearest crossing of the same mode open
  then (as the crow flies between the crossings' positions), or to the one the event names.
* **Service and dwell** times in force on each day are carried as multipliers of the window's
  main day, applied by the day a vehicle arrives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from pydantic import BaseModel

from corridor.errors import ScenarioError
from corridor.network.demand import (
    KINDS,
    Anchor,
    DemandSpec,
    StationDemand,
    TradeInputs,
    demand_from_trade,
)
from corridor.network.events import Event
from corridor.network.model import (
    DIRECTIONS,
    Crossing,
    Figure,
    Network,
    Post,
    StatusChange,
    at_day,
    great_circle_km,
)
from corridor.periods import parse_span
from corridor.sim.crossing import StageSpec, StationSpec
from corridor.sim.station import open_hours

#: service and dwell vary this much where the network file says nothing (exponential)
DEFAULT_CV: float | None = None


@dataclass(frozen=True)
class Timeline:
    """What a schedule is built from: the network and demand files with their figures by date,
    one year's trade, its growth, the counts' anchors and the events."""

    network: Network
    demand: DemandSpec
    trade: TradeInputs
    growth: float = 1.0
    anchors: tuple[Anchor, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass
class Resolved:
    """A timeline's network and demand as in force on given days, each day resolved once (the
    calibration plans many periods on one network)."""

    timeline: Timeline
    #: resolved crossings kept across timelines: (id of the crossing, day) → (it, resolved)
    crossings: dict[tuple[int, dt.date], tuple[Crossing, Crossing]] = field(default_factory=dict)
    _net: dict[dt.date, Network] = field(default_factory=dict)
    _spec: dict[dt.date, DemandSpec] = field(default_factory=dict)
    _spans: list[str] | None = None

    def serves(self, timeline: Timeline) -> bool:
        """Whether this holds ``timeline``'s network and demand (its trade may differ)."""
        return self.timeline.network is timeline.network and self.timeline.demand is timeline.demand

    def network(self, day: dt.date) -> Network:
        """The network in force on ``day`` (as :meth:`Network.at`), each crossing resolved once
        for as long as it is the same object (a parameter changes one crossing at a time)."""
        if day not in self._net:
            network = self.timeline.network
            crossings = []
            for c in network.crossings:
                key = (id(c), day)
                hit = self.crossings.get(key)
                if hit is None or hit[0] is not c:
                    resolved = at_day(c, day).model_copy(update={"status": c.status_on(day)})
                    hit = (c, resolved)
                    self.crossings[key] = hit
                crossings.append(hit[1])
            self._net[day] = network.model_copy(
                update={
                    "crossings": tuple(crossings),
                    "variability": at_day(network.variability, day),
                    "as_of": day,
                }
            )
        return self._net[day]

    def spec(self, day: dt.date) -> DemandSpec:
        if day not in self._spec:
            self._spec[day] = at_day(self.timeline.demand, day)
        return self._spec[day]

    def spans(self) -> list[str]:
        if self._spans is None:
            self._spans = sorted({*_spans(self.timeline.network), *_spans(self.timeline.demand)})
        return self._spans


@dataclass(frozen=True)
class StationPlan:
    """One crossing direction over a run's days: its demand on the main day (for the value and
    tonnes a vehicle carries), its posts, and the hourly arrivals and their kinds."""

    demand: StationDemand
    spec: StationSpec
    rate: np.ndarray
    shares: np.ndarray
    notes: tuple[str, ...] = field(default=())


def _spans(obj: object) -> Iterator[str]:
    """Every ``in_force`` span inside a model (figures, their histories, status changes)."""
    if isinstance(obj, Figure):
        if obj.in_force:
            yield obj.in_force
        for h in obj.history:
            yield from _spans(h)
    elif isinstance(obj, StatusChange):
        yield obj.in_force
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _spans(getattr(obj, name))
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _spans(v)
    elif isinstance(obj, tuple):
        for v in obj:
            yield from _spans(v)


def change_days(resolved: Resolved, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days in [first, last] on which a figure of the network or demand changes, with
    ``first``: the starts of the segments."""
    days = {first}
    for span in resolved.spans():
        start, end = parse_span(span)
        for d in (start, None if end is None else end + dt.timedelta(days=1)):
            if d is not None and first < d <= last:
                days.add(d)
    return sorted(days)


@dataclass
class _Stage:
    """A post's stage as mutable arrays while the schedule is built."""

    open: np.ndarray  # hourly
    lanes: np.ndarray  # by day
    limit: np.ndarray
    line: np.ndarray  # trains a day the approach line on this side carries each way (inf: none)
    service: np.ndarray  # hours a vehicle, by day
    dwell: np.ndarray
    gauge: np.ndarray | None


@dataclass
class _Station:
    crossing: Crossing  # as in force on the main day (or the first day it runs)
    direction: str
    exit: _Stage
    entry: _Stage
    rate: np.ndarray
    parts: np.ndarray  # KINDS × hours, arrivals a kind an hour
    demand: StationDemand | None = None
    runs: np.ndarray | None = None  # by day: whether the crossing runs (status open)


def _schedule_hours(
    post: Post, start: dt.date, days: int, hours: float | None = None
) -> np.ndarray:
    sched = post.schedule
    opens = sched.opens_at.value if sched.opens_at is not None else 9
    h = sched.hours_per_day.value if hours is None else hours
    if h <= 0:
        return np.zeros(days * 24, dtype=np.bool_)
    return open_hours(
        days=days,
        hours_per_day=h,
        days_per_week=int(sched.days_per_week.value),
        opens_at=int(opens),
        holidays=sched.holidays,
        start=start,
    )


def plan_stations(
    timeline: Timeline,
    first: dt.date,
    days: int,
    *,
    main_day: dt.date,
    only: set[str] | None = None,
    resolved: Resolved | None = None,
) -> list[StationPlan]:
    """Every crossing direction that runs on some day of ``days`` days from ``first`` (module
    docstring), in the demand's order; ``main_day``: the day whose network gives the service and
    dwell means (the others' are multipliers of it) and whose demand a station reports;
    ``only``: just these crossings' directions (a closure's diversion to a crossing left out is
    then not made); ``resolved``: the timeline's days already resolved (kept across calls)."""
    if resolved is None or not resolved.serves(timeline):
        resolved = Resolved(timeline)
    if days < 1:
        raise ScenarioError("a schedule needs at least one day")
    last = first + dt.timedelta(days=days - 1)
    if only is not None:
        only = with_closure_partners(only, timeline, first, last)
    starts = change_days(resolved, first, last)
    bounds = [*((s - first).days for s in starts), days]
    main_net = resolved.network(main_day)
    main_spec = resolved.spec(main_day)
    main_demand = {
        (d.crossing, d.direction): d
        for d in demand_from_trade(
            timeline.trade, main_spec, main_net, timeline.growth, timeline.anchors
        )
    }
    stations: dict[tuple[str, str], _Station] = {}
    order: list[tuple[str, str]] = []
    notes: list[str] = []
    for k, seg_start in enumerate(starts):
        d0, d1 = bounds[k], bounds[k + 1]
        n = d1 - d0
        net = resolved.network(seg_start)
        spec = resolved.spec(seg_start)
        demand = demand_from_trade(timeline.trade, spec, net, timeline.growth, timeline.anchors)
        if demand:
            notes.extend(demand[0].notes)
        running = {c.id for c in net.running()}
        for d in demand:
            if d.crossing not in running or (only is not None and d.crossing not in only):
                continue
            key = (d.crossing, d.direction)
            crossing = net.crossing(d.crossing)
            st = stations.get(key)
            if st is None:
                st = _new_station(crossing, d.direction, days)
                stations[key] = st
                order.append(key)
            _fill(st, net, crossing, d, spec, seg_start, d0, n)
    # the main day's crossing (service means) and demand, else the first seen
    plans: list[StationPlan] = []
    built = {key: stations[key] for key in order}
    wagons = main_spec.loads.wagons_per_train.value
    _apply_events(built, timeline.events, main_net, first, days, wagons)
    variability = timeline.network.variability
    for key in order:
        st = built[key]
        demand_main = main_demand.get(key) or st.demand
        assert demand_main is not None
        crossing = (
            main_net.crossing(key[0])
            if key[0] in {c.id for c in main_net.crossings if c.posts}
            else st.crossing
        )
        spec_out = _station_spec(st, crossing, key[1], main_net, wagons, variability, main_spec)
        total = st.parts.sum(axis=0)
        shares = np.divide(st.parts, total, out=np.zeros_like(st.parts), where=total > 0)
        plans.append(StationPlan(demand_main, spec_out, total, shares, tuple(dict.fromkeys(notes))))
    return plans


def with_closure_partners(
    only: set[str], timeline: Timeline, first: dt.date, last: dt.date
) -> set[str]:
    """``only`` and every crossing of a mode where a closure in the window may move traffic
    between crossings (so that the diversion is made)."""
    modes = {
        e.mode
        for e in timeline.events
        if e.kind == "closed" and e.divert_to != "none" and e.overlaps(first, last)
    }
    if not modes:
        return only
    return only | {c.id for c in timeline.network.crossings if c.mode in modes}


def _new_station(crossing: Crossing, direction: str, days: int) -> _Station:
    def stage(gauge: bool) -> _Stage:
        return _Stage(
            np.zeros(days * 24, dtype=np.bool_),
            np.zeros(days, dtype=np.int64),
            np.full(days, np.inf),
            np.full(days, np.inf),
            np.full(days, np.nan),
            np.full(days, np.nan),
            np.full(days, np.nan) if gauge else None,
        )

    rail = crossing.mode == "rail"
    return _Station(
        crossing,
        direction,
        stage(False),
        stage(rail),
        np.zeros(days * 24),
        np.zeros((len(KINDS), days * 24)),
        runs=np.zeros(days, dtype=np.bool_),
    )


def _set_posts(
    st: _Station,
    net: Network,
    crossing: Crossing,
    direction: str,
    seg_start: dt.date,
    d0: int,
    n: int,
) -> None:
    """Days [d0, d0 + n) of both posts' arrays from the figures in force (from ``seg_start``):
    hours, lanes, daily limits, the approach line on each side, service, dwell, gauge change."""
    leaving, entering = net.departing(direction), net.receiving(direction)
    for stage, post, side in (
        (st.exit, crossing.posts[leaving], "outbound"),
        (st.entry, crossing.posts[entering], "inbound"),
    ):
        s = post.stage(side)  # type: ignore[arg-type]
        stage.open[d0 * 24 : (d0 + n) * 24] = _schedule_hours(post, seg_start, n)
        stage.lanes[d0 : d0 + n] = int(s.lanes.value)
        if s.daily_limit is not None:
            stage.limit[d0 : d0 + n] = s.daily_limit.value
        if post.approach_line is not None:
            stage.line[d0 : d0 + n] = post.approach_line.train_pairs_per_day.value
        stage.service[d0 : d0 + n] = s.service_hours.value
        stage.dwell[d0 : d0 + n] = s.dwell_hours.value if s.dwell_hours is not None else 0.0
        if stage.gauge is not None and side == "inbound" and s.gauge_change is not None:
            stage.gauge[d0 : d0 + n] = s.gauge_change.trains_per_day.value


def _fill(
    st: _Station,
    net: Network,
    crossing: Crossing,
    d: StationDemand,
    spec: DemandSpec,
    seg_start: dt.date,
    d0: int,
    n: int,
) -> None:
    """One segment of one station: its posts' arrays and its arrivals."""
    _set_posts(st, net, crossing, d.direction, seg_start, d0, n)
    rate, shares = d.hourly_rates(spec, seg_start, n)
    st.rate[d0 * 24 : (d0 + n) * 24] = rate
    st.parts[:, d0 * 24 : (d0 + n) * 24] = shares * rate
    assert st.runs is not None
    st.runs[d0 : d0 + n] = True
    if st.demand is None:
        st.demand = d
        st.crossing = crossing


def _apply_events(
    stations: dict[tuple[str, str], _Station],
    events: tuple[Event, ...],
    main_net: Network,
    first: dt.date,
    days: int,
    wagons: float,
) -> None:
    """Each event on the days it covers (module docstring); a cap in wagons is turned into
    trains of ``wagons`` wagons."""
    last = first + dt.timedelta(days=days - 1)
    countries = main_net.countries
    diversions: list[tuple[Event, int, int]] = []
    for e in events:
        if not e.overlaps(first, last):
            continue
        d0 = max((e.start - first).days, 0)
        d1 = days if e.end is None else min((e.end - first).days + 1, days)
        if d1 <= d0:
            continue
        for (crossing_id, direction), st in stations.items():
            if not e.concerns(crossing_id, st.crossing.mode):
                continue
            leaving = countries[0] if direction == "a_to_b" else countries[1]
            entering = countries[1] if direction == "a_to_b" else countries[0]
            for stage, country, is_exit in ((st.exit, leaving, True), (st.entry, entering, False)):
                if not e.at_post(country, is_exit):
                    continue
                post = st.crossing.posts[country]
                if e.kind == "acceptance_cap":
                    cap = float(e.value or 0.0)
                    if "wagon" in e.unit.lower():
                        cap /= wagons
                    stage.limit[d0:d1] = np.minimum(stage.limit[d0:d1], max(cap, 1e-9))
                    if cap <= 0:
                        stage.open[d0 * 24 : d1 * 24] = False
                elif e.kind == "hours":
                    for day in range(d0, d1):
                        stage.open[day * 24 : (day + 1) * 24] = _schedule_hours(
                            post, first + dt.timedelta(days=day), 1, float(e.value or 0.0)
                        )
                elif e.kind == "lanes":
                    stage.lanes[d0:d1] = int(e.value or 0)
                elif e.kind in ("holiday", "closed"):
                    stage.open[d0 * 24 : d1 * 24] = False
            if e.kind == "demand_factor":
                leaves_side = e.side == (countries[0] if direction == "a_to_b" else countries[1])
                applies = (
                    e.side == "both"
                    or e.direction == "all"
                    or (e.direction == "outbound") == leaves_side
                )
                if applies:
                    st.rate[d0 * 24 : d1 * 24] *= float(e.value or 0.0)
                    st.parts[:, d0 * 24 : d1 * 24] *= float(e.value or 0.0)
            if e.kind == "closed" and e.divert_to != "none":
                diversions.append((e, d0, d1))
    for e, d0, d1 in diversions:
        _divert(stations, e, d0, d1)


def _divert(stations: dict[tuple[str, str], _Station], e: Event, d0: int, d1: int) -> None:
    """The arrivals of a closed crossing on days [d0, d1) go to the crossing the event names, or
    to the nearest one of its mode open on each of those days."""
    for (crossing_id, direction), st in list(stations.items()):
        if not e.concerns(crossing_id, st.crossing.mode):
            continue
        for day in range(d0, d1):
            h0, h1 = day * 24, (day + 1) * 24
            if not st.rate[h0:h1].any():
                continue
            target = None
            if e.divert_to:
                target = stations.get((e.divert_to, direction))
            else:
                candidates = [
                    (great_circle_km(st.crossing.position, other.crossing.position), cid)
                    for (cid, dirn), other in stations.items()
                    if dirn == direction
                    and cid != crossing_id
                    and other.crossing.mode == st.crossing.mode
                    and other.exit.open[h0:h1].any()
                    and other.entry.open[h0:h1].any()
                ]
                if candidates:
                    target = stations[(min(candidates)[1], direction)]
            if target is None or target is st:
                continue
            target.rate[h0:h1] += st.rate[h0:h1]
            target.parts[:, h0:h1] += st.parts[:, h0:h1]
            st.rate[h0:h1] = 0.0
            st.parts[:, h0:h1] = 0.0


def _station_spec(
    st: _Station,
    crossing: Crossing,
    direction: str,
    net: Network,
    wagons_per_train: float,
    variability: object,
    spec: DemandSpec,
) -> StationSpec:
    leaving, entering = net.departing(direction), net.receiving(direction)
    cv_service = getattr(getattr(variability, "service_cv", None), "value", DEFAULT_CV)
    cv_dwell = getattr(getattr(variability, "dwell_cv", None), "value", DEFAULT_CV)

    def stage(s: _Stage, country: str, side: str) -> StageSpec:
        post = crossing.posts[country]
        stage_file = post.stage(side)  # type: ignore[arg-type]
        known = ~np.isnan(s.service)
        main_service = stage_file.service_hours.value
        main_dwell = stage_file.dwell_hours.value if stage_file.dwell_hours is not None else 0.0

        def inspection(group: str) -> tuple[float, float]:
            ins = post.inspections.get(group)  # type: ignore[call-overload]
            if ins is None or side == "outbound":  # the importing side inspects, on entry
                return (0.0, 0.0)
            return (ins.rate.value, ins.hours.value)

        gauge = stage_file.gauge_change if side == "inbound" and crossing.mode == "rail" else None
        service_scale = np.where(known, s.service / main_service, 1.0)
        dwell_scale = (
            np.where(known, s.dwell / main_dwell, 1.0) if main_dwell > 0 else np.ones(s.lanes.shape)
        )
        gauge_by_day = None
        if s.gauge is not None and gauge is not None:
            gauge_by_day = np.where(np.isnan(s.gauge), gauge.trains_per_day.value, s.gauge)
        own_cv = stage_file.service_cv.value if stage_file.service_cv is not None else cv_service
        return StageSpec(
            country=country,
            post=crossing.sides[country],
            servers=max(int(s.lanes.max()), 1),
            service_hours=main_service,
            open_hours=s.open,
            priority_for_agri=stage_file.green_lanes is not None
            and stage_file.green_lanes.value > 0,
            dwell_hours=main_dwell,
            limit_by_day=s.limit,
            line_by_day=s.line,
            transload_share=stage_file.transload.share.value
            if stage_file.transload is not None
            else 0.0,
            transload_hours=stage_file.transload.hours.value
            if stage_file.transload is not None
            else 0.0,
            agri_inspection=inspection("agri"),
            other_inspection=inspection("general"),
            lanes_by_day=s.lanes,
            gauge_by_day=gauge_by_day,
            yard_trains=None
            if gauge is None or gauge.yard_wagons is None
            else max(1, int(gauge.yard_wagons.value // wagons_per_train)),
            service_cv=own_cv,
            dwell_cv=cv_dwell,
            service_scale=service_scale,
            dwell_scale=dwell_scale,
        )

    process = spec.arrivals.get(crossing.mode)
    jitter = process.jitter_hours.value if process and process.jitter_hours else 0.0
    return StationSpec(
        crossing.id,
        direction,
        crossing.mode,
        stage(st.exit, leaving, "outbound"),
        stage(st.entry, entering, "inbound"),
        arrivals=process.process if process is not None else "poisson",
        jitter_hours=jitter,
    )


def station_spec(
    network: Network,
    crossing: Crossing,
    direction: str,
    *,
    start: dt.date,
    days: int,
    wagons_per_train: float = 57.0,
    events: tuple[Event, ...] = (),
) -> StationSpec:
    """Both posts of one direction of a crossing as ``network`` stands (one day's figures),
    over ``days`` days from ``start``, with the ``events`` on those days that change its posts
    (hours, lanes, caps, closures; a diversion needs the other crossings and is the plan's):
    for capacity sums and tests."""
    if not crossing.enabled or not crossing.posts:
        raise ScenarioError(f"{crossing.id} is not enabled")
    if direction not in DIRECTIONS:
        raise ScenarioError(f"{crossing.id} has no direction {direction!r}")
    st = _new_station(crossing, direction, days)
    _set_posts(st, network, crossing, direction, start, 0, days)
    _apply_events({(crossing.id, direction): st}, events, network, start, days, wagons_per_train)
    spec = DemandSpec.model_construct(arrivals={})
    return _station_spec(
        st, crossing, direction, network, wagons_per_train, network.variability, spec
    )


#: the days a plan reads figures on (first and last, inclusive)
Window = tuple[dt.date, dt.date]


def _overlaps(span: str | None, window: Window | None) -> bool:
    """Whether a figure in force over ``span`` can be read on a day of ``window`` (always,
    without a window)."""
    if window is None or span is None:
        return True
    start, end = parse_span(span)
    return (start is None or start <= window[1]) and (end is None or window[0] <= end)


def _uncertain(obj: object, window: Window | None) -> bool:
    if isinstance(obj, Figure):
        own = bool(obj.log_sd) and _overlaps(obj.in_force, window)
        return own or any(_uncertain(h, window) for h in obj.history)
    if isinstance(obj, BaseModel):
        return any(_uncertain(getattr(obj, n), window) for n in type(obj).model_fields)
    if isinstance(obj, dict):
        return any(_uncertain(v, window) for v in obj.values())
    if isinstance(obj, tuple):
        return any(_uncertain(v, window) for v in obj)
    return False


def uncertain(timeline: Timeline, window: Window | None = None, *, levels: bool = False) -> bool:
    """Whether any figure of the timeline carries a fit's uncertainty (``log_sd``); with a
    ``window``, only figures in force on some day of it count (the epidemic regime's fitted
    dwells do not make a run of 2024 uncertain). ``levels``: the counts' anchors of traffic
    not counted in the year simulated count too."""
    return (
        _uncertain(timeline.network, window)
        or _uncertain(timeline.demand, window)
        or (levels and any(a.log_sd > 0 for a in timeline.anchors))
    )


def _normal(key: str, seed: int, rep: int, drawn: dict[str, float]) -> float:
    """The standard normal draw of ``key`` in replication ``rep``: the same whatever else is
    drawn."""
    if key not in drawn:
        stream = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
        drawn[key] = float(np.random.default_rng([seed, rep, stream]).normal())
    return drawn[key]


def _drawn_levels(
    anchors: tuple[Anchor, ...], seed: int, rep: int, drawn: dict[str, float]
) -> tuple[Anchor, ...]:
    """Each anchor's factor drawn from its level's uncertainty (lognormal about it); a
    crossing's classes and directions draw together (``*road``: every uncounted road crossing)."""
    return tuple(
        replace(
            a,
            factor=a.factor * math.exp(a.log_sd * _normal(f"level:{a.crossing}", seed, rep, drawn)),
        )
        if a.log_sd > 0
        else a
        for a in anchors
    )


def _draw(
    obj: Any, path: str, seed: int, rep: int, drawn: dict[str, float], window: Window | None
) -> Any:
    if isinstance(obj, Figure):
        new = obj
        if obj.log_sd and _overlaps(obj.in_force, window):
            value = obj.value * math.exp(
                obj.log_sd * _normal(obj.parameter or path, seed, rep, drawn)
            )
            if obj.bounds is not None:
                value = min(max(value, obj.bounds[0]), obj.bounds[1])
            new = obj.model_copy(update={"value": value})
        history = tuple(
            _draw(h, f"{path}.history.{i}", seed, rep, drawn, window)
            for i, h in enumerate(obj.history)
        )
        if any(a is not b for a, b in zip(history, obj.history, strict=True)):
            new = new.model_copy(update={"history": history})
        return new
    if isinstance(obj, BaseModel):
        update = {}
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            changed = _draw(value, f"{path}.{name}", seed, rep, drawn, window)
            if changed is not value:
                update[name] = changed
        return obj.model_copy(update=update) if update else obj
    if isinstance(obj, dict):
        out = {k: _draw(v, f"{path}.{k}", seed, rep, drawn, window) for k, v in obj.items()}
        return out if any(out[k] is not obj[k] for k in obj) else obj
    if isinstance(obj, tuple):
        items = tuple(_draw(v, f"{path}.{i}", seed, rep, drawn, window) for i, v in enumerate(obj))
        return items if any(a is not b for a, b in zip(items, obj, strict=True)) else obj
    return obj


def perturbed(
    timeline: Timeline,
    seed: int,
    rep: int,
    window: Window | None = None,
    *,
    levels: bool = False,
) -> Timeline:
    """The timeline with every fitted figure drawn from its uncertainty for replication ``rep``
    (lognormal about its value, within its bounds; figures sharing a parameter draw together;
    the same seed, replication and figure give the same draw, whatever else is drawn). With a
    ``window``, figures in force on none of its days are left as they are: no plan of it reads
    them. ``levels``: the traffic levels the counts did not give for the year are drawn too
    (:attr:`~corridor.network.demand.Anchor.log_sd`)."""
    drawn: dict[str, float] = {}
    return replace(
        timeline,
        network=_draw(timeline.network, "network", seed, rep, drawn, window),
        demand=_draw(timeline.demand, "demand", seed, rep, drawn, window),
        anchors=_drawn_levels(timeline.anchors, seed, rep, drawn) if levels else timeline.anchors,
    )


def plans_by_replication(
    timeline: Timeline,
    first: dt.date,
    days: int,
    *,
    main_day: dt.date,
    seed: int,
    reps: int,
    only: set[str] | None = None,
    resolved: Resolved | None = None,
    levels: bool = False,
) -> list[tuple[StationPlan, ...]]:
    """Each station's plan for every replication: the same plan where nothing in force over
    its days is uncertain, else one per replication drawn from the fitted figures' uncertainty
    and, with ``levels``, the uncounted traffic levels' (:func:`perturbed`)."""
    base = plan_stations(timeline, first, days, main_day=main_day, only=only, resolved=resolved)
    last = first + dt.timedelta(days=days - 1)
    window = (min(first, main_day), max(last, main_day))
    if not uncertain(timeline, window, levels=levels):  # nothing drawn: one plan for all
        return [(p,) * reps for p in base]
    drawn = [
        {
            (p.spec.crossing, p.spec.direction): p
            for p in plan_stations(
                perturbed(timeline, seed, r, window, levels=levels),
                first,
                days,
                main_day=main_day,
                only=only,
            )
        }
        for r in range(reps)
    ]
    return [tuple(d.get((p.spec.crossing, p.spec.direction), p) for d in drawn) for p in base]
