"""Scenario overlays (levers): merging, selectors, composition, validation, hashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.scenario import merge, resolve_scenario
from corridor.trade.targets import turnover_series

BASE = data_dir() / "scenarios" / "baseline.yaml"
LEVERS = data_dir() / "scenarios" / "levers"


@pytest.mark.parametrize("lever", sorted(p.name for p in LEVERS.glob("*.yaml")))
def test_every_shipped_lever_is_valid(lever: str, default_ledger: Ledger) -> None:
    """Each lever applies to the baseline and gives a valid network and demand."""
    r = resolve_scenario(BASE, (LEVERS / lever,), ledger=default_ledger)
    assert r.overlays[0].source.strip()
    assert r.name == f"baseline+{lever.removesuffix('.yaml')}"


def test_a_figure_is_replaced_whole() -> None:
    """A new figure does not inherit the old one's source (which would make it invalid)."""
    base = {"a": {"value": 1, "source": "X1"}, "b": {"c": 1, "d": 2}}
    out = merge(base, {"a": {"value": 2, "assumption": "why"}, "b": {"d": 3}})
    assert out == {"a": {"value": 2, "assumption": "why"}, "b": {"c": 1, "d": 3}}


def test_mode_selector_touches_enabled_crossings_of_that_mode() -> None:
    r = resolve_scenario(BASE, (LEVERS / "road-24-7.yaml",))
    for c in r.network.crossings:
        if c.mode == "road" and c.enabled:
            assert c.schedule is not None and c.schedule.hours_per_day.value == 24
            assert c.schedule.holidays == ()
    rail = r.network.crossing("dostyk-alashankou-rail")
    base_rail = resolve_scenario(BASE).network.crossing("dostyk-alashankou-rail")
    assert rail == base_rail


def test_levers_compose_in_order() -> None:
    """New checkpoints then 24/7: the new posts work 24/7; the other order leaves them at 9 h."""
    new, h24 = LEVERS / "new-checkpoints.yaml", LEVERS / "road-24-7.yaml"
    one = resolve_scenario(BASE, (new, h24)).network.crossing("narynkol-muzart")
    two = resolve_scenario(BASE, (h24, new)).network.crossing("narynkol-muzart")
    assert one.schedule and one.schedule.hours_per_day.value == 24
    assert two.schedule and two.schedule.hours_per_day.value == 9


def test_target_scales_growth(default_ledger: Ledger) -> None:
    """Growth = target / the trade year's turnover of the network's pair (2024: US$30.05 bn)."""
    con = default_ledger
    r = resolve_scenario(BASE, (LEVERS / "target-100bn.yaml",), ledger=con)
    base = {y: v for y, v, _ in turnover_series(con, "KAZ", "CHN")}[2024]
    assert r.scenario.growth == pytest.approx(100e9 / base)
    with pytest.raises(ScenarioError, match="needs the ledger"):
        resolve_scenario(BASE, (LEVERS / "target-100bn.yaml",))


def test_capital_cost_is_carried() -> None:
    r = resolve_scenario(BASE, (LEVERS / "bakhty-ayagoz-line.yaml",))
    assert r.capital_cost_usd == pytest.approx(713e6)
    assert r.network.crossing("bakhty-tacheng-rail").enabled


def test_hash_covers_the_levers() -> None:
    a = resolve_scenario(BASE).digest
    b = resolve_scenario(BASE, (LEVERS / "road-24-7.yaml",)).digest
    assert a != b and b == resolve_scenario(BASE, (LEVERS / "road-24-7.yaml",)).digest


def test_params_set_values_by_path() -> None:
    r = resolve_scenario(
        BASE,
        params={
            "scenario.growth": 1.5,
            "network.crossings.bakhty-baketu.directions.a_to_b.lanes.value": 4,
        },
    )
    assert r.scenario.growth == 1.5
    lanes = r.network.crossing("bakhty-baketu").directions["a_to_b"].lanes
    assert (lanes.value, lanes.unit, lanes.assumption) == (
        4,
        "lanes",
        "set by a scenario parameter",
    )


def test_an_invalid_overlay_is_a_scenario_error(tmp_path: Path) -> None:
    """An enabled crossing without a schedule is refused, naming the combination."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\ntitle: bad\nsource: test\nnetwork:\n  crossings:\n"
        "    terekty-aktobek: {status: open, enabled: true}\n"
    )
    with pytest.raises(ScenarioError, match=r"baseline\+bad: the overlays give an invalid"):
        resolve_scenario(BASE, (bad,))


def test_a_bad_param_path_is_refused() -> None:
    with pytest.raises(ScenarioError, match="network, demand or scenario"):
        resolve_scenario(BASE, params={"growth": 2})


def test_a_bad_share_sum_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "share.yaml"
    bad.write_text(
        "name: share\ntitle: t\nsource: s\ndemand:\n  crossing_share:\n    rail:\n"
        "      dostyk-alashankou-rail: {value: 0.9, unit: share, assumption: test}\n"
    )
    with pytest.raises(ScenarioError, match=r"adds up to 1\.25"):
        resolve_scenario(BASE, (bad,))
