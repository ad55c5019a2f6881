"""Capacity against a trade target: the engine's capacity rule, scaling, the binding value."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.planning import resolve_scenario
from corridor.planning.capacity import capacity_check, direction_capacity
from corridor.sim.schedule import station_spec
from corridor.trade.targets import chosen_projection, turnover_series

BASE = data_dir() / "scenarios" / "baseline.yaml"


def test_capacity_is_the_smallest_constraint_of_both_posts(default_ledger: Ledger) -> None:
    """Khorgos road in 2024: 8 lanes × 24 h at both posts; the lanes' service time sets it.
    Altynkol rail: the single-track approach line on the Kazakh side (17 train pairs a day) sets
    it, below the gauge change entering China (19.5 trains a day)."""
    r = resolve_scenario(default_ledger, BASE, use_calibration=False)
    net = r.network
    road = net.crossing("nur-zholy-khorgos")
    service = road.posts["CHN"].inbound.service_hours.value
    cap, post, why = direction_capacity(
        net, road, "a_to_b", start=dt.date(2024, 1, 1), wagons_per_train=57
    )
    assert cap == pytest.approx(8 * 24 / service) and why == "lanes and hours"
    rail = net.crossing("altynkol-khorgos-rail")
    cap, post, why = direction_capacity(
        net, rail, "a_to_b", start=dt.date(2024, 1, 1), wagons_per_train=57
    )
    assert (why, post) == ("approach line", "KAZ") and cap == pytest.approx(17.0)
    spec = station_spec(net, rail, "a_to_b", start=dt.date(2024, 1, 1), days=364)
    assert spec.entry.gauge_by_day is not None and float(spec.entry.gauge_by_day[0]) == 19.5


def test_utilisation_scales_with_the_target(default_ledger: Ledger) -> None:
    """Twice the trade, twice the trade vehicles (transit unchanged)."""
    r = resolve_scenario(default_ledger, BASE)
    one = capacity_check(default_ledger, r, 35e9)
    two = capacity_check(default_ledger, r, 70e9)
    order = [x.crossing for x in one.crossings]
    for a, b in zip(
        one.crossings, sorted(two.crossings, key=lambda c: order.index(c.crossing)), strict=True
    ):
        assert b.required_tonnes == pytest.approx(2 * a.required_tonnes)
        for da, db in zip(a.directions, b.directions, strict=True):
            trade = da.required_vehicles_per_day - da.transit_per_day
            assert db.required_vehicles_per_day == pytest.approx(2 * trade + da.transit_per_day)
            assert da.utilisation == pytest.approx(
                da.required_vehicles_per_day / da.capacity_vehicles_per_day
            )


def test_a_crossing_is_full_at_its_binding_value(default_ledger: Ledger) -> None:
    r = resolve_scenario(default_ledger, BASE)
    report = capacity_check(default_ledger, r, 100e9)
    rail = next(c for c in report.crossings if c.crossing == "dostyk-alashankou-rail")
    assert rail.binds_at_usd is not None
    at = capacity_check(default_ledger, r, rail.binds_at_usd)
    same = next(c for c in at.crossings if c.crossing == "dostyk-alashankou-rail")
    assert same.utilisation == pytest.approx(1.0)


def test_binds_year_follows_the_path_to_the_target(default_ledger: Ledger) -> None:
    """With a year, a crossing binds in the year the growth the target needs (compounded from
    the latest year) first reaches its binding value; the probability of reaching the target is
    the one `corridor targets` gives."""
    r = resolve_scenario(default_ledger, BASE)
    report = capacity_check(default_ledger, r, 100e9, year=2030)
    history = [(y, v) for y, v, _ in turnover_series(default_ledger, "KAZ", "CHN")]
    last_year, last = max(history)
    growth = (100e9 / last) ** (1 / (2030 - last_year))
    bound = [c for c in report.crossings if c.binds_year is not None and c.binds_at_usd]
    assert bound
    for c in bound:
        assert c.binds_at_usd is not None and c.binds_year is not None
        if c.binds_at_usd <= last:
            assert c.binds_year == last_year
            continue
        assert last * growth ** (c.binds_year - last_year) >= c.binds_at_usd * (1 - 1e-9)
        assert last * growth ** (c.binds_year - 1 - last_year) < c.binds_at_usd
    first = min(report.crossings, key=lambda c: c.binds_at_usd or float("inf"))
    assert report.first_to_saturate == first.crossing
    projected, _ = chosen_projection("KAZ", "CHN", history, 2030, 100e9)
    assert f"P(trade ≥ target) {projected.p_meet:.2f}" in " ".join(report.notes)


def test_a_year_before_the_data_gives_no_path_and_no_error(default_ledger: Ledger) -> None:
    """A year at or before the latest turnover: no projection note, no binding year from a
    path, and no error (the API passes any year it is given)."""
    r = resolve_scenario(default_ledger, BASE)
    report = capacity_check(default_ledger, r, 1.0, year=1990)
    assert not any("projection to" in n for n in report.notes)
    assert all(
        c.binds_year in (None, max(y for y, _, _ in turnover_series(default_ledger, "KAZ", "CHN")))
        for c in report.crossings
    )


def test_capacity_and_simulation_agree_on_what_binds(default_ledger: Ledger) -> None:
    """The simulation's overload test and `corridor capacity` use one capacity figure."""
    from corridor.sim.run import run_scenario
    from corridor.sim.settings import RunSettings

    r = resolve_scenario(default_ledger, BASE)
    sim = run_scenario(r, RunSettings(days=364, replications=1, warmup_days=0))
    report = capacity_check(default_ledger, r, 30e9)
    caps = {
        (c.crossing, d.direction): d.capacity_vehicles_per_day
        for c in report.crossings
        for d in c.directions
    }
    for s in sim.stations:
        assert s.capacity_per_day == pytest.approx(caps[(s.crossing, s.direction)], rel=1e-3)
