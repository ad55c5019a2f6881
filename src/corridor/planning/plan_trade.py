"""Investment planning within a budget: the projects that add the most trade a year, or the
most net present value.

``corridor plan --objective trade|npv --budget-usd B --by Y``. Each candidate project ready by the
deadline is valued by its trade response (:mod:`corridor.planning.trade_response`: the change in
trade a year at the fixed point of the delay–trade loop, the same figure ``corridor compare
--trade-response`` gives) and appraised: the net present value of its benefit over its life less
its capital and recurring costs, and its economic rate of return (``npv_usd``, ``err``). A
knapsack chooses the set (HiGHS through ``scipy.optimize.milp``):

    maximise   Σ_p g_p · x_p      subject to   Σ_p cost_p · x_p ≤ B,   x_p ∈ {0, 1}

with cost_p the present value of the project's capital and recurring costs, and g_p its trade
gain alone (``trade``: counted only when its 95 % interval excludes zero and it is at least
US$1 m a year) or its net present value (``npv``: counted only when its 95 % interval lies above
zero).
Gains need not add up (two projects can relieve the same queue), so the chosen set is then run
together and its joint trade response reported beside the sum; when they differ by more than 5 %
the output says so. Projects without a cost, without a
steady-state figure (an overloaded direction) or with no gain are left out with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from corridor.errors import ScenarioError, option
from corridor.planning.plan import ProjectCost, plan_day, project_cost, read_projects
from corridor.planning.runs import lever_trade_responses
from corridor.planning.trade_response import (
    ABSOLUTE_TOLERANCE_USD,
    TradeResponse,
    appraise,
    read_time_costs,
)
from corridor.session import Session
from corridor.sim.run import Estimate
from corridor.sim.settings import RunSettings


@dataclass(frozen=True)
class ValuedProject:
    """A candidate with its cost and its trade gain alone."""

    name: str
    capital_cost_usd: float | None
    ready: int
    trade_change_usd: Estimate | None
    chosen: bool
    why: str
    #: net present value of its benefit over its life less its capital, and its economic rate
    #: of return (corridor.planning.trade_response.appraise)
    npv_usd: Estimate | None = None
    err: float | None = None
    recurring_cost_usd_a_year: float | None = None
    #: capital plus recurring costs over the life, discounted: what the budget holds
    cost_pv_usd: float | None = None


@dataclass(frozen=True)
class TradePlan:
    """The projects chosen for trade within a budget (the JSON of ``corridor plan
    --objective trade``)."""

    budget_usd: float
    by: int
    projects: tuple[ValuedProject, ...]
    total_cost_usd: float
    sum_of_gains_usd: float
    joint: TradeResponse | None
    notes: tuple[str, ...]
    network_as_of: str = ""  # the day whose network the projects are valued on
    objective: str = "trade"  # what the set maximises: "trade" or "npv"
    sum_of_npv_usd: float = 0.0  # the chosen projects' net present values, each alone

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def plan_for_trade(
    session: Session,
    scenario: Path,
    projects_file: Path,
    budget_usd: float,
    *,
    by: int,
    settings: RunSettings | None = None,
    elasticity: float | None = None,
    year: int | None = None,
    as_of: dt.date | None = None,
    calibration: Path | None = None,
    use_calibration: bool = True,
    objective: str = "trade",
) -> TradePlan:
    """The module docstring's knapsack on the projects of ``projects_file``."""
    from corridor.planning.resolve import resolve_scenario

    if not budget_usd > 0:
        raise ScenarioError(f"{option('budget_usd')} must be a positive amount of US$")
    if objective not in OBJECTIVES:
        raise ScenarioError(f"objective {objective!r}: use {' or '.join(OBJECTIVES)}")
    settings = settings or RunSettings()
    options: dict[str, Any] = {
        "year": year,
        "as_of": as_of,
        "calibration": calibration,
        "use_calibration": use_calibration,
        "network_day": plan_day(by, year, as_of),  # as the capital plan
    }
    listed = read_projects(projects_file).projects
    paths = [(projects_file.parent / p.lever).resolve() for p in listed]
    ready = [i for i, p in enumerate(listed) if p.ready <= by]
    responses = dict(
        zip(
            ready,
            lever_trade_responses(
                session,
                scenario,
                [(paths[i],) for i in ready],
                settings,
                elasticity=elasticity,
                **options,
            ),
            strict=True,
        )
    )
    time_costs = read_time_costs()
    priced: list[ProjectCost | None] = []
    network_as_of = ""
    for p, path in zip(listed, paths, strict=True):
        with session.ledger() as ledger:
            resolved = resolve_scenario(ledger, scenario, (path,), **options)
        priced.append(project_cost(p, resolved, time_costs.discount_rate, time_costs.life_years))
        network_as_of = str(resolved.network.as_of)
    # the budget holds the present value of each project's costs, capital and recurring
    costs = [None if c is None else c.present_value_usd for c in priced]
    appraisals: dict[int, tuple[Estimate | None, float | None]] = {}
    for i, valued_alone in responses.items():
        if valued_alone.appraisal is not None:
            pc = priced[i]
            a = appraise(
                valued_alone.appraisal.benefit_usd_a_year, valued_alone.appraisal.basis,
                None if pc is None else pc.capital_usd, time_costs,
                None if pc is None else pc.recurring_usd_a_year,
            )  # fmt: skip
            appraisals[i] = (a.npv_usd, a.err)

    def value(i: int) -> float:
        if objective == "trade":
            return _gain(responses[i])
        return _npv(appraisals.get(i, (None, None))[0])

    usable = [i for i in ready if costs[i] is not None and value(i) > 0]
    picked = knapsack([value(i) for i in usable], [costs[i] or 0.0 for i in usable], budget_usd)
    chosen = {usable[k] for k in picked}
    valued = []
    for i, p in enumerate(listed):
        resp = responses.get(i)
        est = None if resp is None else resp.trade_change_usd
        npv, err = appraisals.get(i, (None, None))
        if resp is None:
            why = f"not ready by {by} (ready {p.ready})"
        elif costs[i] is None:
            why = "no capital cost on file"
        elif est is None:
            why = resp.not_computed or "no trade figure"
        elif objective == "npv" and npv is None:
            why = "no appraisal"
        elif objective == "npv" and npv is not None and npv.ci_low <= 0:
            why = (
                "its net present value's interval includes zero: not counted"
                if npv.mean > 0
                else "its net present value is not positive"
            )
        elif objective == "trade" and est.mean < ABSOLUTE_TOLERANCE_USD:
            why = "adds no trade (under US$1 m a year)"
        elif objective == "trade" and est.ci_low <= 0:
            why = "its trade interval includes zero: not counted as adding trade"
        elif i in chosen and objective == "npv":
            why = f"US${value(i) / (costs[i] or 1):,.2f} of net present value per US$ of cost"
        elif i in chosen:
            why = f"US${est.mean / (costs[i] or 1):,.2f} of trade a year per US$"
        else:
            why = "outside the budget next to the chosen set"
        pc = priced[i]
        valued.append(
            ValuedProject(
                paths[i].stem,
                None if pc is None else pc.capital_usd,
                p.ready,
                est,
                i in chosen,
                why,
                npv,
                err,
                None if pc is None else pc.recurring_usd_a_year,
                costs[i],
            )
        )
    notes = []
    joint = None
    total = sum(costs[i] or 0.0 for i in chosen)
    summed = sum(_gain(responses[i]) for i in chosen)
    if len(chosen) > 1:
        (joint,) = lever_trade_responses(
            session,
            scenario,
            [tuple(paths[i] for i in sorted(chosen))],
            settings,
            elasticity=elasticity,
            **options,
        )
        if joint.trade_change_usd is not None and summed:
            gap = joint.trade_change_usd.mean / summed - 1
            if abs(gap) > 0.05:
                notes.append(
                    f"together the chosen projects add {joint.trade_change_usd.mean / 1e6:,.0f} m "
                    f"a year, {abs(gap):.0%} {'more' if gap > 0 else 'less'} than the sum of "
                    "their gains alone: the choice ranks them alone"
                )
    elif chosen:
        joint = responses[next(iter(chosen))]
    if not chosen:
        what = "trade gain" if objective == "trade" else "net present value"
        notes.append(f"no project with a cost and a positive {what} fits the budget")
    return TradePlan(
        budget_usd,
        by,
        tuple(valued),
        total,
        summed,
        joint,
        tuple(notes),
        network_as_of,
        objective,
        sum(_npv(appraisals.get(i, (None, None))[0]) for i in chosen),
    )


def knapsack(values: list[float], costs: list[float], budget: float) -> set[int]:
    """The indices of the items with the largest total value whose costs fit the budget (a 0–1
    knapsack, HiGHS through ``scipy.optimize.milp``). The solver accepts a constraint broken by
    its tolerance (a millionth of the budget here): a set it chooses over the budget is cut off
    (Σ_{k in the set} x_k ≤ its size − 1, which no set within the budget breaks) and the problem
    solved again, until the set fits."""
    if not values:
        return set()
    n = len(values)
    value = -np.array(values, dtype=float) / max(values)
    rows = [np.array(costs, dtype=float) / budget]
    highs = [1.0]
    for _ in range(CUTS):
        result = milp(
            value,
            constraints=[LinearConstraint(np.array(rows), -np.inf, np.array(highs))],
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
        )
        if result.status != 0 or result.x is None:
            raise ScenarioError(f"the plan could not be solved: {result.message}")
        chosen = {k for k, x in enumerate(result.x) if x > 0.5}
        if sum(costs[k] for k in chosen) <= budget:
            return chosen
        rows.append(np.array([1.0 if k in chosen else 0.0 for k in range(n)]))
        highs.append(len(chosen) - 1.0)
    raise ScenarioError("the plan's solver kept choosing a set over the budget")


#: how many sets over the budget (within the solver's tolerance) a knapsack cuts off at most
CUTS = 50


#: what a plan within a budget may maximise
OBJECTIVES = ("trade", "npv")


def _npv(npv: Estimate | None) -> float:
    """The central net present value; 0 without one or when its interval reaches zero."""
    if npv is None or npv.ci_low <= 0:
        return 0.0
    return npv.mean


def _gain(response: TradeResponse) -> float:
    """The central trade gain a year; 0 without a figure or when its interval includes zero."""
    t = response.trade_change_usd
    if t is None or t.ci_low <= 0 or t.mean < ABSOLUTE_TOLERANCE_USD:
        return 0.0
    return t.mean
