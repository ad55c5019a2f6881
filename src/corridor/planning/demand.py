"""Demand: a year of trade between the two countries → tonnes → vehicles per crossing direction.

Steps (parameters in ``data/corridor/demand.yaml``, each with its source or assumption):

1. trade values by HS4 heading for each direction (country a's exports to b: ``a_to_b``; its
   imports from b: ``b_to_a``): the ledger's figure for that year (:func:`trade_for_year`). A
   year without products for a direction takes the product mix of the nearest year that has them,
   scaled to the year's own total where the ledger holds one, else to a total interpolated between
   the nearest years with totals. After the last year with a total, a year with a published
   part-year turnover of the pair (January to some month, either side's report) takes the year
   before's total grown as that turnover grew on the same months of the year before (the
   same-period growth that statistics offices and the press report); otherwise the nearest year's
   total, not grown. The rule used is stated;
2. pipeline goods (crude oil, gas) removed;
3. tonnes: value ÷ unit value, from the ledger's own quantities in tonnes, the most specific first:
   the pair's own rows for that heading, any rows for the heading, the pair's chapter, any rows for
   the chapter, else the cargo group's default;
4. a rail share per cargo group; rail tonnes → wagons → trains, road tonnes → trucks;
5. vehicles shared among the crossings of each mode that run on the day (shares of closed ones
   go to the others, in proportion); commodity vehicles (cars and trucks exported new, driven
   across) and transit vehicles added; the difference in loaded vehicles between the two
   directions partly goes back empty (``empty_return``);
6. the counts reported at each crossing set the level of its traffic (:mod:`corridor.planning.
   counts`, as anchors), the trade the mix;
7. hourly arrival rates (:meth:`StationDemand.hourly_rates`) shaped by hour-of-day and weekday
   profiles and the months of the year, farm goods also by the harvest season.

Steps 4–7 need no ledger and live in :mod:`corridor.network.demand`.
"""

from __future__ import annotations

import datetime as dt
import math

from corridor.errors import DataGapError
from corridor.ledger import FlowValue, Ledger
from corridor.network.demand import (
    FLOW_OF,
    GROUPS,
    Anchor,
    DemandSpec,
    StationDemand,
    TradeInputs,
    TradeMix,
    demand_from_trade,
)
from corridor.network.model import DIRECTIONS, Network
from corridor.periods import Period
from corridor.periods import year as calendar_year

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
    if nearest == year - 1:
        growth = _part_year_growth(ledger, a, b, year, memo)
        if growth is not None:
            ratio, how = growth
            return held[nearest] * ratio, (
                f"grown from {nearest}'s (US${held[nearest] / 1e9:,.2f} bn) by "
                f"{100 * (ratio - 1):+.1f} %, as {how}"
            )
    return held[nearest], f"taken from {nearest}, the nearest year with one (not grown)"


def _part_year_growth(
    ledger: Ledger, a: str, b: str, year: int, memo: Memo
) -> tuple[float, str] | None:
    """The growth of the pair's turnover from the months of ``year`` a published part-year
    total covers (from January, the longest) over the same months of the year before, on the
    same side's statistics; None when the ledger holds no such pair of figures."""
    key = ("part-year growth", a, b, year)
    if key in memo:
        return memo[key]  # type: ignore[return-value]
    parts = sorted(
        (
            t
            for t in ledger.flows.published_totals((a, b))
            if t.reporter_region is None
            and {t.reporter, t.partner} == {a, b}
            and t.period_start == dt.date(year, 1, 1)
            and t.period_end.year == year
        ),
        key=lambda t: (t.period_end, t.reporter == a),  # the longest; a's report first
        reverse=True,
    )
    found: tuple[float, str] | None = None
    for t in parts:
        this = Period(t.period_start, t.period_end)
        last = Period(dt.date(year - 1, 1, 1), _same_day(t.period_end, year - 1))
        now = ledger.flows.turnover(t.reporter, t.partner, this).value_usd
        then = ledger.flows.turnover(t.reporter, t.partner, last).value_usd
        if now and then:
            months = f"{this.start:%B}–{this.end:%B}"
            found = (
                now / then,
                (
                    f"{t.reporter}-reported turnover with {t.partner} grew in {months} {year} "
                    f"(US${now / 1e9:,.2f} bn against US${then / 1e9:,.2f} bn)"
                ),
            )
            break
    memo[key] = found
    return found


def _same_day(day: dt.date, year: int) -> dt.date:
    """``day`` in ``year`` (29 February becomes the 28th)."""
    return day.replace(year=year, day=min(day.day, 28 if day.month == 2 else day.day))


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
    commodity_usd: dict[str, float] = {}
    cv = spec.commodity_vehicles
    driven_codes = set(cv.codes.codes) if cv is not None else set()
    driven = cv.driven_share.value if cv is not None else 0.0
    for direction in DIRECTIONS:
        flow_pair = {"reporter": a, "partner": b, "flow": FLOW_OF[direction]}
        pair = (unit_values(4, **flow_pair), unit_values(2, **flow_pair))
        value = dict.fromkeys(GROUPS, 0.0)
        tonnes = dict.fromkeys(GROUPS, 0.0)
        own_wheels = 0.0
        for code, usd in trade[direction].rows:
            if code in pipe:
                continue
            group = spec.group_of(code[:2])
            value[group] += usd
            freight = usd
            if code in driven_codes:
                own_wheels += usd
                freight = usd * (1 - driven)  # the rest travels on car carriers, as freight
            tonnes[group] += freight / _unit_value(code, group, pair, world, spec)
        values[direction], tonnes_by[direction] = value, tonnes
        commodity_usd[direction] = own_wheels
    return TradeInputs(year, trade, values, tonnes_by, commodity_usd)


def station_demand(
    ledger: Ledger,
    spec: DemandSpec,
    network: Network,
    year: int,
    *,
    growth: float = 1.0,
    anchors: tuple[Anchor, ...] = (),
) -> tuple[StationDemand, ...]:
    """Demand at every running crossing direction named in ``crossing_share``, for trade of
    ``year`` (module docstring), scaled by the counts' ``anchors``."""
    inputs = trade_inputs(ledger, spec, network, year)
    return demand_from_trade(inputs, spec, network, growth, anchors)
