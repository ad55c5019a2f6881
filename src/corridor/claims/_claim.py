"""A quantitative claim, and the spans of dates claims are dated with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from corridor.claims._periods import shift_years


@dataclass(frozen=True)
class Claim:
    """One quantitative claim (the JSON of ``corridor claims extract``)."""

    doc: str
    start: int
    end: int
    text: str
    value: float
    value_max: float | None
    unit: str
    measure: str
    period_start: str | None
    period_end: str | None
    subjects: tuple[str, ...]
    qualifier: str | None
    relation: str | None  # "range"; "from" and "to" (the two figures of "from X to Y");
    # "versus" (a bare number set against the figure before it); None
    equivalent_of: int | None  # index of the claim this one restates in another currency
    outlook: str | None = None  # "target" (a goal, plan, agreed volume), "forecast", None
    dated_by: str | None = None  # the words that set the period ("in the first half of 2025");
    # "a year before …" where the period is those words' months a year earlier; None when
    # the claim has no period or its period was worked out otherwise (the article's date)
    dated_at: int | None = None  # where those words start (in the claim's sentence or before)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


Span = tuple[dt.date | None, dt.date | None]


def years_later(span: Span, years: int) -> tuple[dt.date | None, dt.date | None]:
    """A span moved by whole years (a month end stays a month end: February 28 ↔ 29)."""

    start, end = span
    return (
        None if start is None else shift_years(start, years),
        None if end is None else shift_years(end, years),
    )


def year_earlier(day: dt.date | None) -> dt.date | None:
    """The same day a year earlier (28 February for a 29th)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def date_of(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def months_of(span: Span) -> int | None:
    """How many whole calendar months a span covers (None if it is not whole months)."""
    a, b = span
    if a is None or b is None or a.day != 1 or (b + dt.timedelta(days=1)).day != 1:
        return None
    return (b.year - a.year) * 12 + b.month - a.month + 1


_FROM_WORD = re.compile(r"\bfrom\b", re.I)
_TO_WORD = re.compile(r"\bto\b", re.I)


def written_as_pair(text: str, a: Claim, b: Claim) -> bool:
    """Whether two claims, one after the other, are written as a pair "from X … to Y" (read so
    by the figure reader, or of one unit with "from" just before X and "to" between)."""
    return (a.relation, b.relation) == ("from", "to") or (
        a.unit == b.unit
        and _FROM_WORD.search(text, max(0, a.start - 30), a.start) is not None
        and _TO_WORD.search(text, a.end, b.start) is not None
    )
