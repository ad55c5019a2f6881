"""The corridor's network and what it can carry: crossings, capacity, plans, levers, and how
well the model matches the border."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from corridor.api._params import Day, Year
from corridor.api._state import State
from corridor.ledger import Ledger

router = APIRouter(tags=["network"])


@router.get("/api/network")
def network(
    st: State,
    as_of: Annotated[Day | None, Query(description="The network in force that day.")] = None,
) -> dict[str, Any]:
    """`corridor network show --json`: the crossings, their posts and figures (an unlimited
    figure is the string "Infinity")."""
    from corridor.network import read_network

    net = read_network(st.workspace.network)
    if as_of is not None:
        net = net.at(as_of)
    data: dict[str, Any] = json.loads(net.model_dump_json())
    return data


@router.get("/api/capacity")
def capacity(
    st: State,
    target_usd: Annotated[float, Query(gt=0, le=1e13)],
    year: Year = None,
    base_year: Year = None,
) -> Response:
    """`corridor capacity`: what the target needs at each crossing against its capacity."""
    from corridor.planning import resolve_scenario
    from corridor.planning.capacity import capacity_check

    def make(cur: Ledger) -> dict[str, Any]:
        r = resolve_scenario(cur, st.workspace.baseline, year=base_year)
        return capacity_check(cur, r, target_usd, year=year).to_dict()

    return st.cached(("capacity", target_usd, year, base_year), make)


@router.get("/api/plan")
def plan_view(
    st: State,
    target_usd: Annotated[float, Query(gt=0, le=1e13)],
    by: Annotated[int, Query(ge=2000, le=2100)],
    max_utilisation: Annotated[float, Query(gt=0, le=1)] = 0.85,
    mode_shift: Annotated[float, Query(ge=0, le=1)] = 0.0,
    year: Year = None,
) -> Response:
    """`corridor plan`: the cheapest candidate projects that carry the target."""
    from corridor.planning.plan import plan_projects
    from corridor.planning.routes import read_route_costs

    def make(cur: Ledger) -> dict[str, Any]:
        return plan_projects(
            cur,
            st.workspace.baseline,
            st.workspace.projects,
            target_usd,
            by=by,
            max_utilisation=max_utilisation,
            mode_shift=mode_shift,
            year=year,
            route_costs=read_route_costs(st.workspace.route_costs),
        ).to_dict()

    return st.cached(("plan", target_usd, by, max_utilisation, mode_shift, year), make)


@router.get("/api/levers")
def levers(st: State) -> list[dict[str, Any]]:
    """The levers a scenario can apply, with their titles, sources and capital costs."""
    from corridor.network.scenario import read_overlay

    out = []
    for name in st.workspace.lever_names():
        o = read_overlay(st.workspace.lever(name))
        cost = None if o.capital_cost is None else o.capital_cost.value
        out.append({"name": name, "title": o.title, "source": o.source, "capital_cost_usd": cost})
    return out


@router.get("/api/validation")
def validation(st: State) -> dict[str, Any]:
    """The stored validation, as `corridor validate --json` shows it: every observation against
    the model over its own period, accuracy by measure and crossing, in sample and out of sample
    by rolling origin, with the run's settings and whether its inputs are current."""
    from corridor.api._pages import validation_view

    found = validation_view(st.session)
    if found is None:
        raise HTTPException(
            404, "no validation is stored: run corridor validate --rolling-origin --store"
        )
    return found
