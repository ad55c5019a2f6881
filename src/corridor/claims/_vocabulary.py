"""The extractor's vocabulary: data files compiled into patterns.

Words come from ``data/claims/vocabulary.yaml`` (numbers, scales, currencies, units, qualifiers,
measure keywords, places) and crossing names from the network file, so that another corridor is
another data folder.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from corridor.errors import InputError
from corridor.network.model import read_network
from corridor.workspace import Workspace
from corridor.yaml_files import load_yaml

_FUNCTION_WORDS = (
    "for|of|to|and|or|in|on|at|from|by|per|a|an|the|with|than|as|into|over|under|between|vs"
)


def alternation(words: list[str] | Any) -> str:
    """A regex alternation of ``words``, longest first, each escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Vocabulary:
    """Every word list the extractor uses, lower-cased where matching ignores case."""

    numbers: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]
    multiples: dict[str, float]
    currency_prefix: dict[str, str]
    currency_suffix: dict[str, str]
    units: dict[str, tuple[str, float]]
    count_nouns: tuple[str, ...]
    qualifiers: dict[str, str]
    qualifier_symbols: dict[str, str]
    rate_suffixes: tuple[str, ...]
    measures: dict[str, tuple[str, ...]]
    subjects: dict[str, str]
    months: dict[str, int]
    crossings: dict[str, tuple[tuple[str, str], ...]]  # name -> ((id, mode), ...)
    reporter_nouns: tuple[str, ...] = ()
    agencies: dict[str, str] = field(default_factory=dict)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)

    def find_date(self, text: str) -> dt.date | None:
        """The first full date written in ``text`` (``April 4, 2023``, ``4 April 2023``, ISO)."""
        best: tuple[int, dt.date] | None = None
        for name in ("date_mdy", "date_dmy", "date_iso"):
            for m in self.patterns[name].finditer(text):
                try:
                    if name == "date_iso":
                        d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
                    else:
                        d = dt.date(int(m["y"]), self.months[m["mon"].lower()], int(m["d"]))
                except ValueError:
                    continue
                if best is None or m.start() < best[0]:
                    best = (m.start(), d)
                break
        return None if best is None else best[1]


def _crossing_names(network: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    names: dict[str, list[tuple[str, str]]] = {}
    for c in read_network(network).crossings:
        for side in c.sides.values():
            for part in re.split(r"[()]", side):
                name = part.strip()
                if len(name) >= 4 and not name.lower().startswith(("river", "planned")):
                    names.setdefault(name.lower(), []).append((c.id, c.mode))
    return {k: tuple(dict.fromkeys(v)) for k, v in names.items()}


def load_vocabulary(path: Path | None = None, network: Path | None = None) -> Vocabulary:
    """Read the vocabulary file and the network's crossing names, and compile the patterns."""
    path = path or Workspace.default().claims_vocabulary
    network = network or Workspace.default().network
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the vocabulary: {exc}", file=str(path)) from exc

    def low(d: dict[str, Any]) -> dict[str, Any]:
        return {str(k).lower(): v for k, v in d.items()}

    v = Vocabulary(
        numbers={k: float(x) for k, x in low(raw["numbers"]).items()},
        scales={str(k): float(x) for k, x in raw["scales"].items()},
        fractions={k: float(x) for k, x in low(raw["fractions"]).items()},
        multiples={k: float(x) for k, x in low(raw["multiples"]).items()},
        currency_prefix={str(k): str(x) for k, x in raw["currencies"]["prefix"].items()},
        currency_suffix=low(raw["currencies"]["suffix"]),
        units={str(k): (str(x[0]), float(x[1])) for k, x in raw["units"].items()},
        count_nouns=tuple(str(n).lower() for n in raw["count_nouns"]),
        qualifiers=low(raw["qualifiers"]),
        qualifier_symbols={str(k): str(x) for k, x in raw["qualifier_symbols"].items()},
        rate_suffixes=tuple(str(r).lower() for r in raw["rate_suffixes"]),
        measures={m: tuple(str(w).lower() for w in ws) for m, ws in raw["measures"].items()},
        subjects={str(k): str(x) for k, x in raw["subjects"].items()},
        months=low(raw["months"]),
        crossings=_crossing_names(network),
        reporter_nouns=tuple(str(n).lower() for n in raw.get("reporters", {}).get("nouns", [])),
        agencies={str(k): str(x) for k, x in raw.get("reporters", {}).get("agencies", {}).items()},
    )
    _compile(v)
    return v


def _compile(v: Vocabulary) -> None:
    # a number starts where no digit precedes it and is read atomically (possessive), so a run
    # of n digits costs n steps, not n² — whatever follows it
    # a decimal comma ("683,3 thousand tons", "41,9") has one or two digits after it; three
    # make a thousands group
    # make a thousands group; groups may be set apart by a (thin, no-break) space before a
    # decimal comma ("3 653,3 thousand tons") or by a no-break space alone ("12 500 t")
    num = (
        r"(?<![\d.,])(?>\d{1,3}(?:[ \u00a0\u202f]\d{3})*+,\d{1,2}(?![\d,])|"
        r"\d{1,3}(?:[\u00a0\u202f]\d{3})++(?!\d)|"
        r"(?:\d{1,3}(?:,\d{3})++(?!\d)|\d++)(?:\.\d++)?+)"
    )
    word = alternation(v.numbers)
    # scales are case-sensitive for the one-letter forms (m, b, k) and written after a number
    long_scales = [s for s in v.scales if len(s) > 1]
    short_scales = [s for s in v.scales if len(s) == 1]
    # an abbreviation may keep its dot inside a sentence: "1.2 mln. tonnes"
    scale = (
        # ("a $1.2-billion plant": a hyphen may join them)
        rf"(?:[\s-]?(?:{alternation(long_scales)})\b(?:\.(?=\s[a-z]))?"
        rf"|(?:{alternation(short_scales)})\b)"
    )
    number = rf"(?P<num>{num}|\b(?:{word})\b)(?P<scale>{scale})?"
    number2 = rf"(?P<num2>{num}|\b(?:{word})\b)(?P<scale2>{scale})?"
    pre = alternation(v.currency_prefix)
    suf = alternation(v.currency_suffix)
    units = alternation([u for u in v.units if u != "%"])
    months = alternation(v.months)
    v.patterns.update(
        {
            "range": re.compile(
                rf"(?:\bfrom\s+|(?P<between>\bbetween\s+))?(?P<pre>{pre})?\s?{number}"
                rf"\s?(?:to|(?(between)and|to)|-|–)\s?(?P<pre2>{pre})?\s?{number2}",
                re.I,
            ),
            "money_pre": re.compile(rf"(?P<pre>(?<![A-Za-z]){pre})\s?{number}", re.I),
            "money_suf": re.compile(rf"{number}\s(?P<suf>{suf})\b", re.I),
            "percent": re.compile(
                rf"{number}[\s-]?(?P<unit>%|per cent\b|percent\b|pct\b|pc\b)", re.I
            ),
            "unit": re.compile(rf"{number}\s?(?P<unit>{units})\b", re.I),
            "fraction": re.compile(
                # ("the first half", "the 2nd half", "the last quarter" are parts of a year)
                r"(?<!first )(?<!second )(?<!third )(?<!fourth )(?<!last )"
                rf"(?<!1st )(?<!2nd )(?<!3rd )(?<!4th )\b(?P<frac>{alternation(v.fractions)})\b",
                re.I,
            ),
            "multiple": re.compile(rf"\b(?P<mult>{alternation(v.multiples)})\b(?!-)", re.I),
            "number": re.compile(number, re.I),
            "count": re.compile(
                rf"{number}\s(?:(?!(?:{_FUNCTION_WORDS})\s)[A-Za-z-]+\s){{0,2}}?"
                rf"(?P<noun>{alternation(v.count_nouns)})\b",
                re.I,
            ),
            # "41 billion a year earlier" is an amount and a time, not a rate
            "rate": re.compile(
                rf"{number}\s?(?P<rate>{alternation(v.rate_suffixes)})\b"
                r"(?!\s(?:earlier|ago|before|later|after)\b)",
                re.I,
            ),
            "subject": re.compile(rf"\b(?P<name>{alternation(v.subjects)})(?:['’]s)?\b"),
            "reporter": re.compile(
                rf"\b(?:(?P<name>{alternation(v.subjects)})(?:['’]s)?\s+(?:(?:official|national|own)\s+)?"
                rf"(?:{alternation(v.reporter_nouns) or '(?!)'})\b"
                rf"|(?P<agency>{alternation(v.agencies) or '(?!)'})\b)",
                re.I,
            ),
            "crossing": re.compile(rf"\b(?P<name>{alternation(v.crossings)})\b", re.I),
            "date_mdy": re.compile(
                rf"\b(?P<mon>{months})\.?\s(?P<d>\d{{1,2}}),\s(?P<y>(?:19|20)\d\d)\b", re.I
            ),
            "date_dmy": re.compile(
                rf"\b(?P<d>\d{{1,2}})\s(?P<mon>{months})\.?,?\s(?P<y>(?:19|20)\d\d)\b", re.I
            ),
            "date_iso": re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
        }
    )
