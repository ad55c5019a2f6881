"""Rebuild ``data/reference/hs_bec.parquet`` from the UN HS → BEC correlation tables.

    python tools/build_bec.py CONCORDANCE_DIR

CONCORDANCE_DIR is a checkout of the R package concordance 2.1.0 (github insongkim/concordance,
commit 201c812, MIT): its ``data-raw/`` holds the UN Statistics Division "HS <year> to BEC
Conversion and Correlation Tables" as CSV. Every six-digit HS code of each revision is written
beside each BEC Rev.4 code it corresponds to (an "n:n" code appears on several rows); nothing is
recoded.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "reference"
YEARS = ("1996", "2002", "2007", "2012", "2017", "2022")


def read_table(path: Path, rev: str) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            hs = row[0].replace(".", "").strip()
            bec = row[1].strip()
            if bec.lower() == "n/a":  # monetary gold (7108.20): not a good in BEC
                print(f"{path.name} line {line}: {hs} has no BEC category (n/a), left out")
                continue
            if not (len(hs) == 6 and hs.isdigit() and bec.isdigit()):
                raise ValueError(f"{path.name} line {line}: unexpected row {row!r}")
            rows.append((rev, hs, bec))
    return rows


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    raw = Path(sys.argv[1]) / "data-raw"
    rows: list[tuple[str, str, str]] = []
    for year in YEARS:
        name = f"HS{year} to BEC Conversion and Correlation Tables.csv"
        rows += read_table(raw / name, f"HS{year}")
    table = pd.DataFrame(rows, columns=["hs_rev", "hs_code", "bec"]).drop_duplicates()
    table = table.sort_values(["hs_rev", "hs_code", "bec"]).reset_index(drop=True)
    table.to_parquet(OUT / "hs_bec.parquet", index=False)
    print(f"{len(table)} rows, {table['hs_rev'].nunique()} revisions")


if __name__ == "__main__":
    main()
