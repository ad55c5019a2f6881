"""Trade indicators for any period: turnover, exports, imports, balance, growth, share, products.

Every value comes from :meth:`corridor.ledger.FlowReads.value` (which load gives it and how far it
can be trusted), so the same question gives the same number in the CLI, the JSON, the report, the
dashboard and the API.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from corridor.frames import records_frame

if TYPE_CHECKING:
    import pandas as pd
from corridor.errors import DataGapError, InputError, option
from corridor.ledger import BY_DIGITS, By, FlowValue, Ledger, Lookup, ProductValue
from corridor.periods import Period


@dataclass(frozen=True)
class Summary:
    """Indicators of one reporter's trade with one partner over one period.

    ``sources`` names the load of each figure and ``status`` how far it can be trusted
    (``complete``, ``published``, ``unverified``); ``notes`` says what could not be computed and
    why, and what a reader must be told beside a number (a partial source forced with
    ``--source``, sources that disagree).
    """

    reporter: str
    partner: str
    region: str | None
    period_start: date
    period_end: date
    turnover_usd: float | None
    exports_usd: float | None
    imports_usd: float | None
    balance_usd: float | None
    growth_pct: float | None
    share_pct: float | None
    region_share_pct: float | None
    previous_turnover_usd: float | None
    source: str
    sources: dict[str, str]
    status: dict[str, str]
    top_exports: tuple[ProductValue, ...]
    top_imports: tuple[ProductValue, ...]
    by: str | None
    breakdown_exports: tuple[ProductValue, ...]
    breakdown_imports: tuple[ProductValue, ...]
    notes: tuple[str, ...]
    explain: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period_start"] = self.period_start.isoformat()
        data["period_end"] = self.period_end.isoformat()
        return data

    def to_frame(self) -> pd.DataFrame:
        """The indicators as a one-row data frame (pandas)."""
        return records_frame(
            [self],
            drop=("top_exports", "top_imports", "breakdown_exports", "breakdown_imports",
                  "notes", "explain", "sources", "status"),
        )  # fmt: skip


def _choice_note(name: str, found: Lookup) -> list[str]:
    """What a reader is told when other loads hold the same figure."""
    if found.found is None or not found.alternatives:
        return []
    others = "; ".join(
        f"{a.label} {a.value_usd / 1e9:,.2f} bn ({a.status})" for a in found.alternatives[:3]
    )
    return [
        f"{name}: {found.found.label} chosen ({found.found.status}); also held: {others} "
        "(rule: docs/methods.md, 'Which load gives a figure')"
    ]


def trade_summary(
    ledger: Ledger,
    *,
    reporter: str,
    partner: str,
    period: Period,
    by: By | None = None,
    region: str | None = None,
    top: int = 10,
    source: str | None = None,
) -> Summary:
    """Indicators of ``reporter``'s trade with ``partner`` over ``period``.

    ``source`` forces one source label for the flows. Raises
    :class:`~corridor.errors.DataGapError` when no load covers the period, saying for each load
    what it does cover, and :class:`~corridor.errors.InputError` for an unknown country or region
    code (naming the closest valid ones).
    """
    if by is not None and by not in BY_DIGITS:
        raise InputError(f"{option('by')} must be one of {', '.join(BY_DIGITS)}")
    reporter = ledger.codes.country(reporter)
    partner = ledger.codes.country(partner)
    if region is not None:
        region = ledger.codes.region(region)
    flows = ledger.flows
    notes: list[str] = []
    explain: list[str] = []
    sources: dict[str, str] = {}
    status: dict[str, str] = {}
    found: dict[str, Lookup] = {
        flow: flows.value(
            reporter=reporter,
            partner=partner,
            flow=flow,
            period=period,
            region=region,
            source=source,
        )
        for flow in ("export", "import")
    }
    exports = found["export"].found
    imports = found["import"].found
    turnover = flows.turnover(reporter, partner, period, region, source=source)
    if exports is None and imports is None and turnover.value_usd is None:
        who = f"{reporter}" + (f" ({region})" if region else "")
        detail = "; ".join(
            [*turnover.refused, *flows.overlapping(reporter, partner, region, period)]
        )
        detail = detail or "the ledger holds no rows for this pair"
        raise DataGapError(
            f"no source covers {who}–{partner} trade for {period.label} "
            f"({period.start} to {period.end}): {detail}"
        )
    for name, v in (("exports_usd", exports), ("imports_usd", imports)):
        flow = name.split("_")[0]
        if v is not None:
            sources[name] = v.label
            status[name] = v.status
            explain.append(v.explain(name))
            if v.caveat:
                notes.append(f"{flow}: {v.caveat}")
            notes.extend(_choice_note(flow, found[flow[:-1]]))
        else:
            why = "; ".join(found[flow[:-1]].refused) or "no rows"
            notes.append(f"{flow}: no source covers {period.label} ({why})")
    if turnover.value_usd is not None:
        sources["turnover_usd"] = turnover.label
        status["turnover_usd"] = turnover.status or ""
        notes.extend(turnover.notes)
        if exports is None or imports is None:
            explain += [v.explain("turnover_usd") for v in turnover.parts]
    balance = exports.value_usd - imports.value_usd if exports and imports else None

    prev_period = period.year_earlier()
    previous = flows.turnover(reporter, partner, prev_period, region, source=source)
    growth = None
    if previous.value_usd and turnover.value_usd is not None:
        growth = 100 * (turnover.value_usd / previous.value_usd - 1)
        sources["growth_pct"] = (
            f"{turnover.source} ({period.label}) vs {previous.source} ({prev_period.label})"
        )
        explain += [v.explain(f"turnover {prev_period.label}") for v in previous.parts]
        if turnover.source != previous.source:
            notes.append(
                f"growth compares {turnover.source} with {previous.source}: different sources"
            )
    else:
        notes.append(f"growth: no turnover for {prev_period.label} in the ledger")

    share = None
    world = flows.turnover(reporter, "WLD", period, region, source=source)
    if world.value_usd and turnover.value_usd is not None:
        share = 100 * turnover.value_usd / world.value_usd
        sources["share_pct"] = f"{turnover.source} / {world.source} ({reporter} with the world)"
        explain += [v.explain(f"{reporter}–WLD turnover") for v in world.parts]
    else:
        notes.append(
            f"share: the ledger holds no {reporter} trade with all partners for {period.label}"
        )

    region_share = None
    if region is not None:
        national = flows.turnover(reporter, partner, period, None, source=source)
        if national.value_usd and turnover.value_usd is not None:
            region_share = 100 * turnover.value_usd / national.value_usd
            sources["region_share_pct"] = f"{turnover.source} / {national.source} (national)"
        else:
            notes.append(
                f"{region} share: no national {reporter}–{partner} figure for {period.label}"
            )

    tops: dict[str, tuple[ProductValue, ...]] = {}
    breakdown: dict[str, tuple[ProductValue, ...]] = {}
    for flow, v in (("export", exports), ("import", imports)):
        tops[flow] = breakdown[flow] = ()
        if v is None:
            continue
        if v.level == 0:
            notes.append(f"{flow}s: the source gives only a total, no products")
            if by is not None:
                raise DataGapError(
                    f"{option('by')} {by}: {v.label} gives {flow}s only as a total, no products"
                )
            continue
        level: By = "hs6" if v.finest >= 6 else "hs4" if v.finest >= 4 else "chapter"
        tops[flow] = _products(ledger, v, flow, reporter, partner, region, level, top)
        if by is not None:
            if v.finest < BY_DIGITS[by]:
                raise DataGapError(
                    f"{option('by')} {by} needs {BY_DIGITS[by]}-digit codes; {v.label} has "
                    f"{v.finest}-digit codes for {flow}s"
                )
            breakdown[flow] = _products(ledger, v, flow, reporter, partner, region, by, None)

    distinct = sorted(
        {s.split(" (")[0] for s in sources.values() if " vs " not in s and " / " not in s}
    )
    return Summary(
        reporter=reporter,
        partner=partner,
        region=region,
        period_start=period.start,
        period_end=period.end,
        turnover_usd=turnover.value_usd,
        exports_usd=exports.value_usd if exports else None,
        imports_usd=imports.value_usd if imports else None,
        balance_usd=balance,
        growth_pct=growth,
        share_pct=share,
        region_share_pct=region_share,
        previous_turnover_usd=previous.value_usd,
        source=" + ".join(distinct),
        sources=sources,
        status=status,
        top_exports=tops["export"],
        top_imports=tops["import"],
        by=by,
        breakdown_exports=breakdown["export"],
        breakdown_imports=breakdown["import"],
        notes=tuple(dict.fromkeys(notes)),
        explain=tuple(explain),
    )


def _products(
    ledger: Ledger,
    v: FlowValue,
    flow: str,
    reporter: str,
    partner: str,
    region: str | None,
    by: By,
    limit: int | None,
) -> tuple[ProductValue, ...]:
    return ledger.flows.products(
        v, reporter=reporter, partner=partner, flow=flow, region=region, by=by, limit=limit
    )
