"""RCA, ECI/PCI, proximity, density and COG on an HS6-size world year, against py-ecomplexity.

    python -m benchmarks.complexity [--locations 235] [--products 5000] [--seed 1]

The matrix is a seeded synthetic world year shaped like a BACI HS6 year: 235 exporters × 5,000
HS6 products, exporter and product sizes log-normal, each exporter shipping a share of the
products that grows with its size (about half of all cells are non-zero). Both implementations get
the same long table; py-ecomplexity (``ecomplexity`` 0.5.3, installed with the ``dev`` extra) runs
with its log-supermodularity check switched off, because this package does not compute that check.
The results are compared (largest absolute difference of every measure) before the times count.

The last line is ``speedup_vs_ecomplexity: X``.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from corridor.trade.complexity import product_space


def world_year(locations: int, products: int, seed: int) -> pd.DataFrame:
    """A seeded exporter × product table shaped like a BACI HS6 world year."""
    rng = np.random.default_rng(seed)
    size_l = rng.lognormal(0.0, 1.5, locations)
    size_p = rng.lognormal(0.0, 1.0, products)
    reach = np.clip(0.15 + 0.8 * (np.argsort(np.argsort(size_l)) / locations), 0, 0.95)
    present = rng.random((locations, products)) < reach[:, None]
    value = np.outer(size_l, size_p) * rng.lognormal(0.0, 1.2, (locations, products))
    rows, cols = np.nonzero(present)
    return pd.DataFrame(
        {
            "year": 2021,
            "exporter": np.char.add("L", rows.astype(str)),
            "hs6": np.char.zfill(cols.astype(str), 6),
            "value": np.round(value[rows, cols] * 1000.0, 3),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locations", type=int, default=235)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from ecomplexity import ecomplexity  # test-only dependency

    df = world_year(args.locations, args.products, args.seed)
    print(
        f"world year: {args.locations} exporters × {args.products} products, "
        f"{len(df):,} non-zero cells (seed {args.seed})"
    )
    t0 = time.perf_counter()
    ps = product_space(df["exporter"], df["hs6"], df["value"])
    ours_s = time.perf_counter() - t0
    print(f"corridor.trade.complexity: {ours_s:.2f} s")

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ecomplexity(
            df,
            {"time": "year", "loc": "exporter", "prod": "hs6", "val": "value"},
            check_logsupermodularity=False,
            verbose=False,
        )
    ref_s = time.perf_counter() - t0
    print(f"py-ecomplexity 0.5.3: {ref_s:.2f} s")

    li = {c: i for i, c in enumerate(ps.locations)}
    pi = {c: i for i, c in enumerate(ps.products)}
    rows = ref["exporter"].map(li).to_numpy()
    cols = ref["hs6"].map(pi).to_numpy()
    ours = {
        "rca": ps.rca.toarray()[rows, cols],
        "eci": ps.eci[rows],
        "pci": ps.pci[cols],
        "density": ps.density[rows, cols],
        "coi": ps.coi[rows],
        "cog": ps.cog[rows, cols],
    }
    diffs = {k: float(np.nanmax(np.abs(v - ref[k].to_numpy()))) for k, v in ours.items()}
    print("max abs difference: " + ", ".join(f"{k} {v:.1e}" for k, v in diffs.items()))
    assert max(diffs.values()) <= 1e-6, "results differ from py-ecomplexity"
    print(f"speedup_vs_ecomplexity: {ref_s / ours_s:.1f}")


if __name__ == "__main__":
    main()
