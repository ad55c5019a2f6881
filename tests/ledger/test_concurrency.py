"""Several processes on one ledger: writers wait their turn, nothing is lost, errors are clear."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from corridor.errors import CorridorError, InputError
from corridor.ledger import Ledger

LOADER = """
import sys
from corridor.ledger import Ledger
with Ledger.open(sys.argv[1], defaults=False) as ledger:
    print(ledger.load(sys.argv[2], format="baci").rows, flush=True)
"""
QUERY = """
import sys
from corridor.ledger import Ledger
with Ledger.open(sys.argv[1], defaults=False) as ledger:
    print(ledger.query("SELECT count(*) FROM loads").rows[0][0], flush=True)
"""
HOLDER = """
import sys, time
from corridor.ledger import Ledger
with Ledger.open(sys.argv[1], defaults=False) as ledger:
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _baci(path: Path, rows: int, offset: int) -> Path:
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 2021 AS t, 398 AS i, 156 AS j,
                  lpad(({offset} + r)::VARCHAR, 6, '0') AS k, 1 + r % 100 AS v, 1.5 AS q
                  FROM range({rows}) t(r)) TO '{path}' (HEADER)"""
    )
    con.close()
    return path


def test_two_loads_and_a_query_at_once(tmp_path: Path) -> None:
    """Each process waits for the one holding the ledger; every row of both files arrives."""
    db = tmp_path / "ledger.duckdb"
    Ledger.open(db, defaults=False).close()
    a = _baci(tmp_path / "BACI_HS17_Y2021_a.csv", 200_000, 100_000)
    b = _baci(tmp_path / "BACI_HS17_Y2021_b.csv", 200_000, 400_000)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", LOADER, str(db), str(a)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [sys.executable, "-c", LOADER, str(db), str(b)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [sys.executable, "-c", QUERY, str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outputs]
    assert outputs[0][0].strip() == outputs[1][0].strip() == "200000"
    with Ledger.open(db, defaults=False) as ledger:
        assert ledger.query("SELECT count(*) FROM flows").rows[0][0] == 400_000
        assert ledger.query("SELECT count(*) FROM loads").rows[0][0] == 2


def test_a_busy_ledger_gives_a_clear_error_after_the_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.duckdb"
    Ledger.open(db, defaults=False).close()
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "8"], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
            monkeypatch.setenv("CORRIDOR_LOCK_TIMEOUT", "0.5")
            started = time.monotonic()
            with pytest.raises(CorridorError, match="another process is using it"):
                Ledger.open(db, defaults=False)
            assert time.monotonic() - started >= 0.5
        finally:
            holder.kill()


def test_a_long_query_is_stopped(ledger: Ledger) -> None:
    with pytest.raises(InputError, match=r"stopped after 0\.3 s"):
        ledger.query("SELECT count(*) FROM range(100000000000) t(r) WHERE r % 7 = 3", timeout_s=0.3)
    assert ledger.query("SELECT 1").rows == ((1,),)  # the ledger is usable afterwards
