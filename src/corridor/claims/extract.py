"""Quantitative claims in text: amount, unit, what it measures, period, places, qualifier.

Rule-based and driven by data: the words are in ``data/claims/vocabulary.yaml`` and the network
file, the rules (below) are general — a number with a currency, a percent sign, a unit or a count
noun is a claim; what it measures is read from the nearest keywords of its sentence; its period
from the nearest period expression, anchored to the article's date. Offsets are character
offsets into the document's text.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from corridor.claims._claim import Claim as Claim  # the claim's type, read from here
from corridor.claims._claim import Span, date_of, months_of, years_later
from corridor.claims._context import (
    BACK_REFERENCE,
    COMPARED,
    LIST_ITEM,
    Lead,
    aside,
    headline_from_lead,
    main_period,
    moved_on,
    referent,
    restated_in_body,
)
from corridor.claims._dating import (
    DONE_AFTER,
    NOW_AFTER,
    Origins,
    date_pairs_again,
    outlook,
    pair_spans,
)
from corridor.claims._figures import MONEY as MONEY  # the currencies, read from here
from corridor.claims._figures import SPLIT_NUMBER, UNIT_CLASS, Figures, Mention
from corridor.claims._lists import PART_OF, listed_measure, listed_period
from corridor.claims._pairs import (
    BASE_BEFORE,
    BRACKETED_AFTER,
    CLAUSE_TURN,
    CLOSED,
    PAIRS_BACK,
    YEAR_COLON,
    belongs_before,
    bracketed_apart,
    comparative_year,
    comparison_owner,
    date_from_figures,
    dates_a_base,
    parallel_period,
    present_before_goal,
)
from corridor.claims._periods import (
    _BASE_WORD,
    SAME,
    PeriodFinder,
    PeriodMention,
    calendar_year,
    day_named,
    first_months,
    possessive,
    sentence_part,
    shift_years,
    statement_day,
)
from corridor.claims._tables import (
    Cell,
    Table,
    column_unit,
    find_tables,
    number_cell,
    table_measure,
    table_outlook,
)
from corridor.claims._verbs import AHEAD, CHANGED, CHANGES, DONE, FLOWED, GOAL, LEVEL, WAS, words
from corridor.claims._vocabulary import Vocabulary, alternation

Measure = Literal[
    "turnover",
    "exports",
    "imports",
    "growth",
    "share",
    "target",
    "investment",
    "capacity",
    "cost",
    "length",
    "volume",
    "rate",
    "other",
]

#: Measures of flows over time: without a period of their own they take the paragraph's.
INHERITS = frozenset(
    {"turnover", "exports", "imports", "growth", "volume", "cost", "investment", "share"}
)


def _inherits(measure: str, unit: str, moved: bool = False) -> bool:
    """Whether a figure without a period of its own takes the one its text set before: flows,
    growth and shares, and amounts of money or tonnes of any measure; counts (vehicles, trains,
    TEU) only when ``moved``, a verb of traffic over time in their clause ("handled 3,200
    trains", "accounted for 546,000 TEU"); not lengths or other timeless figures."""
    cls = UNIT_CLASS.get(unit, "other")
    return (
        measure in INHERITS
        or (measure == "other" and cls in ("money", "mass", "percent"))
        or (measure == "other" and cls == "count" and moved)
    )


#: a rate after a count: "trains per day", "vehicles a day", "TEU a year"
_PER_TIME = re.compile(
    r"\b(?:per|a|an|each|every)\s(?:day|week|month|year|hour)\b|/\s?(?:day|d|year|yr)\b", re.I
)
#: a verb of traffic over a period: what makes a count a flow ("the port handled 3,200 trains")
_MOVED = re.compile(
    r"\b(?:handl\w*|cross\w*|transport\w*|ship\w*|carr(?:y|ies|ied|ying)|pass\w*|"
    r"accounted for|dispatch\w*|sent|ran|made|transit\w*|reach\w*|amount\w*|total\w*|"
    r"process\w*|arriv\w*|depart\w*|via|"
    # "the number of trucks was 95,000" (not of trucks waiting in a queue)
    r"number of (?:\w+\s)?(?:trucks|vehicles|trains|wagons|containers|trips|flights|lorries)"
    r"(?![^.;]{0,60}\b(?:queue|queuing|queueing|waiting|stuck|parked)\b)|"
    # a count that changed over the period: "container traffic rose to 480,000 TEU"
    rf"{words(CHANGED)})\b",
    re.I,
)


#: a report's verb: what makes a day named the day of saying, not of doing
_SAID = re.compile(r"\b(?:said|says|reported|announced|stated|noted|told|according)\b", re.I)
#: vehicles waiting: "the queue reached 1,200 trucks", "800 trucks were waiting"
_QUEUE = re.compile(r"\b(?:queu\w*|waiting|stuck|lined up|backlog)\b", re.I)
#: a share of a season's work done: "90 percent complete", "62 % of the area threshed"
_PROGRESS = re.compile(
    r"\s(?:of (?:the )?(?:[a-z]+ ){0,3})?(?:complete[d]?|done|finished|harvested|threshed|sown|"
    r"planted)\b",
    re.I,
)


_FUTURE = re.compile(rf"\b(?:{words(GOAL, AHEAD)})\b", re.I)


def _year_after_base(
    periods: list[PeriodMention], part: tuple[int, int], carried: Span, anchor: dt.date | None
) -> Span | None:
    """ "The parties agreed to transport 26.8 Mt, which is 3.6 Mt more than in 2022" after a
    sentence about October: a goal with no period of its own set against a whole year is a
    whole year's, the one after its base (not the shorter period the text set before)."""
    if calendar_year(*carried):
        return None
    bases = [
        p
        for p in periods
        if p.kind == "base"
        and part[0] <= p.start < part[1]
        and calendar_year(p.period_start, p.period_end)
    ]
    if not bases or any(p.kind == "period" and part[0] <= p.start < part[1] for p in periods):
        return None
    start = bases[-1].period_start
    assert start is not None
    year = start.year + 1
    if anchor is not None and year > anchor.year:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass(frozen=True)
class _Places:
    named: list[tuple[int, str]]  # (offset, code) of each country or region named
    crossings: tuple[str, ...]


#: a relative clause between commas: ", which exported …,"
_RELATIVE = re.compile(
    # (a comma inside a number, "600,000", does not end it)
    r",\s(?:which|who|that|when)\s(?:[^,;]|,(?=\d))*?(?=,(?!\d)|;|\.(?:\s|$)|$)",
    re.I,
)


def _relative_clause(
    text: str, pos: int, part: tuple[int, int], periods: Sequence[PeriodMention] = ()
) -> tuple[int, int]:
    """The relative clause (", which exported $14 bn in 2023,") that holds ``pos`` within
    ``part``, or an empty span; a clause opened by "when" holds the period before it ("set in
    2022, when trade was $24 bn")."""
    start = text.rfind(", ", part[0], pos)
    if start < 0:
        return pos, pos
    m = _RELATIVE.match(text, start, part[1])
    if m is None or m.end() <= pos:
        return pos, pos
    if text[m.start() + 2 : m.start() + 6].lower() == "when":
        before = [p for p in periods if p.kind == "period" and 0 <= m.start() - p.end <= 1]
        return (before[0].start if before else m.start()), m.end()
    return m.start(), m.end()


#: a change followed by the two values it connects ("by 66 %, from X … to Y …")
_FROM_AFTER = re.compile(r"\W{0,3}from\b", re.I)
#: the present state: "at present", "currently", "now accounts for", "Today, …"
_PRESENT = re.compile(
    r"\b(?:at present|presently|currently|nowadays|at the moment|as things stand)\b"
    r"|(?<!\bby )(?<!\buntil )(?<!\bup to )(?<!\bfrom )\bnow\b(?!\s(?:that|than)\b)"
    r"|(?:^|[.;:]\s|\n)today,",
    re.I,
)
#: a span the text does not place: "in just three months", "within two weeks"
_UNPLACED = re.compile(
    r"\b(?:in|within)\s(?:just|only|a mere)\s(?:\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s(?:days|weeks|months)\b",
    re.I,
)
#: a deal's size: "contracts worth", "agreements worth more than"
_DEAL = re.compile(
    r"\b(?:contracts?|agreements?|deals?|documents?|memorand(?:um|a)|investment projects?|"
    r"projects?)\b"
    r"[^.;]{0,40}?\b(?:worth|valued at|(?P<each>each)\s(?:exceeding|over|above|of|worth))\b"
    r"[^.;\d$]{0,25}$",
    re.I,
)
#: one shipment: "the first batch of", "a consignment of"
_SHIPMENT = re.compile(
    r"\b(?:batch|consignment|shipment|cargo)\s(?:of\s)?(?:about\s|some\s|over\s)?$", re.I
)
#: a comparison written with its own base word ("compared with the same period last year")
_INTRODUCED = re.compile(r"(?:compared|from|against|versus|vs\b)", re.I)
#: what a possessive period owns before its figure: "last year's total of ", "2022's level, "
_OWNED = re.compile(
    rf"\s(?:[a-z-]+\s){{0,2}}(?:of|at|{words(LEVEL, WAS)}|(?:{words(CHANGED)})(?:\s(?:to|by))?|,)"
    r"\s(?:about\s|some\s)?",
    re.I,
)
_WHEN = re.compile(r",?\s(?:when|in which|during which)\b", re.I)
_AVERAGE_ANNUAL = re.compile(
    r"\b(?:(?:average|mean)\s(?:annual|yearly)|annual(?:ly)?\s(?:on\s)?average|"
    r"compound annual|CAGR|a year on average)\b",
    re.I,
)
#: a currency sign or code that may stand before a figure, and the figure's start
_MONEY_SIGN = r"(?:[$€£¥]|US\$|USD\s?|CNY\s?)?\s*$"
#: a level a goal raises something to: "agreed to raise trade to", "plans to bring it to"
_RAISE_TO = re.compile(
    rf"\b(?:raise|increase|bring|boost|lift|expand|double|grow|take)\b[^.;\d]{{0,30}}?\bto\s*"
    rf"{_MONEY_SIGN}",
    re.I,
)
#: a span of years written with its years: "between 2020 and 2023", "2019-2023", "(2021-25)"
_YEARS_WRITTEN = re.compile(r"(?:19|20)\d\d\D{1,9}(?:(?:19|20)?\d\d)\b")
#: a level the change reached, written just before the figure: "doubled to", "rose to"
_REACHED = re.compile(
    r"\b(?:doubled|tripled|trebled|quadrupled|rose|risen|grew|grown|increased|climbed|jumped|"
    r"surged|soared|expanded|fell|fallen|declined|dropped|decreased|shrank)\b"
    r"(?:\s(?:by\s)?(?:almost\s|nearly\s|about\s)?\d[\d.,]*\s?(?:%|percent|per cent))?"
    r"[^.;\d]{0,25}?"
    rf"\bto\s*{_MONEY_SIGN}",
    re.I,
)


def _years_of_a_rate(
    span: Span,
    anchor: dt.date | None,
    carried: Span | None,
    base: dt.date | None,
    since: dt.date | None = None,
) -> Span:
    """The years an average annual rate is over: "since 2017 … an average annual rate of
    18 %" runs to the last year ended, not to the article's day; a rate with no period of its
    own after "… tripled last year from 2014" (``base``: the base year of the sentence before)
    runs from that base to the period carried."""
    ps, pe = span
    if since is not None and ps is not None and since < ps:
        ps = since  # "Since 2013, trade grew to $X last year, an average annual 6 %": 2013 on
    if anchor is not None and pe == anchor and ps is not None and ps.year < anchor.year:
        pe = dt.date(anchor.year - 1, 12, 31)
    if base is not None and ps is not None and (ps, pe) == carried and base < ps:
        ps = base
    return ps, pe


def _end_of_span(text: str, p: PeriodMention, mention: Mention) -> Span:
    """The period of a figure dated by ``p``; over a span of whole years written with its years,
    the level a change started from ("from $21 bn") is the first year's and the level it
    reached ("doubled to $41 bn") the last year's; any other figure is the span's (a total,
    a rate over it)."""
    a, b = p.period_start, p.period_end
    if (
        a is not None
        and b is not None
        and b.year - a.year > 1
        and (a.month, a.day) == (b.month, b.day)
        and (
            mention.relation == "to"
            or _REACHED.search(text, max(0, mention.start - 60), mention.start)
        )
    ):
        # "in the past five years, trade grew by 60 % to $31 bn": the level of a year the
        # text does not name (the last with data), not a total over the window
        return None, None
    if (
        a is None
        or b is None
        or b.year == a.year
        or (a.month, a.day, b.month, b.day) != (1, 1, 12, 31)
        or not _YEARS_WRITTEN.search(text, p.start, p.end)
    ):
        return a, b
    if mention.relation == "from":
        return a, dt.date(a.year, 12, 31)
    if mention.relation == "to" or _REACHED.search(text, max(0, mention.start - 60), mention.start):
        return dt.date(b.year, 1, 1), b
    return a, b


#: words that make the period after them a base of comparison: "than", "twice as much as"
_COMPARATIVE = re.compile(
    r"\bthan\b|\bas (?:much|many|high|large|big|low)\b|\btwice\b|\btimes\b", re.I
)

_THE_PREVIOUS = re.compile(r"\b(?:previous|preceding|prior) (?P<unit>month|quarter)\b", re.I)
_EXPORTS_OR_HARVEST = re.compile(
    r"\b(?:exports?|exported|shipments?)\b"
    r"|\b(?P<harvest>harvest\w*|output|production|crop|yield)\b",
    re.I,
)
#: a volume agreed for a period is all of it ("agreed to carry 25 Mt this year")
_AGREED = re.compile(r"\bagreed to\b", re.I)
_SAME_PERIOD = re.compile(rf"\bthe (?:{SAME} (?:period|time|months)|period)\b", re.I)


#: a share's "of the" before the period of its whole, and the whole after it
#: the words right after an amount that may name what it measures: "in trade turnover"
_NAMED_AFTER = re.compile(
    # "$5.26 billion in trade turnover", "$2 bn of exports", "$43.8 bn – trade in 2024"
    r"\s(?:in|of|worth of|[–—-])\s(?:[A-Za-z-]+\s){0,2}?[A-Za-z-]+(?=[\s,.;]|$)"
)
#: a figure's subject that refers back to the flow spoken of: "they were", "the figure stood at"
_SAME_SUBJECT = re.compile(
    r"\b(?:it|they|the (?:figure|indicator|number|value|volume|total))\s"
    rf"(?:{words(LEVEL, WAS, ('had been', 'has been', 'is', 'are'))})\s"
    r"(?:about |some |nearly |almost |over |more than |only |just )?(?:[A-Z]{3}\s?|\$|US\$)?\Z",
    re.I,
)
#: a rate in brackets right after an amount: "$43.8 bn (46 %)"
_BRACKETED_SHARE = re.compile(
    r"\d\s?(?:[a-z]+\.?\s?){0,3}\(\s?(?:about\s|some\s|nearly\s|over\s)?$", re.I
)
#: … unless it says what it is above or below: "(9 % above plan)"
_COMPARED_RIGHT = re.compile(
    r"\s*(?:above|below|more|less|higher|lower|over|under|than|up|down|ahead|behind)\b", re.I
)
_SINCE = re.compile(r"since\b", re.I)
_LAST_YEAR = re.compile(
    r"(?:the\s)?(?:last|previous|prior|preceding)\s(?:year|season|marketing\syear)", re.I
)
#: what may stand between a base figure and its "last year": " in the ", " during the "
_BASE_TO_YEAR = re.compile(r"\s?(?:(?:in|during|over|for)\s)?(?:the\s)?", re.I)
#: a flow done: "shipped", "exported", "carried"
_FLOW_DONE = re.compile(rf"\b(?:{words(FLOWED)})\b", re.I)
#: a planning period's name: "the 14th Five-Year Plan (period)"
_PLAN_PERIOD = re.compile(r"\bfive[- ]year\splan\b", re.I)
_FLOW_MEASURES = frozenset({"turnover", "exports", "imports", "volume", "investment"})
#: a verb of a level reached in the past
_LEVEL_DONE = re.compile(rf"\b(?:{words(LEVEL, WAS)})\b", re.I)
#: a verb or adverb of change right before a rate: "…, up 25 %", "rose by 8 %"
_CHANGE_BEFORE = re.compile(
    rf"\b(?:up|down|{words(CHANGED, CHANGES)})\s(?:by\s)?"
    r"(?:about\s|some\s|nearly\s|almost\s|over\s|more than\s|roughly\s)?\Z",
    re.I,
)
_SHARE_OF = re.compile(r"\sof\s(?:the\s|its\s|their\s|last\s)?", re.I)
_WHOLE_AFTER = re.compile(r"(?:['’]s)?\s(?:total|level|figure|volume|result|amount)s?\b", re.I)


#: a sentence that opens with a subordinate clause, up to the comma that ends it
_OPENING_CLAUSE = re.compile(r"\s*(?:While|Whereas|Although|Though)\s[^,;]{1,200}?,\s")
#: a clause a speaker adds: "…, the ministry said, adding that 23 Mt were carried last year"
_REPORTED_CLAUSE = re.compile(
    r",\s+(?:adding|noting|saying|stressing|explaining|recalling)\s+(?:that\s+)?"
)
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:and|while|but|whereas|although|after|because)\s+|\s+but\s+|\s[–—]\s|"
    + _REPORTED_CLAUSE.pattern
)
#: a month's abbreviation before a number ("Jan.–Oct. 2024", "Oct. 15") ends no sentence
_MONTH_DOT = "".join(
    rf"(?<!\b{m}\.)"
    for m in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
)
#: a sentence ends at . ! ? before a space and a capital, digit, quote or bracket — or, in
#: copy whose spaces were lost ("… reported."In 9 months", "says.The carrier"), right after a
#: lower-case word and before a capitalised one (never inside "U.S." or a number)
_SENTENCE = re.compile(
    # (a numbered list's "1." at a line's start ends no sentence)
    r"[^\n]+?(?:(?<!\bU\.S)(?<!\bU\.K)(?<!\bU\.N)(?<!^\d)(?<!^\d\d)[.!?](?:(?=\s+[\"“(A-Z])|"
    + _MONTH_DOT
    + r"(?=\s+[0-9])|(?<=[a-z]{2}[.!?])[\"”]?(?=[\"“]?[A-Z][a-z]))|$)",
    re.M,
)
#: A change written after the figure: "25 % more", "12 percent higher", "30% up".
_CHANGE_AFTER = re.compile(
    r"\s*(?:more|higher|lower|less|up|down|increase|rise|jump|growth|gain|drop|decline|fall)\b",
    re.I,
)
#: An exchange rate: an amount per unit of another currency ("6.7 yuan per dollar",
#: "6.9 yuan to the U.S. dollar", "1 USD = 7.1 CNY"), or named as a rate.
_RATE_BASE = (
    r"(?P<base>(?:US|U\.S\.)?\s?dollars?|USD|US\$|\$|yuan|renminbi|CNY|RMB|tenge|KZT|euros?|EUR|"
    r"roubles?|rubles?|RUB)"
)
_RATE_AFTER = re.compile(
    r"\s*(?:per|to the|to one|to a|to 1|for (?:one|a|each|1)|/|=|against the)\s*(?:1\s)?"
    + _RATE_BASE,
    re.I,
)
_RATE_BEFORE = re.compile(
    r"(?:exchange rate|rate of exchange|exchange(?:d)? at|rate (?:of|at|was|stood at)|"
    r"(?:one|a|1)\s(?:US\s|U\.S\.\s)?(?:dollar|USD|yuan|euro)\s(?:bought|buys|cost|costs|was|=))"
    r"[^.;]{0,25}$|=\s*$",
    re.I,
)
_RATE_CODES = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "us$": "USD", "$": "USD",
    "yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rmb": "CNY", "tenge": "KZT", "kzt": "KZT",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB", "rub": "RUB",
}  # fmt: skip


#: The longest stretch read as one sentence (three times the longest sentence of the articles
#: the rules were written from); longer ones are read in pieces cut at a space, which keeps the
#: reader's time linear in the length of any text.
MAX_SENTENCE = 1000


class _Clauses:
    """The clause breaks of one sentence, found once, to find any position's clause by
    bisection."""

    def __init__(self, text: str, s0: int, s1: int) -> None:
        self.breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text, s0, s1)]
        opening = _OPENING_CLAUSE.match(text, s0, s1)
        if opening is not None:  # "While in 2022 exports totalled $10 bn, last year …"
            self.breaks = sorted({(opening.end() - 2, opening.end()), *self.breaks})
        self.ends = [b[1] for b in self.breaks]
        self.s0, self.s1 = s0, s1

    def of(self, pos: int) -> tuple[int, int]:
        """The clause that holds ``pos``: from the end of the last break before it to the start
        of the first break after it."""
        i = bisect.bisect_right(self.ends, pos)
        start = self.breaks[i - 1][1] if i else self.s0
        end = next((b[0] for b in self.breaks[i:] if b[0] >= pos), self.s1)
        return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` (a line break always ends one, unless it splits a
    number: "a 28." / "4-percent growth"; a sentence longer than :data:`MAX_SENTENCE`
    characters is cut into pieces at spaces)."""
    spans: list[tuple[int, int]] = []
    joined = -1  # where a sentence that goes on after a split number started
    for m in _SENTENCE.finditer(text):
        if not m.group().strip():
            continue
        s, e = m.start(), m.end()
        if joined >= 0:
            s, joined = joined, -1
        split = SPLIT_NUMBER.search(text, max(s, e - 5), min(len(text), e + 40))
        if split is not None and split.start() < e < split.end():
            joined = s  # the sentence goes on after the break
            continue
        while e - s > MAX_SENTENCE:
            cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut + 1 if cut > 0 else s + MAX_SENTENCE
            spans.append((s, cut))
            s = cut
        spans.append((s, e))
    return spans


class Extractor:
    """Extracts claims; build once per vocabulary and reuse."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.v = vocab
        self.periods = PeriodFinder(vocab)
        self.figures = Figures(vocab)
        self._qualifier = re.compile(
            rf"\b(?P<q>{alternation(vocab.qualifiers)})"
            r"\s+(?:the\s+|of\s+|by\s+)?(?:equivalent\s+of\s+)?\(?$",
            re.I,
        )
        self._keywords = {
            m: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ws) + r")\b", re.I)
            for m, ws in vocab.measures.items()
        }
        #: the flows a list before "…, respectively" may name
        self._flows = {
            m: self._keywords[m] for m in ("exports", "imports", "turnover", "investment")
        }
        self._rail = re.compile(r"\b(rail|railway|railways|train|trains|wagons?|line)\b", re.I)
        self._road = re.compile(r"\b(road|truck|trucks|lorr(?:y|ies)|vehicles?|motor)\b", re.I)

    @staticmethod
    def _clause(text: str, s0: int, s1: int, pos: int) -> tuple[int, int]:
        """The clause of the sentence ``[s0, s1)`` that holds position ``pos``."""
        return _Clauses(text, s0, s1).of(pos)

    def _qualifier_of(self, text: str, s0: int, mention: Mention) -> str | None:
        left = text[max(s0, mention.start - 40) : mention.start]
        for symbol in sorted(self.v.qualifier_symbols, key=len, reverse=True):
            if left.rstrip().endswith(symbol):
                return self.v.qualifier_symbols[symbol]
        m = self._qualifier.search(left)
        return self.v.qualifiers[m["q"].lower()] if m else None

    def _under_deadline(
        self,
        periods: list[PeriodMention],
        part: tuple[int, int],
        relative: tuple[int, int],
        clause: tuple[int, int],
    ) -> bool:
        """Whether a figure is held to a deadline of its part of the sentence ("plans to ship
        10 Mt by 2030") — not when its relative clause says when ("Kazakhstan, which exported
        $14 bn in 2023, plans … by 2027"), nor when its own clause is of the present and names
        no deadline ("Currently, it ships 5 Mt, and plans 10 Mt by 2030")."""

        def within(p: PeriodMention, span: tuple[int, int]) -> bool:
            return span[0] <= p.start and p.end <= span[1]

        if not any(p.kind == "deadline" and within(p, part) for p in periods):
            return False
        if any(p.kind == "period" and within(p, relative) for p in periods):
            return False
        return any(p.kind == "deadline" and within(p, clause) for p in periods) or not (
            _PRESENT.search(self._text, *clause)
        )

    def _goal_named(self, words: str) -> bool:
        """Whether ``words`` name a goal ("plans to", "the target"); the name of a planning
        period ("the 14th Five-Year Plan period") is a time, not a goal."""
        goals = [
            m
            for m in self._keywords["target"].finditer(words)
            if not _PLAN_PERIOD.search(words, max(0, m.start() - 12), m.end())
        ]
        # ("planned to export 10 Mt but shipped only 8 Mt": what was done after the goal word)
        return bool(goals) and not _FLOW_DONE.search(words, goals[-1].end())

    def _nearest_keyword(self, left: str, measures: tuple[str, ...]) -> str | None:
        best: tuple[int, str] | None = None
        for measure in measures:
            for m in self._keywords[measure].finditer(left):
                if best is None or m.end() > best[0]:
                    best = (m.end(), measure)
        return None if best is None else best[1]

    def _measure(
        self,
        text: str,
        s0: int,
        s1: int,
        mention: Mention,
        deadline: bool,
        clause: tuple[int, int] | None = None,
    ) -> str:
        cls = UNIT_CLASS.get(mention.unit, "other")
        left = text[s0 : mention.start]
        right = text[mention.end : min(s1, mention.end + 40)]
        near_left = left[-60:]
        if mention.unit in ("percent", "pp", "ratio"):
            if (
                re.search(r"(?:[+−]|\([–-])\s?$", left)  # "+14 %", "(–20 %)"
                or _CHANGE_AFTER.match(right)
                or _CHANGE_BEFORE.search(near_left)
            ):
                return "growth"
            if mention.unit == "ratio":
                return "growth"  # "grew 5 times" (never a share, whatever "of the" is near)
            if re.match(r"\s*of\b", right) or self._keywords["share"].search(near_left):
                return "share"
            if _BRACKETED_SHARE.search(near_left) and not _COMPARED_RIGHT.match(right):
                return "share"  # "- Kazakhstan: $43.8 bn (46 %)": its part of the total
            if mention.unit == "ratio" or self._keywords["growth"].search(near_left + " " + right):
                return "growth"
            return "target" if deadline else "other"
        if mention.unit in ("km", "mm"):
            return "length"
        if mention.unit == "MW":
            return "capacity"
        c0, _ = clause or self._clause(text, s0, s1, mention.start)
        in_clause = text[c0 : mention.start]
        if cls == "money":
            if _RATE_AFTER.match(right) or _RATE_BEFORE.search(
                text[max(s0, mention.start - 60) : mention.start]
            ):
                return "rate"
            if deadline or self._goal_named(in_clause):
                return "target"
            flows = ("investment", "cost", "exports", "imports", "turnover")
            # "$5.26 billion in trade turnover", "$2 bn of exports": named right after it,
            # else by the nearest word before it
            after = _NAMED_AFTER.match(right)
            kw = self._nearest_keyword(after[0], flows) if after is not None else None
            kw = kw or self._nearest_keyword(left, flows)
            if kw is None and self._intro is not None and LIST_ITEM.match(text, s0):
                # "- Kazakhstan: $36.5 bn" under "Trade between China and …:", or under "By
                # country:" after "China's trade with Central Asia reached …"
                kw = self._nearest_keyword(text[self._intro[0] : self._intro[1]], flows)
                kw = kw or self._nearest_keyword(
                    text[max(0, self._intro[0] - 300) : self._intro[0]], flows
                )
            return kw or "other"
        # a capacity named after the figure belongs to it only within its clause ("10 Mt of
        # capacity", not "445,000 tons, constrained by the country's capacity"); one named
        # before it, not across a reported clause ("…, adding that 23 Mt were carried")
        near = text[max(s0, mention.start - 80) : mention.start]
        near = near[max((m.end() for m in _REPORTED_CLAUSE.finditer(near)), default=0) :]
        named = list(self._keywords["capacity"].finditer(near))
        done = (
            named
            and named[-1][0].lower() != "capacity"
            and _LEVEL_DONE.search(near, named[-1].end())
        )
        if not done and self._keywords["capacity"].search(near + re.split(r"[,;]", right)[0]):
            # ("cargo throughput reached 41 Mt" is a flow handled, not a capacity)
            return "capacity"
        if deadline or self._goal_named(in_clause):
            return "target"
        return "volume" if cls == "mass" else "other"

    def _places(self, text: str, s0: int, s1: int) -> _Places:
        """The places a sentence names, found once for all its claims."""
        sent = text[s0:s1]
        named = [
            (s0 + m.start(), self.v.subjects[m["name"]])
            for m in self.v.patterns["subject"].finditer(sent)
        ]
        rail, road = bool(self._rail.search(sent)), bool(self._road.search(sent))
        crossings: list[str] = []
        for m in self.v.patterns["crossing"].finditer(sent):
            options = self.v.crossings[m["name"].lower()]
            if rail != road:
                mode = "rail" if rail else "road"
                options = tuple(o for o in options if o[1] == mode) or options
            crossings.extend(o[0] for o in options)
        return _Places(named, tuple(crossings))

    @staticmethod
    def _subjects(
        text: str, places: _Places, clause: tuple[int, int], mention: Mention
    ) -> tuple[str, ...]:
        """Countries named in the sentence; a region (an ISO 3166-2 code, ``CN-XJ``) only where
        it is the claim's subject: before the figure in its clause, or right after it behind a
        preposition ("$8.5 billion of trade with Xinjiang")."""
        out: list[str] = []
        for at, code in places.named:
            if "-" in code:
                before = clause[0] <= at < mention.start
                after = mention.end <= at <= mention.end + 40 and bool(
                    re.search(
                        r"\b(?:in|with|to|from|of|for|by|between)\s(?:the\s)?(?:\w+\s){0,3}$",
                        text[mention.end : at],
                    )
                )
                if not (before or after):
                    continue
            out.append(code)
        out.extend(places.crossings)
        return tuple(dict.fromkeys(out))

    def _deal(self, mention: Mention, part: tuple[int, int], spans: bool) -> bool:
        """Whether the figure is a deal's size ("contracts worth $2 bn signed on Friday"): a
        value agreed, of no period even beside the day it was signed. Deals summed over a span
        (``spans``: one is written in the figure's part), "contracts worth $1.2 bn in the first
        half", keep the span; the size of each deal ("deals, each exceeding $1 bn") never."""
        m = _DEAL.search(self._text, max(part[0], mention.start - 60), mention.start)
        return m is not None and (not spans or m["each"] is not None)

    def _timeless(self, mention: Mention, part: tuple[int, int]) -> bool:
        """Whether a figure with no period in its part of the sentence is of no period at all:
        the present state ("at present, about 70 % of transit …"), one shipment ("the first
        batch of 900 tons") or a span the text does not place ("in just three months"); it
        takes no period from the text before."""
        text = self._text
        if part not in self._present:  # once a part: a long one holds many figures
            self._present[part] = bool(
                _PRESENT.search(text, part[0], part[1]) or _UNPLACED.search(text, part[0], part[1])
            )
        return bool(
            self._present[part]
            or _SHIPMENT.search(text, max(part[0], mention.start - 40), mention.start)
        )

    def _base_of_change(self, p: PeriodMention, mention: Mention) -> bool:
        """Whether comparison ``p``, written before ``mention`` with no figure of its own, is
        the base of a change ("grew 12 % compared with a year earlier, reaching $3.7 bn"):
        it dates neither that change nor the figures after it."""
        if p.end > mention.start:
            return False
        return bool(
            _INTRODUCED.match(self._text, p.start)
            or _BASE_WORD.search(self._text, max(0, p.start - 40), p.start)
        )

    def _period(
        self,
        periods: list[PeriodMention],
        mention: Mention,
        measure: str,
        clause: tuple[int, int],
        strong: tuple[int, int],
        before: Span | None,
        parallel: Span | None = None,
        others: tuple[tuple[int, int], ...] = (),  # every mention of the sentence
    ) -> tuple[dt.date | None, dt.date | None]:
        """The claim's period: the nearest in its clause, else in its part of the sentence; else
        the one in the same place of a parallel list before it (``parallel``: "9.9 h in 2022 vs
        13.6 h in 2021; cost 208 vs 357"); else, for a flow, the sentence's nearest or the
        period the paragraph set (``before``). A period a change is measured against ("on
        2022") never dates the claim itself."""
        listed = listed_period(self._text, periods, (mention.start, mention.end), strong, others)
        if listed is not None:
            return listed
        if NOW_AFTER.match(self._text, mention.end):
            return None, None  # "up from 12 Mt now": the present state, of no period
        if measure == "target":  # a goal is dated by its own clause's deadline or start, else
            # by the period named there ("for 2024, the agreed volume is …"; "the target for
            # 2022 is 1.1 m TEU, while by 2025 …"), else by a deadline elsewhere in the
            # sentence, never a past period from elsewhere
            goal = [p for p in periods if p.kind in ("deadline", "from")]
            own = [p for p in periods if clause[0] <= p.start and p.end <= clause[1]]
            periods = (
                [p for p in own if p.kind in ("deadline", "from")]
                or [p for p in own if p.kind == "period"]
                or goal
            )
            if (
                not any(p.kind in ("deadline", "from") for p in periods)
                and self._anchor is not None
                and _RAISE_TO.search(self._text, max(clause[0], mention.start - 50), mention.start)
            ):
                # "in 2023 the sides agreed to raise trade to $35 bn": a level to reach, when
                # is not said; the year that has ended is when it was agreed
                periods = [
                    p for p in periods if p.period_end is None or p.period_end >= self._anchor
                ]
        else:
            # "… 12 % compared with 2022, when turnover was $24.1 bn": the clause the base
            # period opens ("when …") is about that period
            for p in periods:
                if (
                    p.kind in ("base", "comparison")
                    and p.end <= mention.start
                    and _WHEN.match(self._text, p.end)
                    and not CLAUSE_TURN.search(self._text, p.end, mention.start)
                    # "compared with 2022, when …, 2023 trade of $41 bn": a period of its own
                    and not any(
                        q.kind == "period" and p.end <= q.start and q.end <= mention.start
                        for q in periods
                    )
                ):
                    if p.period_end is not None:
                        return p.period_start, p.period_end
                    # "8 % more than in the same period of 2024, when …": the months of the
                    # period set before, in the year named (a year earlier if none is)
                    if p.kind == "comparison" and before is not None and before[0] is not None:
                        years = p.period_start.year if p.period_start else before[0].year - 1
                        return years_later(before, years - before[0].year)
            # "exceeded those of 2022 ($13 bn)": a base with its figure bracketed after it
            periods = [
                p
                for p in periods
                if p.kind != "base"
                or (
                    BRACKETED_AFTER.fullmatch(self._text, p.end, mention.start) is not None
                    and CLOSED.match(self._text, mention.end) is not None
                )
            ]
        if mention.unit == "percent":
            # "83 % of the 2023 total": the period names the whole it is a share of
            periods = [
                p
                for p in periods
                if not (
                    _SHARE_OF.fullmatch(self._text, mention.end, p.start)
                    and _WHOLE_AFTER.match(self._text, p.end)
                )
            ]
        if mention.relation == "to":  # "from X to Y": a comparison dates X, the earlier figure
            periods = [p for p in periods if p.kind != "comparison"]
        # a comparison written right after a figure is that figure's ("up 24 % compared to the
        # same period last year", "$4 bn in the same period a year earlier"), no other's
        # — unless a comparative stands between them: "420,000 t, twice as much as a year
        # earlier", "18 % fewer than a year earlier" name the base, not the figure's period
        periods = [
            p
            for p in periods
            if p.kind != "comparison"
            or (
                (owner := comparison_owner(self._text, p, others)) == mention.end
                and not _COMPARATIVE.search(self._text, mention.end, p.start)
            )
            or (owner is None and not self._base_of_change(p, mention))
        ]
        if mention.relation == "from":
            others = ()  # the comparison reaches across Y to date X
        # "the same period last year" dates only a figure next to it, not one across another
        lo, hi = mention.start, mention.end
        periods = [
            p
            for p in periods
            if p.kind != "comparison"
            or not any(min(hi, p.end) <= a and b <= max(lo, p.start) for a, b in others)
        ]
        # "from 3.0 Mt in 2021 to 3.6 Mt in 2022": a period written right after another figure
        # and followed by "to …" is that figure's, not the next one's
        periods = [p for p in periods if not belongs_before(self._text, p, mention, others)] or (
            periods
        )
        # "400,000 TEU (2022: 320,000 TEU)": a period in brackets beside a figure of its own
        # dates that figure only
        periods = [p for p in periods if not bracketed_apart(self._text, p, mention, others)]
        # "2023's $41.2 bn": a year written as a possessive dates the figure right after it only
        periods = [
            p
            for p in periods
            if not possessive(self._text, p.end)
            or 0 <= mention.start - (p.end + 2) <= 3
            # "last year's total of $41 bn"
            or _OWNED.fullmatch(self._text, p.end + 2, mention.start) is not None
        ]
        # "410,000 t, up from 150,000 t in April": a period written right after a base
        # figure is that figure's, not the figures before it
        dating_a_base = [p for p in periods if dates_a_base(self._text, p, mention, others)]
        periods = [p for p in periods if p not in dating_a_base]
        main = [p for p in periods if p.kind not in ("comparison", "anaphor")]
        candidates = (
            periods if measure != "growth" else [p for p in periods if p.kind != "comparison"]
        )
        same = [p for p in candidates if clause[0] <= p.start and p.end <= clause[1]]
        part = [p for p in candidates if strong[0] <= p.start and p.end <= strong[1]]
        if not same and _PRESENT.search(self._text, *clause):
            # "Road transport now accounts for 51.8 %, while rail will take 60 % by 2030": the
            # present state, of no period another clause names
            return None, None
        if not same and self._anchor is not None and self._ahead_in(clause):
            # "The line will raise capacity to 35 Mt, …, adding that 23 Mt were carried last
            # year": what will be is not of a time gone by in another clause
            anchor = self._anchor
            part = [p for p in part if p.period_end is None or p.period_end >= anchor]
            candidates = [p for p in candidates if p.period_end is None or p.period_end >= anchor]
        # (deals summed over a span name it in their own clause: "contracts worth $1.2 bn in
        # the first half", not "… worth $500 m, while exports reached … in 2023/24")
        spans = [p for p in same if p.period_start != p.period_end]
        if self._deal(mention, strong, bool(spans)) or (
            not (same or part) and self._timeless(mention, strong)
        ):
            return None, None
        if not (same or part) and parallel is not None and measure != "target":
            return parallel
        # "19-20 trains per day" is a capacity, not traffic over a period; an item of a list
        # reads after its introduction ("the port handled: - 98,000 TEU of exports")
        moved = (
            self._moved_in(clause) or (self._intro is not None and self._moved_in(self._intro))
        ) and not _PER_TIME.search(self._text, mention.end, min(clause[1], mention.end + 40))
        whole = candidates if _inherits(measure, mention.unit, moved) else []
        if UNIT_CLASS.get(mention.unit) == "count" and measure == "other" and not moved:
            # a count of things ("signed 15 agreements at the forum, while exports reached …
            # in 2023/24") is dated by its own clause only
            part = []
        candidates = same or part or whole
        if not candidates:
            if not _inherits(measure, mention.unit, moved):
                return None, None
            if not dating_a_base:
                return before if before is not None else (None, None)
            # "rose to 38 % from 31 % in 2023", "$13 bn, against $12.1 bn last year": the
            # figure is of the time after its base (the period set, when it is that time)
            prior = dating_a_base[0]
            if months_of((prior.period_start, prior.period_end)) != 12:
                # "up from 120,000 t in February": the month set after it (March), if any;
                # else "to $11.2 bn from $9.1 bn in the first ten months of 2024": the same
                # months a year on, when they are over by the article's date
                if prior.period_end is None:
                    return None, None
                base_span = (prior.period_start, prior.period_end)
                if before is not None and before[0] is not None and before != base_span:
                    return before if before[0] > prior.period_end else (None, None)
                on = years_later((prior.period_start, prior.period_end), 1)
                over = on[1] is not None and self._anchor is not None and on[1] <= self._anchor
                return on if over else (None, None)
            after = years_later((prior.period_start, prior.period_end), 1)
            if (
                before is not None
                and before[0] is not None
                and after[0] is not None
                and before[0].year == after[0].year
            ):
                return before
            return after

        def distance(p: PeriodMention) -> tuple[int, int]:
            gap = p.start - mention.end if p.start >= mention.end else mention.start - p.end
            return (max(gap, 0), 0 if p.start >= mention.end else 1)

        shifted = self._same_period_of_a_year(candidates, before)
        if shifted is not None:
            return shifted

        best = min(candidates, key=distance)
        if BASE_BEFORE.search(self._text, max(0, mention.start - 30), mention.start):
            # "…, compared to the $44 bn recorded throughout the previous year": a base figure
            # is dated by the period written after it, however near the one before
            own = [
                p
                for p in candidates
                if p.kind == "period"
                and p.start >= mention.end
                and not any(mention.end <= a and b <= p.start for a, b in others)
            ]
            best = min(own, key=distance) if own else best
        if (
            measure == "growth"
            and _FROM_AFTER.match(self._text, mention.end)
            and any(p.period_end for p in same)
        ):
            # "surged by 66 %, from X in P1 to Y in P2": the rate is for the later period
            best = max((p for p in same if p.period_end), key=lambda p: p.period_end)  # type: ignore[arg-type,return-value]
        if best.kind == "anaphor":
            return before if before is not None else (None, None)
        if best.kind != "comparison":
            part_year = self._base_last_year(best, mention, before)
            return part_year or _end_of_span(self._text, best, mention)
        base = min(main, key=distance) if main else None
        if (
            base is not None
            and best.period_start is not None
            and months_of((base.period_start, base.period_end)) == 12
            and before is not None
            and before[0] is not None
            and before[1] is not None
            and (before[1] - before[0]).days < 360
        ):
            # "in the same period of 2023 it was X, and in 2022 Y" after a half-year: the
            # months are the half-year's, not the whole year's the sentence names
            base = None
        if base is None or base.period_end is None:
            if before is None or before[1] is None:
                return None, None
            span = before
        else:
            span = base.period_start, base.period_end
        if best.period_start is not None and span[0] is not None:  # "in 2024": that year
            return years_later(span, best.period_start.year - span[0].year)
        return years_later(span, -(best.months // 12 if best.months else 1))

    def _base_last_year(
        self, p: PeriodMention, mention: Mention, before: Span | None
    ) -> Span | None:
        """ "$3 bn in January-March, against $2.5 bn last year": a base written with "last
        year" beside a part of a year is the same months a year earlier, not the whole year."""
        months = months_of(before) if before is not None else None
        if (
            before is None
            or before[0] is None
            or months is None
            or months >= 12
            or p.period_start is None
            or p.period_start.year != before[0].year - 1
            or months_of((p.period_start, p.period_end)) != 12
            or not _LAST_YEAR.fullmatch(self._text, p.start, p.end)
            or p.start < mention.end
            or not _BASE_TO_YEAR.fullmatch(self._text, mention.end, p.start)
            or not BASE_BEFORE.search(self._text, max(0, mention.start - 30), mention.start)
        ):
            return None
        return years_later(before, -1)

    def _export_season(
        self,
        ps: dt.date | None,
        pe: dt.date | None,
        periods: list[PeriodMention],
        strong: tuple[int, int],
        clause: tuple[int, int],
        mention: Mention,
    ) -> tuple[dt.date, dt.date] | None:
        """ "Kazakhstan raised its harvest forecast for this year … and sees exports at 6 Mt":
        in a text about seasons, exports with no period of their own in their part of the
        sentence are the season's the date falls in (a harvest is the year's; what it exports
        runs over the season that starts with it), not the calendar year carried to them."""
        anchor = self._anchor
        if (
            anchor is None
            or not self.periods.seasonal_document
            or ps != dt.date(anchor.year, 1, 1)
            or pe not in (dt.date(anchor.year, 12, 31), anchor)
            or any(strong[0] <= p.start and p.end <= strong[1] for p in periods)
        ):
            return None
        # the figure's own word: the nearest before it of exports and of a harvest
        words = list(_EXPORTS_OR_HARVEST.finditer(self._text, clause[0], mention.start))
        if not words or words[-1]["harvest"]:
            return None
        first = self.periods.season_start
        start = dt.date(anchor.year - (anchor.month < first), first, 1)
        return start, shift_years(start, 1) - dt.timedelta(days=1)

    def _month_before(self, p: PeriodMention, before: Span | None) -> PeriodMention:
        """ "In January, trade fell 3 %. In the previous month it had reached $4.5 bn": "the
        previous month" (or quarter) after a month (a quarter) the text set is the one before
        it ("last month" is the month before the article's)."""
        if p.kind != "period" or before is None or before[0] is None:
            return p
        m = _THE_PREVIOUS.search(self._text, max(0, p.start - 4), p.end)
        size = None if m is None or m.end() != p.end else 1 if m["unit"] == "month" else 3
        if size is None or months_of(before) != size or (size == 3 and before[0].month % 3 != 1):
            return p
        end = before[0] - dt.timedelta(days=1)
        start = dt.date(end.year, end.month - size + 1, 1)
        return dataclasses.replace(p, period_start=start, period_end=end)

    def _same_period_of_a_year(
        self, candidates: list[PeriodMention], before: Span | None
    ) -> tuple[dt.date | None, dt.date | None] | None:
        """ "Last year, 5,900 trucks crossed over the same period": the part of a year the text
        set before, in the year (or season) the sentence names."""
        if before is None or before[0] is None or before[1] is None:
            return None
        if (before[1] - before[0]).days >= 360:
            return None
        same = any(
            p.kind == "anaphor" and _SAME_PERIOD.search(self._text, p.start, p.end)
            for p in candidates
        )
        years = [
            p
            for p in candidates
            if p.kind == "period"
            and p.period_start is not None
            and months_of((p.period_start, p.period_end)) == 12
        ]
        if not same or len(years) != 1:
            return None
        start = years[0].period_start
        assert start is not None
        return years_later(before, start.year - before[0].year)

    # --- the claims ---------------------------------------------------------------------

    def _table_claims(
        self,
        doc: str,
        table: Table,
        caption: Span | None,
        origin: Origins,
        anchor: dt.date | None,
    ) -> list[Claim]:
        """The figures of a table: each number cell, of the unit and scale its column's header
        names ("2024, US$ bn"), dated by the period its header or its row's label names, else
        by the period the text set before the table (its caption); its places are those its
        row's label names. A cell with a figure of its own ("$43.8 bn") keeps its unit."""

        def dated(cell: Cell) -> PeriodMention | None:
            found = self.periods.find(cell.text, cell.start, anchor)
            return next((p for p in found if p.kind == "period" and p.period_end), None)

        columns = [table.column(k) for k in range(len(table.header))]
        heads = [next(filter(None, map(dated, cells)), None) for _, cells in columns]
        # the line before the table names what it counts ("China's trade with …, by country")
        above = len(self._text[: table.start].rstrip())
        caption_text = self._text[:above].rsplit("\n", 1)[-1][-300:]
        # … and whose trade it is: "China's trade with Central Asia" (a row names the partner)
        caption_places = [
            code
            for _, code in self._places(self._text, above - len(caption_text), above).named
            if "-" not in code  # a country, not a region
        ]
        units = [column_unit(words, self.v) for words, _ in columns]
        out: list[Claim] = []
        for row in table.rows:
            label = row[0]
            row_period = dated(label)
            # a table of periods across and measures down ("| Trade, US$ bn | 44.0 | 47.5 |"):
            # the row's label names the unit where the header does not
            row_unit = column_unit(label.text, self.v)
            places = self._places(self._text, label.start, label.end).named
            subjects = tuple(dict.fromkeys([*(code for _, code in places), *caption_places]))
            for k, cell in enumerate(row[1:], 1):
                if k >= len(table.header):
                    continue
                number = number_cell(cell)
                value: float | None
                unit: str | None
                if number is None:
                    own = self.figures.mentions(self._text, cell.start, cell.end)
                    if len(own) != 1:
                        continue  # text, or several figures: not a figure of the column
                    value, unit, factor = own[0].value, own[0].unit, 1.0  # "$43.8 bn"
                    negative = False
                else:
                    num, negative, pct = number
                    if pct:
                        unit, factor = "percent", 1.0
                    elif units[k].unit:
                        unit, factor = units[k].unit, units[k].factor
                    else:
                        unit, factor = row_unit.unit, units[k].factor * row_unit.factor
                    value = self.figures.number(num, None)
                if unit is None or value is None:
                    continue  # a number of no stated unit (a count, a rank) is no claim
                p = heads[k] or row_period
                span: Span = (p.period_start, p.period_end) if p else (caption or (None, None))
                header = columns[k][0]
                measure = (
                    table_measure(header, unit)
                    or table_measure(label.text, unit)
                    or table_measure(caption_text, unit)
                )
                measure = measure or ("share" if unit == "percent" else "other")
                if negative and measure != "growth":
                    continue  # a negative level is no figure this reader knows
                claim = Claim(
                    doc=doc,
                    start=cell.start,
                    end=cell.end,
                    text=cell.text,
                    value=float(f"{value * factor:.12g}"),
                    value_max=None,
                    unit=unit,
                    measure=measure,
                    period_start=span[0].isoformat() if span[0] else None,
                    period_end=span[1].isoformat() if span[1] else None,
                    subjects=subjects,
                    qualifier=None,
                    relation=None,
                    equivalent_of=None,
                    outlook=table_outlook(header),
                )
                if p is not None:
                    claim = origin.dated(claim, (p.start, p.end))
                elif span[1] is not None:
                    claim = origin.trace(claim)
                out.append(claim)
        return out

    def _moved_in(self, span: tuple[int, int]) -> bool:
        """Whether a verb of traffic over a period is written in ``span`` (looked up once)."""
        return self._found(_MOVED, span)

    def _ahead_in(self, span: tuple[int, int]) -> bool:
        """Whether a word of what is to come ("will", "plans to") is written in ``span``."""
        return self._found(_FUTURE, span)

    def _found(self, pattern: re.Pattern[str], span: tuple[int, int]) -> bool:
        """Whether ``pattern`` occurs in ``span`` of the text read, looked up once a span (a
        long clause holds many figures)."""
        key = (pattern.pattern, span)
        if key not in self._seen:
            self._seen[key] = pattern.search(self._text, span[0], span[1]) is not None
        return self._seen[key]

    def extract(self, doc: str, text: str, anchor: dt.date | None) -> list[Claim]:
        """Every claim of ``text`` (a document named ``doc``, dated ``anchor`` if known)."""
        self._text = text
        self._anchor = anchor
        self._present: dict[tuple[int, int], bool] = {}
        self._seen: dict[tuple[str, tuple[int, int]], bool] = {}
        self._intro: tuple[int, int] | None = None  # the introduction of the list being read
        claims: list[Claim] = []
        paragraph_period: Span | None = None  # set by the paragraph's sentences so far
        document_period: Span | None = None  # what "that period" refers to
        lead = Lead()  # the period the headline and the lead set
        history: list[Span] = []  # every period the text set, in order
        self.periods.read_document(text)
        list_period: Span | None = None  # set by a list's introduction ("… in 2024:")
        prior_base: dt.date | None = None
        resume: Span | None = None  # the period an aside ("in November alone") stood within
        pair: tuple[Span, Span] | None = None  # the periods of the last "from X in P1 to Y in P2"
        origin = Origins(text, anchor)  # the words that set each period, for ``Claim.dated_by``
        compared = False  # the text compares with a year earlier since it last set a period
        paragraph_start = paragraph_claim = 0
        headline_end: int | None = None  # the claims before the body (the headline's)
        last_end = 0
        tables = iter(find_tables(text))
        table = next(tables, None)  # the next table not yet read
        read_to = -1  # the end of the last table read: its lines are skipped
        for s0, s1 in sentences(text):
            if table is not None and table.start <= s0:
                caption = paragraph_period or list_period or lead.period
                claims += self._table_claims(doc, table, caption, origin, anchor)
                read_to, table = table.end, next(tables, None)
            if s0 < read_to:
                last_end = s1
                continue
            gap = text[last_end:s0]
            if "\n" in gap or last_end == 0:
                # a new paragraph: a list's items keep the period of its introduction
                colon = text[:s0].rstrip().endswith(":")
                introduced = colon or LIST_ITEM.match(text, s0)
                list_period = (paragraph_period or list_period) if introduced else None
                if colon:  # "the port handled:" reads before each item of the list
                    stop = len(text[:s0].rstrip())
                    self._intro = (text.rfind("\n", 0, stop - 1) + 1, stop)
                elif not introduced:
                    self._intro = None
                paragraph_period = None
                paragraph_start = s0
                paragraph_claim = len(claims)
                end = text.find("\n", s0)
                lead.paragraph(text[s0 : len(text) if end < 0 else end])
                if lead.in_body and headline_end is None:
                    headline_end = paragraph_claim
            last_end = s1
            base_before, prior_base = prior_base, None  # the base year of the sentence before
            self.periods.reported = lead.period
            periods = self.periods.find(text[s0:s1], s0, anchor)
            here = main_period(periods)
            origin.sentence(periods)
            lead.sentence(here, text[s0:s1], periods)
            if lead.just_set and here is not None:
                claims[:paragraph_claim] = headline_from_lead(
                    claims[:paragraph_claim], here, text, periods
                )
            mentions = [
                m
                for m in self.figures.mentions(text, s0, s1)
                # ("the first 20 days of March" is a period, not a duration of 480 hours)
                if m.unit != "h" or not any(p.start <= m.start and m.end <= p.end for p in periods)
            ]
            if not mentions:
                if here is not None:
                    paragraph_period = document_period = here
                    history.append(here)
                    origin.remember()  # what dates the figures after it
                continue
            if resume is not None and not BACK_REFERENCE.match(text, s0):
                # the sentence after "… in November alone" speaks of the period before it
                # again, unless it refers back ("This included …")
                paragraph_period = document_period = resume
                resume = None
            before = (
                paragraph_period or list_period or moved_on(lead.period, document_period, anchor)
            )
            bases = {(p.period_start, p.period_end) for p in periods if p.kind == "base"}
            if before in bases:
                # "In 2022 it was $24 bn. This is 32 % more than in 2022.": a figure is not
                # measured against its own period; it speaks of the one before
                before = next(
                    (h for h in reversed(history) if h not in bases),
                    lead.period if lead.period not in bases else None,
                )
            anaphors = [p for p in periods if p.kind == "anaphor"]
            if anaphors:
                before = (
                    referent(anaphors[0], history, lead.period)
                    or document_period
                    or first_months(anaphors[0].months, anchor)
                )
            elif (
                here is None
                and document_period is not None
                and any(
                    p.kind == "comparison"
                    and p.period_start is None
                    and re.search(SAME, text[p.start : p.end], re.I)
                    for p in periods
                )
            ):
                # "… 18 % compared with the same period the prior year" with no period of its
                # own: the sentence speaks of the last period the text set, and so does the
                # rest of its paragraph
                before = paragraph_period = document_period
            periods = [self._month_before(p, before) for p in periods]
            shifted = self._same_period_of_a_year(periods, before)
            if shifted is not None:  # the sentence speaks of that part of the year it names
                here = shifted
            previous: Claim | None = None
            first_claim = len(claims)
            places = self._places(text, s0, s1)
            clauses = _Clauses(text, s0, s1)
            spans = tuple((m.start, m.end) for m in mentions)
            # the relative clause each figure stands in (", which will handle 1 Mt a year,"),
            # read once a figure
            relative_of = {
                m.start: _relative_clause(
                    text, m.start, sentence_part(text, s0, s1, m.start), periods
                )
                for m in mentions
            }
            clauses_aside = tuple({r for r in relative_of.values() if r[0] < r[1]})
            # relative clauses that report what was done (", which reached $41 bn in 2023,")
            relatives = {
                r
                for m in mentions
                if (r := relative_of[m.start])[0] < r[1] and DONE.search(text, r[0], m.start)
            }
            for mention in mentions:
                part = sentence_part(text, s0, s1, mention.start)
                relative = relative_of[mention.start]
                # "… $50 bn by 2027, up from $41 bn in 2023": a base with its own time is
                # reported, whatever goal the sentence sets
                dated_base = BASE_BEFORE.search(
                    text, max(s0, mention.start - 30), mention.start
                ) is not None and any(
                    p.kind == "period" and 0 <= p.start - mention.end <= 4 for p in periods
                )
                deadline = not dated_base and self._under_deadline(
                    periods, part, relative, clauses.of(mention.start)
                )
                # a figure of a relative clause (", which reached $41 bn in 2023,") is of that
                # clause; the periods written there date no figure outside it
                clause = relative if relative in relatives else clauses.of(mention.start)
                if dated_base:
                    clause = (mention.start, clause[1])  # (no goal word before it is its own)
                own = [
                    p
                    for p in periods
                    if not any(
                        a <= p.start and p.end <= b and not a <= mention.start < b
                        for a, b in relatives
                    )
                ]
                measure = self._measure(text, s0, s1, mention, deadline, clause)
                if measure in _FLOW_MEASURES or measure == "other":
                    measure = (
                        listed_measure(text, self._flows, (mention.start, mention.end), part, spans)
                        or measure
                    )
                done = DONE_AFTER.match(text, mention.end) is not None
                if measure == "target" and done:
                    # "the plan was overfulfilled: 27 Mt were carried": a level reached
                    measure = "volume" if UNIT_CLASS.get(mention.unit) == "mass" else "other"
                if measure == "other" and _SAME_SUBJECT.search(text, clause[0], mention.start):
                    # "In 2022, they were $10 bn", "the figure stood at …": the measure of the
                    # last flow of the same kind of unit the text spoke of, or the flow its
                    # paragraph named since ("Bilateral trade set a record. It reached …")
                    last = next(
                        (
                            c
                            for c in reversed(claims[-PAIRS_BACK:])
                            if c.measure in _FLOW_MEASURES
                            and UNIT_CLASS.get(c.unit) == UNIT_CLASS.get(mention.unit)
                        ),
                        None,
                    )
                    said_since = max(paragraph_start, last.end if last else 0)
                    named = self._nearest_keyword(text[said_since:s0], tuple(self._flows))
                    measure = named or (last.measure if last else measure)
                unit = mention.unit
                if measure == "rate":
                    base = _RATE_AFTER.match(text, mention.end, s1)
                    code = _RATE_CODES.get(
                        re.sub(r"^(?:us|u\.s\.)\s?", "", base["base"].lower()) if base else ""
                    )
                    if code and code != unit:
                        unit = f"{unit}/{code}"  # CNY per USD
                equivalent = None
                if (
                    previous is not None
                    and mention.unit in MONEY
                    and previous.unit in MONEY
                    and previous.unit != mention.unit
                    and re.fullmatch(
                        r"\s*\(\s*(?:[A-Za-z]+\s+){0,2}", text[previous.end : mention.start]
                    )
                ):
                    equivalent = len(claims) - 1
                    measure = previous.measure
                strong = sentence_part(text, s0, s1, mention.start)
                parallel = parallel_period(text, mentions, mention, periods, strong, s0)
                carried = before
                if (
                    before is not None
                    and before != paragraph_period
                    and (anchor is None or before[1] is None or before[1] < anchor)
                    and self._ahead_in(clause)
                ):
                    # an expectation is not dated by the lead's past (a period the article's
                    # date falls in, "the agricultural year July 2023 - June 2024", is not past)
                    carried = paragraph_period
                day_words: tuple[int, int] | None = None  # the day a queue is counted on
                if (
                    mention.unit == "percent"
                    and _PROGRESS.match(text, mention.end)
                    and not any(
                        p.kind == "period" and strong[0] <= p.start and p.end <= strong[1]
                        for p in periods
                    )
                ):
                    # "the harvest is 90 % complete, the ministry said on Monday": the work
                    # done by the day it is reported
                    ps = pe = statement_day(text[s0:s1], anchor)
                elif (
                    mention.unit == "count"
                    and (
                        _QUEUE.search(text, *strong)
                        # "On November 20, 45 trains crossed at Khorgos": that day's traffic
                        # (not "On Monday, the ministry said 1,200 trucks crossed")
                        or (self._moved_in(clause) and not _SAID.search(text, s0, s1))
                    )
                    and (queued := day_named(text[s0:s1], anchor)) is not None
                    and not any(
                        p.kind == "period" and strong[0] <= p.start and p.end <= strong[1]
                        for p in periods
                    )
                ):
                    # "On Monday, 800 trucks were waiting at Bakhty": a queue on that day
                    ps = pe = queued[0]
                    day_words = (s0 + queued[1][0], s0 + queued[1][1])
                else:
                    ps, pe = self._period(
                        own, mention, measure, clause, strong, carried, parallel, spans
                    )
                    if (
                        carried is not None
                        and (ps, pe) == carried
                        and (
                            measure == "target"
                            or self._ahead_in((s0, s1))
                            or _AGREED.search(text, s0, s1)
                        )
                    ):
                        # a goal set against a whole year
                        ps, pe = _year_after_base(periods, strong, carried, anchor) or (ps, pe)
                if (
                    anchor is not None
                    and pe == anchor
                    and ps is not None
                    and ps.day == 1
                    and ps.month in (1, self.periods.season_start)
                    and shift_years(ps, 1) > anchor
                    and (
                        measure == "target"
                        or self._ahead_in(clause)
                        or _AGREED.search(text, clause[0], clause[1])
                    )
                ):
                    # "this year" or "the current season" of a goal: the whole year or season
                    pe = shift_years(ps, 1) - dt.timedelta(days=1)
                if mention.unit == "percent" and _AVERAGE_ANNUAL.search(text, *strong):
                    since_year = min(
                        (
                            p.period_start
                            for p in periods
                            if p.period_start is not None
                            and strong[0] <= p.start < strong[1]
                            and _SINCE.match(text, p.start)
                        ),
                        default=None,
                    )
                    ps, pe = _years_of_a_rate((ps, pe), anchor, carried, base_before, since_year)
                season = self._export_season(ps, pe, periods, strong, clause, mention)
                if season is not None:
                    ps, pe = season
                if previous is not None and (
                    equivalent is not None
                    or (
                        PART_OF.fullmatch(text, previous.end, mention.start)
                        and not any(previous.end <= p.start < clause[1] for p in periods)
                    )
                ):
                    # the figure before restated in another currency, or a part of it ("420,000
                    # t, including 390,000 t to China"): of its period
                    ps, pe = date_of(previous.period_start), date_of(previous.period_end)
                elif previous is not None and YEAR_COLON.fullmatch(
                    text, previous.end, mention.start
                ):
                    ps, pe = comparative_year(previous, (ps, pe))
                claim = Claim(
                    doc=doc,
                    start=mention.start,
                    end=mention.end,
                    text=text[mention.start : mention.end],
                    value=mention.value,
                    value_max=mention.value_max,
                    unit=unit,
                    measure=measure,
                    period_start=ps.isoformat() if ps else None,
                    period_end=pe.isoformat() if pe else None,
                    subjects=self._subjects(text, places, clause, mention),
                    qualifier=self._qualifier_of(text, s0, mention),
                    relation=mention.relation,
                    equivalent_of=equivalent,
                    outlook=outlook(
                        text,
                        anchor,
                        measure,
                        clause,
                        (mention.start, mention.end),
                        (ps, pe),
                        deal=self._deal(mention, strong, False),
                        aside=tuple(r for r in clauses_aside if not r[0] <= mention.start < r[1]),
                    ),
                )
                if day_words is not None:
                    claim = origin.dated(claim, day_words)
                claims.append(claim)
                previous = claim
            # pairs of this sentence; and, when it compares with a year earlier, pairs of its
            # paragraph before it too (the last few: reading stays linear in the text)
            since = first_claim
            if COMPARED.search(text, s0, s1):
                since = max(paragraph_claim, first_claim - PAIRS_BACK)
            paired = claims[since:]
            date_from_figures(paired, text, paragraph_start, s1, lead.compared or compared)
            claims[since:] = paired
            mine = claims[first_claim:]
            if anaphors and pair is not None and before is not None:
                date_pairs_again(mine, before, pair)
            pair = pair_spans(text, mine) or (pair if here is None else None)
            mine = present_before_goal(
                mine,
                text,
                frozenset(
                    (p.period_start.isoformat(), p.period_end.isoformat())
                    for p in periods
                    if p.kind == "deadline" and p.period_start and p.period_end
                ),
            )
            claims[first_claim:] = [origin.trace(c) for c in mine]
            origin.remember()
            # the text compares with a year earlier since it last set a period ("(versus
            # 410,5)"): a later "from 60 to 22 thousand tons" does too
            compared = (compared and here is None) or bool(
                COMPARED.search(text, s0, s1) or any(c.relation == "versus" for c in mine)
            )
            prior_base = min(
                (p.period_start for p in periods if p.kind == "base" and p.period_start),
                default=None,
            )
            if here is not None:
                resume = None
                if aside(text, periods) and here != (paragraph_period or document_period):
                    resume = paragraph_period or document_period
                paragraph_period = document_period = here
                history.append(here)
        return restated_in_body(claims, headline_end or 0)
