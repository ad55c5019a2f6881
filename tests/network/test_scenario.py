"""Scenario overlays (levers): merging, selectors, composition, validation, hashing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.scenario import apply_overlays, merge
from corridor.planning import resolve_scenario
from corridor.trade.targets import turnover_series

BASE = data_dir() / "scenarios" / "baseline.yaml"
LEVERS = data_dir() / "scenarios" / "levers"


@pytest.mark.parametrize("lever", sorted(p.name for p in LEVERS.glob("*.yaml")))
def test_every_shipped_lever_is_valid(lever: str, default_ledger: Ledger) -> None:
    """Each lever applies to the baseline and gives a valid network and demand."""
    r = resolve_scenario(default_ledger, BASE, (LEVERS / lever,))
    assert r.overlays[0].source.strip()
    assert r.name == f"baseline+{lever.removesuffix('.yaml')}"
    assert r.stations


def test_a_figure_is_replaced_whole() -> None:
    """A new figure does not inherit the old one's source (which would make it invalid)."""
    base = {"a": {"value": 1, "source": "X1"}, "b": {"c": 1, "d": 2}}
    out = merge(base, {"a": {"value": 2, "assumption": "why"}, "b": {"d": 3}})
    assert out == {"a": {"value": 2, "assumption": "why"}, "b": {"c": 1, "d": 3}}


def test_mode_selector_and_post_wildcards_touch_every_road_post() -> None:
    """24/7 at every road crossing: both posts, no holidays; the rail crossings unchanged."""
    r = apply_overlays(BASE, (LEVERS / "road-24-7.yaml",), use_calibration=False)
    for c in r.network.crossings:
        if c.mode == "road" and c.enabled:
            for post in c.posts.values():
                assert post.schedule.hours_per_day.value == 24
                assert post.schedule.holidays == ()
    rail = r.network.crossing("dostyk-alashankou-rail")
    base = apply_overlays(BASE, use_calibration=False).network
    assert rail == base.crossing("dostyk-alashankou-rail")


def test_a_star_inside_a_post_changes_both_stages() -> None:
    r = apply_overlays(BASE, (LEVERS / "khorgos-road-lanes.yaml",), use_calibration=False)
    for post in r.network.crossing("nur-zholy-khorgos").posts.values():
        assert post.outbound.lanes.value == post.inbound.lanes.value == 12


def test_levers_compose_in_order() -> None:
    """New checkpoints then 24/7: the new posts work 24/7; the other order leaves them at 9 h."""
    new, h24 = LEVERS / "new-checkpoints.yaml", LEVERS / "road-24-7.yaml"
    one = apply_overlays(BASE, (new, h24)).network.crossing("narynkol-muzart")
    two = apply_overlays(BASE, (h24, new)).network.crossing("narynkol-muzart")
    assert one.posts["KAZ"].schedule.hours_per_day.value == 24
    assert two.posts["KAZ"].schedule.hours_per_day.value == 9


def test_target_scales_growth(default_ledger: Ledger) -> None:
    """Growth = target / the trade year's turnover of the network's pair."""
    con = default_ledger
    r = resolve_scenario(con, BASE, (LEVERS / "target-100bn.yaml",))
    base = {y: v for y, v, _ in turnover_series(con, "KAZ", "CHN")}[r.trade_year]
    assert r.scenario.growth == pytest.approx(100e9 / base)


def test_capital_cost_is_carried(default_ledger: Ledger) -> None:
    r = resolve_scenario(default_ledger, BASE, (LEVERS / "bakhty-ayagoz-line.yaml",))
    assert r.capital_cost_usd == pytest.approx(713e6)
    assert r.network.crossing("bakhty-tacheng-rail").runs_on(r.as_of)


def test_hash_covers_the_levers_the_day_and_the_demand(default_ledger: Ledger) -> None:
    a = resolve_scenario(default_ledger, BASE).digest
    b = resolve_scenario(default_ledger, BASE, (LEVERS / "road-24-7.yaml",)).digest
    c = resolve_scenario(default_ledger, BASE, year=2023).digest
    assert len({a, b, c}) == 3
    assert b == resolve_scenario(default_ledger, BASE, (LEVERS / "road-24-7.yaml",)).digest


def test_params_set_values_by_path() -> None:
    r = apply_overlays(
        BASE,
        params={
            "scenario.growth": 1.5,
            "network.crossings.bakhty-baketu.posts.KAZ.outbound.lanes.value": 4,
        },
    )
    assert r.scenario.growth == 1.5
    lanes = r.network.crossing("bakhty-baketu").posts["KAZ"].outbound.lanes
    assert (lanes.value, lanes.unit, lanes.assumption) == (
        4,
        "lanes",
        "set by a scenario parameter",
    )


def test_an_invalid_overlay_is_a_scenario_error(tmp_path: Path) -> None:
    """An enabled crossing without posts is refused, naming the combination."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\ntitle: bad\nsource: test\nnetwork:\n  crossings:\n"
        "    terekty-aktobek: {status: open, enabled: true}\n"
    )
    with pytest.raises(ScenarioError, match=r"baseline\+bad: the overlays give an invalid"):
        apply_overlays(BASE, (bad,))


def test_a_bad_param_path_is_refused() -> None:
    with pytest.raises(ScenarioError, match="network, demand or scenario"):
        apply_overlays(BASE, params={"growth": 2})


def test_a_bad_share_sum_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "share.yaml"
    bad.write_text(
        "name: share\ntitle: t\nsource: s\ndemand:\n  crossing_share:\n    rail:\n"
        "      dostyk-alashankou-rail: {value: 0.9, unit: share, assumption: test}\n"
    )
    with pytest.raises(ScenarioError, match=r"adds up to 1\.25"):
        apply_overlays(BASE, (bad,))


def test_the_default_year_is_the_latest_with_trade_by_product(default_ledger: Ledger) -> None:
    """The baseline names no trade year: it takes the latest year with products both ways."""
    r = resolve_scenario(default_ledger, BASE)
    assert r.trade_year == 2024 and r.as_of == dt.date(2024, 7, 1)
    assert r.start == dt.date(2024, 1, 1)


def test_as_of_resolves_the_network_and_that_years_trade(default_ledger: Ledger) -> None:
    r = resolve_scenario(default_ledger, BASE, as_of=dt.date(2021, 12, 15))
    assert r.trade_year == 2021 and r.start == dt.date(2021, 12, 1)
    cap = next(e for e in r.events if e.id == "E003")  # the epidemic regime's cap is an event
    assert cap.on(dt.date(2021, 12, 15)) and cap.value == 50
    assert "maikapchagai-jeminay" not in {s.crossing for s in r.stations}
    with pytest.raises(ScenarioError, match="not both"):
        resolve_scenario(default_ledger, BASE, year=2021, as_of=dt.date(2021, 1, 1))


def test_the_calibration_is_applied_first_and_can_be_left_out() -> None:
    """The baseline names its calibration; --uncalibrated runs on the files' assumptions."""
    fitted = apply_overlays(BASE)
    raw = apply_overlays(BASE, use_calibration=False)
    assert fitted.calibration is not None and raw.calibration is None
    assert fitted.digest != raw.digest
