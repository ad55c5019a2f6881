"""Loading a BACI-format CSV into the ledger, against DuckDB's bare read_csv of the same file.

    python -m benchmarks.ingest [--rows 10000000] [--seed 20261123]

Generates (once, cached in benchmarks/_work/) a seeded BACI-format file with unique keys, real
BACI country codes and real HS 2017 codes, then times, in the same run:

- a full ledger load (hashing, parsing, every row check, duplicate keys, the write, coverage and
  the source choice) into a new ledger file;
- the floor for any load: DuckDB's bare ``read_csv`` of the same file into a table of a new
  database file, types given, nothing checked (``ratio_vs_duckdb_read_csv`` = its time ÷ ours:
  1.0 would be as fast as the floor);
- pandas ``read_csv`` of the file into memory (which checks and writes nothing).

The last line is ``rows_per_s: N``.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from corridor.ledger import Ledger
from corridor.locations import data_dir

WORK = Path(__file__).parent / "_work"
#: the seed of the world year the ingest, opportunities and report benchmarks share
SEED = 20261123
CHUNK = 1_000_000


def _codes() -> tuple[np.ndarray, np.ndarray]:
    by_iso3: dict[str, int] = {}
    with (data_dir() / "reference/country_codes.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if (
                r["scheme"] == "baci:V202301" and r["iso3"] != "WLD"
            ):  # one code per country: keys unique
                by_iso3[r["iso3"]] = min(int(r["code"]), by_iso3.get(r["iso3"], 10**6))
    countries = sorted(by_iso3.values())
    products = pq.read_table(data_dir() / "reference/products.parquet").to_pandas()
    hs6 = sorted(products.loc[products.hs_rev == "HS2017", "hs_code"])
    return np.array(countries[:200]), np.array(hs6)


def generate(rows: int, seed: int) -> Path:
    """A BACI-format CSV of ``rows`` rows with unique (t, i, j, k); values from a seeded RNG."""
    path = WORK / f"BACI_HS17_Y2021_bench_{rows}_{seed}.csv"
    if path.exists():
        return path
    WORK.mkdir(exist_ok=True)
    countries, hs6 = _codes()
    n_c = len(countries)
    if rows > n_c * n_c * len(hs6):
        raise SystemExit(f"at most {n_c * n_c * len(hs6):,} unique rows")
    rng = np.random.default_rng(seed)
    tmp = path.with_suffix(".part")
    with pacsv.CSVWriter(
        tmp,
        pa.schema(
            [
                ("t", pa.int32()),
                ("i", pa.int32()),
                ("j", pa.int32()),
                ("k", pa.string()),
                ("v", pa.string()),
                ("q", pa.string()),
            ]
        ),
        write_options=pacsv.WriteOptions(quoting_style="none"),
    ) as writer:
        for start in range(0, rows, CHUNK):
            r = np.arange(start, min(start + CHUNK, rows))
            v = rng.integers(1, 50_000_000, len(r)) / 1000
            q = rng.integers(1, 5_000_000, len(r)) / 1000
            q_text = pa.array(q).cast(pa.string()).to_numpy(zero_copy_only=False)
            q_text[rng.random(len(r)) < 0.1] = "NA"
            writer.write_table(
                pa.table(
                    {
                        "t": np.full(len(r), 2021, dtype=np.int32),
                        "i": countries[r % n_c].astype(np.int32),
                        "j": countries[(r // n_c) % n_c].astype(np.int32),
                        "k": hs6[(r // (n_c * n_c)) % len(hs6)],
                        "v": pa.array(v).cast(pa.string()),
                        "q": q_text,
                    }
                )
            )
    tmp.replace(path)
    return path


def world_year(description: str) -> tuple[Path, int]:
    """The seeded world year a benchmark's ``--rows`` and ``--seed`` name (made once), said on
    the first line; its path and rows."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    t0 = time.perf_counter()
    path = generate(args.rows, args.seed)
    print(
        f"input: {path.name}, {args.rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB "
        f"(ready in {time.perf_counter() - t0:.1f} s)"
    )
    return path, args.rows


def main() -> None:
    path, rows = world_year(__doc__.splitlines()[0])

    with tempfile.TemporaryDirectory() as tmp:
        with Ledger.open(Path(tmp) / "bench.duckdb", defaults=False) as ledger:
            t0 = time.perf_counter()
            result = ledger.load(path, format="baci")
            ours = time.perf_counter() - t0
        assert result.rows == rows and result.rejected == 0, result

    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "floor.duckdb"))
        types = (
            "{'t': 'BIGINT', 'i': 'BIGINT', 'j': 'BIGINT', 'k': 'VARCHAR', 'v': 'DOUBLE', "
            "'q': 'VARCHAR'}"
        )
        t0 = time.perf_counter()
        con.execute(
            f"CREATE TABLE t AS SELECT * FROM read_csv(?, header = true, auto_detect = false, "
            f"columns = {types})",
            [str(path)],
        )
        floor = time.perf_counter() - t0
        (n,) = con.execute("SELECT count(*) FROM t").fetchone() or (0,)
        con.close()
    assert n == rows

    t0 = time.perf_counter()
    frame = pd.read_csv(path, dtype={"k": str})
    base = time.perf_counter() - t0
    assert len(frame) == rows
    del frame

    ours_rate = rows / ours
    print(
        f"corridor ledger load (hash, parse, check, duplicates, write, coverage, source choice): "
        f"{ours:.2f} s, {ours_rate:,.0f} rows/s"
    )
    print(
        f"floor: DuckDB read_csv into a table, types given, no checks: {floor:.2f} s, "
        f"{rows / floor:,.0f} rows/s"
    )
    print(
        f"pandas.read_csv into memory (no checks, no write): {base:.2f} s, "
        f"{rows / base:,.0f} rows/s"
    )
    print(f"ratio_vs_duckdb_read_csv: {floor / ours:.2f}")
    print(f"ratio_vs_pandas_read_csv: {base / ours:.2f}")
    print(f"rows_per_s: {ours_rate:.0f}")


if __name__ == "__main__":
    main()
