"""The corridor as data: crossings, the two border posts of each, their hours, lanes and limits.

Every number is a :class:`Figure`: a value with its unit and exactly one of a ``source`` (a
citation: fact id and page), an ``assumption`` (the reasoning) or ``calibrated`` (fitted to
observations by ``corridor calibrate``: which ones, and how well). A network file that gives a bare
number is refused. Validated once, at the boundary (:func:`read_network`).

**A crossing is two posts in series.** Each direction leaves through the departing country's post
(its ``outbound`` stage) and enters through the receiving country's post (its ``inbound`` stage).
Each stage has its lanes (road) or tracks (rail), a service time per vehicle, a dwell (time that
does not hold a lane: documents, customs release, waiting for a driver), optionally a daily limit
(the receiving side accepting so many a day, or the departing side releasing so many), a transload
(cargo moved between vehicles) and, for rail entering, the gauge change and its yard.

**A network by date.** A figure may carry ``in_force`` (the span it holds for) and a ``history``
of other values with their own spans; a crossing may carry a ``status_history``.
:meth:`Network.at` resolves every figure and status for one day.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from corridor.errors import InputError, ScenarioError
from corridor.periods import parse_span
from corridor.yaml_files import read_model

Mode = Literal["road", "rail", "river"]
Status = Literal["open", "planned", "closed"]
Direction = Literal["a_to_b", "b_to_a"]  # a, b: the network's two countries, in order
CargoGroup = Literal["agri", "bulk", "containers", "general"]
Side = Literal["outbound", "inbound"]
DIRECTIONS: tuple[Direction, Direction] = ("a_to_b", "b_to_a")


class _Model(BaseModel):
    # an unlimited figure (.inf) is written "Infinity" in JSON, a string any reader accepts
    model_config = ConfigDict(extra="forbid", frozen=True, ser_json_inf_nan="strings")


def _check_span(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_span(value)
        except InputError as exc:
            raise ValueError(str(exc)) from None
    return value


def _in_span(span: str | None, day: dt.date) -> bool:
    if span is None:
        return True
    start, end = parse_span(span)
    return (start is None or start <= day) and (end is None or day <= end)


def _span_start(span: str | None) -> dt.date:
    start = parse_span(span)[0] if span is not None else None
    return start or dt.date.min


#: no figure of the schema is larger than this (a year's trade in US$ is about 1e11)
MAX_FIGURE = 1e13


class Figure(_Model):
    """A number with its unit, and where it comes from: a source, an assumption or a fit.

    ``bounds`` (with an assumption or a fit) is the range calibration may search; figures that
    share a ``parameter`` name are fitted as one (the small posts' dwell, say). ``in_force``
    is the span the value holds for; ``history`` holds other values with their spans: on a day
    that a history entry's span covers, the entry with the latest start gives the value
    (:meth:`at`), else the figure itself.
    """

    value: float
    unit: str
    source: str | None = None
    assumption: str | None = None
    calibrated: str | None = None
    as_of: str | None = None
    in_force: str | None = None
    bounds: tuple[float, float] | None = None
    parameter: str | None = None
    #: a fitted figure's uncertainty: the standard deviation of its logarithm (posterior)
    log_sd: float | None = Field(default=None, ge=0, le=5)
    history: tuple[Figure, ...] = ()

    @field_validator("as_of", "in_force", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        """YAML reads 2025-11 or 2024 as dates or numbers: keep them as written text."""
        return value if value is None or isinstance(value, str) else str(value)

    @field_validator("in_force")
    @classmethod
    def _span(cls, value: str | None) -> str | None:
        return _check_span(value)

    @model_validator(mode="after")
    def _provenance(self) -> Figure:
        if self.value != self.value:
            raise ValueError("a figure's value must be a number (not NaN)")
        if not abs(self.value) <= MAX_FIGURE and self.value != float("inf"):
            raise ValueError(
                f"a figure's value must be within ±{MAX_FIGURE:g} (or .inf: unlimited), "
                f"not {self.value:g}"
            )
        given = [k for k in ("source", "assumption", "calibrated") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of source (a citation), assumption (reasoning) and "
                f"calibrated (a fit); got {given or 'none'}"
            )
        if self.bounds is not None:
            lo, hi = self.bounds
            if self.source is not None:
                raise ValueError("a sourced figure is not calibrated: bounds need an assumption")
            if not 0 < lo <= self.value <= hi:
                raise ValueError(
                    f"value {self.value:g} outside its bounds [{lo:g}, {hi:g}] "
                    "(bounds are positive)"
                )
        if self.parameter is not None and self.bounds is None:
            raise ValueError("a named parameter needs bounds to be fitted within")
        if self.log_sd is not None and self.calibrated is None:
            raise ValueError("log_sd (a fit's uncertainty) belongs to a calibrated figure")
        if any(h.history for h in self.history):
            raise ValueError("a history entry has no history of its own")
        if any(h.in_force is None for h in self.history):
            raise ValueError("each history entry needs in_force (the span it held for)")
        return self

    def at(self, day: dt.date) -> Figure:
        """The value in force on ``day`` (class docstring), without its history."""
        if not self.history:
            return self  # nothing else in force on any day: the figure itself, not a copy
        covering = [h for h in self.history if _in_span(h.in_force, day)]
        if covering:
            return max(covering, key=lambda h: _span_start(h.in_force))
        return self.model_copy(update={"history": ()})


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


def _within(figure: Figure | None, name: str, lo: float, hi: float, *, whole: bool = False) -> None:
    """Refuse a figure (and each value of its history) outside [lo, hi], or not whole."""
    if figure is None:
        return
    for f in (figure, *figure.history):
        v = f.value
        if v != v or not lo <= v <= hi:
            raise ValueError(f"{name} must be from {lo:g} to {hi:g}, not {v:g}")
        if whole and v != int(v):
            raise ValueError(f"{name} must be a whole number, not {v:g}")


#: the most lanes or tracks a stage can have, and other physical bounds of the schema
MAX_LANES = 1_000
MAX_HOURS = 10_000.0
#: the most a capacity can be a day, by what it counts (the simulation schedules what it names)
MAX_PER_DAY = {"train": 1_000.0, "wagon": 100_000.0, "": 1_000_000.0}


def capacity_bound(unit: str) -> float:
    """The largest value a capacity figure in ``unit`` may have: a day's trains, wagons or
    vehicles as a crossing could carry them, with room; a year's tonnes as a world port."""
    if "/day" not in unit:
        return 1e10
    low = unit.lower()
    return next(v for k, v in MAX_PER_DAY.items() if k in low)


class Variability(_Model):
    """How much service and dwell times vary about their means (coefficients of variation):
    service and gauge-change times by ``service_cv``, dwell and transload by ``dwell_cv``."""

    service_cv: Figure
    dwell_cv: Figure

    @model_validator(mode="after")
    def _bounds(self) -> Variability:
        _within(self.service_cv, "service_cv", 0.0, 5.0)
        _within(self.dwell_cv, "dwell_cv", 0.0, 5.0)
        return self


class Schedule(_Model):
    """When a post works: hours a day from an opening hour, days a week, and closed dates.

    ``opens_at`` is the hour on the network's clock (``Network.clock``) that a post working
    fewer than 24 hours opens: two posts of one crossing on different clocks differ here.
    """

    hours_per_day: Figure
    days_per_week: Figure
    opens_at: Figure | None = None
    holidays: tuple[str, ...] = ()  # MM-DD, closed every year
    holidays_source: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> Schedule:
        _within(self.hours_per_day, "hours_per_day", 0.5, 24.0)
        _within(self.days_per_week, "days_per_week", 1, 7, whole=True)
        for d in self.holidays:
            dt.datetime.strptime(f"2024-{d}", "%Y-%m-%d")
        if self.holidays and not self.holidays_source:
            raise ValueError("holidays need holidays_source")
        if self.opens_at is not None and not 0 <= self.opens_at.value < 24:
            raise ValueError("opens_at is an hour of the day, 0 to 23")
        return self


class Inspection(_Model):
    """Share of a cargo group's loaded vehicles inspected on entering, and the duration."""

    rate: Figure
    hours: Figure

    @model_validator(mode="after")
    def _bounds(self) -> Inspection:
        _within(self.rate, "an inspection rate", 0.0, 1.0)
        _within(self.hours, "inspection hours", 0.0, MAX_HOURS)
        return self


class Transload(_Model):
    """Cargo moved between vehicles at a post (for example into a warehouse and onto the other
    country's trucks): the share of loaded vehicles concerned and the hours it adds."""

    share: Figure
    hours: Figure

    @model_validator(mode="after")
    def _bounds(self) -> Transload:
        _within(self.share, "a transload share", 0.0, 1.0)
        _within(self.hours, "transload hours", 0.0, MAX_HOURS)
        return self


class GaugeChange(_Model):
    """Rail entering: the 1520/1435 mm break, at the receiving side's station."""

    method: Literal["bogie exchange", "transshipment", "bogie exchange and transshipment"]
    method_source: str
    trains_per_day: Figure
    #: what the yards between the border tracks and the exchange hold; None: no physical figure
    #: is known, and trains wait on the approach lines without limit
    yard_wagons: Figure | None = None

    @model_validator(mode="after")
    def _bounds(self) -> GaugeChange:
        _within(self.trains_per_day, "gauge change trains_per_day", 0.01, 10_000.0)
        _within(self.yard_wagons, "yard_wagons", 1.0, 10_000_000.0)
        return self


class Stage(_Model):
    """One direction at one post: lanes or tracks, service, dwell, limits, transload, gauge."""

    lanes: Figure
    green_lanes: Figure | None = None
    service_hours: Figure
    #: how much service times vary (coefficient of variation); default: the network's
    service_cv: Figure | None = None
    dwell_hours: Figure | None = None
    daily_limit: Figure | None = None
    transload: Transload | None = None
    gauge_change: GaugeChange | None = None

    @model_validator(mode="after")
    def _positive(self) -> Stage:
        _within(self.lanes, "lanes", 1, MAX_LANES, whole=True)
        _within(self.green_lanes, "green_lanes", 0, MAX_LANES, whole=True)
        if self.green_lanes is not None and self.green_lanes.value > self.lanes.value:
            raise ValueError("green_lanes cannot be more than lanes")
        if not 0 < self.service_hours.value <= MAX_HOURS or any(
            not 0 < h.value <= MAX_HOURS for h in self.service_hours.history
        ):
            raise ValueError(f"service_hours must be positive and at most {MAX_HOURS:g}")
        _within(self.service_cv, "service_cv", 0.0, 5.0)
        _within(self.dwell_hours, "dwell_hours", 0.0, MAX_HOURS)
        if self.daily_limit is not None and any(
            not f.value > 0 for f in (self.daily_limit, *self.daily_limit.history)
        ):
            raise ValueError("daily_limit must be positive (close the crossing instead)")
        return self


class ApproachLine(_Model):
    """The railway line that brings trains to a post from its own country's side and takes
    them away: the trains a day it carries each way (a published figure, such as a UIC 406
    capacity or an operator's; a single track's "train pairs": one train each way)."""

    train_pairs_per_day: Figure
    length_km: Figure | None = None
    tracks: Figure | None = None

    @model_validator(mode="after")
    def _positive(self) -> ApproachLine:
        pairs = self.train_pairs_per_day
        if any(not f.value > 0 for f in (pairs, *pairs.history)):
            raise ValueError("train_pairs_per_day must be positive")
        return self


class Post(_Model):
    """One country's border post of a crossing: its hours, both stages and inspections, and
    (rail) the approach line on its side."""

    schedule: Schedule
    outbound: Stage
    inbound: Stage
    inspections: dict[CargoGroup, Inspection] = Field(default_factory=dict)
    approach_line: ApproachLine | None = None

    def stage(self, side: Side) -> Stage:
        return self.outbound if side == "outbound" else self.inbound


class StatusChange(_Model):
    """A crossing's status over a span (closed for works or an epidemic, opened on a date)."""

    status: Status
    in_force: str
    source: str | None = None
    assumption: str | None = None

    @field_validator("in_force", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return value if isinstance(value, str) else str(value)

    @field_validator("in_force")
    @classmethod
    def _span(cls, value: str) -> str:
        _check_span(value)
        return value

    @model_validator(mode="after")
    def _provenance(self) -> StatusChange:
        if (self.source is None) == (self.assumption is None):
            raise ValueError("give exactly one of source and assumption")
        return self


def great_circle_km(a: Position, b: Position) -> float:
    """The distance between two positions on the Earth's surface (haversine, 6,371 km radius)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _name_key(text: str) -> str:
    """A name compared without case, dashes or spacing: "Nur Zholy – Khorgos" and
    "nur-zholy-khorgos" are one key."""
    return re.sub(r"[\s\-–—_/()]+", " ", text).strip().lower()


def _names_of(crossing: Crossing) -> set[str]:
    """The keys a crossing is known by: its id, its name, each side's post name and the other
    spelling in brackets ("Khorgos (Horgos)": "khorgos", "horgos")."""
    out = {_name_key(crossing.id), _name_key(crossing.name)}
    for name in crossing.sides.values():
        out.add(_name_key(name))
        out.update(_name_key(part) for part in re.split(r"[()]", name) if part.strip())
    return out


class Crossing(_Model):
    """A border crossing (or a route): both sides' names and, when it can be simulated, posts."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    sides: dict[str, str]  # country → the post's name
    mode: Mode
    status: Status
    status_history: tuple[StatusChange, ...] = ()
    enabled: bool
    position: Position
    capacity: dict[str, Figure] = Field(default_factory=dict)
    posts: dict[str, Post] = Field(default_factory=dict)
    facts: dict[str, Figure] = Field(default_factory=dict)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Crossing:
        for name, figure in self.capacity.items():
            if figure.value != float("inf"):  # .inf: no limit
                _within(figure, f"capacity {name}", 0.0, capacity_bound(figure.unit))
        if self.enabled and self.status != "open":
            raise ValueError(f"{self.id}: only an open crossing can be enabled")
        if self.enabled and set(self.posts) != set(self.sides):
            raise ValueError(
                f"{self.id}: an enabled crossing needs a post for each side {sorted(self.sides)}"
            )
        if (
            self.enabled
            and self.mode == "rail"
            and any(p.inbound.gauge_change is None for p in self.posts.values())
        ):
            raise ValueError(f"{self.id}: an enabled rail crossing needs inbound gauge_change")
        return self

    def status_on(self, day: dt.date) -> Status:
        covering = [s for s in self.status_history if _in_span(s.in_force, day)]
        if covering:
            return max(covering, key=lambda s: _span_start(s.in_force)).status
        return self.status

    def runs_on(self, day: dt.date | None) -> bool:
        """Whether the crossing is simulated on ``day`` (None: as the file stands)."""
        if not self.enabled:
            return False
        return day is None or self.status_on(day) == "open"


class Regime(_Model):
    """A span of time when the border worked under rules of its own (the epidemic regime): its
    observations are fitted to the figures in force then, apart from the others."""

    name: str = Field(pattern=r"^[a-z0-9-]+$")
    in_force: str
    source: str | None = None
    assumption: str | None = None

    @field_validator("in_force", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return value if isinstance(value, str) else str(value)

    @field_validator("in_force")
    @classmethod
    def _span(cls, value: str) -> str:
        _check_span(value)
        return value

    def covers(self, start: dt.date, end: dt.date) -> bool:
        first, last = parse_span(self.in_force)
        return (first is None or first <= start) and (last is None or end <= last)


class Conflict(_Model):
    """Two sources that disagree, both kept, and the value chosen with the reason."""

    about: str
    facts: tuple[str, ...]
    values: tuple[str, ...]
    chosen: str
    reason: str


class Network(_Model):
    """A corridor: its countries, its clock and its crossings; ``as_of``: the day it was
    resolved for (None: the file as written, each figure at its main value)."""

    name: str
    countries: tuple[str, str]
    clock: str = "local time of the first country"
    crossings: tuple[Crossing, ...]
    conflicts: tuple[Conflict, ...] = ()
    variability: Variability | None = None
    regimes: tuple[Regime, ...] = ()
    as_of: dt.date | None = None

    @model_validator(mode="after")
    def _unique(self) -> Network:
        ids = [c.id for c in self.crossings]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"crossing ids used twice: {dup}")
        for c in self.crossings:
            if set(c.sides) != set(self.countries):
                raise ValueError(
                    f"{c.id}: sides must name both countries {list(self.countries)}, "
                    f"not {sorted(c.sides)}"
                )
        return self

    def crossing(self, crossing_id: str) -> Crossing:
        for c in self.crossings:
            if c.id == crossing_id:
                return c
        raise ScenarioError(f"no crossing {crossing_id!r}; known: {[c.id for c in self.crossings]}")

    def crossing_id(self, text: str, mode: str | None = None) -> str:
        """The id of the crossing ``text`` names: its id, or (any case, any dash) its name or
        one side's post name ("Khorgos", "Nur Zholy – Khorgos"), of ``mode`` when one is given
        and several crossings share the name. A :class:`ValueError` says why none or which
        ones, with the nearest names when none matches."""
        ids = {c.id: c for c in self.crossings}
        if text in ids:
            return text
        key = _name_key(text)
        found = [c for c in self.crossings if key in _names_of(c)]
        if len(found) > 1 and mode:
            found = [c for c in found if c.mode == mode] or found
        if len(found) == 1:
            return found[0].id
        if found:
            several = ", ".join(f"{c.id} ({c.mode})" for c in found)
            raise ValueError(f"names several crossings: {several}; give the id")
        import difflib

        names: dict[str, list[Crossing]] = {}
        for c in self.crossings:
            for n in _names_of(c):
                names.setdefault(n, []).append(c)
        close = [c for n in difflib.get_close_matches(key, names, n=3) for c in names[n]]
        close = [c for c in close if c.mode == mode] or close
        near = dict.fromkeys(c.id for c in close)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        raise ValueError(f"not a crossing of the network file (or *){hint}")

    def running(self) -> tuple[Crossing, ...]:
        """The crossings simulated: enabled and, on ``as_of``, open."""
        return tuple(c for c in self.crossings if c.runs_on(self.as_of))

    def departing(self, direction: str) -> str:
        """The country a direction leaves (``a_to_b`` leaves the first)."""
        return self.countries[0] if direction == "a_to_b" else self.countries[1]

    def receiving(self, direction: str) -> str:
        return self.countries[1] if direction == "a_to_b" else self.countries[0]

    def direction_from(self, country: str, side: Side) -> Direction:
        """The direction that leaves (``outbound``) or enters (``inbound``) ``country``."""
        leaves_a = (country == self.countries[0]) == (side == "outbound")
        return "a_to_b" if leaves_a else "b_to_a"

    def at(self, day: dt.date) -> Network:
        """This network as in force on ``day``: every figure at its value then, every crossing
        at its status then (a crossing closed on that day is not simulated)."""
        resolved: Network = at_day(self, day)
        crossings = tuple(
            c.model_copy(update={"status": c.status_on(day)}) for c in resolved.crossings
        )
        return resolved.model_copy(update={"crossings": crossings, "as_of": day})


def _may_hold_figure(tp: Any, seen: frozenset[Any] = frozenset()) -> bool:
    """Whether a value of type ``tp`` can hold a :class:`Figure` (unknown types: yes)."""
    if tp is Figure or tp is Any:
        return True
    if isinstance(tp, type):
        if issubclass(tp, Figure):
            return True
        if issubclass(tp, BaseModel):
            return bool(_figure_fields(tp, seen))
        return tp not in (str, int, float, bool, bytes, dt.date, dt.datetime, type(None))
    if tp in seen:
        return True
    args = typing.get_args(tp)
    if typing.get_origin(tp) is typing.Literal:
        return False
    return any(_may_hold_figure(a, seen | {tp}) for a in args) if args else True


@functools.cache
def _figure_fields_cached(cls: type[BaseModel]) -> tuple[str, ...]:
    return _figure_fields(cls, frozenset())


def _figure_fields(cls: type[BaseModel], seen: frozenset[Any]) -> tuple[str, ...]:
    """The fields of a model class whose values can hold a :class:`Figure`."""
    if cls in seen:
        return tuple(cls.model_fields)
    hints = typing.get_type_hints(cls)
    return tuple(
        name for name in cls.model_fields if _may_hold_figure(hints.get(name, Any), seen | {cls})
    )


def at_day(obj: Any, day: dt.date) -> Any:
    """``obj`` (a model, or mappings and tuples of them) with every :class:`Figure` inside it
    replaced by its value on ``day`` (fields whose type cannot hold a figure are not walked)."""
    if isinstance(obj, Figure):
        return obj.at(day)
    if isinstance(obj, BaseModel):
        update = {}
        for name in _figure_fields_cached(type(obj)):
            value = getattr(obj, name)
            new = at_day(value, day)
            if new is not value:
                update[name] = new
        return obj.model_copy(update=update) if update else obj
    if isinstance(obj, dict):
        return {k: at_day(v, day) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return tuple(at_day(v, day) for v in obj)
    return obj


def network_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (results are stored with it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_network(path: Path) -> Network:
    """Read and validate a network file; every problem is named by its path in the file."""
    return read_model(path, Network, what="network file", error=ScenarioError)
