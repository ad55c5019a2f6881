"""Can the corridor carry a trade target? Value → tonnes → vehicles per crossing, against capacity.

Demand for a target value is the resolved scenario's demand (the trade of its year split into
cargo groups, tonnes, modes, crossings and vehicles, with the empty vehicles going back) scaled by
``target / base turnover``: the product mix stays as it is. Transit vehicles do not scale with
bilateral trade and keep their numbers.

The capacity of one direction of a crossing, in vehicles a day, is the engine's own
(:meth:`corridor.sim.crossing.StationSpec.capacity`, the figure the simulation reports an
overload against): the smallest of each post's lanes over its open hours
(``lanes × 24 × open share / service hours``), either post's daily limit, and for rail entering
the gauge change (which empty trains skip), averaged over the year's days with the events of the
scenario that fall on them (holidays, caps, works: the days the simulation has them too).

Utilisation is required vehicles over capacity, for the busier direction. A crossing *binds* at the
trade value where its busier direction reaches 100 %. ``binds_year`` is the year trade reaches that
value on the way to the target: with a year asked, on the path from the latest year's turnover to
the target in that year (the growth the target needs, compounded); without one, on the median of
``corridor targets``' projection (:func:`corridor.trade.targets.chosen_projector`), which may never
reach it. The probability of reaching the target by the year is that projection's, the figure
``corridor targets`` gives for the same level and year.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from corridor.errors import DataGapError, InputError
from corridor.ledger import Ledger
from corridor.network.demand import StationDemand
from corridor.network.events import Event
from corridor.network.model import Crossing, Network
from corridor.network.scenario import ResolvedScenario
from corridor.sim.schedule import station_spec
from corridor.trade.targets import chosen_projector, required_cagr_pct, turnover_series

LAST_YEAR = 2075  # projections are not searched beyond this year


@dataclass(frozen=True)
class DirectionCapacity:
    direction: str
    required_vehicles_per_day: float
    transit_per_day: float
    capacity_vehicles_per_day: float
    limited_by: str
    utilisation: float
    binds_at_usd: float | None  # trade value at which this direction reaches 100 %


@dataclass(frozen=True)
class CrossingCapacity:
    """One crossing at the target: the JSON record of ``corridor capacity``."""

    crossing: str
    mode: str
    required_tonnes: float
    capacity_tonnes: float
    utilisation: float
    binds_at_usd: float | None
    binds_year: int | None
    directions: tuple[DirectionCapacity, ...]


@dataclass(frozen=True)
class CapacityReport:
    target_usd: float
    year: int | None
    base_year: int
    base_turnover_usd: float
    scale: float
    crossings: tuple[CrossingCapacity, ...]
    first_to_saturate: str | None
    corridor_binds_year: int | None
    projection: dict[str, Any]
    network_as_of: str = ""
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def direction_capacity(
    network: Network,
    crossing: Crossing,
    direction: str,
    *,
    start: dt.date,
    wagons_per_train: float,
    empty_share: float = 0.0,
    events: tuple[Event, ...] = (),
) -> tuple[float, str, str]:
    """Vehicles a day one direction can clear over a year of its schedule from ``start`` (with
    the ``events`` of those days: holidays, caps, works), the country whose post sets it and
    which constraint."""
    spec = station_spec(
        network,
        crossing,
        direction,
        start=start,
        days=364,
        wagons_per_train=wagons_per_train,
        events=events,
    )
    return spec.capacity(empty_share)


def _binds_year(
    history: list[tuple[int, float]],
    value: float,
    path: tuple[float, int] | None,
    median: Callable[[int], float],
) -> int | None:
    """First year trade reaches ``value``: on the ``path`` (the target's value and year) from the
    latest year, else on the projection's ``median``; None if not before :data:`LAST_YEAR`."""
    if len(history) < 2:
        return None
    last_year, last = max(history)
    if last >= value:
        return last_year
    if path is not None:
        target, year = path
        if target <= last or year <= last_year:
            return None
        growth = math.log(target / last) / (year - last_year)
        found = last_year + math.ceil(math.log(value / last) / growth - 1e-12)
        return found if found <= LAST_YEAR else None
    for y in range(last_year + 1, LAST_YEAR + 1):
        if median(y) >= value:
            return y
    return None


def capacity_check(
    ledger: Ledger,
    resolved: ResolvedScenario,
    target_usd: float,
    *,
    year: int | None = None,
) -> CapacityReport:
    """Whether each running crossing can carry trade of ``target_usd`` (module docstring)."""
    if not target_usd > 0:
        raise InputError(f"the target must be a positive amount of US$, not {target_usd:g}")
    network = resolved.network
    a, b = network.countries
    base_year = resolved.trade_year
    series = turnover_series(ledger, a, b)
    by_year = {y: v for y, v, _ in series}
    if base_year not in by_year:
        raise DataGapError(f"no {a}–{b} turnover for {base_year} in the ledger")
    base_turnover = by_year[base_year] * resolved.scenario.growth
    scale = target_usd / base_turnover
    history = [(y, v) for y, v, _ in series]
    path = None if year is None else (target_usd, year)

    projection = chosen_projector(a, b, history)

    def median(y: int) -> float:
        return projection(y, None)[0].median

    wagons = resolved.demand.loads.wagons_per_train.value
    rows: dict[str, list[tuple[StationDemand, DirectionCapacity]]] = {}
    for d in resolved.stations:
        crossing = network.crossing(d.crossing)
        if not crossing.runs_on(network.as_of):
            continue
        empty_share = d.empty / d.total_vehicles if d.total_vehicles else 0.0
        cap, post, limit = direction_capacity(
            network,
            crossing,
            d.direction,
            start=resolved.start,
            wagons_per_train=wagons,
            empty_share=empty_share,
            events=resolved.events,
        )
        trade_per_day = (d.loaded_vehicles + d.empty) / 365
        transit = d.transit / 365
        required = trade_per_day * scale + transit
        room = cap - transit
        binds = base_turnover * room / trade_per_day if trade_per_day > 0 and room > 0 else None
        if room <= 0:
            binds = 0.0
        rows.setdefault(d.crossing, []).append(
            (
                d,
                DirectionCapacity(
                    d.direction,
                    required,
                    transit,
                    cap,
                    f"{limit} ({post} post)",
                    required / cap,
                    binds,
                ),
            )
        )
    out = []
    for cid, pairs in rows.items():
        crossing = network.crossing(cid)
        required_t = sum(sum(d.tonnes.values()) for d, _ in pairs) * scale
        capacity_t = 0.0
        for d, dc in pairs:
            trade_vehicles = d.loaded_vehicles + d.empty
            per_vehicle = sum(d.tonnes.values()) / trade_vehicles if trade_vehicles else 0.0
            capacity_t += (
                max(dc.capacity_vehicles_per_day - dc.transit_per_day, 0) * 365 * per_vehicle
            )
        binds_values = [dc.binds_at_usd for _, dc in pairs if dc.binds_at_usd is not None]
        binds_at = min(binds_values) if binds_values else None
        out.append(
            CrossingCapacity(
                crossing=cid,
                mode=crossing.mode,
                required_tonnes=required_t,
                capacity_tonnes=capacity_t,
                utilisation=max(dc.utilisation for _, dc in pairs),
                binds_at_usd=binds_at,
                binds_year=None
                if binds_at is None
                else _binds_year(history, binds_at, path, median),
                directions=tuple(dc for _, dc in pairs),
            )
        )
    out.sort(key=lambda c: -c.utilisation)
    binding = [c for c in out if c.binds_at_usd is not None]
    first = min(binding, key=lambda c: c.binds_at_usd or math.inf) if binding else None
    notes = [
        f"demand: {a}–{b} trade of {base_year} (US${base_turnover / 1e9:,.2f} bn) scaled by "
        f"{scale:.2f} at the {base_year} product mix; pipeline oil and gas excluded; transit "
        "vehicles kept at their numbers; empty vehicles going back scale with the trade",
        f"capacity: the network in force on {network.as_of}; the smallest of each post's lanes "
        "over its hours, the daily limits, the gauge change and the approach lines (rail), as "
        "the simulation's "
        "overload test; see docs/network.md",
        *resolved.notes,
    ]
    shown = projection(base_year + 1, None)[1] if len(history) >= 3 else ""
    if year is not None and len(history) >= 2 and max(history)[0] < year:
        projected, shown = projection(year, target_usd)
        growth = required_cagr_pct(max(history)[1], max(history)[0], target_usd, year)
        notes.append(
            f"projection to {year} ({shown}, as corridor targets): median "
            f"US${projected.median / 1e9:,.1f} bn, P(trade ≥ target) {projected.p_meet:.2f}; "
            f"binding years are on the path to the target ({growth:+.1f} % a year)"
            if projected.p_meet is not None
            else ""
        )
    last_year, last_value = max(history) if history else (base_year, base_turnover)
    return CapacityReport(
        target_usd=target_usd,
        year=year,
        base_year=base_year,
        base_turnover_usd=base_turnover,
        scale=scale,
        crossings=tuple(out),
        first_to_saturate=None if first is None else first.crossing,
        corridor_binds_year=None if first is None else first.binds_year,
        projection={
            "series": f"{a}–{b} turnover",
            "last_year": last_year,
            "last_value_usd": last_value,
            "drift_pct": projection(last_year + 1, None)[0].drift_pct
            if len(history) >= 2
            else None,
            "method": f"{shown or 'none'} (as corridor targets; docs/methods.md, Targets)",
            "binds_year": "on the growth path to the target by its year, continued past it"
            if year is not None
            else "on the projection's median",
        },
        network_as_of=str(network.as_of),
        notes=tuple(n for n in notes if n),
    )
