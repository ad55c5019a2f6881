"""Scenarios: a base scenario file and overlays (levers) applied on top, validated and hashed.

A **scenario file** names the network and demand files, the trade year and growth. An
**overlay** (a lever: ``data/scenarios/levers/*.yaml``) changes them::

    name: road-24-7
    title: 24/7 at all road crossings
    source: "where the lever comes from"
    capital_cost: {value: 713e6, unit: USD, source: "…"}     # optional
    network:                       # merged into the network file
      crossings:
        nur-zholy-khorgos: {...}   # a crossing by id: its keys are merged
        "mode:road": {...}         # every enabled crossing of a mode
        new-crossing-id: {...}     # a crossing not in the file is added (all keys needed)
    demand: {...}                  # merged into the demand file
    scenario: {growth: 1.2}        # fields of the scenario file
    target_usd: 35e9               # scale the trade so that turnover equals this

Merging is recursive for mappings; a figure (``{value: …}``) or any other value (a list, a
number) replaces what was there.
Overlays apply in the order given, so ``a.yaml`` then ``b.yaml`` composes two levers. The result is
validated like the files themselves (every number still needs a source or an assumption), and
its hash covers every file read.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from corridor.errors import DataGapError, ScenarioError
from corridor.ledger import Ledger
from corridor.network.demand import DemandSpec, validate_demand
from corridor.network.model import Figure, Network
from corridor.trade.targets import year_turnover
from corridor.yaml_files import load_yaml, read_model


class Scenario(BaseModel):
    """A scenario file: which network and demand, which trade year, how much growth."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    network: str
    demand: str
    trade_year: int
    growth: float = 1.0
    start: dt.date = dt.date(2024, 1, 1)


class Overlay(BaseModel):
    """A lever: changes to the network, the demand and the scenario, with its source and cost."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    source: str
    capital_cost: Figure | None = None
    network: dict[str, Any] = {}
    demand: dict[str, Any] = {}
    scenario: dict[str, Any] = {}
    target_usd: float | None = None


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario with its overlays applied: what a run needs, and a hash of every input."""

    name: str
    scenario: Scenario
    network: Network
    demand: DemandSpec
    digest: str
    overlays: tuple[Overlay, ...] = field(default=())

    @property
    def capital_cost_usd(self) -> float | None:
        costs = [o.capital_cost.value for o in self.overlays if o.capital_cost is not None]
        return sum(costs) if costs else None


def read_scenario(path: Path) -> tuple[Scenario, Path, Path, str]:
    """The scenario, its network and demand paths, and a hash of all three files."""
    scenario = read_model(path, Scenario, what="scenario", error=ScenarioError)
    network = (path.parent / scenario.network).resolve()
    demand = (path.parent / scenario.demand).resolve()
    digest = hashlib.sha256()
    for p in (path, network, demand):
        if not p.is_file():
            raise ScenarioError(f"{path}: {p} does not exist")
        digest.update(p.read_bytes())
    return scenario, network, demand, digest.hexdigest()


def read_overlay(path: Path) -> Overlay:
    """Read and validate a lever file."""
    return read_model(path, Overlay, what="scenario overlay", error=ScenarioError)


def merge(base: Any, change: Any) -> Any:
    """``change`` merged into ``base``: mappings recursively, anything else replaced.

    A figure (a mapping with a ``value``) is replaced whole, so that its new source or
    assumption does not mix with the old one.
    """
    if isinstance(change, dict) and "value" in change:
        figure = copy.deepcopy(change)
        if isinstance(base, dict) and "unit" not in figure and "unit" in base:
            figure["unit"] = base["unit"]  # a bare new value keeps its unit …
        if "source" not in figure and "assumption" not in figure:
            figure["assumption"] = "set by a scenario parameter"  # … but not its source
        return figure
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for key, value in change.items():
            out[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(change)


def _apply_network(raw: dict[str, Any], change: dict[str, Any], where: str) -> dict[str, Any]:
    change = dict(change)
    crossings = change.pop("crossings", {})
    out: dict[str, Any] = merge(raw, change)
    if not isinstance(crossings, dict):
        raise ScenarioError(f"{where}: network.crossings must map crossing ids to changes")
    listed = [dict(c) for c in out.get("crossings", [])]
    by_id = {c.get("id"): i for i, c in enumerate(listed)}
    for selector, patch in crossings.items():
        if not isinstance(patch, dict):
            raise ScenarioError(f"{where}: network.crossings.{selector} must be a mapping")
        if str(selector).startswith("mode:"):
            mode = str(selector).split(":", 1)[1]
            hits = [i for i, c in enumerate(listed) if c.get("mode") == mode and c.get("enabled")]
            if not hits:
                raise ScenarioError(f"{where}: no enabled crossing of mode {mode!r}")
            for i in hits:
                listed[i] = merge(listed[i], patch)
        elif selector in by_id:
            listed[by_id[selector]] = merge(listed[by_id[selector]], patch)
        else:
            listed.append({"id": selector, **patch})
    out["crossings"] = listed
    return out


def resolve_scenario(
    path: Path,
    overlays: tuple[Path, ...] = (),
    *,
    ledger: Ledger | None = None,
    params: dict[str, Any] | None = None,
) -> ResolvedScenario:
    """The scenario at ``path`` with ``overlays`` applied in order (module docstring).

    ``ledger`` gives the base turnover when an overlay sets ``target_usd``.
    ``params`` sets values by dotted path after the overlays (``scenario.growth``,
    ``network.crossings.<id>.directions.a_to_b.lanes.value``): the sweep's knobs.
    """
    scenario, network_path, demand_path, _ = read_scenario(path)
    digest = hashlib.sha256()
    for p in (path, network_path, demand_path, *overlays):
        digest.update(p.read_bytes())
    raw_network = load_yaml(network_path.read_text(encoding="utf-8"))
    raw_demand = load_yaml(demand_path.read_text(encoding="utf-8"))
    raw_scenario = scenario.model_dump()
    read = tuple(read_overlay(p) for p in overlays)
    target = None
    for p, o in zip(overlays, read, strict=True):
        raw_network = _apply_network(raw_network, o.network, str(p))
        raw_demand = merge(raw_demand, o.demand)
        raw_scenario = merge(raw_scenario, o.scenario)
        if o.target_usd is not None:
            target = o.target_usd
    for dotted, value in (params or {}).items():
        head, _, rest = dotted.partition(".")
        change: Any = value
        for key in reversed(rest.split(".")) if rest else ():
            change = {key: change}
        if head == "network":
            raw_network = _apply_network(raw_network, change, f"--param {dotted}")
        elif head == "demand":
            raw_demand = merge(raw_demand, change)
        elif head == "scenario":
            raw_scenario = merge(raw_scenario, change)
        else:
            raise ScenarioError(
                f"--param {dotted}: the path starts with network, demand or scenario"
            )
        digest.update(f"{dotted}={value!r}".encode())
    names = "+".join([scenario.name, *(o.name for o in read)])
    try:
        network = Network.model_validate(raw_network)
        spec = DemandSpec.model_validate(raw_demand)
        final = Scenario.model_validate(raw_scenario)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_context=False, include_input=False)[:10]
        )
        raise ScenarioError(f"{names}: the overlays give an invalid scenario: {problems}") from None
    validate_demand(spec, names)
    if target is not None:
        if ledger is None:
            raise ScenarioError(f"{names}: target_usd needs the ledger's turnover")
        a, b = network.countries
        try:
            base = year_turnover(ledger, a, b, final.trade_year)
        except DataGapError as exc:
            raise ScenarioError(f"{names}: {exc}") from None
        final = final.model_copy(update={"growth": final.growth * target / base})
    return ResolvedScenario(names, final, network, spec, digest.hexdigest(), read)
