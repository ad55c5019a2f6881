"""Demand reconciled with the counts: the counts reported at a crossing set the level of its
traffic, the trade of the pair sets the mix.

Trade gives each crossing direction its vehicles by class (:mod:`corridor.network.demand`): loaded
vehicles from the pair's trade, empty ones going back, transit vehicles, commodity vehicles driven
across. What crosses is counted too (observations ``vehicles``, ``trains``, ``wagons`` or ``tonnes``
over a period, of kind ``actual``). Where the two disagree the count is believed:

1. for the year simulated, each crossing's counts of that year are used; a crossing without a count
   that year takes the ratio of its counts to the trade-derived traffic of the nearest earlier year
   with counts (else the nearest later one): the level carries over, trade sets the trend;
2. each count is compared with the trade-derived traffic of its own period (with the events in
   force, the days of the year and its seasons), at the posts and directions it names, for the
   classes its unit names (China Railway Express trains are transit, laden trucks are loaded and
   transit vehicles, commodity vehicles are those driven across; otherwise every class);
3. counts of one class are fitted first, then counts of every class scale the classes not fitted
   yet; several counts of one scope give the geometric mean of their ratios, weighted by their
   days. A count that the classes fitted before already exceed is reported, not used;
4. the factor scales vehicles and tonnes of those classes, never the pair's trade value: the
   extra vehicles carry what the pair's statistics do not record (transit to third countries,
   re-exports, cargo valued lower) or lighter loads.

The result is a set of :class:`~corridor.network.demand.Anchor` and, for every count, a
:class:`CountCheck` saying by how much it and the trade disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from corridor.network.demand import Anchor, DemandSpec, TradeInputs
from corridor.network.events import Event
from corridor.network.model import Network
from corridor.network.observations import Observation
from corridor.sim.schedule import StationPlan, Timeline, plan_stations

#: kinds of vehicle (rows of the arrival shares) each class takes in, by a count's scope
KIND_INDEX = {"agri": 0, "loaded": 1, "empty": 2, "transit": 3, "commodity": 4}
SCOPE_CLASSES: dict[str, dict[str, tuple[str, ...]]] = {
    "transit": {"transit": ("transit",)},
    "commodity": {"commodity": ("commodity",)},
    "laden": {"loaded": ("agri", "loaded"), "transit": ("transit",)},
    "all": {
        "loaded": ("agri", "loaded", "empty"),
        "transit": ("transit",),
        "commodity": ("commodity",),
    },
}
ORDER = ("transit", "commodity", "laden", "all")


@dataclass(frozen=True)
class CountCheck:
    """One count against the trade-derived traffic of its period."""

    id: str
    crossing: str
    year: int
    period: str
    measure: str
    scope: str
    counted: float  # over the period
    trade_derived: float | None
    ratio: float | None  # counted / trade-derived
    used: bool
    note: str


@dataclass(frozen=True)
class Reconciliation:
    year: int
    anchors: tuple[Anchor, ...]
    checks: tuple[CountCheck, ...]
    notes: tuple[str, ...]


def counted_total(o: Observation) -> float:
    """The observed figure as a total over its period."""
    if o.measure.endswith("_per_day"):
        return o.value * o.days
    if o.measure.endswith("_per_year"):
        return o.value * o.days / 365.0
    return o.value


def usable_count(o: Observation) -> bool:
    return o.is_count and o.kind == "actual" and o.crossing != "*" and o.mode in ("road", "rail")


def directions_of(o: Observation, countries: tuple[str, str]) -> tuple[str, ...]:
    """The crossing directions a row names (side and direction, module docstring of
    :mod:`corridor.network.observations`)."""
    if o.direction == "all":
        return ("a_to_b", "b_to_a")
    first = countries[0] if o.side == "both" else o.side
    leaves_first = (first == countries[0]) == (o.direction == "outbound")
    return ("a_to_b",) if leaves_first else ("b_to_a",)


def expected(
    o: Observation,
    plans: Sequence[StationPlan],
    countries: tuple[str, str],
    kinds: tuple[str, ...],
    wagons_per_train: float,
) -> dict[str, float]:
    """The trade-derived traffic over the row's period by direction, for ``kinds``, in the
    row's unit (vehicles, trains, wagons or tonnes)."""
    dirs = directions_of(o, countries)
    out: dict[str, float] = {}
    what = o.counted
    for p in plans:
        if p.spec.crossing != o.crossing or p.spec.direction not in dirs:
            continue
        parts = p.shares * p.rate
        total = 0.0
        for k in kinds:
            n = float(parts[KIND_INDEX[k]].sum())
            if what == "tonnes":
                if k in ("agri", "loaded"):
                    total += n * p.demand.tonnes_per_loaded_vehicle
                elif k == "transit":
                    total += n * p.demand.transit_tonnes
            elif what == "wagons":
                total += n * wagons_per_train
            else:
                total += n
        out[p.spec.direction] = out.get(p.spec.direction, 0.0) + total
    return out


def choose_year(years: set[int], year: int) -> int | None:
    """The counts' year used for ``year``: itself, else the nearest earlier, else later."""
    if not years:
        return None
    if year in years:
        return year
    earlier = [y for y in years if y < year]
    return max(earlier) if earlier else min(years)


def reconcile(
    year: int,
    network: Network,
    spec: DemandSpec,
    trade_for: Callable[[int], TradeInputs | None],
    observations: Sequence[Observation],
    events: tuple[Event, ...] = (),
    *,
    before: int | None = None,
) -> Reconciliation:
    """Anchors for simulating ``year`` (module docstring). ``trade_for(y)``: the trade of year
    ``y`` (None when the ledger cannot give it); ``before``: use only counts of earlier years
    (an out-of-sample prediction of ``before`` and later)."""
    rows = [o for o in observations if usable_count(o)]
    if before is not None:
        rows = [o for o in rows if o.period.end.year < before]
    by_crossing: dict[str, list[Observation]] = {}
    for o in rows:
        by_crossing.setdefault(o.crossing, []).append(o)
    countries = network.countries
    cache: dict[tuple[dt.date, int, int], list[StationPlan]] = {}
    anchors: list[Anchor] = []
    checks: list[CountCheck] = []
    notes: list[str] = []
    wagons = spec.loads.wagons_per_train.value
    sds = spec.count_level_log_sd
    level_sd = {k: sds[k].value if k in sds else 0.0 for k in ("carried", "mode")}

    def plans_for(o: Observation, y: int) -> list[StationPlan] | None:
        key = (o.period.start, o.days, y)
        if key not in cache:
            trade = trade_for(y)
            if trade is None:
                return None
            timeline = Timeline(network, spec, trade, 1.0, (), events)
            cache[key] = plan_stations(timeline, o.period.start, o.days, main_day=o.day)
        return cache[key]

    for crossing, crows in sorted(by_crossing.items()):
        chosen = choose_year({o.period.end.year for o in crows}, year)
        used_rows = [o for o in crows if o.period.end.year == chosen]
        factors: dict[tuple[str, str], float] = {}
        sources: dict[tuple[str, str], list[str]] = {}
        for scope in ORDER:
            fits: list[tuple[float, float, Observation]] = []
            free_keys: set[tuple[str, str]] = set()
            for o in (r for r in used_rows if r.scope == scope):
                plans = plans_for(o, o.period.end.year)
                counted = counted_total(o)
                period = f"{o.period.start}..{o.period.end}"
                if plans is None:
                    checks.append(CountCheck(o.id, crossing, o.period.end.year, period,
                                             o.measure, scope, counted, None, None, False,
                                             "no trade for that year"))  # fmt: skip
                    continue
                fixed = free = 0.0
                keys: set[tuple[str, str]] = set()
                for cls, kinds in SCOPE_CLASSES[scope].items():
                    by_dir = expected(o, plans, countries, kinds, wagons)
                    for d, v in by_dir.items():
                        if (d, cls) in factors:
                            fixed += v * factors[(d, cls)]
                        else:
                            free += v
                            keys.add((d, cls))
                derived = fixed + free
                ratio = counted / derived if derived > 0 else None
                if not keys or free <= 0:
                    note = "already matched by the classes fitted before; a check only"
                    checks.append(CountCheck(o.id, crossing, o.period.end.year, period,
                                             o.measure, scope, counted, derived, ratio, False,
                                             note))  # fmt: skip
                    continue
                f = (counted - fixed) / free
                if f <= 0:
                    note = (
                        f"the classes fitted before give {fixed:,.0f} already, more than the "
                        f"{counted:,.0f} counted: not used"
                    )
                    checks.append(CountCheck(o.id, crossing, o.period.end.year, period,
                                             o.measure, scope, counted, derived, ratio, False,
                                             note))  # fmt: skip
                    continue
                fits.append((f, float(o.days), o))
                free_keys |= keys
                checks.append(CountCheck(o.id, crossing, o.period.end.year, period, o.measure,
                                         scope, counted, derived, ratio, True, ""))  # fmt: skip
            if not fits:
                continue
            weights = np.array([w for _, w, _ in fits])
            factor = float(
                np.exp(np.sum(weights * np.log([f for f, _, _ in fits])) / weights.sum())
            )
            for key in free_keys:
                factors[key] = factor
                sources[key] = [o.id for _, _, o in fits]
        sd = 0.0 if chosen == year else level_sd["carried"]
        for (d, cls), f in sorted(factors.items()):
            anchors.append(
                Anchor(crossing, d, cls, f, chosen or year, tuple(sources[(d, cls)]), sd)
            )
        if factors and chosen is not None:
            notes.append(_note(crossing, chosen, year, factors, checks, sd))
    modes = _mode_factors(anchors, network, level_sd["mode"])
    if modes:
        uncounted = sorted(
            c.id
            for c in network.crossings
            if c.enabled and c.mode in {a.crossing[1:] for a in modes} and c.id not in by_crossing
        )
        if uncounted:
            notes.append(
                f"{', '.join(uncounted)}: no count of their own; each class takes the factor of "
                "the counted crossings of its mode (their geometric mean)"
                + _spread(level_sd["mode"], "a mode's factor has missed a crossing's own counts")
            )
    return Reconciliation(year, tuple(anchors) + modes, tuple(checks), tuple(notes))


@dataclass(frozen=True)
class TrafficLevel:
    """Where a crossing's traffic level for the year simulated comes from, and how sure it is:
    ``counts`` (its counts of that year), ``carried`` (its counts of another year), ``mode``
    (its mode's counted crossings) or ``trade`` (the trade-derived level alone)."""

    source: str
    year: int | None  # the counts' year
    log_sd: float

    @property
    def words(self) -> str:
        """ "counts of 2023, carried (×/÷ 2.1)", as the report and the run's notes say it."""
        spread = f" ({times_or_divided(self.log_sd)})" if self.log_sd > 0 else ""
        return {
            "counts": f"counts of {self.year}",
            "carried": f"counts of {self.year}, carried{spread}",
            "mode": f"its mode's counted crossings{spread}",
            "trade": "trade alone",
        }[self.source]


def traffic_level(anchors: Sequence[Anchor], crossing: str, mode: str, year: int) -> TrafficLevel:
    """Where ``crossing``'s level comes from among a run's ``anchors`` (for ``year``)."""
    own = [a for a in anchors if a.crossing == crossing]
    if own:
        a = own[0]
        return TrafficLevel("counts" if a.year == year else "carried", a.year, a.log_sd)
    by_mode = [a for a in anchors if a.crossing == f"*{mode}"]
    if by_mode:
        return TrafficLevel("mode", None, by_mode[0].log_sd)
    return TrafficLevel("trade", None, 0.0)


@dataclass(frozen=True)
class CarryError:
    """A crossing-year with counts of its own, against the level the counts of earlier years
    alone gave it: its own counts carried (``from_year``), else its mode's factor (None)."""

    crossing: str
    year: int
    from_year: int | None
    log_error: float  # log(carried factor / the year's own), averaged over its classes


def carry_errors(
    network: Network,
    spec: DemandSpec,
    trade_for: Callable[[int], TradeInputs | None],
    observations: Sequence[Observation],
    events: tuple[Event, ...] = (),
) -> list[CarryError]:
    """How far a level carried to a year without counts misses: for every year with counts and
    every crossing counted that year, the factor the counts of the years before give it (its
    own, carried, else its mode's) against the factor its own counts give (each class and
    direction the two share, their mean log ratio)."""
    mode_of = {c.id: c.mode for c in network.crossings}
    years = sorted({o.period.end.year for o in observations if usable_count(o)})
    out = []
    for year in years:
        counted = reconcile(year, network, spec, trade_for, observations, events)
        prior = reconcile(year, network, spec, trade_for, observations, events, before=year)
        carried = {(a.crossing, a.direction, a.kind): a for a in prior.anchors}
        by_crossing: dict[str, list[tuple[float, int | None]]] = {}
        for a in counted.anchors:
            if a.crossing.startswith("*") or a.year != year:
                continue
            c = carried.get((a.crossing, a.direction, a.kind))
            if c is not None and c.year < year:
                by_crossing.setdefault(a.crossing, []).append(
                    (math.log(c.factor / a.factor), c.year)
                )
                continue
            m = carried.get((f"*{mode_of[a.crossing]}", a.direction, a.kind))
            if m is not None and m.year < year:
                by_crossing.setdefault(a.crossing, []).append((math.log(m.factor / a.factor), None))
        for crossing, errors in sorted(by_crossing.items()):
            carried_own = [(e, y) for e, y in errors if y is not None]
            by_mode = [e for e, y in errors if y is None]
            if carried_own:
                mean = sum(e for e, _ in carried_own) / len(carried_own)
                out.append(CarryError(crossing, year, max(y for _, y in carried_own), mean))
            if by_mode:
                out.append(CarryError(crossing, year, None, sum(by_mode) / len(by_mode)))
    return out


def level_log_sd(errors: Sequence[CarryError]) -> dict[str, tuple[float, int]]:
    """The root mean square of the log errors, and over how many crossing-years: of levels
    carried from a crossing's own counts of another year (``carried``) and of its mode's factor
    (``mode``); a kind without any errors is left out."""
    out = {}
    for kind, rows in (
        ("carried", [e for e in errors if e.from_year is not None]),
        ("mode", [e for e in errors if e.from_year is None]),
    ):
        if rows:
            out[kind] = (math.sqrt(sum(e.log_error**2 for e in rows) / len(rows)), len(rows))
    return out


def _spread(log_sd: float, what: str) -> str:
    """ "; a carried level has missed … by ×/÷ 2.0 at one standard deviation" (nothing for 0)."""
    if log_sd <= 0:
        return ""
    return f"; {what} by {times_or_divided(log_sd)} at one standard deviation"


def times_or_divided(log_sd: float) -> str:
    """A log standard deviation as the factor a reader reads: "×/÷ 2.1"."""
    return f"×/÷ {math.exp(log_sd):.1f}"


def _mode_factors(
    anchors: list[Anchor], network: Network, log_sd: float = 0.0
) -> tuple[Anchor, ...]:
    """For the crossings of a mode without counts (and those a lever adds): each class and
    direction takes the geometric mean of the counted crossings' factors of that mode."""
    mode_of = {c.id: c.mode for c in network.crossings}
    groups: dict[tuple[str, str, str], list[Anchor]] = {}
    for a in anchors:
        groups.setdefault((mode_of[a.crossing], a.direction, a.kind), []).append(a)
    out = []
    for (mode, direction, kind), group in sorted(groups.items()):
        mean = float(np.exp(np.mean(np.log([a.factor for a in group]))))
        rows = tuple(dict.fromkeys(r for a in group for r in a.rows))
        year = max(a.year for a in group)
        out.append(Anchor(f"*{mode}", direction, kind, mean, year, rows, log_sd))
    return tuple(out)


def _note(
    crossing: str,
    chosen: int,
    year: int,
    factors: dict[tuple[str, str], float],
    checks: list[CountCheck],
    log_sd: float = 0.0,
) -> str:
    used = [c for c in checks if c.crossing == crossing and c.used and c.year == chosen]
    shown = ", ".join(
        f"{c.id} {c.counted:,.0f} counted vs {c.trade_derived:,.0f} from trade"
        for c in used[:3]
        if c.trade_derived is not None
    )
    spread = sorted({round(f, 2) for f in factors.values() if math.isfinite(f)})
    scale = f"×{spread[0]:g}" if len(spread) == 1 else f"×{spread[0]:g} to ×{spread[-1]:g}"
    when = (
        ""
        if chosen == year
        else f" (the counts of {chosen}, carried to {year}"
        + _spread(log_sd, "a carried level has missed the year's own counts")
        + ")"
    )
    return (
        f"{crossing}: the counts set its traffic{when}: {shown}; traffic {scale} the "
        "trade-derived level (the pair's trade value is kept: the difference is traffic its "
        "statistics do not record, such as transit and re-exports, or lighter loads)"
    )
