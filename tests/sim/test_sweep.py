"""Sweeps: the grid, identical results in one process, a pool or Ray, and resuming."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.locations import data_dir
from corridor.planning import sweep_scenario
from corridor.session import Session
from corridor.sim.settings import RunSettings
from corridor.sim.sweep import grid, parse_param, read_results

BASE = data_dir() / "scenarios" / "baseline.yaml"
PARAMS = {"scenario.growth": [1.0, 1.4]}


def test_parse_param_and_grid() -> None:
    assert parse_param("scenario.growth=1,1.5") == ("scenario.growth", [1, 1.5])
    points = grid({"a": [1, 2], "b": ["x", "y"]})
    assert points == [
        {"a": 1, "b": "x"},
        {"a": 1, "b": "y"},
        {"a": 2, "b": "x"},
        {"a": 2, "b": "y"},
    ]
    with pytest.raises(ScenarioError, match="PATH=V1,V2"):
        parse_param("scenario.growth")


@pytest.fixture(scope="module")
def serial(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sweep") / "serial"
    with Session.open(default_db, read_only=True) as session:
        result = sweep_scenario(
            session, BASE, PARAMS, out, RunSettings(days=30, replications=3, seed=5, warmup_days=0)
        )
    assert (result.ran, result.skipped, result.tasks) == (6, 0, 6)
    return out


def test_rows_per_task_and_parameters_as_columns(serial: Path) -> None:
    table = read_results(serial)
    assert set(table.column("scenario.growth").to_pylist()) == {1.0, 1.4}
    assert table.num_rows == 6 * 14  # 2 points × 3 replications × 14 crossing directions


def test_a_process_pool_gives_the_same_numbers(
    serial: Path, default_db: Path, tmp_path: Path
) -> None:
    with Session.open(default_db, read_only=True) as session:
        sweep_scenario(
            session,
            BASE,
            PARAMS,
            tmp_path,
            RunSettings(days=30, replications=3, seed=5, warmup_days=0),
            workers=2,
        )
    assert read_results(tmp_path).equals(read_results(serial))


def test_ray_gives_the_same_numbers(serial: Path, default_db: Path, tmp_path: Path) -> None:
    """The same code path on a local Ray cluster (2 CPUs): identical results."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with Session.open(default_db, read_only=True) as session:
            sweep_scenario(
                session,
                BASE,
                PARAMS,
                tmp_path,
                RunSettings(days=30, replications=3, seed=5, warmup_days=0),
                ray_address="local",
            )
    finally:
        ray.shutdown()
    assert read_results(tmp_path).equals(read_results(serial))


def test_resume_runs_only_what_is_missing(serial: Path, default_db: Path, tmp_path: Path) -> None:
    """A removed part (an interrupted task) and a stale temporary file: only that task reruns."""
    out = tmp_path / "resume"
    shutil.copytree(serial, out)
    (out / "part-p0001-r0002.parquet").unlink()
    (out / "part-p0001-r0002.parquet.tmp").write_bytes(b"half a file")
    with Session.open(default_db, read_only=True) as session:
        result = sweep_scenario(
            session, BASE, PARAMS, out, RunSettings(days=30, replications=3, seed=5, warmup_days=0)
        )
    assert (result.ran, result.skipped) == (1, 5)
    assert not list(out.glob("*.tmp"))
    assert read_results(out).equals(read_results(serial))


def test_another_sweep_in_the_same_folder_is_refused(serial: Path, default_db: Path) -> None:
    with (
        Session.open(default_db, read_only=True) as session,
        pytest.raises(ScenarioError, match="another sweep"),
    ):
        sweep_scenario(
            session,
            BASE,
            PARAMS,
            serial,
            RunSettings(days=30, replications=3, seed=6, warmup_days=0),
        )
