"""The world a lever's trade response is solved in: the pair, its main partners, the rest.

Two ways, one year:

* **From a world matrix** (a BACI year loaded into the ledger: HS6 bilateral exports of at least
  :data:`~corridor.ledger.WORLD_MATRIX_EXPORTERS` countries): the two countries of the corridor
  and ``partners`` of their largest partners, each side's next largest in turn (by its exports
  to plus imports from it: Kazakhstan's count as much as China's), are named regions, every other
  country is the rest of the world (ROW). Flows among the named regions are the matrix's,
  summed over products; each named country's exports to and imports from the world are its row
  and column sums. So diversion is shown by partner (KAZ→RUS, RUS→CHN, …).
* **Without one** (the shipped data): three regions, the two countries and the rest of the world.
  The pair's flows with each other are the first country's exports to and imports from the second
  (its own statistics, as the corridor's turnover is read); each country's exports to and imports
  from the world are its own totals with the world.

Either way each country's purchases from itself are its GDP less its exports
(``data/trade/gdp_usd.csv``, output as value added) and the rest of the world's trade with itself
closes world GDP (:func:`corridor.trade.gravity.world_from_totals`). A partner without a GDP for
the year, or selling more than its GDP (a re-exporting hub: no domestic sales would be left), is
left in the rest of the world, and the notes say so.
"""

from __future__ import annotations

from pathlib import Path

from corridor.errors import DataGapError
from corridor.ledger import WORLD_MATRIX_EXPORTERS, Ledger
from corridor.ledger import WorldMatrix as WorldLoad
from corridor.periods import year as year_period
from corridor.trade import read_gdp
from corridor.trade.gravity import WorldMatrix, world_from_totals

WORLD = "WLD"

#: How many of the pair's largest partners a world matrix names, by default (two of each side's).
PARTNERS = 4


def _value(ledger: Ledger, reporter: str, partner: str, flow: str, y: int) -> float:
    found = ledger.flows.value(
        reporter=reporter, partner=partner, flow=flow, period=year_period(y)
    ).found
    if found is None or not found.value_usd:
        raise DataGapError(f"no {reporter}→{partner} {flow}s for {y}")
    return float(found.value_usd)


def corridor_world(
    ledger: Ledger,
    a: str,
    b: str,
    y: int,
    gdp: Path | None = None,
    *,
    partners: int = PARTNERS,
) -> WorldMatrix:
    """The world of ``y`` (module docstring); a DataGapError names what is missing."""
    sizes = read_gdp(gdp)
    for c in (a, b, WORLD):
        if (c, y) not in sizes:
            raise DataGapError(f"no GDP of {c} for {y} in the GDP file")
    load = ledger.flows.world_matrix(y, WORLD_MATRIX_EXPORTERS)
    if load is not None:
        return _from_matrix(ledger, load, a, b, sizes, partners)
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
        (
            *world.notes,
            f"{y}: the ledger's flows of {a} and {b}; GDP from data/trade/gdp_usd.csv",
            f"no world matrix of {y} in the ledger, so every partner is in the rest of the "
            f"world (load a BACI year, BACI_…_Y{y}_….csv, to name the main partners)",
        ),
    )


def _from_matrix(
    ledger: Ledger,
    load: WorldLoad,
    a: str,
    b: str,
    sizes: dict[tuple[str, int], float],
    partners: int,
) -> WorldMatrix:
    """The world of a world matrix: the pair and ``partners`` of their largest partners named,
    each side's in turn (module docstring)."""
    y = load.year
    flows = ledger.flows.country_flows(load)
    exports: dict[str, float] = {}
    imports: dict[str, float] = {}
    for (i, j), v in flows.items():
        exports[i] = exports.get(i, 0.0) + v
        imports[j] = imports.get(j, 0.0) + v
    for c in (a, b):
        if not exports.get(c) or not imports.get(c):
            raise DataGapError(f"the world matrix of {y} (load {load.load_id}) has no trade of {c}")
    # each side's partners by its trade with them (exports plus imports), largest first
    queues: dict[str, list[str]] = {}
    for side in (a, b):
        trade: dict[str, float] = {}
        for (i, j), v in flows.items():
            other = j if i == side else i if j == side else None
            if other is not None and other not in (a, b):
                trade[other] = trade.get(other, 0.0) + v
        queues[side] = sorted(trade, key=lambda c: (-trade[c], c))
    named: list[str] = []
    left: list[str] = []
    # in turn, the next of each side's partners: the smaller country's partners count as much
    # as the larger's (China's would fill every place by trade alone)
    while len(named) < partners and any(queues.values()):
        for side in (a, b):
            while queues[side] and len(named) < partners:
                c = queues[side].pop(0)
                if c in named or c in left:
                    continue
                # domestic sales are GDP less exports: a re-exporting hub selling more than its
                # GDP (Hong Kong, Singapore) has none left, and stays in the rest of the world
                fits = (c, y) in sizes and exports.get(c, 0.0) < sizes[(c, y)]
                (named if fits else left).append(c)
                if fits:
                    break
    countries = (a, b, *named)
    bilateral = {(i, j): flows.get((i, j), 0.0) for i in countries for j in countries if i != j}
    world = world_from_totals(
        countries,
        bilateral,
        {c: exports[c] for c in countries},
        {c: imports[c] for c in countries},
        {c: sizes[(c, y)] for c in countries},
        sizes[(WORLD, y)],
    )
    notes = [
        *world.notes,
        f"{y}: the world matrix of load {load.load_id} ({load.source}, HS6 bilateral exports "
        f"summed); {a}, {b} and {len(named)} of their largest partners, each side's in turn "
        f"({', '.join(named) or 'none'}), are named, every other country is the rest of the "
        "world; "
        "GDP from data/trade/gdp_usd.csv",
    ]
    if left:
        notes.append(
            f"{', '.join(left)}: no GDP for {y}, or exports above it (no domestic sales left), "
            "so left in the rest of the world"
        )
    return WorldMatrix(world.countries, world.flows, tuple(notes))
