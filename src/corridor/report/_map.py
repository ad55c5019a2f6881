"""The crossings map: an offline basemap (Natural Earth), the main railways and roads
(schematic), the towns (GeoNames), and each crossing coloured by load."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

from corridor.errors import InputError
from corridor.network.model import Crossing
from corridor.report._lines import Line, read_lines


@dataclass(frozen=True)
class MapPoint:
    """One crossing on the map."""

    id: str
    name: str
    lat: float
    lon: float
    mode: str
    enabled: bool
    utilisation: float | None  # busier direction, mean of the replications
    wait_h: float | None  # busier direction's mean wait
    assumed: bool = False  # the position is an assumption, not a sourced coordinate


class _Station(Protocol):
    """A simulated crossing direction (a run's or a comparison's)."""

    @property
    def crossing(self) -> str: ...

    @property
    def stats(self) -> Mapping[str, Any]: ...  # name → an estimate with a ``mean``


def map_points(crossings: Iterable[Crossing], stations: Iterable[_Station]) -> list[MapPoint]:
    """Every crossing of the network, with the load of its busier simulated direction."""
    busiest: dict[str, tuple[float, float]] = {}
    for st in stations:
        u, w = st.stats["utilisation"].mean, st.stats["wait_mean_h"].mean
        if st.crossing not in busiest or u > busiest[st.crossing][0]:
            busiest[st.crossing] = (u, w)
    points = []
    for c in crossings:
        u, w = busiest.get(c.id, (None, None))
        points.append(
            MapPoint(
                c.id,
                c.name,
                c.position.lat,
                c.position.lon,
                c.mode,
                c.enabled,
                u,
                w,
                assumed=c.position.assumption is not None,
            )
        )
    return points


#: The legend's bands: upper bound of utilisation, label, colour. A marker takes its band's colour,
#: so every marker's colour is one the legend shows.
BANDS = (
    (0.7, "< 70 %", "#2ca02c"),
    (0.9, "70–90 %", "#ffbe00"),
    (1.0, "90–100 %", "#e6550d"),
    (float("inf"), "≥ 100 %", "#b40000"),
)
NOT_SIMULATED = "#bbbbbb"

#: How a line is drawn: railways dark grey, roads wide and pale blue; under construction dashed.
RAIL, ROAD = "#555555", "#a9bfd8"


def _line_svg(line: Line, xy: Any, *, marked: bool = False) -> str:
    """A line drawn straight between its places; ``marked``: an open railway among surveyed
    ones, drawn dotted so that it reads as schematic."""
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(s.lon, s.lat) for s in line.stops))
    tip = escape(f"{line.name} ({line.status}; drawn schematically): {line.source}")
    colour, width = (RAIL, 2.4) if line.mode == "rail" else (ROAD, 4.5)
    dash = ' stroke-dasharray="7 4"' if line.status != "open" else ""
    if marked and line.mode == "rail" and line.status == "open":
        dash = ' stroke-dasharray="2 3"'
    return (
        f'<g class="line {line.mode}"><title>{tip}</title>'
        f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width}"{dash}/>'
        "</g>"
    )


#: the surveyed railway layer beside the basemap (Natural Earth 10 m railroads)
SURVEYED_RAILWAYS = "railroads_ne_10m.geojson"


def surveyed_railways(path: Path) -> list[list[tuple[float, float]]]:
    """The lines of a GeoJSON file of railways (LineString and MultiLineString features), each a
    list of (lon, lat); none when there is no file."""
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out: list[list[tuple[float, float]]] = []
        for f in data["features"]:
            g = f["geometry"]
            parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
            out.extend([(float(x), float(y)) for x, y, *_ in part] for part in parts)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the railway layer: {exc}", file=str(path)) from None
    return out


def _rail_svg(lines: list[list[tuple[float, float]]], xy: Any, view: tuple[float, ...]) -> str:
    """The surveyed railways, as one path (segments outside the view left out)."""
    lon0, lat0, lon1, lat1 = view
    pieces = []
    for line in lines:
        if not any(lon0 - 1 <= x <= lon1 + 1 and lat0 - 1 <= y <= lat1 + 1 for x, y in line):
            continue
        pts = " L".join(f"{px:.1f},{py:.1f}" for px, py in (xy(x, y) for x, y in line))
        pieces.append(f"M{pts}")
    if not pieces:
        return ""
    return (
        '<g class="line rail surveyed"><title>Railways (Natural Earth 10 m railroads, public '
        "domain)</title>"
        f'<path d="{" ".join(pieces)}" fill="none" stroke="{RAIL}" stroke-width="1.8" '
        'stroke-linejoin="round"/></g>'
    )


def _planned_note(p: MapPoint) -> str:
    """`` (planned; position assumed)``, without saying "planned" twice when the name does."""
    said = "planned" in p.name.lower()
    notes = ([] if said else ["planned"]) + (["position assumed"] if p.assumed else [])
    return f" ({'; '.join(notes)})" if notes else ""


def _colour(u: float | None) -> str:
    if u is None:
        return NOT_SIMULATED
    return next(colour for top, _, colour in BANDS if u < top)


@dataclass(frozen=True)
class Place:
    """A town or city the map names (``data/reference/places.csv``, from GeoNames)."""

    name: str
    country: str
    lat: float
    lon: float
    population: int
    kind: str  # "city" or "border town"


def _places(path: Path) -> list[Place]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Place(
                r["name"],
                r["country"],
                float(r["lat"]),
                float(r["lon"]),
                int(r["population"]),
                r["kind"],
            )
            for r in csv.DictReader(fh)
        ]


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: whether the point lies inside the ring."""
    hit = False
    for (x1, y1), (x2, y2) in pairwise([*ring, ring[0]]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


Box = tuple[float, float, float, float]


def text_box(x: float, y: float, text: str, size: float, anchor: str) -> Box:
    """The box a label takes (x0, y0, x1, y1): width estimated at 0.56 × font size a character
    (the report's sans-serif), height the font size above the baseline and 3 px below."""
    w = 0.56 * size * len(text)
    x0 = {"start": x, "end": x - w, "middle": x - w / 2}[anchor]
    return (x0, y - size, x0 + w, y + 3)


def _hits(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class Labels:
    """Labels placed so that no two boxes overlap, nor a label and a marker: each takes the
    first of its candidate spots that is free; a label that must be shown and finds none moves
    down until it does, one that may be left out (a town) is."""

    def __init__(self, width: float) -> None:
        self.width = width
        self.boxes: list[Box] = []

    def block(self, box: Box) -> None:
        self.boxes.append(box)

    def place(
        self,
        text: str,
        size: float,
        spots: list[tuple[float, float, str]],
        *,
        required: bool,
    ) -> tuple[float, float, str] | None:
        """The first free spot of ``spots`` (x, y, anchor) for ``text``; for a label that must
        be shown, then the same spots moved down or up a line at a time."""
        tries = list(spots)
        if required:
            tries += [
                (x, y + dy * k, a) for k in range(1, 40) for dy in (12, -12) for x, y, a in spots
            ]
        for x, y, anchor in tries:
            box = text_box(x, y, text, size, anchor)
            if box[0] < 0 or box[2] > self.width or any(_hits(box, b) for b in self.boxes):
                continue
            self.boxes.append(box)
            return x, y, anchor
        if not required:
            return None
        x, y, anchor = spots[0]
        self.boxes.append(text_box(x, y, text, size, anchor))
        return x, y, anchor


def _label_spot(
    polygons: list[list[list[list[float]]]],
    points: list[MapPoint],
    view: tuple[float, float, float, float],
) -> tuple[float, float] | None:
    """A point of the country inside the view, as far as possible from the crossings."""
    lon0, lat0, lon1, lat1 = view
    best: tuple[float, tuple[float, float]] | None = None
    for i in range(1, 12):
        for j in range(1, 8):
            lon = lon0 + (lon1 - lon0) * i / 12
            lat = lat0 + (lat1 - lat0) * j / 8
            if not any(_inside(lon, lat, poly[0]) for poly in polygons):
                continue
            gap = min(((p.lon - lon) ** 2 + (p.lat - lat) ** 2 for p in points), default=1.0)
            if best is None or gap > best[0]:
                best = (gap, (lon, lat))
    return None if best is None else best[1]


#: what the map's layers are, for its source line
MAP_LAYERS = (
    "Basemap: Natural Earth 1:50m (public domain) via world-atlas 2.0.2; railways: Natural Earth "
    "10 m railroads (public domain); Zhetygen–Altynkol and Jinghe–Yining–Khorgos, which Natural "
    "Earth lacks, the line under construction and the roads: data/reference/lines.yaml, "
    "schematic; towns: GeoNames (CC BY 4.0)."
)


def crossing_map(
    boundaries: Path,
    points: list[MapPoint],
    *,
    highlight: tuple[str, ...],
    title: str,
    source: str,
    width: int = 860,
) -> str:
    """An SVG map of the corridor window with the crossings as coloured markers."""
    data = json.loads(boundaries.read_text(encoding="utf-8"))
    # the view: the crossings with a margin, within the basemap's window
    w0, v0, w1, v1 = data["window"]
    # the view: the crossings and each country's largest city (Almaty, Ürümqi) with a margin
    places = _places(boundaries.with_name("places.csv"))
    lines, left_out = read_lines(
        boundaries.with_name("lines.yaml"),
        {q.name: (q.lat, q.lon) for q in places},
        {p.id: (p.name, p.lat, p.lon) for p in points},
    )
    anchors = [
        max((q for q in places if q.country == iso), key=lambda q: q.population)
        for iso in highlight
        if any(q.country == iso for q in places)
    ]
    lons = [p.lon for p in points] + [q.lon for q in anchors]
    lats = [p.lat for p in points] + [q.lat for q in anchors]
    lon0 = max(w0, min(lons) - 1.0)
    lon1 = min(w1, max(lons) + 1.0)
    lat0 = max(v0, min(lats) - 1.0)
    lat1 = min(v1, max(lats) + 1.0)
    k = math.cos(math.radians((lat0 + lat1) / 2))
    plot_h = round(width * (lat1 - lat0) / ((lon1 - lon0) * k))
    top = 28
    source = (
        "A crossing's label: the utilisation of its busier direction · the mean queue wait "
        "before service (not the time to cross, which the tables give). " + source
    )
    if left_out:
        source += " Lines not drawn: " + "; ".join(left_out) + "."
    words, wrapped, row = source.split(), [], ""
    for w in words:  # wrap the source under the map
        if len(row) + len(w) > 140:
            wrapped.append(row)
            row = ""
        row = f"{row} {w}".strip()
    wrapped.append(row)
    # legend row(s), then the source's rows
    height = top + plot_h + 18 + (20 if lines else 0) + 24 + 13 * (len(wrapped) - 1) + 8

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * k / ((lon1 - lon0) * k) * width, top + (lat1 - lat) / (
            lat1 - lat0
        ) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart map">',
        f'<text x="4" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<defs><clipPath id="view"><rect x="0" y="{top}" width="{width}" height="{plot_h}"/>'
        "</clipPath></defs>",
        f'<rect x="0" y="{top}" width="{width}" height="{plot_h}" fill="#eef4f8"/>',
        '<g clip-path="url(#view)">',
    ]
    for f in data["features"]:
        iso = f["properties"].get("iso3") or f["id"]
        fill = ("#fdf6e3", "#fbecec")[highlight.index(iso)] if iso in highlight else "#f2f2f2"
        paths = []
        for polygon in f["geometry"]["coordinates"]:
            for ring in polygon:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(lon, lat) for lon, lat in ring))
                paths.append(f"M{pts}Z")
        out.append(
            f'<path d="{" ".join(paths)}" fill="{fill}" stroke="#8a8a8a" stroke-width="0.7">'
            f"<title>{escape(f['properties']['name'])}</title></path>"
        )
        if iso in highlight:
            spot = _label_spot(f["geometry"]["coordinates"], points, (lon0, lat0, lon1, lat1))
            if spot is not None:
                lx_, ly_ = xy(*spot)
                out.append(
                    f'<text x="{lx_:.0f}" y="{ly_:.0f}" font-size="20" fill="#a0a0a0" '
                    f'text-anchor="middle">{escape(f["properties"]["name"])}</text>'
                )
    # roads first and wide, railways over them: a railway beside a road shows as a cased line;
    # the surveyed railways where the layer is shipped, the rest schematic
    railways = surveyed_railways(boundaries.with_name(SURVEYED_RAILWAYS))
    if railways:
        lines = [line for line in lines if not line.surveyed]
    schematic = sorted(lines, key=lambda q: q.mode != "road")
    out.extend(_line_svg(line, xy) for line in schematic if line.mode == "road")
    out.append(_rail_svg(railways, xy, (lon0, lat0, lon1, lat1)))
    out.extend(
        _line_svg(line, xy, marked=bool(railways)) for line in schematic if line.mode == "rail"
    )
    # the markers' places first (two crossings at one place stand side by side), then the
    # labels: crossings', planned crossings', then the towns' where there is room
    labels = Labels(width)
    drawn: list[tuple[float, float]] = []
    spots: dict[str, tuple[float, float]] = {}
    order = sorted(points, key=lambda q: (not q.enabled, -q.lat))
    for p in order:
        x, y = xy(p.lon, p.lat)
        step = 13 if p.enabled else -13  # planned crossings step left, away from the labels
        while any(abs(x - a) < 6 and abs(y - b) < 6 for a, b in drawn):
            x += step  # two crossings at one place (road and rail): side by side
        drawn.append((x, y))
        spots[p.id] = (x, y)
        labels.block((x - 7, y - 7, x + 7, y + 7))
    texts: list[str] = []  # the labels, drawn over the markers
    for p in order:
        x, y = spots[p.id]
        right = max(a for a, b in drawn if abs(b - y) < 6 and abs(a - x) < 30) + 11
        left = min(a for a, b in drawn if abs(b - y) < 6 and abs(a - x) < 30) - 11
        if p.enabled and p.utilisation is not None and p.wait_h is not None:
            text = f"{p.name} {p.utilisation:.0%} · wait {p.wait_h:.1f} h"
            size, colour = 11.0, "#000"
        elif not p.enabled:
            text = f"{p.name}{_planned_note(p)}"
            size, colour = 10.0, "#666"
        else:
            continue
        at = labels.place(
            text, size, [(right, y + 4, "start"), (left, y + 4, "end")], required=True
        )
        assert at is not None
        texts.append(
            f'<text x="{at[0]:.1f}" y="{at[1]:.1f}" font-size="{size:g}" fill="{colour}" '
            f'text-anchor="{at[2]}">{escape(text)}</text>'
        )
    named = {q.name for q in places}
    on_lines = {  # towns the lines name that places.csv does not: labelled small
        (s.name, s.lat, s.lon) for line in lines for s in line.stops if s.listed
    }
    towns = [(q.name, q.lat, q.lon, 11.0 if q.kind == "city" else 9.0, q) for q in places] + [
        (name, lat, lon, 9.0, None) for name, lat, lon in sorted(on_lines) if name not in named
    ]
    for name, lat, lon, size, place in sorted(towns, key=lambda t: -t[3]):
        if not (lon0 <= lon <= lon1 and lat0 <= lat <= lat1):
            continue
        px, py = xy(lon, lat)
        at = labels.place(
            name,
            size,
            [(px + dx, py + dy, a) for dy in (-4, 11, -16, 23) for dx, a in ((5, "start"),
             (-5, "end"))],
            required=place is not None and place in anchors,
        )  # fmt: skip
        if at is None:
            continue  # no room beside the markers and labels: the town is left unlabelled
        big = size > 10
        tip = (
            f"{name} (population {place.population:,}; GeoNames)"
            if place is not None
            else f"{name} (GeoNames)"
        )
        fill = "#444" if place is not None else "#666"
        out.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{3 if big else 2}" fill="{fill}">'
            f"<title>{escape(tip)}</title></circle>"
            f'<text x="{at[0]:.1f}" y="{at[1]:.1f}" font-size="{size:g}" fill="{fill}" '
            f'font-weight="{"bold" if big else "normal"}" text-anchor="{at[2]}">'
            f"{escape(name)}</text>"
        )
    out.append("</g>")
    for p in order:
        x, y = spots[p.id]
        shape = (
            f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12"'
            if p.mode == "rail"
            else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7"'
        )
        fill = _colour(p.utilisation) if p.enabled else "none"
        stroke = "#333" if p.enabled else "#777"
        dash = "" if p.enabled else ' stroke-dasharray="3 2"'
        tip = (
            f"{p.name}: utilisation {p.utilisation:.0%}, mean queue wait {p.wait_h:.1f} h "
            "(before service, not the time to cross)"
            if p.enabled and p.utilisation is not None and p.wait_h is not None
            else f"{p.name}: planned (not simulated)"
        )
        out.append(
            f'{shape} fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}>'
            f"<title>{escape(tip)}</title>{'</rect>' if p.mode == 'rail' else '</circle>'}"
        )
    out.extend(texts)
    ly = top + plot_h + 18
    lx = 4
    out.append(
        f'<text x="{lx}" y="{ly + 4}" font-size="11">utilisation of the busier direction:</text>'
    )
    lx += 200
    for _, label, colour in BANDS:
        out.append(f'<circle cx="{lx}" cy="{ly}" r="6" fill="{colour}" stroke="#333"/>')
        out.append(f'<text x="{lx + 10}" y="{ly + 4}" font-size="11">{escape(label)}</text>')
        lx += 80
    out.append(
        f'<circle cx="{lx + 10}" cy="{ly}" r="6" fill="none" stroke="#777" stroke-dasharray="3 2"/>'
        f'<text x="{lx + 20}" y="{ly + 4}" font-size="11">planned</text>'
        f'<text x="{lx + 90}" y="{ly + 4}" font-size="11">● road  ■ rail</text>'
    )
    if lines and railways:
        ly += 20
        out.append(
            f'<line x1="4" y1="{ly}" x2="34" y2="{ly}" stroke="{RAIL}" stroke-width="1.8"/>'
            f'<text x="40" y="{ly + 4}" font-size="11">railway (Natural Earth)</text>'
            f'<line x1="170" y1="{ly}" x2="200" y2="{ly}" stroke="{RAIL}" stroke-width="2.4" '
            'stroke-dasharray="2 3"/>'
            f'<text x="206" y="{ly + 4}" font-size="11">railway, schematic</text>'
            f'<line x1="330" y1="{ly}" x2="360" y2="{ly}" stroke="{RAIL}" stroke-width="2.4" '
            'stroke-dasharray="7 4"/>'
            f'<text x="366" y="{ly + 4}" font-size="11">under construction</text>'
            f'<line x1="490" y1="{ly}" x2="520" y2="{ly}" stroke="{ROAD}" stroke-width="4.5"/>'
            f'<text x="526" y="{ly + 4}" font-size="11">main road, schematic</text>'
        )
    elif lines:
        ly += 20
        out.append(
            f'<line x1="4" y1="{ly}" x2="34" y2="{ly}" stroke="{RAIL}" stroke-width="2.4"/>'
            f'<text x="40" y="{ly + 4}" font-size="11">railway</text>'
            f'<line x1="110" y1="{ly}" x2="140" y2="{ly}" stroke="{RAIL}" stroke-width="2.4" '
            'stroke-dasharray="7 4"/>'
            f'<text x="146" y="{ly + 4}" font-size="11">railway under construction</text>'
            f'<line x1="320" y1="{ly}" x2="350" y2="{ly}" stroke="{ROAD}" stroke-width="4.5"/>'
            f'<text x="356" y="{ly + 4}" font-size="11">main road</text>'
            f'<text x="430" y="{ly + 4}" font-size="11" fill="#555">(lines schematic: '
            "straight between the towns they pass)</text>"
        )
    for i, text in enumerate(wrapped):
        out.append(
            f'<text x="4" y="{ly + 24 + 13 * i}" font-size="10" fill="#555">{escape(text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
