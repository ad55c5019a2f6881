"""Periods as explicit start and end dates, parsed from the ways people name them.

Accepted forms (``corridor trade summary --period …``):

- a year: ``2022``
- a month: ``2023-03``
- a month range: ``2023-01..2023-06``
- the first n months of a year: ``2024-9M`` ("the first nine months")
- a half or a quarter: ``2023-H1``, ``2023-Q3``
- explicit dates: ``2022-01-01..2022-12-31``
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from corridor.errors import InputError

#: The years a date may name: trade statistics and plans of this world, and room for the
#: arithmetic on them (a year earlier, a year later) to stay valid.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def within_years(day: date, text: str | None = None) -> date:
    """``day`` if it falls in :data:`FIRST_YEAR`–:data:`LAST_YEAR`, else an InputError."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        shown = text if text is not None else day.isoformat()
        raise InputError(f"date {shown!r}: dates run from {FIRST_YEAR} to {LAST_YEAR}")
    return day


FORMS = "2022, 2023-03, 2023-01..2023-06, 2024-9M, 2023-H1, 2023-Q3, 2022-01-01..2022-12-31"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    """A span of time from ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise InputError(f"period starts after it ends: {self.start} > {self.end}")

    @property
    def label(self) -> str:
        """A short name: ``2022``, ``2023-03``, ``2023-01..2023-06`` or the two dates."""
        s, e = self.start, self.end
        if s.day == 1 and e == _month_end(e.year, e.month):
            if s.year == e.year and s.month == 1 and e.month == 12:
                return f"{s.year}"
            if (s.year, s.month) == (e.year, e.month):
                return f"{s:%Y-%m}"
            return f"{s:%Y-%m}..{e:%Y-%m}"
        return f"{s.isoformat()}..{e.isoformat()}"

    @property
    def whole_months(self) -> bool:
        return self.start.day == 1 and self.end == _month_end(self.end.year, self.end.month)

    @property
    def months(self) -> int:
        """Number of calendar months spanned (whole-month periods)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def year_earlier(self) -> Period:
        """The same span one year earlier (month ends stay month ends: 29 Feb → 28 Feb)."""
        start = _shift(self.start, -1, keep_month_end=False)
        end = _shift(self.end, -1, keep_month_end=self.whole_months)
        return Period(start, end)

    def __str__(self) -> str:
        return self.label


def _shift(day: date, years: int, *, keep_month_end: bool) -> date:
    year = day.year + years
    if keep_month_end:
        return _month_end(year, day.month)
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31))


def parse_period(text: str) -> Period:
    """Parse a period name; an unknown form is an InputError listing the accepted ones."""
    found = _parse_period(text)
    within_years(found.start, text)
    within_years(found.end, text)
    return found


def _parse_period(text: str) -> Period:
    t = text.strip().upper()
    try:
        if m := re.fullmatch(r"(\d{4})", t):
            return year(int(m[1]))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
            y, mo = int(m[1]), int(m[2])
            return Period(date(y, mo, 1), _month_end(y, mo))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})\.\.(\d{4})-(\d{1,2})", t):
            return Period(date(int(m[1]), int(m[2]), 1), _month_end(int(m[3]), int(m[4])))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})M", t):
            n = int(m[2])
            if not 1 <= n <= 12:
                raise ValueError("months must be 1 to 12")
            return Period(date(int(m[1]), 1, 1), _month_end(int(m[1]), n))
        if m := re.fullmatch(r"(\d{4})-([HQ])([1-4])", t):
            y, kind, k = int(m[1]), m[2], int(m[3])
            size = 6 if kind == "H" else 3
            if kind == "H" and k > 2:
                raise ValueError("a year has two halves")
            first = (k - 1) * size + 1
            return Period(date(y, first, 1), _month_end(y, first + size - 1))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", t):
            return Period(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
    except ValueError as exc:
        raise InputError(f"period {text!r}: {exc}") from None
    raise InputError(f"period {text!r} not understood; use one of: {FORMS}")


def _first_day(text: str) -> date:
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1)
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        y, m = text.split("-")
        return date(int(y), int(m), 1)
    return date.fromisoformat(text)


def _last_day(text: str) -> date:
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12, 31)
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        y, m = text.split("-")
        return _month_end(int(y), int(m))
    return date.fromisoformat(text)


SPAN_FORMS = "2020-04..2022-12, 2023-11-24.., ..2023-10, 2021-12, 2024"


def parse_span(text: str) -> tuple[date | None, date | None]:
    """A span that may be open at either end: ``2020-04..2022-12`` (from the first day of April
    2020 to the last of December 2022), ``2023-11-24..`` (from that day on), ``..2023-10`` (up to
    the end of October 2023), or one year, month or day (``2024``, ``2021-12``, ``2023-11-24``).
    """
    t = text.strip()
    try:
        if ".." in t:
            a, _, b = t.partition("..")
            start = _first_day(a.strip()) if a.strip() else None
            end = _last_day(b.strip()) if b.strip() else None
        else:
            start, end = _first_day(t), _last_day(t)
    except ValueError:
        raise InputError(f"span {text!r} not understood; use one of: {SPAN_FORMS}") from None
    for day in (start, end):
        if day is not None:
            within_years(day, text)
    if start is not None and end is not None and start > end:
        raise InputError(f"span {text!r} starts after it ends")
    return start, end


def parse_day(text: str) -> date:
    """A date named as a year (its 1 July), a month (its 15th) or a day: the day a network or a
    scenario is resolved for (``--as-of``)."""
    t = text.strip()
    try:
        if re.fullmatch(r"\d{4}", t):
            day = date(int(t), 7, 1)
        elif re.fullmatch(r"\d{4}-\d{1,2}", t):
            y, m = t.split("-")
            day = date(int(y), int(m), 15)
        else:
            day = date.fromisoformat(t)
    except ValueError:
        raise InputError(f"date {text!r} not understood; use 2022, 2023-03 or 2023-03-14") from None
    return within_years(day, text)
