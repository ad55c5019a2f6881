"""One load: stage a file, check every row by the same rules, write it in one transaction.

A load is all or nothing. Without ``quarantine`` any problem rejects the whole file and the
ledger is left exactly as it was; with it, the good rows are written and every rejected row is
kept in ``rejects`` with its line and reason. The file's SHA-256 identifies it: a file already
loaded is not loaded again.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import duckdb

from corridor.errors import InputError, Problem
from corridor.ledger._plan import USD, ReadPlan
from corridor.ledger._schema import COVERAGE_FOR_LOAD
from corridor.ledger._staging import STAGE, Staged, drop_staged, quote_literal
from corridor.ledger.readers import Format, LoadOptions, reader_for

#: The columns that identify a flow within one file.
KEY = "period_start, period_end, reporter, partner, reporter_region, flow, hs_rev, hs_code"

#: Earliest year a flow may have (UN Comtrade's records start in 1962).
MIN_YEAR = 1962

Progress = Callable[[str], None]
LoadStatus = Literal["loaded", "quarantined", "already loaded"]


@dataclass(frozen=True)
class LoadResult:
    """What a load did."""

    load_id: int
    file: str
    sha256: str
    source: str
    format: str
    status: LoadStatus
    rows: int
    rejected: int
    seconds: float


@dataclass(frozen=True)
class _Rule:
    name: str
    condition: str  # over the canonical columns of _canon (alias c)
    field: str | None  # the ledger field whose file column is named in errors
    reason: str


def _rules(max_year: int) -> tuple[_Rule, ...]:
    return (
        _Rule(
            "period",
            "c.period_start IS NULL OR c.period_end IS NULL",
            "period_start",
            "period not understood (expected a year YYYY, a month YYYYMM or YYYY-MM, or dates)",
        ),
        _Rule(
            "period_order",
            "c.period_start > c.period_end",
            "period_start",
            "period starts after it ends",
        ),
        _Rule(
            "period_range",
            f"year(c.period_start) < {MIN_YEAR} OR year(c.period_end) > {max_year}",
            "period_start",
            f"period out of range ({MIN_YEAR}–{max_year})",
        ),
        _Rule("reporter", "c.reporter IS NULL", "reporter", "unknown country code"),
        _Rule("partner", "c.partner IS NULL", "partner", "unknown country code"),
        _Rule(
            "region",
            "c.reporter_region IS NOT NULL AND c.region_country IS NULL",
            "reporter_region",
            "unknown region code (ISO 3166-2 expected)",
        ),
        _Rule(
            "region_country",
            "c.region_country <> c.reporter",
            "reporter_region",
            "the region is not in the reporting country",
        ),
        _Rule(
            "flow",
            "c.flow IS NULL",
            "flow",
            "unknown trade flow (export, import, re-export, re-import, turnover)",
        ),
        _Rule("hs_rev", "c.hs_rev IS NULL", "hs_rev", "unknown HS revision"),
        _Rule(
            "hs_rev_total",
            "c.hs_rev = 'n/a' AND c.hs_code <> 'TOTAL'",
            "hs_rev",
            "an HS code needs its HS revision (n/a is only for TOTAL)",
        ),
        _Rule(
            "hs_code",
            "c.hs_code IS NULL OR NOT (regexp_full_match(c.hs_code, '[0-9]{2}|[0-9]{4}|[0-9]{6}')"
            " OR c.hs_code = 'TOTAL')",
            "hs_code",
            "HS code must have 2, 4 or 6 digits (or be TOTAL)",
        ),
        _Rule(
            "currency",
            "NOT regexp_full_match(c.currency, '[A-Z]{3}')",
            "currency",
            "currency must be an ISO 4217 code such as USD, CNY, KZT",
        ),
        _Rule(
            "fx_rate",
            "c.currency <> 'USD' AND c.fx_rate IS NULL AND c.period_start IS NOT NULL",
            "currency",
            "no exchange rate in fx_rates for this currency over exactly this period",
        ),
        _Rule("value_missing", "c.value IS NULL", "value_usd", "missing value"),
        _Rule("value_negative", "c.value < 0", "value_usd", "negative value"),
        _Rule(
            "value_range",
            "NOT isfinite(c.value) OR c.value >= 1e15",
            "value_usd",
            "value out of range",
        ),
        _Rule(
            "quantity",
            "c.quantity < 0 OR NOT isfinite(c.quantity) OR c.quantity >= 1e14",
            "quantity",
            "negative or out-of-range quantity",
        ),
        _Rule(
            "unit",
            "c.quantity IS NOT NULL AND c.quantity_unit IS NULL",
            "quantity",
            "quantity without a unit",
        ),
    )


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _noop(_: str) -> None:
    return None


@contextmanager
def _watch(con: duckdb.DuckDBPyConnection, progress: Progress, step: str) -> Iterator[None]:
    """Report ``step`` and, while its statements run, DuckDB's own percentage of the work."""
    progress(step)
    if progress is _noop:
        yield
        return
    con.execute("SET enable_progress_bar = true")  # DuckDB tracks progress only when asked
    con.execute("SET enable_progress_bar_print = false")  # … and must not print it itself
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.25):
            try:
                done = con.query_progress()
            except duckdb.Error:
                return
            if done >= 0:
                progress(f"{step} {done:.0f}%")

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: Format,
    options: LoadOptions,
    *,
    progress: Progress | None = None,
    file_label: str | None = None,
) -> LoadResult:
    """Load one file; see the module docstring for the guarantees."""
    progress = progress or _noop
    started = time.perf_counter()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    label = file_label or path.name
    progress("hashing")
    sha = file_sha256(path)
    known = con.execute(
        "SELECT load_id, source, format, rows, rejected FROM loads WHERE sha256 = ?", [sha]
    ).fetchone()
    if known is not None:
        load_id, source, known_fmt, rows, rejected = known
        return LoadResult(
            int(load_id),
            label,
            sha,
            source,
            known_fmt,
            "already loaded",
            int(rows),
            int(rejected),
            time.perf_counter() - started,
        )

    reader = reader_for(fmt)
    header = reader.header(path, options)
    plan = reader.plan(header, path, options)
    try:
        with _watch(con, progress, "reading"):
            staged = reader.stage(con, path, plan, options)
        with _watch(con, progress, "checking"):
            rules = _rules(date.today().year)
            _canonicalise(con, plan, rules)
            counts = _count_problems(con, plan, rules)
            dup_count = _find_duplicates(con)
        bad_total = sum(counts.values()) + dup_count + len(staged.problems)
        if bad_total and not options.quarantine:
            problems = _describe(con, plan, rules, counts, staged, dup_count)
            lines = _rejected_line_count(con, staged)
            raise InputError(
                f"{lines} row(s) rejected, nothing loaded "
                "(fix the file, or load the good rows with --quarantine)",
                file=str(path),
                problems=problems[: InputError.MAX_SHOWN],
                more=bad_total - min(len(problems), InputError.MAX_SHOWN),
            )
        with _watch(con, progress, "writing"):
            return _write(
                con,
                path,
                label,
                sha,
                fmt,
                plan,
                rules,
                counts,
                staged,
                dup_count,
                options,
                started,
                started_at,
            )
    finally:
        drop_staged(con)
        for table in ("_canon", "_dups"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _canonicalise(con: duckdb.DuckDBPyConnection, plan: ReadPlan, rules: tuple[_Rule, ...]) -> None:
    f = plan.fields
    scheme = quote_literal(plan.countries)
    plan_bad = " OR ".join(f"coalesce(({chk.condition}), false)" for chk in plan.checks)
    currency = f.get("currency", USD)
    if currency == USD:  # the usual case: no join needed
        fx_select, fx_join = "NULL::DOUBLE", ""
    else:
        fx_select = "fx.units_per_usd"
        fx_join = f"""LEFT JOIN fx_rates fx ON fx.currency = ({currency.expr})::VARCHAR
                AND fx.period_start = ({f["period_start"].expr})::DATE
                AND fx.period_end = ({f["period_end"].expr})::DATE"""
    generic_bad = " OR ".join(f"coalesce(({r.condition}), false)" for r in rules)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _canon AS
        SELECT c.* EXCLUDE (plan_bad), ({generic_bad}) OR c.plan_bad AS bad,
               hash({KEY}) AS key_hash
        FROM (
            SELECT s.line,
                ({f["period_start"].expr})::DATE AS period_start,
                ({f["period_end"].expr})::DATE AS period_end,
                rc.iso3 AS reporter,
                pc.iso3 AS partner,
                ({f["reporter_region"].expr})::VARCHAR AS reporter_region,
                rg.country AS region_country,
                ({f["flow"].expr})::VARCHAR AS flow,
                ({f["hs_rev"].expr})::VARCHAR AS hs_rev,
                ({f["hs_code"].expr})::VARCHAR AS hs_code,
                ({f["value_usd"].expr})::DOUBLE AS value,
                ({currency.expr})::VARCHAR AS currency,
                {fx_select} AS fx_rate,
                ({f["quantity"].expr})::DOUBLE AS quantity,
                ({f["quantity_unit"].expr})::VARCHAR AS quantity_unit,
                ({f["source_ref"].expr})::VARCHAR AS source_ref,
                {plan_bad or "false"} AS plan_bad
            FROM {STAGE} s
            LEFT JOIN country_codes rc
                ON rc.scheme = {scheme} AND rc.code = ({f["reporter"].expr})::VARCHAR
            LEFT JOIN country_codes pc
                ON pc.scheme = {scheme} AND pc.code = ({f["partner"].expr})::VARCHAR
            LEFT JOIN regions rg ON rg.code = ({f["reporter_region"].expr})::VARCHAR
            {fx_join}
        ) c"""
    )


def _conditions(plan: ReadPlan, rules: tuple[_Rule, ...]) -> dict[str, str]:
    """check name → SQL condition over ``_canon c`` joined to ``_stage s``."""
    out = {f"chk_{r.name}": f"coalesce(({r.condition}), false)" for r in rules}
    out.update(
        {f"pchk_{i}": f"coalesce(({chk.condition}), false)" for i, chk in enumerate(plan.checks)}
    )
    return out


def _count_problems(
    con: duckdb.DuckDBPyConnection, plan: ReadPlan, rules: tuple[_Rule, ...]
) -> dict[str, int]:
    """Rows breaking each check (computed in detail only when some row is bad)."""
    (bad,) = con.execute("SELECT count(*) FILTER (WHERE bad) FROM _canon").fetchone() or (0,)
    if not bad:
        return {}
    conditions = _conditions(plan, rules)
    row = con.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {c})" for c in conditions.values())
        + f" FROM _canon c JOIN {STAGE} s ON s.line = c.line WHERE c.bad"
    ).fetchone()
    assert row is not None
    return {n: int(v) for n, v in zip(conditions, row, strict=True) if v}


def _find_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Rows of the file sharing a key; grouped first by a 64-bit hash of the key (one column is
    much cheaper to group than eight), then compared in full among the rows whose hashes met."""
    con.execute("CREATE OR REPLACE TEMP TABLE _dups (line BIGINT, other BIGINT)")
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _dup_hashes AS
        SELECT key_hash FROM _canon WHERE NOT bad GROUP BY key_hash HAVING count(*) > 1"""
    )
    (candidates,) = con.execute("SELECT count(*) FROM _dup_hashes").fetchone() or (0,)
    if candidates:
        con.execute(
            f"""INSERT INTO _dups
            SELECT line, CASE WHEN line = first THEN next ELSE first END FROM (
                SELECT line, count(*) OVER w AS n, min(line) OVER w AS first,
                       lead(line) OVER (w ORDER BY line) AS next
                FROM _canon WHERE NOT bad AND key_hash IN (SELECT key_hash FROM _dup_hashes)
                WINDOW w AS (PARTITION BY {KEY})
            ) WHERE n > 1"""
        )
    con.execute("DROP TABLE _dup_hashes")
    (rows,) = con.execute("SELECT count(*) FROM _dups").fetchone() or (0,)
    return int(rows)


_DUP_REASON = "duplicate key (period, reporter, partner, region, flow, HS code): also on line "


def _check_sources(
    plan: ReadPlan, rules: tuple[_Rule, ...]
) -> dict[str, tuple[str | None, str, str]]:
    """check column → (file column, raw SQL, reason)."""
    out: dict[str, tuple[str | None, str, str]] = {}
    for r in rules:
        fld = plan.fields.get(r.field) if r.field else None
        out[f"chk_{r.name}"] = (
            fld.column if fld else None,
            fld.raw if fld and fld.raw else "NULL",
            r.reason,
        )
    for i, chk in enumerate(plan.checks):
        out[f"pchk_{i}"] = (chk.column, chk.raw or "NULL", chk.reason)
    return out


def _describe(
    con: duckdb.DuckDBPyConnection,
    plan: ReadPlan,
    rules: tuple[_Rule, ...],
    counts: dict[str, int],
    staged: Staged,
    dup_count: int,
) -> list[Problem]:
    """The first problems of each kind, in line order (one per line and column)."""
    limit = InputError.MAX_SHOWN
    problems: list[Problem] = list(staged.problems[:limit])
    sources = _check_sources(plan, rules)
    conditions = _conditions(plan, rules)
    for name in counts:
        column, raw, reason = sources[name]
        rows = con.execute(
            f"""SELECT c.line, ({raw})::VARCHAR FROM _canon c JOIN {STAGE} s ON s.line = c.line
            WHERE c.bad AND {conditions[name]} ORDER BY c.line LIMIT {limit}"""
        ).fetchall()
        problems += [Problem(int(line), column, value, reason) for line, value in rows]
    if dup_count:
        rows = con.execute(f"SELECT line, other FROM _dups ORDER BY line LIMIT {limit}").fetchall()
        problems += [Problem(int(a), None, None, f"{_DUP_REASON}{b}") for a, b in rows]
    seen: set[tuple[int | None, str | None]] = set()
    unique = []
    for p in sorted(problems, key=lambda p: p.line or 0):
        if (p.line, p.column) not in seen:
            seen.add((p.line, p.column))
            unique.append(p)
    return unique


def _rejected_line_count(con: duckdb.DuckDBPyConnection, staged: Staged) -> int:
    (n,) = con.execute(
        "SELECT count(*) FROM (SELECT line FROM _canon WHERE bad UNION SELECT line FROM _dups)"
    ).fetchone() or (0,)
    return int(n) + len({p.line for p in staged.problems})


def _write(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    label: str,
    sha: str,
    fmt: Format,
    plan: ReadPlan,
    rules: tuple[_Rule, ...],
    counts: dict[str, int],
    staged: Staged,
    dup_count: int,
    options: LoadOptions,
    started: float,
    started_at: datetime,
) -> LoadResult:
    rejected = _rejected_line_count(con, staged)
    clean = rejected == 0
    where = (
        ""
        if clean
        else "WHERE NOT c.bad AND NOT EXISTS (SELECT 1 FROM _dups d WHERE d.line = c.line)"
    )
    con.execute("BEGIN TRANSACTION")
    try:
        (load_id,) = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchone() or (
            1,
        )
        con.execute(
            f"""INSERT INTO flows
            SELECT period_start, period_end, reporter, partner, reporter_region, flow, hs_rev,
                   hs_code,
                   round(CASE WHEN currency = 'USD' THEN value ELSE value / fx_rate END, 2)
                       ::DECIMAL(18, 2),
                   round(quantity, 3)::DECIMAL(18, 3), quantity_unit, ?, source_ref, ?,
                   CASE WHEN currency <> 'USD' THEN round(value, 2)::DECIMAL(20, 2) END,
                   CASE WHEN currency <> 'USD' THEN currency END,
                   fx_rate
            FROM _canon c {where}""",
            [plan.source, load_id],
        )
        (rows,) = con.execute(
            "SELECT count(*) FROM flows WHERE load_id = ?", [load_id]
        ).fetchone() or (0,)
        if not clean:
            _keep_rejects(con, int(load_id), plan, rules, counts, staged, dup_count)
        con.execute(COVERAGE_FOR_LOAD, [load_id])
        status: LoadStatus = "loaded" if clean else "quarantined"
        con.execute(
            """INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                load_id,
                plan.source,
                fmt,
                label,
                sha,
                rows,
                rejected,
                started_at,
                datetime.now(UTC).replace(tzinfo=None),
                "complete" if clean else "quarantined",
                json.dumps(
                    {k: str(v) if v is not None else None for k, v in asdict(options).items()}
                ),
            ],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return LoadResult(
        int(load_id),
        label,
        sha,
        plan.source,
        fmt,
        status,
        int(rows),
        rejected,
        time.perf_counter() - started,
    )


def _keep_rejects(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    plan: ReadPlan,
    rules: tuple[_Rule, ...],
    counts: dict[str, int],
    staged: Staged,
    dup_count: int,
) -> None:
    if staged.problems:
        con.executemany(
            "INSERT INTO rejects VALUES (?, ?, ?, ?, ?)",
            [[load_id, p.line, p.column, p.value, p.reason] for p in staged.problems],
        )
    sources = _check_sources(plan, rules)
    conditions = _conditions(plan, rules)
    for name in counts:
        column, raw, reason = sources[name]
        con.execute(
            f"""INSERT INTO rejects
            SELECT ?, c.line, ?, ({raw})::VARCHAR, ? FROM _canon c JOIN {STAGE} s ON s.line = c.line
            WHERE c.bad AND {conditions[name]}""",
            [load_id, column, reason],
        )
    if dup_count:
        con.execute(
            "INSERT INTO rejects SELECT ?, line, NULL, NULL, ? || other FROM _dups",
            [load_id, _DUP_REASON],
        )
