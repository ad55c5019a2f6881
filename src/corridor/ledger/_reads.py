"""Typed reads of the flows: values, breakdowns and the inputs of the trade analyses.

Every figure starts from :func:`corridor.ledger._values.lookup` (which load gives it); the reads
here then go into that load's rows: products, chapters, codes, a world matrix. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from corridor.ledger._values import FlowValue, Lookup, Turnover, lookup, turnover
from corridor.periods import Period

if TYPE_CHECKING:
    import pandas as pd

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
class CodesValue:
    """Trade in a list of HS code prefixes from one figure's rows."""

    value_usd: float
    hs_rev: str
    upper_bound: bool  # some codes are finer than the data: their whole heading was counted


@dataclass(frozen=True)
class PublishedTotal:
    """A published total for part of a year (``January–June``) or for a region."""

    source: str
    reporter: str
    reporter_region: str | None
    partner: str
    flow: str
    period_start: date
    period_end: date
    value_usd: float
    source_ref: str | None


#: How many exporters a load must hold to count as a world matrix (a BACI year), by default.
WORLD_MATRIX_EXPORTERS = 20


@dataclass(frozen=True)
class WorldMatrix:
    """A load holding HS6 bilateral exports of many exporters for one year (a BACI year)."""

    load_id: int
    year: int
    source: str
    hs_rev: str


@dataclass(frozen=True)
class WorldTotals:
    """What export potential reads from a world matrix, summed in the database (never its rows
    in memory): each exporter's exports by product (``reporter``, ``code``, ``v``), the market's
    imports, the exporter's sales to the market and the exporter's own imports, by product."""

    by_exporter: pd.DataFrame
    market_imports: pd.Series
    actual: pd.Series
    own_imports: pd.Series
    exporters: int
    #: the market's imports by supplier and product (``reporter``, ``code``, ``v``)
    market_suppliers: pd.DataFrame


#: A figure's rows, each chapter at the finest (or the coarsest) level the load holds in it.
_FINE_ROWS = """
SELECT f.hs_code, f.hs_rev::VARCHAR AS hs_rev, f.value_usd, f.quantity, f.quantity_unit
FROM flows f
JOIN coverage_chapters cc
  ON cc.load_id = f.load_id AND cc.reporter = f.reporter AND cc.partner = f.partner
 AND cc.reporter_region IS NOT DISTINCT FROM f.reporter_region AND cc.flow = f.flow
 AND cc.hs_rev = f.hs_rev AND cc.period_start = f.period_start
 AND cc.period_end = f.period_end AND cc.chapter = substr(f.hs_code, 1, 2)
 AND {level_column} = length(f.hs_code)
WHERE f.load_id = $load AND f.reporter = $reporter AND f.partner = $partner AND f.flow = $flow
  AND f.reporter_region IS NOT DISTINCT FROM $region AND f.hs_code <> 'TOTAL'
  AND ({tiles})
"""


class FlowReads:
    """Reads of the flows on one connection (``Ledger.flows``)."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        version: Callable[[], tuple[int, ...]] | None = None,
    ) -> None:
        self._con = con
        #: the ledger's content version (:meth:`Ledger.version`): the key of kept answers
        self._version = version
        self._kept: dict[tuple[object, ...], dict[str, float]] = {}
        self._kept_products: dict[tuple[object, ...], tuple[ProductValue, ...]] = {}

    # --- figures ---------------------------------------------------------------------------

    def value(
        self,
        *,
        reporter: str,
        partner: str,
        flow: str,
        period: Period,
        region: str | None = None,
        totals: bool = True,
        source: str | None = None,
    ) -> Lookup:
        """The value of ``flow`` from ``reporter`` to ``partner`` over ``period`` (see
        :func:`corridor.ledger._values.lookup`)."""
        return lookup(
            self._con,
            reporter=reporter,
            partner=partner,
            flow=flow,
            period=period,
            region=region,
            totals=totals,
            source=source,
        )

    def turnover(
        self,
        reporter: str,
        partner: str,
        period: Period,
        region: str | None = None,
        *,
        source: str | None = None,
    ) -> Turnover:
        """Exports + imports of ``reporter`` with ``partner`` (else a published turnover)."""
        return turnover(self._con, reporter, partner, period, region, source=source)

    def turnover_series(
        self, reporter: str, partner: str, region: str | None = None
    ) -> list[tuple[int, Turnover]]:
        """Annual turnover for every calendar year a load covers, oldest first."""
        span = self._con.execute(
            "SELECT min(year(period_start)), max(year(period_end)) FROM candidates "
            "WHERE reporter = ? AND partner = ? AND reporter_region IS NOT DISTINCT FROM ?",
            [reporter, partner, region],
        ).fetchone()
        out: list[tuple[int, Turnover]] = []
        if span is None or span[0] is None:
            return out
        for y in range(int(span[0]), int(span[1]) + 1):
            found = self.turnover(reporter, partner, Period(date(y, 1, 1), date(y, 12, 31)), region)
            if found.value_usd:
                out.append((y, found))
        return out

    # --- inside one figure's rows -----------------------------------------------------------

    def products(
        self,
        figure: FlowValue,
        *,
        reporter: str,
        partner: str,
        flow: str,
        region: str | None,
        by: By,
        limit: int | None = None,
    ) -> tuple[ProductValue, ...]:
        """The figure's value by product group (sections, chapters, HS4 or HS6), largest first.

        Each chapter's rows are read at the finest level the load holds in it and summed to the
        level asked for; a level finer than ``figure.finest`` gives nothing.
        """
        digits = BY_DIGITS[by]
        if figure.level == 0 or figure.finest < digits:
            return ()
        # kept for the ledger's contents: the scenarios resolved together ask the same
        params_text = repr(sorted(figure.params.items()))
        asked: tuple[object, ...] = (figure, figure.sql, params_text, reporter, partner, flow)
        asked += (region, by, limit)
        version = self._version() if self._version is not None else None
        if version is not None and (version, *asked) in self._kept_products:
            return self._kept_products[(version, *asked)]
        rows, params = self._rows(figure, finest=True)
        key = "p2.section" if by == "section" else f"substr(r.hs_code, 1, {digits})"
        sql = f"""WITH r AS ({rows}),
        g AS (
            SELECT {key} AS code, any_value(r.hs_rev) AS hs_rev, sum(r.value_usd) AS v
            FROM r
            LEFT JOIN products p2 ON p2.hs_rev = 'HS2022' AND p2.hs_code = substr(r.hs_code, 1, 2)
            GROUP BY 1
        )
        SELECT g.code,
               coalesce(s.name, p.description, p22.description || ' (HS 2022 label)',
                        'no description'),
               g.v, 100 * g.v / sum(g.v) OVER ()
        FROM g
        LEFT JOIN hs_sections s ON s.section = g.code
        LEFT JOIN products p ON p.hs_rev = g.hs_rev AND p.hs_code = g.code
        LEFT JOIN products p22 ON p22.hs_rev = 'HS2022' AND p22.hs_code = g.code
        ORDER BY g.v DESC, g.code
        {"" if limit is None else f"LIMIT {int(limit)}"}"""
        found = self._con.execute(
            sql,
            params | {"reporter": reporter, "partner": partner, "flow": flow, "region": region},
        ).fetchall()
        out = tuple(ProductValue(str(r[0]), str(r[1]), float(r[2]), float(r[3])) for r in found)
        if version is not None:
            kept = self._kept_products
            self._kept_products = {k: v for k, v in kept.items() if k[0] == version}
            self._kept_products[(version, *asked)] = out
        return out

    def product_values(
        self,
        figure: FlowValue,
        *,
        reporter: str,
        partner: str,
        flow: str,
        region: str | None = None,
    ) -> pd.Series:
        """code → US$ of the figure's rows, each chapter at the finest level held in it."""
        rows, params = self._rows(figure, finest=True)
        frame = self._con.execute(
            f"SELECT hs_code, sum(value_usd)::DOUBLE AS v FROM ({rows}) GROUP BY hs_code",
            params | {"reporter": reporter, "partner": partner, "flow": flow, "region": region},
        ).df()
        return frame.set_index("hs_code")["v"]

    def chapter_tonnes(
        self, figure: FlowValue, *, reporter: str, partner: str, flow: str
    ) -> dict[str, float | None]:
        """chapter → tonnes of the figure's rows at the finest level held in each chapter;
        None for a chapter where a row has no quantity in tonnes or kilograms (a partial sum
        would understate it)."""
        rows, params = self._rows(figure, finest=True)
        found = self._con.execute(
            f"""SELECT substr(hs_code, 1, 2) AS chapter,
                       sum(CASE quantity_unit WHEN 't' THEN quantity WHEN 'kg' THEN quantity / 1000
                           END)::DOUBLE AS tonnes,
                       bool_and(quantity IS NOT NULL AND quantity_unit IN ('t', 'kg')) AS whole
                FROM ({rows}) GROUP BY chapter""",
            params | {"reporter": reporter, "partner": partner, "flow": flow, "region": None},
        ).fetchall()
        return {str(c): (float(t) if whole and t is not None else None) for c, t, whole in found}

    def chapter_values(
        self, figure: FlowValue, *, reporter: str, partner: str, flow: str
    ) -> dict[str, float]:
        """chapter → US$ of the figure (each chapter at the coarsest level, as in its value)."""
        tiles = " OR ".join(
            f"(period_start = $s{i} AND period_end = $e{i})" for i in range(len(figure.periods))
        )
        params: dict[str, Any] = {
            "load": figure.load_id,
            "reporter": reporter,
            "partner": partner,
            "flow": flow,
        }
        for i, (s, e) in enumerate(figure.periods):
            params[f"s{i}"], params[f"e{i}"] = s, e
        rows = self._con.execute(
            f"""SELECT chapter, sum(value_usd) FROM coverage_chapters
            WHERE load_id = $load AND reporter = $reporter AND partner = $partner
              AND flow = $flow AND reporter_region IS NULL AND chapter <> 'TOTAL' AND ({tiles})
            GROUP BY chapter""",
            params,
        ).fetchall()
        return {str(c): float(v) for c, v in rows}

    def value_in_codes(
        self,
        figure: FlowValue,
        *,
        reporter: str,
        partner: str,
        flow: str,
        codes: tuple[str, ...],
    ) -> CodesValue:
        """Trade in the HS code prefixes ``codes`` from the figure's rows.

        A code finer than the rows (an HS6 code against HS4 rows) counts its whole row: the value
        is then an upper bound, and says so.
        """
        rows, params = self._rows(figure, finest=True)
        found = self._con.execute(
            f"""WITH r AS ({rows})
            SELECT r.hs_code, any_value(r.hs_rev), sum(r.value_usd),
                   bool_or(EXISTS (SELECT 1 FROM unnest($codes) t(c)
                                   WHERE starts_with(r.hs_code, t.c))) AS exact
            FROM r
            WHERE EXISTS (SELECT 1 FROM unnest($codes) t(c)
                          WHERE starts_with(r.hs_code, t.c) OR starts_with(t.c, r.hs_code))
            GROUP BY r.hs_code""",
            params
            | {
                "reporter": reporter,
                "partner": partner,
                "flow": flow,
                "region": None,
                "codes": list(codes),
            },
        ).fetchall()
        return CodesValue(
            value_usd=float(sum(r[2] for r in found)),
            hs_rev=figure.hs_rev,
            upper_bound=any(not r[3] for r in found),
        )

    def _rows(self, figure: FlowValue, *, finest: bool) -> tuple[str, dict[str, Any]]:
        tiles = " OR ".join(
            f"(f.period_start = $s{i} AND f.period_end = $e{i})" for i in range(len(figure.periods))
        )
        params: dict[str, Any] = {"load": figure.load_id}
        for i, (s, e) in enumerate(figure.periods):
            params[f"s{i}"], params[f"e{i}"] = s, e
        level = "cc.finest" if finest else "cc.level"
        return _FINE_ROWS.format(tiles=tiles, level_column=level), params

    # --- what the ledger holds --------------------------------------------------------------

    def overlapping(
        self, reporter: str, partner: str, region: str | None, period: Period
    ) -> list[str]:
        """What the ledger holds that overlaps the period without fitting inside it."""
        rows = self._con.execute(
            """SELECT source, flow, min(period_start), max(period_end),
                      list(DISTINCT date_diff('month', period_start, period_end + 1))
               FROM candidates
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

    def product_years(self, reporter: str, partner: str, flow: str) -> list[int]:
        """Calendar years some load holds product rows for, newest first."""
        rows = self._con.execute(
            """SELECT DISTINCT year(period_start) FROM candidates
               WHERE reporter = ? AND partner = ? AND flow = ? AND NOT is_total
                 AND reporter_region IS NULL ORDER BY 1 DESC""",
            [reporter, partner, flow],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def published_totals(self, countries: tuple[str, ...]) -> tuple[PublishedTotal, ...]:
        """Published totals among ``countries`` (and with the world) for part-years or regions."""
        rows = self._con.execute(
            """SELECT source, reporter, reporter_region, partner, flow::VARCHAR, period_start,
                      period_end, sum(value_usd), any_value(source_ref)
               FROM flows
               WHERE hs_code = 'TOTAL' AND list_contains($c, reporter)
                 AND (list_contains($c, partner) OR partner = 'WLD')
                 AND NOT (reporter_region IS NULL AND month(period_start) = 1
                          AND day(period_start) = 1
                          AND period_end = period_start + INTERVAL 1 YEAR - INTERVAL 1 DAY)
               GROUP BY ALL ORDER BY period_start, period_end, reporter""",
            {"c": list(countries)},
        ).fetchall()
        return tuple(
            PublishedTotal(r[0], r[1], r[2], r[3], r[4], r[5], r[6], float(r[7]), r[8])
            for r in rows
        )

    def flow_keys(self) -> list[tuple[str, str, str, int, int]]:
        """(reporter, partner, flow, first year, last year) of every national export or import
        series some load holds, in code order."""
        rows = self._con.execute(
            """SELECT reporter, partner, flow::VARCHAR, min(year(period_start)),
                      max(year(period_end))
               FROM candidates
               WHERE reporter_region IS NULL AND flow::VARCHAR IN ('export', 'import')
               GROUP BY ALL ORDER BY 1, 2, 3"""
        ).fetchall()
        return [(str(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4])) for r in rows]

    def annual_years(self, countries: tuple[str, ...]) -> list[int]:
        """Calendar years for which some load holds trade between the countries."""
        rows = self._con.execute(
            """SELECT DISTINCT year(period_start) FROM candidates
               WHERE list_contains($c, reporter) AND list_contains($c, partner)
                 AND reporter_region IS NULL AND month(period_start) = 1
                 AND day(period_start) = 1
                 AND period_end = period_start + INTERVAL 1 YEAR - INTERVAL 1 DAY
               ORDER BY 1""",
            {"c": list(countries)},
        ).fetchall()
        return [int(r[0]) for r in rows]

    def mirror_pairs(self, period: Period) -> list[tuple[str, str, float, float]]:
        """(exporter, importer, exports, imports) for every pair both sides report for the
        period, each side's value as the ledger's figure for it (choice 1, not partial)."""
        rows = self._con.execute(
            """WITH best AS (
                SELECT reporter, partner, flow, value_usd FROM candidates
                WHERE choice = 1 AND status NOT IN ('partial', 'superseded')
                  AND reporter_region IS NULL AND period_start = $s AND period_end = $e
                  AND flow IN ('export', 'import') AND partner NOT IN ('WLD', reporter)
            )
            SELECT x.reporter, x.partner, x.value_usd, m.value_usd
            FROM best x JOIN best m
              ON x.flow = 'export' AND m.flow = 'import'
             AND m.reporter = x.partner AND m.partner = x.reporter
            WHERE x.value_usd > 0 AND m.value_usd > 0""",
            {"s": period.start, "e": period.end},
        ).fetchall()
        return [(str(i), str(j), float(x), float(m)) for i, j, x, m in rows]

    def world_matrix(self, year: int | None, min_exporters: int) -> WorldMatrix | None:
        """The newest load with HS6 bilateral exports of at least ``min_exporters`` countries."""
        row = self._con.execute(
            """SELECT load_id, year(period_start) AS y, any_value(source), any_value(hs_rev)
               FROM candidates
               WHERE flow = 'export' AND partner <> 'WLD' AND reporter <> 'WLD' AND NOT is_total
                 AND finest = 6 AND reporter_region IS NULL
                 AND status NOT IN ('partial', 'superseded')
                 AND period_start = make_date(year(period_start), 1, 1)
                 AND period_end = make_date(year(period_start), 12, 31)
                 AND ($year IS NULL OR year(period_start) = $year)
               GROUP BY load_id, y
               HAVING count(DISTINCT reporter) >= $n
               ORDER BY y DESC, load_id DESC LIMIT 1""",
            {"year": year, "n": min_exporters},
        ).fetchone()
        if row is None:
            return None
        return WorldMatrix(int(row[0]), int(row[1]), str(row[2]), str(row[3]))

    def country_flows(self, matrix: WorldMatrix) -> dict[tuple[str, str], float]:
        """(exporter, importer) → US$ of a world matrix's exports summed over products (the
        database sums; memory holds countries × countries)."""
        rows = self._con.execute(
            """SELECT reporter, partner, sum(value_usd)::DOUBLE FROM flows
               WHERE load_id = $load AND flow = 'export' AND length(hs_code) = 6
                 AND year(period_start) = $y AND reporter <> 'WLD' AND partner <> 'WLD'
                 AND reporter <> partner AND value_usd IS NOT NULL
               GROUP BY ALL""",
            {"load": matrix.load_id, "y": matrix.year},
        ).fetchall()
        return {(str(i), str(j)): float(v) for i, j, v in rows}

    def world_totals(
        self, matrix: WorldMatrix, digits: int, exporter: str, market: str
    ) -> WorldTotals:
        """The sums export potential needs from a world matrix, by the first ``digits`` of HS6
        (:class:`WorldTotals`): the database does the work, memory holds products × exporters."""
        rows = """FROM flows WHERE load_id = $load AND flow = 'export' AND length(hs_code) = 6
                    AND year(period_start) = $y AND reporter <> 'WLD' AND partner <> 'WLD'"""
        params = {"d": digits, "load": matrix.load_id, "y": matrix.year}
        by_exporter = self._con.execute(
            f"""SELECT reporter, substr(hs_code, 1, $d) AS code, sum(value_usd)::DOUBLE AS v
                {rows} GROUP BY ALL ORDER BY reporter, code""",
            params,
        ).df()

        def by_code(where: str, extra: dict[str, str]) -> pd.Series:
            frame = self._con.execute(
                f"""SELECT substr(hs_code, 1, $d) AS code, sum(value_usd)::DOUBLE AS v
                    {rows} AND {where} GROUP BY ALL ORDER BY code""",
                params | extra,
            ).df()
            return frame.set_index("code")["v"]

        suppliers = self._con.execute(
            f"""SELECT reporter, substr(hs_code, 1, $d) AS code, sum(value_usd)::DOUBLE AS v
                {rows} AND partner = $m GROUP BY ALL ORDER BY reporter, code""",
            params | {"m": market},
        ).df()
        return WorldTotals(
            by_exporter,
            by_code("partner = $m", {"m": market}),
            by_code("reporter = $x AND partner = $m", {"x": exporter, "m": market}),
            by_code("partner = $x", {"x": exporter}),
            int(by_exporter["reporter"].nunique()),
            suppliers,
        )

    def unit_values(
        self,
        exclude_hs4: tuple[str, ...],
        *,
        digits: int = 2,
        reporter: str | None = None,
        partner: str | None = None,
        flow: str | None = None,
    ) -> dict[str, float]:
        """US$ per tonne by HS code of ``digits`` digits (2: chapter, 4: heading), from the rows
        with a quantity in tonnes of the chosen product figures (in each cell, the best of the
        loads' product rows that are neither partial nor superseded: a file refuted by the
        partner's report, or one contained in another, moves nothing), or only those of
        ``reporter``, ``partner`` and ``flow``."""
        if digits not in (2, 4):
            raise ValueError("unit values by chapter (2) or heading (4)")
        # kept for the ledger's contents: every scenario resolved on them asks the same
        key = (exclude_hs4, digits, reporter, partner, flow)
        version = self._version() if self._version is not None else None
        if version is not None and (version, *key) in self._kept:
            return dict(self._kept[(version, *key)])
        rows = self._con.execute(
            """WITH chosen AS (
                   SELECT load_id, reporter, partner, reporter_region, flow, period_start,
                          period_end
                   FROM candidates
                   WHERE NOT is_total AND status NOT IN ('partial', 'superseded')
                   QUALIFY row_number() OVER (
                       PARTITION BY reporter, partner, reporter_region, flow, period_start,
                                    period_end ORDER BY choice) = 1
               )
               SELECT substr(f.hs_code, 1, $d), sum(f.value_usd) / sum(f.quantity)
               FROM flows f JOIN chosen c
                 ON c.load_id = f.load_id AND c.reporter = f.reporter
                AND c.partner = f.partner AND c.flow = f.flow
                AND c.reporter_region IS NOT DISTINCT FROM f.reporter_region
                AND c.period_start = f.period_start AND c.period_end = f.period_end
               WHERE f.quantity_unit = 't' AND f.quantity > 0 AND f.hs_code <> 'TOTAL'
                 AND length(f.hs_code) >= $d
                 AND NOT list_contains($pipe, substr(f.hs_code, 1, 4))
                 AND ($r IS NULL OR f.reporter = $r) AND ($p IS NULL OR f.partner = $p)
                 AND ($f IS NULL OR f.flow = $f)
               GROUP BY 1 HAVING sum(f.quantity) > 0""",
            {"pipe": list(exclude_hs4), "d": digits, "r": reporter, "p": partner, "f": flow},
        ).fetchall()
        found = {str(c): float(v) for c, v in rows}
        if version is not None:
            self._kept = {k: v for k, v in self._kept.items() if k[0] == version}
            self._kept[(version, *key)] = found
        return dict(found)
