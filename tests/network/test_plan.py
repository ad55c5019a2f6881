"""Investment planning: the MILP's choice against brute force, feasibility, explanations."""

from __future__ import annotations

import itertools

import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.capacity import direction_capacity
from corridor.network.demand import station_demand
from corridor.network.plan import plan, read_projects
from corridor.network.scenario import resolve_scenario
from corridor.trade.targets import turnover_series

BASE = data_dir() / "scenarios" / "baseline.yaml"
PROJECTS = data_dir() / "scenarios" / "projects.yaml"


def _brute_force(con, target: float, rho: float) -> float:  # type: ignore[no-untyped-def]
    """Cheapest subset whose capacity per mode and direction covers demand / rho."""
    listed = read_projects(PROJECTS).projects
    base = resolve_scenario(BASE, ledger=con)
    year = base.scenario.trade_year
    scale = target / {y: v for y, v, _ in turnover_series(con, "KAZ", "CHN")}[year]
    demand: dict[tuple[str, str], float] = {}
    transit: dict[tuple[str, str], float] = {}
    for sd in station_demand(con, base.demand, base.network, year):
        key = (sd.mode, sd.direction)
        demand[key] = demand.get(key, 0.0) + (sd.total_vehicles - sd.transit_trains) / 365 * scale
        transit[(sd.crossing, sd.direction)] = sd.transit_trains / 365

    def capacity(r) -> dict[tuple[str, str, str], float]:  # type: ignore[no-untyped-def]
        out = {}
        for c in r.network.crossings:
            if c.enabled:
                for d in ("a_to_b", "b_to_a"):
                    left = direction_capacity(c, d)[0] - transit.get((c.id, d), 0.0)
                    out[(c.id, c.mode, d)] = max(left, 0.0)
        return out

    base_cap = capacity(base)
    costs, deltas = [], []
    for p in listed:  # each lever on its own: projects add capacity at their own crossings
        r = resolve_scenario(BASE, (PROJECTS.parent / p.lever,), ledger=con)
        fig = p.capital_cost or r.overlays[0].capital_cost
        costs.append(fig.value)  # type: ignore[union-attr]
        deltas.append({k: v - base_cap.get(k, 0.0) for k, v in capacity(r).items()})
    best = float("inf")
    for subset in itertools.product([0, 1], repeat=len(listed)):
        total: dict[tuple[str, str], float] = {}
        for (_, mode, d), v in base_cap.items():
            total[(mode, d)] = total.get((mode, d), 0.0) + v
        for delta, on in zip(deltas, subset, strict=True):
            for (_, mode, d), v in delta.items():
                total[(mode, d)] = total.get((mode, d), 0.0) + v * on
        if all(rho * total.get(k, 0.0) >= v - 1e-6 for k, v in demand.items()):
            best = min(best, sum(c for c, on in zip(costs, subset, strict=True) if on))
    return best


@pytest.mark.parametrize("target", [30e9, 50e9])
def test_the_plan_is_the_cheapest_feasible_set(default_ledger: Ledger, target: float) -> None:
    """Brute force over every subset of the candidates agrees with the MILP's cost."""
    con = default_ledger
    p = plan(con, BASE, PROJECTS, target, by=2030)
    assert not p.unmet_vehicles_per_day
    assert p.total_cost_usd == pytest.approx(_brute_force(con, target, 0.85))
    for ld in p.loads:
        assert ld.vehicles_per_day <= 0.85 * ld.capacity_per_day + 1e-6


def test_every_chosen_project_is_explained(default_ledger: Ledger) -> None:
    p = plan(default_ledger, BASE, PROJECTS, 50e9, by=2030)
    assert p.chosen
    for c in p.chosen:
        assert c.why.startswith(("without it no project set", "the cheapest way"))
        assert c.cost_source


def test_an_unreachable_target_reports_unmet_demand(default_ledger: Ledger) -> None:
    """US$100 bn at today's mix exceeds every candidate: the shortfall is named, not hidden."""
    p = plan(default_ledger, BASE, PROJECTS, 100e9, by=2030)
    assert p.unmet_vehicles_per_day
    assert any("cannot be carried" in n for n in p.notes)


def test_mode_shift_can_only_lower_the_cost(default_ledger: Ledger) -> None:
    """Letting 20 % of each group's tonnes change mode never costs more, within its bounds."""
    con = default_ledger
    fixed = plan(con, BASE, PROJECTS, 50e9, by=2030)
    free = plan(con, BASE, PROJECTS, 50e9, by=2030, mode_shift=0.2)
    assert fixed.rail_share == {}
    assert free.total_cost_usd <= fixed.total_cost_usd
    for share in free.rail_share.values():
        assert abs(share["planned"] - share["base"]) <= 0.2 + 1e-9
        assert 0.0 <= share["planned"] <= 1.0 + 1e-9
