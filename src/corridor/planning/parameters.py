"""The parameters calibration may fit: assumed figures with bounds, found, set and written out.

A parameter is every figure of the network and demand files that carries ``bounds`` (only an
assumption or an earlier fit can: a sourced figure is never fitted). Figures that share a
``parameter`` name are one parameter; any other is named by its path in the file. Setting values
makes new models (the files are not touched); :func:`overlay_text` writes the fitted values as a
calibration overlay, each figure marked ``calibrated:`` with its observations and fit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

from corridor.network.demand import DemandSpec
from corridor.network.model import Figure, Network

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Parameter:
    name: str
    paths: tuple[tuple[str, Path_], ...]  # ("network" | "demand", path inside the model)
    value: float
    bounds: tuple[float, float]
    unit: str
    assumption: str


def _label(path: Path_, network: Network | None) -> str:
    parts: list[str] = []
    for i, p in enumerate(path):
        if isinstance(p, int) and network is not None and i > 0 and path[i - 1] == "crossings":
            parts.append(network.crossings[p].id)
        else:
            parts.append(str(p))
    return ".".join(parts)


def _walk(obj: Any, path: Path_) -> list[tuple[Path_, Figure]]:
    if isinstance(obj, Figure):
        own = [(path, obj)] if obj.bounds is not None else []
        return own + [
            ((*path, "history", i), h) for i, h in enumerate(obj.history) if h.bounds is not None
        ]
    found: list[tuple[Path_, Figure]] = []
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            found += _walk(getattr(obj, name), (*path, name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            found += _walk(v, (*path, str(k)))
    elif isinstance(obj, tuple):
        for i, v in enumerate(obj):
            found += _walk(v, (*path, i))
    return found


def find_parameters(network: Network, spec: DemandSpec) -> list[Parameter]:
    """Every fittable figure (module docstring), grouped by ``parameter`` name, in file order."""
    groups: dict[str, list[tuple[str, Path_, Figure]]] = {}
    for where, model in (("network", network), ("demand", spec)):
        for path, fig in _walk(model, ()):
            net = network if where == "network" else None
            name = fig.parameter or f"{where}.{_label(path, net)}"
            groups.setdefault(name, []).append((where, path, fig))
    out = []
    for name, members in groups.items():
        first = members[0][2]
        assert first.bounds is not None
        lo = max(f.bounds[0] for _, _, f in members if f.bounds)
        hi = min(f.bounds[1] for _, _, f in members if f.bounds)
        value = min(max(first.value, lo), hi)
        out.append(
            Parameter(
                name,
                tuple((w, p) for w, p, _ in members),
                value,
                (lo, hi),
                first.unit,
                first.assumption or first.calibrated or "",
            )
        )
    return out


def _set(obj: Any, path: Path_, value: float) -> Any:
    if not path:
        assert isinstance(obj, Figure)
        return obj.model_copy(update={"value": value})
    head, rest = path[0], path[1:]
    if isinstance(obj, BaseModel):
        assert isinstance(head, str)
        return obj.model_copy(update={head: _set(getattr(obj, head), rest, value)})
    if isinstance(obj, dict):
        return {**obj, head: _set(obj[head], rest, value)}
    if isinstance(obj, tuple):
        assert isinstance(head, int)
        return tuple(_set(v, rest, value) if i == head else v for i, v in enumerate(obj))
    raise TypeError(f"cannot set inside {type(obj).__name__}")


def apply_values(
    network: Network, spec: DemandSpec, params: list[Parameter], values: dict[str, float]
) -> tuple[Network, DemandSpec]:
    """New models with each parameter's figures set to ``values[name]``."""
    for p in params:
        if p.name not in values:
            continue
        for where, path in p.paths:
            if where == "network":
                network = _set(network, path, values[p.name])
            else:
                spec = _set(spec, path, values[p.name])
    return network, spec


def figure_at(model: Any, path: Path_) -> Figure:
    """The figure at ``path`` inside a network or demand model."""
    obj = model
    for p in path:
        obj = getattr(obj, str(p)) if isinstance(obj, BaseModel) else obj[p]
    assert isinstance(obj, Figure)
    return obj


def _root(path: Path_) -> Path_:
    """The path of the figure itself (a history entry's figure)."""
    return path[:-2] if len(path) >= 2 and path[-2] == "history" else path


def _nest(tree: dict[str, Any], keys: list[str], leaf: dict[str, Any]) -> None:
    for k in keys[:-1]:
        tree = tree.setdefault(k, {})
    tree[keys[-1]] = leaf


def overlay_text(
    network: Network,
    spec: DemandSpec,
    params: list[Parameter],
    values: dict[str, float],
    fits: dict[str, str],
    *,
    source: str,
    today: dt.date,
    log_sd: dict[str, float] | None = None,
) -> str:
    """The calibration overlay (a lever file of fitted figures) as YAML text: each figure that
    holds a fitted value is written whole (with its history), the fitted values marked
    ``calibrated:`` with ``fits[name]`` and the value assumed before, and ``log_sd`` (its
    uncertainty) where given."""
    fitted_net, fitted_spec = apply_values(network, spec, params, values)
    marked: dict[tuple[str, Path_], None] = {}
    for p in params:
        if p.name not in values:
            continue
        for where, path in p.paths:
            before = figure_at(network if where == "network" else spec, path)
            text = (
                f"{fits.get(p.name, 'fitted')} ({today.isoformat()}); before: {before.value:g} "
                f"({before.assumption or before.calibrated})"
            )
            update: dict[str, Any] = {"assumption": None, "calibrated": text}
            if log_sd and p.name in log_sd:
                update["log_sd"] = round(log_sd[p.name], 4)
            if where == "network":
                fitted_net = _mark(fitted_net, path, update)
            else:
                fitted_spec = _mark(fitted_spec, path, update)
            marked[(where, _root(path))] = None
    tree: dict[str, Any] = {
        "name": "calibration",
        "title": "Figures fitted to observations of the border",
        "source": source,
    }
    for where, path in marked:
        fig = figure_at(fitted_net if where == "network" else fitted_spec, path)
        leaf = fig.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        leaf["value"], leaf["unit"] = fig.value, fig.unit
        keys = [str(k) for k in path]
        if where == "network" and path[0] == "crossings":
            keys = ["crossings", network.crossings[int(path[1])].id, *keys[2:]]
        _nest(tree.setdefault(where, {}), keys, leaf)
    header = (
        "# Fitted by corridor calibrate: every value below replaces an assumption of the network\n"
        "# or demand file (never a sourced figure). Applied before any lever when a scenario\n"
        "# names it (calibration:) or with --calibration FILE.\n"
    )
    return header + yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=100)


def _mark(obj: Any, path: Path_, update: dict[str, Any]) -> Any:
    if not path:
        assert isinstance(obj, Figure)
        return obj.model_copy(update=update)
    head, rest = path[0], path[1:]
    if isinstance(obj, BaseModel):
        assert isinstance(head, str)
        return obj.model_copy(update={head: _mark(getattr(obj, head), rest, update)})
    if isinstance(obj, dict):
        return {**obj, head: _mark(obj[head], rest, update)}
    assert isinstance(obj, tuple) and isinstance(head, int)
    return tuple(_mark(v, rest, update) if i == head else v for i, v in enumerate(obj))
