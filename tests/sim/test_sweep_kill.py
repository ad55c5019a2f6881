"""A sweep killed at any point (SIGKILL) leaves only complete result files, and resumes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from corridor.locations import data_dir
from corridor.planning import sweep_scenario
from corridor.session import Session
from corridor.sim.settings import RunSettings
from corridor.sim.sweep import read_results

BASE = data_dir() / "scenarios" / "baseline.yaml"
PARAMS = {"scenario.growth": [1.0, 1.3]}
RUNNER = """
import sys
from pathlib import Path
from corridor.session import Session
from corridor.planning import sweep_scenario
from corridor.sim.settings import RunSettings
with Session.open(sys.argv[1], read_only=True) as session:
    print("ready", flush=True)
    sweep_scenario(session, Path(sys.argv[2]), {"scenario.growth": [1.0, 1.3]}, Path(sys.argv[3]),
          RunSettings(days=40, replications=6, seed=9, warmup_days=0))
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def reference(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ref") / "sweep"
    with Session.open(default_db, read_only=True) as session:
        sweep_scenario(
            session, BASE, PARAMS, out, RunSettings(days=40, replications=6, seed=9, warmup_days=0)
        )
    return out


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_kill_mid_sweep_then_resume(
    reference: Path, default_db: Path, tmp_path: Path, seed: int
) -> None:
    """SIGKILL at a random moment: every part file is whole; rerunning completes the same sweep."""
    db = tmp_path / "ledger.duckdb"
    shutil.copy(default_db, db)
    out = tmp_path / "sweep"
    with subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(db), str(BASE), str(out)],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(random.Random(seed).uniform(0.2, 2.0))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    for part in out.glob("part-*.parquet"):  # every file left is complete and readable
        assert pq.read_table(part).num_rows == 14
    with Session.open(db, read_only=True) as session:
        result = sweep_scenario(
            session, BASE, PARAMS, out, RunSettings(days=40, replications=6, seed=9, warmup_days=0)
        )
    assert result.ran + result.skipped == 12
    assert read_results(out).equals(read_results(reference))
