"""The figures the report shows, read from the ledger (no formatting here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corridor.claims.check import Finding, check_claims
from corridor.claims.store import StoredClaim, stored_claims
from corridor.errors import CorridorError
from corridor.ledger import Alternative, By, Ledger, LedgerStatus, PublishedTotal, SeriesCoverage
from corridor.network.model import Crossing
from corridor.network.scenario import ResolvedScenario
from corridor.periods import year as calendar_year
from corridor.planning import compare_levers, lever_trade_responses
from corridor.planning.linked import CapacityAndPlan, kept_capacity_and_plan
from corridor.planning.trade_response import TradeResponse
from corridor.planning.validate import stored_validation
from corridor.session import Session
from corridor.sim.compare import ScenarioComparison
from corridor.sim.run import SimReport
from corridor.sim.settings import RunSettings
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
    baseline: SimReport | None = None  # the baseline's run (the first of the comparison)
    #: the stored validation (corridor validate --rolling-origin --store): in sample and out
    validation: dict[str, Any] | None = None
    #: each compared lever's worth in trade (corridor compare --trade-response, same runs)
    trade_response: tuple[TradeResponse, ...] = ()
    trade_response_note: str = ""
    #: where each crossing's traffic level comes from, and how sure it is (crossing id → words)
    traffic_levels: dict[str, str] = field(default_factory=dict)
    #: capacity and the cheapest plan against the first dated money target (the figures of
    #: ``corridor capacity`` and ``corridor plan``), or why there is none
    capacity_plan: CapacityAndPlan | None = None
    capacity_plan_note: str = ""


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


def side_years(ledger: Ledger, a: str, b: str) -> tuple[SideYear, ...]:
    """Each side's figure for each calendar year the ledger holds (the report's and the
    dashboard's turnover over time)."""
    years = [
        _side_year(ledger, reporter, partner, y)
        for y in ledger.flows.annual_years((a, b))
        for reporter, partner in ((a, b), (b, a))
    ]
    return tuple(y for y in years if y.turnover_usd is not None or y.also)


def opening_period(
    years: Sequence[SideYear], a: str, b: str, names: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The period a page opens on, and why: the latest calendar year both sides report a
    turnover for (the mirror the report opens on), else the latest either side reports, else
    the current year (``("2023", "2023, the latest year both Kazakhstan and China report")``)."""
    name = (names or {}).get
    held: dict[int, set[str]] = {}
    for y in years:
        if y.turnover_usd is not None:
            held.setdefault(y.year, set()).add(y.reporter)
    both = [yr for yr, sides in held.items() if {a, b} <= sides]
    if both:
        return str(max(both)), (
            f"{max(both)}, the latest year both {name(a, a)} and {name(b, b)} report"
        )
    if held:
        year = max(held)
        side = sorted(held[year])[0]
        return str(year), f"{year}, the latest year with a figure (from {name(side, side)} only)"
    year = dt.date.today().year
    return str(year), f"{year}: no year has a figure yet"


def report_data(session: Session, a: str, b: str, *, top_n: int = 10) -> ReportData:
    """Everything the report shows, for the pair of countries ``a`` and ``b`` (it reads the
    ledger and never writes it: its runs are kept in the session's run store)."""
    with session.ledger() as ledger:
        return _report_data(session, ledger, a, b, top_n)


def _report_data(session: Session, ledger: Ledger, a: str, b: str, top_n: int) -> ReportData:
    a, b = ledger.codes.country(a), ledger.codes.country(b)
    ws = session.workspace
    assessments = tuple(evaluate_targets(ledger, ws.targets))
    # the levers' worth (simulations on the session's workers) is worked out in a thread of its
    # own, on a cursor of its own, while the trade sections are read here: the same figures
    with ledger.cursor() as cur, ThreadPoolExecutor(max_workers=1) as pool:
        levers = pool.submit(lever_worth, session, assessments=assessments, ledger=cur)
        try:
            trade = _trade_sections(session, ledger, a, b, top_n)
            linked, linked_note = _capacity_plan(session, ledger, assessments)
        except BaseException:  # (an interrupt) the queued simulations are dropped, not awaited
            session.executor.close()
            raise
        worth = levers.result()
    crossings, sim_note, baseline = _scenarios(session, ledger, worth)
    levels = _traffic_levels(worth) if baseline is not None else {}
    comparison = worth.comparison if baseline is not None else ()
    responses = worth.responses if comparison else ()
    response_note = worth.note if comparison else ""
    validation = stored_validation()
    return ReportData(
        a,
        b,
        trade.names,
        trade.status,
        trade.coverage,
        trade.years,
        trade.part_years,
        trade.top,
        trade.mirrors,
        assessments,
        trade.opportunities,
        trade.gaps,
        trade.barriers,
        tuple(stored_claims(ledger)),
        tuple(check_claims(ledger)),
        comparison,
        crossings,
        sim_note,
        baseline,
        validation,
        trade_response=responses,
        trade_response_note=response_note,
        traffic_levels=levels,
        capacity_plan=linked,
        capacity_plan_note=linked_note,
    )


def _capacity_plan(
    session: Session, ledger: Ledger, assessments: Sequence[Assessment]
) -> tuple[CapacityAndPlan | None, str]:
    """Capacity and the cheapest plan against the first money target with a deadline (worked
    out while the levers' simulations run), or None and why."""
    target = next(
        (t for t in assessments if t.unit == "USD" and t.deadline and t.target_value), None
    )
    if target is None or target.target_value is None:
        return None, "No money target with a deadline is on file to plan for."
    ws = session.workspace
    try:
        linked = kept_capacity_and_plan(
            session, ledger, ws.baseline, ws.projects, target.target_value, target.horizon_year
        )
    except CorridorError as exc:
        return None, f"No capacity or plan for {target.title}: {exc}"
    return linked, ""


def _traffic_levels(worth: LeverWorth) -> dict[str, str]:
    """The baseline's crossings: where each one's traffic level comes from."""
    from corridor.planning.counts import traffic_level

    resolved = worth.resolved[0]
    return {
        c.id: traffic_level(resolved.anchors, c.id, c.mode, resolved.trade_year).words
        for c in resolved.network.crossings
    }


@dataclass(frozen=True)
class _TradeSections:
    """The report's sections read from the ledger's trade figures alone (no simulation)."""

    names: dict[str, str]
    status: LedgerStatus
    coverage: tuple[SeriesCoverage, ...]
    years: tuple[SideYear, ...]
    part_years: tuple[PublishedTotal, ...]
    top: tuple[TopProducts, ...]
    mirrors: tuple[MirrorResult, ...]
    opportunities: tuple[OpportunityReport, ...]
    gaps: tuple[str, ...]
    barriers: tuple[BarrierView, ...]


def _trade_sections(session: Session, ledger: Ledger, a: str, b: str, top_n: int) -> _TradeSections:
    ws = session.workspace
    years = side_years(ledger, a, b)
    part_years = ledger.flows.published_totals((a, b))
    top = [t for flow in ("export", "import") if (t := _top(ledger, a, b, flow, top_n))]
    names = ledger.codes.names()
    status = ledger.status()
    pair = {a, b}
    coverage = tuple(s for s in status.coverage if {s.reporter, s.partner} & pair)
    mirrors = []
    params = MirrorParams.read(ws.mirror_params)
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
    opportunities, gaps = [], []
    for exporter, market in ((a, b), (b, a)):
        try:
            opportunities.append(export_opportunities(ledger, exporter, market, top=top_n + 5))
        except CorridorError as exc:
            gaps.append(f"{exporter} → {market}: {exc}")
    untapped = {(o.exporter, o.market): o.all_untapped for o in opportunities}
    return _TradeSections(
        names,
        status,
        coverage,
        tuple(years),
        tuple(part_years),
        tuple(top),
        tuple(mirrors),
        tuple(opportunities),
        tuple(gaps),
        tuple(barrier_views(ledger, untapped)),
    )


@dataclass(frozen=True)
class LeverWorth:
    """The report's levers against the baseline: the comparison and each lever's worth in trade,
    from one resolution and the same stored runs (``corridor compare LEVER... --trade-response``
    with the standard settings). ``note`` says why a part is missing."""

    resolved: tuple[ResolvedScenario, ...]  # the baseline first
    comparison: tuple[ScenarioComparison, ...]
    responses: tuple[TradeResponse, ...]
    note: str = ""


def lever_worth(
    session: Session,
    *,
    assessments: tuple[Assessment, ...] | None = None,
    ledger: Ledger | None = None,
) -> LeverWorth:
    """:class:`LeverWorth` of the levers the workspace's manifest names for the report
    (``report.levers``) against its baseline, with the standard run settings (the same runs as
    ``corridor simulate`` and ``compare``); ``assessments``: the targets already assessed, for
    the trade loop's gaps; ``ledger``: the session's ledger if the caller holds it open."""
    if ledger is None:
        with session.ledger() as opened:
            return lever_worth(session, assessments=assessments, ledger=opened)
    from corridor.planning import resolve_levers
    from corridor.planning.trade_response import target_gaps

    workspace = session.workspace
    base = workspace.baseline
    combos: list[tuple[Path, ...]] = [(workspace.lever(name),) for name in workspace.report_levers]
    settings = RunSettings()
    if not len(session.runs):  # nothing stored: every run is simulated, so workers start now
        session.executor.start()
    try:
        resolved = resolve_levers(ledger, base, combos)
        comparison = compare_levers(session, base, combos, settings, resolved=resolved)
    except CorridorError as exc:
        return LeverWorth((), (), (), f"no simulation: {exc}")
    try:
        gaps = target_gaps(ledger, *resolved[0].network.countries, assessments=assessments)
        responses = lever_trade_responses(
            session, base, combos, settings, resolved=resolved, gaps=gaps
        )
    except CorridorError as exc:
        return LeverWorth(tuple(resolved), tuple(comparison), (), f"not computed: {exc}")
    return LeverWorth(tuple(resolved), tuple(comparison), tuple(responses))


def _scenarios(
    session: Session, ledger: Ledger, worth: LeverWorth
) -> tuple[tuple[Crossing, ...], str, SimReport | None]:
    from corridor.planning import simulate

    if not worth.comparison:
        return (), worth.note, None
    settings = RunSettings()
    resolved = worth.resolved[0]
    try:
        baseline, _ = simulate(session, resolved, settings, version=ledger.version())
    except CorridorError as exc:
        return (), f"no simulation: {exc}", None
    note = (
        f"network as of {resolved.as_of}, {resolved.trade_year} trade; {settings.words} "
        "(the same runs as corridor simulate and compare with these settings)"
    )
    return resolved.network.crossings, note, baseline
