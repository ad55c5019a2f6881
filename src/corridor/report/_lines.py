"""The main railways and roads to the crossings (``data/reference/lines.yaml``), for the map.

Each line is schematic: straight segments between the places it names, in order; a line marked
``surveyed`` is in the surveyed railway layer (Natural Earth's, ``railroads_ne_10m.geojson``) and
is drawn from it instead when that layer is there. A place is a
town of ``places.csv`` by name, a crossing of the network by id, or a town given in the file with
its gazetteer position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from corridor.errors import InputError, Problem
from corridor.yaml_files import field_path, read_model


class _Town(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    geonames: str = Field(min_length=1, description="the gazetteer record the position is from")


class _Crossing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    crossing: str = Field(min_length=1)


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    mode: Literal["rail", "road"]
    status: Literal["open", "under construction"]
    via: list[str | _Town | _Crossing] = Field(min_length=2)
    source: str = Field(min_length=1)
    #: the line is in the surveyed railway layer (railroads_ne_10m.geojson): drawn from it, not
    #: schematically, when the layer is there
    surveyed: bool = False


class _LineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[_Line]


@dataclass(frozen=True)
class Stop:
    """A named point a line passes."""

    name: str
    lat: float
    lon: float
    listed: bool  # a town given in the lines file (not one of places.csv, not a crossing)


@dataclass(frozen=True)
class Line:
    """A railway or road, as the map draws it."""

    name: str
    mode: str
    status: str
    stops: tuple[Stop, ...]
    source: str
    surveyed: bool = False


def read_lines(
    path: Path,
    towns: Mapping[str, tuple[float, float]],
    crossings: Mapping[str, tuple[str, float, float]],
) -> tuple[list[Line], list[str]]:
    """The lines of ``path``, each place resolved (``towns`` maps a name to (lat, lon),
    ``crossings`` an id to (name, lat, lon)), and the lines left out because they reach a
    crossing the network does not have (another network), each with the reason. No file: no
    lines. A town that is not known is an :class:`InputError` naming it by its path in the file
    (items counted from 1)."""
    if not path.is_file():
        return [], []
    parsed = read_model(path, _LineFile, what="lines file", error=InputError)
    problems: list[Problem] = []
    lines: list[Line] = []
    missing: list[str] = []
    for i, line in enumerate(parsed.lines):
        stops, absent = [], []
        for j, place in enumerate(line.via):
            where = field_path(("lines", i, "via", j))
            if isinstance(place, _Town):
                stops.append(Stop(place.name, place.lat, place.lon, listed=True))
            elif isinstance(place, _Crossing):
                if place.crossing not in crossings:
                    absent.append(place.crossing)
                    continue
                name, lat, lon = crossings[place.crossing]
                stops.append(Stop(name, lat, lon, listed=False))
            elif place in towns:
                lat, lon = towns[place]
                stops.append(Stop(place, lat, lon, listed=False))
            else:
                problems.append(
                    Problem(
                        None,
                        where,
                        place,
                        "not a town of places.csv; give {name, lat, lon, geonames} or "
                        "{crossing: id}",
                    )
                )
        if absent:
            missing.append(f"{line.name} (no crossing {', '.join(absent)} in the network)")
        else:
            lines.append(
                Line(line.name, line.mode, line.status, tuple(stops), line.source, line.surveyed)
            )
    if problems:
        raise InputError("unknown places in the lines file", file=str(path), problems=problems)
    return lines, missing
