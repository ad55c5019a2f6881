"""Rebuild ``data/trade/gdp_usd.csv``: GDP in current US$ by country and year.

    python tools/build_gdp.py GDP_CSV

``GDP_CSV`` is ``data/gdp.csv`` of the Open Knowledge ``datasets/gdp`` package (the World Bank's
*World Development Indicators*, NY.GDP.MKTP.CD, "Country Name,Country Code,Year,Value"; licence
ODC-PDDL-1.0). Kept: 1990 onwards, the countries of ``data/reference/countries.csv`` and the world
(WLD); the World Bank's regional and income groups are left out. Rows for years after the World
Bank's last one that are already in the file (assumptions, ``kind`` = assumption) are kept.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "trade" / "gdp_usd.csv"
FIRST_YEAR = 1990
#: the source column of each row: the indicator; data/SOURCES.md says where it was taken from
SOURCE = "World Bank WDI NY.GDP.MKTP.CD"


def main(src: Path) -> None:
    with (ROOT / "data" / "reference" / "countries.csv").open(encoding="utf-8") as fh:
        known = {r["iso3"] for r in csv.DictReader(fh) if r["kind"] == "country"} | {"WLD"}
    rows: dict[tuple[str, int], list[str]] = {}
    with src.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            code, y = r["Country Code"], int(r["Year"])
            if code in known and y >= FIRST_YEAR and r["Value"]:
                rows[(code, y)] = [code, str(y), f"{float(r['Value']):.6e}", "actual", SOURCE]
    last = max(y for _, y in rows)
    with OUT.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            key = (r["country"], int(r["year"]))
            if key[1] > last and r["kind"] == "assumption":
                rows[key] = [r["country"], r["year"], r["gdp_usd"], r["kind"], r["source"]]
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country", "year", "gdp_usd", "kind", "source"])
        w.writerows(rows[k] for k in sorted(rows))
    print(f"{OUT}: {len(rows)} rows, {len({k[0] for k in rows})} countries, to {last}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
