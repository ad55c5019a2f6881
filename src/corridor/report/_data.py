"""The figures the report shows, read from the ledger (no formatting here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from corridor.claims.check import Finding, check_claims
from corridor.claims.store import StoredClaim, stored_claims
from corridor.errors import CorridorError
from corridor.ledger import Ledger, LedgerStatus, SeriesCoverage
from corridor.locations import data_dir
from corridor.network.model import Crossing
from corridor.network.scenario import resolve_scenario
from corridor.sim.compare import ScenarioComparison, compare_scenarios
from corridor.trade.barriers import BarrierView, barrier_views
from corridor.trade.mirror import MirrorParams, MirrorResult, mirror
from corridor.trade.opportunities import OpportunityReport, export_opportunities
from corridor.trade.periods import year as calendar_year
from corridor.trade.targets import Assessment, evaluate_targets


@dataclass(frozen=True)
class SideYear:
    """One side's reported trade with the other in one calendar year, from one source."""

    source: str
    reporter: str
    partner: str
    year: int
    exports_usd: float | None
    imports_usd: float | None
    turnover_usd: float | None
    status: str  # complete | incomplete | unchecked | aggregate (see the coverage view)
    note: str | None

    @property
    def complete(self) -> bool:
        """False when the source's product files lack chapters or the provider flags the year."""
        return self.status != "incomplete"


@dataclass(frozen=True)
class PartYear:
    """A published total for part of a year (``January–June``) or a region."""

    source: str
    reporter: str
    reporter_region: str | None
    partner: str
    flow: str
    period_start: date
    period_end: date
    value_usd: float
    source_ref: str | None


@dataclass(frozen=True)
class TopProduct:
    hs_code: str
    description: str
    value_usd: float
    share_pct: float


@dataclass(frozen=True)
class TopProducts:
    reporter: str
    partner: str
    flow: str
    year: int
    source: str
    hs_rev: str
    total_usd: float
    products: tuple[TopProduct, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows."""

    a: str
    b: str
    names: dict[str, str]
    status: LedgerStatus
    coverage: tuple[SeriesCoverage, ...]  # the series that involve a or b
    years: tuple[SideYear, ...]
    part_years: tuple[PartYear, ...]
    top: tuple[TopProducts, ...]
    mirrors: tuple[MirrorResult, ...] = ()
    targets: tuple[Assessment, ...] = ()
    opportunities: tuple[OpportunityReport, ...] = ()
    opportunity_gaps: tuple[str, ...] = ()
    barriers: tuple[BarrierView, ...] = ()
    claims: tuple[StoredClaim, ...] = ()
    findings: tuple[Finding, ...] = ()
    comparison: tuple[ScenarioComparison, ...] = ()
    crossings: tuple[Crossing, ...] = ()  # the baseline network's, for the map
    simulation_note: str = ""


_ANNUAL = """
WITH f AS (
    SELECT f.load_id, f.source, f.reporter, f.partner, f.flow, f.period_start, f.period_end,
           f.hs_code, f.value_usd,
           CASE WHEN f.hs_code = 'TOTAL' THEN 0 ELSE length(f.hs_code) END AS level
    FROM flows f
    WHERE ((f.reporter = $a AND f.partner = $b) OR (f.reporter = $b AND f.partner = $a))
      AND f.reporter_region IS NULL
      AND month(f.period_start) = 1 AND day(f.period_start) = 1
      AND f.period_end = f.period_start + INTERVAL 1 YEAR - INTERVAL 1 DAY
),
top_level AS (
    SELECT *, min(level) OVER (PARTITION BY load_id, reporter, partner, flow, period_start) AS lv
    FROM f
),
sums AS (
    SELECT load_id, source, reporter, partner, flow, period_start, sum(value_usd) AS v
    FROM top_level WHERE level = lv GROUP BY ALL
),
latest AS (
    SELECT s.*, c.status, c.note, c.missing_chapters,
           row_number() OVER (PARTITION BY s.source, s.reporter, s.flow, s.period_start
                              ORDER BY s.load_id DESC) AS rk
    FROM sums s LEFT JOIN coverage c
      ON c.load_id = s.load_id AND c.reporter = s.reporter AND c.partner = s.partner
     AND c.flow = s.flow AND c.period_start = s.period_start AND c.reporter_region IS NULL
)
SELECT source, reporter, partner, year(period_start) AS year,
       max(v) FILTER (WHERE flow = 'export') AS exports,
       max(v) FILTER (WHERE flow = 'import') AS imports,
       max(v) FILTER (WHERE flow = 'turnover') AS turnover,
       CASE WHEN bool_or(status = 'incomplete') THEN 'incomplete'
            WHEN bool_or(status = 'unchecked') THEN 'unchecked'
            WHEN bool_and(status = 'aggregate') THEN 'aggregate'
            ELSE 'complete' END AS status,
       string_agg(DISTINCT note, '; ') AS note
FROM latest WHERE rk = 1
GROUP BY ALL ORDER BY year, reporter, source
"""

_PART_YEARS = """
SELECT source, reporter, reporter_region, partner, flow, period_start, period_end,
       sum(value_usd), any_value(source_ref)
FROM flows
WHERE hs_code = 'TOTAL'
  AND (reporter IN ($a, $b) AND partner IN ($a, $b, 'WLD'))
  AND NOT (reporter_region IS NULL AND month(period_start) = 1 AND day(period_start) = 1
           AND period_end = period_start + INTERVAL 1 YEAR - INTERVAL 1 DAY)
GROUP BY ALL ORDER BY period_start, period_end, reporter
"""

_TOP_CANDIDATES = """
SELECT c.source, c.load_id, c.hs_rev, year(c.period_start) AS year, c.rows
FROM coverage c
WHERE c.reporter = $a AND c.partner = $b AND c.flow = $flow AND c.reporter_region IS NULL
  AND c.status IN ('complete', 'unchecked')
  AND month(c.period_start) = 1
  AND c.period_end = c.period_start + INTERVAL 1 YEAR - INTERVAL 1 DAY
ORDER BY year DESC, c.rows DESC
LIMIT 1
"""

_TOP = """
WITH f AS (
    SELECT hs_code, hs_rev, value_usd, length(hs_code) AS level
    FROM flows
    WHERE load_id = $load AND reporter = $a AND partner = $b AND flow = $flow
      AND reporter_region IS NULL AND hs_code <> 'TOTAL' AND year(period_start) = $year
),
lvl AS (SELECT * FROM f WHERE level = (SELECT min(level) FROM f)),
total AS (SELECT sum(value_usd) AS t FROM lvl)
SELECT l.hs_code,
       coalesce(p.description, p22.description || ' (HS 2022 label)', 'no description'),
       l.value_usd, 100 * l.value_usd / total.t, total.t
FROM lvl l CROSS JOIN total
LEFT JOIN products p ON p.hs_rev = l.hs_rev AND p.hs_code = l.hs_code
LEFT JOIN products p22 ON p22.hs_rev = 'HS2022' AND p22.hs_code = l.hs_code
ORDER BY l.value_usd DESC, l.hs_code
LIMIT $n
"""


def _f(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def report_data(ledger: Ledger, a: str, b: str, *, top_n: int = 10) -> ReportData:
    """Everything the report shows, for the pair of countries ``a`` and ``b``."""
    con = ledger.connection
    years = []
    for row in con.execute(_ANNUAL, {"a": a, "b": b}).fetchall():
        source, reporter, partner, year, ex, im, to, status, note = row
        turnover = (
            _f(to)
            if to is not None
            else (
                _f(ex) + _f(im) if ex is not None and im is not None else None  # type: ignore[operator]
            )
        )
        years.append(
            SideYear(source, reporter, partner, int(year), _f(ex), _f(im), turnover, status, note)
        )
    part_years = tuple(
        PartYear(r[0], r[1], r[2], r[3], r[4], r[5], r[6], float(r[7]), r[8])
        for r in con.execute(_PART_YEARS, {"a": a, "b": b}).fetchall()
    )
    top = []
    for flow in ("export", "import"):
        cand = con.execute(_TOP_CANDIDATES, {"a": a, "b": b, "flow": flow}).fetchone()
        if cand is None:
            continue
        source, load_id, hs_rev, year, _ = cand
        rows = con.execute(
            _TOP, {"load": load_id, "a": a, "b": b, "flow": flow, "year": year, "n": top_n}
        ).fetchall()
        if not rows:
            continue
        top.append(
            TopProducts(
                a,
                b,
                flow,
                int(year),
                source,
                hs_rev,
                float(rows[0][4]),
                tuple(TopProduct(r[0], r[1], float(r[2]), float(r[3])) for r in rows),
            )
        )
    names = dict(con.execute("SELECT iso3, name FROM countries").fetchall())
    status = ledger.status()
    pair = {a, b}
    coverage = tuple(s for s in status.coverage if {s.reporter, s.partner} & pair)
    mirrors = []
    params = MirrorParams.read(data_dir() / "trade" / "mirror.yaml")
    for y in sorted({s.year for s in years}, reverse=True):
        try:
            result = mirror(con, a=a, b=b, period=calendar_year(y), params=params)
        except CorridorError:
            continue
        if any(r.gap_usd is not None for r in result.rows) or all(
            t.turnover_usd for t in result.turnover
        ):
            mirrors.append(result)
        if len(mirrors) == 2:
            break
    assessments: tuple[Assessment, ...] = ()
    if not ledger.read_only:  # assessing stores the registry in the ledger
        assessments = tuple(evaluate_targets(con, data_dir() / "targets.yaml"))
    opportunities, gaps = [], []
    for exporter, market in ((a, b), (b, a)):
        try:
            opportunities.append(export_opportunities(con, exporter, market, top=top_n + 5))
        except CorridorError as exc:
            gaps.append(f"{exporter} → {market}: {exc}")
    untapped = {(o.exporter, o.market): o.all_untapped for o in opportunities}
    comparison, crossings, sim_note = _scenarios(con)
    return ReportData(
        a,
        b,
        names,
        status,
        coverage,
        tuple(years),
        part_years,
        tuple(top),
        tuple(mirrors),
        assessments,
        tuple(opportunities),
        tuple(gaps),
        tuple(barrier_views(con, untapped)),
        tuple(stored_claims(con)),
        tuple(check_claims(con)),
        comparison,
        crossings,
        sim_note,
    )


#: Levers the report compares with the baseline, and the size of the runs (a quick look:
#: ``corridor compare`` runs longer and with more replications).
REPORT_LEVERS = ("road-24-7", "green-corridors-all-road", "bakhty-ayagoz-line")
REPORT_DAYS, REPORT_REPLICATIONS = 180, 2


def _scenarios(
    con: duckdb.DuckDBPyConnection,
) -> tuple[tuple[ScenarioComparison, ...], tuple[Crossing, ...], str]:
    base = data_dir() / "scenarios" / "baseline.yaml"
    levers: list[tuple[Path, ...]] = [
        (data_dir() / "scenarios" / "levers" / f"{name}.yaml",) for name in REPORT_LEVERS
    ]
    try:
        network = resolve_scenario(base, con=con).network
        results = compare_scenarios(
            con, base, levers, days=REPORT_DAYS, replications=REPORT_REPLICATIONS, seed=1
        )
    except CorridorError as exc:
        return (), (), f"no simulation: {exc}"
    note = (
        f"simulated {REPORT_DAYS} days × {REPORT_REPLICATIONS} replications from 1 January of the "
        "scenario year, seed 1 (corridor compare runs longer)"
    )
    return tuple(results), network.crossings, note
