"""Capacity and the cheapest plan against one target, on one network day.

``corridor capacity --target-usd T --year Y`` says which crossing binds first and at what trade;
``corridor plan --target-usd T --by Y`` says what carries the target most cheaply. Both read the
network in force on 1 July of ``Y`` (the projects committed by then included), count transit
against capacity the same way and call the same capacity rule; :func:`capacity_and_plan` runs
both, and :meth:`CapacityAndPlan.text` says them in one sentence for the report, with the
commands that give each figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.network.scenario import apply_overlays
from corridor.planning.capacity import CapacityReport, capacity_check
from corridor.planning.plan import Plan, busiest, plan_projects, read_projects, unmet_text
from corridor.planning.resolve import resolve_scenario
from corridor.planning.routes import default_route_costs
from corridor.planning.trade_response import default_time_costs
from corridor.session import Session
from corridor.sim.settings import ENGINE
from corridor.sim.store import run_key


@dataclass(frozen=True)
class CapacityAndPlan:
    """What binds against a target and the cheapest plan that carries it, on one network day."""

    target_usd: float
    by: int
    capacity: CapacityReport
    plan: Plan

    @property
    def commands(self) -> tuple[str, str]:
        """The commands that give the same figures."""
        # whole command lines (a flag in a library string belongs to a command the reader runs)
        given = {"t": f"{self.target_usd / 1e9:g}e9", "y": self.by}
        return (
            "corridor capacity --target-usd {t} --year {y}".format(**given),
            "corridor plan --target-usd {t} --by {y}".format(**given),
        )

    def text(self) -> str:
        """One sentence: the first crossing to bind, then the plan and what it leaves busiest."""
        cap, p = self.capacity, self.plan
        first = next((c for c in cap.crossings if c.crossing == cap.first_to_saturate), None)
        binds = (
            f"{first.crossing} binds first, at US${first.binds_at_usd / 1e9:,.1f} bn of trade"
            if first is not None and first.binds_at_usd is not None
            else "no crossing binds"
        )
        if p.unmet_vehicles_per_day:
            left_over = unmet_text(p.unmet_vehicles_per_day, *p.countries)
            carried = f"no set of the candidate projects carries it ({left_over} left over)"
        else:
            # a title read inside the sentence: "the Bakhty–Ayagoz line", not "The …"
            titles = (
                f"t{c.title[1:]}" if c.title.startswith("The ") else c.title for c in p.chosen
            )
            chosen = ", ".join(titles) or "no project"
            cost = f"US${p.total_cost_usd / 1e6:,.0f} m"
            carried = f"the cheapest plan carries it with {chosen} ({cost}"
            if p.route_cost_usd > 0:
                carried += (
                    f", and US${p.route_cost_usd / 1e6:,.0f} m to send traffic through other "
                    "crossings"
                )
            carried += ", present values)"
        top = busiest(p.loads)
        left = (
            f", its busiest direction {top.crossing} {p.direction_name(top.direction)} "
            f"at {100 * top.utilisation:.0f} %"
            if top is not None
            else ""
        )
        capacity_cmd, plan_cmd = self.commands
        return (
            f"Against US${self.target_usd / 1e9:,.1f} bn by {self.by}, on the network of "
            f"{p.network_as_of}: {binds} ({capacity_cmd}); {carried}{left} ({plan_cmd})."
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> CapacityAndPlan:
        """An answer written by :meth:`to_json` (:class:`corridor.records.RecordError` when the
        text does not fit this class)."""
        from corridor.records import from_plain

        return from_plain(cls, json.loads(text))


#: the rules' version: changed with the plan's or capacity's rules, so that answers kept by
#: older rules are not read back
RULES = "1"


def kept_capacity_and_plan(
    session: Session,
    ledger: Ledger,
    scenario: Path,
    projects_file: Path,
    target_usd: float,
    by: int,
) -> CapacityAndPlan:
    """:func:`capacity_and_plan`, kept in the session's run store: the same inputs (every file
    the answer reads, the ledger's contents, the engine's and these rules' versions) give it back
    without resolving the scenarios again."""
    key = _key(ledger, scenario, projects_file, target_usd, by)
    kept = session.runs.parsed(key, CapacityAndPlan.from_json)  # None: older layout, damaged
    if kept is not None:
        return kept
    answer = capacity_and_plan(ledger, scenario, projects_file, target_usd, by)
    session.runs.add(key, answer.to_json())
    return answer


def _key(ledger: Ledger, scenario: Path, projects_file: Path, target_usd: float, by: int) -> str:
    inputs = apply_overlays(scenario)  # its digest: the scenario's files, calibration, events
    digest = hashlib.sha256(inputs.digest.encode())
    files = [projects_file, default_route_costs(), default_time_costs()]
    files += [
        (projects_file.parent / p.lever).resolve() for p in read_projects(projects_file).projects
    ]
    if inputs.observations is not None:
        files.append(inputs.observations)
    for f in files:
        try:
            digest.update(f.read_bytes())
        except OSError as exc:
            raise ScenarioError(f"cannot read {f}: {exc.strerror}") from None
    what = f"capacity-and-plan|{digest.hexdigest()}|{target_usd!r}|{by}|{RULES}"
    return run_key(what, ENGINE, ledger.version())


def capacity_and_plan(
    ledger: Ledger, scenario: Path, projects_file: Path, target_usd: float, by: int
) -> CapacityAndPlan:
    """``corridor capacity --year by`` and ``corridor plan --by by`` on ``target_usd``."""
    # the scenario's counts reconciled, and its trade figures read, once for both answers
    shared: dict[str, Any] = {"reconciled": {}, "memo": {}}
    resolved = resolve_scenario(ledger, scenario, network_day=dt.date(by, 7, 1), **shared)
    report = capacity_check(ledger, resolved, target_usd, year=by)
    plan = plan_projects(ledger, scenario, projects_file, target_usd, by=by, **shared)
    return CapacityAndPlan(target_usd, by, report, plan)
