"""Comparing levers with the baseline: paired differences, totals, cost-effectiveness."""

from __future__ import annotations

import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.sim.compare import compare_scenarios

BASE = data_dir() / "scenarios" / "baseline.yaml"
LEVERS = data_dir() / "scenarios" / "levers"


@pytest.fixture(scope="module")
def results(default_db):  # type: ignore[no-untyped-def]
    with Ledger.open(default_db, read_only=True) as ledger:
        return compare_scenarios(
            ledger,
            BASE,
            [(LEVERS / "road-24-7.yaml",), (LEVERS / "bakhty-ayagoz-line.yaml",)],
            days=60,
            replications=3,
            seed=7,
        )


def test_baseline_comes_first_without_differences(results) -> None:  # type: ignore[no-untyped-def]
    assert results[0].scenario == "baseline" and results[0].difference_value_hours is None


def test_untouched_crossings_do_not_change(results) -> None:  # type: ignore[no-untyped-def]
    """24/7 on roads leaves the rail stations' replications identical (same streams)."""
    rail = [s for s in results[1].stations if s.crossing.endswith("-rail")]
    assert rail
    for s in rail:
        assert s.difference is not None
        assert s.difference["wait_mean_h"].mean == 0.0


def test_24_7_cuts_waiting_at_the_day_shift_posts(results) -> None:  # type: ignore[no-untyped-def]
    bakhty = [s for s in results[1].stations if s.crossing == "bakhty-baketu"]
    for s in bakhty:
        assert s.difference is not None and s.difference["wait_mean_h"].mean < 0
        assert s.difference["utilisation"].ci_high < 0


def test_cost_effectiveness_is_saved_value_hours_per_dollar(results) -> None:  # type: ignore[no-untyped-def]
    line = results[2]
    assert line.capital_cost_usd == pytest.approx(713e6)
    assert line.difference_value_hours is not None
    assert line.value_hours_saved_per_usd == pytest.approx(
        -line.difference_value_hours.mean / 713e6
    )
    assert any(s.difference is None for s in line.stations)  # the new crossing


def test_same_seed_same_numbers(default_db) -> None:  # type: ignore[no-untyped-def]
    with Ledger.open(default_db, read_only=True) as ledger:
        runs = [
            compare_scenarios(
                ledger,
                BASE,
                [(LEVERS / "grain-surge.yaml",)],
                days=30,
                replications=2,
                seed=3,
            )
            for _ in range(2)
        ]
    assert runs[0][1].to_dict() == runs[1][1].to_dict()
