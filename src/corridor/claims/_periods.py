"""Period expressions in a sentence, anchored to the article's date."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass, replace

from corridor.claims._verbs import CHANGED, FLOWED, LEVEL, PERFECT, WAS, words
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
    """A period written in the text: its span and dates ("by 2030" is the year 2030)."""

    start: int
    end: int
    period_start: dt.date | None
    period_end: dt.date | None
    kind: str
    #: for an anaphor that names its length ("during the three months"), that many months; for
    #: a comparison that names how far back it is ("two years earlier"), that many months back
    months: int | None = None
    # "period"; "deadline" ("by 2030"); "from" (a start date: "from 1 July 2025"); "comparison"
    # (the same period a year earlier: dates from the sentence's main period); "base" (the period
    # a change is measured against: "up 20 % on 2022", "than last year"); "anaphor" ("over that
    # period": the period the text set before)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


#: the words that make a period the same months of another year: "the same period",
#: "the corresponding months", "the similar period of last year"
SAME = r"(?:same|corresponding|like|similar|comparable)"

_BASE_WORD = re.compile(
    r"(?:\b(?P<w>on|over|than|from|against|versus|vs\.?|compared (?:with|to)|above|below|"
    r"exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|"
    rf"(?:the\s)?{SAME} (?:period|months|time) (?:of|in))"
    # "6 % above that of 2023": the base is the figure of that period
    r"\s(?:(?:that|those|the level|the figure) (?:of|in|for)\s)?"
    r"(?:(?:in|for|during)\s)?(?:the\s)?)$",
    re.I,
)
_CHANGE_WORD = re.compile(
    r"%|\bper ?cent\b|\b(?:up|down|rose|risen|grew|grown|fell|fallen|increased?|decreased?|"
    r"higher|lower|more|less|jumped|surged|soared|climbed|dropped|declined?|growth|times|"
    r"doubled|tripled|trebled|quadrupled|halved|\w+-fold)\b",
    re.I,
)
#: a range of times after a year ("from 2022 to 2024", "to March 2024"), not an amount
#: ("from 2013 to CNY674.1 billion")
_RANGE_AFTER = re.compile(
    r"\s?(?:to|until|till|through|-|–|—)\s?(?:the end of\s)?"
    r"(?:(?:19|20)\d\d\b|\d{1,2}\s[A-Za-z]|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.I,
)


_SEASON_WORDS = r"(?:season|marketing year|crop year|agricultural year|MY)"
#: a season's months defined in brackets after it: "marketing year 2023/24 (July-June"
_SEASON_BRACKET = re.compile(
    rf"{_SEASON_WORDS}\s?(?:(?:19|20)\d\d\s?[/–-]\s?(?:19|20)?\d\d\s?)?\(\s?$", re.I
)
#: the first year of a season written with its years: "2024/25", "2023-2024"
_SEASON_YEARS = re.compile(r"\b((?:19|20)\d\d)\s?[/–-]\s?(?:19|20)?\d\d\b")
#: kinds of period that are spans of years: "over 2013-2023" is the span a rate is over, not a
#: base ("growth over 2022")
_SPANS = ("year_span", "year_pair", "past", "next", "five_year_plan")
#: kinds of several months: "rose 5 % over the first half of 2024" is during them, not against
_MONTHS_SPANS = (
    "first",
    "months_of",
    "months",
    "past_months",
    "part",
    "half",
    "quarters",
    "day_span",
)


_SAID_ON = re.compile(rf"\bon (?P<wd>{'|'.join(_WEEKDAYS)})\b", re.I)


def _last_weekday(name: str, anchor: dt.date) -> dt.date:
    """The last day named ``name`` ("Tuesday") not after ``anchor``."""
    return anchor - dt.timedelta(days=(anchor.weekday() - _WEEKDAYS.index(name.lower())) % 7)


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
#: "On October 12, the ministry said …", "… said on 12 October"
_SAID_ON_DAY = re.compile(
    rf"(?:^\s*|\b(?:said|reported|announced|stated|noted)\s)on\s"
    rf"(?:(?P<m>{'|'.join(_MONTH_NAMES)})\.?\s(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s"
    rf"(?P<m2>{'|'.join(_MONTH_NAMES)}))\b(?!,?\s(?:19|20)\d\d)",
    re.I,
)


def statement_day(sentence: str, anchor: dt.date | None) -> dt.date | None:
    """The day a sentence reports something on: the day it names (:func:`day_named`), else
    the article's date."""
    named = day_named(sentence, anchor)
    return anchor if named is None else named[0]


def day_named(sentence: str, anchor: dt.date | None) -> tuple[dt.date, tuple[int, int]] | None:
    """The day a sentence names as when it speaks, and where: a weekday ("said on Monday":
    the last such day not after the article's date) or a day ("On October 12, …": the last such
    day not after it); None if it names none."""
    if anchor is None:
        return None
    m = _SAID_ON.search(sentence)
    if m is not None:
        return _last_weekday(m["wd"], anchor), m.span("wd")
    d = _SAID_ON_DAY.search(sentence)
    if d is None:
        return None
    month = _MONTH_NAMES.index((d["m"] or d["m2"]).lower()) + 1
    for year in (anchor.year, anchor.year - 1):
        try:
            day = dt.date(year, month, int(d["d"] or d["d2"]))
        except ValueError:
            return None
        if day <= anchor:
            return day, (d.start("m") if d["m"] else d.start("d2"), d.end())
    return None


def possessive(text: str, end: int) -> bool:
    """Whether the words ending at ``end`` are a possessive ("2022's $37.5 bn"): the period
    they name dates the figure after them only."""
    return text[end : end + 2] in ("'s", "’s")


def _is_base(sentence: str, s: int, e: int, *, span: bool = False, months: bool = False) -> bool:
    """Whether the period at ``sentence[s:e]`` is what a change is measured against: preceded by
    "than", "compared with", "against", "versus"; or by "on", "over", "from" after a change word
    ("up 20 % on 2022", "from last year"), and not the start of a range ("from 2022 to 2024"),
    nor, after "on" or "over", a ``span`` of years ("growth over 2013-2023"), nor, after
    "over", a span of ``months`` ("rose 5 % over the first half of 2024")."""
    if possessive(sentence, e):
        return False  # "from 2023's $41.2 bn": the year is that figure's, not a base
    m = _BASE_WORD.search(sentence[max(0, s - 28) : s])
    if m is None:
        return False
    word = m["w"].lower()
    if (span and word in ("on", "over")) or (months and word == "over"):
        return False
    if word in ("on", "over", "from"):
        if _RANGE_AFTER.match(sentence, e):
            return False
        before = sentence[max(0, s - len(m.group()) - 45) : s - len(m.group())]
        return bool(_CHANGE_WORD.search(before))
    return True


#: a superlative a "since <year>" measures a record against
#: a one-off event before its date: "to be completed in", "was commissioned in"
_EVENT = re.compile(
    r"\b(?:completed|commissioned|launched|inaugurated|put into (?:operation|service)|"
    r"opened|founded|established|signed)\s(?:in|on|by)\s(?:late\s|early\s|mid-)?\Z",
    re.I,
)
_RECORD = re.compile(
    r"\b(?:highest|lowest|largest|biggest|smallest|strongest|weakest|best|worst|fastest|most|"
    r"least|greatest|slowest|record|first time)\b[^.;,()]{0,25}$",
    re.I,
)

_FORECAST = re.compile(
    r"\b(?:forecast(?:s|ed|ing)?|estimate[sd]?|estimating|projections?|outlook|review)\b", re.I
)


def _earlier_estimate(sentence: str, s: int) -> bool:
    """Whether the month at ``sentence[s:]`` dates an earlier forecast rather than a figure, in a
    sentence about a forecast: "(15 mln t in September)", "down from 1.5 million tonnes in
    October" (the figure is for the period the forecast is of)."""
    if not _FORECAST.search(sentence):
        return False
    before = sentence[:s]
    in_parens = before.rfind("(") > before.rfind(")")
    return in_parens or bool(re.search(r"\bfrom\s(?:[^,;()]|,(?=\d)){0,40}$", before))


#: a sentence about what is still to come ("full-year trade is expected to …")
_AHEAD = re.compile(
    r"\b(?:expect(?:s|ed)?|forecasts?|project(?:s|ed)?|will|could|may|might|likely|aims?|"
    r"plans?|target(?:s|ed)?|should|estimated)\b",
    re.I,
)


#: an annual crop: "this year" of it is the whole year
_CROP = re.compile(r"\b(?:harvest\w*|crops?|yields?)\b", re.I)

#: a sentence that reports what has happened ("trade grew 21 % this year")
_DONE = re.compile(rf"\b(?:{words(LEVEL, CHANGED, FLOWED, WAS, PERFECT)})\b", re.I)
#: a month that bounds a season's definition: "which ends in August", "starting in July"
_BOUNDARY = re.compile(
    r"\b(?:ends?|ending|ended|starts?|started|starting|begins?|began|beginning|runs?)\s$", re.I
)


#: what is counted on a day rather than over a span ("as of July 1, reserves totalled …")
#: a state reached by a day gone by: "had been built", "has reached"
_PERFECT_DONE = re.compile(r"\b(?:had|has|have)\s(?:been\s)?[a-z]+(?:ed|en|lt|ng)\b", re.I)
#: words after a period that cut it at the article's date
_TO_DATE = re.compile(r",?\s(?:to date|so far|thus far)\b", re.I)

#: "at the end of (MY) …" right before a season
_END_OF_BEFORE = re.compile(
    r"\b(?:at|as (?:of|at)) (?:the )?end(?:-|\sof\s)(?:the\s)?"
    r"(?:(?:MY|marketing year|season|crop year)\s)?$",
    re.I,
)
_STOCK = re.compile(
    r"\b(?:reserves?|stocks?|stockpiles?|inventor(?:y|ies)|carry-?over|balances?|deposits?|"
    r"debts?|holdings?|capacity|fleet|population|prices?|rates?|harvest(?:ed|ing)?|complete|"
    # a total since something began, counted on the day ("the cumulative volume as of May 1")
    r"cumulative(?:ly)?|accumulated|registered|operating|in operation|"
    # vehicles waiting on a day: "1,100 trucks were queuing at the border"
    r"queu\w*|waiting|stuck)\b",
    re.I,
)

#: the first month of a marketing year or season written "2023-24" (Kazakhstan's grain and
#: oilseed statistics: September to August)
SEASON_START = 9
#: words that make "2023-24" a season rather than two calendar years
SEASONAL = re.compile(
    r"\b(?:MY|marketing|season|harvest|crop|wheat|grain|flax|flaxseed|barley|oilseeds?)\b", re.I
)


def _year_of_day(month: int, day: int, anchor: dt.date | None) -> int | None:
    """A day written without its year belongs to the anchor's year unless it is still to come
    (then to the year before): the last such day not after the anchor."""
    if anchor is None:
        return None
    return anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1


def _year_for(end_month: int, anchor: dt.date | None) -> int | None:
    """A month range without a year belongs to the anchor's year unless it has not ended yet."""
    if anchor is None:
        return None
    return anchor.year if end_month <= anchor.month else anchor.year - 1


def first_months(n: int | None, anchor: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """A year's first ``n`` months with no year written: the last such run the anchor allows
    ("the half-year", "over the 10 months")."""
    y = _year_for(n, anchor) if n is not None and 1 <= n <= 12 else None
    if y is None or n is None:
        return None
    return dt.date(y, 1, 1), _month_end(y, n)


def _same_months_in(
    p: PeriodMention, found: list[PeriodMention], sentence: str, offset: int
) -> PeriodMention:
    """ "the same period in 2024" after "the first five months of 2023" in one sentence: the
    same months in the year named — the base of a change when introduced as one ("compared
    with the same period in 2024"), else a figure's own period ("… to 254,200 tons during the
    same period in 2024")."""
    if p.kind != "comparison" or p.period_start is None:
        return p
    earlier = [
        q
        for q in found
        if q.kind in ("period", "base")
        and q.end <= p.start
        and q.period_start is not None
        and q.period_end is not None
        and q.period_start != q.period_end
    ]
    if not earlier:
        return p
    main = earlier[-1]
    assert main.period_start is not None and main.period_end is not None
    years = p.period_start.year - main.period_start.year  # a season is named by its first year
    start, end = shift_years(main.period_start, years), shift_years(main.period_end, years)
    text = sentence[p.start - offset : p.end - offset].lower()
    base = text.startswith(("over ", "from ", "compared")) or _is_base(
        sentence, p.start - offset, p.end - offset
    )
    return PeriodMention(p.start, p.end, start, end, "base" if base else "period")


#: "the same period of 2022" (the months of a period set before, in another year)
_SAME_PERIOD_WORDS = re.compile(rf"(?:the )?{SAME} (?:period|months|time)\b", re.I)
#: what joins "in the same period of 2022, 240,000 TEU" to "and in 2021, 210,000 TEU"
_AND_IN = re.compile(r"[^.;:]{0,80}\band (?:in |for )?\Z", re.I)
#: … and "the first half of 2024 and 2023", "January-May 2023 and 2022"
_AND_YEAR = re.compile(r"\s(?:and|vs\.?|versus)\s(?:in\s)?", re.I)
_AS_A_WHOLE = re.compile(r"\s(?:as a whole|in full|overall)\b", re.I)


def _elided_same_period(
    found: list[PeriodMention], sentence: str, offset: int
) -> list[PeriodMention]:
    """ "In the same period of 2022, 240,000 TEU, and in 2021, 210,000 TEU": a year joined by
    "and" to the same months of another year is those months of it, not the whole year."""
    ordered = sorted(found, key=lambda p: p.start)
    out = {id(p): p for p in found}
    for q, p in itertools.pairwise(ordered):
        if q.period_start is None or p.period_start is None:
            continue
        if not calendar_year(p.period_start, p.period_end) or _AS_A_WHOLE.match(
            sentence, p.end - offset
        ):
            continue
        # "the first half of 2024 and 2023": the same months of the year joined right after
        elided = _AND_YEAR.fullmatch(sentence, q.end - offset, p.start - offset) is not None
        if not elided and not (
            _SAME_PERIOD_WORDS.match(sentence, q.start - offset)
            and _AND_IN.fullmatch(sentence, q.end - offset, p.start - offset)
        ):
            continue
        if q.period_end is None:  # the months come from the period set before: so do these
            out[id(p)] = PeriodMention(p.start, p.end, p.period_start, None, "comparison")
        elif (q.period_end - q.period_start).days < 330:
            years = p.period_start.year - q.period_start.year
            start, end = shift_years(q.period_start, years), shift_years(q.period_end, years)
            out[id(p)] = PeriodMention(p.start, p.end, start, end, p.kind, p.months)
    return [out[id(p)] for p in found]


def sentence_part(text: str, s0: int, s1: int, pos: int) -> tuple[int, int]:
    """The part of the sentence ``text[s0:s1]`` between semicolons that holds ``pos``."""
    start = text.rfind(";", s0, pos) + 1 or s0
    end = text.find(";", pos, s1)
    return max(start, s0), s1 if end < 0 else end


def calendar_year(start: dt.date | None, end: dt.date | None) -> bool:
    """Whether ``start``–``end`` is one whole calendar year."""
    return (
        start is not None
        and end is not None
        and start.year == end.year
        and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    )


def shift_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; a month's last day stays its month's last day."""
    if (day + dt.timedelta(days=1)).day == 1:
        return _month_end(day.year + years, day.month)
    return dt.date(day.year + years, day.month, min(day.day, 28 if day.month == 2 else day.day))


class PeriodFinder:
    """Finds period expressions; compiled once per vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        months = alternation(vocab.months)
        # month names as written in running text, capitalised (not "may", a verb)
        named_months = alternation(
            [m.capitalize() for m in vocab.months if m.isalpha() and (len(m) > 3 or m == "may")]
        )
        counts = alternation(_COUNT_WORDS)
        self.months = vocab.months
        self._seasonal = False
        #: whether the document being read speaks of harvests and seasons ("2023-24" a season)
        self.seasonal_document = False
        #: the first month of a season in the document being read (:meth:`read_document`)
        self.season_start = SEASON_START
        #: the period the article reports (its lead's), which ends a "since …" span
        self.reported: tuple[dt.date | None, dt.date | None] | None = None
        year = r"(?P<y>(?:19|20)\d\d)"
        # a part-year may name its year relatively: "the first quarter of this year"
        rel = r"(?:,?\s(?:of\s)?(?:the\s)?(?P<rely>this|last|current|previous|past) year)"
        season_words = r"(?:MY|marketing year|season|crop year|harvest|agricultural year)"
        self._season_defined = re.compile(
            rf"\b(?:season|marketing year|crop year|agricultural year)\b[^.;]{{0,40}}?"
            rf"(?:\bstart(?:s|ed)?|\bbegin(?:s|ning)?|\bbegan|\bruns? from)\s(?:on\s|in\s)?"
            rf"(?:\d{{1,2}}\s)?(?P<m>{months})\b"
            rf"|\b(?:season|marketing year|crop year|agricultural year)\b[^.;]{{0,40}}?"
            rf"\b(?:ends?|ended|ending)\s(?:on\s|in\s)?(?:\d{{1,2}}\s)?(?P<me>{months})\b"
            rf"|\b(?:marketing|crop|agricultural) year,?\s(?:from\s)?(?P<m2>{months})\s"
            rf"(?:19|20)\d\d\s?(?:-|–|—|to)\s?(?:{months})\s(?:19|20)\d\d"
            # "marketing year 2023/24 (July-June)", "MY (September/August)"
            rf"|\b{_SEASON_WORDS}\s?(?:(?:19|20)\d\d\s?[/–-]\s?(?:19|20)?\d\d\s?)?"
            rf"\(\s?(?P<m3>{months})\s?[-–/]\s?(?:{months})\s?\)"
            # "the July-June marketing year"
            rf"|\b(?P<m4>{months})\s?[-–/]\s?(?:{months})\s(?:marketing|crop|agricultural) "
            rf"year\b",
            re.I,
        )
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            (
                # a span of days: "from 1 January to 10 February 2025", "between March 3 and
                # April 20", "January 1 – June 30, 2024": those days (the year as written, else
                # the last the date allows)
                "day_span",
                re.compile(
                    rf"\b(?:(?P<pre>from|between)\s)?(?:(?P<d1>\d{{1,2}})\s(?P<m1>{months})|"
                    rf"(?P<m1b>{months})\s(?P<d1b>\d{{1,2}}))\.?(?:,?\s(?P<y1>(?:19|20)\d\d))?"
                    rf"(?:\s(?(pre)(?:to|until|till|through|and)|(?:to|until|through))\s"
                    rf"|\s?[–—-]\s?)(?:(?P<d2>\d{{1,2}})\s(?P<m2>{months})|"
                    rf"(?P<m2b>{months})\s(?P<d2b>\d{{1,2}}))\b\.?(?:,?\s{year}\b)?",
                    re.I,
                ),
            ),
            (
                # a span of months across a year end: "July 2023 - June 2024"
                "month_span",
                re.compile(
                    rf"\b(?P<m1>{months})\.?\s{year}\s?(?:-|–|—|to|through|and|until|till)\s?"
                    rf"(?P<m2>{months})\.?\s(?P<y2>(?:19|20)\d\d)\b",
                    re.I,
                ),
            ),
            (
                "as_of",
                re.compile(
                    # "by September 30": so far, that day (a day still to come is a deadline)
                    rf"\b(?:as (?:of|at)|(?P<by>by)) (?:(?P<m1>{months})\.?\s(?P<d>\d{{1,2}})|"
                    rf"(?P<db>\d{{1,2}})\s(?P<m1b>{months})"
                    # "as of 01.10.2024": day, month and year in figures
                    rf"|(?P<dn>[0-3]?\d)\.(?P<mn>[01]?\d)\.(?P<yn>(?:19|20)\d\d))\b"
                    rf"(?:,?\s{year})?",
                    re.I,
                ),
            ),
            (
                # "as of the end of September 2023", "as at end-June": that month's last day
                "as_of_month",
                re.compile(
                    rf"\b(?:as (?:of|at)|by|at) (?:the )?end(?:-|\sof\s)(?P<m1>{months})\b"
                    rf"(?:,?\s{year})?",
                    re.I,
                ),
            ),
            (
                # "as of Thursday" in a story of Sunday 30 May: Thursday 27 May
                "as_of_weekday",
                re.compile(rf"\bas (?:of|at) (?:last )?(?P<wd>{'|'.join(_WEEKDAYS)})\b", re.I),
            ),
            (
                "comparison",
                re.compile(
                    r"\b(?:over |from |compared (?:with|to) )?(?:the )?"
                    rf"{SAME} (?:period|months?) "
                    r"(?:of |in )?(?:the )?(?:last|previous|preceding|prior|a) "
                    r"(?:year|season|marketing year|crop year)(?: earlier)?"
                    r"|\ba (?:year|season) (?:earlier|before|ago)\b"
                    r"|\bthe year (?:before(?! last)|earlier)\b"
                    # "in the year-ago period", "the year-earlier months"
                    r"|\b(?:the )?(?:year[- ]ago|year[- ]earlier|prior[- ]year|previous[- ]year) "
                    r"(?:period|months|quarter|half)\b",
                    re.I,
                ),
            ),
            (
                # "the same period in 2024", "the same period of 2019/20 MY": the months of the
                # figure's own period, in the year named
                "comparison_in",
                re.compile(
                    rf"\b(?:over |from |compared (?:with|to) )?(?:the )?"
                    rf"{SAME} (?:period|months) "
                    rf"(?:of|in) (?:the )?{year}(?:\s?[/–-]\s?(?:19|20)?\d\d)?"
                    rf"(?:\s{season_words})?",
                    re.I,
                ),
            ),
            (
                "anaphor",
                re.compile(
                    rf"\b(?:over|in|during|for|throughout) (?:that|this|the same|the) "
                    rf"(?:(?:reporting|review|said|given) )?"
                    rf"(?:period(?: under review)?|time|(?:(?P<n>\d+|{counts}) months)"
                    rf"|(?<=same )months)\b"
                    rf"(?! of\b)(?!\s(?:ended|ending|to|through)\b)",
                    re.I,
                ),
            ),
            (
                # "the third quarter of 2023", "the second half of last year" (the first ones
                # are "first", which also knows seasons)
                "part",
                re.compile(
                    rf"\b(?:the\s)?(?P<ord>second|third|fourth|2nd|3rd|4th|last|final)\s"
                    rf"(?P<part>quarter|half)(?:(?: of|,)\s(?:the\s)?{year}\b|{rel})?",
                    re.I,
                ),
            ),
            (
                # "between 2015 and 2020", "from 2018 to 2022": every year of the span
                "year_span",
                re.compile(
                    rf"\b(?:between|from)\s{year}\s(?:and|to|until|till|through)\s"
                    rf"(?P<y2>(?:19|20)\d\d)\b(?![\d%])",
                    re.I,
                ),
            ),
            (
                # "at the end of 2023": a stock counted on the year's last day; a flow "at the
                # end of 2023" (a translation of "по итогам") is the year's
                "year_end_of",
                re.compile(
                    rf"\b(?:at|as (?:of|at)) (?:the )?end(?:-|\sof\s)(?:the\s)?{year}\b(?![/–-])",
                    re.I,
                ),
            ),
            (
                # "the year before last", "two years ago": that whole year
                "years_ago",
                re.compile(rf"\b(?:the year before last|(?P<n>\d|{counts}) years ago)\b", re.I),
            ),
            (
                # "the first 20 days of January", "January 1-20", "1-20 January 2024"
                "days_of_month",
                re.compile(
                    rf"\bthe first (?:(?P<n>\d{{1,2}}|{counts}) days|(?P<wk>week|decade|ten days)) "
                    rf"of (?P<m1>{months})\b"
                    rf"(?:,?\s{year}\b)?"
                    rf"|\b(?P<m1b>{months})\s(?P<d1>\d{{1,2}})\s?[-–]\s?(?P<d2>\d{{1,2}})\b"
                    rf"(?!\s?%)(?:,?\s(?P<yb>(?:19|20)\d\d)\b)?"
                    rf"|\b(?P<d1c>\d{{1,2}})\s?[-–]\s?(?P<d2c>\d{{1,2}})\s(?P<m1c>{months})\b"
                    rf"(?:,?\s(?P<yc>(?:19|20)\d\d)\b)?",
                    re.I,
                ),
            ),
            (
                # "for the full year", "full-year trade" with no year: the last year ended,
                # or this year in a forecast ("full-year trade is expected to …")
                "full_year",
                re.compile(
                    r"\b(?:(?:the\s)?(?:full|whole|entire)\syear\b(?!\s?(?:of\b|(?:19|20)\d\d))"
                    r"|full-year\b(?!\s(?:19|20)\d\d))",
                    re.I,
                ),
            ),
            (
                # "nine-month exports", "the 10-month period": the year's first months, the
                # last such run the date allows (not "a six-month ban")
                "month_adjective",
                re.compile(
                    rf"\b(?P<n>\d+|{counts})-month\s(?=(?:period|exports?|imports?|trade|"
                    rf"turnover|results|figures|data|shipments|volumes?|total|sales|output)\b)",
                    re.I,
                ),
            ),
            (
                # "the half-year", "half-year exports": the first half the date allows
                "half_year",
                re.compile(r"(?<!first )(?<!second )\bhalf[- ]year\b", re.I),
            ),
            (
                # "last month": the month before the article's; not the time of a statement
                # ("a forecast last month of 15.3 million")
                "last_month",
                re.compile(
                    r"(?<!forecast )(?<!estimate )(?<!estimated )(?<!said )(?<!announced )"
                    r"(?<!reported )\b(?:last|previous|past) month\b(?!\s(?:of|at)\b)",
                    re.I,
                ),
            ),
            (
                # "this month", "earlier this month": the month so far; "next month": the next
                "this_month",
                re.compile(r"\b(?P<which>this|next|the current) month\b(?!\s(?:of|at)\b)", re.I),
            ),
            (
                # "the past quarter" (the one before the article's), "the current quarter" (so
                # far)
                "quarter_rel",
                re.compile(r"\b(?:the )?(?P<which>past|previous|current|this) quarter\b", re.I),
            ),
            (
                "first",
                re.compile(
                    # ("11 months of the 2022/23 season": its first eleven)
                    rf"\b(?:the )?(?:(?:first|1st) |(?=(?:\d+|{counts}) months of (?:the\s)?"
                    rf"(?:(?:19|20)\d\d[/–-]\d\d\b|(?:current|this|last|previous)\s"
                    rf"(?:{season_words})\b)))"
                    rf"(?:(?P<n>\d+|{counts}) months?|(?P<part>half|quarter)"
                    # "the first month of the year" (not "the first month of operation")
                    rf"|(?P<one>month)(?= of (?:the |this )?(?:year\b|(?:19|20)\d\d))"
                    rf"|(?P<q>two|three|2|3) quarters)(?:(?: of|,)\s(?:the\s)?{year}"
                    rf"(?:[/–-](?P<y2>\d\d)(?:\s{season_words})?)?"
                    rf"|\sof\s(?:the\s)?(?:(?P<rels>current|this|new(?!\s(?:harvest|crop)\b)|last|previous|past)\s)?"
                    rf"(?P<sw>{season_words})|{rel})?",
                    re.I,
                ),
            ),
            (
                # "for four consecutive months since March": those months, March to June
                "consecutive",
                re.compile(
                    rf"\b(?P<n>\d+|{counts}) (?:consecutive|straight|successive) months "
                    rf"(?:since|from|starting (?:in|from)) (?P<m1>{months})\b",
                    re.I,
                ),
            ),
            (
                "ytd",
                re.compile(
                    rf"\bsince (?:the (?:start|beginning) of "
                    rf"(?:(?:the|this) year|(?P<yb>(?:19|20)\d\d)\b(?![/–-]))"
                    rf"|(?P<m1>{months})"
                    rf"(?:,?\s{year})?(?!\s\d)|the (?:start|beginning) of (?:the )?"
                    rf"(?P<sy>(?:19|20)\d\d)[/–-]\d\d(?:\s{season_words})?"
                    rf"|the (?:start|beginning) of the (?:current\s)?(?P<ss>{season_words}))"
                    # "… of the 2023/24 marketing year in July": the month it began
                    rf"(?:,?\s(?:in|on)\s(?P<sm>{months})\b(?!\s\d\d\d\d)(?:\s\d{{1,2}}\b)?)?"
                    rf"|\b(?:so far this year|year[- ]to[- ]date|YTD)\b"
                    rf"|\bfrom the (?:start|beginning) of (?:the|this) year\b"
                    rf"(?!\s(?:to|through|until|till)\s(?:{months})\b)"
                    rf"|\bso far in (?P<yf>(?:19|20)\d\d)\b",
                    re.I,
                ),
            ),
            (
                # "September-January of the current season", "September-February of the
                # 2022/23 season": those months of that season
                "months_season",
                re.compile(
                    rf"\b(?P<m1>{months})\.?\s?(?P<conn>-to-|-|–|—|to|through|and)\s?"
                    # "January through the end of October"
                    rf"(?:(?<=[a-z]\s)the end of\s)?(?P<m2>{months})\b\.?"
                    rf"\s(?:of|in)\s(?:the\s)?(?:(?P<ms>current|this|last|previous|preceding)\s"
                    rf"{season_words}\b|(?P<sy>(?:19|20)\d\d)\s?[/–-]\s?(?:19|20)?\d\d"
                    rf"\s{season_words}\b)",
                    re.I,
                ),
            ),
            (
                # "the current marketing year" (so far), "last season", "the previous season"
                "season_rel",
                re.compile(
                    rf"\b(?P<rs>current|this|new(?!\s(?:harvest|crop)\b)|last|previous|past|preceding|penultimate|next|coming)\s"
                    rf"(?:{season_words})\b(?!\s?(?:19|20)\d\d)"
                    # "the season before last": two back
                    rf"|\bthe\s(?:{season_words})\s(?P<rs2>before\slast)\b",
                    re.I,
                ),
            ),
            (
                # "expected to reach $50 bn by the end of the year": this year's figure, a goal
                "year_end",
                re.compile(
                    r"\b(?:by|until|till) (?:the )?(?:end of (?:the |this |the current )?year"
                    r"|year[- ]end)\b",
                    re.I,
                ),
            ),
            (
                # "over the year" in an article of January or February: the year just ended
                # (later in the year it may be the year so far or the last twelve months: undated)
                "the_year",
                re.compile(
                    r"\b(?:over|during|for|throughout|in|(?:results?|outcomes?|totals?) (?:of|for))"
                    r" the (?:whole |entire |full )?year\b"
                    r"(?!\s(?:of|to|ended|ending|before|earlier|ago|through)\b)(?!-)",
                    re.I,
                ),
            ),
            (
                # "by the end of the decade": the decade's last year as such goals name it (2030)
                "decade",
                re.compile(r"\b(?:by|until|till) the end of the decade\b", re.I),
            ),
            (
                "from_day",
                re.compile(
                    rf"\b(?:from|starting|effective|as of|as from) (?P<d>\d{{1,2}})\s"
                    rf"(?P<m1>{months})\.?,?\s{year}\b",
                    re.I,
                ),
            ),
            (
                # a marketing year or season, or a span of years: "2023-24", "2020/21 MY",
                # "(2021-25)"; months before it ("September to February 2023-24") bound it
                "year_pair",
                re.compile(
                    rf"(?:\b(?P<m1>{months})\.?\s?(?:-|–|—|to|through)\s?"
                    rf"(?P<m2>{months})\.?\s)?(?<![\d.,$])(?P<y>(?:19|20)\d\d)\s?(?:(?P<sl>/)|[–-])\s?"
                    rf"(?P<y2>(?:19|20)?\d\d)(?![\d%])(?:\s(?P<season>{season_words}))?",
                    re.I,
                ),
            ),
            (
                "months",
                re.compile(
                    rf"\b(?P<m1>{months})\.?\s?(?P<conn>-to-|-|–|—|to|through|and)\s?"
                    # "January through the end of October"
                    rf"(?:(?<=[a-z]\s)the end of\s)?(?P<m2>{months})\b\.?"
                    rf"(?:\s(?:period|months|quarter|half)"
                    rf"(?=,?\s(?:of\s)?(?:(?:19|20)\d\d|the\s|this|last)))?"
                    rf"(?:,?\s(?:of\s)?{year}|{rel})?",
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
                "day_of",  # a day without its year: the sentence's year, else the anchor's
                re.compile(
                    rf"\b(?P<d>\d{{1,2}})\s(?P<m1>{months})\b(?!\.?,?\s(?:19|20)\d\d)",
                    re.I,
                ),
            ),
            (
                "months_of",
                re.compile(
                    rf"\b(?:(?P<n>\d+|{counts}) months (?:(?:of|in) )?"
                    rf"(?:{year}|the (?:current )?year|"
                    rf"(?P<rely>this|last|current|previous) year)|(?:results|data) (?:of|for) "
                    rf"(?:the )?(?P<n2>\d+|{counts}) months"
                    rf"(?:\s(?:of|in)\s(?:(?P<y6>(?:19|20)\d\d)|"
                    rf"(?:the\s)?(?P<rel6>this|current|last|previous)\syear))?)\b"
                    rf"|\b(?<![\d.,])(?P<n3>[1-9]|1[0-2])(?-i:M)(?:\b|(?=[A-Z][a-z])|(?=(?:19|20)\d\d\b)"
                    rf"|(?=\d\d\b))(?:\s?(?P<y4>(?:19|20)\d\d)|(?P<yy>\d\d)\b)?"
                    # "in nine months": the year's first months (not "in just two months",
                    # "in two months' time", "three months ago")
                    rf"|\b(?:in|for|over|during)\s(?:the\s)?(?P<n5>\d+|{counts})\smonths\b"
                    rf"(?!'|\s(?:ago|earlier|later|before|after|time|of|in|to|ended|ending)\b"
                    rf"|\s(?:19|20)\d\d)"
                    # "the year to October": its months to that one
                    rf"|\bthe year (?:to|through|ended|ending) (?P<m6>{months})\b"
                    # "the five months ended May 31": the year's months to that one
                    rf"|\b(?P<n4>\d+|{counts}) months (?:ended|ending|to|through) "
                    rf"(?P<m4>{months})\b(?:\s\d{{1,2}})?(?:,?\s(?P<y5>(?:19|20)\d\d))?",
                    re.I,
                ),
            ),
            (
                "between_months",
                re.compile(
                    rf"\bbetween (?P<m1>{months})\.?\s(?:and|to)\s(?P<m2>{months})\b"
                    rf"(?:,?\s(?:of\s)?{year}|{rel})?",
                    re.I,
                ),
            ),
            (
                # "October last year", "March of this year"
                "month_rel",
                re.compile(
                    rf"\b(?P<m1>{months})\.?,?\s(?:of\s)?(?P<rely>this|last|current|previous) "
                    rf"year\b",
                    re.I,
                ),
            ),
            (
                # "in 2024 through October": that year's months to the one named
                "year_to_month",
                re.compile(
                    rf"(?<![\d.,$-]){year}\s(?:through|to|until|till)\s(?P<m2>{months})\b"
                    rf"(?!\.?\s?\d|\s(?:19|20)\d\d)",
                    re.I,
                ),
            ),
            (
                # "through September", "up to September": this year's months to the one named
                # (the last such month ended by the date; one still to come is a deadline)
                "to_month",
                re.compile(
                    rf"\b(?:(?:from\s)?the (?:start|beginning) of (?:the|this) year\s"
                    rf"(?:to|through|until|till)|through|up to)\s(?P<m2>{months})\b"
                    rf"(?!\.?\s?\d|\s(?:19|20)\d\d|\s(?:of|last|this)\b)",
                    re.I,
                ),
            ),
            # "March 2024", "June of 2025"
            ("month", re.compile(rf"\b(?P<m1>{months})\.?\s(?:of\s)?{year}\b", re.I)),
            (
                # a month without its year, as a figure's time ("in November", "(June)"); not
                # the time of a statement ("In October, the ministry forecast …")
                "month_of",
                re.compile(
                    rf"(?:(?:\b(?:in|for|during|of)\s|\()(?P<m1>{months})\b(?:\salone)?"
                    # "May exports", "November's shipments": a month before its flow
                    rf"|\b(?-i:(?P<m2>{named_months}))(?:['’]s)?\s(?=(?:exports|imports|"
                    rf"trade|turnover|shipments|sales|deliveries|purchases|output)\b))"
                    rf"(?!\.?\s?\d)(?!,\s(?:the\s)?(?:[\w-]+\s){{1,3}}(?:forecast|said|reported|estimated|"
                    rf"revised|planned|announced|expected))"
                    # "In November, the USDA raised its estimate of …": when it was said
                    rf"(?!,[^.;]{{0,60}}?\b(?:raised|lowered|cut|trimmed|kept|revised|left)\s"
                    rf"(?:its|their|the)\s(?:\w+\s)?(?:forecast|estimate|outlook|projection)s?\b)",
                    re.I,
                ),
            ),
            (
                # "Q1-Q3 2024": the quarters from the first to the last named
                "quarters",
                re.compile(rf"\bQ(?P<q1>[1-4])\s?[-–—]\s?Q(?P<q2>[1-4])\b(?:\s?{year}\b)?"),
            ),
            (
                "half",
                # "H1 2024", "2Q 2023"; a two-digit year written on: "1H25", "Q3'24"
                re.compile(
                    rf"\b(?:(?P<part>[HQ][1-4])|(?P<part2>[1-4][HQ]))"
                    # "Q4 of last year"
                    rf"(?:\s?{year}|['’]?(?P<yy>\d\d)|{rel})?\b"
                ),
            ),
            (
                # "since 2013", "since its launch in 2011", "since the first train ran in 2011"
                "since",
                re.compile(
                    r"\bsince (?:(?:(?:launch|opening)\s|(?:the|its)\s(?:[\w-]+\s){0,5}?)in )?"
                    rf"{year}\b",
                    re.I,
                ),
            ),
            ("by", re.compile(rf"\b(?:by|until|till) (?:the end of )?{year}\b", re.I)),
            (
                "past",
                re.compile(
                    rf"\b(?:over|in|during) the (?:past|last) (?P<n>\d+|{counts}) years\b", re.I
                ),
            ),
            (
                # "over the past ten months": the whole months before the article's (the data
                # a month's report covers), across a year's end if need be
                "past_months",
                re.compile(
                    rf"\b(?:over|in|during|for) the (?:past|last) (?P<n>\d+|{counts}) months\b",
                    re.I,
                ),
            ),
            (
                # "during the 14th Five-Year Plan (period)": its five years (the plans run every
                # five years from the sixth, 1981-85); written with its years, those are read
                "five_year_plan",
                re.compile(
                    r"\b(?P<fyp>\d{1,2})(?:st|nd|rd|th) five-year plan\b(?:\s+period\b)?"
                    r"(?!\s*\(\s*(?:19|20)\d\d)",
                    re.I,
                ),
            ),
            (
                # "over the next five years": the years after the article's
                "next",
                re.compile(
                    rf"\b(?:over|in|during|within) the (?:next|coming) (?P<n>\d+|{counts}) "
                    rf"years\b",
                    re.I,
                ),
            ),
            (
                # "in autumn", "during the summer of 2023": its three months
                "season_name",
                re.compile(
                    rf"\b(?:in|during|over|this|last)\s(?:the\s)?(?P<sn>spring|summer|autumn|fall)"
                    rf"\b(?!\s(?:wheat|barley|crops?|sowing|campaign|season)\b)"
                    # "the fall in prices", "the fall of the rouble" is no season
                    rf"(?!\s(?:in|of)\s(?!(?:the\s)?(?:19|20)\d\d))(?:\s(?:of\s)?{year})?",
                    re.I,
                ),
            ),
            (
                # "throughout the entire previous year", "the whole of last year": the whole
                # year, not a comparison
                "relative",
                re.compile(
                    r"\b(?:the )?(?:entire|whole|full) (?:of )?(?:the )?"
                    r"(?P<rel>last|previous|past) year\b",
                    re.I,
                ),
            ),
            (
                # "the previous year" beside a part-year figure is the same months a year
                # earlier: a comparison, dated from the governing period
                "comparison",
                re.compile(r"\bthe (?:previous|prior|preceding) year\b", re.I),
            ),
            (
                # "two years earlier": the same months that many years before
                "comparison_back",
                re.compile(rf"\b(?P<n>\d+|{counts}) years (?:earlier|before|ago)\b", re.I),
            ),
            (
                "relative",
                re.compile(
                    r"\b(?:(?P<rel>last|this|next|previous|past)|the (?P<rel2>current|outgoing))"
                    r" year\b",
                    re.I,
                ),
            ),
            # "FY24", "FY 2024": a fiscal year, the calendar year in Kazakhstan and China
            ("fiscal", re.compile(r"\bFY\s?(?P<fy>(?:19|20)?\d\d)\b")),
            ("year", re.compile(rf"(?<![\d.,$-]){year}(?![\d%-]|\s?(?:per|bn|billion|million))")),
        ]

    def read_document(self, text: str) -> None:
        """Settings of one document: whether it speaks of seasons, and where its seasons start
        when it says so ("the 2021/22 season, which started on July 1"; "the agricultural
        year July 2023 - June 2024"), else September (:data:`SEASON_START`)."""
        self.seasonal_document = bool(SEASONAL.search(text))
        self.reported = None
        self.season_start = SEASON_START
        m = self._season_defined.search(text)
        if m:
            if m["me"]:  # "which ends in June": it starts in July
                self.season_start = self.months[m["me"].lower()] % 12 + 1
            else:
                word = m["m"] or m["m2"] or m["m3"] or m["m4"]
                self.season_start = self.months[word.lower()]

    def _reported_to(self, start: dt.date, anchor: dt.date) -> dt.date:
        """Where "since <start>" ends: the end of the data the article reports (its lead's
        period, when that covers the start and ends before the article's date: "since the
        beginning of the year" in a story on the first quarter), else the article's date."""
        lead = self.reported
        if lead is None or lead[0] is None or lead[1] is None:
            return anchor
        if lead[0] <= start <= lead[1] < anchor and lead[1].year == start.year:
            return lead[1]
        return anchor

    def find(self, sentence: str, offset: int, anchor: dt.date | None) -> list[PeriodMention]:
        """Every period in ``sentence`` (whose first character is at ``offset``), no overlaps."""
        self._seasonal = self.seasonal_document or bool(SEASONAL.search(sentence))
        found: list[PeriodMention] = []
        taken: list[tuple[int, int]] = []
        as_of: list[int] = []  # indices in found of "as of <day>" points
        this_year: list[int] = []  # … and of "this year"
        since: list[int] = []  # … and of "since <year>"
        month_alone: list[int] = []  # … and of a month written without its year
        for kind, pattern in self.patterns:
            for m in pattern.finditer(sentence):
                s, e = m.start(), m.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                mention = self._dates(kind, m, anchor)
                if mention is None:
                    continue
                ps, pe, k = mention
                if (
                    k == "period"
                    and anchor is not None
                    and ps is not None
                    and pe is not None
                    and ps <= anchor < pe
                    and _TO_DATE.match(sentence, e)
                ):
                    pe = anchor  # "in the 2022/23 season to date": up to the article's date
                if k == "period" and _is_base(
                    sentence, s, e, span=kind in _SPANS, months=kind in _MONTHS_SPANS
                ):
                    k = "base"
                if k == "period" and kind == "month_of" and _earlier_estimate(sentence, s):
                    k = "base"
                if kind == "since" and _RECORD.search(sentence, max(0, s - 40), s):
                    k = "undated"  # "the highest since 1992": a record's reach, not a period
                if k == "period" and _EVENT.search(sentence, max(0, s - 30), s):
                    # "is expected to be completed in 2026": when something happens, not a
                    # period figures count over
                    k = "undated"
                taken.append((s, e))
                months = None
                if k in ("anaphor", "comparison") and m.groupdict().get("n"):
                    word = m["n"]
                    months = int(word) if word.isdigit() else _COUNT_WORDS.get(word.lower())
                    if kind == "comparison_back" and months is not None:
                        months *= 12  # years back
                if kind in ("as_of", "as_of_month", "as_of_weekday") and k == "period":
                    as_of.append(len(found))
                elif kind == "relative" and (
                    m["rel"] or m.groupdict().get("rel2") or ""
                ).lower() in ("this", "current", "outgoing"):
                    this_year.append(len(found))
                elif kind == "since" and k == "period":
                    since.append(len(found))
                elif kind == "month_of" and k == "period":
                    month_alone.append(len(found))
                found.append(PeriodMention(offset + s, offset + e, ps, pe, k, months))
        for i in month_alone:
            # "In 2022, exports in March reached …": the month of the year the sentence named
            q = found[i]
            years = [
                p.period_start.year
                for p in found
                if p.kind == "period"
                and p.start < q.start
                and p.period_start is not None
                and calendar_year(p.period_start, p.period_end)
            ]
            if years and q.period_start is not None and q.period_start.year != years[-1]:
                month = q.period_start.month
                found[i] = replace(
                    q,
                    period_start=dt.date(years[-1], month, 1),
                    period_end=_month_end(years[-1], month),
                )
        for i in since:
            # "7.1 % a year since 2013 … last year it reached …": the span ends with the latest
            # data the sentence reports, not on the article's date
            q = found[i]
            if q.period_start is None or q.period_end is None:
                continue
            ends = [
                p.period_end
                for p in found
                if p is not q
                and p.kind == "period"
                and p.period_end is not None
                and q.period_start < p.period_end < q.period_end
            ]
            if ends:
                found[i] = PeriodMention(q.start, q.end, q.period_start, max(ends), q.kind)
        if as_of and (this_year or not (self._seasonal or _STOCK.search(sentence))):
            # "as of Thursday, … 2,388 trips this year", "as of the end of September, trade
            # amounted to …": a flow counted so far, the year up to that day (a stock, "as of
            # July 1, reserves totalled …", is counted on the day)
            day = found[as_of[0]].period_end
            if day is not None:
                for i in (as_of[0], *this_year):
                    q = found[i]
                    found[i] = PeriodMention(
                        q.start, q.end, dt.date(day.year, 1, 1), day, q.kind, q.months
                    )
        said = statement_day(sentence, anchor)
        if as_of and said == anchor:
            # "As of February 1, since the start of the season, … had exported": a span so far
            # ends on the day it is counted to
            said = found[as_of[0]].period_end
        if anchor is not None and said is not None and said < anchor:
            # "On October 12, the ministry said exports had reached … since the start of the
            # season": a span so far ends the day it was reported
            found = [
                replace(p, period_end=said)
                if p.kind == "period"
                and p.period_end == anchor
                and p.period_start is not None
                and p.period_start <= said
                and p.period_start < p.period_end
                else p
                for p in found
            ]
        found = [self._day_year(p, found, anchor) for p in found]
        found = [_same_months_in(p, found, sentence, offset) for p in found]
        found = _elided_same_period(found, sentence, offset)
        return sorted((p for p in found if p.kind != "undated"), key=lambda p: p.start)

    @staticmethod
    def _day_year(
        p: PeriodMention, found: list[PeriodMention], anchor: dt.date | None
    ) -> PeriodMention:
        """A "13 March" takes the year of a dated day in the same sentence, else the anchor's
        (the last such day not after it)."""
        if p.kind != "day_of" or p.period_start is None:
            return p
        day = p.period_start
        years = [
            q.period_start.year
            for q in found
            if q.kind == "period" and q.period_start is not None and q.period_start == q.period_end
        ]
        if years:
            y = years[0]
        elif (found_year := _year_of_day(day.month, day.day, anchor)) is not None:
            y = found_year
        else:
            return PeriodMention(p.start, p.end, None, None, "undated")
        try:
            dated = day.replace(year=y)
        except ValueError:
            return PeriodMention(p.start, p.end, None, None, "undated")
        return PeriodMention(p.start, p.end, dated, dated, "period")

    def _dates(
        self, kind: str, m: re.Match[str], anchor: dt.date | None
    ) -> tuple[dt.date | None, dt.date | None, str] | None:
        g = m.groupdict()
        explicit = int(g["y"]) if g.get("y") else None
        if g.get("yy"):  # a two-digit year written on a part: "1H25"
            explicit = 2000 + int(g["yy"])
        if kind in ("comparison", "comparison_back"):
            return None, None, "comparison"  # dates come from the sentence's main period
        if kind == "comparison_in":  # the year named: the months come from the main period
            return dt.date(int(g["y"]), 1, 1), None, "comparison"
        if kind == "anaphor":
            return None, None, "anaphor"  # dates come from the period set before
        if g.get("rely") and anchor is not None:
            shift = {"this": 0, "current": 0, "last": -1, "previous": -1, "past": -1}
            explicit = anchor.year + shift[g["rely"].lower()]
        if kind == "month_span":
            try:
                start = dt.date(int(g["y"]), self.months[g["m1"].lower()], 1)
                end = _month_end(int(g["y2"]), self.months[g["m2"].lower()])
            except ValueError:
                return None
            return (start, end, "period") if start <= end else None
        if kind == "year_pair":
            y1 = int(g["y"])
            tail = g["y2"]
            y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
            if y2 <= y1 or y2 - y1 > 20:
                return None
            if g.get("m1"):  # "September to February 2023-24": the months of that season
                m1, m2 = self.months[g["m1"].lower()], self.months[g["m2"].lower()]
                start_year = y1
                end_year = y1 if m2 >= m1 else y2
                return dt.date(start_year, m1, 1), _month_end(end_year, m2), "period"
            # consecutive years written with a slash ("2021/22") are a season wherever they stand
            if y2 == y1 + 1 and (g.get("season") or g.get("sl") or self._seasonal):
                first = self.season_start
                last_year, last = (y2, first - 1) if first > 1 else (y1, 12)
                end = _month_end(last_year, last)
                if _STOCK.search(m.string) and _END_OF_BEFORE.search(
                    m.string, max(0, m.start() - 40), m.start()
                ):
                    return end, end, "period"  # "stocks at the end of MY 2023/24": its last day
                return dt.date(y1, first, 1), end, "period"
            return dt.date(y1, 1, 1), dt.date(y2, 12, 31), "period"
        if kind == "part":
            size = 3 if g["part"].lower() == "quarter" else 6
            word = g["ord"].lower()
            if word == "last" and explicit is None:
                # "last quarter": the one before the article's
                if anchor is None:
                    return None
                k = (anchor.month - 1) // size  # the part the date is in, from 0
                before = anchor.year - (k == 0)
                k = k - 1 if k else 12 // size - 1
                return (
                    dt.date(before, size * k + 1, 1),
                    _month_end(before, size * (k + 1)),
                    "period",
                )
            n = {"second": 2, "third": 3, "fourth": 4}.get(word) or (
                12 // size if word in ("last", "final") else int(word[0])
            )
            if n * size > 12:
                return None
            first, last = size * (n - 1) + 1, size * n
            y = explicit or _year_for(last, anchor)
            return None if y is None else (dt.date(y, first, 1), _month_end(y, last), "period")
        if kind == "year_span":
            y1, y2 = int(g["y"]), int(g["y2"])
            if not 0 < y2 - y1 <= 50:
                return None
            return dt.date(y1, 1, 1), dt.date(y2, 12, 31), "period"
        if kind == "quarters":
            q1, q2 = int(g["q1"]), int(g["q2"])
            if q2 < q1:
                return None
            y = explicit or _year_for(3 * q2, anchor)
            if y is None:
                return None
            return dt.date(y, 3 * q1 - 2, 1), _month_end(y, 3 * q2), "period"
        if kind == "month_rel":
            m1 = self.months[g["m1"].lower()]
            if explicit is None:
                return None
            return dt.date(explicit, m1, 1), _month_end(explicit, m1), "period"
        if kind == "to_month":
            if anchor is None:
                return None
            m2 = self.months[g["m2"].lower()]
            end = _month_end(anchor.year, m2)
            if end > anchor:
                return None, None, "undated"  # a month still to come: not a span so far
            return dt.date(anchor.year, 1, 1), end, "period"
        if kind == "year_to_month":
            m2 = self.months[g["m2"].lower()]
            return dt.date(int(g["y"]), 1, 1), _month_end(int(g["y"]), m2), "period"
        if kind == "years_ago":
            if anchor is None:
                return None
            word = g["n"]
            back = (
                2 if word is None else int(word) if word.isdigit() else _COUNT_WORDS[word.lower()]
            )
            ago = anchor.year - back
            return dt.date(ago, 1, 1), dt.date(ago, 12, 31), "period"
        if kind == "days_of_month":
            if g["m1"]:
                month, first = self.months[g["m1"].lower()], 1
                word = g["n"] or ""
                if g["wk"]:  # "the first week of", "the first decade (ten days) of"
                    last = 7 if g["wk"].lower() == "week" else 10
                else:
                    last = int(word) if word.isdigit() else _COUNT_WORDS.get(word.lower(), 0)
                written = g["y"]
            elif g["m1b"]:
                month, first, last = self.months[g["m1b"].lower()], int(g["d1"]), int(g["d2"])
                written = g["yb"]
            else:
                month, first, last = self.months[g["m1c"].lower()], int(g["d1c"]), int(g["d2c"])
                written = g["yc"]
            in_year = int(written) if written else _year_of_day(month, last, anchor)
            if in_year is None:
                return None, None, "period"
            try:
                start, end = dt.date(in_year, month, first), dt.date(in_year, month, last)
            except ValueError:
                return None
            return (start, end, "period") if start <= end else None
        if kind == "year_end_of":
            y = int(g["y"])
            if _STOCK.search(m.string):
                return dt.date(y, 12, 31), dt.date(y, 12, 31), "period"
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
        if kind == "full_year":
            if anchor is None:
                return None
            y = anchor.year if _AHEAD.search(m.string) else anchor.year - 1
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
        if kind == "month_adjective":
            word = g["n"]
            span = first_months(
                int(word) if word.isdigit() else _COUNT_WORDS.get(word.lower()), anchor
            )
            return None if span is None else (*span, "period")
        if kind == "half_year":
            half = first_months(6, anchor)
            return None if half is None else (*half, "period")
        if kind == "this_month":
            if anchor is None:
                return None
            if g["which"].lower() == "next":
                start = _month_end(anchor.year, anchor.month) + dt.timedelta(days=1)
                return start, _month_end(start.year, start.month), "period"
            return anchor.replace(day=1), anchor, "period"
        if kind == "quarter_rel":
            if anchor is None:
                return None
            start = dt.date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1)
            if g["which"].lower() in ("current", "this"):
                return start, anchor, "period"
            end = start - dt.timedelta(days=1)
            return dt.date(end.year, end.month - 2, 1), end, "period"
        if kind == "last_month":
            if anchor is None:
                return None
            last_day = anchor.replace(day=1) - dt.timedelta(days=1)
            return last_day.replace(day=1), last_day, "period"
        if kind == "as_of_weekday":
            if anchor is None:
                return None
            day = _last_weekday(g["wd"], anchor)
            return day, day, "period"
        if kind == "as_of_month":
            y = explicit or _year_for(self.months[g["m1"].lower()], anchor)
            if y is None:
                return None
            day = _month_end(y, self.months[g["m1"].lower()])
            return day, day, "period"
        if kind == "as_of":
            if g.get("dn"):
                month, day_n, explicit = int(g["mn"]), int(g["dn"]), int(g["yn"])
            else:
                month = self.months[(g["m1"] or g["m1b"]).lower()]
                day_n = int(g["d"] or g["db"])
            if explicit is None:
                if anchor is None:
                    return None
                explicit = anchor.year
            try:
                day = dt.date(explicit, month, day_n)
            except ValueError:
                return None
            if g.get("by") and (anchor is None or day > anchor):
                return day, day, "deadline"
            return day, day, "period"
        if kind == "between_months":
            m1, m2 = self.months[g["m1"].lower()], self.months[g["m2"].lower()]
            y = explicit or _year_for(m2, anchor)
            if y is None:
                return None, None, "period"
            # "between September and March": across the year's end, ending in the year named
            return dt.date(y - (m2 < m1), m1, 1), _month_end(y, m2), "period"
        if kind == "month_of":
            if _BOUNDARY.search(m.string, 0, m.start()):
                return None  # "the season, which ends in August": a definition, not a time
            m1 = self.months[(g["m1"] or g["m2"]).lower()]
            y = _year_for(m1, anchor)
            return (
                (None, None, "undated")
                if y is None
                else (dt.date(y, m1, 1), _month_end(y, m1), "period")
            )
        if kind == "ytd":
            if anchor is None:
                return None, None, "period"
            begins = self.months[g["sm"].lower()] if g.get("sm") else self.season_start
            if g.get("sy"):  # since the start of a season: from its first month to the date
                return dt.date(int(g["sy"]), begins, 1), anchor, "period"
            if g.get("ss"):  # … of the (current) season: the one the date is in
                first_year = anchor.year - (anchor.month < begins)
                return dt.date(first_year, begins, 1), anchor, "period"
            first = self.months[g["m1"].lower()] if g.get("m1") else 1
            if g.get("yb") or g.get("yf"):  # "since the start of 2024", "so far in 2024"
                explicit = int(g["yb"] or g["yf"])
            since = explicit or (anchor.year if first <= anchor.month else anchor.year - 1)
            start = dt.date(since, first, 1)
            return start, self._reported_to(start, anchor), "period"
        if kind == "day_span":
            m1 = self.months[(g["m1"] or g["m1b"]).lower()]
            m2 = self.months[(g["m2"] or g["m2b"]).lower()]
            d1, d2 = int(g["d1"] or g["d1b"]), int(g["d2"] or g["d2b"])
            span_end_year = int(g["y"]) if g["y"] else _year_of_day(m2, d2, anchor)
            if span_end_year is None:
                return None, None, "period"
            span_start_year = int(g["y1"]) if g["y1"] else span_end_year - ((m1, d1) > (m2, d2))
            try:
                return dt.date(span_start_year, m1, d1), dt.date(span_end_year, m2, d2), "period"
            except ValueError:
                return None
        if kind == "from_day":
            try:
                day = dt.date(int(g["y"]), self.months[g["m1"].lower()], int(g["d"]))
            except ValueError:
                return None
            return day, None, "from"
        if kind == "day_of":
            try:
                day = dt.date(2000, self.months[g["m1"].lower()], int(g["d"]))  # leap year
            except ValueError:
                return None
            return day, day, "day_of"  # the year is set by find()
        if kind == "day":
            year_of_day = int(g["y"] or g["yb"])
            month = self.months[(g["m1"] or g["m1b"]).lower()]
            try:
                day = dt.date(year_of_day, month, int(g["d"] or g["db"]))
            except ValueError:
                return None
            return day, day, "period"
        if kind == "season_name":
            first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}[g["sn"].lower()]
            last = first + 2
            this = m.string[m.start() : m.start() + 4].lower() == "this" and anchor is not None
            # "this summer": the article's year's; else the latest the date allows
            y = explicit or (anchor.year if this and anchor else _year_for(last, anchor))
            if y is None:
                return None, None, "period"
            return dt.date(y, first, 1), _month_end(y, last), "period"
        if kind == "months_of":
            word = g.get("n") or g.get("n2") or g.get("n3") or g.get("n4") or g.get("n5") or ""
            n = int(word) if word.isdigit() else _COUNT_WORDS.get(word.lower(), 0)
            if g.get("m6"):  # "the year to October": January to October
                last = self.months[g["m6"].lower()]
                y = _year_for(last, anchor)
                if y is None:
                    return None, None, "period"
                return dt.date(y, 1, 1), _month_end(y, last), "period"
            if g.get("m4"):  # "the five months ended May", "the 12 months to June": the
                # months count back from the one named, into the year before if need be
                last = self.months[g["m4"].lower()]
                if not 1 <= n <= 24:
                    return None
                y = int(g["y5"]) if g.get("y5") else _year_for(last, anchor)
                if y is None:
                    return None, None, "period"
                first = y * 12 + last - n  # months since year 0, of the first month
                return dt.date(first // 12, first % 12 + 1, 1), _month_end(y, last), "period"
            if not 1 <= n <= 12:
                return None
            named = g.get("y4") or g.get("y6")
            if g.get("rel6") and anchor is not None:  # "the results of 10 months of this year"
                named = str(anchor.year - (g["rel6"].lower() in ("last", "previous")))
            y = explicit or (int(named) if named else None) or _year_for(n, anchor)
            if y is None:
                return None, None, "period"
            return dt.date(y, 1, 1), _month_end(y, n), "period"
        if kind == "half":
            part = g["part"] or (g["part2"][1] + g["part2"][0])
            if part[0] == "H" and part[1] in "12":
                first, last = (1, 6) if part[1] == "1" else (7, 12)
            elif part[0] == "Q":
                first = 3 * (int(part[1]) - 1) + 1
                last = first + 2
            else:
                return None
            y = explicit or _year_for(last, anchor)  # "in H1": the last one the date allows
            if y is None:
                return None
            return dt.date(y, first, 1), _month_end(y, last), "period"
        if kind == "since":
            return dt.date(int(g["y"]), 1, 1), anchor, "period"
        if kind == "first":
            if g.get("q"):
                n = 3 * (int(g["q"]) if g["q"].isdigit() else _COUNT_WORDS[g["q"].lower()])
            elif g.get("part"):
                n = {"half": 6, "quarter": 3}[g["part"].lower()]
            elif g.get("one"):
                n = 1
            else:
                n = int(g["n"]) if g["n"].isdigit() else _COUNT_WORDS[g["n"].lower()]
            if not 1 <= n <= 12:
                return None
            if g.get("sw"):  # "of the (current) season": the season the article's date is in
                if anchor is None:
                    return None, None, "period"
                current = anchor.year - (anchor.month < self.season_start)
                explicit = current - ((g["rels"] or "").lower() in ("last", "previous", "past"))
                g = {**g, "y2": "season"}
            if g.get("y2") and explicit is not None:  # the first months of a season
                first = self.season_start + n - 1
                end_year, end_month = explicit + (first - 1) // 12, (first - 1) % 12 + 1
                start = dt.date(explicit, self.season_start, 1)
                return start, _month_end(end_year, end_month), "period"
            y = explicit or _year_for(n, anchor)
            return (
                (None, None, "period")
                if y is None
                else (dt.date(y, 1, 1), _month_end(y, n), "period")
            )
        if kind == "months" and _SEASON_BRACKET.search(m.string, max(0, m.start() - 40), m.start()):
            m1, m2 = self.months[g["m1"].lower()], self.months[g["m2"].lower()]
            named = _SEASON_YEARS.findall(m.string, max(0, m.start() - 40), m.start())
            if (m2 - m1) % 12 == 11 or not named:
                return None, None, "undated"  # "marketing year 2023/24 (July-June)": its definition
            # "in 2024/25 MY (Sep-Feb)": those months of that season
            first = int(named[-1])
            y1, y2 = first + (m1 < self.season_start), first + (m2 < self.season_start)
            return dt.date(y1, m1, 1), _month_end(y2, m2), "period"
        if kind in ("months", "month"):
            m1 = self.months[g["m1"].lower()]
            m2 = self.months[g["m2"].lower()] if g.get("m2") else m1
            if (g.get("conn") or "").lower() == "and" and m2 != m1 % 12 + 1:
                return None  # "in January and March": two months, not a span

            y = explicit or _year_for(m2, anchor)
            if y is None:
                return None, None, "period"
            # "from September to March": across the year's end, ending in the year named
            return dt.date(y - (m2 < m1), m1, 1), _month_end(y, m2), "period"
        if kind == "months_season":
            m1, m2 = self.months[g["m1"].lower()], self.months[g["m2"].lower()]
            if g.get("sy"):  # the season's years are written
                first = int(g["sy"])
            elif anchor is None:
                return None, None, "period"
            else:
                first = anchor.year - (anchor.month < self.season_start)
                first -= g["ms"].lower() not in ("current", "this")
            y1 = first + (m1 < self.season_start)
            y2 = first + (m2 < self.season_start)
            return dt.date(y1, m1, 1), _month_end(y2, m2), "period"
        if kind == "season_rel":
            if anchor is None:
                return None
            current = anchor.year - (anchor.month < self.season_start)
            word = (g.get("rs") or "penultimate").lower()  # "before last": the penultimate
            if word == "new":  # "the new season": the one begun, or about to begin
                word = "next" if 0 < (self.season_start - anchor.month) % 12 <= 2 else "current"
            back = {"current": 0, "this": 0, "penultimate": 2, "next": -1, "coming": -1}.get(
                word, 1
            )
            first_year = current - back
            start = dt.date(first_year, self.season_start, 1)
            if back == 0:  # the season so far
                return start, anchor, "period"
            end = shift_years(start, 1) - dt.timedelta(days=1)
            return start, end, "period"
        if kind == "consecutive":
            n = int(g["n"]) if g["n"].isdigit() else _COUNT_WORDS.get(g["n"].lower(), 0)
            first = self.months[g["m1"].lower()]
            last = first + n - 1
            if n < 1 or last > 12:
                return None
            y = explicit or _year_for(last, anchor)
            if y is None:
                return None, None, "period"
            return dt.date(y, first, 1), _month_end(y, last), "period"
        if kind == "the_year":
            part = m.string[slice(*sentence_part(m.string, 0, len(m.string), m.start()))]
            if anchor is not None and _AHEAD.search(part) and not _DONE.search(part):
                # "trade will exceed $45 bn for the year": the whole of this year
                return dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31), "period"
            if anchor is None or anchor.month > 2:
                return None, None, "undated"
            return dt.date(anchor.year - 1, 1, 1), dt.date(anchor.year - 1, 12, 31), "period"
        if kind == "year_end":
            if anchor is None:
                return None
            return dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31), "deadline"
        if kind == "decade":
            if anchor is None:
                return None
            y = anchor.year // 10 * 10 + 10
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "deadline"
        if kind == "by":  # "$35 bn by 2030": the figure is for that year
            y = int(g["y"])
            if (
                anchor is not None
                and y < anchor.year
                and "end" in m.group().lower()
                and _PERFECT_DONE.search(m.string)
                and _STOCK.search(m.string)
            ):
                # "by the end of 2024, terminals of 5 Mt capacity had been built": a stock on
                # that day (a flow "had reached $45 bn by the end of 2024" is the year's)
                day = dt.date(y, 12, 31)
                return day, day, "period"
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "deadline"
        if kind == "five_year_plan":
            n = int(g["fyp"])
            if n < 6:  # the early plans did not run back to back
                return None
            first = 1981 + 5 * (n - 6)
            return dt.date(first, 1, 1), dt.date(first + 4, 12, 31), "period"
        if kind == "past":
            if anchor is None:
                return None, None, "period"
            n = int(g["n"]) if g["n"].isdigit() else _COUNT_WORDS[g["n"].lower()]
            try:
                start = anchor.replace(year=anchor.year - n)
            except ValueError:  # 29 February
                start = anchor.replace(year=anchor.year - n, day=28)
            return start, anchor, "period"
        if kind == "past_months":
            if anchor is None:
                return None, None, "period"
            n = int(g["n"]) if g["n"].isdigit() else _COUNT_WORDS[g["n"].lower()]
            first = anchor.year * 12 + anchor.month - 1 - n  # months since year 0, 0-based
            end = anchor.replace(day=1) - dt.timedelta(days=1)
            return dt.date(first // 12, first % 12 + 1, 1), end, "period"
        if kind == "next":
            if anchor is None:
                return None, None, "period"
            n = int(g["n"]) if g["n"].isdigit() else _COUNT_WORDS[g["n"].lower()]
            return dt.date(anchor.year + 1, 1, 1), dt.date(anchor.year + n, 12, 31), "period"
        if kind == "fiscal":
            y = int(g["fy"]) + (2000 if len(g["fy"]) == 2 else 0)
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
        if kind == "relative":
            if anchor is None:
                return None, None, "period"
            # ("the outgoing year", in a year's last weeks: this year)
            shift = {"last": -1, "previous": -1, "past": -1, "next": 1}
            shift |= {"this": 0, "current": 0, "outgoing": 0}
            word = (g.get("rel") or g.get("rel2") or "").lower()
            if word == "outgoing" and anchor.month <= 2:
                word = "last"  # "the outgoing year" in January: the year just ended
            y = anchor.year + shift[word]
            if shift[word] == 0:
                if (_AHEAD.search(m.string) and not _DONE.search(m.string)) or _CROP.search(
                    m.string
                ):
                    # "the harvest this year is forecast at …": the whole year; a harvest, a
                    # crop, is the year's ("harvested 26.7 Mt of grain this year")
                    return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
                return dt.date(y, 1, 1), anchor, "period"  # so far, up to the article's date
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
        y = int(g["y"])
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "period"
