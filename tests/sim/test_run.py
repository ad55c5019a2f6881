"""Scenario runs: every enabled crossing, replications with intervals, seeds, the result store."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.sim.run import run_scenario, store_report

BASELINE = data_dir() / "scenarios" / "baseline.yaml"


def test_baseline_runs_every_enabled_crossing_direction(default_db: Path) -> None:
    with Ledger.open(default_db, read_only=True) as ledger:
        report = run_scenario(ledger, BASELINE, days=30, replications=3, seed=4)
    assert len(report.stations) == 14
    for s in report.stations:
        e = s.stats["wait_mean_h"]
        assert 0 <= e.ci_low <= e.mean <= e.ci_high
        assert s.stats["throughput_per_day"].mean > 0
    assert len(report.scenario_hash) == 64
    bakhty = next(s for s in report.stations if s.crossing == "bakhty-baketu")
    assert {"wait_mean_h_agri", "wait_mean_h_bulk"} <= set(bakhty.stats)


def test_same_seed_same_numbers_other_seed_other_numbers(default_db: Path) -> None:
    with Ledger.open(default_db, read_only=True) as ledger:
        a = run_scenario(ledger, BASELINE, days=20, replications=2, seed=9)
        b = run_scenario(ledger, BASELINE, days=20, replications=2, seed=9)
        c = run_scenario(ledger, BASELINE, days=20, replications=2, seed=10)
    assert a.to_dict() == b.to_dict()
    assert a.to_dict()["stations"] != c.to_dict()["stations"]


def test_results_are_stored_with_hash_and_seed(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        report = run_scenario(ledger, BASELINE, days=10, replications=2, seed=1)
        run_id = store_report(ledger, report)
        rows = ledger.query(
            f"SELECT DISTINCT scenario_hash, seed, replications FROM sim_results "
            f"WHERE run_id = {run_id}"
        ).rows
    assert rows == ((report.scenario_hash, 1, 2),)


def test_a_scenario_naming_a_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nnetwork: nope.yaml\ndemand: nope.yaml\ntrade_year: 2024\n")
    with (
        Ledger.open(":memory:", defaults=False) as ledger,
        pytest.raises(ScenarioError, match="does not exist"),
    ):
        run_scenario(ledger, path)
