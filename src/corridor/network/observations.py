"""Observations of the border: what was measured or reported at the crossings, one row a figure.

The file (``data/corridor/observations.csv``, or a user's own in the same schema) has the columns
``id,crossing,side,direction,mode,year,measure,value,unit,source`` and, optionally, ``kind``,
``period_start`` and ``period_end``:

* ``crossing``: a crossing id of the network file (or a name, as in events), or ``*`` (all
  running crossings of that mode: times are averaged weighted by vehicles, counts added);
* ``side``: whose post (one of the network's countries) or ``both`` (the whole crossing);
* ``direction``: ``outbound`` (leaving that side's country), ``inbound`` (entering it) or ``all``
  (both directions added);
* ``year`` (``YYYY`` or ``YYYY-MM``) or ``period_start``/``period_end`` (ISO dates, both days
  included): the period the figure describes. Without the period columns a ``YYYY`` is that year
  and a ``YYYY-MM`` that month, except for a count ``…_in_period``, which news reports as the
  year so far: from 1 January to the end of that month;
* ``measure``: ``time_to_cross_h`` (mean time at that side's post of a shipment: queue, service,
  dwell, transload, gauge change); ``queue_vehicles``, ``queue_wagons`` (waiting at that post);
  counts: ``vehicles``, ``trains``, ``wagons`` or ``tonnes`` with ``_in_period`` (over the
  period), ``_per_day`` or ``_per_year`` (its rate); other measures are kept and reported as
  not simulated;
* ``value``: a number or a range (``150-200``: its midpoint is compared, the range kept);
* ``kind``: ``actual`` (an observed flow, time or queue), ``capacity``, ``plan`` or ``limit``;
  without the column it is guessed from the words of ``unit`` and ``source`` (a capacity, a plan,
  a maximum, a record, a limit);
* ``unit`` may narrow a count to a class of vehicle: China Railway Express trains (``CR``),
  laden (``heavy``) trucks, commodity vehicles (new cars driven across).

Reading is all or nothing: a bad row is an :class:`~corridor.errors.InputError` naming its line
and column.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from corridor.errors import InputError, Problem
from corridor.network.model import Network
from corridor.periods import Period, parse_period

COLUMNS = (
    "id",
    "crossing",
    "side",
    "direction",
    "mode",
    "year",
    "measure",
    "value",
    "unit",
    "source",
)
OPTIONAL = ("kind", "period_start", "period_end")
KINDS = ("actual", "capacity", "plan", "limit")
#: what a count counts, and how its period turns into a rate
COUNTED = ("vehicles", "trains", "wagons", "tonnes")
COUNT_FORMS = ("in_period", "per_day", "per_year")
COUNTS = tuple(f"{what}_{form}" for what in COUNTED for form in COUNT_FORMS)
#: measures the model simulates
SIMULATED = ("time_to_cross_h", "queue_vehicles", "queue_wagons", *COUNTS)
#: words that make a figure a capacity, a plan or a limit rather than an observed flow
_LIMIT_WORDS = re.compile(
    r"\b(capacity|capacities|maximum|max|record|allowed|claimed|design|agreed|"
    r"possible|up to|at most|no more than|limited)\b",
    re.IGNORECASE,
)
_PLAN_WORDS = re.compile(r"\b(planned|plan|target|will|expected)\b", re.IGNORECASE)
#: national averages are weak evidence about one corridor's posts (they include other borders)
NATIONAL_WEIGHT = 0.25
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Observation:
    id: str
    crossing: str
    side: str
    direction: str
    mode: str
    year: str
    measure: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    line: int
    kind: str = "actual"
    start: date | None = None  # the period, both days included
    end: date | None = None

    @property
    def period(self) -> Period:
        if self.start is not None and self.end is not None:
            return Period(self.start, self.end)
        return parse_period(self.year)

    @property
    def days(self) -> int:
        p = self.period
        return (p.end - p.start).days + 1

    @property
    def weight(self) -> float:
        """Weight in calibration: a crossing's own figure 1, a national average less."""
        return NATIONAL_WEIGHT if self.crossing == "*" else 1.0

    @property
    def simulated(self) -> bool:
        return self.measure in SIMULATED

    @property
    def is_count(self) -> bool:
        return self.measure in COUNTS

    @property
    def counted(self) -> str:
        """What a count counts: vehicles, trains, wagons or tonnes."""
        return self.measure.split("_", 1)[0]

    @property
    def scope(self) -> str:
        """The class of vehicle a count is about (its unit says): ``transit`` (China Railway
        Express trains), ``laden`` (heavy trucks: loaded and transit), ``commodity`` (vehicles
        driven across as cargo), or ``all``."""
        unit = self.unit.lower()
        if re.search(r"\bcr\b|china[- ]europe|china railway express", unit):
            return "transit"
        if re.search(r"\bcommodity\b|\bnew cars?\b|商品车", unit):
            return "commodity"
        if re.search(r"\bheavy\b|\bladen\b|重车", unit):
            return "laden"
        return "all"

    @property
    def day(self) -> date:
        """The day the network is resolved for: the period's middle."""
        p = self.period
        return p.start + timedelta(days=(p.end - p.start).days // 2)


def _value(text: str) -> tuple[float, float, float]:
    t = text.strip().replace(",", "")
    if len(t) > 40:
        raise ValueError("a number or a range of two")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", t)
    if m:
        lo, hi = float(m[1]), float(m[2])
        if lo > hi:
            raise ValueError(f"range {text!r} runs backwards")
        return (lo + hi) / 2, lo, hi
    v = float(t)
    if v != v or v in (float("inf"), float("-inf")) or v < 0 or v > 1e12:
        raise ValueError(f"{text!r} is not a non-negative number below 10^12")
    return v, v, v


def guess_kind(unit: str, source: str) -> str:
    """A row's kind from its words, where the file has no ``kind`` column."""
    text = re.sub(r"https?://\S+", " ", f"{unit} {source}")
    if _LIMIT_WORDS.search(text):
        return "capacity"
    if _PLAN_WORDS.search(text):
        return "plan"
    return "actual"


def _default_period(year: str, measure: str) -> tuple[date, date]:
    y = int(year[:4])
    if len(year) == 4:
        return date(y, 1, 1), date(y, 12, 31)
    m = int(year[5:7])
    last = date(y, m, calendar.monthrange(y, m)[1])
    if measure.endswith("_in_period"):
        return date(y, 1, 1), last  # the year so far, as news reports a running count
    return date(y, m, 1), last


def read_observations(path: Path, network: Network) -> tuple[Observation, ...]:
    """Every row of the file, validated against ``network`` (module docstring)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"at most {MAX_BYTES:,} bytes are read", file=str(path))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the observations: {exc}", file=str(path)) from None
    return parse_observations(text, network, where=str(path))


def parse_observations(text: str, network: Network, *, where: str) -> tuple[Observation, ...]:
    """The rows of an observations text (module docstring)."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        fields = reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(f"not a CSV file: {exc}", file=where) from None
    missing = [c for c in COLUMNS if c not in fields]
    if missing:
        raise InputError(
            f"the observations need the columns {', '.join(COLUMNS)}; missing: "
            f"{', '.join(missing)}",
            file=where,
        )
    crossings = {c.id for c in network.crossings}
    sides = {*network.countries, "both"}
    problems: list[Problem] = []
    out: list[Observation] = []
    seen: set[str] = set()
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            obs = _row({k: (v or "") for k, v in row.items() if isinstance(k, str)}, line,
                       network, crossings, sides, seen, problems)  # fmt: skip
            if obs is not None:
                out.append(obs)
    except csv.Error as exc:
        problems.append(Problem(line, None, None, f"unreadable CSV: {exc}"))
    if problems:
        raise InputError(
            f"{len(problems)} problem(s) in the observations; nothing was read",
            file=where,
            problems=problems,
        )
    return tuple(out)


def _row(
    row: dict[str, str],
    line: int,
    network: Network,
    crossings: set[str],
    sides: set[str],
    seen: set[str],
    problems: list[Problem],
) -> Observation | None:
    bad = len(problems)

    def fail(column: str, value: str | None, reason: str) -> None:
        problems.append(Problem(line, column, value, reason))

    def cell(name: str) -> str:
        return row.get(name, "").strip()

    rid = cell("id")
    if not rid:
        fail("id", rid, "every row needs an id")
    elif rid in seen:
        fail("id", rid, "this id is used twice")
    seen.add(rid)
    crossing = cell("crossing")
    if crossing != "*":
        try:
            crossing = network.crossing_id(crossing, cell("mode"))
        except ValueError as exc:
            fail("crossing", crossing, str(exc))
    side = cell("side")
    if side not in sides:
        fail("side", side, f"one of {', '.join(sorted(sides))}")
    direction = cell("direction")
    if direction not in ("outbound", "inbound", "all"):
        fail("direction", direction, "outbound, inbound or all")
    mode = cell("mode")
    if mode not in ("road", "rail", "river"):
        fail("mode", mode, "road, rail or river")
    measure = cell("measure")
    if not measure:
        fail("measure", measure, "every row needs a measure")
    year = cell("year")
    start = end = None
    ps, pe = cell("period_start"), cell("period_end")
    if ps or pe:
        try:
            start, end = date.fromisoformat(ps), date.fromisoformat(pe)
        except ValueError:
            fail("period_start", f"{ps}..{pe}", "ISO dates (2024-01-01), both or neither")
        else:
            if end < start:
                fail("period_end", pe, f"ends before it starts ({ps})")
            elif not 1900 <= start.year <= 2200 or not 1900 <= end.year <= 2200:
                fail("period_start", ps, "a date from 1900 to 2200")
    if not year and start is not None:
        year = f"{start.year}"
    if not re.fullmatch(r"\d{4}(-\d{2})?", year):
        fail("year", year, "YYYY or YYYY-MM (or give period_start and period_end)")
    else:
        try:
            parse_period(year)
        except InputError as exc:
            fail("year", year, str(exc))
        else:
            if start is None and not problems[bad:]:
                start, end = _default_period(year, measure)
    raw = cell("value")
    try:
        value, low, high = _value(raw)
    except ValueError as exc:
        fail("value", raw, str(exc))
        value = low = high = 0.0
    if crossing not in ("*", "") and crossing in crossings:
        c = network.crossing(crossing)
        if mode and c.mode != mode:
            fail("mode", mode, f"{crossing} is a {c.mode} crossing")
    unit, source = cell("unit"), cell("source")
    kind = cell("kind").lower() or guess_kind(unit, source)
    if kind not in KINDS:
        fail("kind", kind, f"one of {', '.join(KINDS)}")
    if len(problems) > bad:
        return None
    return Observation(
        rid, crossing, side, direction, mode, year, measure, value, low, high, unit, source,
        line, kind, start, end,
    )  # fmt: skip
