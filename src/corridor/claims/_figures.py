"""The figures of a sentence: each number with its unit, scale and value ("$24.1 bn",
"683,3 thousand tons", "1 million 58,4 thousand tons", "five million tons", "28 pct"), the
numbers that share a neighbour's unit ("1.1, 1.9 and 2.4 million tonnes", "(versus 41,9)"),
and none of the numbers that are dates or years. What each figure measures and when it is for
is read by :mod:`corridor.claims.extract`."""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from corridor.claims._vocabulary import Vocabulary, alternation

#: the currencies a figure may be written in (ISO 4217 codes)
MONEY = ("USD", "CNY", "KZT", "EUR", "RUB")
#: each unit's class: what the benchmark scores it as, and what a figure of it inherits
UNIT_CLASS = {
    **{c: "money" for c in MONEY},
    "percent": "percent",
    "pp": "percent",
    "ratio": "percent",
    "t": "mass",
    "count": "count",
    "TEU": "count",
    "km": "other",
    "MW": "other",
}


@dataclass
class Mention:
    """A figure found in a sentence: its offsets in the document, its value (a range's upper end
    in ``value_max``), its unit, and how it stands to a neighbour ("from", "to", "versus")."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    relation: str | None = None


_MONTH_WORD = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.I)


def _date_like(sent: str, s: int, e: int) -> bool:
    """Whether the number at ``sent[s:e]`` is the day of a date (``3 March``, ``March 3``)."""
    after = sent[e : e + 12].lstrip()
    before = sent[max(0, s - 12) : s].rstrip()
    return bool(_MONTH_WORD.match(after)) or bool(
        re.search(r"[A-Za-z]{3,}\.?$", before)
        and _MONTH_WORD.fullmatch(before.split()[-1] if before.split() else "")
    )


#: a number written as a year ("2021", not "2,021")
_YEAR = re.compile(r"(?:19|20)\d\d")
#: a rate whose number a paragraph break splits, as some stored pages have it: "a 28." /
#: "4-percent growth"
SPLIT_NUMBER = re.compile(
    r"(?<![\d.,])(?P<a>\d{1,3})\.[ \t]*\n\s*(?P<b>\d{1,2})[\s-]?(?:%|per cent\b|percent\b|pct\b)",
    re.I,
)
#: the first year of a pair written just before a number: "2021/22", "2023-24"
_YEAR_TAIL = re.compile(r"(?:19|20)\d\d\s?[/–-]\s?$")
#: what may stand between a figure and a bracket set against it: its noun ("tons of oats (")
_NOUN_THEN_BRACKET = r"(?:\s(?:of\s)?[A-Za-z-]+){0,2}\s?\(\s?"

#: "(versus 41,9)", "vs. 3.2", "against 12" after a figure: a bare number of its unit
_VERSUS_BARE = re.compile(
    rf"(?:{_NOUN_THEN_BRACKET}|\s)(?:versus|vs\.?|against|compared (?:with|to))\s"
    # a year is not a figure: "up 12 % compared with 2022, when …"
    r"(?P<num>(?!(?:19|20)\d\d(?!\d|[.,]\d))(?:\d{1,3},\d{1,2}(?![\d,])|\d[\d,]*(?:\.\d+)?))"
    r"(?=\s?[);,.]|\s(?:in|a|the|last)\b)",
    re.I,
)

#: an amount with a scale word and no unit ("of 15.3 million,", "6.5 million to 7.0 million")
_SCALED_BARE = re.compile(
    r"(?<![\w.,$€¥₸₽])(?P<num>\d+(?:\.\d+)?)\s?(?P<scale>thousand|million|billion|mln|bn)\b"
    r"(?:\s?(?:to|-|–)\s?(?P<num2>\d+(?:\.\d+)?)\s?(?P=scale)\b)?"
    r"(?=\s?[),;]|\.(?!\d)|\s?$|\s(?:in|a|an|the|last|this|and|earlier|before|previously)\b)",
    re.I,
)

#: "(versus " between two figures of one unit: the second is set against the first
_VERSUS_WRITTEN = re.compile(rf"{_NOUN_THEN_BRACKET}(?:versus|vs\.?|against)\s", re.I)

#: a list of plain numbers that ends right before a figure: "1.1, 1.9 and " (a currency sign
#: before each is allowed); the figure's unit and scale are theirs
_LISTED_BEFORE = re.compile(
    r"(?<![\w.,$€¥₸₽])(?P<list>(?:[$€¥₸₽]?\d+(?:\.\d+)?,\s)*[$€¥₸₽]?\d+(?:\.\d+)?),?\s(?:and|or)\s\Z"
)
_LISTED_NUMBER = re.compile(r"[$€¥₸₽]?(?P<num>\d+(?:\.\d+)?)")


class Figures:
    """Reads the figures of sentences; build once per vocabulary and reuse."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.v = vocab
        self._count_noun = re.compile(rf"\b(?:{alternation(vocab.count_nouns)})\b")
        # "1 million 58,4 thousand tons": a whole number of a larger scale written before
        words = alternation([k for k in vocab.scales if len(k) > 1])
        self._compound = re.compile(rf"(?<![\d.,])(?P<n>\d{{1,3}})\s(?P<s>{words})\s$", re.I)
        # a unit right after a count's number: "1520 mm gauge trains" is a length
        units = alternation([u for u in vocab.units if u != "%"])
        self._unit_after = re.compile(rf"\s?(?:{units})\b", re.I)

    def number(self, num: str, scale: str | None) -> float | None:
        raw = num.strip()
        key = raw.lower()
        if key in self.v.numbers:
            value = self.v.numbers[key]
        else:
            raw = re.sub(r"[ \u00a0\u202f]", "", raw)
            decimal_comma = re.fullmatch(r"\d+,\d{1,2}", raw)
            try:
                value = float(raw.replace(",", "." if decimal_comma else ""))
            except ValueError:
                return None
        if scale:
            s = scale.strip().lstrip("-").rstrip(".")
            factor = self.v.scales.get(s, self.v.scales.get(s.lower()))
            if factor is None:
                return None
            value *= factor
        return float(f"{value:.12g}")  # 33.8 × 1e9 is 33,800,000,000, not …999.999996

    def mentions(self, text: str, s0: int, s1: int) -> list[Mention]:
        sent = text[s0:s1]
        v, pats = self.v, self.v.patterns
        found: list[tuple[int, Mention]] = []  # (priority, mention)

        def add(prio: int, m: re.Match[str], value: float | None, unit: str, **kw: Any) -> None:
            if value is None:
                return
            start = m.start()
            # "1 million 58,4 thousand tons" is 1,058,400 t: the larger part is written first,
            # and the smaller is less than one of its scale
            big = self._compound.search(sent, max(0, start - 20), start) if prio in (1, 3) else None
            if big is not None:
                whole, one = self.number(big["n"], big["s"]), self.number("1", big["s"])
                if whole is not None and one is not None and 0 < value < one:
                    value, start = float(f"{whole + value:.12g}"), big.start()
            found.append((prio, Mention(s0 + start, s0 + m.end(), value, None, unit, **kw)))

        for m in pats["range"].finditer(sent):
            if _YEAR_TAIL.search(sent, max(0, m.start("num") - 6), m.start("num")):
                continue  # "in 2021/22 to 4.4 Mt": the end of a season's years, not a number
            lo = self.number(m["num"], m["scale"])
            hi = self.number(m["num2"], m["scale2"])
            if lo is None or hi is None:
                continue
            # a range runs upwards; "from X to Y" may run either way ("shrank from 8.9 to 8.3")
            if not lo < hi * (1 + 1e-9) and not m.group().lower().startswith("from"):
                continue
            if (
                not m["scale"]
                and not m["pre"]
                and _YEAR.fullmatch(m["num"])
                and (m["scale2"] or m["pre2"] or not _YEAR.fullmatch(m["num2"]))
            ):
                # a year, then the amount: "on 2018 to $19.2 billion", "of 2023 to 160,000 tons"
                continue
            if m["scale2"] and not m["scale"]:
                lo = self.number(m["num"], m["scale2"])
            after = sent[m.end() :]
            unit, factor, end = None, 1.0, m.end()
            pre = m["pre"] or m["pre2"]
            if pre:
                unit = v.currency_prefix.get(pre, v.currency_prefix.get(pre.upper()))
            um = re.match(
                r"\s?(%|"
                + "|".join(re.escape(u) for u in sorted(v.units, key=len, reverse=True))
                + r")\b|\s("
                + "|".join(re.escape(c) for c in sorted(v.currency_suffix, key=len, reverse=True))
                + r")\b",
                after,
                re.I,
            )
            if unit is None and um:
                if um.group(1):
                    key = um.group(1)
                    unit, factor = v.units.get(key, v.units.get(key.lower(), ("percent", 1.0)))
                else:
                    unit = v.currency_suffix[um.group(2).lower()]
                end = m.end() + um.end()
            noun = re.match(
                r"\s(?:[A-Za-z-]+\s)?(" + alternation(v.count_nouns) + r")\b", after, re.I
            )
            if unit is None and noun:
                unit, end = "count", m.end() + noun.end()
            if unit is None:
                left = sent[max(0, m.start() - 60) : m.start()].lower()
                if any(re.search(rf"\b{re.escape(n)}\b", left) for n in v.count_nouns):
                    unit = "count"
            if unit is None or lo is None:
                continue
            start = m.start("pre") if m["pre"] else m.start("num")
            if m.group().lower().startswith("from"):
                # "from X to Y": two figures, each of its own time (the first the earlier)
                first_end = m.end("scale") if m["scale"] else m.end("num")
                second = m.start("pre2") if m["pre2"] else m.start("num2")
                found.append(
                    (0, Mention(s0 + start, s0 + first_end, lo * factor, None, unit, "from"))
                )
                found.append((0, Mention(s0 + second, s0 + end, hi * factor, None, unit, "to")))
                continue
            found.append(
                (0, Mention(s0 + start, s0 + end, lo * factor, hi * factor, unit, "range"))
            )
        money_numbers = set()  # where a number written after a currency sign starts
        for m in pats["money_pre"].finditer(sent):
            unit = v.currency_prefix.get(m["pre"], v.currency_prefix.get(m["pre"].upper()))
            if unit:
                money_numbers.add(m.start("num"))
                add(1, m, self.number(m["num"], m["scale"]), unit)
        for m in pats["money_suf"].finditer(sent):
            add(1, m, self.number(m["num"], m["scale"]), v.currency_suffix[m["suf"].lower()])
        for m in pats["percent"].finditer(sent):
            add(2, m, self.number(m["num"], m["scale"]), "percent")
        for m in SPLIT_NUMBER.finditer(sent):
            add(2, m, float(f"{m['a']}.{m['b']}"), "percent")
        for m in pats["unit"].finditer(sent):
            unit, factor = v.units.get(m["unit"], v.units.get(m["unit"].lower(), ("", 1.0)))
            if unit and unit != "percent":
                n = self.number(m["num"], m["scale"])
                add(3, m, None if n is None else n * factor, unit)
        for m in pats["count"].finditer(sent):
            if self._unit_after.match(sent, m.end("scale") if m["scale"] else m.end("num")):
                continue  # "1520 mm gauge trains" is a length, not 1,520 trains
            if _date_like(sent, m.start("num"), m.end("num")):
                continue  # "ALMATY, March 3 - Trucks …": a dateline's day
            n = self.number(m["num"], m["scale"])
            if n is not None and not (_YEAR.fullmatch(m["num"]) and not m["scale"]):
                add(4, m, n, "count")  # "2,000 trucks" counts; "2000 trucks" may be a year's
        for m in pats["rate"].finditer(sent):
            # "$12 billion a year" is money at a yearly rate, not 12 billion of something a year
            if m.start("num") not in money_numbers and not _date_like(sent, m.start(), m.end()):
                add(4, m, self.number(m["num"], m["scale"]), "count")
        for m in pats["number"].finditer(sent):
            if self._bare_count(sent, m):
                add(6, m, self.number(m["num"], m["scale"]), "count")
        for m in pats["fraction"].finditer(sent):
            add(5, m, v.fractions[m["frac"].lower()], "percent")
        for m in pats["multiple"].finditer(sent):
            add(5, m, v.multiples[m["mult"].lower()], "ratio")
        # keep the longest of overlapping mentions (then the higher priority)
        found.sort(key=lambda pm: (-(pm[1].end - pm[1].start), pm[0]))
        starts: list[int] = []  # kept mentions, disjoint, in order of position
        kept: list[Mention] = []
        for _, mention in found:
            i = bisect.bisect_right(starts, mention.start)
            if (i == 0 or kept[i - 1].end <= mention.start) and (
                i == len(kept) or mention.end <= kept[i].start
            ):
                starts.insert(i, mention.start)
                kept.insert(i, mention)
        return self._carried(sent, s0, self._versus(sent, s0, self._listed(sent, s0, kept)))

    def scale(self, sent: str, s0: int, mention: Mention) -> float | None:
        """What the number written in a figure is multiplied by to give its value ("2.4 million
        tonnes": a million), None where no number is written in it."""
        written = self.v.patterns["number"].search(sent, mention.start - s0, mention.end - s0)
        first = self.number(written["num"], None) if written else None
        return mention.value / first if first else None

    def _listed(self, sent: str, s0: int, kept: list[Mention]) -> list[Mention]:
        """Numbers listed before a figure share its unit and scale: "1.1, 1.9 and 2.4 million
        tonnes", "$1.1, $1.9 and $2.4 billion" (where "$1.1" alone would be read as dollars)."""
        out = list(kept)
        for mention in kept:
            window = max(0, mention.start - s0 - 160)  # a bounded look back: linear in the text
            m = _LISTED_BEFORE.search(sent, window, mention.start - s0)
            scale = self.scale(sent, s0, mention) if m else None
            if m is None or scale is None:
                continue
            for n in _LISTED_NUMBER.finditer(sent, m.start(), m.end("list")):
                value = self.number(n["num"], None)
                start, end = s0 + n.start(), s0 + n.end()
                if value is None or _YEAR.fullmatch(n["num"]):
                    continue
                # a listed number read alone ("$1.1" as dollars) gives way to the list's reading
                out = [k for k in out if not (start <= k.start and k.end <= end + 1)]
                if any(k.start < end and start < k.end for k in out):
                    continue
                out.append(Mention(start, end, float(f"{value * scale:.12g}"), None, mention.unit))
        return sorted(out, key=lambda x: x.start)

    def _versus(self, sent: str, s0: int, kept: list[Mention]) -> list[Mention]:
        """A bare number set against a figure ("48 thousand tons (versus 41,9)") is a figure of
        the same unit and scale."""
        out = list(kept)
        for i, mention in enumerate(kept[1:], 1):
            # "61 thousand tons (versus 44.2 thousand tons)": the second, of the same unit
            before = kept[i - 1]
            if (
                mention.relation is None
                and mention.unit == before.unit != "count"
                and _VERSUS_WRITTEN.fullmatch(sent, before.end - s0, mention.start - s0)
            ):
                out[i] = dataclasses.replace(mention, relation="versus")
        for mention in kept:
            m = _VERSUS_BARE.match(sent, mention.end - s0)
            if m is None or mention.unit == "count":
                continue
            value = self.number(m["num"], None)
            scale = self.scale(sent, s0, mention)
            if scale is None or value is None:
                continue
            start, end = s0 + m.start("num"), s0 + m.end("num")
            if any(k.start < end and start < k.end for k in out):
                continue
            out.append(
                Mention(start, end, float(f"{value * scale:.12g}"), None, mention.unit, "versus")
            )
        return sorted(out, key=lambda x: x.start)

    def _carried(self, sent: str, s0: int, kept: list[Mention]) -> list[Mention]:
        """An amount written with a scale word but no unit, after a figure of money or tonnes
        in the same sentence, is of that figure's unit: "16 million tonnes, up from a forecast
        last month of 15.3 million"; "an earlier forecast of 6.5 million to 7.0 million"."""
        out = list(kept)
        ends = [k.end for k in kept]  # disjoint and in order: the ends rise too
        for m in _SCALED_BARE.finditer(sent):
            start, end = s0 + m.start(), s0 + m.end()
            i = bisect.bisect_right(ends, start)
            if i < len(kept) and kept[i].start < end:
                continue  # part of a figure already read
            owner = next(
                (
                    k
                    for k in reversed(kept[max(0, i - 8) : i])  # the figures just before
                    if start - k.end <= 120 and UNIT_CLASS.get(k.unit) in ("money", "mass")
                ),
                None,
            )
            if owner is None or (self.scale(sent, s0, owner) or 0) < 1e3:
                continue
            scale = m["scale"].lower()
            lo = self.number(m["num"], scale)
            hi = self.number(m["num2"], scale) if m["num2"] else None
            if lo is None:
                continue
            out.append(Mention(start, end, lo, hi, owner.unit, "range" if hi else None))
        return sorted(out, key=lambda x: x.start)

    def _bare_count(self, sent: str, m: re.Match[str]) -> bool:
        """A number with no unit counts things named shortly before it in the same clause."""
        s, e = m.start(), m.end()
        if (s > 0 and (sent[s - 1].isalnum() or sent[s - 1] in ".,$€¥₸₽")) or _date_like(
            sent, s, e
        ):
            return False
        if re.match(r"[-/:°'’%]|\s?(?:st|nd|rd|th)\b", sent[e : e + 3]):
            return False
        if _YEAR_TAIL.search(sent, max(0, s - 8), s):
            return False  # "the 2025/26 season": a season's second year
        if m["num"].isalpha() or (m["scale"] and self.v.scales.get(m["scale"].strip(), 1e9) >= 1e9):
            return False  # "1bn" without a currency is an amount of unknown unit, not a count
        n = self.number(m["num"], m["scale"])
        if n is None or n < 2 or _YEAR.fullmatch(m["num"]):
            return False  # "in 2023" is a year; "2,100" is a number
        clause_start = sent.rfind(";", 0, s) + 1
        words = re.findall(r"[A-Za-z-]+", sent[clause_start:s])[-8:]
        window = " ".join(words).lower()
        return self._count_noun.search(window) is not None

    # --- context ------------------------------------------------------------------------
