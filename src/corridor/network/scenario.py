"""Scenarios: a base scenario file and overlays (levers) applied on top, validated and hashed.

A **scenario file** names the network and demand files, the trade year and growth. An
**overlay** (a lever: ``data/scenarios/levers/*.yaml``) changes them::

    name: road-24-7
    title: 24/7 at all road crossings
    source: "where the lever comes from"
    capital_cost: {value: 713e6, unit: USD, source: "…"}     # optional
    recurring_cost: {value: 2e6, unit: USD/year, source: "…"} # optional: a year, apart
    network:                       # merged into the network file
      crossings:
        nur-zholy-khorgos: {...}   # a crossing by id: its keys are merged
        "mode:road": {...}         # every enabled crossing of a mode
        new-crossing-id: {...}     # a crossing not in the file is added (all keys needed)
        # inside a crossing, posts: {"*": {...}} changes every post and "*" inside a post
        # both of its stages: posts: {"*": {"*": {dwell_hours: {...}}}}
    demand: {...}                  # merged into the demand file
    scenario: {growth: 1.2}        # fields of the scenario file
    target_usd: 35e9               # scale the trade so that turnover equals this
    explains: "why the lever does what it does"   # optional, shown with its results

Merging is recursive for mappings; a figure (``{value: …}``) or any other value (a list, a
number) replaces what was there.
Overlays apply in the order given, so ``a.yaml`` then ``b.yaml`` composes two levers. The result is
validated like the files themselves (every number still needs a source or an assumption), and
its hash covers every file read. A scenario may name a ``calibration`` file (the output of
``corridor calibrate``, an overlay of fitted figures) that is applied before any lever.

This module reads files only: turning the result into demand at the crossings needs the ledger's
trade and is done by :func:`corridor.planning.resolve_scenario`, which returns the
:class:`ResolvedScenario` the simulation runs on.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from corridor.errors import ScenarioError, option
from corridor.network.demand import Anchor, DemandSpec, StationDemand, TradeInputs, validate_demand
from corridor.network.events import Event, merge_events, read_events
from corridor.network.model import Figure, Network
from corridor.yaml_files import load_yaml, read_model


class Scenario(BaseModel):
    """A scenario file: which network and demand, which trade year, how much growth.

    ``trade_year`` None: the latest year whose trade the ledger holds by product in both
    directions. ``calibration``: a fitted-parameter overlay applied before any lever.
    ``events``: the events file (:mod:`corridor.network.events`) in force; ``observations``: the
    observations of the border whose counts set the traffic's level
    (:mod:`corridor.planning.counts`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    network: str
    demand: str
    trade_year: int | None = None
    growth: float = 1.0
    start: dt.date | None = None
    calibration: str | None = None
    events: str | None = None
    observations: str | None = None


class Overlay(BaseModel):
    """A lever: changes to the network, the demand and the scenario, with its source and cost."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    source: str
    explains: str | None = None
    capital_cost: Figure | None = None
    #: US$ a year for as long as the lever is kept (staff, power, leases), apart from capital
    recurring_cost: Figure | None = None
    network: dict[str, Any] = {}
    demand: dict[str, Any] = {}
    scenario: dict[str, Any] = {}
    target_usd: float | None = None


@dataclass(frozen=True)
class ScenarioInputs:
    """A scenario with its calibration and overlays applied, before demand is computed: the
    network as a file (every figure with its history), the demand parameters, a hash of every
    file read and the overlays in order."""

    name: str
    scenario: Scenario
    network: Network
    demand: DemandSpec
    digest: str
    overlays: tuple[Overlay, ...] = field(default=())
    target_usd: float | None = None
    calibration: Path | None = None
    events: tuple[Event, ...] = field(default=())
    observations: Path | None = None


@dataclass(frozen=True)
class ResolvedScenario:
    """What a run needs: the network in force on ``as_of``, the demand at every crossing
    direction for ``trade_year`` then, the day the simulated window starts, and a hash of every
    input (files, day, demand, events). ``timeline`` (the network with its figures by date),
    ``demand_timeline``, ``trade``, ``anchors`` and ``events`` let a run follow the days of its
    window (:mod:`corridor.sim.schedule`)."""

    name: str
    scenario: Scenario
    network: Network
    demand: DemandSpec
    stations: tuple[StationDemand, ...]
    trade_year: int
    as_of: dt.date
    start: dt.date
    digest: str
    overlays: tuple[Overlay, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    calibration: Path | None = None
    timeline: Network | None = None
    demand_timeline: DemandSpec | None = None
    trade: TradeInputs | None = None
    anchors: tuple[Anchor, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())

    @property
    def capital_cost_usd(self) -> float | None:
        costs = [o.capital_cost.value for o in self.overlays if o.capital_cost is not None]
        return sum(costs) if costs else None

    @property
    def recurring_cost_usd(self) -> float | None:
        """US$ a year of the overlays' recurring costs (None: none on file)."""
        costs = [o.recurring_cost.value for o in self.overlays if o.recurring_cost is not None]
        return sum(costs) if costs else None

    def station(self, crossing: str, direction: str) -> StationDemand | None:
        for s in self.stations:
            if (s.crossing, s.direction) == (crossing, direction):
                return s
        return None


def demand_digest(
    base: str,
    day: dt.date,
    start: dt.date,
    stations: tuple[StationDemand, ...],
    events: tuple[Event, ...] = (),
    anchors: tuple[Anchor, ...] = (),
) -> str:
    """The hash of a resolved scenario: its files' hash, its days, its demand numbers, the
    counts' anchors and the events in force."""
    digest = hashlib.sha256(base.encode())
    digest.update(f"{day.isoformat()} {start.isoformat()}".encode())
    numbers = [asdict(s) | {"notes": []} for s in stations]
    digest.update(json.dumps(numbers, sort_keys=True, default=str).encode())
    digest.update(json.dumps([e.key for e in events], default=str).encode())
    digest.update(json.dumps([asdict(a) for a in anchors], sort_keys=True).encode())
    return digest.hexdigest()


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


def find_lever(lever: Path, scenario: Path) -> Path:
    """A lever file: the path given, or a lever's name (``road-24-7``) among the levers beside
    the scenario (``levers/*.yaml``); a missing one is a ScenarioError listing those there."""
    if lever.is_file():
        return lever
    folder = scenario.parent / "levers"
    named = folder / f"{lever.name.removesuffix('.yaml')}.yaml"
    if lever.parent == Path(".") and named.is_file():
        return named
    known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    listed = f"; the levers in {folder}: {', '.join(known)}" if known else ""
    raise ScenarioError(f"no lever file {lever}{listed}")


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
        if not {"source", "assumption", "calibrated"} & set(figure):
            figure["assumption"] = "set by a scenario parameter"  # … but not its source
        return figure
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for key, value in change.items():
            out[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(change)


def _expand(crossing: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``posts: {"*": …}`` stands for every post of the crossing, and ``"*"`` inside a post's
    patch for both its stages (outbound and inbound)."""
    posts = patch.get("posts")
    if not isinstance(posts, dict):
        return patch
    posts = dict(posts)
    if "*" in posts:
        every = posts.pop("*")
        countries = [c for c in (crossing.get("sides") or crossing.get("posts") or {}) if c != "*"]
        for country in countries:
            posts[country] = merge(every, posts[country]) if country in posts else every
    for country, post in list(posts.items()):
        if isinstance(post, dict) and "*" in post:
            post = dict(post)
            both = post.pop("*")
            for stage in ("outbound", "inbound"):
                post[stage] = merge(both, post[stage]) if stage in post else both
            posts[country] = post
    return {**patch, "posts": posts}


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
                listed[i] = merge(listed[i], _expand(listed[i], patch))
        elif selector in by_id:
            i = by_id[selector]
            listed[i] = merge(listed[i], _expand(listed[i], patch))
        else:
            listed.append({"id": selector, **_expand(patch, patch)})
    out["crossings"] = listed
    return out


def apply_overlays(
    path: Path,
    overlays: tuple[Path, ...] = (),
    *,
    params: dict[str, Any] | None = None,
    calibration: Path | None = None,
    use_calibration: bool = True,
    events: tuple[Path, ...] = (),
) -> ScenarioInputs:
    """The scenario at ``path`` with its calibration, then ``overlays`` in order, then ``params``
    (module docstring); its events file, and ``events`` files added to it (an event with an id
    already read replaces it; one stating what another states is applied once).

    ``calibration`` replaces the scenario file's own ``calibration`` (a path relative to it);
    ``use_calibration`` False applies none (the files' own assumptions).
    ``params`` sets values by dotted path after the overlays (``scenario.growth``,
    ``network.crossings.<id>.posts.KAZ.outbound.lanes.value``): the sweep's knobs.
    """
    scenario, network_path, demand_path, _ = read_scenario(path)
    overlays = tuple(find_lever(p, path) for p in overlays)
    if not use_calibration:
        calibration = None
    elif calibration is None and scenario.calibration is not None:
        calibration = (path.parent / scenario.calibration).resolve()
        if not calibration.is_file():
            raise ScenarioError(f"{path}: its calibration file {calibration} does not exist")
    digest = hashlib.sha256()
    for p in (path, network_path, demand_path, *((calibration,) if calibration else ()), *overlays):
        digest.update(p.read_bytes())
    raw_network = load_yaml(network_path.read_text(encoding="utf-8"))
    raw_demand = load_yaml(demand_path.read_text(encoding="utf-8"))
    raw_scenario = scenario.model_dump()
    fitted = (read_overlay(calibration),) if calibration else ()
    read = tuple(read_overlay(p) for p in overlays)
    target = None
    for where, o in [
        *((str(calibration), f) for f in fitted),
        *zip(map(str, overlays), read, strict=True),
    ]:
        raw_network = _apply_network(raw_network, o.network, where)
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
            raw_network = _apply_network(raw_network, change, f"{option('param')} {dotted}")
        elif head == "demand":
            raw_demand = merge(raw_demand, change)
        elif head == "scenario":
            raw_scenario = merge(raw_scenario, change)
        else:
            raise ScenarioError(
                f"{option('param')} {dotted}: the path starts with network, demand or scenario"
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
    own = ((path.parent / final.events).resolve(),) if final.events else ()
    files = [*own, *events]
    read_events_ = []
    for f in files:
        if not f.is_file():
            raise ScenarioError(f"{names}: the events file {f} does not exist")
        digest.update(f.read_bytes())
        read_events_.append(read_events(f, network))
    return ScenarioInputs(
        names,
        final,
        network,
        spec,
        digest.hexdigest(),
        read,
        target,
        calibration,
        merge_events(*read_events_),
        (path.parent / final.observations).resolve() if final.observations else None,
    )
