"""The network file: every number sourced or assumed, planned crossings off, conflicts kept."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from corridor.errors import ScenarioError
from corridor.locations import data_dir
from corridor.network import Figure, read_network

NETWORK = data_dir() / "corridor" / "kaz-chn.yaml"


def _figures(obj: object) -> list[Figure]:
    if isinstance(obj, Figure):
        return [obj]
    if hasattr(obj, "__dict__") and not isinstance(obj, type):
        return [f for v in vars(obj).values() for f in _figures(v)]
    if isinstance(obj, dict):
        return [f for v in obj.values() for f in _figures(v)]
    if isinstance(obj, tuple | list):
        return [f for v in obj for f in _figures(v)]
    return []


def test_default_network_is_valid() -> None:
    network = read_network(NETWORK)
    enabled = {c.id for c in network.crossings if c.enabled}
    assert enabled == {
        "nur-zholy-khorgos",
        "dostyk-alashankou-road",
        "bakhty-baketu",
        "maikapchagai-jeminay",
        "kolzhat-dulata",
        "dostyk-alashankou-rail",
        "altynkol-khorgos-rail",
    }
    planned = {c.id for c in network.crossings if c.status == "planned"}
    assert {
        "narynkol-muzart",
        "terekty-aktobek",
        "bakhty-tacheng-rail",
        "maikapchagai-zimunai-rail",
    } <= planned


def test_every_cited_fact_exists() -> None:
    """Each source citing a fact id (X.., M..) names a row of the shipped fact tables."""
    ids = set()
    for name in ("crossing_facts.csv", "crossing_inputs_more.csv"):
        with (NETWORK.parent / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        ids |= {r.get("fact_id") or r.get("id") for r in rows}
    network = read_network(NETWORK)
    cited = {
        m for f in _figures(network) if f.source for m in re.findall(r"\b([XM]\d{2})\b", f.source)
    }
    assert cited and cited <= ids


def test_published_figures_are_used_where_they_exist() -> None:
    n = read_network(NETWORK)
    assert n.crossing("nur-zholy-khorgos").capacity["vehicles_per_day"].value == 1200
    assert n.crossing("dostyk-alashankou-rail").capacity["teu_per_day"].value == 760
    assert n.crossing("altynkol-khorgos-rail").facts["exchange_before_2025_03"].value == 8
    assert n.crossing("dostyk-alashankou-rail").gauge_change is not None


def test_the_conflicting_rows_are_both_recorded() -> None:
    conflict = next(k for k in read_network(NETWORK).conflicts if "Altynkol" in k.about)
    assert conflict.facts == ("X13", "X14") and conflict.chosen == "2013-12-22"


def _write(tmp_path: Path, mutate: object) -> Path:
    raw = yaml.safe_load(NETWORK.read_text())
    mutate(raw)  # type: ignore[operator]
    path = tmp_path / "n.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_a_bare_number_is_refused(tmp_path: Path) -> None:
    """A figure with neither source nor assumption is an error naming its place."""

    def strip(raw: dict) -> None:  # type: ignore[type-arg]
        del raw["crossings"][0]["capacity"]["vehicles_per_day"]["source"]

    with pytest.raises(ScenarioError, match=r"crossings\.0\.capacity\.vehicles_per_day"):
        read_network(_write(tmp_path, strip))


def test_a_planned_crossing_cannot_be_enabled(tmp_path: Path) -> None:
    def enable(raw: dict) -> None:  # type: ignore[type-arg]
        next(c for c in raw["crossings"] if c["id"] == "narynkol-muzart")["enabled"] = True

    with pytest.raises(ScenarioError, match="only an open crossing can be enabled"):
        read_network(_write(tmp_path, enable))


def test_unreadable_file_is_a_scenario_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("crossings: [unclosed")
    with pytest.raises(ScenarioError, match="cannot read"):
        read_network(path)
