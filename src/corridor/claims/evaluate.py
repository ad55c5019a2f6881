"""Precision and recall of the extractor against hand-annotated gold files.

A gold file is JSON lines: a first line ``{"doc": NAME, "date": DATE|null, "kind": "document"}``
and one line per claim with ``start``, ``end``, ``text``, ``value``, ``value_max``, ``unit``,
``measure``, ``period_start``, ``period_end``, ``qualifier``. A predicted claim *matches* a gold
claim when their spans overlap, the units are equal and the values agree to 1e-6 (relative).
Precision and recall are computed per unit class (money, percent, mass, counts, other) and, over
the matched pairs, for measure and period (a pair counts when the field is also equal).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.claims.extract import MONEY, Claim, Extractor

CLASSES = {
    **{c: "money" for c in MONEY},
    "percent": "percent",
    "ratio": "percent",
    "pp": "percent",
    "t": "mass",
    "count": "counts",
    "TEU": "counts",
}


def unit_class(unit: str) -> str:
    return CLASSES.get(unit, "other")


@dataclass(frozen=True)
class Score:
    """Counts and the resulting precision and recall of one category."""

    name: str
    predicted: int
    gold: int
    true_positive_p: int  # predicted claims that match a gold claim
    true_positive_g: int  # gold claims matched by a predicted claim

    @property
    def precision(self) -> float:
        return self.true_positive_p / self.predicted if self.predicted else math.nan

    @property
    def recall(self) -> float:
        return self.true_positive_g / self.gold if self.gold else math.nan


def read_gold(path: Path) -> tuple[str, dt.date | None, list[dict[str, Any]]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    head, items = lines[0], lines[1:]
    date = dt.date.fromisoformat(head["date"]) if head.get("date") else None
    return str(head["doc"]), date, items


def _match(p: Claim, g: dict[str, Any]) -> bool:
    overlap = p.start < g["end"] and g["start"] < p.end
    same_value = math.isclose(p.value, g["value"], rel_tol=1e-6, abs_tol=1e-9)
    return overlap and p.unit == g["unit"] and same_value


def evaluate(
    extractor: Extractor, articles: Path, gold_files: list[Path]
) -> tuple[list[Score], list[tuple[str, Claim | None, dict[str, Any] | None]]]:
    """Scores per unit class and for measure and period; and the list of errors."""
    preds: list[Claim] = []
    golds: list[dict[str, Any]] = []
    for path in gold_files:
        name, date, items = read_gold(path)
        text = (articles / name).read_text(encoding="utf-8")
        preds += extractor.extract(name, text, date)
        golds += items
    pairs: list[tuple[Claim, dict[str, Any]]] = []
    matched_g: set[int] = set()
    matched_p: set[int] = set()
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if j not in matched_g and p.doc == g["doc"] and _match(p, g):
                pairs.append((p, g))
                matched_g.add(j)
                matched_p.add(i)
                break
    scores = []
    for cls in ("money", "percent", "mass", "counts", "other"):
        scores.append(
            Score(
                cls,
                sum(unit_class(p.unit) == cls for p in preds),
                sum(unit_class(g["unit"]) == cls for g in golds),
                sum(unit_class(p.unit) == cls for i, p in enumerate(preds) if i in matched_p),
                sum(unit_class(g["unit"]) == cls for j, g in enumerate(golds) if j in matched_g),
            )
        )
    for field in ("measure", "period"):

        def same(p: Claim, g: dict[str, Any], field: str = field) -> bool:
            if field == "measure":
                return bool(p.measure == g["measure"])
            return (p.period_start, p.period_end) == (g["period_start"], g["period_end"])

        hits = sum(same(p, g) for p, g in pairs)
        scores.append(Score(field, len(preds), len(golds), hits, hits))
    errors: list[tuple[str, Claim | None, dict[str, Any] | None]] = [
        ("false positive", p, None) for i, p in enumerate(preds) if i not in matched_p
    ]
    errors += [("missed", None, g) for j, g in enumerate(golds) if j not in matched_g]
    errors += [("measure", p, g) for p, g in pairs if p.measure != g["measure"]]
    errors += [
        ("period", p, g)
        for p, g in pairs
        if (p.period_start, p.period_end) != (g["period_start"], g["period_end"])
    ]
    return scores, errors


# --- the development corpus (tests/claims/dev/: articles and one gold.json) --------------------

#: The corpus is split before rules are written: every third article (in name order) is held back
#: and scored only, never read while writing rules.
HOLD_OUT_EVERY = 3

_SCOPE = {"USD": "USD", "CNY": "CNY", "KZT": "KZT", "EUR": "EUR", "RUB": "RUB"}


@dataclass(frozen=True)
class DevScore:
    """Values and periods of one part of the development corpus."""

    part: str
    articles: int
    predicted: int  # predicted money, percent and tonne claims
    gold: int
    matched: int
    gold_with_period: int
    matched_with_period: int
    period_right: int
    outlook_gold: int = 0  # matched figures the gold marks as a target or a forecast
    outlook_predicted: int = 0  # matched figures marked so by the extractor
    outlook_right: int = 0  # marked by both, the same (target or forecast)

    @property
    def outlook_precision(self) -> float:
        return self.outlook_right / self.outlook_predicted if self.outlook_predicted else math.nan

    @property
    def outlook_recall(self) -> float:
        return self.outlook_right / self.outlook_gold if self.outlook_gold else math.nan

    @property
    def value_precision(self) -> float:
        return self.matched / self.predicted if self.predicted else math.nan

    @property
    def value_recall(self) -> float:
        return self.matched / self.gold if self.gold else math.nan

    @property
    def period_accuracy(self) -> float:
        """Of the matched figures whose period the text fixes, the share dated right."""
        return (
            self.period_right / self.matched_with_period if self.matched_with_period else math.nan
        )

    @property
    def period_recall(self) -> float:
        """Of all the figures whose period the text fixes, the share found and dated right."""
        return self.period_right / self.gold_with_period if self.gold_with_period else math.nan


def dev_split(names: list[str]) -> tuple[list[str], list[str]]:
    """(build, held back) of the corpus's article names (:data:`HOLD_OUT_EVERY`)."""
    ordered = sorted(names)
    held = [n for i, n in enumerate(ordered) if i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1]
    return [n for n in ordered if n not in held], held


def _scope_unit(unit: str) -> str | None:
    if unit in ("percent", "pp"):
        return "percent"
    if unit == "t":
        return "t"
    return _SCOPE.get(unit)


def _period_right(p: Claim, period: list[str] | None) -> bool:
    if not period:
        return False
    start, end_min, end_max = period[0], period[1], period[-1]
    return (
        p.period_start == start and p.period_end is not None and end_min <= p.period_end <= end_max
    )


def gold_outlook(g: dict[str, Any]) -> str | None:
    """A gold claim's outlook: its note starts with "target" or "forecast" (the corpus's
    convention), else None."""
    note = str(g.get("note") or "").lower()
    return next((k for k in ("target", "forecast") if note.startswith(k)), None)


def evaluate_dev(
    extractor: Extractor, folder: Path, names: list[str], part: str
) -> tuple[DevScore, list[tuple[str, str, Claim | None, dict[str, Any] | None]]]:
    """Score the extractor on the articles ``names`` of the corpus in ``folder``: a predicted
    money, percent or tonne claim matches a gold one of its article with the same unit and value
    (in text order); periods are scored on the matched pairs whose gold has a period."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    predicted = matched = with_period = matched_period = right = n_gold = 0
    outlook = [0, 0, 0]  # gold, predicted, right
    errors: list[tuple[str, str, Claim | None, dict[str, Any] | None]] = []
    for name in names:
        entry = gold[name]
        date = dt.date.fromisoformat(entry["date"]) if entry.get("date") else None
        raw = (folder / name).read_text(encoding="utf-8")
        body = raw.split("\n", 2)[2] if raw.startswith("Source:") else raw
        # share and multiple words ("half", "doubled") are out of the corpus's scope
        preds = [
            c
            for c in extractor.extract(name, body, date)
            if _scope_unit(c.unit) and (c.unit != "percent" or any(ch.isdigit() for ch in c.text))
        ]
        used: set[int] = set()
        predicted += len(preds)
        for g in entry["claims"]:
            n_gold += 1
            has_period = bool(g.get("period"))
            with_period += has_period
            hit = next(
                (
                    i
                    for i, c in enumerate(preds)
                    if i not in used
                    and _scope_unit(c.unit) == g["unit"]
                    and math.isclose(c.value, g["value"], rel_tol=1e-6, abs_tol=1e-9)
                ),
                None,
            )
            if hit is None:
                errors.append(("missed", name, None, g))
                continue
            used.add(hit)
            matched += 1
            said, found = gold_outlook(g), preds[hit].outlook
            outlook[0] += said is not None
            outlook[1] += found is not None
            outlook[2] += said is not None and said == found
            if has_period:
                matched_period += 1
                if _period_right(preds[hit], g["period"]):
                    right += 1
                else:
                    errors.append(("period", name, preds[hit], g))
        errors += [("false positive", name, c, None) for i, c in enumerate(preds) if i not in used]
    score = DevScore(
        part, len(names), predicted, n_gold, matched, with_period, matched_period, right, *outlook
    )
    return score, errors
