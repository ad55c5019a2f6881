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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corridor.errors import DataGapError, ScenarioError, option
from corridor.ledger import Ledger
from corridor.network.demand import FLOW_OF, TradeInputs, demand_from_trade
from corridor.network.model import at_day
from corridor.network.observations import Observation, read_observations
from corridor.network.scenario import (
    ResolvedScenario,
    ScenarioInputs,
    apply_overlays,
    demand_digest,
)
from corridor.planning.counts import Reconciliation, reconcile
from corridor.planning.demand import Memo, trade_inputs
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
        f"load one (corridor ledger load …) or name {option('year')}"
    )


def _has_products(ledger: Ledger, a: str, b: str, flow: str, y: int) -> bool:
    from corridor.periods import year

    found = ledger.flows.value(reporter=a, partner=b, flow=flow, period=year(y)).found
    return found is not None and found.level > 0 and found.finest >= 4


def trade_source(
    ledger: Ledger, inputs: ScenarioInputs, memo: Memo | None = None
) -> Callable[[int], TradeInputs | None]:
    """A year's trade as demand takes it (None when the ledger cannot give one), each year read
    once."""
    memo = {} if memo is None else memo
    found: dict[int, TradeInputs | None] = {}

    def trade_for(y: int) -> TradeInputs | None:
        if y not in found:
            try:
                found[y] = trade_inputs(ledger, inputs.demand, inputs.network, y, memo)
            except DataGapError:
                found[y] = None
        return found[y]

    return trade_for


def scenario_counts(inputs: ScenarioInputs) -> tuple[Observation, ...]:
    """The observations whose counts set the traffic: the scenario's own file (none if it names
    none)."""
    if inputs.observations is None:
        return ()
    return read_observations(inputs.observations, inputs.network)


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
    events: tuple[Path, ...] = (),
    start: dt.date | None = None,
    counts_before: int | None = None,
    network_day: dt.date | None = None,
    reconciled: dict[tuple[object, ...], Reconciliation] | None = None,
    memo: Memo | None = None,
) -> ResolvedScenario:
    """The scenario at ``path`` with ``overlays``, for a day (module docstring); ``events``:
    events files added to the scenario's own; ``start``: the first day simulated (a replay);
    ``counts_before``: only counts of earlier years set the traffic (an out-of-sample run);
    ``network_day``: the network in force that day with the trade of the year chosen (a
    target year's network carrying the latest trade, scaled); ``reconciled``: counts already
    reconciled by scenarios resolved before with the same ledger (levers of one baseline share
    their baseline's, which they are reconciled on); ``memo``: the ledger's trade figures read
    by scenarios resolved before with the same ledger."""
    if year is not None and as_of is not None:
        raise ScenarioError(f"give a year or a date ({option('as_of')}), not both")
    inputs = apply_overlays(
        path,
        overlays,
        params=params,
        calibration=calibration,
        use_calibration=use_calibration,
        events=events,
    )
    network = inputs.network
    a, b = network.countries
    if as_of is not None:
        trade_year, day, first = as_of.year, as_of, as_of.replace(day=1)
    elif year is not None:
        trade_year, day, first = year, dt.date(year, 7, 1), dt.date(year, 1, 1)
    else:
        trade_year = inputs.scenario.trade_year or latest_trade_year(ledger, a, b)
        day = dt.date(trade_year, 7, 1)
        first = inputs.scenario.start or dt.date(trade_year, 1, 1)
    if start is not None:
        first = start
    if network_day is not None:
        day = network_day
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
    trade_for = trade_source(ledger, inputs, memo)
    trade = trade_for(trade_year)
    if trade is None:
        try:
            trade_inputs(ledger, inputs.demand, network, trade_year)
        except DataGapError as exc:
            raise ScenarioError(f"{inputs.name}: {exc}") from None
    assert trade is not None
    # the counts were made on the corridor as it was: anchors come from the scenario without
    # its levers, and carry to the crossings a lever changes or adds (docs/network.md, Demand)
    as_it_was = inputs
    if overlays or params:
        as_it_was = apply_overlays(
            path, calibration=calibration, use_calibration=use_calibration, events=events
        )
    key = (as_it_was.digest, trade_year, counts_before)
    counted = None if reconciled is None else reconciled.get(key)
    if counted is None:
        counted = reconcile_counts(
            as_it_was,
            trade_year,
            trade_for if as_it_was is inputs else trade_source(ledger, as_it_was),
            before=counts_before,
        )
        if reconciled is not None:
            reconciled[key] = counted
    stations = demand_from_trade(trade, spec, on_day, growth, counted.anchors)
    scenario = inputs.scenario.model_copy(
        update={"trade_year": trade_year, "growth": growth, "start": first}
    )
    if stations:
        notes.extend(stations[0].notes)
    notes.extend(counted.notes)
    return ResolvedScenario(
        name=inputs.name,
        scenario=scenario,
        network=on_day,
        demand=spec,
        stations=stations,
        trade_year=trade_year,
        as_of=day,
        start=first,
        digest=demand_digest(inputs.digest, day, first, stations, inputs.events, counted.anchors),
        overlays=inputs.overlays,
        notes=tuple(dict.fromkeys(notes)),
        calibration=inputs.calibration,
        timeline=network,
        demand_timeline=inputs.demand,
        trade=trade,
        anchors=counted.anchors,
        events=inputs.events,
    )


def reconcile_counts(
    inputs: ScenarioInputs,
    year: int,
    trade_for: Callable[[int], TradeInputs | None],
    *,
    before: int | None = None,
) -> Reconciliation:
    """The counts' anchors for simulating ``year`` (:func:`corridor.planning.counts.reconcile`)
    with the scenario's own observations and events."""
    return reconcile(
        year,
        inputs.network,
        inputs.demand,
        trade_for,
        scenario_counts(inputs),
        inputs.events,
        before=before,
    )
