"""The value of one flow over one period, from the best source the ledger holds.

A source can give the value when its rows for the flow tile the period exactly (one row for the
whole period, or consecutive sub-periods such as months) and none of those periods is marked
incomplete in the coverage. Product-level sources come first (they also give the products), then
published totals; within each, the newest load. Every value keeps the SQL and parameters that
produced it, so that ``--explain`` can show where it came from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import duckdb

from corridor.trade.periods import Period

CANDIDATES_SQL = """
WITH f AS (
    SELECT load_id, source, period_start, period_end, hs_code, value_usd,
           CASE WHEN hs_code = 'TOTAL' THEN 0 ELSE length(hs_code) END AS level
    FROM flows
    WHERE reporter = $reporter AND partner = $partner AND flow = $flow
      AND reporter_region IS NOT DISTINCT FROM $region
      AND period_start >= $start AND period_end <= $end
),
ranked AS (
    SELECT *, min(level) OVER (PARTITION BY load_id, level = 0, period_start, period_end) AS top
    FROM f
)
SELECT r.load_id, r.source, r.level = 0 AS is_total, r.period_start, r.period_end,
       min(r.level) AS level, sum(r.value_usd) AS value_usd, count(*) AS rows,
       any_value(c.status) AS status
FROM ranked r
LEFT JOIN coverage c
  ON c.load_id = r.load_id AND c.period_start = r.period_start AND c.period_end = r.period_end
 AND c.reporter = $reporter AND c.partner = $partner AND c.flow = $flow
 AND c.reporter_region IS NOT DISTINCT FROM $region
WHERE r.level = r.top
GROUP BY ALL
ORDER BY r.load_id, is_total, r.period_start
"""


@dataclass(frozen=True)
class Valued:
    """A value with where it came from."""

    value_usd: float
    source: str
    load_id: int
    level: int  # 0 = a published total; else the HS digits summed
    periods: tuple[tuple[date, date], ...]
    sql: str
    params: dict[str, Any] = field(compare=False)

    @property
    def label(self) -> str:
        """``source (load N, what was summed)``."""
        kind = "published total" if self.level == 0 else f"HS{self.level} rows"
        return f"{self.source} (load {self.load_id}, {kind})"

    def explain(self, name: str) -> str:
        """The SQL and parameters that produced the value, as comments and the query."""
        params = ", ".join(f"{k}={val!s}" for k, val in self.params.items())
        spans = ", ".join(Period(*p).label for p in self.periods)
        return f"-- {name}: {self.label}; periods {spans}\n-- {params}\n{self.sql.strip()}"


@dataclass(frozen=True)
class Lookup:
    """The chosen value (or None) and, for each source that could not give it, why."""

    found: Valued | None
    refused: tuple[str, ...]


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
        groups[(int(row[0]), bool(row[2]))].append(row)
    order = sorted(groups, key=lambda k: (k[1], -k[0]))  # products first, newest load first
    refused = []
    for key in order:
        if key[1] and not totals:
            continue
        rows = groups[key]
        source = rows[0][1]
        kind = "published total" if key[1] else "product rows"
        by_period = {(r[3], r[4]): r for r in rows}
        tiles = _tiles(list(by_period), period)
        if tiles is None:
            spans = ", ".join(Period(s, e).label for s, e in sorted(by_period))
            refused.append(f"{source} (load {key[0]}, {kind}) covers only {spans}")
            continue
        bad = [Period(*t).label for t in tiles if by_period[t][8] == "incomplete"]
        if bad:
            refused.append(
                f"{source} (load {key[0]}) is incomplete for {', '.join(bad)} "
                "(chapters missing; see `corridor ledger status`)"
            )
            continue
        value = sum(float(by_period[t][6]) for t in tiles)
        level = min(int(by_period[t][5]) for t in tiles)
        found = Valued(value, source, key[0], level, tuple(tiles), CANDIDATES_SQL, params)
        return Lookup(found, tuple(refused))
    return Lookup(None, tuple(refused))


def turnover(
    con: duckdb.DuckDBPyConnection,
    reporter: str,
    partner: str,
    period: Period,
    region: str | None,
) -> tuple[float | None, str | None, list[Valued], list[str]]:
    """Turnover as exports + imports (one source each), else a published turnover total.

    Returns the value, a source label, the values used, and why each source was refused.
    """
    ex = lookup(
        con, reporter=reporter, partner=partner, flow="export", period=period, region=region
    )
    im = lookup(
        con, reporter=reporter, partner=partner, flow="import", period=period, region=region
    )
    if ex.found and im.found:
        src = (
            ex.found.source
            if ex.found.source == im.found.source
            else (f"{ex.found.source} + {im.found.source}")
        )
        return ex.found.value_usd + im.found.value_usd, src, [ex.found, im.found], []
    to = lookup(
        con, reporter=reporter, partner=partner, flow="turnover", period=period, region=region
    )
    if to.found:
        return to.found.value_usd, to.found.source, [to.found], []
    return None, None, [], [*ex.refused, *im.refused, *to.refused]
