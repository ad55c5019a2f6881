"""The network file: every number sourced or assumed, planned crossings off, conflicts kept."""

from __future__ import annotations

import csv
import datetime as dt
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


def _every_figure(network: object) -> list[Figure]:
    found = _figures(network)
    return found + [h for f in found for h in f.history]


def test_every_cited_fact_exists() -> None:
    """Each source citing a fact id (X.., M..) or an observation id (C.., D...) names a row of
    the shipped tables."""
    ids = set()
    for name in ("crossing_facts.csv", "crossing_inputs_more.csv", "observations.csv"):
        with (NETWORK.parent / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        ids |= {r.get("fact_id") or r.get("id") for r in rows}
    network = read_network(NETWORK)
    pattern = r"\b([XM]\d{2}|C\d{2}|D\d{3})\b"
    cited = {m for f in _every_figure(network) if f.source for m in re.findall(pattern, f.source)}
    assert cited and cited <= ids


def test_published_figures_are_used_where_they_exist() -> None:
    n = read_network(NETWORK)
    assert n.crossing("nur-zholy-khorgos").capacity["vehicles_per_day"].value == 1200
    assert n.crossing("dostyk-alashankou-rail").capacity["teu_per_day"].value == 760
    assert n.crossing("altynkol-khorgos-rail").facts["exchange_before_2025_03"].value == 8
    rail = n.crossing("dostyk-alashankou-rail")
    assert all(p.inbound.gauge_change is not None for p in rail.posts.values())
    assert rail.posts["KAZ"].outbound.lanes.value == 3  # D156: three receiving-departure tracks

    # X43: the Dostyk–Moyynty line carries 60 train pairs a day from its second track on; no
    # limit before it agrees with the counts
    def line_on(day: dt.date) -> float:
        line = n.at(day).crossing(rail.id).posts["KAZ"].approach_line
        assert line is not None
        return line.train_pairs_per_day.value

    assert line_on(dt.date(2025, 11, 1)) == 60
    assert line_on(dt.date(2024, 7, 1)) == float("inf")


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

    with pytest.raises(ScenarioError, match=r"crossings\.1\.capacity\.vehicles_per_day"):
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


def test_every_enabled_crossing_has_both_posts_and_each_post_both_stages() -> None:
    n = read_network(NETWORK)
    for c in n.running():
        assert set(c.posts) == set(n.countries)
        for post in c.posts.values():
            assert post.outbound.lanes.value >= 1 and post.inbound.service_hours.value > 0


def test_a_figure_takes_the_value_in_force_on_a_day() -> None:
    """Khorgos works a long day shift before the 24-hour regime of 24 November 2023 and 24 h
    after it; a span's value holds only within it."""
    n = read_network(NETWORK)
    hours = n.crossing("nur-zholy-khorgos").posts["CHN"].schedule.hours_per_day
    assert hours.at(dt.date(2022, 7, 1)).value == 12
    assert hours.at(dt.date(2023, 11, 23)).value == 12
    assert hours.at(dt.date(2023, 11, 24)).value == 24
    assert hours.at(dt.date(2023, 11, 24)).history == ()
    service = n.crossing("dostyk-alashankou-road").posts["KAZ"].outbound.service_hours
    assert service.at(dt.date(2023, 12, 31)).value == 0.18
    assert service.at(dt.date(2024, 1, 1)).value == 0.06


def test_a_network_by_date_closes_what_was_closed() -> None:
    """Maikapchagai and Kolzhat were closed under the epidemic regime and run again from 2023."""
    n = read_network(NETWORK)
    in_2021 = {c.id for c in n.at(dt.date(2021, 7, 1)).running()}
    in_2024 = {c.id for c in n.at(dt.date(2024, 7, 1)).running()}
    assert "maikapchagai-jeminay" not in in_2021 and "kolzhat-dulata" not in in_2021
    assert {"maikapchagai-jeminay", "kolzhat-dulata"} <= in_2024
    assert n.at(dt.date(2021, 7, 1)).as_of == dt.date(2021, 7, 1)
    rail = n.at(dt.date(2025, 8, 1)).crossing("dostyk-alashankou-rail")
    assert rail.posts["KAZ"].inbound.gauge_change.trains_per_day.value == 28  # type: ignore[union-attr]


def test_bounds_belong_to_assumptions_only() -> None:
    with pytest.raises(ValueError, match="sourced figure is not calibrated"):
        Figure(value=1, unit="h", source="X01", bounds=(0.5, 2))
    with pytest.raises(ValueError, match="outside its bounds"):
        Figure(value=3, unit="h", assumption="a guess", bounds=(0.5, 2))
    with pytest.raises(ValueError, match="exactly one of"):
        Figure(value=1, unit="h", assumption="a", calibrated="b")
    with pytest.raises(ValueError, match="needs in_force"):
        Figure(
            value=1, unit="h", assumption="a", history=(Figure(value=2, unit="h", assumption="b"),)
        )


def test_an_enabled_crossing_without_a_post_is_refused(tmp_path: Path) -> None:
    def drop(raw: dict) -> None:  # type: ignore[type-arg]
        del raw["crossings"][0]["posts"]["CHN"]

    with pytest.raises(ScenarioError, match="needs a post for each side"):
        read_network(_write(tmp_path, drop))


def test_json_of_an_unlimited_figure_is_valid() -> None:
    """An unlimited daily limit (.inf) is written as the string "Infinity"."""
    import json

    text = Figure(value=float("inf"), unit="vehicles/day", assumption="none").model_dump_json()
    assert '"Infinity"' in text
    json.loads(text)
    json.loads(read_network(NETWORK).model_dump_json())
