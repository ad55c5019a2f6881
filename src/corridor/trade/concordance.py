"""HS revisions converted, not matched by code: values brought from one revision to another.

The tables (``data/reference/hs_concordance.parquet``, from the UN Statistics Division / WITS
correlation tables as the R package concordance ships them) give, for every six-digit code of a
revision, the one code of the previous revision it maps to. So, between any two revisions:

- **older → newer is many-to-one or a merge**: converting *backwards* (HS2022 → HS2017) sums each
  newer code into its older code; nothing is estimated.
- **older → newer can split**: converting *forwards* (HS2012 → HS2017), an older code that became
  several newer ones has its value **allocated by trade weights** — the shares of the newer codes
  in a reference trade (``weights``, for example world trade in the newer revision) — or, without
  weights for any of them, in equal parts (headings: see below). Every split is counted and the
  method named.

Conversions across several revisions compose the steps (HS2002 → HS2017 goes through HS2007 and
HS2012); a split is allocated once, over the target codes its value can reach, by the target
revision's weights. Totals are kept exactly. A code the table does not know is never dropped: it is
returned in ``unmapped`` with its value.

Headings (4 digits) and chapters (2 digits) convert through the links of their six-digit codes: a
heading links to every heading its subheadings reach. Their splits are allocated the same way (by
weights, or without them in proportion to its six-digit codes, each counting equally — an
approximation of its subheadings' trade, and the notes say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from corridor.errors import InputError
from corridor.workspace import Workspace

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
    split_by_weights: int  # of those, allocated by trade weights (the rest without)
    notes: tuple[str, ...] = field(default=())

    @property
    def total(self) -> float:
        return sum(self.values.values()) + sum(self.unmapped.values())


def revision(name: str) -> str:
    """The canonical name (``HS2017``) of a revision written as ``H5``, ``HS17`` or the like."""
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

    return pd.read_parquet(Workspace.default().reference("hs_concordance.parquet"))


@cache
def links(source: str, target: str, digits: int = 6) -> dict[str, frozenset[str]]:
    """Each code of ``source`` (``digits`` 6, 4 or 2) → the codes of ``target`` its value can go to.

    Headings and chapters link where any of their six-digit codes link."""
    if digits != 6:
        if digits not in (2, 4):
            raise InputError(f"HS codes have 2, 4 or 6 digits, not {digits}")
        coarse: dict[str, set[str]] = {}
        for code, targets in links(source, target).items():
            coarse.setdefault(code[:digits], set()).update(t[:digits] for t in targets)
        return {c: frozenset(ts) for c, ts in coarse.items()}
    src, dst = revision(source), revision(target)
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


@cache
def _default_shares(source: str, target: str, digits: int) -> dict[str, dict[str, float]]:
    """Allocation without weights: a six-digit code in equal parts over its targets; a heading
    or chapter over the targets of its six-digit codes, each of those counting equally."""
    six = links(source, target)
    out: dict[str, dict[str, float]] = {}
    if digits == 6:
        return {c: {t: 1.0 / len(ts) for t in ts} for c, ts in six.items()}
    counts: dict[str, int] = {}
    for code, targets in six.items():
        parent = code[:digits]
        counts[parent] = counts.get(parent, 0) + 1
        acc = out.setdefault(parent, {})
        for t in targets:
            acc[t[:digits]] = acc.get(t[:digits], 0.0) + 1.0 / len(targets)
    return {c: {t: w / counts[c] for t, w in acc.items()} for c, acc in out.items()}


def convert(
    values: Mapping[str, float],
    source: str,
    target: str,
    *,
    weights: Mapping[str, float] | None = None,
) -> Conversion:
    """``values`` by code of revision ``source``, in revision ``target`` (module docstring).

    Codes are six-digit subheadings, four-digit headings or two-digit chapters (strings, leading
    zeros kept; a mix is converted level by level). ``weights``: reference trade by target code,
    for allocating splits."""
    src, dst = revision(source), revision(target)
    bad = [c for c in values if not (isinstance(c, str) and len(c) in (2, 4, 6) and c.isdigit())]
    if bad:
        shown = ", ".join(map(repr, bad[:5]))
        raise InputError(
            f"HS codes must be strings of 2, 4 or 6 digits (leading zeros kept): {shown}"
        )
    tables = {n: links(src, dst, n) for n in {len(c) for c in values}}
    out: dict[str, float] = {}
    unmapped: dict[str, float] = {}
    sources_into: dict[str, int] = {}
    split = by_weights = 0
    for code, value in values.items():
        targets = sorted(tables[len(code)].get(code, ()))
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
                shares = _default_shares(src, dst, len(code))[code]
        for t, share in shares.items():
            out[t] = out.get(t, 0.0) + float(value) * share
            sources_into[t] = sources_into.get(t, 0) + 1
    merged = sum(1 for n in sources_into.values() if n > 1)
    notes = []
    if split:
        coarse = any(len(c) < 6 for c in values)
        notes.append(
            f"{split} {src} code(s) split over several {dst} codes: {by_weights} allocated by "
            f"trade weights, {split - by_weights} without weights ("
            + (
                "a heading or chapter in proportion to its six-digit codes, an approximation "
                "of their trade; a six-digit code in equal parts)"
                if coarse
                else "in equal parts)"
            )
        )
    if merged:
        notes.append(f"{merged} {dst} code(s) gather more than one {src} code")
    if unmapped:
        notes.append(
            f"{len(unmapped)} code(s) are not {src} codes of the table and are kept unconverted"
        )
    return Conversion(src, dst, out, unmapped, merged, split, by_weights, tuple(notes))
