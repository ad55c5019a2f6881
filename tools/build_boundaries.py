"""Build ``data/reference/boundaries.geojson`` from world-atlas's Natural Earth TopoJSON.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_boundaries.py package/countries-50m.json

Decodes the TopoJSON (quantised, delta-encoded arcs), keeps the countries that reach into the
corridor's window, clips them to it and rounds coordinates to 0.01°, so that the report can draw an
offline basemap. Country ids become ISO alpha-3 through ``data/reference/country_codes.csv``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

WINDOW = (64.0, 36.0, 98.0, 56.0)  # lon_min, lat_min, lon_max, lat_max
DATA = Path(__file__).parents[1] / "data" / "reference"

Ring = list[tuple[float, float]]


def _arcs(topo: dict) -> list[Ring]:  # type: ignore[type-arg]
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    pts: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def _clip(ring: Ring, window: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman clipping of a ring to a rectangle."""
    x0, y0, x1, y1 = window

    def at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
        return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])

    def at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
        return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y

    edges = [
        (lambda p: p[0] >= x0, lambda a, b: at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: at_y(a, b, y1)),
    ]
    out = ring
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        for i, cur in enumerate(src):
            prev = src[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
    return out


def main() -> None:
    topo = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    with (DATA / "country_codes.csv").open(encoding="utf-8", newline="") as fh:
        iso = {r["code"]: r["iso3"] for r in csv.DictReader(fh) if r["scheme"] == "m49"}
    arcs = _arcs(topo)
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["arcs"] else []
        parts = []
        for poly in polygons:
            rings = [_clip(_ring(r, arcs), WINDOW) for r in poly]
            rings = [[(round(x, 2), round(y, 2)) for x, y in r] for r in rings if len(r) >= 3]
            if rings:
                parts.append(rings)
        if not parts:
            continue
        code = iso.get(str(int(g["id"]))) if g.get("id", "").isdigit() else None
        features.append(
            {
                "type": "Feature",
                "id": code or g["properties"]["name"],
                "properties": {"name": g["properties"]["name"], "iso3": code},
                "geometry": {"type": "MultiPolygon", "coordinates": parts},
            }
        )
    out = {
        "type": "FeatureCollection",
        "window": WINDOW,
        "source": (
            "Natural Earth 1:50m admin 0 countries v4.1.0 (public domain), via world-atlas 2.0.2"
        ),
        "features": features,
    }
    path = DATA / "boundaries.geojson"
    path.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    print(f"{path}: {len(features)} countries, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
