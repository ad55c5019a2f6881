"""Figures that date one another: a comparison or base written beside a figure, a pair "from X
to Y", a parallel list ("9.9 h in 2022 vs 13.6 h in 2021"), a comparative year in brackets."""

from __future__ import annotations

import dataclasses
import itertools
import re

from corridor.claims._claim import (
    Claim,
    Span,
    date_of,
    months_of,
    written_as_pair,
    year_earlier,
    years_later,
)
from corridor.claims._context import COMPARED
from corridor.claims._figures import Mention
from corridor.claims._periods import (
    PeriodMention,
    sentence_part,
)

#: "$11.2 bn (2024: $9.1 bn)": a comparative year in brackets after a figure
YEAR_COLON = re.compile(r"[^()$;.]{0,40}?\s?\(\s?(?:19|20)\d\d\s?:\s?(?:[A-Za-z]{1,3}\s?)?")


def comparative_year(previous: Claim, span: Span) -> Span:
    """ "$11.2 bn in the first ten months (2024: $9.1 bn)": the year in brackets is the same
    months of that year as the figure before it; a whole year stays whole."""
    first, last = date_of(previous.period_start), date_of(previous.period_end)
    months = months_of((first, last))
    if first is None or span[0] is None or months is None or months >= 12:
        return span
    return years_later((first, last), span[0].year - first.year)


VERSUS = re.compile(r"\s(?:vs\.?|versus|against)\s", re.I)


def parallel_period(
    text: str,
    mentions: list[Mention],
    mention: Mention,
    periods: list[PeriodMention],
    part: tuple[int, int],
    s0: int,
) -> Span | None:
    """For "A vs B" in a part without periods, the period of the same place in the previous
    part's "… in P1 vs … in P2" (the same count of periods, set in order)."""
    if part[0] <= s0:
        return None
    mine = [m for m in mentions if part[0] <= m.start and m.end <= part[1]]
    if len(mine) < 2 or not VERSUS.search(text, mine[0].end, mine[-1].start):
        return None
    prev = sentence_part(text, s0, part[0] - 1, part[0] - 2)
    dated = [
        p
        for p in periods
        if prev[0] <= p.start and p.end <= prev[1] and p.kind == "period" and p.period_end
    ]
    if len(dated) != len(mine):
        return None
    p = dated[mine.index(mention)]
    return p.period_start, p.period_end


#: a relative clause a period opens: "compared with 2022, when turnover was …"
#: a figure alone in brackets right after a period: "those of 2022 ($13 bn)"
BRACKETED_AFTER = re.compile(r"\s?\(\s?")


CLOSED = re.compile(r"\s?\)")


def bracketed_apart(
    text: str, p: PeriodMention, mention: Mention, others: tuple[tuple[int, int], ...]
) -> bool:
    """Whether ``p`` is written in brackets that hold another figure and not ``mention``."""
    opened = text.rfind("(", max(0, p.start - 100), p.start)
    if opened < 0 or ")" in text[opened : p.start]:
        return False
    closed = text.find(")", p.end, p.end + 100)
    if closed < 0 or "(" in text[p.end : closed]:
        return False
    if opened <= mention.start and mention.end <= closed:
        return False
    return any(opened < a and b <= closed for a, b in others)


#: how many claims back a comparison may date the first figure of a "from X to Y"
PAIRS_BACK = 40


def date_from_figures(
    claims: list[Claim], text: str, p0: int, s1: int, lead_compared: bool = False
) -> None:
    """ "from X to Y" with one period for both, where the paragraph (or the article's lead)
    compares with a year earlier: X is the year-earlier figure (its period shifted back a
    year)."""
    for i in range(len(claims) - 1):
        a, b = claims[i], claims[i + 1]
        if (a.relation, b.relation) == ("from", "to"):
            earlier = i  # "from X to Y": X is the earlier
        elif b.relation == "versus":
            earlier = i + 1  # "48 thousand tons (versus 41,9)": the second is the earlier
        else:
            continue
        if a.period_end is None or (a.period_start, a.period_end) != (
            b.period_start,
            b.period_end,
        ):
            continue
        bracketed = earlier == i + 1 and "(" in text[a.end : b.start]
        if not (bracketed or lead_compared or COMPARED.search(text, p0, s1)):
            continue  # "(versus 41,9)" sets a figure against the same months a year before
        c = claims[earlier]
        start = year_earlier(date_of(c.period_start))
        end = year_earlier(date_of(c.period_end))
        claims[earlier] = dataclasses.replace(
            c,
            period_start=start.isoformat() if start else None,
            period_end=end.isoformat() if end else None,
        )


LINK = re.compile(r"\W*(?:to|and|versus|vs\.?|against)\W*", re.I)


def belongs_before(
    text: str, p: PeriodMention, mention: Mention, figures: tuple[tuple[int, int], ...]
) -> bool:
    """Whether period ``p``, written before ``mention`` and joined to it only by "to", "and",
    "versus", follows another figure closely (within 12 characters) and so dates that one."""
    if p.end > mention.start or not LINK.fullmatch(text, p.end, mention.start):
        return False
    return any(b <= p.start and p.start - b <= 12 for _, b in figures if b != mention.end)


#: what introduces the base of a change: "up from", "more than", "compared with"
BASE_BEFORE = re.compile(
    r"\b(?:from|than|against|versus|vs\.?|compared (?:with|to))\s(?:the\s|just\s|only\s)?$",
    re.I,
)


def dates_a_base(
    text: str, p: PeriodMention, mention: Mention, figures: tuple[tuple[int, int], ...]
) -> bool:
    """Whether period ``p``, written after ``mention``, follows right after (within 4
    characters) another figure that is a change's base ("up from 150,000 t in April") and so
    dates that one only."""
    if p.start < mention.end:
        return False
    return any(
        mention.end <= a
        and b <= p.start
        and p.start - b <= 4
        and BASE_BEFORE.search(text, max(0, a - 30), a) is not None
        for a, b in figures
    )


def comparison_owner(
    text: str, p: PeriodMention, figures: tuple[tuple[int, int], ...]
) -> int | None:
    """The end of the figure a comparison belongs to: one written right after it ("the same
    period last year ($4.5 billion)"), else one written just before it (within 30 characters:
    "up 24 % compared to the same period last year", not across "while": "$2 bn, while a year
    before …"); None if neither."""
    after = [b for a, b in figures if p.end <= a <= p.end + 3]
    if after:
        return min(after)
    ends = [
        b
        for _, b in figures
        if b <= p.start and p.start - b <= 30 and not CLAUSE_TURN.search(text, b, p.start)
    ]
    return max(ends) if ends else None


#: what turns to another clause: a semicolon, "while", "whereas", "but" (a comparison after a
#: figure, or the clause a base period opens, does not reach across it)
CLAUSE_TURN = re.compile(r";|\b(?:while|whereas|but)\b", re.I)


def present_before_goal(
    claims: list[Claim], text: str, deadlines: frozenset[tuple[str | None, str | None]]
) -> list[Claim]:
    """ "will increase capacity from 28 Mt to 48 Mt", "plans to raise the share from 30 % to
    50 % by 2030": in a pair whose second figure is foreseen or a goal, the first — with no
    time of its own, or only the goal's deadline (``deadlines``) — is the level now: reported,
    of no period."""
    out = list(claims)
    for i, (a, b) in enumerate(itertools.pairwise(claims)):
        if (
            written_as_pair(text, a, b)
            and (a.period_start is None or (a.period_start, a.period_end) in deadlines)
            and b.outlook is not None
            and a.outlook == b.outlook
            and (a.period_start, a.period_end) == (b.period_start, b.period_end)
        ):
            measure = a.measure
            if measure == "target":
                measure = "volume" if a.unit == "t" else "other"
            out[i] = dataclasses.replace(
                a, outlook=None, period_start=None, period_end=None, measure=measure
            )
    return out
