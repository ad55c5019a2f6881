"""Comparing levers with the baseline: paired differences, totals, overloads, explanations."""

from __future__ import annotations

import pytest

from corridor.locations import data_dir
from corridor.planning import compare_levers
from corridor.session import Session
from corridor.sim.settings import RunSettings

BASE = data_dir() / "scenarios" / "baseline.yaml"
LEVERS = data_dir() / "scenarios" / "levers"
SETTINGS = RunSettings(days=60, replications=3, seed=7, warmup_days=10)


CAP = """name: tight-cap
title: Two trucks a day into China at Bakhty
source: a test
network:
  crossings:
    bakhty-baketu:
      posts:
        CHN:
          inbound:
            daily_limit: {value: 2, unit: vehicles/day, assumption: "a test"}
"""


@pytest.fixture(scope="module")
def results(default_db, tmp_path_factory):  # type: ignore[no-untyped-def]
    cap = tmp_path_factory.mktemp("levers") / "tight-cap.yaml"
    cap.write_text(CAP)
    with Session.open(default_db, read_only=True) as session:
        return compare_levers(
            session,
            BASE,
            [
                (LEVERS / "road-24-7.yaml",),
                (LEVERS / "bakhty-ayagoz-line.yaml",),
                (cap,),
            ],
            SETTINGS,
        )


def test_baseline_comes_first_without_differences(results) -> None:  # type: ignore[no-untyped-def]
    assert results[0].scenario == "baseline" and results[0].difference_value_hours is None
    assert results[0].explanation == ()


def test_untouched_crossings_do_not_change(results) -> None:  # type: ignore[no-untyped-def]
    """24/7 on roads leaves the rail stations' replications identical (same streams)."""
    rail = [s for s in results[1].stations if s.crossing.endswith("-rail")]
    assert rail
    for s in rail:
        assert s.difference is not None
        for m, d in s.difference.items():
            assert d.mean == 0.0, m


def test_trucks_and_trains_are_counted_apart(results) -> None:  # type: ignore[no-untyped-def]
    """Waiting is kept as truck-hours and train-hours; their sum is the scripts' vehicle-hours;
    24/7 on roads moves truck-hours only (the rail streams are the same)."""
    base, roads = results[0], results[1]
    assert list(base.wait_hours_by_mode) == ["road", "rail"]
    total = sum(e.mean for e in base.wait_hours_by_mode.values())
    assert total == pytest.approx(base.wait_vehicle_hours_per_year.mean, rel=1e-9)
    moved = roads.difference_wait_hours_by_mode
    assert moved["road"].mean < 0 and moved["rail"].mean == 0.0
    assert all("vehicle-hours" not in line for line in roads.explanation)


def test_24_7_cuts_waiting_at_the_day_shift_posts(results) -> None:  # type: ignore[no-untyped-def]
    bakhty = [s for s in results[1].stations if s.crossing == "bakhty-baketu"]
    for s in bakhty:
        assert s.difference is not None and s.difference["wait_mean_h"].mean < 0
        assert s.difference["utilisation"].ci_high < 0
    assert any("capacity" in line and "bakhty-baketu" in line for line in results[1].explanation)


def test_a_new_line_is_explained_and_costed(results) -> None:  # type: ignore[no-untyped-def]
    line = results[2]
    assert line.capital_cost_usd == pytest.approx(713e6)
    assert any(s.difference is None for s in line.stations)  # the new crossing
    assert any("bakhty-tacheng-rail" in e and "is new" in e for e in line.explanation)
    assert any("dostyk-alashankou-rail" in e and "demand" in e for e in line.explanation)
    if line.difference_value_hours is not None:
        assert line.value_hours_saved_per_usd == pytest.approx(
            -line.difference_value_hours.mean / 713e6
        )


def test_an_overload_leaves_no_total_and_says_why(results) -> None:  # type: ignore[no-untyped-def]
    """Two trucks a day accepted at Bakhty, fewer than arrive: overloaded, so no totals."""
    closed = results[3]
    assert closed.overloaded == ("bakhty-baketu KAZ→CHN",)
    assert closed.wait_vehicle_hours_per_year is None and closed.difference_value_hours is None
    assert any("overloaded" in e for e in closed.explanation)
    assert any("daily acceptance limit" in e for e in closed.explanation)


def test_same_seed_same_numbers(default_db) -> None:  # type: ignore[no-untyped-def]
    with Session.open(default_db, read_only=True) as session:
        runs = [
            compare_levers(
                session,
                BASE,
                [(LEVERS / "grain-surge.yaml",)],
                RunSettings(days=30, replications=2),
            )
            for _ in range(2)
        ]
    assert runs[0][1].to_dict() == runs[1][1].to_dict()
