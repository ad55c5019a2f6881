"""The world a lever's trade response is solved in: the pair and the rest of the world.

Three regions, one year: the two countries of the corridor and the rest of the world (ROW). The
pair's flows with each other are the first country's exports to and imports from the second (its
own statistics, as the corridor's turnover is read); each country's exports to and imports from
the world are its own totals with the world; each country's purchases from itself are its GDP
less its exports (``data/trade/gdp_usd.csv``, output as value added); the rest of the world's
trade with itself closes world GDP (:func:`corridor.trade.gravity.world_from_totals`).
"""

from __future__ import annotations

from pathlib import Path

from corridor.errors import DataGapError
from corridor.ledger import Ledger
from corridor.periods import year as year_period
from corridor.trade import read_gdp
from corridor.trade.gravity import WorldMatrix, world_from_totals

WORLD = "WLD"


def _value(ledger: Ledger, reporter: str, partner: str, flow: str, y: int) -> float:
    found = ledger.flows.value(
        reporter=reporter, partner=partner, flow=flow, period=year_period(y)
    ).found
    if found is None or not found.value_usd:
        raise DataGapError(f"no {reporter}→{partner} {flow}s for {y}")
    return float(found.value_usd)


def corridor_world(ledger: Ledger, a: str, b: str, y: int, gdp: Path | None = None) -> WorldMatrix:
    """The three-region world of ``y`` (module docstring); a DataGapError names what is missing."""
    sizes = read_gdp(gdp)
    for c in (a, b, WORLD):
        if (c, y) not in sizes:
            raise DataGapError(f"no GDP of {c} for {y} in the GDP file")
    bilateral = {
        (a, b): _value(ledger, a, b, "export", y),
        (b, a): _value(ledger, a, b, "import", y),
    }
    exports = {c: _value(ledger, c, WORLD, "export", y) for c in (a, b)}
    imports = {c: _value(ledger, c, WORLD, "import", y) for c in (a, b)}
    world = world_from_totals(
        (a, b), bilateral, exports, imports, {c: sizes[(c, y)] for c in (a, b)}, sizes[(WORLD, y)]
    )
    return WorldMatrix(
        world.countries,
        world.flows,
        (*world.notes, f"{y}: the ledger's flows of {a} and {b}; GDP from data/trade/gdp_usd.csv"),
    )
