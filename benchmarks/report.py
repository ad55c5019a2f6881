"""`corridor report` end to end on the default data, against starting the interpreter.

    python -m benchmarks.report [--runs 3]

Times the command as a user runs it (a new process): first on a new ledger (which loads the
embedded data), then on the existing one; the baseline is the same interpreter starting and
exiting (`python -c pass`), measured in the same run. Goals: ≤ 3 s on the existing ledger
(`report_existing_s`), ≤ 6 s on a new one (`report_s`, the last line).

With ``--world-rows N`` it then loads the ingest benchmark's seeded BACI-format world year of N
rows into that ledger and times the report again on it once its runs are stored
(``report_world_existing_s``): the report's cost should grow with what it shows, not with the
ledger's size (``ratio_world_vs_default``, 1.0: no growth).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--world-rows", type=int, default=0)
    args = parser.parse_args()
    report = [sys.executable, "-m", "corridor.cli", "report"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CORRIDOR_DB": str(Path(tmp) / "bench.duckdb")}
        cold = _time([*report, "--out", str(Path(tmp) / "r.html")], env)
        warm = statistics.median(
            _time([*report, "--out", str(Path(tmp) / "r.html")], env) for _ in range(args.runs)
        )
        base = statistics.median(
            _time([sys.executable, "-c", "pass"], env) for _ in range(args.runs)
        )
        world = None
        if args.world_rows:
            from benchmarks.ingest import SEED, generate
            from corridor.ledger import Ledger

            with Ledger.open(env["CORRIDOR_DB"]) as ledger:
                ledger.load(generate(args.world_rows, SEED), format="baci")
            _time([*report, "--out", str(Path(tmp) / "r.html")], env)  # its runs, stored
            world = statistics.median(
                _time([*report, "--out", str(Path(tmp) / "r.html")], env) for _ in range(args.runs)
            )
    print(f"corridor report, new ledger (loads the default data): {cold:.2f} s")
    print(f"corridor report, existing ledger (median of {args.runs}): {warm:.2f} s")
    print(f"baseline: interpreter start and exit: {base:.3f} s")
    print(f"ratio_vs_interpreter_start: {warm / base:.1f}")
    print(f"report_existing_s: {warm:.2f} (goal ≤ 3)")
    if world is not None:
        print(
            f"corridor report, existing ledger with a {args.world_rows:,}-row world year "
            f"(median of {args.runs}): {world:.2f} s"
        )
        print(f"report_world_existing_s: {world:.2f} (goal ≤ 10)")
        print(f"ratio_world_vs_default: {world / warm:.2f}")
    print(f"report_s: {max(cold, warm):.2f} (goal ≤ 6)")


if __name__ == "__main__":
    main()
