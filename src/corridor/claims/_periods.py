"""Period expressions in a sentence, anchored to the article's date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from corridor.claims._vocabulary import Vocabulary, alternation

_COUNT_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "half": 6,
    "quarter": 3,
}


@dataclass(frozen=True)
class PeriodMention:
    """A period written in the text: its span and dates (start may be None for "by 2030")."""

    start: int
    end: int
    period_start: dt.date | None
    period_end: dt.date | None
    kind: str  # "period", "deadline" or "comparison" (the same period a year earlier)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_for(end_month: int, anchor: dt.date | None) -> int | None:
    """A month range without a year belongs to the anchor's year unless it has not ended yet."""
    if anchor is None:
        return None
    return anchor.year if end_month <= anchor.month else anchor.year - 1


class PeriodFinder:
    """Finds period expressions; compiled once per vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        months = alternation(vocab.months)
        counts = alternation(_COUNT_WORDS)
        self.months = vocab.months
        year = r"(?P<y>(?:19|20)\d\d)"
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            (
                "comparison",
                re.compile(
                    r"\b(?:over |from |compared (?:with|to) )?(?:the )?same period (?:of )?"
                    r"(?:last|the previous|a) year(?: earlier)?|\ba year earlier\b",
                    re.I,
                ),
            ),
            (
                "first",
                re.compile(
                    rf"\b(?:the )?first (?:(?P<n>\d+|{counts}) months?|(?P<part>half|quarter))"
                    rf"(?: of {year})?",
                    re.I,
                ),
            ),
            (
                "months",
                re.compile(
                    rf"\b(?P<m1>{months})\.?\s?(?:-|–|—|to|through)\s?(?P<m2>{months})\b\.?"
                    rf"(?:,?\s{year})?",
                    re.I,
                ),
            ),
            (
                "day",
                re.compile(
                    rf"\b(?P<d>\d{{1,2}})\s(?P<m1>{months})\.?,?\s{year}\b"
                    rf"|\b(?P<m1b>{months})\.?\s(?P<db>\d{{1,2}}),\s(?P<yb>(?:19|20)\d\d)\b",
                    re.I,
                ),
            ),
            (
                "months_of",
                re.compile(rf"\b(?P<n>\d+|{counts}) months of {year}\b", re.I),
            ),
            ("month", re.compile(rf"\b(?P<m1>{months})\s{year}\b", re.I)),
            ("half", re.compile(rf"\b(?P<part>[HQ][1-4])\s?{year}\b")),
            ("since", re.compile(rf"\bsince (?:(?:launch|opening|its launch) in )?{year}\b", re.I)),
            ("by", re.compile(rf"\b(?:by|until|till) (?:the end of )?{year}\b", re.I)),
            (
                "past",
                re.compile(
                    rf"\b(?:over|in|during) the (?:past|last) (?P<n>\d+|{counts}) years\b", re.I
                ),
            ),
            ("relative", re.compile(r"\b(?P<rel>last|this|next|previous|past) year\b", re.I)),
            ("year", re.compile(rf"(?<![\d.,$-]){year}(?![\d%-]|\s?(?:per|bn|billion|million))")),
        ]

    def find(self, sentence: str, offset: int, anchor: dt.date | None) -> list[PeriodMention]:
        """Every period in ``sentence`` (whose first character is at ``offset``), no overlaps."""
        found: list[PeriodMention] = []
        taken: list[tuple[int, int]] = []
        for kind, pattern in self.patterns:
            for m in pattern.finditer(sentence):
                s, e = m.start(), m.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                mention = self._dates(kind, m, anchor)
                if mention is None:
                    continue
                ps, pe, k = mention
                taken.append((s, e))
                found.append(PeriodMention(offset + s, offset + e, ps, pe, k))
        return sorted(found, key=lambda p: p.start)

    def _dates(
        self, kind: str, m: re.Match[str], anchor: dt.date | None
    ) -> tuple[dt.date | None, dt.date | None, str] | None:
        g = m.groupdict()
        explicit = int(g["y"]) if g.get("y") else None
        if kind == "comparison":
            return None, None, "comparison"  # dates come from the sentence's main period
        if kind == "day":
            year_of_day = int(g["y"] or g["yb"])
            month = self.months[(g["m1"] or g["m1b"]).lower()]
            try:
                day = dt.date(year_of_day, month, int(g["d"] or g["db"]))
            except ValueError:
                return None
            return day, day, "period"
        if kind == "months_of":
            n = int(g["n"]) if g["n"].isdigit() else _COUNT_WORDS[g["n"].lower()]
            if not 1 <= n <= 12:
                return None
            return dt.date(explicit or 1, 1, 1), _month_end(explicit or 1, n), "period"
        if kind == "half":
            part = g["part"]
            if part[0] == "H" and part[1] in "12":
                first = 1 if part[1] == "1" else 7
                return dt.date(int(g["y"]), first, 1), _month_end(int(g["y"]), first + 5), "period"
            if part[0] == "Q":
                first = 3 * (int(part[1]) - 1) + 1
                return dt.date(int(g["y"]), first, 1), _month_end(int(g["y"]), first + 2), "period"
            return None
        if kind == "since":
            return dt.date(int(g["y"]), 1, 1), anchor, "period"
        if kind == "first":
            n = (
                {"half": 6, "quarter": 3}[g["part"].lower()]
                if g.get("part")
                else int(g["n"])
                if g["n"].isdigit()
                else _COUNT_WORDS[g["n"].lower()]
            )
            if not 1 <= n <= 12:
                return None
            y = explicit or _year_for(n, anchor)
            return (
                (None, None, "period")
                if y is None
                else (dt.date(y, 1, 1), _month_end(y, n), "period")
            )
        if kind in ("months", "month"):
            m1 = self.months[g["m1"].lower()]
            m2 = self.months[g["m2"].lower()] if g.get("m2") else m1
            if m2 < m1:
                return None
            y = explicit or _year_for(m2, anchor)
            if y is None:
                return None, None, "period"
            return dt.date(y, m1, 1), _month_end(y, m2), "period"
        if kind == "by":
            return None, dt.date(int(g["y"]), 12, 31), "deadline"
        if kind == "past":
            if anchor is None:
                return None, None, "period"
            n = int(g["n"]) if g["n"].isdigit() else _COUNT_WORDS[g["n"].lower()]
            try:
                start = anchor.replace(year=anchor.year - n)
            except ValueError:  # 29 February
                start = anchor.replace(year=anchor.year - n, day=28)
            return start, anchor, "period"
        if kind == "relative":
            if anchor is None:
                return None, None, "period"
            shift = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}
            y = anchor.year + shift[g["rel"].lower()]
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
        y = int(g["y"])
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
