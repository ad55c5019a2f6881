"""Start-up time of the command line: ``corridor --version`` against the bare interpreter.

    python -m benchmarks.cli [--runs 15]

Both are run as fresh processes in the same session, alternately, and the medians compared:
``cli_start_ratio`` = median wall time of ``corridor --version`` ÷ that of ``python -c pass``.
Goal: ≤ 15 (every command imports only what it needs; see ``corridor.cli.COMMANDS``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def _wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    script = shutil.which("corridor")
    entry = "import sys; from corridor.cli import main; sys.argv[0] = 'corridor'; main()"
    cli = [script, "--version"] if script else [sys.executable, "-c", entry, "--version"]
    bare = [sys.executable, "-c", "pass"]
    _wall(cli), _wall(bare)  # warm the file cache
    cli_t, bare_t = [], []
    for _ in range(args.runs):
        cli_t.append(_wall(cli))
        bare_t.append(_wall(bare))
    c, b = statistics.median(cli_t), statistics.median(bare_t)
    print(f"python_pass_s: {b:.4f} (median of {args.runs})")
    print(f"corridor_version_s: {c:.4f} (median of {args.runs})")
    print(f"cli_start_ratio: {c / b:.1f} (goal ≤ 15)")


if __name__ == "__main__":
    main()
