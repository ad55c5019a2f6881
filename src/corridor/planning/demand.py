"""Demand: a year of trade between the two countries → tonnes → vehicles per crossing direction.

Steps (parameters in ``data/corridor/demand.yaml``, each with its source or assumption):

1. trade values by HS4 heading for each direction (country a's exports to b: ``a_to_b``; its
   imports from b: ``b_to_a``): the ledger's figure for that year (:func:`trade_for_year`). A
   year without products for a direction takes the product mix of the nearest year that has them,
   scaled to the year's own total where the ledger holds one, else to a total interpolated between
   the nearest years with totals (or the nearest year's, outside them); the rule used is stated;
2. pipeline goods (crude oil, gas) removed;
3. tonnes: value ÷ unit value, from the ledger's own quantities in tonnes, the most specific first:
   the pair's own rows for that heading, any rows for the heading, the pair's chapter, any rows for
   the chapter, else the cargo group's default;
4. a rail share per cargo group; rail tonnes → wagons → trains, road tonnes → trucks;
5. vehicles shared among the crossings of each mode that run on the day (shares of closed ones
   go to the others, in proportion); transit vehicles added; the difference in loaded vehicles
   between the two directions partly goes back empty (``empty_return``);
6. hourly arrival rates (:meth:`StationDemand.hourly_rates`) shaped by hour-of-day and weekday
   profiles, farm goods also by the harvest season.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from corridor.errors import DataGapError
from corridor.ledger import FlowValue, Ledger
from corridor.network.demand import GROUPS, DemandSpec, StationDemand
from corridor.network.model import DIRECTIONS, Network
from corridor.periods import year as calendar_year

FLOW_OF = {"a_to_b": "export", "b_to_a": "import"}


@dataclass(frozen=True)
class TradeMix:
    """One direction's trade for a year, by HS4 heading, and how it was obtained."""

    direction: str
    year: int
    rows: tuple[tuple[str, float], ...]  # (HS4, US$)
    total_usd: float
    source: str
    rule: str  # empty when the year's own products are used

    @property
    def note(self) -> str:
        base = f"{FLOW_OF[self.direction]}s {self.year}: US${self.total_usd / 1e9:,.2f} bn"
        return f"{base} ({self.source})" + (f"; {self.rule}" if self.rule else "")


Memo = dict[tuple[object, ...], object]


def _value(
    ledger: Ledger, a: str, b: str, flow: str, y: int, memo: Memo
) -> tuple[FlowValue | None, str]:
    key = ("value", a, b, flow, y)
    if key not in memo:
        found = ledger.flows.value(reporter=a, partner=b, flow=flow, period=calendar_year(y)).found
        memo[key] = (found, "" if found is None else f"{found.label}, {found.status}")
    return memo[key]  # type: ignore[return-value]


def _products(
    ledger: Ledger, a: str, b: str, flow: str, found: FlowValue | None
) -> list[tuple[str, float]]:
    """The figure's HS4 rows (empty when it has none: a published total, or coarser codes)."""
    if found is None or found.level == 0 or found.finest < 4:
        return []
    products = ledger.flows.products(found, reporter=a, partner=b, flow=flow, region=None, by="hs4")
    return [(p.code, p.value_usd) for p in products]


def trade_for_year(
    ledger: Ledger, a: str, b: str, year: int, memo: Memo | None = None
) -> dict[str, TradeMix]:
    """Each direction's trade for ``year`` by HS4 (module docstring, step 1). ``memo`` keeps
    the ledger's answers across calls (the years a calibration asks for share most of them)."""
    memo = {} if memo is None else memo
    out: dict[str, TradeMix] = {}
    for direction in DIRECTIONS:
        flow = FLOW_OF[direction]
        found, label = _value(ledger, a, b, flow, year, memo)
        rows = _products(ledger, a, b, flow, found)
        if rows:
            out[direction] = TradeMix(
                direction, year, tuple(rows), sum(v for _, v in rows), label, ""
            )
            continue
        mix_rows: list[tuple[str, float]] = []
        mix_year, mix_label = None, ""
        for y in sorted(ledger.flows.product_years(a, b, flow), key=lambda y: (abs(y - year), -y)):
            candidate, candidate_label = _value(ledger, a, b, flow, y, memo)
            mix_rows = _products(ledger, a, b, flow, candidate)
            if mix_rows:
                mix_year, mix_label = y, candidate_label
                break
        if mix_year is None:
            raise DataGapError(
                f"demand needs {a}–{b} {flow}s by HS4 for some year; the ledger holds none"
            )
        mix_total = sum(v for _, v in mix_rows)
        if found is not None:
            rule = (
                f"no products for {year}: {mix_year}'s product mix ({mix_label}) scaled to "
                f"{year}'s total"
            )
            scale_to, source = found.value_usd, label
        else:
            scale_to, how = _interpolated_total(ledger, a, b, flow, year, memo)
            rule = (
                f"no {year} figure: {mix_year}'s product mix ({mix_label}) scaled to a total {how}"
            )
            source = "estimated"
        factor = scale_to / mix_total
        scaled = tuple((c, v * factor) for c, v in mix_rows)
        out[direction] = TradeMix(direction, year, scaled, scale_to, source, rule)
    return out


def _interpolated_total(
    ledger: Ledger, a: str, b: str, flow: str, year: int, memo: Memo
) -> tuple[float, str]:
    """A total for a year the ledger has none for: log-linear between the nearest years with
    one, or the nearest year's outside them."""
    held: dict[int, float] = {}
    for y in ledger.flows.annual_years((a, b)):
        found, _ = _value(ledger, a, b, flow, y, memo)
        if found is not None and found.value_usd:
            held[y] = found.value_usd
    if not held:
        raise DataGapError(f"demand needs {a}–{b} {flow}s for some year; the ledger holds none")
    before = max((y for y in held if y < year), default=None)
    after = min((y for y in held if y > year), default=None)
    if before is not None and after is not None:
        w = (year - before) / (after - before)
        value = math.exp((1 - w) * math.log(held[before]) + w * math.log(held[after]))
        return value, (
            f"interpolated between {before} (US${held[before] / 1e9:,.2f} bn) and {after} "
            f"(US${held[after] / 1e9:,.2f} bn)"
        )
    nearest = before if before is not None else after
    assert nearest is not None
    return held[nearest], f"taken from {nearest}, the nearest year with one (not grown)"


def _unit_value(
    code: str,
    group: str,
    pair: tuple[dict[str, float], dict[str, float]],
    world: tuple[dict[str, float], dict[str, float]],
    spec: DemandSpec,
) -> float:
    (pair4, pair2), (world4, world2) = pair, world
    for table, key in ((pair4, code), (world4, code), (pair2, code[:2]), (world2, code[:2])):
        uv = table.get(key)
        if uv:
            return uv
    return spec.unit_value_default_usd_per_t[group].value


def _shares(spec: DemandSpec, network: Network, mode: str) -> tuple[dict[str, float], list[str]]:
    """Each running crossing's share of its mode, closed crossings' shares spread over the rest."""
    given = spec.crossing_share.get(mode, {})
    running = {c.id for c in network.running()}
    for crossing_id in given:
        network.crossing(crossing_id)  # must exist
    kept = {c: f.value for c, f in given.items() if c in running}
    dropped = sorted(set(given) - running)
    total = sum(kept.values())
    notes = []
    if dropped and total > 0:
        when = f" on {network.as_of}" if network.as_of else ""
        notes.append(
            f"{mode}: {', '.join(dropped)} not running{when}; their shares of the traffic "
            "go to the other crossings of the mode in proportion"
            if len(dropped) > 1
            else f"{mode}: {dropped[0]} not running{when}; its share of the traffic goes to "
            "the other crossings of the mode in proportion"
        )
    return ({c: v / total for c, v in kept.items()} if total > 0 else {}), notes


@dataclass(frozen=True)
class TradeInputs:
    """What demand takes from the ledger for one year: each direction's trade mix, and its value
    and tonnes by cargo group (before growth)."""

    year: int
    mixes: dict[str, TradeMix]
    value: dict[str, dict[str, float]]  # direction → group → US$
    tonnes: dict[str, dict[str, float]]  # direction → group → t

    @property
    def notes(self) -> list[str]:
        return [m.note for m in self.mixes.values()]


def trade_inputs(
    ledger: Ledger, spec: DemandSpec, network: Network, year: int, memo: Memo | None = None
) -> TradeInputs:
    """Steps 1–3 of the module docstring: the year's trade by cargo group in US$ and tonnes."""
    memo = {} if memo is None else memo
    a, b = network.countries
    trade = trade_for_year(ledger, a, b, year, memo)
    pipe = spec.pipeline_hs4.codes

    def unit_values(digits: int, **pair: str) -> dict[str, float]:
        key = ("uv", pipe, digits, tuple(sorted(pair.items())))
        if key not in memo:
            memo[key] = ledger.flows.unit_values(pipe, digits=digits, **pair)
        return memo[key]  # type: ignore[return-value]

    world = (unit_values(4), unit_values(2))
    values: dict[str, dict[str, float]] = {}
    tonnes_by: dict[str, dict[str, float]] = {}
    for direction in DIRECTIONS:
        flow_pair = {"reporter": a, "partner": b, "flow": FLOW_OF[direction]}
        pair = (unit_values(4, **flow_pair), unit_values(2, **flow_pair))
        value = dict.fromkeys(GROUPS, 0.0)
        tonnes = dict.fromkeys(GROUPS, 0.0)
        for code, usd in trade[direction].rows:
            if code in pipe:
                continue
            group = spec.group_of(code[:2])
            value[group] += usd
            tonnes[group] += usd / _unit_value(code, group, pair, world, spec)
        values[direction], tonnes_by[direction] = value, tonnes
    return TradeInputs(year, trade, values, tonnes_by)


def station_demand(
    ledger: Ledger,
    spec: DemandSpec,
    network: Network,
    year: int,
    *,
    growth: float = 1.0,
) -> tuple[StationDemand, ...]:
    """Demand at every running crossing direction named in ``crossing_share``, for trade of
    ``year`` (module docstring)."""
    return demand_from_trade(trade_inputs(ledger, spec, network, year), spec, network, growth)


def demand_from_trade(
    inputs: TradeInputs, spec: DemandSpec, network: Network, growth: float = 1.0
) -> tuple[StationDemand, ...]:
    """Steps 4–5 of the module docstring, from a year's trade (no ledger needed)."""
    loads = spec.loads
    train_t = loads.wagon_t.value * loads.wagons_per_train.value
    notes = inputs.notes
    by_key: dict[tuple[str, str], StationDemand] = {}
    share_of: dict[str, dict[str, float]] = {}
    for mode in ("rail", "road"):
        share_of[mode], more = _shares(spec, network, mode)
        notes += more
    for direction in DIRECTIONS:
        value = {g: v * growth for g, v in inputs.value[direction].items()}
        tonnes = {g: t * growth for g, t in inputs.tonnes[direction].items()}
        for g, extra in spec.extra_tonnes_per_year.get(direction, {}).items():
            tonnes[g] += extra.value
            value[g] += extra.value * spec.unit_value_default_usd_per_t[g].value
        for mode in ("rail", "road"):
            for crossing_id, share in share_of[mode].items():
                vehicles, vals, tons = {}, {}, {}
                for g in GROUPS:
                    rail = spec.rail_share[g].value
                    part = (rail if mode == "rail" else 1 - rail) * share
                    tons[g] = tonnes[g] * part
                    vals[g] = value[g] * part
                    vehicles[g] = tons[g] / (train_t if mode == "rail" else loads.truck_t.value)
                transit = 0.0
                if crossing_id in spec.transit_per_year:
                    west = spec.transit_share_b_to_a.value
                    frac = west if direction == "b_to_a" else 1 - west
                    transit = spec.transit_per_year[crossing_id].value * frac
                by_key[(crossing_id, direction)] = StationDemand(
                    crossing_id, direction, mode, vehicles, vals, tons, transit, 0.0
                )
    stations = []
    for d in by_key.values():
        per_transit = spec.transit_tonnes_per_vehicle.get(d.mode)  # type: ignore[call-overload]
        stations.append(
            dataclasses.replace(
                d,
                transit_tonnes=per_transit.value if per_transit is not None else 0.0,
                notes=tuple(dict.fromkeys(notes)),
            )
        )
    return with_empty_returns(stations, spec)


def with_empty_returns(
    stations: Sequence[StationDemand], spec: DemandSpec
) -> tuple[StationDemand, ...]:
    """The stations with their empty vehicles going back: the share ``empty_return`` of the
    mode of the loaded imbalance between a crossing's two directions, through the same
    crossing (recomputed whenever the loaded vehicles change)."""
    by_key = {(s.crossing, s.direction): s for s in stations}
    out = []
    for s in stations:
        other = by_key.get((s.crossing, "b_to_a" if s.direction == "a_to_b" else "a_to_b"))
        back = spec.empty_return.get(s.mode)  # type: ignore[call-overload]
        empty = 0.0
        if other is not None and back is not None:
            empty = max(other.loaded_vehicles - s.loaded_vehicles, 0.0) * back.value
        out.append(dataclasses.replace(s, empty=empty))
    return tuple(out)
