"""Capacity against a trade target: the arithmetic, the binding value and the projected year."""

from __future__ import annotations

import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.network.capacity import capacity_check, direction_capacity
from corridor.network.demand import read_demand
from corridor.trade.targets import project, turnover_series

NETWORK = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
DEMAND = read_demand(data_dir() / "corridor" / "demand.yaml")


def test_road_capacity_is_the_smallest_constraint() -> None:
    """Khorgos road: 8 lanes × 24 h / 0.32 h = 600 a day each way (= half the stated 1,200)."""
    cap, _ = direction_capacity(NETWORK.crossing("nur-zholy-khorgos"), "a_to_b")
    assert cap == pytest.approx(min(8 * 24 / 0.32, 1200 / 2))
    rail, why = direction_capacity(NETWORK.crossing("altynkol-khorgos-rail"), "a_to_b")
    assert why == "gauge change" and rail == pytest.approx(19.5)


def test_utilisation_scales_with_the_target(default_ledger: Ledger) -> None:
    """Twice the trade, twice the trade vehicles (transit trains unchanged)."""
    con = default_ledger
    one = capacity_check(con, NETWORK, DEMAND, 35e9, base_year=2024)
    two = capacity_check(con, NETWORK, DEMAND, 70e9, base_year=2024)
    for a, b in zip(
        one.crossings,
        sorted(two.crossings, key=lambda c: [x.crossing for x in one.crossings].index(c.crossing)),
        strict=True,
    ):
        assert b.required_tonnes == pytest.approx(2 * a.required_tonnes)
        for da, db in zip(a.directions, b.directions, strict=True):
            trade = da.required_vehicles_per_day - da.transit_trains_per_day
            assert db.required_vehicles_per_day == pytest.approx(
                2 * trade + da.transit_trains_per_day
            )
            assert da.utilisation == pytest.approx(
                da.required_vehicles_per_day / da.capacity_vehicles_per_day
            )


def test_a_crossing_is_full_at_its_binding_value(default_ledger: Ledger) -> None:
    """At ``binds_at_usd`` the crossing's busier direction is at 100 %."""
    con = default_ledger
    report = capacity_check(con, NETWORK, DEMAND, 100e9, base_year=2024)
    rail = next(c for c in report.crossings if c.crossing == "dostyk-alashankou-rail")
    assert rail.binds_at_usd is not None
    at = capacity_check(con, NETWORK, DEMAND, rail.binds_at_usd, base_year=2024)
    same = next(c for c in at.crossings if c.crossing == "dostyk-alashankou-rail")
    assert same.utilisation == pytest.approx(1.0)


def test_binds_year_follows_the_projection(default_ledger: Ledger) -> None:
    """The binding year is the first whose projected median turnover reaches the value."""
    con = default_ledger
    report = capacity_check(con, NETWORK, DEMAND, 100e9, base_year=2024, year=2030)
    history = [(y, v) for y, v, _ in turnover_series(con, "KAZ", "CHN")]
    last = max(y for y, _ in history)
    for c in report.crossings:
        if c.binds_year is None or c.binds_year <= last or c.binds_at_usd is None:
            continue
        assert project(history, c.binds_year, None).median >= c.binds_at_usd
        assert project(history, c.binds_year - 1, None).median < c.binds_at_usd
    first = min(report.crossings, key=lambda c: c.binds_at_usd or float("inf"))
    assert report.first_to_saturate == first.crossing
