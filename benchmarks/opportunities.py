"""Export potential at HS6 on a loaded world year, against the load of that year.

    python -m benchmarks.opportunities [--rows 10000000] [--seed 20261123]

Uses the ingest benchmark's seeded BACI-format file (``benchmarks.ingest.generate``, cached in
benchmarks/_work/), loads it into a new ledger that also holds the default dataset (timed: the
baseline, measured in the same run), then runs ``export_opportunities`` (Kazakhstan → China, the
world-matrix path at HS6) in a fresh process and reports its wall time and its peak resident
memory. Goals: ≤ 5 s and ≤ 1.5 GB on the 2-core reference machine.

The last lines are ``opportunities_s``, ``peak_mb`` and ``ratio_vs_load`` (opportunities ÷ load).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.ingest import world_year
from corridor.ledger import Ledger

_CHILD = """
import json, resource, sys, time
from corridor.ledger import Ledger
from corridor.trade.opportunities import export_opportunities
with Ledger.open(sys.argv[1], read_only=True) as ledger:
    t0 = time.perf_counter()
    report = export_opportunities(ledger, "KAZ", "CHN")
    took = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
got = {"s": took, "peak_mb": peak, "rows": len(report.products), "path": report.path}
print(json.dumps(got | {"view": report.view_label}))
"""


def main() -> None:
    path, _ = world_year(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with Ledger.open(db) as ledger:
            t0 = time.perf_counter()
            result = ledger.load(path, format="baci")
            load_s = time.perf_counter() - t0
        assert result.rejected == 0, result
        answer = subprocess.run(
            [sys.executable, "-c", _CHILD, str(db)], capture_output=True, text=True, check=False
        )
        if answer.returncode != 0:
            raise SystemExit(answer.stderr.strip().splitlines()[-1])
        got = json.loads(answer.stdout.strip().splitlines()[-1])
    print(f"baseline: the ledger load of the same year: {load_s:.2f} s")
    print(
        f"export potential ({got['path']} path), {got['view']}: {got['s']:.2f} s, "
        f"{got['rows']} products ranked, peak memory {got['peak_mb']:,.0f} MB "
        "(goal ≤ 5 s, ≤ 1,500 MB)"
    )
    print(f"opportunities_s: {got['s']:.2f}")
    print(f"peak_mb: {got['peak_mb']:.0f}")
    print(f"ratio_vs_load: {got['s'] / load_s:.3f}")


if __name__ == "__main__":
    main()
