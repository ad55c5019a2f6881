"""What a sentence is read against: the period the headline and the lead set, the one a
paragraph set, and whether a sentence steps aside from it ("in November alone")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from corridor.claims._claim import Claim, Span, date_of, months_of
from corridor.claims._periods import (
    SAME,
    PeriodMention,
)

#: the words a paragraph needs to be the lead; shorter ones before it are the headline, kickers,
#: section labels and datelines ("Central Asia", "11 October 2023")
LEAD_WORDS = 12


class Lead:
    """The period the headline and the lead set for the whole article. Before the lead (the
    first paragraph of :data:`LEAD_WORDS` words or more) the most specific period of the short
    paragraphs holds ("9M" over a dateline's year); the lead's first period, once read,
    replaces it ("in the first 10 months of 2025" over a headline's "2025") unless it ends
    before the headline's begins ("from $60 m in 2023 to …" under "… in 2025"). A day is a
    dateline, never the article's period. ``compared``: the lead measures against a year
    earlier ("compared with the same period in 2024"), which dates the first figure of each
    "from X to Y" that follows."""

    def __init__(self) -> None:
        self.period: Span | None = None
        self.compared = False
        self.in_body = False
        self._lead_paragraph = False
        self._set_by_lead = False
        self.just_set = False  # the sentence just read set the lead's period

    def paragraph(self, line: str) -> None:
        body = len(line.split()) >= LEAD_WORDS
        self._lead_paragraph = body and not self.in_body
        self.in_body = self.in_body or body

    def sentence(self, here: Span | None, sentence: str, periods: list[PeriodMention]) -> None:
        self.just_set = False
        if here is None or here[0] == here[1] or self._set_by_lead:
            return
        if self._lead_paragraph:
            if (
                self.period is not None
                and self.period[0] is not None
                and here[1] is not None
                and here[1] < self.period[0]
            ):
                # the lead starts from years before the headline's ("from $60 m in 2023 to …"
                # under "… in 2025"): the headline's period stands
                self._set_by_lead = True
                return
            self.period, self._set_by_lead, self.just_set = here, True, True
            self.compared = bool(COMPARED.search(sentence)) or any(
                p.kind in ("base", "comparison") for p in periods
            )
        elif not self.in_body and (self.period is None or shorter(here, self.period)):
            self.period = here


#: words that fix a period's year: "2023", "2022/23", "this year", "last season"
YEAR_FIXED = re.compile(
    r"(?:19|20)\d\d|\b\d\d['’/-]?\d\d\b|\d[HQ]\d\d|\b(?:this|last|current|previous|past|next)\b",
    re.I,
)


def headline_from_lead(
    claims: list[Claim], lead: Span, text: str, periods: list[PeriodMention]
) -> list[Claim]:
    """ "Grain exports up 70 % in 11 months" over a lead of "September-July of the 2022/23
    marketing year": a headline's part of a year whose year is not written is the lead's
    period of as many months."""
    words = next(
        (text[p.start : p.end] for p in periods if (p.period_start, p.period_end) == lead), None
    )
    out = []
    for c in claims:
        span = date_of(c.period_start), date_of(c.period_end)
        if (
            span[0] is not None
            and span != lead
            and months_of(span) == months_of(lead)
            and c.dated_by is not None
            and not YEAR_FIXED.search(c.dated_by)
        ):
            c = dataclasses.replace(
                c,
                period_start=lead[0].isoformat() if lead[0] else None,
                period_end=lead[1].isoformat() if lead[1] else None,
                dated_by=words or c.dated_by,
            )
        out.append(c)
    return out


def moved_on(lead: Span | None, last: Span | None, anchor: dt.date | None) -> Span | None:
    """What a paragraph without a period of its own speaks of: the lead's period, unless the
    text has since moved on to a later period that has ended ("In the 2018/19 season …" in the
    lead, then "in the first six months of the current season …"): then that one. A detail
    inside the lead's period (its last month) or an earlier year does not hold."""
    if (
        lead is None
        or last is None
        or None in (lead[1], last[0], last[1])
        or not last[0] > lead[1]  # type: ignore[operator]
        or (anchor is not None and last[1] > anchor)  # type: ignore[operator]
    ):
        return lead
    return last


def referent(p: PeriodMention, history: list[Span], lead: Span | None) -> Span | None:
    """What "during the three months" refers to: the latest period the text set that lasts
    three months (the lead's if none); None for an anaphor without a length."""
    if p.months is None:
        return None
    for span in [*reversed(history), *([lead] if lead else [])]:
        if months_of(span) == p.months:
            return span
    return None


def shorter(a: Span, b: Span) -> bool:
    if None in (a[0], a[1], b[0], b[1]):
        return False
    return (a[1] - a[0]) < (b[1] - b[0])  # type: ignore[operator]


LIST_ITEM = re.compile(r"\s*(?:[-–•*]|\d{1,2}[.)])\s")


def main_period(periods: list[PeriodMention]) -> Span | None:
    """The period a sentence sets for what follows: its first dated one."""
    for p in periods:
        if p.kind == "period" and p.period_end is not None:
            return p.period_start, p.period_end
    return None


ALONE = re.compile(r",?\s(?:alone|by itself)\b", re.I)


#: a sentence that opens by referring back to the one before: "This included …", "Of these, …"
BACK_REFERENCE = re.compile(
    r"\s*(?:this|these|that|those|it|they|of (?:this|these|that|them|which)|including|"
    r"among them|the rest|the remainder)\b",
    re.I,
)


def aside(text: str, periods: list[PeriodMention]) -> bool:
    """Whether the sentence's period is an aside within the one the text speaks of ("Over 1.4
    Mt were shipped in November alone"): it dates the sentence, not the sentences after it."""
    first = next((p for p in periods if p.kind == "period" and p.period_end is not None), None)
    if first is None:
        return False
    # "in November alone", "November imports alone"
    near = ALONE.search(text, first.start, first.end + 25)
    return near is not None and not re.search(r"[.;:]", text[first.end : near.start()])


COMPARED = re.compile(
    rf"\b(?:{SAME} (?:period|months|time)|year[- ]on[- ]year|"
    r"a year (?:earlier|before|ago)|"
    r"compared|previous year|prior year|last year)\b",
    re.I,
)


def restated_in_body(claims: list[Claim], headline_end: int) -> list[Claim]:
    """ "Kazakhstan-China trade: 41 billion dollars" over "… last year, trade reached 41 billion
    dollars": a headline's figure with no period of its own is the body's figure of the same
    value and unit, of its period."""
    out = list(claims)
    for i, c in enumerate(claims[:headline_end]):
        if c.period_end is not None or c.outlook is not None:
            continue
        same = next(
            (
                b
                for b in claims[headline_end:]
                if b.value == c.value and b.unit == c.unit and b.period_end is not None
            ),
            None,
        )
        if same is not None:
            out[i] = dataclasses.replace(
                c,
                period_start=same.period_start,
                period_end=same.period_end,
                dated_by=same.dated_by,
                dated_at=same.dated_at,
            )
    return out
