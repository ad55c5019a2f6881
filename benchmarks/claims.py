"""Precision and recall of the claims extractor on the hand-annotated gold files.

    python -m benchmarks.claims [--errors]

Two sets of gold: the project's own (below) and the development corpus ``tests/claims/dev/`` (30
news articles, 356 figures, each with the period it is for), split before any rule was written
from it: every third article (in name order) is held back and never read while writing rules
(``corridor.claims.evaluate.dev_split``). The held-back part's period accuracy is the figure that
counts.

Gold: ``tests/claims/gold/*.jsonl`` (three news articles on the corridor, and the notes of the
crossing fact table, which carry most of the tonnages and counts). Baseline for comparison, in the
same run: a naive extractor that takes every number with a currency sign, percent sign or unit
word right after it, without ranges, number words, qualifiers or context, and dates each by the
first year written in its sentence. Goals: precision and recall ≥ 0.9 for money, percent and
mass, and for periods (a period counts when a found claim's start and end both equal the gold's;
its recall is bounded by the claims found at all).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
from pathlib import Path

from corridor.claims import Extractor, load_vocabulary
from corridor.claims.evaluate import Score, dev_split, evaluate, evaluate_dev
from corridor.claims.extract import Claim, sentences

ROOT = Path(__file__).parents[1] / "tests" / "claims"


class NaiveExtractor(Extractor):
    """Numbers followed by $, %, a scale and a currency, or tons: no context at all."""

    PATTERN = re.compile(
        r"(?P<usd>(?:US)?\$)?(?P<n>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>billion|million|bn)?\s?"
        r"(?P<unit>%|per cent|percent|tons|tonnes|Mt|yuan|tenge)?"
    )

    YEAR = re.compile(r"\b(?:19|20)\d\d\b")

    def extract(self, doc: str, text: str, anchor: object) -> list[Claim]:  # type: ignore[override]
        out = []
        spans = sentences(text)
        scale = {"billion": 1e9, "bn": 1e9, "million": 1e6, None: 1.0}
        for m in self.PATTERN.finditer(text):
            unit = (
                "USD"
                if m["usd"]
                else {
                    "%": "percent",
                    "per cent": "percent",
                    "percent": "percent",
                    "tons": "t",
                    "tonnes": "t",
                    "Mt": "t",
                    "yuan": "CNY",
                    "tenge": "KZT",
                }.get(m["unit"] or "")
            )
            if unit is None:
                continue
            # period: the first year written in the figure's sentence, as the whole year
            s0, s1 = next(((a, b) for a, b in spans if a <= m.start() < b), (m.start(), m.end()))
            y = self.YEAR.search(text, s0, s1)
            ps, pe = (f"{y.group()}-01-01", f"{y.group()}-12-31") if y else (None, None)
            v = (
                float(m["n"].replace(",", ""))
                * scale[m["scale"]]
                * (1e6 if m["unit"] == "Mt" else 1)
            )
            out.append(
                Claim(
                    doc,
                    m.start(),
                    m.end(),
                    m.group(),
                    v,
                    None,
                    unit,
                    "other",
                    ps,
                    pe,
                    (),
                    None,
                    None,
                    None,
                )
            )
        return out


def _row(s: Score) -> str:
    counts = f"{s.true_positive_p}/{s.predicted} predicted, {s.true_positive_g}/{s.gold} gold"
    return f"{s.name:8} P {s.precision:5.2f}  R {s.recall:5.2f}   ({counts})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="List every error.")
    args = parser.parse_args()
    vocab = load_vocabulary()
    gold = sorted((ROOT / "gold").glob("*.jsonl"))
    scores, errors = evaluate(Extractor(vocab), ROOT / "articles", gold)
    naive, _ = evaluate(NaiveExtractor(vocab), ROOT / "articles", gold)
    print(f"gold: {len(gold)} documents")
    print("corridor.claims extractor:")
    for s in scores:
        print("  " + _row(s))
    print("baseline (numbers with a sign or unit, no context; period: the sentence's first year):")
    for s in naive[:3] + [n for n in naive if n.name == "period"]:
        print("  " + _row(s))
    if args.errors:
        for kind, p, g in errors:
            pred = None if p is None else (p.doc[:12], p.text, p.value, p.unit, p.measure)
            want = None if g is None else (g["doc"][:12], g["text"], g["value"], g["unit"])
            period = None if p is None else (p.period_start, p.period_end)
            print(f"{kind:15} pred={pred} {period} gold={want} {g and g['measure']}")
    dev = ROOT / "dev"
    names = [k for k in json.loads((dev / "gold.json").read_text(encoding="utf-8")) if k[0] != "_"]
    build, held = dev_split(names)
    print("development corpus (values: money, percent, tonnes; periods over the matched figures):")
    for label, extractor in (
        ("corridor.claims", Extractor(vocab)),
        ("baseline", NaiveExtractor(vocab)),
    ):
        for part, part_names in (("build", build), ("held back", held)):
            d, _ = evaluate_dev(extractor, dev, part_names, part)
            print(
                f"  {label:15} {part:9} ({d.articles} articles, {d.gold} figures): values "
                f"P {d.value_precision:.2f} R {d.value_recall:.2f}; periods "
                f"{d.period_accuracy:.2f} of the found ({d.period_right}/{d.matched_with_period}), "
                f"{d.period_recall:.2f} of all ({d.gold_with_period}); targets and forecasts "
                f"P {d.outlook_precision:.2f} R {d.outlook_recall:.2f} "
                f"({d.outlook_right}/{d.outlook_predicted} marked, {d.outlook_gold} in gold)"
            )
    held_score, _ = evaluate_dev(Extractor(vocab), dev, held, "held back")
    print(f"held_back_period_accuracy: {held_score.period_accuracy:.3f}")
    print(f"held_back_value_precision: {held_score.value_precision:.3f}")
    print(f"held_back_value_recall: {held_score.value_recall:.3f}")
    print(f"held_back_outlook_precision: {held_score.outlook_precision:.3f}")
    print(f"held_back_outlook_recall: {held_score.outlook_recall:.3f}")
    goal = {s.name: s for s in scores}
    worst = min(min(goal[c].precision, goal[c].recall) for c in ("money", "percent", "mass"))
    print(f"min_precision_recall_money_percent_mass: {worst:.2f}")
    period = goal["period"]
    base = next(n for n in naive if n.name == "period")
    print(f"period_precision: {period.precision:.3f} (baseline {base.precision:.3f})")
    print(f"period_recall: {period.recall:.3f} (baseline {base.recall:.3f})")
    matched = sum(1 for kind, _p, _g in errors if kind == "period")
    pairs = period.true_positive_p + matched
    if pairs:
        print(f"period_accuracy_on_found_claims: {period.true_positive_p / pairs:.3f}")
    _speed(vocab, dev)


#: a page of news text, in characters (about 500 words)
PAGE = 3_000


def _speed(vocab: object, dev: Path) -> None:
    """Time to read a 20-page article (the corpus's bodies joined and cut to 20 pages), best of
    three, against the naive extractor in the same run."""
    bodies = [p.read_text(encoding="utf-8").split("\n", 2)[2] for p in sorted(dev.glob("*.txt"))]
    text = "\n\n".join(bodies * (1 + 20 * PAGE // sum(map(len, bodies))))[: 20 * PAGE]
    times = {}
    for label, extractor in (
        ("corridor.claims", Extractor(vocab)),  # type: ignore[arg-type]
        ("baseline", NaiveExtractor(vocab)),  # type: ignore[arg-type]
    ):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            extractor.extract("pages", text, dt.date(2025, 1, 1))
            best = min(best, time.perf_counter() - t0)
        times[label] = best
    print(
        f"20-page article ({len(text):,} characters): corridor.claims "
        f"{times['corridor.claims']:.2f} s, baseline {times['baseline']:.3f} s"
    )
    print(f"twenty_pages_seconds: {times['corridor.claims']:.2f} (goal <= 1)")
    print(f"twenty_pages_vs_baseline: {times['corridor.claims'] / times['baseline']:.1f}x")


if __name__ == "__main__":
    main()
