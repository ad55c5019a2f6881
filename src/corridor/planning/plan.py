"""Investment planning: the cheapest set of projects that carries a trade target.

A mixed-integer programme (HiGHS through ``scipy.optimize.milp``) chooses projects and assigns
each mode's vehicles to crossings:

    minimise   Σ_p cost_p · x_p  +  Σ_{c,d} r_c · e_{c,d}
               +  ε · Σ_{c,d} g_c · f_{c,d}  +  M · Σ_{m,d} u_{m,d}
    subject to Σ_{c of mode m} f_{c,d} + u_{m,d} = D_{m,d}                  (demand)
               f_{c,d} + t_{c,d} ≤ ρ · (K_{c,d} + Σ_p ΔK_{p,c,d} · x_p)     (capacity)
               f_{c,d} ≥ L_{c,d}                                           (current operation)
               e_{c,d} ≥ f_{c,d} − T_{c,d}                                  (moved to c)
               x_p ∈ {0, 1},  f ≥ 0,  u ≥ 0,  e ≥ 0

* ``D_{m,d}``: vehicles a day of mode m in direction d at the target value (the resolved
  scenario's demand, empty vehicles going back included, scaled by target / base turnover at the
  current product mix, as in ``corridor capacity``);
* ``K_{c,d}``: vehicles a day the crossing can clear, by the engine's rule (``direction_capacity``
  at the share of empty vehicles it carries today: the figure the simulation reports an overload
  against and ``corridor capacity`` shows, so plan, capacity and simulate agree on which crossings
  bind and on their utilisation); a project's ``ΔK`` is the capacity its lever adds (a new
  crossing adds all of its capacity);
* ``t_{c,d}``: transit vehicles a day, which keep their crossing; where transit alone is over
  ``ρ K`` no trade is planned there beyond what a project adds (and the notes say so);
* ``L_{c,d}``: an open crossing keeps at least the traffic it carries today (the base year's
  demand there, within what ``ρ K`` leaves after transit): the plan does not empty a working
  post to save capital;
* ``ρ``: the highest utilisation planned for (``--max-utilisation``, 0.85 by default: queues grow
  without bound as utilisation approaches 1);
* ``T_{c,d}``: the crossing's own share of the demand (today's traffic there, scaled to the
  target; 0 for a new crossing); ``e_{c,d}``, the vehicles a day it carries beyond that share,
  which come from another crossing of its mode;
* ``r_c``: what a vehicle a day sent to crossing c costs over the plan's life
  (:mod:`corridor.planning.routes`: the detour from the nearest other crossing of its mode,
  priced per tonne-kilometre at the vehicle's load, every day, discounted like a project's
  recurring costs), so traffic moves between crossings only at its cost;
* ``g_c``: the processing time per vehicle at a crossing (hours); ε keeps it a tie-breaker;
* ``u``: demand no project set can carry, priced at ``M`` so that it is used only when nothing
  else is possible, and reported.

A project is explained by solving again without it: either the cost rises (by how much, and
which projects replace it) or some demand can no longer be carried (how much, by mode and
direction), in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from corridor.errors import DataGapError, ScenarioError, option
from corridor.ledger import Ledger
from corridor.network.model import Figure
from corridor.network.scenario import ResolvedScenario
from corridor.planning.capacity import direction_capacity
from corridor.yaml_files import read_model

if TYPE_CHECKING:
    from corridor.planning.routes import RouteCosts
    from corridor.planning.trade_response import TimeCosts

UNMET_PENALTY = 1e15  # US$ per vehicle a day of demand not carried
FLOW_WEIGHT = 1e-3  # US$ per vehicle-hour of processing: ranks flows, never outweighs capital
SHIFT_WEIGHT = 1e-2  # US$ per tonne a day moved between modes: only to save capital or carry more


class Project(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lever: str
    capital_cost: Figure | None = None
    recurring_cost: Figure | None = None  # US$ a year, apart from capital
    ready: int


@dataclass(frozen=True)
class ProjectCost:
    """A project's costs: capital once, recurring a year, and their present value over the
    appraisal's life at its discount rate (the figure plans compare)."""

    capital_usd: float
    recurring_usd_a_year: float | None
    present_value_usd: float
    source: str


def project_cost(
    project: Project, lever: ResolvedScenario, discount_rate: float, life_years: int
) -> ProjectCost | None:
    """The project's costs from the projects file, or else from its lever (None: no capital cost
    on file)."""
    from corridor.planning.trade_response import annuity

    overlay = lever.overlays[0] if lever.overlays else None
    capital = project.capital_cost or (overlay.capital_cost if overlay else None)
    if capital is None:
        return None
    recurring = project.recurring_cost or (overlay.recurring_cost if overlay else None)
    yearly = None if recurring is None else recurring.value
    pv = capital.value + (yearly or 0.0) * annuity(discount_rate, life_years)
    said = [capital.source or f"assumption: {capital.assumption}"]
    if recurring is not None:
        said.append("recurring: " + (recurring.source or f"assumption: {recurring.assumption}"))
    return ProjectCost(capital.value, yearly, pv, "; ".join(said))


class Projects(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    projects: tuple[Project, ...]


@dataclass(frozen=True)
class ChosenProject:
    name: str
    title: str
    capital_cost_usd: float
    cost_source: str
    ready: int
    why: str
    recurring_cost_usd_a_year: float | None = None
    cost_pv_usd: float | None = None  # capital plus recurring over the life, discounted


@dataclass(frozen=True)
class CrossingLoad:
    crossing: str
    mode: str
    direction: str
    vehicles_per_day: float
    capacity_per_day: float
    utilisation: float
    #: vehicles a day beyond the crossing's own share of the demand (sent from another)
    moved_in_per_day: float = 0.0
    #: of ``vehicles_per_day``, transit vehicles (they keep their crossing)
    transit_per_day: float = 0.0


@dataclass(frozen=True)
class Plan:
    """The JSON of ``corridor plan``."""

    target_usd: float
    by: int
    base_year: int
    scale: float
    max_utilisation: float
    chosen: tuple[ChosenProject, ...]
    total_cost_usd: float
    loads: tuple[CrossingLoad, ...]
    residual_bottleneck: str | None
    unmet_vehicles_per_day: dict[str, float]
    mode_shift: float
    rail_share: dict[str, dict[str, float]]  # "direction group" → base and planned rail share
    not_ready: tuple[str, ...]
    notes: tuple[str, ...]
    countries: tuple[str, str] = ("", "")  # a_to_b leaves the first
    network_as_of: str = ""  # the day whose network (committed projects included) is planned on
    #: present value of sending traffic through other crossings than today's (``e`` × ``r``)
    route_cost_usd: float = 0.0

    def direction_name(self, direction: str) -> str:
        a, b = self.countries
        return f"{a}→{b}" if direction == "a_to_b" else f"{b}→{a}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def busiest(loads: tuple[CrossingLoad, ...]) -> CrossingLoad | None:
    """The crossing direction with the highest utilisation (the plan's residual bottleneck)."""
    return max(loads, key=lambda ld: ld.utilisation, default=None)


def plan_day(by: int, year: int | None, as_of: dt.date | None) -> dt.date | None:
    """The day whose network a plan due in ``by`` is made on: 1 July of ``by`` (the projects
    committed by then included), unless ``year`` or ``as_of`` names the day (None: theirs)."""
    return dt.date(by, 7, 1) if year is None and as_of is None else None


def read_projects(path: Path) -> Projects:
    return read_model(path, Projects, what="projects file", error=ScenarioError)


def _capacities(
    r: ResolvedScenario, empty_share: dict[tuple[str, str], float]
) -> dict[tuple[str, str], tuple[float, str, float]]:
    """(crossing, direction) → (vehicles a day it can clear, transit included; mode; processing
    hours), at the share of empty vehicles it carries today, as ``corridor capacity`` counts."""
    out: dict[tuple[str, str], tuple[float, str, float]] = {}
    wagons = r.demand.loads.wagons_per_train.value
    network = r.network
    for c in network.running():
        for d in ("a_to_b", "b_to_a"):
            cap, _, _ = direction_capacity(
                network,
                c,
                d,
                start=r.start,
                wagons_per_train=wagons,
                empty_share=empty_share.get((c.id, d), 0.0),
                events=r.events,
            )
            leave, enter = network.departing(d), network.receiving(d)
            hours = (
                c.posts[leave].outbound.service_hours.value
                + c.posts[enter].inbound.service_hours.value
            )
            out[(c.id, d)] = (cap, c.mode, hours)
    return out


@dataclass(frozen=True)
class _Problem:
    keys: list[tuple[str, str]]
    modes: list[tuple[str, str]]
    demand: dict[tuple[str, str], float]
    base: dict[tuple[str, str], tuple[float, str, float]]
    delta: list[dict[tuple[str, str], float]]
    costs: list[float]
    rho: float
    #: the traffic each open crossing carries today (vehicles a day), kept as a floor
    floor: dict[tuple[str, str], float] = field(default_factory=dict)
    #: mode shifts: (direction, group, tonnes a day, base rail tonnes, most that may move) and
    #: the loads that turn tonnes into trucks and trains
    shifts: list[tuple[str, str, float, float, float]] = field(default_factory=list)
    truck_t: float = 1.0
    train_t: float = 1.0
    #: each crossing's own share of the demand (vehicles a day) and what a vehicle a day beyond
    #: it costs over the plan's life (US$, present value)
    natural: dict[tuple[str, str], float] = field(default_factory=dict)
    route: dict[tuple[str, str], float] = field(default_factory=dict)
    #: transit vehicles a day, which keep their crossings and take their share of its capacity
    transit: dict[tuple[str, str], float] = field(default_factory=dict)

    def room(self, k: tuple[str, str]) -> float:
        """Trade vehicles a day the crossing's base capacity takes within ρ, after its transit
        (none when transit alone is over ρ of it)."""
        return max(self.rho * self.base[k][0] - self.transit.get(k, 0.0), 0.0)


def _solve(
    pb: _Problem, forbid: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Projects chosen, flows, unmet demand, tonnes moved to rail (negative: to road) and the
    vehicles a day each crossing carries beyond its own share."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # (heavy: only when solving)

    n_p, n_f, n_u, n_s = len(pb.costs), len(pb.keys), len(pb.modes), len(pb.shifts)
    up0 = n_p + n_f + n_u  # tonnes moved to rail, then tonnes moved to road
    e0 = up0 + 2 * n_s  # vehicles beyond each crossing's share
    n = e0 + n_f
    c = np.zeros(n)
    c[:n_p] = pb.costs
    c[n_p : n_p + n_f] = [FLOW_WEIGHT * pb.base[k][2] for k in pb.keys]
    c[n_p + n_f : up0] = UNMET_PENALTY
    c[up0:e0] = SHIFT_WEIGHT
    c[e0:] = [pb.route.get(k, 0.0) for k in pb.keys]
    rows, lo, hi = [], [], []
    for j, (m, d) in enumerate(pb.modes):  # demand, with the mode shifts of this direction
        row = np.zeros(n)
        for i, k in enumerate(pb.keys):
            if pb.base[k][1] == m and k[1] == d:
                row[n_p + i] = 1.0
        row[n_p + n_f + j] = 1.0
        for s_i, (sd, _, _, _, _) in enumerate(pb.shifts):
            if sd != d:
                continue
            per = 1.0 / (pb.train_t if m == "rail" else pb.truck_t)
            sign = -1.0 if m == "rail" else 1.0  # tonnes to rail: more trains, fewer trucks
            row[up0 + s_i] = sign * per
            row[up0 + n_s + s_i] = -sign * per
        rows.append(row)
        lo.append(pb.demand[(m, d)])
        hi.append(pb.demand[(m, d)])
    for i, k in enumerate(pb.keys):  # capacity: f − ρ Σ ΔK x ≤ ρ K − t
        row = np.zeros(n)
        row[n_p + i] = 1.0
        for p in range(n_p):
            row[p] = -pb.rho * pb.delta[p].get(k, 0.0)
        rows.append(row)
        lo.append(-np.inf)
        hi.append(pb.room(k))
    for i, k in enumerate(pb.keys):  # beyond the share: f − e ≤ T
        row = np.zeros(n)
        row[n_p + i] = 1.0
        row[e0 + i] = -1.0
        rows.append(row)
        lo.append(-np.inf)
        hi.append(pb.natural.get(k, 0.0))
    upper = np.full(n, np.inf)
    lower = np.zeros(n)
    for i, k in enumerate(pb.keys):
        lower[n_p + i] = min(pb.floor.get(k, 0.0), pb.room(k))
    upper[:n_p] = 1.0
    for s_i, (_, _, total, rail, most) in enumerate(pb.shifts):
        upper[up0 + s_i] = min(most, total - rail)  # to rail: at most what road carries
        upper[up0 + n_s + s_i] = min(most, rail)  # to road: at most what rail carries
    if forbid is not None:
        upper[forbid] = 0.0
    integrality = np.zeros(n)
    integrality[:n_p] = 1
    res = milp(
        c,
        constraints=LinearConstraint(np.array(rows), lo, hi),
        integrality=integrality,
        bounds=Bounds(lower, upper),
    )
    if res.x is None:
        raise ScenarioError(f"the planning problem could not be solved: {res.message}")
    x = np.round(res.x[:n_p])
    moved = res.x[up0 : up0 + n_s] - res.x[up0 + n_s : e0]
    return x, res.x[n_p : n_p + n_f], res.x[n_p + n_f : up0], moved, res.x[e0:]


def unmet_text(gap: dict[str, float], a: str, b: str) -> str:
    """``{"road a_to_b": 12.3}`` as "12.3 road vehicles a day from KAZ to CHN"."""
    parts = []
    for key, v in gap.items():
        mode, direction = key.split()
        way = f"from {a} to {b}" if direction == "a_to_b" else f"from {b} to {a}"
        parts.append(f"{v:,.1f} {mode} vehicles a day {way}")
    return ", ".join(parts)


def plan(
    base: ResolvedScenario,
    levers: list[tuple[Project, ResolvedScenario]],
    target_usd: float,
    *,
    base_turnover_usd: float,
    by: int,
    max_utilisation: float = 0.85,
    mode_shift: float = 0.0,
    projects_file: str = "projects file",
    time_costs: TimeCosts | None = None,
    route_costs: RouteCosts | None = None,
) -> Plan:
    """The cheapest projects that carry ``target_usd`` of trade by ``by`` (module docstring).

    ``base`` and each lever's scenario are resolved for the same day; ``base_turnover_usd`` is the
    turnover of the base scenario's trade year. A project's cost is its capital plus the present
    value of its recurring costs (``time_costs``: the discount rate and life); traffic sent
    through another crossing pays its detour (``route_costs``, by default the data folder's)."""
    from corridor.planning.routes import read_route_costs
    from corridor.planning.trade_response import annuity, read_time_costs

    appraisal = time_costs or read_time_costs()
    routes = route_costs or read_route_costs()
    if not 0 < max_utilisation <= 1:
        raise ScenarioError(f"{option('max_utilisation')} must be in (0, 1]")
    if not 0 <= mode_shift <= 1:
        raise ScenarioError(f"{option('mode_shift')} must be in [0, 1]")
    a, b = base.network.countries
    year = base.trade_year
    scale = target_usd / (base_turnover_usd * base.scenario.growth)
    demand: dict[tuple[str, str], float] = {}
    transit: dict[tuple[str, str], float] = {}
    floor: dict[tuple[str, str], float] = {}
    natural: dict[tuple[str, str], float] = {}  # each crossing's own share at the target
    tonnes: dict[tuple[str, str], list[float]] = {}  # (direction, group) → [all, by rail]
    empty_share: dict[tuple[str, str], float] = {}
    running = {c.id for c in base.network.running()}
    for sd in base.stations:
        if sd.crossing not in running:
            continue
        today = (sd.loaded_vehicles + sd.empty) / 365
        trade = today * scale
        if sd.total_vehicles:
            empty_share[(sd.crossing, sd.direction)] = sd.empty / sd.total_vehicles
        demand[(sd.mode, sd.direction)] = demand.get((sd.mode, sd.direction), 0.0) + trade
        transit[(sd.crossing, sd.direction)] = sd.transit / 365
        floor[(sd.crossing, sd.direction)] = min(today, trade)
        natural[(sd.crossing, sd.direction)] = trade
        for g, t in sd.tonnes.items():
            entry = tonnes.setdefault((sd.direction, g), [0.0, 0.0])
            entry[0] += t / 365 * scale
            if sd.mode == "rail":
                entry[1] += t / 365 * scale
    shifts = [
        (d, g, total, rail, mode_shift * total)
        for (d, g), (total, rail) in sorted(tonnes.items())
        if mode_shift > 0 and total > 0
    ]
    listed = [p for p, _ in levers]
    capacity = _capacities(base, empty_share)
    with_lever = [_capacities(r, empty_share) for _, r in levers]
    keys = sorted(set(capacity).union(*with_lever))
    base_cap = {
        k: capacity.get(k, (0.0, _mode(k, with_lever), _hours(k, with_lever))) for k in keys
    }
    delta = [
        {k: lev.get(k, base_cap[k])[0] - base_cap[k][0] for k in keys if k in lev}
        for lev in with_lever
    ]
    priced: list[ProjectCost] = []
    for p, (_, r) in zip(listed, levers, strict=True):
        cost = project_cost(p, r, appraisal.discount_rate, appraisal.life_years)
        if cost is None:
            raise ScenarioError(f"{projects_file}: project {p.lever} has no capital cost")
        priced.append(cost)
    costs = [c.present_value_usd for c in priced]
    modes = sorted(demand)
    cargo = base.demand.loads
    train_t = cargo.wagon_t.value * cargo.wagons_per_train.value
    load_t = {"road": cargo.truck_t.value, "rail": train_t}
    crossings = {c.id: c for c in base.network.crossings}
    for _, r in levers:
        crossings.update({c.id: c for c in r.network.crossings if c.id not in crossings})
    # moved traffic comes from where it runs today: the base network's running crossings
    sources = list(base.network.running())
    life_days = 365.0 * annuity(appraisal.discount_rate, appraisal.life_years)
    route: dict[tuple[str, str], float] = {}
    for k in keys:
        crossing = crossings.get(k[0])
        km = None if crossing is None else routes.detour_km(crossing, sources)
        if crossing is not None and km is not None:
            route[k] = km * routes.per_vehicle_km(crossing.mode, load_t[crossing.mode]) * life_days

    def route_cost_of(beyond: np.ndarray) -> float:
        """Present value of the vehicles a day each crossing carries beyond its share."""
        return float(sum(route.get(k, 0.0) * beyond[i] for i, k in enumerate(keys)))

    pb = _Problem(
        keys,
        modes,
        demand,
        base_cap,
        delta,
        costs,
        max_utilisation,
        floor,
        shifts,
        truck_t=load_t["road"],
        train_t=load_t["rail"],
        natural=natural,
        route=route,
        transit=transit,
    )
    x, f, u, moved, e = _solve(pb)
    f, u, e = np.clip(f, 0.0, None), np.clip(u, 0.0, None), np.clip(e, 0.0, None)  # round-off
    route_cost = route_cost_of(e)
    per_t_km = routes.usd_per_tonne_km
    objective = float(np.dot(costs, x))
    chosen = []
    for i in np.flatnonzero(x > 0.5):
        x2, _, u2, _, e2 = _solve(pb, forbid=int(i))
        if u2.sum() > u.sum() + 1e-6:
            gap = {
                f"{m} {d}": float(v) for (m, d), v in zip(modes, u2 - u, strict=True) if v > 1e-6
            }
            why = (
                "without it no set of the candidates carries the target: "
                f"{unmet_text(gap, a, b)} would be left over"
            )
        else:
            extra = float(np.dot(costs, x2)) + route_cost_of(e2) - objective - route_cost
            instead = [
                levers[j][1].overlays[0].name for j in np.flatnonzero(x2 > 0.5) if x[j] < 0.5
            ]
            why = f"the cheapest way: without it the plan costs US${extra / 1e6:,.0f} m more" + (
                f" ({', '.join(instead)} instead)" if instead else ""
            )
        o = levers[int(i)][1].overlays[0]
        pc = priced[int(i)]
        chosen.append(
            ChosenProject(
                o.name,
                o.title,
                pc.capital_usd,
                pc.source,
                listed[int(i)].ready,
                why,
                pc.recurring_usd_a_year,
                pc.present_value_usd,
            )
        )
    total_cap = {
        k: base_cap[k][0] + sum(delta[p].get(k, 0.0) * x[p] for p in range(len(costs)))
        for k in keys
    }
    vehicles = {k: float(f[i]) + transit.get(k, 0.0) for i, k in enumerate(keys)}  # transit in
    loads = tuple(
        CrossingLoad(
            k[0],
            base_cap[k][1],
            k[1],
            vehicles[k],
            total_cap[k],
            vehicles[k] / total_cap[k] if total_cap[k] else 0.0,
            float(e[i]) if e[i] > 1e-6 else 0.0,
            transit.get(k, 0.0),
        )
        for i, k in enumerate(keys)
        if total_cap[k] > 0 or f[i] > 0
    )
    over = [
        f"{k[0]} {k[1]}" for k in keys if transit.get(k, 0.0) > max_utilisation * base_cap[k][0]
    ]
    worst = busiest(loads)
    unmet = {f"{m} {d}": float(v) for (m, d), v in zip(modes, u, strict=True) if v > 1e-6}
    notes = [
        f"demand: {a}–{b} trade of {year} scaled by {scale:.2f} to "
        f"US${target_usd / 1e9:,.1f} bn at the {year} product mix; transit vehicles keep their "
        "crossings; the network in force on " + str(base.network.as_of),
        "utilisation: all vehicles a day, transit included, over the crossing's capacity (the "
        "figures of corridor capacity); trade takes what transit leaves within "
        f"{100 * max_utilisation:.0f} %",
        "current operation: every open crossing keeps at least the traffic it carries today",
        (
            f"modes: up to {100 * mode_shift:.0f} % of each cargo group's tonnes may move between "
            "road and rail (only where that saves capital or carries more)"
            if mode_shift
            else "modes: the road/rail split of the demand file is kept (a mode shift frees it)"
        ),
        "routes: traffic a crossing carries beyond its own share of the demand comes from the "
        "nearest other crossing of its mode and pays the detour, "
        f"{routes.circuity.value:g} × the distance between them, at "
        + ", ".join(f"US${v.value:g} per tonne-km by {m}" for m, v in sorted(per_t_km.items()))
        + " (the route costs file), every day of the plan's life, discounted"
        + (f": US${route_cost / 1e6:,.0f} m in all" if route_cost > 0 else ": no traffic moved"),
        f"a project's cost: its capital plus its recurring costs over {appraisal.life_years} "
        f"years at {appraisal.discount_rate:.0%}, discounted (the total is that present value)",
    ]
    if over:
        notes.append(
            f"transit alone is over {100 * max_utilisation:.0f} % of the capacity at "
            + ", ".join(over)
            + ": no trade is planned there beyond what a project adds"
        )
    if unmet:
        notes.append(
            "some demand cannot be carried by any set of the candidate projects: "
            + unmet_text(unmet, a, b)
        )
    return Plan(
        target_usd=target_usd,
        by=by,
        base_year=year,
        scale=scale,
        max_utilisation=max_utilisation,
        chosen=tuple(chosen),
        total_cost_usd=objective,
        loads=loads,
        residual_bottleneck=None if worst is None else f"{worst.crossing} {worst.direction}",
        unmet_vehicles_per_day=unmet,
        mode_shift=mode_shift,
        rail_share={
            f"{d} {g}": {"base": rail / total, "planned": float(rail + m) / total}
            for (d, g, total, rail, _), m in zip(shifts, moved, strict=True)
        },
        not_ready=tuple(c.name for c in chosen if c.ready > by),
        notes=tuple(notes),
        countries=(a, b),
        network_as_of=str(base.network.as_of),
        route_cost_usd=route_cost,
    )


def _mode(k: tuple[str, str], caps: list[dict[tuple[str, str], tuple[float, str, float]]]) -> str:
    return next(c[k][1] for c in caps if k in c)


def _hours(
    k: tuple[str, str], caps: list[dict[tuple[str, str], tuple[float, str, float]]]
) -> float:
    return next(c[k][2] for c in caps if k in c)


def plan_projects(
    ledger: Ledger,
    scenario: Path,
    projects_file: Path,
    target_usd: float,
    *,
    by: int,
    max_utilisation: float = 0.85,
    mode_shift: float = 0.0,
    year: int | None = None,
    as_of: dt.date | None = None,
    calibration: Path | None = None,
    use_calibration: bool = True,
    route_costs: RouteCosts | None = None,
    reconciled: dict[tuple[object, ...], Any] | None = None,
    memo: dict[tuple[object, ...], object] | None = None,
) -> Plan:
    """:func:`plan` on the scenario and the projects of a file, all resolved for one day: the
    network in force on 1 July of ``by`` (the projects committed by then included) carrying the
    latest trade, unless ``year`` or ``as_of`` names the day. ``route_costs``: as in
    :func:`plan`; ``reconciled`` and ``memo``: counts already reconciled on the same scenario
    and trade figures already read (as in :func:`~corridor.planning.resolve.resolve_scenario`)."""
    from corridor.planning.resolve import resolve_scenario
    from corridor.trade.targets import year_turnover

    options: dict[str, Any] = {
        "year": year,
        "as_of": as_of,
        "calibration": calibration,
        "use_calibration": use_calibration,
        "network_day": plan_day(by, year, as_of),
        # the levers are reconciled with the counts on the scenario without them, and read the
        # same trade figures: once for all
        "reconciled": {} if reconciled is None else reconciled,
        "memo": {} if memo is None else memo,
    }
    base = resolve_scenario(ledger, scenario, **options)
    listed = read_projects(projects_file).projects
    levers = [
        (
            p,
            resolve_scenario(
                ledger, scenario, ((projects_file.parent / p.lever).resolve(),), **options
            ),
        )
        for p in listed
    ]
    a, b = base.network.countries
    try:
        turnover = year_turnover(ledger, a, b, base.trade_year)
    except DataGapError as exc:
        raise ScenarioError(str(exc)) from None
    return plan(
        base,
        levers,
        target_usd,
        base_turnover_usd=turnover,
        by=by,
        max_utilisation=max_utilisation,
        mode_shift=mode_shift,
        projects_file=str(projects_file),
        route_costs=route_costs,
    )
