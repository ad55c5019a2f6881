"""Compute the hindcast the report and dashboard show, and store it with its inputs' hashes.

    python -m tools.build_hindcast [--year 2022] [--replications 2]

Runs ``corridor validate --holdout-year YEAR`` on the shipped data (calibrate on the other years,
predict YEAR) and writes ``data/corridor/hindcast.json``: the out-of-sample accuracy, each held-out
row, the settings and the SHA-256 of every input file. A test fails when the inputs change and
the file is not rebuilt.
"""

from __future__ import annotations

import argparse
import json
import time

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.planning.validate import hindcast_digests, validate_scenario
from corridor.sim.settings import RunSettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--replications", type=int, default=2)
    args = parser.parse_args()
    settings = RunSettings(replications=args.replications)
    started = time.perf_counter()
    with Ledger.open(":memory:") as ledger:
        v = validate_scenario(
            ledger,
            data_dir() / "scenarios" / "baseline.yaml",
            settings,
            use_calibration=False,
            holdout_year=args.year,
        )
    held = [c for c in v.to_dict()["observations"] if c["held_out"]]
    out = {
        "command": f"corridor validate --holdout-year {args.year} --uncalibrated "
        f"--replications {args.replications}",
        "holdout_year": args.year,
        "settings": settings.to_dict(),
        "out_of_sample": v.to_dict()["out_of_sample"],
        "fitted_on": v.holdout_calibration["fitted_on"] if v.holdout_calibration else [],
        "observations": held,
        "seconds": round(time.perf_counter() - started, 1),
        "inputs": hindcast_digests(),
    }
    path = data_dir() / "corridor" / "hindcast.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}: {out['out_of_sample']} in {out['seconds']} s")


if __name__ == "__main__":
    main()
