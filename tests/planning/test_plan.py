"""Investment planning: the MILP's choice against brute force, current operation, explanations."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network import great_circle_km, read_network
from corridor.planning import resolve_scenario
from corridor.planning.capacity import direction_capacity
from corridor.planning.plan import plan_projects, read_projects
from corridor.planning.routes import RouteCosts, read_route_costs
from corridor.planning.trade_response import annuity, read_time_costs
from corridor.trade.targets import year_turnover

BASE = data_dir() / "scenarios" / "baseline.yaml"
PROJECTS = data_dir() / "scenarios" / "projects.yaml"
TIME = read_time_costs()
ROUTES = read_route_costs()


def _priced(per_t_km: float) -> RouteCosts:
    """The route costs file with every mode's cost per tonne-km set to ``per_t_km``."""
    figures = {
        m: f.model_copy(update={"value": per_t_km}) for m, f in ROUTES.usd_per_tonne_km.items()
    }
    return ROUTES.model_copy(update={"usd_per_tonne_km": figures})


FREE = _priced(0.0)
DEADLINE = dt.date(2030, 7, 1)  # the plan's network: the one in force by its deadline


def _brute_force(con: Ledger, target: float, rho: float) -> float:
    """Cheapest subset whose capacity per mode and direction covers demand / rho, each open
    crossing keeping today's traffic."""
    listed = read_projects(PROJECTS).projects
    base = resolve_scenario(con, BASE, network_day=DEADLINE)
    scale = target / (year_turnover(con, "KAZ", "CHN", base.trade_year) * base.scenario.growth)
    demand: dict[tuple[str, str], float] = {}
    transit: dict[tuple[str, str], float] = {}
    empty: dict[tuple[str, str], float] = {}
    for sd in base.stations:
        key = (sd.mode, sd.direction)
        demand[key] = demand.get(key, 0.0) + (sd.loaded_vehicles + sd.empty) / 365 * scale
        transit[(sd.crossing, sd.direction)] = sd.transit / 365
        empty[(sd.crossing, sd.direction)] = sd.empty / sd.total_vehicles

    def capacity(r: Any) -> dict[tuple[str, str, str], float]:
        """Vehicles a day each crossing clears, transit included, as corridor capacity counts."""
        out = {}
        wagons = r.demand.loads.wagons_per_train.value
        for c in r.network.running():
            for d in ("a_to_b", "b_to_a"):
                out[(c.id, c.mode, d)] = direction_capacity(
                    r.network, c, d, start=r.start, wagons_per_train=wagons,
                    empty_share=empty.get((c.id, d), 0.0),
                )[0]  # fmt: skip
        return out

    base_cap = capacity(base)
    costs, deltas = [], []
    for p in listed:
        r = resolve_scenario(
            con, BASE, ((PROJECTS.parent / p.lever).resolve(),), network_day=DEADLINE
        )
        fig = p.capital_cost or r.overlays[0].capital_cost
        yearly = p.recurring_cost or r.overlays[0].recurring_cost
        rate, life = TIME.discount_rate, TIME.life_years
        pv = 0.0 if yearly is None else yearly.value * (1 - (1 + rate) ** -life) / rate
        costs.append(fig.value + pv)  # type: ignore[union-attr]
        deltas.append({k: v - base_cap.get(k, 0.0) for k, v in capacity(r).items()})
    best = float("inf")
    for subset in itertools.product([0, 1], repeat=len(listed)):
        # trade's room: what ρ of the base capacity leaves after transit, plus ρ of each project's
        room: dict[tuple[str, str], float] = {}
        for (c, mode, d), v in base_cap.items():
            left = max(rho * v - transit.get((c, d), 0.0), 0.0)
            room[(mode, d)] = room.get((mode, d), 0.0) + left
        for delta, on in zip(deltas, subset, strict=True):
            for (_, mode, d), v in delta.items():
                room[(mode, d)] = room.get((mode, d), 0.0) + rho * v * on
        if all(room.get(k, 0.0) >= v - 1e-6 for k, v in demand.items()):
            best = min(best, sum(c for c, on in zip(costs, subset, strict=True) if on))
    return best


@pytest.mark.parametrize("target", [35e9, 50e9])
def test_the_plan_is_the_cheapest_feasible_set(default_ledger: Ledger, target: float) -> None:
    """Brute force over every subset of the candidates agrees with the MILP's cost (the floors
    of current operation do not bind at these targets, whose demand is above today's; traffic
    moves between crossings of a mode for free here, as in the brute force)."""
    p = plan_projects(default_ledger, BASE, PROJECTS, target, by=2030, route_costs=FREE)
    assert not p.unmet_vehicles_per_day
    assert p.total_cost_usd == pytest.approx(_brute_force(default_ledger, target, 0.85))
    for ld in p.loads:
        # all vehicles, transit included, within ρ of the capacity, unless transit alone is over
        assert ld.vehicles_per_day <= max(0.85 * ld.capacity_per_day, ld.transit_per_day) + 1e-6


def test_open_crossings_keep_their_traffic(default_ledger: Ledger) -> None:
    """No open road post is emptied to save capital: each carries at least today's trucks."""
    p = plan_projects(default_ledger, BASE, PROJECTS, 35e9, by=2030)
    base = resolve_scenario(default_ledger, BASE)
    today = {(s.crossing, s.direction): (s.loaded_vehicles + s.empty) / 365 for s in base.stations}
    loads = {(ld.crossing, ld.direction): ld for ld in p.loads}
    for key, vehicles in today.items():
        ld = loads[key]
        room = max(0.85 * ld.capacity_per_day - ld.transit_per_day, 0.0)
        assert ld.vehicles_per_day - ld.transit_per_day >= min(vehicles, room) - 1e-6
    road = [ld for ld in p.loads if ld.mode == "road"]
    assert all(ld.vehicles_per_day > 0 for ld in road)


def test_every_chosen_project_is_explained_in_words(default_ledger: Ledger) -> None:
    p = plan_projects(default_ledger, BASE, PROJECTS, 50e9, by=2030)
    assert p.chosen
    for c in p.chosen:
        assert c.why.startswith(("without it no set of the candidates", "the cheapest way"))
        assert "{" not in c.why and "}" not in c.why
        assert c.cost_source


def test_an_unreachable_target_reports_unmet_demand(default_ledger: Ledger) -> None:
    """US$100 bn at today's mix exceeds every candidate: the shortfall is named, not hidden."""
    p = plan_projects(default_ledger, BASE, PROJECTS, 100e9, by=2030)
    assert p.unmet_vehicles_per_day
    assert any("cannot be carried" in n and "vehicles a day" in n for n in p.notes)


def test_mode_shift_can_only_lower_the_cost(default_ledger: Ledger) -> None:
    con = default_ledger
    fixed = plan_projects(con, BASE, PROJECTS, 50e9, by=2030)
    free = plan_projects(con, BASE, PROJECTS, 50e9, by=2030, mode_shift=0.2)
    assert fixed.rail_share == {}
    assert free.total_cost_usd <= fixed.total_cost_usd
    for share in free.rail_share.values():
        assert abs(share["planned"] - share["base"]) <= 0.2 + 1e-9
        assert 0.0 <= share["planned"] <= 1.0 + 1e-9


def test_recurring_costs_count_at_their_present_value(
    default_ledger: Ledger, tmp_path: Path
) -> None:
    """A project the target needs, with and without a recurring cost: the plan's total differs
    by that cost a year over the appraisal's life, discounted (hand-computed annuity)."""
    lever = (PROJECTS.parent / "levers" / "road-24-7.yaml").resolve()

    def projects(label: str, recurring: str) -> Path:
        path = tmp_path / f"projects-{label}.yaml"
        path.write_text(
            "projects:\n"
            f"  - lever: {lever}\n"
            "    capital_cost: {value: 4.0e6, unit: USD, assumption: test}\n"
            f"{recurring}"
            "    ready: 2026\n",
            encoding="utf-8",
        )
        return path

    yearly = "    recurring_cost: {value: 3.0e6, unit: USD/year, assumption: test}\n"
    none = "    recurring_cost: {value: 0, unit: USD/year, assumption: none}\n"
    without = plan_projects(default_ledger, BASE, projects("none", none), 100e9, by=2030)
    with_it = plan_projects(default_ledger, BASE, projects("yearly", yearly), 100e9, by=2030)
    assert [c.name for c in with_it.chosen] == ["road-24-7"]
    rate, life = TIME.discount_rate, TIME.life_years
    annuity = (1 - (1 + rate) ** -life) / rate
    assert with_it.total_cost_usd - without.total_cost_usd == pytest.approx(3.0e6 * annuity)
    (chosen,) = with_it.chosen
    assert chosen.capital_cost_usd == 4.0e6
    assert chosen.recurring_cost_usd_a_year == 3.0e6


def test_a_plan_pays_to_move_traffic_between_crossings(default_ledger: Ledger) -> None:
    """Traffic a crossing carries beyond its own share pays the detour from the nearest other
    crossing of its mode, every day of the plan's life: the plan's route cost is that sum,
    computed here by hand; dearer routes move no more traffic and cost no less in all."""
    p = plan_projects(default_ledger, BASE, PROJECTS, 35e9, by=2030)
    net = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
    crossings = {c.id: c for c in net.crossings}
    in_plan = [crossings[c] for c in sorted({ld.crossing for ld in p.loads})]
    base = resolve_scenario(default_ledger, BASE)
    loads = base.demand.loads
    tonnes = {
        "road": loads.truck_t.value,
        "rail": loads.wagon_t.value * loads.wagons_per_train.value,
    }
    days = 365 * annuity(TIME.discount_rate, TIME.life_years)
    by_hand = 0.0
    for ld in p.loads:
        here = crossings[ld.crossing]
        km = min(
            great_circle_km(here.position, o.position)
            for o in in_plan
            if o.id != here.id and o.mode == here.mode
        )
        rate = ROUTES.usd_per_tonne_km[here.mode].value  # type: ignore[index]
        by_hand += (
            ld.moved_in_per_day * km * ROUTES.circuity.value * rate * tonnes[here.mode] * days
        )
    assert p.route_cost_usd > 0
    assert p.route_cost_usd == pytest.approx(by_hand, rel=1e-6)
    assert any("pays the detour" in n for n in p.notes)
    dear = plan_projects(default_ledger, BASE, PROJECTS, 35e9, by=2030, route_costs=_priced(5.0))
    moved = sum(ld.moved_in_per_day for ld in p.loads)
    assert sum(ld.moved_in_per_day for ld in dear.loads) <= moved + 1e-6
    assert dear.total_cost_usd + dear.route_cost_usd >= p.total_cost_usd + p.route_cost_usd - 1e-3
    free = plan_projects(default_ledger, BASE, PROJECTS, 35e9, by=2030, route_costs=FREE)
    assert free.route_cost_usd == 0.0
    assert free.total_cost_usd <= p.total_cost_usd + 1e-6


def test_the_approach_line_limits_the_trains_a_day(default_ledger: Ledger) -> None:
    """Altynkol's single-track approach line (17 train pairs a day) caps each direction: the
    capacity names it when it binds, and the engine never lets more trains a day through."""
    import numpy as np

    from corridor.sim.schedule import station_spec

    base = resolve_scenario(default_ledger, BASE, network_day=DEADLINE)
    crossing = base.network.crossing("altynkol-khorgos-rail")
    assert crossing.posts["KAZ"].approach_line is not None
    for d in ("a_to_b", "b_to_a"):
        spec = station_spec(base.network, crossing, d, start=base.start, days=30)
        assert float(spec.limit_by_day.max()) <= 17.0
        cap, post, limit = spec.capacity(0.0)
        assert cap <= 17.0 + 1e-9
        if cap == pytest.approx(17.0):
            assert (post, limit) == ("KAZ", "approach line")
    spec = station_spec(base.network, crossing, "b_to_a", start=base.start, days=30)
    assert spec.entry.line_by_day is not None and np.all(spec.entry.line_by_day == 17.0)


def test_a_bad_route_costs_file_is_refused_with_its_field(tmp_path: Path) -> None:
    from corridor.errors import ScenarioError

    bad = tmp_path / "route_costs.yaml"
    text = (data_dir() / "corridor" / "route_costs.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("value: 1.3", "value: 0.5"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="circuity"):
        read_route_costs(bad)


def test_plan_and_capacity_show_the_same_capacity_and_transit(default_ledger: Ledger) -> None:
    """On the same network day, each direction's capacity and transit in the plan are the
    figures of corridor capacity, and the plan's utilisation counts transit as capacity's does:
    a crossing capacity finds over the planned utilisation is relieved or over it only by its
    transit."""
    from corridor.planning.capacity import capacity_check

    p = plan_projects(default_ledger, BASE, PROJECTS, 35e9, by=2024)
    check = capacity_check(default_ledger, resolve_scenario(default_ledger, BASE), 35e9)
    assert p.network_as_of == check.network_as_of
    loads = {(ld.crossing, ld.direction): ld for ld in p.loads}
    for c in check.crossings:
        for dc in c.directions:
            ld = loads[(c.crossing, dc.direction)]
            assert ld.capacity_per_day == pytest.approx(dc.capacity_vehicles_per_day, rel=1e-9)
            assert ld.transit_per_day == pytest.approx(dc.transit_per_day, rel=1e-9)
            if dc.utilisation > 0.85:
                over = ld.transit_per_day > 0.85 * ld.capacity_per_day
                assert ld.utilisation <= 0.85 + 1e-9 or over
