"""Where the crossings are: each position against the two countries' shared border.

The border is read from the shipped country outlines (``data/reference/boundaries.geojson``,
Natural Earth 1:50m, accurate to a few kilometres): the segments of the first country's outline
whose ends both lie within about 5 km of the second's. A crossing is a place on that border, so a
position far from it is a typo in a source or a placeholder; ``network check`` names each one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

#: Farther than this from the border (in km, on the 1:50m outlines) is reported.
MAX_BORDER_KM = 20.0
_NEAR_DEG = 0.05  # outline vertices this close to the other country's are on the border


@dataclass(frozen=True)
class Placement:
    """A crossing's distance to its border, and the nearest border point."""

    crossing: str
    distance_km: float
    nearest_lat: float
    nearest_lon: float


def _outlines(boundaries: Path, iso3: str) -> list[list[tuple[float, float]]]:
    data = json.loads(boundaries.read_text(encoding="utf-8"))
    rings: list[list[tuple[float, float]]] = []
    for f in data["features"]:
        if (f["properties"].get("iso3") or f.get("id")) == iso3:
            for polygon in f["geometry"]["coordinates"]:
                rings += [[(float(x), float(y)) for x, y in ring] for ring in polygon]
    return rings


def border_segments(
    boundaries: Path, a: str, b: str
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The (lon, lat) segments of ``a``'s outline that run along ``b``'s."""
    other = [p for ring in _outlines(boundaries, b) for p in ring]
    if not other:
        return []

    def near(p: tuple[float, float]) -> bool:
        return any(abs(p[0] - q[0]) < _NEAR_DEG and abs(p[1] - q[1]) < _NEAR_DEG for q in other)

    out = []
    for ring in _outlines(boundaries, a):
        on = [near(p) for p in ring]
        out += [(ring[i], ring[i + 1]) for i in range(len(ring) - 1) if on[i] and on[i + 1]]
    return out


def distance_to_border(
    lat: float,
    lon: float,
    segments: list[tuple[tuple[float, float], tuple[float, float]]],
) -> tuple[float, float, float]:
    """(km, lat, lon) of the nearest point of the border to ``lat, lon``."""
    k = math.cos(math.radians(lat))
    px, py = lon * k * 111.32, lat * 110.57
    best = (math.inf, lat, lon)
    for (x1, y1), (x2, y2) in segments:
        ax, ay, bx, by = x1 * k * 111.32, y1 * 110.57, x2 * k * 111.32, y2 * 110.57
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / max(dx * dx + dy * dy, 1e-12)))
        qx, qy = ax + t * dx, ay + t * dy
        d = math.hypot(px - qx, py - qy)
        if d < best[0]:
            best = (d, qy / 110.57, qx / (k * 111.32))
    return best


def misplaced(
    crossings: list[tuple[str, float, float]], a: str, b: str, boundaries: Path
) -> list[Placement]:
    """The crossings (id, lat, lon) farther than :data:`MAX_BORDER_KM` from the a–b border."""
    segments = border_segments(boundaries, a, b)
    if not segments:
        return []
    out = []
    for cid, lat, lon in crossings:
        d, qlat, qlon = distance_to_border(lat, lon, segments)
        if d > MAX_BORDER_KM:
            out.append(Placement(cid, d, qlat, qlon))
    return out
