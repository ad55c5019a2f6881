"""Observations of the border: what was measured or reported at the crossings, one row a figure.

The file (``data/corridor/observations.csv``, or a user's own in the same schema) has the columns
``id,crossing,side,direction,mode,year,measure,value,unit,source``:

* ``crossing``: a crossing id of the network file, or ``*`` (all running crossings of that mode:
  times are averaged weighted by vehicles, counts added);
* ``side``: whose post (one of the network's countries) or ``both`` (the whole crossing);
* ``direction``: ``outbound`` (leaving that side's country), ``inbound`` (entering it) or ``all``;
* ``year``: ``YYYY`` or ``YYYY-MM`` (the period the figure describes);
* ``measure``: ``time_to_cross_h`` (mean time at that side's post of a shipment: queue, service,
  dwell, transload, gauge change), ``vehicles_per_day``, ``trains_per_day``, ``queue_vehicles``,
  ``queue_wagons``, ``tonnes_per_year``; other measures are kept and reported as not simulated;
* ``value``: a number or a range (``150-200``: its midpoint is compared, the range kept);
* ``source``: where it comes from; a figure whose source or unit calls it a capacity, a plan, a
  maximum, a record or a limit is compared with the model's capacity, not with its flow.

Reading is all or nothing: a bad row is an :class:`~corridor.errors.InputError` naming its line
and column.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
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
#: measures the model simulates
SIMULATED = (
    "time_to_cross_h",
    "vehicles_per_day",
    "trains_per_day",
    "queue_vehicles",
    "queue_wagons",
    "tonnes_per_year",
)
#: words that make a figure a capacity, a plan or a limit rather than an observed flow
_LIMIT_WORDS = re.compile(
    r"\b(capacity|capacities|planned|plan|maximum|max|record|allowed|claimed|design|agreed|"
    r"possible|up to|at most|no more than|limited|target)\b",
    re.IGNORECASE,
)
#: national averages are weak evidence about one corridor's posts (they include other borders)
NATIONAL_WEIGHT = 0.25


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

    @property
    def period(self) -> Period:
        return parse_period(self.year)

    @property
    def monthly(self) -> bool:
        return len(self.year) > 4

    @property
    def kind(self) -> str:
        """``capacity`` (a capacity, plan, maximum or limit) or ``actual`` (an observed flow)."""
        text = re.sub(r"https?://\S+", " ", f"{self.unit} {self.source}")
        return "capacity" if _LIMIT_WORDS.search(text) else "actual"

    @property
    def weight(self) -> float:
        """Weight in calibration: a crossing's own figure 1, a national average less."""
        return NATIONAL_WEIGHT if self.crossing == "*" else 1.0

    @property
    def simulated(self) -> bool:
        return self.measure in SIMULATED

    @property
    def day(self) -> date:
        """The day the network is resolved for: mid-month, or 1 July of a year."""
        p = self.period
        return date(p.start.year, p.start.month, 15) if self.monthly else date(p.start.year, 7, 1)


def _value(text: str) -> tuple[float, float, float]:
    t = text.strip().replace(",", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", t)
    if m:
        lo, hi = float(m[1]), float(m[2])
        if lo > hi:
            raise ValueError(f"range {text!r} runs backwards")
        return (lo + hi) / 2, lo, hi
    v = float(t)
    if v != v or v in (float("inf"), float("-inf")) or v < 0:
        raise ValueError(f"{text!r} is not a non-negative number")
    return v, v, v


def read_observations(path: Path, network: Network) -> tuple[Observation, ...]:
    """Every row of the file, validated against ``network`` (module docstring)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the observations: {exc}", file=str(path)) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"the observations need the columns {', '.join(COLUMNS)}; missing: "
            f"{', '.join(missing)}",
            file=str(path),
        )
    crossings = {c.id for c in network.crossings}
    sides = {*network.countries, "both"}
    problems: list[Problem] = []
    out: list[Observation] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        bad = len(problems)

        def fail(column: str, value: str | None, reason: str, line: int = line) -> None:
            problems.append(Problem(line, column, value, reason))

        rid = (row.get("id") or "").strip()
        if not rid:
            fail("id", rid, "every row needs an id")
        elif rid in seen:
            fail("id", rid, "this id is used twice")
        seen.add(rid)
        crossing = (row.get("crossing") or "").strip()
        if crossing != "*" and crossing not in crossings:
            fail("crossing", crossing, "not a crossing of the network file (or *)")
        side = (row.get("side") or "").strip()
        if side not in sides:
            fail("side", side, f"one of {', '.join(sorted(sides))}")
        direction = (row.get("direction") or "").strip()
        if direction not in ("outbound", "inbound", "all"):
            fail("direction", direction, "outbound, inbound or all")
        mode = (row.get("mode") or "").strip()
        if mode not in ("road", "rail", "river"):
            fail("mode", mode, "road, rail or river")
        year = (row.get("year") or "").strip()
        if not re.fullmatch(r"\d{4}(-\d{2})?", year):
            fail("year", year, "YYYY or YYYY-MM")
        else:
            try:
                parse_period(year)
            except InputError as exc:
                fail("year", year, str(exc))
        measure = (row.get("measure") or "").strip()
        if not measure:
            fail("measure", measure, "every row needs a measure")
        raw = row.get("value") or ""
        try:
            value, low, high = _value(raw)
        except ValueError as exc:
            fail("value", raw, str(exc))
            value = low = high = 0.0
        if crossing not in ("*", "") and crossing in crossings:
            c = network.crossing(crossing)
            if mode and c.mode != mode:
                fail("mode", mode, f"{crossing} is a {c.mode} crossing")
        if len(problems) == bad:
            out.append(
                Observation(
                    rid,
                    crossing,
                    side,
                    direction,
                    mode,
                    year,
                    measure,
                    value,
                    low,
                    high,
                    (row.get("unit") or "").strip(),
                    (row.get("source") or "").strip(),
                    line,
                )
            )
    if problems:
        raise InputError(
            f"{len(problems)} problem(s) in the observations; nothing was read",
            file=str(path),
            problems=problems,
        )
    return tuple(out)
