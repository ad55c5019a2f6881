"""How claims are dated beyond their own period expression: what words dated each (for
``Claim.dated_by``), the two periods of a "from X in P1 to Y in P2" that a later "over the same
period" reuses, and whether a figure is a target or a forecast (``Claim.outlook``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

from corridor.claims._claim import (
    Claim,
    Span,
    date_of,
    months_of,
    written_as_pair,
    years_later,
)
from corridor.claims._periods import PeriodMention
from corridor.claims._verbs import CHANGED, FLOWED, GOAL, LEVEL, PARTICIPLES, WAS, words

#: words that make a figure a forecast, wherever its period lies
_FORECAST_VERB = re.compile(
    # (not a level set against one foreseen: "higher than expected", "as forecast")
    r"(?<!\bthan )(?<!\bas )(?<!\bthan previously )"
    r"\b(?:forecast(?:s|ed|ing)?|expect(?:s|ed)?|projected|predict(?:s|ed)?|sees|seen at|"
    r"anticipat(?:es|ed)|likely to|(?:is|are) set to|will|would|could|might|(?-i:may))\b",
    re.I,
)
_AND_BEFORE = re.compile(r",\s+and\s+\Z")
#: a noun's own figure right after it: "the target of $35 bn", "a forecast at 12 Mt"
_NOUN_OF_FIGURE = re.compile(r"\s(?:of|at)\s(?:about\s|some\s|nearly\s)?(?:[A-Z]{3}\s?)?[$€¥£\d]")
_FORECAST_NOUN = re.compile(r"(?<!\bthan )\b(?:forecasts?|projections?|outlook)\b", re.I)
#: words that make a figure a goal whatever its measure: "aimed to harvest", "agreed to ship"
_GOAL_VERB = re.compile(rf"\b(?:{words(GOAL)})\b", re.I)
_GOAL_NOUN = re.compile(
    r"\b(?:target|goal|agreed\s(?:volume|level|figure|amount|plan)s?|planned\s(?:volume|level)s?)\b",
    re.I,
)
#: a verb that reports a level reached, right before a figure: it is no goal
_REPORTED_VERB = re.compile(
    rf"(?<!to )\b(?:{words(LEVEL, ('was recorded at',))})\s"
    r"(?:about |some |nearly |almost |over |more than |approximately )?(?:[A-Z]{3}\s?|\$)?\Z",
)
#: the words that make the figure after them a change's base
_BASE_BEFORE = re.compile(
    r"\b(?:from|than|compared (?:with|to)|versus|vs\.?|against|"
    r"after(?:\s(?:reaching|hitting|totall?ing|topping|amounting to|"
    # "after rising 12 % in 2023", "after a 12 % rise"
    r"(?:growing|rising|increasing|falling|declining|dropping|jumping|surging)(?:\s(?:to|by))?))?)\s"
    r"(?:about |some |nearly |almost |over |more than |just |a mere )?(?:[A-Z]{3}\s?|\$)?\Z",
    re.I,
)
#: a figure said to be done right after it: "27 Mt were carried", "$2 bn has been invested"
DONE_AFTER = re.compile(
    r"(?:\sof\s[a-z]+)?\s(?:(?:were|was|have been|has been|had been)\s(?:already\s)?"
    # (not "were planned", "was expected": a goal, a forecast)
    r"(?!(?:planned|targeted|expected|projected|forecasted|estimated|scheduled|envisaged|"
    r"intended|agreed|budgeted|earmarked|allocated|needed|required|set|anticipated)\b)"
    rf"(?:{words(FLOWED)}|[a-z]+ed)\b(?!\s(?:to|for)\b)"
    # "…, with 12 Mt shipped": a flow done, written after its figure
    rf"|(?:{words(FLOWED)})\b(?=\s*(?:[,.;]|$|\s(?:in|last|this|by|during|from|to)\b)))",
    re.I,
)
#: a figure said to be planned or expected right after it: "29 Mt were planned"
_OUTLOOK_AFTER = re.compile(
    r"(?:\sof\s[a-z]+)?\s(?:is|are|was|were|has been|have been)\s(?:also\s)?"
    r"(?:(?P<target>planned|targeted|envisaged|scheduled|budgeted|earmarked)"
    r"|(?P<forecast>expected|projected|forecast|forecasted|anticipated))\b",
    re.I,
)


#: the present right after a figure: "12 Mt now", "8,000 TEU at present"
NOW_AFTER = re.compile(
    r"(?:\sof\s\w+)?\s(?:now|currently|at present|today|at the moment)\b(?![,\s]+\w+ing\b)",
    re.I,
)
#: a crop, whose size is known once harvested, early in the season it is the crop of
_HARVEST = re.compile(r"\b(?:production|harvest(?:ed)?|crops?|output)\b", re.I)


def _harvested(start: dt.date | None, anchor: dt.date) -> bool:
    """Whether the crop of a year or season starting on ``start`` is in by ``anchor``: a
    season's some three months after it starts, a calendar year's by October."""
    if start is None:
        return False
    if start.month == 1:
        return anchor >= dt.date(start.year, 10, 1)
    return anchor >= start + dt.timedelta(days=90)


#: words that make a figure for a period not yet over a forecast ("estimated at 1.3 Mt")
_ESTIMATE_WORD = re.compile(r"\b(?:estimat\w*|put at|assessed at)\b", re.I)


def outlook(
    text: str,
    anchor: dt.date | None,
    measure: str,
    clause: tuple[int, int],
    figure: tuple[int, int],
    period: tuple[dt.date | None, dt.date | None],
    *,
    deal: bool = False,
    aside: tuple[tuple[int, int], ...] = (),
) -> str | None:
    """ "target" for a goal, a plan or an agreed volume; "forecast" for a figure said to be
    expected, foreseen or estimated for a period not yet over (or with a forecast word in
    its clause: "the ministry sees the harvest at …"), or planned or expected right after it
    ("29 Mt were planned"); else None (a figure reported, said done right after it — "27 Mt
    were carried" — or of the present: "12 Mt now"). Verbs and nouns in ``aside`` (relative
    clauses the figure is not in) do not count."""
    start, end = figure[0], period[1]
    if deal or DONE_AFTER.match(text, figure[1]) or NOW_AFTER.match(text, figure[1]):
        # (a deal's size — "expected to sign agreements worth $1 bn" — foresees no flow)
        return None
    said = _OUTLOOK_AFTER.match(text, figure[1])
    if said is not None:
        return "target" if said["target"] else "forecast"
    reported = (
        end is not None
        and anchor is not None
        and end < anchor
        and (
            _REPORTED_VERB.search(text, max(clause[0], start - 60), start) is not None
            or _BASE_BEFORE.search(text, max(0, start - 40), start) is not None
        )
    )
    if reported:
        # "the volume of 2022, which amounted to 23.2 Mt" in a sentence of plans; the base of
        # a forecast's change ("expected at 12 Mt, down from 14.3 Mt in 2020")
        return None
    # verbs govern the figure after them ("plans to export 1 Mt"); nouns may follow it
    # ("the $35 bn target")
    before = (clause[0], start)
    if (
        _AND_BEFORE.search(text, max(0, clause[0] - 8), clause[0])
        and len(text[clause[0] : start].split()) <= 4
    ):
        # "sees the harvest at 16 Mt, and exports at 6 Mt": the verb of the clause before
        # governs a clause that has none of its own
        sentence = max(text.rfind(". ", 0, clause[0]), text.rfind("\n", 0, clause[0])) + 1
        before = (sentence, start)
    past = end is None or anchor is None or end <= anchor

    def governs(verb: re.Pattern[str]) -> bool:
        """A verb before the figure governs it unless a verb of a level reached stands
        between them ("Kazakhstan, which will host the summit, exported $2 bn in 2023")."""
        found = [m for m in verb.finditer(text, *before) if not _within(m, aside)]
        return bool(found) and not (past and _REACHED.search(text, found[-1].end(), start))

    def named(noun: re.Pattern[str]) -> bool:
        """A noun in the clause names the figure, unless it is written after it with a figure
        of its own ("…, above the earlier forecast of $1 bn")."""
        return any(
            (m.start() < figure[1] or not _NOUN_OF_FIGURE.match(text, m.end()))
            and not _within(m, aside)
            for m in noun.finditer(text, *clause)
        )

    if governs(_GOAL_VERB) or named(_GOAL_NOUN):
        return "target"
    if measure == "target" and not governs(_FORECAST_VERB):
        # (a deadline with a forecast verb, "by the end of 2024 trade is expected to exceed
        # $43 bn", is a forecast)
        return "target"
    if governs(_FORECAST_VERB) or named(_FORECAST_NOUN):
        return "forecast"
    if (
        end is not None
        and anchor is not None
        and end > anchor
        and _ESTIMATE_WORD.search(text, *clause)
        # (a crop harvested is no forecast: "production in 2023-24 is estimated at 12.1 Mt"
        # in April 2024)
        and not (_HARVEST.search(text, *clause) and _harvested(period[0], anchor))
    ):
        return "forecast"
    if period[0] is not None and anchor is not None and period[0] > anchor:
        return "forecast"  # a figure for a time still to come: "analysts see $60 bn in 2026"
    return None


#: what says a level was reached between a forecast verb and a figure of a time gone by:
#: "is expected to remain the main market, accounting for 40 % of exports in 2023"
_REACHED = re.compile(
    rf"\b(?:{words(LEVEL, CHANGED, FLOWED, WAS, PARTICIPLES)})\b",
    re.I,
)


def _within(m: re.Match[str], spans: tuple[tuple[int, int], ...]) -> bool:
    """Whether a word found is inside one of ``spans`` (a relative clause about something
    else: "The terminal, which will handle 1 Mt a year, cost $50 m")."""
    return any(a <= m.start() and m.end() <= b for a, b in spans)


def pair_spans(text: str, claims: list[Claim]) -> tuple[Span, Span] | None:
    """The two periods of the last "from X in P1 to Y in P2" of ``claims`` (None if none)."""
    for a, b in reversed(list(itertools.pairwise(claims))):
        first: Span = (date_of(a.period_start), date_of(a.period_end))
        second: Span = (date_of(b.period_start), date_of(b.period_end))
        if (
            written_as_pair(text, a, b)
            and first != second
            and months_of(first) == months_of(second) is not None
        ):
            return first, second
    return None


def date_pairs_again(claims: list[Claim], before: Span, pair: tuple[Span, Span]) -> None:
    """ "over the same period - from 515 to 1035 dollars": after "from $428 in March 2021 to
    $761 in March 2022", a pair dated by "the same period" takes the two periods in turn."""
    for i in range(len(claims) - 1):
        a, b = claims[i], claims[i + 1]
        if (a.relation, b.relation) != ("from", "to"):
            continue
        if (date_of(b.period_start), date_of(b.period_end)) != before:
            continue
        for k, (start, end) in ((i, pair[0]), (i + 1, pair[1])):
            claims[k] = dataclasses.replace(
                claims[k],
                period_start=start.isoformat() if start else None,
                period_end=end.isoformat() if end else None,
            )


class Origins:
    """Which words set each period, so that a claim can say what dated it: the nearest
    expression of the claim's own sentence with its period, else the latest earlier one (the
    paragraph's, the lead's, the headline's); a period a year before one of those is "a year
    before" it."""

    def __init__(self, text: str, anchor: dt.date | None = None) -> None:
        self._text = text
        self._anchor = anchor  # the article's date
        self._earlier: dict[Span, tuple[int, int]] = {}
        # … and those that name a year or season so far (ending on the article's date), by start
        self._so_far: dict[dt.date | None, tuple[int, int]] = {}
        self._here: list[PeriodMention] = []

    def sentence(self, periods: list[PeriodMention]) -> None:
        self._here = [p for p in periods if p.period_end is not None]

    def remember(self) -> None:
        for p in self._here:
            self._earlier[(p.period_start, p.period_end)] = (p.start, p.end)
            if self._anchor is not None and p.period_end == self._anchor:
                self._so_far[p.period_start] = (p.start, p.end)

    def _nearest_here(self, span: Span, near: int, so_far: bool = False) -> tuple[int, int] | None:
        """The words of this sentence nearest ``near`` that name ``span`` (or, ``so_far``, the
        part of it up to the article's date)."""
        if so_far:
            local = [
                p
                for p in self._here
                if p.period_start == span[0] and p.period_end == self._anchor is not None
            ]
        else:
            local = [p for p in self._here if (p.period_start, p.period_end) == span]
        if not local:
            return None
        best = min(local, key=lambda p: abs(p.start - near))
        return best.start, best.end

    def _find(self, span: Span, near: int) -> tuple[int, int] | None:
        return self._nearest_here(span, near) or self._earlier.get(span)

    def trace(self, c: Claim) -> Claim:
        if c.period_end is None:
            return c
        span: Span = (date_of(c.period_start), date_of(c.period_end))
        # the sentence's own words for the span, or for a year or season a goal covers whole
        # that they name so far ("the current season": from its start to the article's date)
        found = (
            self._nearest_here(span, c.start)
            or self._nearest_here(span, c.start, so_far=True)
            or self._earlier.get(span)
        )
        prefix = ""
        for back in (1, 2, 3, -1):
            if found is not None:
                break
            found = self._find(years_later(span, back), c.start)
            if found is not None:
                prefix = {1: "a year before ", -1: "a year after "}.get(
                    back, f"{back} years before "
                )
        if found is None:
            # a part of a span written once ("from $21 bn in 2013 to …" over 2013-2023)
            inside = [
                p
                for p in self._here
                if p.period_start is not None
                and span[0] is not None
                and span[1] is not None
                and p.period_start <= span[0]
                and span[1] <= p.period_end  # type: ignore[operator]
            ]
            if inside:
                best = min(inside, key=lambda p: abs(p.start - c.start))
                found, prefix = (best.start, best.end), ""
        if found is None:  # … or the words earlier in the text
            found = self._so_far.get(span[0])
        if found is None:
            return self._joined(c, span)
        return self.dated(c, found, prefix)

    def _joined(self, c: Claim, span: Span) -> Claim:
        """A span from where one expression starts to where another ends ("Since 2013 …
        last year" of an average annual rate): both, "Since 2013 to last year"."""
        known = [((p.period_start, p.period_end), (p.start, p.end)) for p in self._here]
        known += list(self._earlier.items())
        first = next((w for (a, _), w in known if a is not None and a == span[0]), None)
        last = next((w for (_, b), w in known if b is not None and b == span[1]), None)
        if first is None or last is None or first == last:
            return c
        said = [" ".join(self._text[w[0] : w[1]].split()) for w in (first, last)]
        return dataclasses.replace(c, dated_by=" to ".join(said), dated_at=first[0])

    def dated(self, c: Claim, words: tuple[int, int], prefix: str = "") -> Claim:
        """``c`` saying that the words at ``words`` (offsets) dated it."""
        said = " ".join(self._text[words[0] : words[1]].split())
        return dataclasses.replace(c, dated_by=prefix + said, dated_at=words[0])
