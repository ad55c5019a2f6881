"""HS revisions converted, not matched by code: values brought from one revision to another.

The tables (``data/reference/hs_concordance.parquet``, from the UN Statistics Division / WITS
correlation tables as the R package concordance ships them) give, for every six-digit code of a
revision, the one code of the previous revision it maps to. So, between any two revisions:

- **older → newer is many-to-one or a merge**: converting *backwards* (HS2022 → HS2017) sums each
  newer code into its older code; nothing is estimated.
- **older → newer can split**: converting *forwards* (HS2012 → HS2017), an older code that became
  several newer ones has its value **allocated by trade weights** — the shares of the newer codes
  in a reference trade (``weights``, for example world trade in the newer revision) — or, without
  weights for any of them, in equal parts. Every split is counted and the method named.

Conversions across several revisions compose the steps (HS2002 → HS2017 goes through HS2007 and
HS2012); a split is allocated once, over the target codes its value can reach, by the target
revision's weights. Totals are kept exactly. A code the table does not know is never dropped: it is
returned in ``unmapped`` with its value.

Chapters and headings follow from the six-digit codes (their first 2 or 4 digits).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from corridor.errors import InputError
from corridor.locations import data_dir

if TYPE_CHECKING:
    import pandas as pd

REVISIONS = ("HS1992", "HS1996", "HS2002", "HS2007", "HS2012", "HS2017", "HS2022")


@dataclass(frozen=True)
class Conversion:
    """Values in the target revision, with what the conversion did to them."""

    source_rev: str
    target_rev: str
    values: dict[str, float]  # target code → value
    unmapped: dict[str, float]  # source codes the table does not hold, with their values
    merged: int  # target codes that received more than one source code
    split: int  # source codes whose value was allocated over several target codes
    split_by_weights: int  # of those, allocated by trade weights (the rest in equal parts)
    notes: tuple[str, ...] = field(default=())

    @property
    def total(self) -> float:
        return sum(self.values.values()) + sum(self.unmapped.values())


def _revision(name: str) -> str:
    from corridor.ledger import hs_revision

    rev = hs_revision(name)
    if rev not in REVISIONS:
        raise InputError(
            f"unknown HS revision {name!r}; use one of {', '.join(REVISIONS)} (or H0…H6, HS92…HS22)"
        )
    return rev


@cache
def _table() -> pd.DataFrame:
    import pandas as pd

    return pd.read_parquet(data_dir() / "reference" / "hs_concordance.parquet")


@cache
def links(source: str, target: str) -> dict[str, frozenset[str]]:
    """Each six-digit code of ``source`` → the codes of ``target`` its value can go to."""
    src, dst = _revision(source), _revision(target)
    table = _table()
    i, j = REVISIONS.index(src), REVISIONS.index(dst)
    reach: dict[str, set[str]] | None = None
    step = 1 if j > i else -1
    for k in range(i, j, step):
        a, b = REVISIONS[k], REVISIONS[k + step]
        rows = table[(table["newer_rev"] == max(a, b)) & (table["older_rev"] == min(a, b))]
        older, newer = rows["older_code"].tolist(), rows["newer_code"].tolist()
        pairs = zip(older, newer, strict=True) if step > 0 else zip(newer, older, strict=True)
        one: dict[str, set[str]] = {}
        for x, y in pairs:
            one.setdefault(x, set()).add(y)
        if reach is None:
            reach = one
        else:
            reach = {code: {z for y in ys for z in one.get(y, ())} for code, ys in reach.items()}
            reach = {c: ys for c, ys in reach.items() if ys}
    if reach is None:  # the same revision
        codes = table.loc[table["newer_rev"] == src, "newer_code"].tolist()
        if src == REVISIONS[0]:
            codes = table.loc[table["older_rev"] == src, "older_code"].tolist()
        return {c: frozenset({c}) for c in codes}
    return {c: frozenset(ys) for c, ys in reach.items()}


def convert(
    values: Mapping[str, float],
    source: str,
    target: str,
    *,
    weights: Mapping[str, float] | None = None,
) -> Conversion:
    """``values`` by six-digit code of revision ``source``, in revision ``target`` (module
    docstring). ``weights``: reference trade by target code, for allocating splits."""
    src, dst = _revision(source), _revision(target)
    table = links(src, dst)
    bad = [c for c in values if not (isinstance(c, str) and len(c) == 6 and c.isdigit())]
    if bad:
        shown = ", ".join(map(repr, bad[:5]))
        raise InputError(f"HS codes must be six-digit strings (leading zeros kept): {shown}")
    out: dict[str, float] = {}
    unmapped: dict[str, float] = {}
    sources_into: dict[str, int] = {}
    split = by_weights = 0
    for code, value in values.items():
        targets = sorted(table.get(code, ()))
        if not targets:
            unmapped[code] = unmapped.get(code, 0.0) + float(value)
            continue
        if len(targets) == 1:
            shares = {targets[0]: 1.0}
        else:
            split += 1
            w = {t: float(weights.get(t, 0.0)) for t in targets} if weights else {}
            total_w = sum(v for v in w.values() if v > 0)
            if total_w > 0:
                by_weights += 1
                shares = {t: max(w[t], 0.0) / total_w for t in targets}
            else:
                shares = {t: 1.0 / len(targets) for t in targets}
        for t, share in shares.items():
            out[t] = out.get(t, 0.0) + float(value) * share
            sources_into[t] = sources_into.get(t, 0) + 1
    merged = sum(1 for n in sources_into.values() if n > 1)
    notes = []
    if split:
        notes.append(
            f"{split} {src} code(s) split over several {dst} codes: {by_weights} allocated by "
            f"trade weights, {split - by_weights} in equal parts"
        )
    if merged:
        notes.append(f"{merged} {dst} code(s) gather more than one {src} code")
    if unmapped:
        notes.append(
            f"{len(unmapped)} code(s) are not {src} codes of the table and are kept unconverted"
        )
    return Conversion(src, dst, out, unmapped, merged, split, by_weights, tuple(notes))
