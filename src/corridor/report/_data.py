"""The figures the report shows, read from the ledger (no formatting here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corridor.claims.check import Finding, check_claims
from corridor.claims.store import StoredClaim, stored_claims
from corridor.errors import CorridorError
from corridor.ledger import Alternative, By, Ledger, LedgerStatus, PublishedTotal, SeriesCoverage
from corridor.locations import data_dir
from corridor.network.model import Crossing
from corridor.network.scenario import resolve_scenario
from corridor.periods import year as calendar_year
from corridor.sim.compare import ScenarioComparison, compare_scenarios
from corridor.trade.barriers import BarrierView, barrier_views
from corridor.trade.mirror import MirrorParams, MirrorResult, mirror
from corridor.trade.opportunities import OpportunityReport, export_opportunities
from corridor.trade.targets import Assessment, evaluate_targets


@dataclass(frozen=True)
class SideYear:
    """One side's trade with the other in one calendar year: the ledger's figure for it (the
    same one ``corridor trade summary`` gives), with how sure it is and what else is held."""

    reporter: str
    partner: str
    year: int
    exports_usd: float | None
    imports_usd: float | None
    turnover_usd: float | None
    source: str | None  # the loads behind the figure
    status: str | None  # complete | published | unverified (None: no figure)
    notes: tuple[str, ...]  # caveats, published totals that differ, why there is no figure
    also: tuple[Alternative, ...]  # other loads holding the same flows

    @property
    def complete(self) -> bool:
        """Checked against an independent reference, or a published total."""
        return self.status in ("complete", "published")


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
    status: str = "complete"


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows."""

    a: str
    b: str
    names: dict[str, str]
    status: LedgerStatus
    coverage: tuple[SeriesCoverage, ...]  # the series that involve a or b
    years: tuple[SideYear, ...]
    part_years: tuple[PublishedTotal, ...]
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


def _side_year(ledger: Ledger, reporter: str, partner: str, year: int) -> SideYear:
    t = ledger.flows.turnover(reporter, partner, calendar_year(year))
    parts = {p.params["flow"]: p for p in t.parts}
    notes = list(t.notes)
    if t.caveat:
        notes.append(t.caveat)
    if t.value_usd is None:
        notes.extend(t.refused)
    return SideYear(
        reporter,
        partner,
        year,
        parts["export"].value_usd if "export" in parts else None,
        parts["import"].value_usd if "import" in parts else None,
        t.value_usd,
        t.label or None,
        t.status,
        tuple(dict.fromkeys(notes)),
        tuple(
            a
            for a in t.alternatives
            if not (
                t.value_usd
                and a.label.startswith("turnover: ")
                and abs(a.value_usd - t.value_usd) <= 0.005 * t.value_usd
            )
        ),
    )


def _top(ledger: Ledger, a: str, b: str, flow: str, n: int) -> TopProducts | None:
    """The largest products of ``a``'s ``flow`` with ``b`` in the latest year that has them."""
    for year in ledger.flows.product_years(a, b, flow):
        found = ledger.flows.value(
            reporter=a, partner=b, flow=flow, period=calendar_year(year), totals=False
        ).found
        if found is None:
            continue
        by: By = "hs4" if found.finest >= 4 else "chapter"
        rows = ledger.flows.products(
            found, reporter=a, partner=b, flow=flow, region=None, by=by, limit=n
        )
        return TopProducts(
            a,
            b,
            flow,
            year,
            found.label,
            found.hs_rev,
            found.value_usd,
            tuple(TopProduct(r.code, r.description, r.value_usd, r.share_pct) for r in rows),
            found.status,
        )
    return None


def report_data(ledger: Ledger, a: str, b: str, *, top_n: int = 10) -> ReportData:
    """Everything the report shows, for the pair of countries ``a`` and ``b``."""
    a, b = ledger.codes.country(a), ledger.codes.country(b)
    years = [
        _side_year(ledger, reporter, partner, y)
        for y in ledger.flows.annual_years((a, b))
        for reporter, partner in ((a, b), (b, a))
    ]
    years = [y for y in years if y.turnover_usd is not None or y.also]
    part_years = ledger.flows.published_totals((a, b))
    top = [t for flow in ("export", "import") if (t := _top(ledger, a, b, flow, top_n))]
    names = ledger.codes.names()
    status = ledger.status()
    pair = {a, b}
    coverage = tuple(s for s in status.coverage if {s.reporter, s.partner} & pair)
    mirrors = []
    params = MirrorParams.read(data_dir() / "trade" / "mirror.yaml")
    for y in sorted({s.year for s in years}, reverse=True):
        try:
            result = mirror(ledger, a=a, b=b, period=calendar_year(y), params=params)
        except CorridorError:
            continue
        if any(r.gap_usd is not None for r in result.rows) or all(
            t.turnover_usd for t in result.turnover
        ):
            mirrors.append(result)
        if len(mirrors) == 2:
            break
    assessments = tuple(evaluate_targets(ledger, data_dir() / "targets.yaml"))
    opportunities, gaps = [], []
    for exporter, market in ((a, b), (b, a)):
        try:
            opportunities.append(export_opportunities(ledger, exporter, market, top=top_n + 5))
        except CorridorError as exc:
            gaps.append(f"{exporter} → {market}: {exc}")
    untapped = {(o.exporter, o.market): o.all_untapped for o in opportunities}
    comparison, crossings, sim_note = _scenarios(ledger)
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
        tuple(barrier_views(ledger, untapped)),
        tuple(stored_claims(ledger)),
        tuple(check_claims(ledger)),
        comparison,
        crossings,
        sim_note,
    )


#: Levers the report compares with the baseline, and the size of the runs (a quick look:
#: ``corridor compare`` runs longer and with more replications).
REPORT_LEVERS = ("road-24-7", "green-corridors-all-road", "bakhty-ayagoz-line")
REPORT_DAYS, REPORT_REPLICATIONS = 180, 2


def _scenarios(
    ledger: Ledger,
) -> tuple[tuple[ScenarioComparison, ...], tuple[Crossing, ...], str]:
    base = data_dir() / "scenarios" / "baseline.yaml"
    levers: list[tuple[Path, ...]] = [
        (data_dir() / "scenarios" / "levers" / f"{name}.yaml",) for name in REPORT_LEVERS
    ]
    try:
        network = resolve_scenario(base, ledger=ledger).network
        results = compare_scenarios(
            ledger, base, levers, days=REPORT_DAYS, replications=REPORT_REPLICATIONS, seed=1
        )
    except CorridorError as exc:
        return (), (), f"no simulation: {exc}"
    note = (
        f"simulated {REPORT_DAYS} days × {REPORT_REPLICATIONS} replications from 1 January of the "
        "scenario year, seed 1 (corridor compare runs longer)"
    )
    return tuple(results), network.crossings, note
