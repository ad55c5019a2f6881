"""The model against observations: each observed figure simulated for its period.

For each row of the observations (:mod:`corridor.network.observations`) the network is resolved
for the row's day (mid-month, or 1 July of a year), demand is that year's trade (by the rule of
:func:`corridor.planning.demand.trade_for_year` where the year is incomplete), and the period
is simulated: the row's month, or its whole year, after the warm-up. The figure the row measures is
then read off the stations it names:

* ``time_to_cross_h``: the mean time of a shipment (empty vehicles excluded) at that side's post:
  the exit post for ``outbound``, the entry post for ``inbound``, both weighted by shipments for
  ``all``; ``side: both`` is the whole crossing; ``crossing: *`` averages the crossings of the
  mode weighted by shipments;
* ``vehicles_per_day``, ``trains_per_day``: vehicles through that post a day (a unit of ``train
  pairs`` counts both directions; ``CR trains`` counts China Railway Express trains, the model's
  transit trains); a capacity row is compared with the model's capacity there;
* ``queue_vehicles``, ``queue_wagons``: the mean number waiting at that post (wagons: trains ×
  wagons a train);
* ``tonnes_per_year``: tonnes through the crossings named, over the year.

The same code serves ``corridor validate`` and ``corridor calibrate``; runs of one station for
one period with the same inputs are computed once (:class:`Evaluator` keeps them).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridor.errors import DataGapError, ScenarioError
from corridor.ledger import Ledger
from corridor.network.demand import DemandSpec, StationDemand
from corridor.network.model import Network, at_day
from corridor.network.observations import Observation
from corridor.network.scenario import ScenarioInputs
from corridor.planning.demand import TradeInputs, demand_from_trade, trade_inputs
from corridor.planning.parameters import Parameter, apply_values
from corridor.sim.crossing import station_spec
from corridor.sim.replication import Job, replicate
from corridor.sim.settings import RunSettings

PeriodKey = tuple[int, int]  # (year, month); month 0: the whole year


def period_key(o: Observation) -> PeriodKey:
    p = o.period
    return (p.start.year, p.start.month if o.monthly else 0)


def period_days(key: PeriodKey) -> tuple[dt.date, dt.date, int]:
    """The day the network is resolved for, the first measured day and the number of days."""
    y, m = key
    if m == 0:
        return dt.date(y, 7, 1), dt.date(y, 1, 1), 366 if calendar.isleap(y) else 365
    return dt.date(y, m, 15), dt.date(y, m, 1), calendar.monthrange(y, m)[1]


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
class Evaluator:
    """Simulates the observations' periods for parameter values (module docstring)."""

    ledger: Ledger
    inputs: ScenarioInputs
    observations: tuple[Observation, ...]
    settings: RunSettings
    params: list[Parameter] = field(default_factory=list)
    progress: Callable[[int, int], None] | None = None
    _trade: dict[int, TradeInputs | str] = field(default_factory=dict)
    _memo: dict[tuple[object, ...], object] = field(default_factory=dict)
    _cache: dict[tuple[Any, ...], StationOutcome] = field(default_factory=dict)

    def trade(self, year: int) -> TradeInputs | str:
        if year not in self._trade:
            try:
                self._trade[year] = trade_inputs(
                    self.ledger, self.inputs.demand, self.inputs.network, year, self._memo
                )
            except DataGapError as exc:
                self._trade[year] = str(exc)
        return self._trade[year]

    def periods(self) -> dict[PeriodKey, list[Observation]]:
        out: dict[PeriodKey, list[Observation]] = {}
        for o in self.observations:
            if o.simulated:
                out.setdefault(period_key(o), []).append(o)
        return dict(sorted(out.items()))

    def outcomes(
        self,
        values: dict[str, float],
        key: PeriodKey,
        rows: list[Observation] | None = None,
    ) -> tuple[dict[tuple[str, str], StationOutcome], Network, str]:
        """The running stations of one period that ``rows`` name (all if None), for these
        parameter values; the network of the period; a note when it cannot be simulated."""
        network, spec = apply_values(self.inputs.network, self.inputs.demand, self.params, values)
        day, start, days = period_days(key)
        net = network.at(day)
        spec_day: DemandSpec = at_day(spec, day)
        trade = self.trade(key[0])
        if isinstance(trade, str):
            return {}, net, f"no trade for {key[0]}: {trade}"
        stations = demand_from_trade(trade, spec_day, net)
        settings = RunSettings(
            days=days,
            replications=self.settings.replications,
            seed=self.settings.seed,
            warmup_days=self.settings.warmup_days,
        )
        first = start - dt.timedelta(days=settings.warmup_days)
        total = settings.warmup_days + days
        window = (settings.warmup_days * 24.0, total * 24.0)
        running = {c.id for c in net.running()}
        wanted_ids = None if rows is None else {o.crossing for o in rows}
        wanted_modes = set() if rows is None else {o.mode for o in rows if o.crossing == "*"}
        out: dict[tuple[str, str], StationOutcome] = {}
        index = 0
        for d in stations:
            if d.crossing not in running:
                continue
            if wanted_ids is not None and not (d.crossing in wanted_ids or d.mode in wanted_modes):
                index += 1  # the station's random stream stays its own
                continue
            crossing = net.crossing(d.crossing)
            key_ = (key, index, repr(crossing), repr(d), spec_day.loads, settings)
            cached = self._cache.get(key_)
            if cached is None:
                cached = self._run(net, spec_day, d, index, first, total, window, settings)
                self._cache[key_] = cached
            out[(d.crossing, d.direction)] = cached
            index += 1
        return out, net, ""

    def _run(
        self,
        net: Network,
        spec: DemandSpec,
        d: StationDemand,
        index: int,
        first: dt.date,
        total: int,
        window: tuple[float, float],
        settings: RunSettings,
    ) -> StationOutcome:
        wagons = spec.loads.wagons_per_train.value
        st = station_spec(
            net,
            net.crossing(d.crossing),
            d.direction,
            start=first,
            days=total,
            wagons_per_train=wagons,
        )
        rate, shares = d.hourly_rates(spec, first, total)
        job = Job(index, d, st, rate, shares, window)
        runs = tuple(
            replicate(job, r, settings.seed, detail=False) for r in range(settings.replications)
        )
        w0, w1 = int(window[0]), int(window[1])
        span = (w1 - w0) / 24.0
        arrivals = float(rate[w0:w1].sum()) / span
        empty = float((rate * shares[2])[w0:w1].sum()) / span
        cap = st.capacity(empty / arrivals if arrivals else 0.0)
        stage_cap = {
            "exit": min(st.exit.lane_capacity_per_day(), st.daily_limit),
            "entry": min(
                st.entry.lane_capacity_per_day(),
                st.entry.gauge_per_day / max(1 - empty / arrivals, 1e-9)
                if st.entry.gauge_per_day and arrivals
                else math.inf,
            ),
        }
        return StationOutcome(
            d.crossing,
            d.direction,
            d.mode,
            st.exit.country,
            st.entry.country,
            runs,
            cap,
            stage_cap,
            arrivals - empty,
            arrivals,
            wagons,
        )

    def run(self, values: dict[str, float]) -> dict[str, Simulated]:
        """Every simulated row's figure for these parameter values."""
        out: dict[str, Simulated] = {}
        periods = self.periods()
        for i, (key, rows) in enumerate(periods.items()):
            stations, net, why = self.outcomes(values, key, rows)
            for o in rows:
                out[o.id] = Simulated(None, why) if why else simulate_row(o, stations, net)
            if self.progress is not None:
                self.progress(i + 1, len(periods))
        for o in self.observations:
            if not o.simulated:
                out[o.id] = Simulated(None, f"the measure {o.measure!r} is not simulated")
        return out


def _stages(
    o: Observation, stations: dict[tuple[str, str], StationOutcome], net: Network
) -> tuple[list[tuple[StationOutcome, str]], str]:
    """The (station, stage) pairs a row names; stage is exit, entry or crossing."""
    if o.crossing == "*":
        chosen = [s for s in stations.values() if s.mode == o.mode]
        if not chosen:
            return [], f"no {o.mode} crossing runs on {net.as_of}"
    else:
        chosen = [s for s in stations.values() if s.crossing == o.crossing]
        if not chosen:
            status = net.crossing(o.crossing).status_on(net.as_of) if net.as_of else "off"
            return [], f"{o.crossing} does not run on {net.as_of} (status {status})"
    pairs: list[tuple[StationOutcome, str]] = []
    for s in chosen:
        if o.side == "both":
            leaves_first = s.exit_country == net.countries[0]
            if o.direction == "all" or (o.direction == "outbound") == leaves_first:
                pairs.append((s, "crossing"))
            continue
        if s.exit_country == o.side and o.direction in ("outbound", "all"):
            pairs.append((s, "exit"))
        if s.entry_country == o.side and o.direction in ("inbound", "all"):
            pairs.append((s, "entry"))
    return pairs, ""


def simulate_row(
    o: Observation, stations: dict[tuple[str, str], StationOutcome], net: Network
) -> Simulated:
    """One row's figure from the period's stations (module docstring)."""
    pairs, why = _stages(o, stations, net)
    if not pairs:
        return Simulated(None, why or "no station matches the row")
    reps = len(pairs[0][0].runs)
    unit = o.unit.lower()
    observed = o.value
    notes: list[str] = []
    over = [s for s, _ in pairs if s.overloaded]
    m = o.measure
    if m in ("time_to_cross_h", "queue_vehicles", "queue_wagons") and over:
        s = over[0]
        bound = s.capacity
        return Simulated(
            tuple(_raw(o, pairs, r) for r in range(reps)),
            f"the model has {s.crossing} {s.direction} overloaded at the {bound[1]} post "
            f"({bound[2]}: {s.arrivals_per_day:,.1f} arrive a day, {bound[0]:,.1f} can be "
            "cleared): a time or a queue there grows with the run's length",
            overloaded=True,
            compared=observed,
        )
    if m in ("vehicles_per_day", "trains_per_day"):
        if "pair" in unit:
            observed = o.value * 2
            notes.append("train pairs: both directions counted")
        if o.kind == "capacity":
            cap = sum(s.stage_capacity["entry" if st == "crossing" else st] for s, st in pairs)
            notes.append("a capacity or limit: compared with the model's capacity there")
            return Simulated((cap,) * reps, "; ".join(notes), compared=observed)
        if re.search(r"\bcr\b", unit):
            notes.append("China Railway Express trains only: compared with the model's transit")
    if m == "queue_vehicles" and "electronic" in unit:
        notes.append("an electronic queue of registered vehicles, not all at the post")
    if m == "tonnes_per_year" and o.kind == "capacity":
        return Simulated(None, "a capacity in tonnes: the model states capacity in vehicles")
    return Simulated(
        tuple(_raw(o, pairs, r) for r in range(reps)), "; ".join(notes), compared=observed
    )


def _raw(o: Observation, pairs: list[tuple[StationOutcome, str]], r: int) -> float:
    """The row's figure in replication ``r``."""
    m, unit = o.measure, o.unit.lower()
    if m == "time_to_cross_h":
        total = weight = 0.0
        for s, stage in pairs:
            v = s.runs[r].get(f"{stage}_time_mean_h_shipments")
            if v is None:
                continue
            total += v * s.shipments_per_day
            weight += s.shipments_per_day
        return total / weight if weight else 0.0
    if m in ("vehicles_per_day", "trains_per_day"):
        cr = re.search(r"\bcr\b", unit) is not None
        out = 0.0
        for s, stage in pairs:
            st = "entry" if stage == "crossing" else stage
            out += s.runs[r][f"{st}_transit_per_day" if cr else f"{st}_throughput_per_day"]
        return out
    if m in ("queue_vehicles", "queue_wagons"):
        out = 0.0
        for s, stage in pairs:
            name = "queue_mean" if stage == "crossing" else f"{stage}_queue_mean"
            q = s.runs[r].get(name, 0.0)
            out += q * (s.wagons_per_train if m == "queue_wagons" else 1.0)
        return out
    if m == "tonnes_per_year":
        seen: set[tuple[str, str]] = set()
        out = 0.0
        for s, _ in pairs:
            if (s.crossing, s.direction) not in seen:
                seen.add((s.crossing, s.direction))
                out += s.runs[r]["tonnes_per_day"] * 365.0
        return out
    raise ScenarioError(f"measure {m} is not simulated")
