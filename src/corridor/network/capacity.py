"""Can the corridor carry a trade target? Value → tonnes → vehicles per crossing, against capacity.

Demand for a target value is today's demand (``station_demand`` for the base year: the trade of
that year split into cargo groups, tonnes, modes, crossings and vehicles) scaled by
``target / base turnover``: the product mix stays as it is. China–Europe transit trains do not
scale with bilateral trade and keep their numbers.

The capacity of one direction of a crossing, in vehicles a day, is the smallest of

* its lanes: ``lanes × open hours a week / 7 / service hours per vehicle``;
* for rail, the gauge change: ``trains a day`` of the network file;
* for road, the stated capacity of the crossing (``capacity.vehicles_per_day``), half each way.

Utilisation is required vehicles over capacity, for the busier direction. A crossing *binds* at the
trade value where its busier direction reaches 100 %; under the trade monitor's projection (the
drift model of ``corridor targets`` on the pair's turnover series) that value is reached in
``binds_year``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from corridor.errors import DataGapError
from corridor.ledger import Ledger
from corridor.network.demand import DemandSpec, StationDemand, station_demand
from corridor.network.model import Crossing, Network
from corridor.trade.targets import project, turnover_series

LAST_YEAR = 2075  # projections are not searched beyond this year


@dataclass(frozen=True)
class DirectionCapacity:
    direction: str
    required_vehicles_per_day: float
    transit_trains_per_day: float
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
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def direction_capacity(crossing: Crossing, direction: str) -> tuple[float, str]:
    """Vehicles a day one direction can clear, and which constraint sets it."""
    lanes = crossing.directions[direction]  # type: ignore[index]
    assert crossing.schedule is not None
    open_share = crossing.schedule.hours_per_day.value * crossing.schedule.days_per_week.value / 7
    options = [(lanes.lanes.value * open_share / lanes.service_hours.value, "lanes and hours")]
    if crossing.gauge_change is not None:
        options.append((crossing.gauge_change.trains_per_day.value, "gauge change"))
    stated = crossing.capacity.get("vehicles_per_day")
    if stated is not None and crossing.mode == "road":
        options.append((stated.value / 2, "stated capacity"))
    return min(options)


def _projected_year(history: list[tuple[int, float]], value: float) -> int | None:
    """First year the projected median of ``history`` reaches ``value``."""
    if len(history) < 2:
        return None
    last_year, last = max(history)
    if last >= value:
        return last_year
    for y in range(last_year + 1, LAST_YEAR + 1):
        if project(history, y, None).median >= value:
            return y
    return None


def capacity_check(
    ledger: Ledger,
    network: Network,
    spec: DemandSpec,
    target_usd: float,
    *,
    base_year: int,
    year: int | None = None,
) -> CapacityReport:
    """Whether each enabled crossing can carry trade of ``target_usd`` (module docstring)."""
    a, b = network.countries
    base = station_demand(ledger, spec, network, base_year)
    series = turnover_series(ledger, a, b)
    by_year = {y: v for y, v, _ in series}
    if base_year not in by_year:
        raise DataGapError(f"no {a}–{b} turnover for {base_year} in the ledger")
    base_turnover = by_year[base_year]
    scale = target_usd / base_turnover
    history = [(y, v) for y, v, _ in series]
    rows: dict[str, list[tuple[StationDemand, DirectionCapacity]]] = {}
    for d in base:
        crossing = network.crossing(d.crossing)
        if not crossing.enabled:
            continue
        cap, limit = direction_capacity(crossing, d.direction)
        trade_per_day = (d.total_vehicles - d.transit_trains) / 365
        transit = d.transit_trains / 365
        required = trade_per_day * scale + transit
        room = cap - transit
        binds = base_turnover * room / trade_per_day if trade_per_day > 0 and room > 0 else None
        if room <= 0:
            binds = 0.0
        rows.setdefault(d.crossing, []).append(
            (
                d,
                DirectionCapacity(
                    d.direction, required, transit, cap, limit, required / cap, binds
                ),
            )
        )
    out = []
    for cid, pairs in rows.items():
        crossing = network.crossing(cid)
        required_t = sum(sum(d.tonnes.values()) for d, _ in pairs) * scale
        capacity_t = 0.0
        for d, dc in pairs:
            trade_vehicles = d.total_vehicles - d.transit_trains
            per_vehicle = sum(d.tonnes.values()) / trade_vehicles if trade_vehicles else 0.0
            capacity_t += (
                max(dc.capacity_vehicles_per_day - dc.transit_trains_per_day, 0) * 365 * per_vehicle
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
                binds_year=None if binds_at is None else _projected_year(history, binds_at),
                directions=tuple(dc for _, dc in pairs),
            )
        )
    out.sort(key=lambda c: -c.utilisation)
    binding = [c for c in out if c.binds_at_usd is not None]
    first = min(binding, key=lambda c: c.binds_at_usd or math.inf) if binding else None
    notes = [
        f"demand: {a}–{b} trade of {base_year} (US${base_turnover / 1e9:,.2f} bn) scaled by "
        f"{scale:.2f} at the {base_year} product mix; pipeline oil and gas excluded; transit "
        "trains kept at their numbers",
        "capacity: the smallest of lanes × open hours / service time, the gauge change (rail) "
        "and the stated capacity (road); see docs/network.md",
    ]
    if year is not None:
        median = project(history, year, target_usd)
        notes.append(
            f"projection to {year}: median US${median.median / 1e9:,.1f} bn, "
            f"P(trade ≥ target) {median.p_meet:.2f}"
            if median.p_meet is not None
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
            "drift_pct": project(history, last_year + 1, None).drift_pct
            if len(history) >= 2
            else None,
            "method": "random walk with drift on logs (docs/methods.md, Targets)",
        },
        notes=tuple(n for n in notes if n),
    )
