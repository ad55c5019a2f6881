"""Trade indicators for any period: turnover, exports, imports, balance, growth, share, products."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

import duckdb

from corridor.errors import DataGapError, InputError
from corridor.trade._values import Lookup, Valued, lookup
from corridor.trade._values import turnover as turnover_of
from corridor.trade.periods import Period

By = Literal["section", "chapter", "hs4", "hs6"]
BY_DIGITS: dict[str, int] = {"section": 2, "chapter": 2, "hs4": 4, "hs6": 6}


@dataclass(frozen=True)
class ProductValue:
    """One product group's value in a flow."""

    code: str
    description: str
    value_usd: float
    share_pct: float


@dataclass(frozen=True)
class Summary:
    """Indicators of one reporter's trade with one partner over one period.

    ``sources`` names the source of each figure; ``notes`` says what could not be computed and why.
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


def _products(
    con: duckdb.DuckDBPyConnection,
    v: Valued,
    flow: str,
    reporter: str,
    partner: str,
    region: str | None,
    by: str,
    limit: int | None,
) -> tuple[ProductValue, ...]:
    digits = BY_DIGITS[by]
    if v.level < digits:
        return ()
    key = "p2.section" if by == "section" else f"substr(f.hs_code, 1, {digits})"
    tiles = " OR ".join(
        f"(f.period_start = $s{i} AND f.period_end = $e{i})" for i in range(len(v.periods))
    )
    params: dict[str, Any] = {
        "load": v.load_id,
        "reporter": reporter,
        "partner": partner,
        "flow": flow,
        "region": region,
        "level": v.level,
    }
    for i, (s, e) in enumerate(v.periods):
        params[f"s{i}"], params[f"e{i}"] = s, e
    rows = con.execute(
        f"""WITH g AS (
            SELECT {key} AS code, any_value(f.hs_rev) AS hs_rev, sum(f.value_usd) AS v
            FROM flows f
            LEFT JOIN products p2 ON p2.hs_rev = 'HS2022' AND p2.hs_code = substr(f.hs_code, 1, 2)
            WHERE f.load_id = $load AND f.reporter = $reporter AND f.partner = $partner
              AND f.flow = $flow AND f.reporter_region IS NOT DISTINCT FROM $region
              AND length(f.hs_code) = $level AND ({tiles})
            GROUP BY 1
        )
        SELECT g.code,
               coalesce(s.name, p.description, p22.description, 'no description'),
               g.v, 100 * g.v / sum(g.v) OVER ()
        FROM g
        LEFT JOIN hs_sections s ON s.section = g.code
        LEFT JOIN products p ON p.hs_rev = g.hs_rev AND p.hs_code = g.code
        LEFT JOIN products p22 ON p22.hs_rev = 'HS2022' AND p22.hs_code = g.code
        ORDER BY g.v DESC, g.code
        {"" if limit is None else f"LIMIT {int(limit)}"}""",
        params,
    ).fetchall()
    return tuple(ProductValue(str(r[0]), str(r[1]), float(r[2]), float(r[3])) for r in rows)


def _overlapping(
    con: duckdb.DuckDBPyConnection,
    reporter: str,
    partner: str,
    region: str | None,
    period: Period,
) -> list[str]:
    """What the ledger holds that overlaps the period without fitting inside it."""
    rows = con.execute(
        """SELECT source, flow, min(period_start), max(period_end),
                  list(DISTINCT date_diff('month', period_start, period_end + 1))
           FROM flows
           WHERE reporter = $r AND partner = $p AND reporter_region IS NOT DISTINCT FROM $g
             AND period_start <= $end AND period_end >= $start
             AND NOT (period_start >= $start AND period_end <= $end)
           GROUP BY ALL ORDER BY ALL""",
        {"r": reporter, "p": partner, "g": region, "start": period.start, "end": period.end},
    ).fetchall()
    return [
        f"{src} has {flow}s for {Period(s, e).label} only in spans of "
        f"{'/'.join(str(m) for m in sorted(months))} months"
        for src, flow, s, e, months in rows
    ]


def trade_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    reporter: str,
    partner: str,
    period: Period,
    by: By | None = None,
    region: str | None = None,
    top: int = 10,
) -> Summary:
    """Indicators of ``reporter``'s trade with ``partner`` over ``period``.

    Raises :class:`~corridor.errors.DataGapError` when no source covers the period, saying for
    each source what it does cover.
    """
    if by is not None and by not in BY_DIGITS:
        raise InputError(f"--by must be one of {', '.join(BY_DIGITS)}")
    notes: list[str] = []
    explain: list[str] = []
    sources: dict[str, str] = {}
    found: dict[str, Lookup] = {
        flow: lookup(
            con, reporter=reporter, partner=partner, flow=flow, period=period, region=region
        )
        for flow in ("export", "import")
    }
    exports = found["export"].found
    imports = found["import"].found
    turnover, turnover_src, used, refused = turnover_of(con, reporter, partner, period, region)
    if exports is None and imports is None and turnover is None:
        who = f"{reporter}" + (f" ({region})" if region else "")
        detail = "; ".join([*refused, *_overlapping(con, reporter, partner, region, period)])
        detail = detail or "the ledger holds no rows for this pair"
        raise DataGapError(
            f"no source covers {who}–{partner} trade for {period.label} "
            f"({period.start} to {period.end}): {detail}"
        )
    for name, v in (("exports_usd", exports), ("imports_usd", imports)):
        if v is not None:
            sources[name] = v.label
            explain.append(v.explain(name))
        else:
            flow = name.split("_")[0]
            why = "; ".join(found[flow[:-1]].refused) or "no rows"
            notes.append(f"{flow}: no source covers {period.label} ({why})")
    if turnover_src is not None:
        sources["turnover_usd"] = " + ".join(dict.fromkeys(v.label for v in used))
        if exports is None or imports is None:
            explain += [v.explain("turnover_usd") for v in used]
    balance = exports.value_usd - imports.value_usd if exports and imports else None
    if exports and imports:
        published = lookup(
            con, reporter=reporter, partner=partner, flow="turnover", period=period, region=region
        ).found
        if published and abs(published.value_usd - (turnover or 0)) > 0.005 * published.value_usd:
            notes.append(
                f"published turnover {published.value_usd / 1e9:,.2f} bn US$ ({published.source}) "
                f"differs from exports + imports {(turnover or 0) / 1e9:,.2f} bn US$"
            )

    prev_period = period.year_earlier()
    previous, prev_src, prev_used, _ = turnover_of(con, reporter, partner, prev_period, region)
    growth = None
    if previous and turnover is not None:
        growth = 100 * (turnover / previous - 1)
        sources["growth_pct"] = (
            f"{turnover_src} ({period.label}) vs {prev_src} ({prev_period.label})"
        )
        explain += [v.explain(f"turnover {prev_period.label}") for v in prev_used]
        if turnover_src != prev_src:
            notes.append(f"growth compares {turnover_src} with {prev_src}: different sources")
    else:
        notes.append(f"growth: no turnover for {prev_period.label} in the ledger")

    share = None
    world, world_src, world_used, _ = turnover_of(con, reporter, "WLD", period, region)
    if world and turnover is not None:
        share = 100 * turnover / world
        sources["share_pct"] = f"{turnover_src} / {world_src} ({reporter} with the world)"
        explain += [v.explain(f"{reporter}–WLD turnover") for v in world_used]
    else:
        notes.append(
            f"share: the ledger holds no {reporter} trade with all partners for {period.label}"
        )

    region_share = None
    if region is not None:
        national, nat_src, _, _ = turnover_of(con, reporter, partner, period, None)
        if national and turnover is not None:
            region_share = 100 * turnover / national
            sources["region_share_pct"] = f"{turnover_src} / {nat_src} (national)"
        else:
            notes.append(
                f"{region} share: no national {reporter}–{partner} figure for {period.label}"
            )

    tops: dict[str, tuple[ProductValue, ...]] = {}
    breakdown: dict[str, tuple[ProductValue, ...]] = {}
    for flow, v in (("export", exports), ("import", imports)):
        if v is None or v.level == 0:
            tops[flow] = breakdown[flow] = ()
            if v is not None:
                notes.append(f"{flow}s: the source gives only a total, no products")
            continue
        level = "hs6" if v.level >= 6 else "hs4" if v.level >= 4 else "chapter"
        tops[flow] = _products(con, v, flow, reporter, partner, region, level, top)
        if by is not None:
            if v.level < BY_DIGITS[by]:
                raise DataGapError(
                    f"--by {by} needs {BY_DIGITS[by]}-digit codes; {v.label} has "
                    f"{v.level}-digit codes for {flow}s"
                )
            breakdown[flow] = _products(con, v, flow, reporter, partner, region, by, None)
        else:
            breakdown[flow] = ()

    distinct = sorted(
        {s.split(" (")[0] for s in sources.values() if " vs " not in s and " / " not in s}
    )
    return Summary(
        reporter=reporter,
        partner=partner,
        region=region,
        period_start=period.start,
        period_end=period.end,
        turnover_usd=turnover,
        exports_usd=exports.value_usd if exports else None,
        imports_usd=imports.value_usd if imports else None,
        balance_usd=balance,
        growth_pct=growth,
        share_pct=share,
        region_share_pct=region_share,
        previous_turnover_usd=previous,
        source=" + ".join(distinct),
        sources=sources,
        top_exports=tops["export"],
        top_imports=tops["import"],
        by=by,
        breakdown_exports=breakdown["export"],
        breakdown_imports=breakdown["import"],
        notes=tuple(notes),
        explain=tuple(explain),
    )
