"""Scenario runs: started over the API or the dashboard's form, followed to their results."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from corridor.api._state import ServerState, State, need_token
from corridor.errors import InputError
from corridor.sim.settings import RunSettings

router = APIRouter(tags=["runs"])


class RunRequest(BaseModel):
    """A run: ``simulate`` the baseline with the levers applied together, or ``compare`` each
    lever with the baseline (``corridor compare``); levers are file names in
    data/scenarios/levers."""

    kind: Literal["simulate", "compare"] = "simulate"
    levers: list[Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]] = Field(default=[], max_length=5)
    days: int = Field(default=RunSettings().days, ge=1, le=1830)
    replications: int = Field(default=RunSettings().replications, ge=1, le=50)
    seed: int = Field(default=RunSettings().seed, ge=0, le=2**31 - 1)
    warmup_days: int | None = Field(default=RunSettings().warmup_days, ge=0, le=365)
    year: int | None = Field(default=None, ge=1990, le=2100)
    #: draw the traffic levels the counts did not give for the year (``simulate --levels``)
    levels: bool = False
    #: with ``compare``: each lever's worth in trade (``corridor compare --trade-response``)
    trade_response: bool = False

    def settings(self) -> RunSettings:
        return RunSettings(self.days, self.replications, self.seed, self.warmup_days, self.levels)


def submit_run(st: ServerState, run: RunRequest) -> dict[str, Any]:
    """Queue the run; its view (id, status, progress)."""
    from corridor.planning import compare_levers, lever_trade_responses, resolve_scenario, simulate

    paths = tuple(st.workspace.lever(name) for name in run.levers)
    settings = run.settings()
    base = st.workspace.baseline

    def work(progress: Callable[[int, int], None]) -> Any:
        if run.kind == "compare":
            both = dataclasses.replace(settings, replications=max(settings.replications, 2))
            combos: list[tuple[Path, ...]] = [(p,) for p in paths]
            session = st.session
            results = compare_levers(session, base, combos, both, year=run.year, progress=progress)
            out = [r.to_dict() for r in results]
            if run.trade_response:
                responses = lever_trade_responses(session, base, combos, both, year=run.year)
                for item, response in zip(out[1:], responses, strict=True):
                    item["trade_response"] = response.to_dict()
            return out
        with st.cursor() as cur:
            resolved = resolve_scenario(cur, base, paths, year=run.year)
            version = cur.version()
        report, _ = simulate(st.session, resolved, settings, version=version, progress=progress)
        return report.to_dict()

    view: dict[str, Any] = st.jobs.submit(run.model_dump(), work).view()
    return view


@router.post("/api/runs", dependencies=[Depends(need_token)], status_code=202)
def start_run(st: State, run: RunRequest) -> dict[str, Any]:
    """Start a run; follow it at ``GET /api/runs/{id}``."""
    return submit_run(st, run)


@router.post("/runs", response_class=HTMLResponse, include_in_schema=False)
async def start_run_from_page(st: State, request: Request) -> Response:
    """The dashboard's form: the same run, the token typed in the form."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))

    def field(name: str) -> str:
        return (form.get(name) or [""])[0]

    st.check_token(f"Bearer {field('token')}")
    try:
        run = RunRequest(
            levers=[field("lever")] if field("lever") else [],
            days=int(field("days") or 90),
            replications=int(field("replications") or 3),
        )
    except (ValueError, ValidationError) as exc:
        raise InputError(f"invalid run: {str(exc).splitlines()[0]}") from None
    view = submit_run(st, run)
    return RedirectResponse(f"/runs/{view['id']}", status_code=303)


@router.get("/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
def run_page_view(st: State, run_id: str) -> str:
    from corridor.api._pages import run_page

    job = st.jobs.get(run_id)
    if job is None:
        raise HTTPException(404, f"no run {run_id}")
    return run_page(job.view(), st.names)


@router.get("/api/runs", dependencies=[Depends(need_token)])
def list_runs(st: State) -> list[dict[str, Any]]:
    """Every run of this server (their ids are for the token holder only)."""
    return [j.view() | {"result": None} for j in st.jobs.all()]


@router.get("/api/runs/{run_id}")
def get_run(st: State, run_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]) -> dict[str, Any]:
    job = st.jobs.get(run_id)
    if job is None:
        raise HTTPException(404, f"no run {run_id}")
    return job.view()


@router.delete("/api/runs/{run_id}", dependencies=[Depends(need_token)])
def cancel_run(st: State, run_id: str) -> dict[str, Any]:
    job = st.jobs.get(run_id)
    if job is None:
        raise HTTPException(404, f"no run {run_id}")
    job.cancel.set()
    return job.view()
