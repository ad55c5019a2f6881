"""The model against observations: each observed figure simulated over its own period.

For each row of the observations (:mod:`corridor.network.observations`) the row's period is
simulated as a run of its own: the network, demand and events in force on each of its days
(:mod:`corridor.sim.schedule`), the trade of the period's year with the counts' anchors of that
year (:mod:`corridor.planning.counts`), after a warm-up chosen as every run's is. Rows with the
same period share a run. The figure a row measures is then read off the stations it names:

* ``time_to_cross_h``: the mean time of a shipment (empty vehicles excluded) at that side's post:
  the exit post for ``outbound``, the entry post for ``inbound``, both weighted by shipments for
  ``all``; ``side: both`` is the whole crossing; ``crossing: *`` averages the crossings of the
  mode weighted by shipments;
* ``queue_vehicles``, ``queue_wagons``: waiting at that post (and, entering by rail, in the
  yard) at the end of the period's day, or, for a period of several days, at the busiest day's
  end (a queue is reported when it is news); wagons are trains × wagons a train;
* counts (``vehicles``, ``trains``, ``wagons``, ``tonnes`` over the period, a day or a year):
  vehicles through that post over the period, of the classes the row's unit names (China Railway
  Express trains: transit; laden trucks: loaded and transit; commodity vehicles), tonnes
  delivered; a row of another kind than ``actual`` (a capacity, plan or limit) is compared with
  the model's capacity there.

A direction overloaded in the model still gives its figure (a time or a queue that grows with
the period): it is a prediction and it is scored, with a note.

The same code serves ``corridor validate`` and ``corridor calibrate``; runs of one station for
one period with the same inputs are computed once (:class:`Evaluator` keeps them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridor.ledger import Ledger
from corridor.network.demand import Anchor, DemandSpec, TradeInputs
from corridor.network.events import Event
from corridor.network.model import Network
from corridor.network.observations import Observation
from corridor.network.scenario import ScenarioInputs
from corridor.planning.counts import SCOPE_CLASSES, directions_of, reconcile
from corridor.planning.parameters import Parameter, apply_values
from corridor.planning.resolve import scenario_counts, trade_source
from corridor.sim.executor import Executor, Serial
from corridor.sim.replication import replicate
from corridor.sim.run import prepare_plans, warmup_span
from corridor.sim.schedule import Resolved, StationPlan, Timeline, plans_by_replication
from corridor.sim.settings import RunSettings

PeriodKey = tuple[dt.date, dt.date]
#: the kinds of vehicle a count of each scope counts (rows of the arrival shares)
SCOPE_KINDS = {
    scope: tuple(k for kinds in classes.values() for k in kinds)
    for scope, classes in SCOPE_CLASSES.items()
}


def period_key(o: Observation) -> PeriodKey:
    p = o.period
    return (p.start, p.end)


def family(measure: str) -> str:
    """``times``, ``queues`` or ``counts``: how accuracy is reported."""
    if measure == "time_to_cross_h":
        return "times"
    if measure.startswith("queue_"):
        return "queues"
    return "counts"


@dataclass(frozen=True)
class StationOutcome:
    """One station's replications for one period, with what rows need beside them."""

    crossing: str
    direction: str
    mode: str
    exit_country: str
    entry_country: str
    runs: tuple[dict[str, Any], ...]
    capacity: tuple[float, str, str]
    stage_capacity: dict[str, float]  # "exit" | "entry" → vehicles a day that post clears
    shipments_per_day: float
    arrivals_per_day: float
    wagons_per_train: float
    tonnes_per_loaded: float
    transit_tonnes: float

    @property
    def overloaded(self) -> bool:
        return self.arrivals_per_day > self.capacity[0]


@dataclass(frozen=True)
class Simulated:
    """A row's simulated figure: one value per replication, or None with the reason."""

    values: tuple[float, ...] | None
    note: str = ""
    overloaded: bool = False
    compared: float | None = None  # the observed value as compared (after unit conversions)

    @property
    def mean(self) -> float | None:
        return None if self.values is None else float(np.mean(self.values))


@dataclass
class _Applied:
    """The network and demand with one evaluation's parameter values, their keys, and the
    timelines built on them (one per trade year: their days resolved once)."""

    network: Network
    spec: DemandSpec
    spec_key: str
    crossing_keys: dict[str, str]
    _timelines: dict[int, Timeline] = field(default_factory=dict)
    _resolved: Resolved | None = None

    def timeline(
        self, trade: TradeInputs, anchors: tuple[Anchor, ...], events: tuple[Event, ...]
    ) -> Timeline:
        key = id(trade)
        if key not in self._timelines:
            self._timelines[key] = Timeline(self.network, self.spec, trade, 1.0, anchors, events)
        return self._timelines[key]

    def resolved(self, timeline: Timeline, crossings: dict[Any, Any]) -> Resolved:
        """The days of this evaluation's network resolved once, whatever the trade year
        (``crossings``: resolved crossings kept across evaluations)."""
        if self._resolved is None or not self._resolved.serves(timeline):
            self._resolved = Resolved(timeline, crossings)
        return self._resolved


def _digest(plan: StationPlan) -> str:
    """What a station's run depends on, as a hash (its arrays and its posts' figures)."""
    h = hashlib.sha1()
    for a in (plan.rate, plan.shares):
        h.update(np.ascontiguousarray(a).tobytes())
    for stage in (plan.spec.exit, plan.spec.entry):
        for a in (stage.open_hours, stage.lanes_by_day, stage.limit_by_day):
            h.update(np.ascontiguousarray(a).tobytes())
        for a2 in (stage.gauge_by_day, stage.service_scale, stage.dwell_scale):
            if a2 is not None:
                h.update(np.ascontiguousarray(a2).tobytes())
        h.update(
            repr(
                (
                    stage.servers,
                    stage.service_hours,
                    stage.dwell_hours,
                    stage.transload_share,
                    stage.transload_hours,
                    stage.agri_inspection,
                    stage.other_inspection,
                    stage.yard_trains,
                    stage.service_cv,
                    stage.dwell_cv,
                    stage.priority_for_agri,
                )
            ).encode()
        )
    h.update(repr((plan.spec.arrivals, plan.spec.jitter_hours)).encode())
    h.update(repr(plan.demand).encode())
    return h.hexdigest()


@dataclass
class Evaluator:
    """Simulates the observations' periods for parameter values (module docstring).

    ``counts_before``: the counts that set the traffic are those of years before it (an
    out-of-sample run); None: every count.
    """

    ledger: Ledger
    inputs: ScenarioInputs
    observations: tuple[Observation, ...]
    settings: RunSettings
    params: list[Parameter] = field(default_factory=list)
    progress: Callable[[int, int], None] | None = None
    counts_before: int | None = None
    #: where the stations of one evaluation run (in this process, local workers or Ray):
    #: the same figures wherever they run
    executor: Executor = field(default_factory=Serial)
    _trade: Callable[[int], TradeInputs | None] | None = None
    _anchors: dict[tuple[int, int | None], tuple[Anchor, ...]] = field(default_factory=dict)
    _cache: dict[tuple[Any, ...], StationOutcome] = field(default_factory=dict)
    _plans: dict[tuple[Any, ...], list[tuple[tuple[StationPlan, ...], str]]] = field(
        default_factory=dict
    )
    _crossings: dict[Any, Any] = field(default_factory=dict)

    def trade(self, year: int) -> TradeInputs | None:
        if self._trade is None:
            self._trade = trade_source(self.ledger, self.inputs)
        return self._trade(year)

    def anchors(self, year: int) -> tuple[Anchor, ...]:
        key = (year, self.counts_before)
        if key not in self._anchors:
            rows = scenario_counts(self.inputs)
            self._anchors[key] = reconcile(
                year,
                self.inputs.network,
                self.inputs.demand,
                self.trade,
                rows,
                self.inputs.events,
                before=self.counts_before,
            ).anchors
        return self._anchors[key]

    def periods(self) -> dict[PeriodKey, list[Observation]]:
        out: dict[PeriodKey, list[Observation]] = {}
        for o in self.observations:
            if o.simulated:
                out.setdefault(period_key(o), []).append(o)
        return dict(sorted(out.items()))

    def outcomes(
        self,
        applied: _Applied,
        key: PeriodKey,
        rows: list[Observation] | None = None,
    ) -> tuple[dict[tuple[str, str], StationOutcome], Network, dt.date, str]:
        """The running stations of one period that ``rows`` name (all if None), for the
        parameter values ``applied``; the network (unresolved) and the period's main day; a
        note when it cannot be simulated."""
        network, spec = applied.network, applied.spec
        start, end = key
        days = (end - start).days + 1
        main_day = start + dt.timedelta(days=(days - 1) // 2)
        year = main_day.year
        trade = self.trade(year)
        if trade is None:
            return {}, network, main_day, f"no trade for {year} in the ledger"
        timeline = applied.timeline(trade, self.anchors(year), self.inputs.events)
        pre = warmup_span(self.settings)
        named = set() if rows is None else {o.crossing for o in rows}
        modes = set() if rows is None else {o.mode for o in rows if o.crossing == "*"}
        wanted = {
            c.id for c in network.crossings if rows is None or c.id in named or c.mode in modes
        }
        keys = {cid: (key, cid, applied.crossing_keys[cid], applied.spec_key) for cid in wanted}
        missing = {cid for cid, k in keys.items() if k not in self._plans}
        if missing:
            found = plans_by_replication(
                timeline,
                start - dt.timedelta(days=pre),
                pre + days,
                main_day=main_day,
                seed=self.settings.seed,
                reps=self.settings.replications,
                only=missing,
                resolved=applied.resolved(timeline, self._crossings),
            )
            for cid in missing:
                self._plans[keys[cid]] = [
                    (p, "".join(dict.fromkeys(_digest(x) for x in p)))
                    for p in found
                    if p[0].spec.crossing == cid
                ]
        todo: dict[tuple[Any, ...], tuple[StationPlan, ...]] = {}
        for cid in sorted(wanted):
            for by_rep, digest in self._plans[keys[cid]]:
                s = by_rep[0].spec
                ck = (key, s.crossing, s.direction, digest, self.settings)
                if ck not in self._cache:
                    todo.setdefault(ck, by_rep)
        if todo:
            tasks = [(plans, pre, days, self.settings, spec) for plans in todo.values()]
            for ck, outcome in zip(todo, self.executor.map(station_task, tasks), strict=True):
                self._cache[ck] = outcome
        out: dict[tuple[str, str], StationOutcome] = {}
        for cid in sorted(wanted):
            for by_rep, digest in self._plans[keys[cid]]:
                s = by_rep[0].spec
                out[(s.crossing, s.direction)] = self._cache[
                    (key, s.crossing, s.direction, digest, self.settings)
                ]
        return out, network, main_day, ""

    def run(self, values: dict[str, float]) -> dict[str, Simulated]:
        """Every simulated row's figure for these parameter values."""
        out: dict[str, Simulated] = {}
        periods = self.periods()
        network, spec = apply_values(self.inputs.network, self.inputs.demand, self.params, values)
        applied = _Applied(network, spec, repr(spec), {c.id: repr(c) for c in network.crossings})
        for i, (key, rows) in enumerate(periods.items()):
            stations, net, day, why = self.outcomes(applied, key, rows)
            for o in rows:
                out[o.id] = Simulated(None, why) if why else simulate_row(o, stations, net, day)
            if self.progress is not None:
                self.progress(i + 1, len(periods))
        for o in self.observations:
            if not o.simulated:
                out[o.id] = Simulated(None, f"the measure {o.measure!r} is not simulated")
        return out


def _stages(
    o: Observation,
    stations: dict[tuple[str, str], StationOutcome],
    net: Network,
    day: dt.date,
) -> tuple[list[tuple[StationOutcome, str]], str]:
    """The (station, stage) pairs a row names; stage is exit, entry or crossing."""
    if o.crossing == "*":
        chosen = [s for s in stations.values() if s.mode == o.mode]
        if not chosen:
            return [], f"no {o.mode} crossing runs in {o.period.label}"
    else:
        chosen = [s for s in stations.values() if s.crossing == o.crossing]
        if not chosen:
            c = net.crossing(o.crossing)
            why = "not enabled" if not c.enabled else f"status {c.status_on(day)} on {day}"
            return [], f"{o.crossing} does not run in {o.period.label} ({why})"
    pairs: list[tuple[StationOutcome, str]] = []
    dirs = directions_of(o, net.countries)
    for s in chosen:
        if o.side == "both":
            if s.direction in dirs:
                pairs.append((s, "crossing"))
            continue
        if s.exit_country == o.side and o.direction in ("outbound", "all"):
            pairs.append((s, "exit"))
        if s.entry_country == o.side and o.direction in ("inbound", "all"):
            pairs.append((s, "entry"))
    return pairs, ""


def simulate_row(
    o: Observation,
    stations: dict[tuple[str, str], StationOutcome],
    net: Network,
    day: dt.date,
) -> Simulated:
    """One row's figure from the period's stations (module docstring)."""
    pairs, why = _stages(o, stations, net, day)
    if not pairs:
        return Simulated(None, why or "no station matches the row")
    reps = len(pairs[0][0].runs)
    unit = o.unit.lower()
    observed = o.value
    notes: list[str] = []
    over = [s for s, _ in pairs if s.overloaded]
    if over and o.kind == "actual":
        s = over[0]
        bound = s.capacity
        notes.append(
            f"the model has {s.crossing} {net.departing(s.direction)}→"
            f"{net.receiving(s.direction)} overloaded at {bound[1]} post "
            f"({bound[2]}: {s.arrivals_per_day:,.1f} arrive a day, {bound[0]:,.1f} can be "
            "cleared): its times and queues grow with the period"
        )
    if o.is_count:
        if "pair" in unit:
            observed = o.value * 2
            notes.append("train pairs: both directions counted")
        if o.kind != "actual":
            cap = sum(s.stage_capacity["entry" if st == "crossing" else st] for s, st in pairs)
            if o.counted == "tonnes":
                return Simulated(
                    None, "a capacity in tonnes: the model states capacity in vehicles"
                )
            if o.counted == "wagons":
                cap *= pairs[0][0].wagons_per_train
            notes.append("a capacity, plan or limit: compared with the model's capacity there")
            return Simulated((_rate(o, cap * o.days),) * reps, "; ".join(notes), compared=observed)
        if o.scope != "all":
            notes.append(f"{o.scope} vehicles only, as the unit says")
    if o.measure == "queue_vehicles" and "electronic" in unit:
        notes.append("an electronic queue of registered vehicles, not all at the post")
    return Simulated(
        tuple(_raw(o, pairs, r) for r in range(reps)),
        "; ".join(notes),
        overloaded=bool(over),
        compared=observed,
    )


def _rate(o: Observation, total: float) -> float:
    """A total over the row's period in the row's form (in the period, a day, a year)."""
    if o.measure.endswith("_per_day"):
        return total / o.days
    if o.measure.endswith("_per_year"):
        return total / o.days * 365.0
    return total


def _raw(o: Observation, pairs: list[tuple[StationOutcome, str]], r: int) -> float:
    """The row's figure in replication ``r``."""
    m = o.measure
    if m == "time_to_cross_h":
        total = weight = 0.0
        for s, stage in pairs:
            v = s.runs[r].get(f"{stage}_time_mean_h_shipments")
            if v is None:
                continue
            total += v * s.shipments_per_day
            weight += s.shipments_per_day
        return total / weight if weight else 0.0
    if m in ("queue_vehicles", "queue_wagons"):
        series = None
        for s, stage in pairs:
            name = "queue_by_day" if stage == "crossing" else f"{stage}_queue_by_day"
            q = np.asarray(s.runs[r].get(name, ()), dtype=np.float64)
            q = q * (s.wagons_per_train if m == "queue_wagons" else 1.0)
            series = q if series is None else series + q
        return float(series.max()) if series is not None and series.size else 0.0
    # counts over the period
    kinds = SCOPE_KINDS[o.scope]
    total = 0.0
    for s, stage in pairs:
        st = "entry" if stage == "crossing" else stage
        run = s.runs[r]
        days = o.days
        if o.counted == "tonnes":
            total += run["tonnes_per_day"] * days
            continue
        n = sum(run.get(f"{st}_{k}_per_day", 0.0) for k in kinds) * days
        total += n * (s.wagons_per_train if o.counted == "wagons" else 1.0)
    return _rate(o, total)


def station_task(
    task: tuple[tuple[StationPlan, ...], int, int, RunSettings, DemandSpec],
) -> StationOutcome:
    """One station of one evaluation, every replication: a pure function of its arguments, so
    it gives the same figures in this process, a worker or a Ray task."""
    plans, pre, days, settings, spec = task
    return station_outcome(plans, pre, days, settings, spec)


def station_outcome(
    plans: tuple[StationPlan, ...], pre: int, days: int, settings: RunSettings, spec: DemandSpec
) -> StationOutcome:
    """One station over the measured window: its replications, capacity and demand."""
    prepared = prepare_plans(plans, 0, pre, days, settings, detail=False)
    job = prepared.job
    runs = (
        prepared.first,
        *(replicate(job, r, settings.seed, detail=False) for r in range(1, settings.replications)),
    )
    st = job.station
    w0, w1 = int(job.window[0]), int(job.window[1])
    span = (w1 - w0) / 24.0
    arrivals = float(job.rate[w0:w1].sum()) / span
    empty = float((job.rate * job.shares[2])[w0:w1].sum()) / span
    share = empty / arrivals if arrivals else 0.0
    window = slice(w0 // 24, w1 // 24)
    cap = st.capacity(share, window)
    per_day, _ = st.capacity_by_day(share)
    exit_cap = np.minimum(st.exit.lane_capacity_by_day(), st.limit_by_day)[window]
    stage_cap = {
        "exit": float(exit_cap.mean()) if exit_cap.size else 0.0,
        "entry": float(np.minimum(st.entry.lane_capacity_by_day()[window], per_day[window]).mean())
        if per_day[window].size
        else 0.0,
    }
    return StationOutcome(
        st.crossing,
        st.direction,
        st.mode,
        st.exit.country,
        st.entry.country,
        runs,
        cap,
        stage_cap,
        arrivals - empty,
        arrivals,
        spec.loads.wagons_per_train.value,
        job.demand.tonnes_per_loaded_vehicle,
        job.demand.transit_tonnes,
    )
