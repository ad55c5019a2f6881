"""The value of one flow over one period: the one function every figure of the product comes from.

A load can give the value when its candidates (see :mod:`corridor.ledger._candidates`) for the flow
tile the period exactly (one cell for the whole period, or consecutive sub-periods such as months)
and none of them is partial. Among the loads that can, the ranking of ``candidates.choice`` decides:
complete, then published totals, then unverified; a reporter's own statistics before a reconciled
estimate; the larger value; then source label and SHA-256. Loads are never mixed within one value.
``source`` forces one source label (a partial one too: its figure then says so).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import duckdb

from corridor.periods import Period

CANDIDATES_SQL = """
SELECT load_id, source, sha256, basis, is_total, period_start, period_end, level, finest,
       hs_rev, value_usd, status, reason, n_chapters, reference_pct
FROM candidates
WHERE reporter = $reporter AND partner = $partner AND flow = $flow
  AND reporter_region IS NOT DISTINCT FROM $region
  AND period_start >= $start AND period_end <= $end
  AND status <> 'superseded'
ORDER BY load_id, is_total, period_start
"""

#: The rows behind a product-level figure: each chapter at the coarsest level the load holds.
ROWS_SQL = """
SELECT sum(f.value_usd) FROM flows f
JOIN coverage_chapters cc
  ON cc.load_id = f.load_id AND cc.reporter = f.reporter AND cc.partner = f.partner
 AND cc.reporter_region IS NOT DISTINCT FROM f.reporter_region AND cc.flow = f.flow
 AND cc.hs_rev = f.hs_rev AND cc.period_start = f.period_start
 AND cc.period_end = f.period_end AND cc.chapter = substr(f.hs_code, 1, 2)
 AND cc.level = length(f.hs_code)
WHERE f.load_id = $load AND f.reporter = $reporter AND f.partner = $partner AND f.flow = $flow
  AND f.reporter_region IS NOT DISTINCT FROM $region AND f.hs_code <> 'TOTAL'
  AND f.period_start >= $start AND f.period_end <= $end
"""

_RANK = {"complete": 1, "published": 2, "unverified": 3, "partial": 4}


@dataclass(frozen=True)
class FlowValue:
    """A value with where it came from and how far it can be trusted.

    ``status`` is ``complete`` (checked against an independent reference), ``published`` (a
    published total), ``unverified`` (nothing independent to check it against) or, only when a
    source was forced, ``partial``; ``reason`` says why in one sentence.
    """

    value_usd: float
    source: str
    load_id: int
    level: int  # 0 = a published total; else the HS digits summed (the coarsest held)
    finest: int  # the finest HS level every chapter is held at (breakdowns up to it)
    hs_rev: str
    basis: str  # reported | reconciled
    status: str
    reason: str
    periods: tuple[tuple[date, date], ...]
    sql: str = field(compare=False, repr=False)
    params: dict[str, Any] = field(compare=False, repr=False)

    @property
    def label(self) -> str:
        """``source (load N, what was summed)``."""
        kind = "published total" if self.level == 0 else f"HS{self.level} rows"
        return f"{self.source} (load {self.load_id}, {kind})"

    @property
    def caveat(self) -> str | None:
        """What a reader must be told beside the number, or None."""
        if self.status in ("complete", "published"):
            return None
        return f"{self.status}: {self.reason}"

    def explain(self, name: str) -> str:
        """The SQL and parameters that produced the value, as comments and the query."""
        params = ", ".join(f"{k}={val!s}" for k, val in self.params.items())
        spans = ", ".join(Period(*p).label for p in self.periods)
        return (
            f"-- {name}: {self.label}; periods {spans}; {self.status}: {self.reason}\n"
            f"-- {params}\n{self.sql.strip()}"
        )


@dataclass(frozen=True)
class Alternative:
    """Another load that holds the same flow and period, with why it was not used."""

    label: str
    value_usd: float
    status: str
    reason: str


@dataclass(frozen=True)
class Lookup:
    """The chosen value (or None); the other loads holding the same flow and period, best first
    (partial ones last); and why each load that could not give it could not."""

    found: FlowValue | None
    refused: tuple[str, ...]
    alternatives: tuple[Alternative, ...] = ()


def _tiles(periods: list[tuple[date, date]], target: Period) -> list[tuple[date, date]] | None:
    """The periods that cover ``target`` exactly: the whole span, or consecutive pieces."""
    exact = [(s, e) for s, e in periods if s == target.start and e == target.end]
    if exact:
        return exact[:1]
    pieces = sorted(set(periods))
    if not pieces or pieces[0][0] != target.start or pieces[-1][1] != target.end:
        return None
    for (_, prev_end), (next_start, _) in pairwise(pieces):
        if next_start != prev_end + timedelta(days=1):
            return None
    return pieces


def lookup(
    con: duckdb.DuckDBPyConnection,
    *,
    reporter: str,
    partner: str,
    flow: str,
    period: Period,
    region: str | None = None,
    totals: bool = True,
    source: str | None = None,
) -> Lookup:
    """The value of ``flow`` from ``reporter`` to ``partner`` over ``period``."""
    params: dict[str, Any] = {
        "reporter": reporter,
        "partner": partner,
        "flow": flow,
        "region": region,
        "start": period.start,
        "end": period.end,
    }
    groups: dict[tuple[int, bool], list[tuple[Any, ...]]] = defaultdict(list)
    for row in con.execute(CANDIDATES_SQL, params).fetchall():
        groups[(int(row[0]), bool(row[4]))].append(row)
    usable: list[tuple[tuple[Any, ...], FlowValue]] = []
    unusable: list[tuple[tuple[Any, ...], FlowValue]] = []
    refused: list[str] = []
    for (load_id, is_total), rows in groups.items():
        if is_total and not totals:
            continue
        first = rows[0]
        kind = "published total" if is_total else "product rows"
        if source is not None and first[1] != source:
            refused.append(f"{first[1]} (load {load_id}, {kind}): not the source asked for")
            continue
        by_period = {(r[5], r[6]): r for r in rows}
        tiles = _tiles(list(by_period), period)
        if tiles is None:
            spans = ", ".join(Period(s, e).label for s, e in sorted(by_period))
            refused.append(f"{first[1]} (load {load_id}, {kind}) covers only {spans}")
            continue
        chosen = [by_period[t] for t in tiles]
        worst = max(chosen, key=lambda r: _RANK[str(r[11])])
        status = str(worst[11])
        value = sum(float(r[10]) for r in chosen)
        level = min(int(r[7]) for r in chosen)
        figure = FlowValue(
            value_usd=value,
            source=str(first[1]),
            load_id=load_id,
            level=level,
            finest=min(int(r[8]) for r in chosen),
            hs_rev=str(first[9]),
            basis=str(first[3]),
            status=status,
            reason=str(worst[12]),
            periods=tuple(tiles),
            sql=CANDIDATES_SQL if level == 0 else ROWS_SQL,
            params=params | ({"load": load_id} if level else {}),
        )
        key = (
            _RANK[status],
            figure.basis == "reconciled",
            -value,
            figure.source,
            str(first[2]),
            is_total,
        )
        if status == "partial" and source is None:
            refused.append(
                f"{first[1]} (load {load_id}, {kind}) for {Period(worst[5], worst[6]).label}: "
                f"{worst[12]}"
            )
            unusable.append((key, figure))
            continue
        usable.append((key, figure))
    usable.sort(key=lambda kf: kf[0])
    unusable.sort(key=lambda kf: kf[0])
    best = usable[0][1] if usable else None
    others = tuple(
        Alternative(f.label, f.value_usd, f.status, f.reason) for _, f in [*usable[1:], *unusable]
    )
    return Lookup(best, tuple(refused), others)


@dataclass(frozen=True)
class Turnover:
    """Exports + imports of one reporter with one partner (or a published turnover)."""

    value_usd: float | None
    source: str | None  # the source labels, "wits" or "wits + official"
    parts: tuple[FlowValue, ...]
    status: str | None  # the least certain of the parts
    notes: tuple[str, ...]
    refused: tuple[str, ...]
    #: the other loads holding the flows, as ``flow: label``, best first
    alternatives: tuple[Alternative, ...] = ()

    @property
    def label(self) -> str:
        """The loads behind the figure, as in ``FlowValue.label``."""
        return " + ".join(dict.fromkeys(p.label for p in self.parts))

    @property
    def caveat(self) -> str | None:
        caveats = [c for p in self.parts if (c := p.caveat)]
        return "; ".join(dict.fromkeys(caveats)) or None


def turnover(
    con: duckdb.DuckDBPyConnection,
    reporter: str,
    partner: str,
    period: Period,
    region: str | None = None,
    *,
    source: str | None = None,
) -> Turnover:
    """Turnover as exports + imports (one load each), else a published turnover total.

    When a published turnover exists beside exports + imports and differs by more than 0.5 %,
    a note says so: the figure is exports + imports either way.
    """
    ex = lookup(
        con, reporter=reporter, partner=partner, flow="export", period=period, region=region,
        source=source,
    )  # fmt: skip
    im = lookup(
        con, reporter=reporter, partner=partner, flow="import", period=period, region=region,
        source=source,
    )  # fmt: skip
    to = lookup(
        con, reporter=reporter, partner=partner, flow="turnover", period=period, region=region,
        source=source,
    )  # fmt: skip
    both = ex.found is not None and im.found is not None
    unused = [("turnover", to.found)] if both else [("exports", ex.found), ("imports", im.found)]
    others = tuple(
        [
            Alternative(f"{name}: {f.label}", f.value_usd, f.status, f.reason)
            for name, f in unused
            if f is not None
        ]
        + [
            Alternative(f"{name}: {a.label}", a.value_usd, a.status, a.reason)
            for name, found in (("exports", ex), ("imports", im), ("turnover", to))
            for a in found.alternatives
        ]
    )
    if ex.found and im.found:
        parts = (ex.found, im.found)
        value = ex.found.value_usd + im.found.value_usd
        notes = []
        published = to.found
        if published and abs(published.value_usd - value) > 0.005 * published.value_usd:
            notes.append(
                f"published turnover {published.value_usd / 1e9:,.2f} bn US$ "
                f"({published.label}) differs from exports + imports {value / 1e9:,.2f} bn US$ "
                f"by {100 * (value / published.value_usd - 1):+.1f} %"
            )
        return Turnover(
            value,
            " + ".join(dict.fromkeys(p.source for p in parts)),
            parts,
            _least_certain(parts),
            tuple(notes),
            (),
            others,
        )
    if to.found:
        return Turnover(
            to.found.value_usd, to.found.source, (to.found,), to.found.status, (), (), others
        )
    return Turnover(None, None, (), None, (), (*ex.refused, *im.refused, *to.refused), others)


def _least_certain(parts: tuple[FlowValue, ...]) -> str:
    return max((p.status for p in parts), key=lambda s: _RANK[s])
