"""Events at the border: what changes a crossing on given days, as data (``events.csv``).

Columns ``id,crossing,side,direction,mode,start,end,kind,value,unit,source`` (and optionally
``divert_to``), one event a row:

* ``crossing``: a crossing id of the network file, or ``*`` (every crossing of ``mode``); a name
  (the crossing's, or a post's in either spelling) reads as its id (:meth:`Network.crossing_id`);
* ``side``: whose post (one of the network's countries), or ``both`` (both posts);
* ``direction``: ``outbound`` (traffic leaving that side's country), ``inbound`` (entering it) or
  ``all``; with ``side: both`` only ``all``;
* ``start``, ``end``: ISO dates, both days included (an empty ``end``: until further notice);
* ``kind`` and what ``value`` means:

  - ``acceptance_cap``: vehicles, trucks, trains or wagons a day that side's post lets through in
    that direction (``unit`` says which: wagons are turned into trains);
  - ``closed``: that side's post (or with ``both`` the crossing) is closed; its traffic goes to the
    nearest crossing of the same mode open that day, or to the crossing ``value`` (or the
    ``divert_to`` column) names; ``value: none`` keeps it waiting where it is;
  - ``hours``: the post works this many hours a day (24: around the clock);
  - ``lanes``: this many lanes (tracks) work at that post in that direction (a whole number);
  - ``demand_factor``: arrivals in that direction multiplied by this;
  - ``holiday``: the post is closed, and traffic waits;
* ``source``: where the event is reported (a citation with its quote).

Reading is all or nothing: a bad row is an :class:`~corridor.errors.InputError` naming its line
and column, and a file no longer than :data:`MAX_BYTES` is read in time linear in its size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from corridor.errors import InputError, Problem
from corridor.network.model import Network

COLUMNS = (
    "id",
    "crossing",
    "side",
    "direction",
    "mode",
    "start",
    "end",
    "kind",
    "value",
    "unit",
    "source",
)
EventKind = Literal["acceptance_cap", "closed", "hours", "lanes", "demand_factor", "holiday"]
KINDS: tuple[EventKind, ...] = (
    "acceptance_cap",
    "closed",
    "hours",
    "lanes",
    "demand_factor",
    "holiday",
)
#: a read events file is at most this large
MAX_BYTES = 4_000_000
#: the longest field accepted
MAX_FIELD = 10_000
#: physically possible values of each numeric kind
BOUNDS: dict[str, tuple[float, float]] = {
    "acceptance_cap": (0.0, 1_000_000.0),
    "hours": (0.0, 24.0),
    "lanes": (0.0, 1_000.0),
    "demand_factor": (0.0, 100.0),
}
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)


@dataclass(frozen=True)
class Event:
    """One event of the file (module docstring)."""

    id: str
    crossing: str
    side: str
    direction: str
    mode: str
    start: dt.date
    end: dt.date | None
    kind: EventKind
    value: float | None  # None for closed and holiday
    unit: str
    source: str
    divert_to: str | None = None  # closed: the crossing its traffic goes to ("none": waits)
    line: int = 0

    def on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)

    @property
    def key(self) -> tuple[object, ...]:
        """What the event does (its id and source aside): two files stating the same event
        apply it once."""
        return (
            self.crossing,
            self.side,
            self.direction,
            self.mode,
            self.start,
            self.end,
            self.kind,
            self.value,
            self.divert_to,
        )

    def concerns(self, crossing: str, mode: str) -> bool:
        return self.crossing == crossing or (self.crossing == "*" and self.mode == mode)

    def at_post(self, country: str, leaving: bool) -> bool:
        """Whether the event is about ``country``'s post for traffic leaving (``leaving``) or
        entering it."""
        if self.side == "both":
            return True
        if self.side != country:
            return False
        return self.direction == "all" or (self.direction == "outbound") == leaving


def _date(text: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a date from {FIRST_DAY.year} to {LAST_DAY.year}")
    return day


def parse_events(text: str, network: Network, *, where: str = "events") -> tuple[Event, ...]:
    """Every row of an events text, validated against ``network`` (module docstring)."""
    if len(text) > MAX_BYTES:
        raise InputError(
            f"the events file is {len(text):,} characters; at most {MAX_BYTES:,} are read",
            file=where,
        )
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise InputError(f"not a CSV file: {exc}", file=where) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"events need the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}",
            file=where,
        )
    sides = {*network.countries, "both"}
    problems: list[Problem] = []
    out: list[Event] = []
    seen: set[str] = set()
    line = 1
    try:
        for record in reader:
            line = reader.line_num
            if not any(f.strip() for f in record):
                continue
            if any(len(f) > MAX_FIELD for f in record):
                problems.append(Problem(line, None, None, f"a field over {MAX_FIELD:,} characters"))
                continue
            row = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)}
            event = _event(row, line, network, sides, seen, problems)
            if event is not None:
                out.append(event)
    except csv.Error as exc:
        problems.append(Problem(line, None, None, f"unreadable CSV: {exc}"))
    if problems:
        raise InputError(
            f"{len(problems)} problem(s) in the events; nothing was read",
            file=where,
            problems=problems,
        )
    return tuple(out)


def _event(
    row: dict[str, str],
    line: int,
    network: Network,
    sides: set[str],
    seen: set[str],
    problems: list[Problem],
) -> Event | None:
    bad = len(problems)

    def fail(column: str, value: str | None, reason: str) -> None:
        problems.append(Problem(line, column, value, reason))

    rid = row["id"]
    if not rid:
        fail("id", rid, "every row needs an id")
    elif rid in seen:
        fail("id", rid, "this id is used twice")
    seen.add(rid)
    known = {c.id: c for c in network.crossings}
    crossing = row["crossing"]
    if crossing != "*":
        try:
            crossing = network.crossing_id(crossing, row["mode"])
        except ValueError as exc:
            fail("crossing", crossing, str(exc))
    side = row["side"]
    if side not in sides:
        fail("side", side, f"one of {', '.join(sorted(sides))}")
    direction = row["direction"]
    if direction not in ("outbound", "inbound", "all"):
        fail("direction", direction, "outbound, inbound or all")
    elif side == "both" and direction != "all":
        fail("direction", direction, "with side both the direction is all (name a side)")
    mode = row["mode"]
    if mode not in ("road", "rail", "river"):
        fail("mode", mode, "road, rail or river")
    elif crossing in known and known[crossing].mode != mode:
        fail("mode", mode, f"{crossing} is a {known[crossing].mode} crossing")
    start: dt.date | None = None
    end: dt.date | None = None
    try:
        start = _date(row["start"])
    except ValueError as exc:
        fail("start", row["start"], f"an ISO date (2025-11-01): {exc}")
    if row["end"]:
        try:
            end = _date(row["end"])
        except ValueError as exc:
            fail("end", row["end"], f"an ISO date or empty: {exc}")
    if start is not None and end is not None and end < start:
        fail("end", row["end"], f"ends before it starts ({start})")
    kind = row["kind"]
    if kind not in KINDS:
        fail("kind", kind, f"one of {', '.join(KINDS)}")
    raw = row["value"]
    value: float | None = None
    divert = row.get("divert_to") or None
    if kind in BOUNDS:
        lo, hi = BOUNDS[kind]
        try:
            value = float(raw)
        except ValueError:
            fail("value", raw, f"a number for {kind}")
        else:
            if not math.isfinite(value) or not lo <= value <= hi:
                fail("value", raw, f"{kind} from {lo:g} to {hi:g}")
            elif kind == "lanes" and value != int(value):
                fail("value", raw, "lanes are a whole number")
        if kind == "acceptance_cap":
            unit = row["unit"].lower()
            if not any(w in unit for w in ("vehicle", "truck", "train", "wagon", "car")):
                fail("unit", row["unit"], "vehicles/day, trucks/day, trains/day or wagons/day")
    elif kind == "closed":
        target = raw or (divert or "")
        if target and target != "none":
            try:
                target = network.crossing_id(target, mode)
            except ValueError as exc:
                fail("value", raw, f"empty, none or the crossing the traffic goes to: {exc}")
        divert = target or None
    elif kind == "holiday" and raw:
        fail("value", raw, "a holiday has no value")
    if not row["source"]:
        fail("source", "", "every event needs its source")
    if len(problems) > bad or start is None:
        return None
    return Event(
        rid,
        crossing,
        side,
        direction,
        mode,
        start,
        end,
        kind,  # type: ignore[arg-type]
        value,
        row["unit"],
        row["source"],
        divert,
        line,
    )


def read_events(path: Path, network: Network) -> tuple[Event, ...]:
    """The events of a file (module docstring)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"the events file has {size:,} bytes; at most {MAX_BYTES:,} are read",
                file=str(path),
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the events: {exc}", file=str(path)) from None
    return parse_events(text, network, where=str(path))


def merge_events(*groups: tuple[Event, ...]) -> tuple[Event, ...]:
    """Events of several files: a later file's event with an id already seen replaces it, and
    an event stating what another already states is applied once."""
    by_id: dict[str, Event] = {}
    for group in groups:
        for e in group:
            by_id[e.id] = e
    out: dict[tuple[object, ...], Event] = {}
    for e in by_id.values():
        out.setdefault(e.key, e)
    return tuple(out.values())
