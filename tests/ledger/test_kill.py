"""A load killed at any point (SIGKILL) leaves the ledger as before, or complete."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from corridor.ledger import Ledger

LOADER = """
import sys
from corridor.ledger import Ledger
with Ledger.open(sys.argv[1], defaults=False) as ledger:
    print("ready", flush=True)
    ledger.load(sys.argv[2], format="baci")
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "BACI_HS17_Y2021_big.csv"
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 2021 AS t, 398 AS i, 156 AS j, lpad((100000 + r)::VARCHAR, 6, '0') AS k,
                  (r % 1000) / 10 AS v, 1.5 AS q FROM range(800000) t(r)) TO '{path}' (HEADER)"""
    )
    con.close()
    return path


def _state(db: Path) -> tuple[int, int, int]:
    with Ledger.open(db, defaults=False) as ledger:
        ((flows,),) = ledger.query("SELECT count(*) FROM flows").rows
        ((loads,),) = ledger.query("SELECT count(*) FROM loads").rows
        ((cov,),) = ledger.query("SELECT count(*) FROM coverage_chapters").rows
    return int(flows), int(loads), int(cov)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_kill_mid_load_leaves_nothing_half_written(
    big_file: Path, tmp_path: Path, seed: int
) -> None:
    """SIGKILL at a random moment: the ledger then holds none of the file or all of it."""
    db = tmp_path / "ledger.duckdb"
    with Ledger.open(db, defaults=False) as ledger:
        ledger.load(
            Path(__file__).parents[1] / "fixtures/BACI_HS02_Y2021_V202301_kaz_chn.csv",
            format="baci",
        )
    before = _state(db)
    with subprocess.Popen(
        [sys.executable, "-c", LOADER, str(db), str(big_file)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(random.Random(seed).uniform(0.0, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    after = _state(db)
    assert after in (before, (before[0] + 800_000, before[1] + 1, after[2]))
    if after != before:
        assert after[2] > before[2]  # coverage written with the flows, in the same transaction
