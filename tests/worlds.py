"""A seeded world year in CEPII BACI's format, for the paths that read a world matrix."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.locations import data_dir


def baci_codes() -> dict[str, int]:
    """ISO alpha-3 → BACI's numeric code (release V202301), the first code of each country."""
    with (data_dir() / "reference" / "country_codes.csv").open() as fh:
        m49 = [
            r for r in csv.DictReader(fh) if r["scheme"] == "baci:V202301" and r["iso3"] != "WLD"
        ]
    by_iso: dict[str, int] = {}
    for r in m49:
        by_iso.setdefault(r["iso3"], int(r["code"]))
    return by_iso


def baci_world(path: Path, seed: int = 7) -> pd.DataFrame:
    """A seeded BACI-format year: 24 exporters (KAZ and CHN among them) × 40 real HS6 codes."""
    by_iso = baci_codes()
    codes = [*[c for iso, c in by_iso.items() if iso not in ("KAZ", "CHN")][:22], 398, 156]
    products = [
        "010121",
        "100119",
        "100199",
        "110100",
        "120510",
        "230320",
        "251010",
        "260111",
        "260300",
        "260800",
        "261000",
        "270111",
        "270900",
        "271019",
        "280461",
        "281820",
        "310210",
        "390110",
        "440710",
        "520100",
        "720851",
        "720915",
        "740311",
        "760110",
        "790111",
        "810820",
        "840810",
        "847130",
        "850440",
        "870323",
        "880240",
        "900190",
        "020130",
        "020230",
        "070110",
        "150710",
        "170199",
        "220300",
        "080810",
        "040210",
    ]
    rng = np.random.default_rng(seed)
    rows = []
    for i in codes:
        for j in codes:
            if i == j:
                continue
            for k in products:
                if rng.random() < 0.35:
                    rows.append((2021, i, j, k, round(rng.lognormal(6, 2), 3), "NA"))
    df = pd.DataFrame(rows, columns=["t", "i", "j", "k", "v", "q"])
    df.to_csv(path, index=False)
    return df


def gdp_file(path: Path, df: pd.DataFrame, year: int = 2021, ratio: float = 3.0) -> Path:
    """A GDP file for a seeded world (``df`` in ISO codes, ``usd`` a row's US$): each country's
    GDP ``ratio`` times its exports, so trade is a third of output as in real economies (the
    seeded values are far smaller than real GDPs); the world's, their sum and as much again."""
    exports = df.groupby("i")["usd"].sum()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["country", "year", "gdp_usd", "kind", "source"])
        for c, v in exports.items():
            writer.writerow([c, year, ratio * v, "actual", "test"])
        writer.writerow(["WLD", year, 2 * ratio * exports.sum(), "actual", "test"])
    return path
