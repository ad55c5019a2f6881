"""A scenario resolved for a day: the network in force then and that year's trade as demand.

``resolve_scenario`` is the one place where files, levers, a date and the ledger's trade become
the numbers a run takes (:class:`~corridor.network.ResolvedScenario`): simulate, compare, sweep,
capacity, plan, calibrate, validate, the report and the API all call it.

Which day and year:

* ``as_of`` (a date): the network in force that day, the trade of that year, the simulated window
  starting on the first of that month;
* ``year``: the network in force on 1 July of that year, its trade, the window from 1 January;
* neither: the scenario's ``trade_year`` and ``start`` if it names them, else the latest year whose
  trade the ledger holds by product in both directions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from corridor.errors import DataGapError, ScenarioError
from corridor.ledger import Ledger
from corridor.network.model import at_day
from corridor.network.scenario import ResolvedScenario, apply_overlays, demand_digest
from corridor.planning.demand import FLOW_OF, station_demand
from corridor.trade.targets import year_turnover


def latest_trade_year(ledger: Ledger, a: str, b: str) -> int:
    """The newest year the ledger holds ``a``–``b`` trade by product in both directions."""
    years = None
    for flow in FLOW_OF.values():
        held = set(ledger.flows.product_years(a, b, flow))
        years = held if years is None else years & held
    for y in sorted(years or (), reverse=True):
        if all(_has_products(ledger, a, b, flow, y) for flow in FLOW_OF.values()):
            return y
    raise DataGapError(
        f"no year of {a}–{b} trade by product in both directions is in the ledger: "
        "load one (corridor ledger load …) or name --year"
    )


def _has_products(ledger: Ledger, a: str, b: str, flow: str, y: int) -> bool:
    from corridor.periods import year

    found = ledger.flows.value(reporter=a, partner=b, flow=flow, period=year(y)).found
    return found is not None and found.level > 0 and found.finest >= 4


def resolve_scenario(
    ledger: Ledger,
    path: Path,
    overlays: tuple[Path, ...] = (),
    *,
    params: dict[str, Any] | None = None,
    year: int | None = None,
    as_of: dt.date | None = None,
    calibration: Path | None = None,
    use_calibration: bool = True,
) -> ResolvedScenario:
    """The scenario at ``path`` with ``overlays``, for a day (module docstring)."""
    if year is not None and as_of is not None:
        raise ScenarioError("give a year or a date (--as-of), not both")
    inputs = apply_overlays(
        path, overlays, params=params, calibration=calibration, use_calibration=use_calibration
    )
    network = inputs.network
    a, b = network.countries
    if as_of is not None:
        trade_year, day, start = as_of.year, as_of, as_of.replace(day=1)
    elif year is not None:
        trade_year, day, start = year, dt.date(year, 7, 1), dt.date(year, 1, 1)
    else:
        trade_year = inputs.scenario.trade_year or latest_trade_year(ledger, a, b)
        day = dt.date(trade_year, 7, 1)
        start = inputs.scenario.start or dt.date(trade_year, 1, 1)
    growth = inputs.scenario.growth
    notes: list[str] = []
    if inputs.target_usd is not None:
        try:
            base = year_turnover(ledger, a, b, trade_year)
        except DataGapError as exc:
            raise ScenarioError(f"{inputs.name}: {exc}") from None
        growth *= inputs.target_usd / base
        notes.append(
            f"trade scaled to US${inputs.target_usd / 1e9:,.1f} bn: {trade_year} turnover "
            f"US${base / 1e9:,.2f} bn × {growth:.2f} at the {trade_year} product mix"
        )
    on_day = network.at(day)
    spec = at_day(inputs.demand, day)
    try:
        stations = station_demand(ledger, spec, on_day, trade_year, growth=growth)
    except DataGapError as exc:
        raise ScenarioError(f"{inputs.name}: {exc}") from None
    scenario = inputs.scenario.model_copy(
        update={"trade_year": trade_year, "growth": growth, "start": start}
    )
    if stations:
        notes.extend(stations[0].notes)
    return ResolvedScenario(
        name=inputs.name,
        scenario=scenario,
        network=on_day,
        demand=spec,
        stations=stations,
        trade_year=trade_year,
        as_of=day,
        start=start,
        digest=demand_digest(inputs.digest, day, start, stations),
        overlays=inputs.overlays,
        notes=tuple(dict.fromkeys(notes)),
        calibration=inputs.calibration,
    )
