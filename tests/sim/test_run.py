"""Scenario runs: every running crossing, replications with intervals, seeds, the result store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.planning import resolve_scenario, simulate
from corridor.session import Session
from corridor.sim.executor import Processes
from corridor.sim.run import SimReport, run_scenario
from corridor.sim.settings import RunSettings

BASELINE = data_dir() / "scenarios" / "baseline.yaml"


def test_baseline_runs_every_running_crossing_direction(default_ledger: Ledger) -> None:
    r = resolve_scenario(default_ledger, BASELINE)
    report = run_scenario(r, RunSettings(days=30, replications=3, seed=4, warmup_days=10))
    assert len(report.stations) == 14
    for s in report.stations:
        assert s.stats["throughput_per_day"].mean > 0
        if s.overload is None:
            e = s.stats["wait_mean_h"]
            assert 0 <= e.ci_low <= e.mean <= e.ci_high
            assert s.stats["exit_time_mean_h_shipments"].mean > 0
    assert len(report.scenario_hash) == 64
    assert report.settings.warmup_days == 10 and report.trade_year == r.trade_year
    bakhty = next(s for s in report.stations if s.crossing == "bakhty-baketu")
    assert {"wait_mean_h_agri", "wait_mean_h_bulk"} <= set(bakhty.stats)


def test_same_seed_same_numbers_other_seed_other_numbers(default_ledger: Ledger) -> None:
    r = resolve_scenario(default_ledger, BASELINE)
    a = run_scenario(r, RunSettings(days=20, replications=2, seed=9))
    b = run_scenario(r, RunSettings(days=20, replications=2, seed=9))
    c = run_scenario(r, RunSettings(days=20, replications=2, seed=10))
    assert a.to_dict() == b.to_dict()
    assert a.to_dict()["stations"] != c.to_dict()["stations"]


def test_a_run_is_kept_beside_the_ledger_not_in_it(tmp_path: Path) -> None:
    """The same scenario and settings: the kept run, identical; other settings: a new run. Runs
    live in the run store beside the ledger; the ledger file is not written by a read-only
    session's runs."""
    import hashlib

    db = tmp_path / "l.duckdb"
    Session.open(db).close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with Session.open(db, read_only=True) as session, session.ledger() as ledger:
        r = resolve_scenario(ledger, BASELINE)
        settings = RunSettings(days=10, replications=2, seed=1)
        first, reused_first = simulate(session, r, settings)
        again, reused_again = simulate(session, r, settings)
        _, reused_other = simulate(session, r, RunSettings(days=11, replications=2))
        assert len(session.runs) == 2
    assert (reused_first, reused_again, reused_other) == (False, True, False)
    assert again.to_dict() == first.to_dict()
    assert SimReport.from_json(first.to_json()).to_dict() == first.to_dict()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert (tmp_path / "l.runs").is_dir()


@pytest.fixture
def pool() -> Iterator[Processes]:
    """Two local worker processes, stopped after the test."""
    workers = Processes(2)
    yield workers
    workers.close()


def test_the_same_numbers_serial_and_on_worker_processes(
    default_ledger: Ledger, pool: Processes
) -> None:
    """The stations' tasks run in this process or on two local processes: identical runs."""
    r = resolve_scenario(default_ledger, BASELINE)
    settings = RunSettings(days=20, replications=3, seed=4)
    pooled = run_scenario(r, settings, executor=pool)
    assert pooled.to_dict() == run_scenario(r, settings).to_dict()


def test_scenarios_side_by_side_give_the_same_comparison(default_db: Path, tmp_path: Path) -> None:
    """A comparison whose scenarios run side by side on two processes (what the report does)
    equals the one run one after another, figure for figure."""
    import shutil

    from corridor.planning import compare_levers

    levers = [(data_dir() / "scenarios" / "levers" / "road-24-7.yaml",)]
    settings = RunSettings(days=20, replications=3, seed=4)
    out = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        shutil.copy(default_db, db)
        with Session.open(db, read_only=True, workers=workers) as session:
            out.append([c.to_dict() for c in compare_levers(session, BASELINE, levers, settings)])
            assert len(session.runs) == 2  # both kept, whichever way they ran
    assert out[0] == out[1]


def test_settings_are_checked() -> None:
    """Days, replications, warm-up and seed have physical bounds; a run names its warm-up."""
    with pytest.raises(ScenarioError, match="days must be from 1"):
        RunSettings(days=0)
    with pytest.raises(ScenarioError, match="warm-up days must be from 0"):
        RunSettings(warmup_days=-1)
    with pytest.raises(ScenarioError, match="warm-up days"):
        RunSettings(warmup_days=1_000_000)
    with pytest.raises(ScenarioError, match="seed"):
        RunSettings(seed=-5)
    assert "MSER-5" in RunSettings().words and "warmup_days=mser5" in RunSettings().key
    # drawing the traffic levels is another run: stored apart, and said
    assert "levels" not in RunSettings().key and "levels" not in RunSettings().words
    drawn = RunSettings(levels=True)
    assert drawn.key == RunSettings().key + " levels=drawn" and "levels drawn" in drawn.words


def test_a_scenario_naming_a_missing_file_is_refused(
    tmp_path: Path, default_ledger: Ledger
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nnetwork: nope.yaml\ndemand: nope.yaml\n")
    with pytest.raises(ScenarioError, match="does not exist"):
        resolve_scenario(default_ledger, path)


def test_warm_up_is_discarded(default_ledger: Ledger) -> None:
    """Statistics count vehicles arriving after the warm-up only: throughput is per measured day."""
    r = resolve_scenario(default_ledger, BASELINE)
    report = run_scenario(r, RunSettings(days=15, replications=1, warmup_days=20))
    khorgos = next(s for s in report.stations if s.crossing == "nur-zholy-khorgos")
    assert len(khorgos.queue_by_day) == 15
    assert khorgos.stats["throughput_per_day"].mean == pytest.approx(
        khorgos.vehicles_per_day, rel=0.1
    )


def test_worker_processes_in_a_removed_folder_run_here(
    default_ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: Processes
) -> None:
    """A command started in a folder that is then removed cannot spawn workers (they start in
    the current folder): the tasks run in this process instead, with the same numbers."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    r = resolve_scenario(default_ledger, BASELINE)
    settings = RunSettings(days=10, replications=2, seed=5)
    here = run_scenario(r, settings, executor=pool)
    assert pool._pool is None  # nothing was spawned
    monkeypatch.chdir(tmp_path)
    assert here.to_dict() == run_scenario(r, settings).to_dict()


def test_stations_a_lever_leaves_alone_are_run_once_with_the_same_numbers(
    default_ledger: Ledger,
) -> None:
    """A rail lever leaves the road stations as they were: run with the baseline, they are
    found again (the memo), and every station's numbers are those of separate runs."""
    from corridor.sim.memo import StationMemo
    from corridor.sim.run import run_scenarios

    lever = data_dir() / "scenarios" / "levers" / "bakhty-ayagoz-line.yaml"
    base = resolve_scenario(default_ledger, BASELINE)
    rail = resolve_scenario(default_ledger, BASELINE, (lever,))
    settings = RunSettings(days=20, replications=2, seed=3, warmup_days=5)
    alone = [run_scenario(base, settings), run_scenario(rail, settings)]
    memo = StationMemo()
    together = run_scenarios([base, rail], settings, memo=memo)
    assert [r.to_dict() for r in together] == [r.to_dict() for r in alone]
    shared = len(set(_flat(together[0])) & set(_flat(together[1])))
    assert shared > 0
    # every station is kept once: the shared ones are not run twice
    assert len(memo) == len(together[0].stations) + len(together[1].stations) - shared
    # again: every station found, nothing run
    hits = memo.hits
    again = run_scenarios([rail], settings, memo=memo)
    assert again[0].to_dict() == alone[1].to_dict()
    assert memo.hits == hits + len(again[0].stations)


def _flat(report: SimReport) -> list[str]:
    import json

    return [json.dumps(s.flat(), sort_keys=True, default=str) for s in report.stations]


def test_a_station_key_changes_with_its_plans_and_settings(default_ledger: Ledger) -> None:
    import dataclasses

    import numpy as np

    from corridor.sim.memo import StationMemo, station_key
    from corridor.sim.run import _plans

    r = resolve_scenario(default_ledger, BASELINE)
    settings = RunSettings(days=10, replications=2, seed=1, warmup_days=5)
    plans = _plans(r, settings, 5)
    p = plans[0]
    key = station_key(p, 5, settings)
    assert key == station_key(_plans(r, settings, 5)[0], 5, settings)
    more = tuple(dataclasses.replace(x, rate=x.rate * np.float64(1.0001)) for x in p)
    assert station_key(more, 5, settings) != key
    assert station_key(p, 6, settings) != key
    assert station_key(p, 5, dataclasses.replace(settings, seed=2)) != key
    memo = StationMemo(size=1)
    memo.put("a", None)  # type: ignore[arg-type]
    memo.put("b", None)  # type: ignore[arg-type]
    assert len(memo) == 1 and memo.get("a") is None and memo.misses == 1


def test_workers_are_forked_from_a_server_that_loaded_the_engine_once() -> None:
    """Where the platform has a fork server, it imports the engine and loads the kernels once
    (the module it preloads warms them) and every worker is a fork of it."""
    import multiprocessing

    from corridor.sim.executor import worker_context

    context = worker_context()
    if "forkserver" not in multiprocessing.get_all_start_methods():
        assert context.get_start_method() == "spawn"
        return
    assert context.get_start_method() == "forkserver"
    from multiprocessing import forkserver

    assert "corridor.sim._warm" in forkserver._forkserver._preload_modules


def test_start_returns_at_once_and_map_waits_for_the_workers(
    default_ledger: Ledger, pool: Processes
) -> None:
    """``start`` hands the workers' start to a thread; a batch sent right after it waits for
    them and gives the numbers of one process."""
    r = resolve_scenario(default_ledger, BASELINE)
    settings = RunSettings(days=10, replications=2, seed=6)
    pool.start()
    assert run_scenario(r, settings, executor=pool).to_dict() == run_scenario(r, settings).to_dict()
    assert pool._pool is not None


def test_a_start_asked_for_before_a_close_starts_nothing() -> None:
    """A session closed right after it asked its workers to start (a command that failed at
    once) leaves no pool behind, whenever the starting thread runs."""
    pool = Processes(2)
    asked = pool._closes
    pool.close()
    assert pool._started(asked) is None and pool._pool is None
    pool.close()
