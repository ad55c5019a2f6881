"""The corridor as data: crossings, their lanes, schedules, rail gauge change and yards.

Every number is a :class:`Figure`: a value with its unit and either a ``source`` (a citation:
fact id and page) or an ``assumption`` (the reasoning), never neither. A network file that gives a
bare number is refused. Validated once, at the boundary (:func:`read_network`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from corridor.errors import ScenarioError
from corridor.yaml_files import read_model

Mode = Literal["road", "rail", "river"]
Status = Literal["open", "planned", "closed"]
Direction = Literal["a_to_b", "b_to_a"]  # a, b: the network's two countries, in order
CargoGroup = Literal["agri", "bulk", "containers", "general"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Model):
    """A number with its unit, and where it comes from (a source) or why it is assumed."""

    value: float
    unit: str
    source: str | None = None
    assumption: str | None = None
    as_of: str | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        """YAML reads 2025-11 or 2024 as dates or numbers: keep them as written text."""
        return value if value is None or isinstance(value, str) else str(value)

    @model_validator(mode="after")
    def _provenance(self) -> Figure:
        if (self.source is None) == (self.assumption is None):
            raise ValueError("give exactly one of source (a citation) and assumption (reasoning)")
        return self


class Position(_Model):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    source: str | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _provenance(self) -> Position:
        if (self.source is None) == (self.assumption is None):
            raise ValueError("give exactly one of source and assumption")
        return self


class Schedule(_Model):
    """When a crossing works: hours a day, days a week, and closed dates."""

    hours_per_day: Figure
    days_per_week: Figure
    holidays: tuple[str, ...] = ()  # MM-DD, closed every year
    holidays_source: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> Schedule:
        for d in self.holidays:
            dt.datetime.strptime(f"2024-{d}", "%Y-%m-%d")
        if self.holidays and not self.holidays_source:
            raise ValueError("holidays need holidays_source")
        return self


class Inspection(_Model):
    """Share of a cargo group's vehicles inspected, and the inspection's duration."""

    rate: Figure
    hours: Figure


class Lanes(_Model):
    """Servers of one direction: lanes (road) or tracks (rail), and the time to clear a vehicle."""

    lanes: Figure
    green_lanes: Figure | None = None
    service_hours: Figure


class GaugeChange(_Model):
    """Rail only: the 1520/1435 mm break."""

    method: Literal["bogie exchange", "transshipment", "bogie exchange and transshipment"]
    method_source: str
    trains_per_day: Figure
    yard_wagons: Figure


class Crossing(_Model):
    """A border crossing (or a route) with both sides' names."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    kz_side: str
    cn_side: str
    mode: Mode
    status: Status
    enabled: bool
    position: Position
    capacity: dict[str, Figure] = Field(default_factory=dict)
    schedule: Schedule | None = None
    directions: dict[Direction, Lanes] = Field(default_factory=dict)
    inspections: dict[CargoGroup, Inspection] = Field(default_factory=dict)
    gauge_change: GaugeChange | None = None
    facts: dict[str, Figure] = Field(default_factory=dict)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Crossing:
        if self.enabled and self.status != "open":
            raise ValueError(f"{self.id}: only an open crossing can be enabled")
        if self.enabled and (self.schedule is None or set(self.directions) != {"a_to_b", "b_to_a"}):
            raise ValueError(f"{self.id}: an enabled crossing needs a schedule and both directions")
        if self.mode == "rail" and self.enabled and self.gauge_change is None:
            raise ValueError(f"{self.id}: an enabled rail crossing needs gauge_change")
        return self


class Conflict(_Model):
    """Two sources that disagree, both kept, and the value chosen with the reason."""

    about: str
    facts: tuple[str, ...]
    values: tuple[str, ...]
    chosen: str
    reason: str


class Network(_Model):
    """A corridor: its countries and crossings."""

    name: str
    countries: tuple[str, str]
    crossings: tuple[Crossing, ...]
    conflicts: tuple[Conflict, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Network:
        ids = [c.id for c in self.crossings]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"crossing ids used twice: {dup}")
        return self

    def crossing(self, crossing_id: str) -> Crossing:
        for c in self.crossings:
            if c.id == crossing_id:
                return c
        raise ScenarioError(f"no crossing {crossing_id!r}; known: {[c.id for c in self.crossings]}")


def network_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (results are stored with it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_network(path: Path) -> Network:
    """Read and validate a network file; every problem is named by its path in the file."""
    return read_model(path, Network, what="network file", error=ScenarioError)
