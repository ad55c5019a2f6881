"""Cross-checks of the claims ledger: within an article, across articles, against the data.

Every claim is read as an interval: the value plus or minus half a unit of its last written
digit (``US$24 billion`` is 23.5–24.5 bn; of trailing zeros all but one are taken as rounding,
so ``10,000 tons`` is 9,500–10,500; a decimal's trailing zeros are padding, so ``24.20 billion``
is 24.15–24.25 bn, like ``24.2``), widened by its qualifier (``over`` has no upper
bound, ``nearly`` means up to 10 % below, ``about`` ±5 %, ``up to`` no lower bound) and, for
fraction words (``one-third``), ±2.5 percentage points. Two figures agree when their intervals
overlap; the finding gives the discrepancy between the central values.

Two figures of one flow compiled by its two sides (Kazakhstan's statistics and China's customs)
differ by the mirror gap — transit, re-exports, timing, valuation — not by anyone's error: a
claim that agrees with one side's figure, or that names the side it quotes, is never a
contradiction of the other side's; that comparison is reported as a ``mirror gap``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from corridor.claims._lists import PART_AFTER_PART, PART_OF
from corridor.claims._vocabulary import Vocabulary, load_vocabulary
from corridor.claims.extract import MONEY, Claim
from corridor.claims.store import StoredClaim, stored_claims
from corridor.errors import CorridorError
from corridor.ledger import Ledger
from corridor.periods import Period
from corridor.trade.summary import Summary, trade_summary

Status = Literal["contradiction", "mirror gap", "consistent", "unchecked"]


@dataclass(frozen=True)
class Side:
    """One side of a finding: a claim (document and span) or a figure of the ledger."""

    doc: str
    start: int | None
    end: int | None
    text: str
    value: float
    unit: str


@dataclass(frozen=True)
class Finding:
    """One check: what was compared, the outcome and the size of the discrepancy."""

    check: str
    status: Status
    message: str
    measure: str
    period_start: str | None
    period_end: str | None
    subjects: tuple[str, ...]
    a: Side
    b: Side | None
    discrepancy_pct: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def interval(c: Claim, value: float | None = None) -> tuple[float, float]:
    """The range of values the claim's wording allows (see the module docstring)."""
    v = c.value if value is None else value
    top = c.value_max if c.value_max is not None and value is None else v
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", c.text)
    if m is None:  # a word: one-third, half, doubled
        half = 2.5 if c.unit == "percent" else 0.05 * abs(v)
    else:
        digits = m.group().replace(",", "")
        number = float(digits)
        scale = v / number if number else 1.0
        if m.group(1):
            decimals = m.group(1).rstrip("0") or m.group(1)  # "24.20" is "24.2"
            unit = 10.0 ** -len(decimals)
        else:
            stripped = digits.rstrip("0")
            zeros = len(digits) - len(stripped)
            unit = 10.0 ** (zeros - 1) if stripped and zeros >= 2 else 1.0
        half = 0.5 * unit * scale
    lo, hi = v - half, top + half
    if c.qualifier == "over":
        lo, hi = v, math.inf
    elif c.qualifier == "nearly":
        lo, hi = 0.9 * v, top + half
    elif c.qualifier == "about":
        lo, hi = 0.95 * lo, 1.05 * hi
    elif c.qualifier == "up to":
        lo = 0.0
    return lo, hi


def rounded(value: float) -> tuple[float, float]:
    """The range a ledger figure stands for when it was itself published rounded: a total of
    24,200,000,000 is 24.15–24.25 bn (three or more trailing zeros are read as rounding to the
    last non-zero digit); a sum of customs lines (24,195,310,112) stands for itself."""
    if not math.isfinite(value) or value != round(value) or abs(value) >= 1e18:
        return value, value
    digits = str(abs(int(value)))
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    half = 0.5 * 10.0**zeros if stripped and zeros >= 3 else 0.0
    return value - half, value + half


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] * (1 + 1e-9) and b[0] <= a[1] * (1 + 1e-9)


def _pct(a: float, b: float) -> float | None:
    return None if b == 0 else 100.0 * (a - b) / b


def _side(s: StoredClaim, value: float | None = None, unit: str | None = None) -> Side:
    c = s.claim
    return Side(c.doc, c.start, c.end, c.text, c.value if value is None else value, unit or c.unit)


class _Restated:
    """The USD claim that restates each claim of another currency, found by one lookup."""

    def __init__(self, claims: list[StoredClaim]) -> None:
        self._usd: dict[tuple[int, int], StoredClaim] = {}
        for o in claims:
            if o.claim.unit == "USD" and o.claim.equivalent_of is not None:
                self._usd.setdefault((o.doc_id, o.claim.equivalent_of), o)

    def usd(self, s: StoredClaim) -> StoredClaim | None:
        """The claim itself if in USD, else the USD claim restating it in the same document."""
        return s if s.claim.unit == "USD" else self._usd.get((s.doc_id, s.idx))


class _Nearest:
    """Claims ordered by position, to find the one written nearest a place in O(log n)."""

    def __init__(self, claims: list[StoredClaim]) -> None:
        self._claims = sorted(claims, key=lambda x: x.claim.start)
        self._starts = [x.claim.start for x in self._claims]

    def __bool__(self) -> bool:
        return bool(self._claims)

    def to(self, pos: int) -> StoredClaim:
        """The claim whose start is nearest ``pos`` (the first such)."""
        i = bisect.bisect_left(self._starts, pos)
        near = [self._claims[j] for j in (i - 1, i) if 0 <= j < len(self._claims)]
        return min(near, key=lambda x: (abs(x.claim.start - pos), x.claim.start))


def _unchecked(check: str, s: StoredClaim, what: str, side: Side | None = None) -> Finding:
    """A claim that could not be compared, and why (``side``: how the claim is shown)."""
    c = s.claim
    return Finding(
        check,
        "unchecked",
        what,
        c.measure,
        c.period_start,
        c.period_end,
        c.subjects,
        side or _side(s),
        None,
        None,
    )


def _finding(
    check: str,
    a: StoredClaim,
    b_side: Side | None,
    ia: tuple[float, float],
    ib: tuple[float, float] | None,
    what: str,
) -> Finding:
    c = a.claim
    if b_side is None or ib is None:
        return _unchecked(check, a, what)
    agree = _overlap(ia, ib)
    disc = _pct(b_side.value, c.value)
    status: Status = "consistent" if agree else "contradiction"
    return Finding(
        check,
        status,
        what,
        c.measure,
        c.period_start,
        c.period_end,
        c.subjects,
        _side(a),
        b_side,
        disc,
    )


# --- within one article --------------------------------------------------------------------


TRADE = ("exports", "imports", "turnover")


def _countries(subjects: tuple[str, ...]) -> frozenset[str]:
    return frozenset(x for x in subjects if "-" not in x)


def scopes(claims: list[StoredClaim]) -> dict[tuple[int, int], frozenset[str]]:
    """The places each claim is about, by (document, claim): its own subjects, and for a trade
    figure that names fewer than two countries, the pair of the article's last trade figure that
    includes them ("exports to China reached $8.2 bn. Imports were $5.1 bn": both Kazakhstan–
    China). Regions (ISO 3166-2 codes) are kept as named, never inherited."""
    out: dict[tuple[int, int], frozenset[str]] = {}
    last: dict[int, frozenset[str]] = {}
    for s in sorted(claims, key=lambda x: (x.doc_id, x.claim.start)):
        c = s.claim
        own = frozenset(c.subjects)
        if c.measure in TRADE:
            countries = _countries(c.subjects)
            pair = last.get(s.doc_id)
            if len(countries) < 2 and pair is not None and countries <= pair:
                own = own | pair
            elif len(countries) >= 2:
                last[s.doc_id] = countries
        out[(s.doc_id, s.idx)] = own
    return out


def parts_against_totals(
    claims: list[StoredClaim],
    sides: dict[tuple[str, int | None], frozenset[str]] | None = None,
    reporter: Callable[[StoredClaim], str | None] | None = None,
) -> list[Finding]:
    """Exports + imports against turnover of the same article, period, places and currency —
    across its sentences (the parts may be stated apart from the total). A total stated again
    is checked once. ``sides`` (from :func:`against_ledger`: whose statistics each turnover
    claim quotes or agrees with): where an article gives the totals of both sides' statistics
    ("$31.5 bn by Kazakh statistics, while Chinese customs reported $41.0 bn"), parts that do
    not say whose they are are set against the total they fit best, not against the other side's
    (that difference is a mirror gap). ``reporter`` (whose statistics a claim's sentence says
    it quotes): a total quoted from one side's statistics is set against parts quoted from the
    same side where the article gives them ("Uzbekistan's Statistics Agency reported $5.26 bn,
    with imports of $4.23 bn and exports of $1.03 bn" after China's figures)."""
    sides = sides or {}
    whose = functools.cache(reporter) if reporter is not None else None
    scope = scopes(claims)
    groups: dict[tuple[Any, ...], dict[str, list[StoredClaim]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for s in claims:
        c = s.claim
        if c.measure in TRADE and c.unit in MONEY and c.period_end and c.equivalent_of is None:
            key = (s.doc_id, c.period_start, c.period_end, c.unit, scope[(s.doc_id, s.idx)])
            groups[key][c.measure].append(s)
    out = []
    for g in groups.values():
        if not all(g.get(m) for m in TRADE):
            continue
        exports, imports = _Nearest(g["exports"]), _Nearest(g["imports"])
        totals = g["turnover"]
        judged = [sides.get((t.claim.doc, t.claim.start), frozenset()) for t in totals]
        two_sides = len({frozenset(j) for j in judged if j}) > 1
        done: set[tuple[float, int, int]] = set()
        for to in totals:
            ex, im = exports.to(to.claim.start), imports.to(to.claim.start)
            quoted = whose(to) if whose is not None else None
            if quoted is not None and whose is not None:
                own_ex = [e for e in g["exports"] if whose(e) == quoted]
                own_im = [i for i in g["imports"] if whose(i) == quoted]
                if own_ex and own_im:
                    ex = _Nearest(own_ex).to(to.claim.start)
                    im = _Nearest(own_im).to(to.claim.start)
            stated = (to.claim.value, ex.idx, im.idx)
            if stated in done:
                continue  # the same total stated again
            if two_sides:
                both = ex.claim.value + im.claim.value
                best = min(totals, key=lambda t: abs(t.claim.value - both))
                if best.claim.value != to.claim.value:
                    continue
            done.add(stated)
            out.append(_parts_finding(ex, im, to))
    return out


def _joined(x: StoredClaim, y: StoredClaim, text: str, value: float, unit: str) -> Side:
    """A side made of two claims of one document: the span that holds both."""
    start = min(x.claim.start, y.claim.start)
    return Side(x.claim.doc, start, max(x.claim.end, y.claim.end), text, value, unit)


def _parts_finding(ex: StoredClaim, im: StoredClaim, to: StoredClaim) -> Finding:
    lo = interval(ex.claim)[0] + interval(im.claim)[0]
    hi = interval(ex.claim)[1] + interval(im.claim)[1]
    total = ex.claim.value + im.claim.value
    unit = to.claim.unit
    parts = _joined(ex, im, f"{ex.claim.text} + {im.claim.text}", total, unit)
    return _finding(
        "parts against total",
        to,
        parts,
        interval(to.claim),
        (lo, hi),
        f"exports {ex.claim.text} + imports {im.claim.text} = {total / 1e9:,.2f} bn {unit} "
        f"against turnover {to.claim.text}",
    )


#: a figure's parts after it, a few words on: "300 bn yuan in 2023, including …"
_PARTS_FOLLOW = re.compile(r"[^.;$]{0,30}?" + PART_OF.pattern, re.I)


def parts_within_whole(ledger: Ledger, claims: list[StoredClaim]) -> list[Finding]:
    """Parts named right after a figure ("exports of $15.2 bn, of which oil $6 bn and copper
    $11 bn") against it: together they cannot be more than the whole (beyond the precision
    each is written with)."""
    by_doc: dict[int, list[StoredClaim]] = defaultdict(list)
    for s in claims:
        if s.claim.unit != "percent":
            by_doc[s.doc_id].append(s)
    out = []
    for doc_id, items in by_doc.items():
        items.sort(key=lambda s: s.claim.start)
        text = ledger.documents.text(doc_id, 0, items[-1].claim.end + 40)
        for i, whole in enumerate(items):
            parts: list[StoredClaim] = []
            before = whole.claim
            for s in items[i + 1 :]:
                joins = PART_AFTER_PART if parts else _PARTS_FOLLOW
                if s.claim.unit != whole.claim.unit or not joins.fullmatch(
                    text, before.end, s.claim.start
                ):
                    break
                parts.append(s)
                before = s.claim
            if parts and _parallel_parts(text, parts):
                out.append(_within_whole_finding(whole, parts))
    return out


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*\Z")
_WORD_AFTER = re.compile(r"\W*([A-Za-z]+)")


def _parallel_parts(text: str, parts: list[StoredClaim]) -> bool:
    """Whether the parts are written alike — the same word right before each ("oil for $5 bn
    and metals for $5.1 bn") or right after each ("120 bn yuan with Kazakhstan and 40 bn with
    Kyrgyzstan") — so that they split the whole one way; "1.2 Mt of wheat and 800,000 t to
    China" may overlap and is not summed."""
    if len(parts) < 2:
        return True
    before, after = set(), set()
    for p in parts:
        b = _WORD_BEFORE.search(text, max(0, p.claim.start - 30), p.claim.start)
        a = _WORD_AFTER.match(text, p.claim.end, p.claim.end + 30)
        before.add(b.group(1).lower() if b else None)
        after.add(a.group(1).lower() if a else None)
    return (len(before) == 1 and None not in before) or (len(after) == 1 and None not in after)


def _amount(value: float) -> str:
    """A sum written as a reader reads it: "17.00 bn", "2.40 m", "61,000"."""
    for size, word in ((1e9, "bn"), (1e6, "m")):
        if abs(value) >= size:
            return f"{value / size:,.2f} {word}"
    return f"{value:,.0f}"


def _within_whole_finding(whole: StoredClaim, parts: list[StoredClaim]) -> Finding:
    lo = sum(interval(p.claim)[0] for p in parts)
    total = sum(p.claim.value for p in parts)
    c = whole.claim
    named = " + ".join(p.claim.text for p in parts)
    side = Side(c.doc, parts[0].claim.start, parts[-1].claim.end, named, total, c.unit)
    over = lo > interval(c)[1]
    return Finding(
        "parts within the whole",
        "contradiction" if over else "consistent",
        f"{named} = {_amount(total)} {c.unit} {'more than' if over else 'within'} {c.text}",
        c.measure,
        c.period_start,
        c.period_end,
        c.subjects,
        _side(whole),
        side,
        _pct(total, c.value),
    )


def _shift_year(iso: str | None, years: int) -> str | None:
    if iso is None:
        return None
    d = dt.date.fromisoformat(iso)
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:
        return d.replace(year=d.year + years, day=28).isoformat()


def growth_against_values(claims: list[StoredClaim]) -> list[Finding]:
    """A growth rate against the two values it connects (this period and a year earlier)."""
    out = []
    by_doc: dict[int, list[StoredClaim]] = defaultdict(list)
    for s in claims:
        by_doc[s.doc_id].append(s)
    for doc_claims in by_doc.values():
        by_kind: dict[tuple[Any, ...], list[StoredClaim]] = defaultdict(list)
        for s in doc_claims:
            c = s.claim
            if c.unit in MONEY and c.period_end:
                by_kind[(c.measure, c.unit, c.period_start, c.period_end)].append(s)
        at = {k: _Nearest(v) for k, v in by_kind.items()}
        for g in doc_claims:
            gc = g.claim
            if gc.measure != "growth" or gc.unit not in ("percent", "ratio") or not gc.period_end:
                continue
            # the values it connects: of one measure, at its period and a year earlier, the
            # pair written nearest it ("trade grew 12 %, from $24.1 bn": turnover, not the
            # imports written just before, which have no value a year earlier)
            pairs = []
            for measure, unit, start, end in by_kind:
                if (start, end) != (gc.period_start, gc.period_end):
                    continue
                earlier = at.get((measure, unit, _shift_year(start, -1), _shift_year(end, -1)))
                if earlier is None:
                    continue
                now, then = at[(measure, unit, start, end)].to(gc.start), earlier.to(gc.start)
                gap = abs(now.claim.start - gc.start) + abs(then.claim.start - gc.start)
                pairs.append((gap, now, then))
            if not pairs:
                continue
            _, cur, p = min(pairs, key=lambda x: (x[0], x[1].claim.start))
            (cl, ch), (pl, ph) = interval(cur.claim), interval(p.claim)
            if gc.unit == "percent":
                implied = 100 * (cur.claim.value / p.claim.value - 1)
                ib = (100 * (cl / ph - 1), 100 * (ch / pl - 1))
            else:
                implied = cur.claim.value / p.claim.value
                ib = (cl / ph, ch / pl)
            b = _joined(cur, p, f"{cur.claim.text} against {p.claim.text}", implied, gc.unit)
            out.append(
                _finding(
                    "growth against values",
                    g,
                    b,
                    interval(gc),
                    ib,
                    f"{gc.text} against {cur.claim.text} / {p.claim.text} − 1 = "
                    f"{implied:.1f}{' %' if gc.unit == 'percent' else ''}",
                )
            )
    return out


def conversions(ledger: Ledger, claims: list[StoredClaim]) -> list[Finding]:
    """An amount restated in another currency against the dated rate of ``fx_rates``."""
    out = []
    index = {(s.doc_id, s.idx): s for s in claims}
    for s in claims:
        c = s.claim
        if c.equivalent_of is None:
            continue
        other = index.get((s.doc_id, c.equivalent_of))
        if other is None:
            continue
        usd, foreign = (s, other) if c.unit == "USD" else (other, s)
        if usd.claim.unit != "USD" or foreign.claim.unit == "USD":
            continue
        year = (
            int(foreign.claim.period_end[:4])
            if foreign.claim.period_end
            else (s.doc_date.year if s.doc_date else None)
        )
        fl, fh = interval(foreign.claim)
        ul, uh = interval(usd.claim)
        implied = foreign.claim.value / usd.claim.value
        a_side = _side(foreign, implied, f"{foreign.claim.unit}/USD")
        held = None if year is None else ledger.fx.annual(foreign.claim.unit, year)
        what = (
            f"{foreign.claim.text} ({usd.claim.text}) implies {implied:,.4g} "
            f"{foreign.claim.unit} per US$"
        )
        if held is None:
            out.append(
                _unchecked(
                    "currency conversion",
                    foreign,
                    f"{what}; fx_rates has no {foreign.claim.unit} rate for {year}",
                    a_side,
                )
            )
            continue
        rate = held.units_per_usd
        b = Side(
            f"fx_rates: {held.source_ref}",
            None,
            None,
            f"{year} annual average",
            rate,
            f"{foreign.claim.unit}/USD",
        )
        ia = (fl / uh, fh / ul)
        agree = ia[0] <= rate <= ia[1]
        gap = _pct(rate, implied)
        status: Status = "consistent" if agree else "contradiction"
        note = ""
        if not agree and _part_of_year(foreign.claim) and gap is not None and abs(gap) <= 15:
            # a rate over some months of a year may stray that far from the year's average
            # (the yuan moved 15 % within 2022): only the annual average is held
            status = "unchecked"
            note = (
                "; the figure is for part of the year and only the annual average is held, "
                "which cannot settle a difference this small"
            )
        out.append(
            Finding(
                "currency conversion",
                status,
                f"{what}; the {year} annual average is {rate:,.4g}{note}",
                foreign.claim.measure,
                foreign.claim.period_start,
                foreign.claim.period_end,
                foreign.claim.subjects,
                a_side,
                b,
                gap,
            )
        )
    return out


def _part_of_year(c: Claim) -> bool:
    """Whether a claim's period is some months of a year rather than the calendar year."""
    if c.period_start is None or c.period_end is None:
        return False
    return not (c.period_start.endswith("-01-01") and c.period_end.endswith("-12-31"))


# --- across articles and against the data --------------------------------------------------


def across_articles(claims: list[StoredClaim]) -> list[Finding]:
    """The same measure, places and period in two documents: do the figures agree?

    Claims are indexed by (measure, unit, period, places); within a group, each claim of one
    document is set against the nearest figure of each other document (values sorted once), so
    the work grows as n log n in the claims of a document, not as the product of two documents.
    """
    groups: dict[tuple[Any, ...], dict[int, list[StoredClaim]]] = defaultdict(
        lambda: defaultdict(list)
    )
    scope = scopes(claims)
    restated = _Restated(claims)
    for s in claims:
        c = s.claim
        if c.period_end is None or c.measure in ("other", "volume"):
            continue
        u = restated.usd(s) if c.unit in MONEY else s
        if u is None:
            continue
        key = (c.measure, u.claim.unit, c.period_start, c.period_end, scope[(s.doc_id, s.idx)])
        if all(x.idx != u.idx for x in groups[key][u.doc_id][-1:]):
            groups[key][u.doc_id].append(u)
    out = []
    for by_doc in groups.values():
        docs = sorted(by_doc)
        values = {d: sorted(by_doc[d], key=lambda x: x.claim.value) for d in docs}
        keys = {d: [x.claim.value for x in values[d]] for d in docs}
        for i, da in enumerate(docs):
            for db in docs[i + 1 :]:
                for a in by_doc[da]:
                    j = bisect.bisect_left(keys[db], a.claim.value)
                    near = [values[db][k] for k in (j - 1, j) if 0 <= k < len(keys[db])]
                    b = min(near, key=lambda x: abs(x.claim.value - a.claim.value))
                    out.append(
                        _finding(
                            "across articles",
                            a,
                            _side(b),
                            interval(a.claim),
                            interval(b.claim),
                            f"{a.doc}: {a.claim.text} against {b.doc}: {b.claim.text}",
                        )
                    )
    return out


def _places(subjects: tuple[str, ...], ledger: Ledger) -> list[tuple[str, str, str | None]]:
    """(reporter, partner, region) orientations a claim's places allow in the ledger."""
    regions = [s for s in subjects if "-" in s]
    countries = [s for s in subjects if len(s) == 3 and s.isupper()]
    if regions:
        home = ledger.codes.region_countries().get(regions[0])
        others = [c for c in countries if c != home]
        return [(home, others[0], regions[0])] if home and len(others) == 1 else []
    if len(countries) == 2:
        a, b = countries
        return [(a, b, None), (b, a, None)]
    return []


def against_ledger(
    ledger: Ledger,
    claims: list[StoredClaim],
    vocab: Vocabulary | None = None,
    sides: dict[tuple[str, int | None], frozenset[str]] | None = None,
    quoting: Callable[[StoredClaim], str | None] | None = None,
) -> list[Finding]:
    """Turnover and share claims against what the trade ledger holds for the same scope (each
    ledger figure looked up once, however many claims ask for it). ``sides``, when given,
    receives the reporters whose statistics each turnover claim quotes or agrees with;
    ``quoting`` (default :func:`reporter_of`) says whose statistics a claim quotes."""
    out = []
    if claims and vocab is None:
        vocab = load_vocabulary()
    restated = _Restated(claims)
    turnover = functools.cache(ledger.flows.turnover)
    places = functools.cache(lambda subjects: _places(subjects, ledger))
    summaries = _Summaries(ledger)
    for s in claims:
        c = s.claim
        if c.measure == "turnover" and c.period_start and c.period_end:
            u = restated.usd(s)
            if u is None:
                continue
            period = Period(
                dt.date.fromisoformat(c.period_start), dt.date.fromisoformat(c.period_end)
            )
            assert vocab is not None
            quoted = quoting(s) if quoting is not None else reporter_of(ledger, s, vocab)
            found: list[tuple[str, Finding]] = []
            for reporter, partner, region in places(c.subjects):
                f = _turnover_finding(u, reporter, partner, region, period, turnover)
                found.append((reporter, f))
            judges = _judges(found, quoted)
            if sides is not None and judges:
                sides[(u.claim.doc, u.claim.start)] = judges
            out.extend(_as_mirror_gaps(found, judges, quoted))
        elif c.measure == "share" and c.unit == "percent" and len(c.subjects) >= 2:
            assert vocab is not None
            out.extend(_share_against_ledger(ledger, s, vocab, summaries, places))
    return out


def _turnover_finding(
    u: StoredClaim,
    reporter: str,
    partner: str,
    region: str | None,
    period: Period,
    turnover: Callable[..., Any],
) -> Finding:
    found = turnover(reporter, partner, period, region)
    value, source, refused = found.value_usd, found.source, found.refused
    who = f"{reporter}{f' ({region})' if region else ''}-reported"
    if value is None:
        return _unchecked(
            "against the ledger",
            u,
            f"{u.claim.text}: no {who} turnover for {period.label} "
            f"({'; '.join(refused) or 'no data'})",
        )
    b = Side(f"ledger: {source}", None, None, f"{who} turnover {period.label}", value, "USD")
    return _finding(
        "against the ledger",
        u,
        b,
        interval(u.claim),
        rounded(value),
        f"{u.claim.text} against {who} turnover {value / 1e9:,.2f} bn ({source})",
    )


def _judges(found: list[tuple[str, Finding]], quoted: str | None) -> frozenset[str]:
    """The side whose figure judges a claim: the one it quotes (named in its sentence) or,
    failing that, those it agrees with."""
    return frozenset(r for r, _ in found if r == quoted) or frozenset(
        r for r, f in found if f.status == "consistent"
    )


def _as_mirror_gaps(
    found: list[tuple[str, Finding]], judges: frozenset[str], quoted: str | None
) -> list[Finding]:
    """A claim set against both sides' figures of one flow: the other side's figure differs
    from the judging side's by the mirror gap, which is no contradiction."""
    out = []
    for reporter, f in found:
        if judges and reporter not in judges and f.status == "contradiction":
            why = (
                f"the claim quotes {quoted}'s statistics"
                if quoted in judges
                else f"the claim agrees with {'/'.join(sorted(judges))}-reported turnover"
            )
            f = replace(
                f,
                status="mirror gap",
                message=f"{f.message}: {why}; the difference is the gap between the two sides' "
                "statistics of one flow (transit, re-exports, timing, valuation; "
                "see `corridor trade mirror`)",
            )
        out.append(f)
    return out


#: where a sentence's clauses part: "; ", ", while …", "whereas", "but"
_CLAUSE_BREAK = re.compile(r";|,?\s(?:while|whereas|but)\b", re.I)


def reporter_of(ledger: Ledger, s: StoredClaim, vocab: Vocabulary) -> str | None:
    """The country whose statistics a claim's sentence says it quotes ("by Kazakh statistics",
    "according to China's General Administration of Customs"), the one named nearest the figure;
    None when the sentence names none."""
    c = s.claim
    lo = max(0, c.start - 240)
    window = ledger.documents.text(s.doc_id, lo, c.end + 160 - lo)
    here, there = c.start - lo, c.end - lo
    begin = max(window.rfind(". ", 0, here), window.rfind("\n", 0, here)) + 1
    stops = [i for i in (window.find(". ", there), window.find("\n", there)) if i >= 0]
    sentence = window[begin : min(stops) if stops else len(window)]
    names = {k.lower(): x for k, x in vocab.subjects.items()}
    agencies = {k.lower(): x for k, x in vocab.agencies.items()}
    # "… $31.5 bn by Kazakh statistics, while Chinese customs put it at $41 bn": a reporter of
    # the figure's own clause comes first
    at = here - begin
    cuts = [m.start() for m in _CLAUSE_BREAK.finditer(sentence)]
    lo_cut = max((c for c in cuts if c <= at), default=0)
    hi_cut = min((c for c in cuts if c > at), default=len(sentence))
    best: tuple[bool, int, str] | None = None
    for m in vocab.patterns["reporter"].finditer(sentence):
        who = agencies.get(m["agency"].lower()) if m["agency"] else names.get(m["name"].lower())
        if who is None or len(who) != 3:
            continue
        rank = (not lo_cut <= m.start() < hi_cut, abs(m.start() - at), who)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[2]


class _Summaries:
    """Trade summaries by (reporter, partner, period, region), each computed once (an error
    too)."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._done: dict[tuple[Any, ...], Summary | CorridorError] = {}

    def __call__(self, reporter: str, partner: str, period: Period, region: str | None) -> Summary:
        key = (reporter, partner, period, region)
        if key not in self._done:
            try:
                self._done[key] = trade_summary(
                    self._ledger, reporter=reporter, partner=partner, period=period, region=region
                )
            except CorridorError as exc:
                self._done[key] = exc
        done = self._done[key]
        if isinstance(done, CorridorError):
            raise done
        return done


def _share_against_ledger(
    ledger: Ledger,
    s: StoredClaim,
    vocab: Vocabulary,
    summaries: _Summaries,
    places_of: Callable[[tuple[str, ...]], list[tuple[str, str, str | None]]],
) -> list[Finding]:
    c = s.claim
    if c.period_start and c.period_end:
        period = Period(dt.date.fromisoformat(c.period_start), dt.date.fromisoformat(c.period_end))
        assumed = ""
    elif s.doc_date is not None:
        y = s.doc_date.year - 1
        period = Period(dt.date(y, 1, 1), dt.date(y, 12, 31))
        assumed = f" (no period stated: the year before the article, {y}, assumed)"
    else:
        return []
    found = []
    places = places_of(c.subjects)
    base = _base_country(ledger, s, vocab)
    if not any(region for _, _, region in places):
        # "X percent of Kazakhstan's trade": the country named after the figure is the base
        places = [p for p in places if p[0] == base]
    for reporter, partner, region in places:
        try:
            summary = summaries(reporter, partner, period, region)
            if region:
                value, what = (
                    summary.region_share_pct,
                    f"{region}'s share of {reporter}–{partner} trade",
                )
            else:
                value, what = summary.share_pct, f"{partner}'s share of {reporter}'s trade"
        except CorridorError as exc:
            found.append(
                _unchecked(
                    "against the ledger",
                    s,
                    f"{c.text}: {period.label}{assumed}: {exc}".splitlines()[0],
                )
            )
            continue
        if value is None:
            why = "; ".join(summary.notes) or "the ledger cannot compute the share"
            found.append(
                _unchecked(
                    "against the ledger", s, f"{c.text}: {what}, {period.label}{assumed}: {why}"
                )
            )
            continue
        b = Side(
            f"ledger: {summary.source}", None, None, f"{what}, {period.label}", value, "percent"
        )
        found.append(
            _finding(
                "against the ledger",
                s,
                b,
                interval(c),
                (value, value),
                f"{c.text} against {what} {value:.1f} % in {period.label}{assumed}",
            )
        )
    return found


def _base_country(ledger: Ledger, s: StoredClaim, vocab: Vocabulary) -> str | None:
    """The first country named within 60 characters after a share (its base)."""
    after = ledger.documents.text(s.doc_id, s.claim.end, 60)
    if not after:
        return None
    m = vocab.patterns["subject"].search(after)
    return vocab.subjects[m["name"]] if m else None


def mirror_gaps_across(
    findings: list[Finding], sides: dict[tuple[str, int | None], frozenset[str]]
) -> list[Finding]:
    """Two articles' figures that disagree because each quotes another side's statistics of
    the same flow (by its sentence, or by agreeing with that side's figure in the ledger): a
    mirror gap, not a contradiction."""
    out = []
    for f in findings:
        if f.check == "across articles" and f.status == "contradiction" and f.b is not None:
            a, b = sides.get((f.a.doc, f.a.start)), sides.get((f.b.doc, f.b.start))
            if a and b and not a & b:
                f = replace(
                    f,
                    status="mirror gap",
                    message=f"{f.message}: the first quotes {'/'.join(sorted(a))}'s statistics, "
                    f"the second {'/'.join(sorted(b))}'s; the difference is the gap between "
                    "the two sides' statistics of one flow (see `corridor trade mirror`)",
                )
        out.append(f)
    return out


def check_claims(ledger: Ledger) -> list[Finding]:
    """Every check on every stored claim, contradictions first."""
    claims = stored_claims(ledger)
    vocab = load_vocabulary()
    # whose statistics each claim quotes: its document's text read once a claim, for both checks
    quoted = functools.cache(lambda s: reporter_of(ledger, s, vocab))
    sides: dict[tuple[str, int | None], frozenset[str]] = {}
    ledger_findings = against_ledger(ledger, claims, vocab, sides, quoted)
    findings = [
        *parts_against_totals(claims, sides, quoted),
        *parts_within_whole(ledger, claims),
        *growth_against_values(claims),
        *conversions(ledger, claims),
        *mirror_gaps_across(across_articles(claims), sides),
        *ledger_findings,
    ]
    order = {"contradiction": 0, "mirror gap": 1, "consistent": 2, "unchecked": 3}
    return sorted(findings, key=lambda f: (order[f.status], f.check))
