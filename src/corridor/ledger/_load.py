"""One load: read a file, check every row by the same rules, write it in one transaction.

A load is all or nothing. Without ``quarantine`` any problem rejects the whole file and the
ledger is left exactly as it was; with it, the good rows are written and every rejected row is
kept in ``rejects`` with its line and reason. The file's SHA-256 identifies it: a file already
loaded is not loaded again.

Two ways, one set of rules (:mod:`corridor.ledger._checks`):

- **streamed** (delimited text, no ``quarantine``): the file goes straight from DuckDB's CSV
  reader into the ledger's rows in one statement, each row checked on the way; a bad row, a
  malformed line or a duplicate key aborts the transaction, and the load is done again the
  checked way to say exactly what is wrong. A good file is read once.
- **rows**: a file that fixes its region, flow kind, HS revision and source reference, with one
  unit for its quantities, in US dollars (a BACI file) writes eight columns a row to
  ``flow_rows_lean`` and the shared fields once; any other file writes every column to
  ``flow_rows``. The ``flows`` view shows both alike.
- **checked**: the file is staged with line numbers, every rule is counted, the first problems
  are described with line, column and value, and only then is anything written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import duckdb

from corridor.errors import InputError, Problem, option
from corridor.ledger._candidates import refresh_candidates
from corridor.ledger._checks import (
    KEY,
    Codes,
    Lean,
    Rule,
    canonical_select,
    flow_columns,
    lean_columns,
    lean_of,
    rows_of,
    rules,
)
from corridor.ledger._codes import country_codes, describe_unknown_country
from corridor.ledger._fx import ExchangeRates
from corridor.ledger._plan import ReadPlan
from corridor.ledger._schema import duplicate_keys, write_coverage
from corridor.ledger._staging import STAGE, Staged, drop_staged
from corridor.ledger.readers import Format, LoadOptions, Reader, reader_for

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
    notes: tuple[str, ...] = field(default=())


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


class _Digest:
    """A file's SHA-256 computed in a thread (hashing releases the GIL) while the load runs."""

    def __init__(self, path: Path) -> None:
        self._result: list[str | BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        if sys.platform.startswith("linux"):  # a thread's own priority: the load's work first
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            self._result.append(file_sha256(path))
        except BaseException as exc:  # handed to the caller of value()
            self._result.append(exc)

    def value(self) -> str:
        self._thread.join()
        found = self._result[0]
        if isinstance(found, BaseException):
            raise InputError(f"cannot read the file: {found}") from found
        return found


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


@dataclass(frozen=True)
class _Job:
    """Everything one load needs, fixed before reading a row."""

    path: Path
    label: str
    digest: _Digest | str
    fmt: Format
    plan: ReadPlan
    options: LoadOptions
    codes: Codes
    rules: tuple[Rule, ...]
    started: float
    started_at: datetime
    #: rebuild the candidate figures in the load's transaction (a batch of loads may leave it
    #: to its last one: :func:`~corridor.ledger._defaults.sync_defaults`)
    refresh: bool = True

    @property
    def lean(self) -> Lean | None:
        """What every row of the file shares, kept once (None: every column a row)."""
        return lean_of(self.plan)

    @property
    def rows_sql(self) -> str:
        """Where the load's rows are written (SQL for duplicate keys and coverage)."""
        return rows_of(self.lean)

    @property
    def sha(self) -> str:
        """The file's SHA-256 (waits for the hashing thread when it still runs)."""
        return self.digest if isinstance(self.digest, str) else self.digest.value()


class _Retry(Exception):
    """The streamed load met something wrong: roll back and load the checked way."""


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: Format,
    options: LoadOptions,
    *,
    progress: Progress | None = None,
    file_label: str | None = None,
    refresh: bool = True,
) -> LoadResult:
    """Load one file; see the module docstring for the guarantees. ``refresh`` False leaves the
    candidate figures to be rebuilt by a later load of the same batch."""
    progress = progress or _noop
    started = time.perf_counter()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    label = file_label or path.name
    size = path.stat().st_size
    (same_size,) = con.execute(
        "SELECT count(*) FROM loads WHERE bytes IS NULL OR bytes = ?", [size]
    ).fetchone() or (0,)
    digest: _Digest | str
    if same_size:  # it may be loaded already: the SHA-256 decides before anything is read
        progress("hashing")
        digest = file_sha256(path)
    else:  # a file of a size never loaded is new: hash it while loading
        digest = _Digest(path)
    known = (
        con.execute(
            "SELECT load_id, source, format, rows, rejected FROM loads WHERE sha256 = ?", [digest]
        ).fetchone()
        if isinstance(digest, str)
        else None
    )
    if known is not None:
        assert isinstance(digest, str)
        load_id, source, known_fmt, rows, rejected = known
        return LoadResult(
            int(load_id),
            label,
            digest,
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
    codes = country_codes(con, plan, path)
    job = _Job(
        path,
        label,
        digest,
        fmt,
        plan,
        options,
        codes,
        rules(date.today().year),
        started,
        started_at,
        refresh,
    )
    _register_codes(con, codes)
    try:
        source = reader.stream_source(path, plan, options)
        if source is not None and not options.quarantine:
            try:
                return _streamed(con, job, source, progress)
            except _Retry:
                pass
        return _checked(con, job, reader, progress)
    finally:
        con.execute("DROP TABLE IF EXISTS _codes")


def _register_codes(con: duckdb.DuckDBPyConnection, codes: Codes) -> None:
    """The file's code table as ``_codes`` (used by the SQL when codes are not numeric)."""
    con.execute("CREATE OR REPLACE TEMP TABLE _codes (code VARCHAR, iso3 VARCHAR)")
    if not codes.numeric and codes.mapping:
        con.execute(  # one statement (a row at a time costs a round trip each)
            "INSERT INTO _codes SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [list(codes.mapping), list(codes.mapping.values())],
        )


def _next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    (load_id,) = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchone() or (1,)
    return int(load_id)


def _count_notes(con: duckdb.DuckDBPyConnection, plan: ReadPlan, source_sql: str) -> list[str]:
    """The plan's notes with their counts, for the rows of ``source_sql`` (alias s)."""
    if not plan.notes:
        return []
    row = con.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE coalesce(({n.condition}), false))" for n in plan.notes)
        + f" FROM {source_sql} s"
    ).fetchone()
    assert row is not None
    return [n.text.format(n=f"{int(k):,}") for n, k in zip(plan.notes, row, strict=True) if k]


def _streamed(
    con: duckdb.DuckDBPyConnection, job: _Job, source_sql: str, progress: Progress
) -> LoadResult:
    select = canonical_select(job.plan, job.codes, source_sql, job.rules, lines=False)
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = _next_load_id(con)
        try:
            with _watch(con, progress, "loading"):
                rows = _insert_rows(con, job, load_id, f"({select}) c", guard=True)
            with _watch(con, progress, "checking"):
                if duplicate_keys(con, load_id, job.rows_sql):
                    raise _Retry
                write_coverage(con, load_id, job.rows_sql)
                notes = _count_notes(con, job.plan, source_sql)
        except duckdb.Error as exc:
            raise _Retry from exc
        _finish(con, job, load_id, rows, 0, notes)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return _result(job, load_id, rows, 0, notes)


def _insert_rows(
    con: duckdb.DuckDBPyConnection, job: _Job, load_id: int, canonical: str, *, guard: bool
) -> int:
    """Write the canonical rows of ``canonical`` (alias c) as the load's flows: eight columns a
    row to ``flow_rows_lean`` and the shared fields once to ``load_constants`` when the file
    fixes them (:func:`~corridor.ledger._checks.lean_of`), else every column to ``flow_rows``."""
    if job.lean is None:
        sql = f"INSERT INTO flow_rows SELECT {flow_columns(job.plan, guard=guard)} FROM {canonical}"
        params: dict[str, object] = {"source": job.plan.source, "load": load_id}
    else:
        lean = job.lean
        con.execute(
            "INSERT INTO load_constants VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                lean.source,
                lean.reporter_region,
                lean.flow,
                lean.hs_rev,
                lean.quantity_unit,
                lean.source_ref,
            ],
        )
        sql = f"INSERT INTO flow_rows_lean SELECT {lean_columns(guard=guard)} FROM {canonical}"
        params = {"load": load_id}
    (rows,) = con.execute(sql, params).fetchone() or (0,)
    return int(rows)


def _finish(
    con: duckdb.DuckDBPyConnection,
    job: _Job,
    load_id: int,
    rows: int,
    rejected: int,
    notes: list[str],
) -> None:
    """Record the load and judge every cell again (inside the load's transaction)."""
    options = {k: str(v) if v is not None else None for k, v in asdict(job.options).items()}
    options["country_codes"] = job.codes.scheme
    con.execute(
        """INSERT INTO loads (load_id, source, format, file_name, sha256, rows, rejected,
                              started_at, finished_at, status, options, basis, notes, bytes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            load_id,
            job.plan.source,
            job.fmt,
            job.label,
            job.sha,
            rows,
            rejected,
            job.started_at,
            datetime.now(UTC).replace(tzinfo=None),
            "complete" if rejected == 0 else "quarantined",
            json.dumps(options),
            job.plan.basis,
            "; ".join(notes) or None,
            job.path.stat().st_size,
        ],
    )
    if job.refresh:
        refresh_candidates(con)


def _result(job: _Job, load_id: int, rows: int, rejected: int, notes: list[str]) -> LoadResult:
    return LoadResult(
        load_id,
        job.label,
        job.sha,
        job.plan.source,
        job.fmt,
        "loaded" if rejected == 0 else "quarantined",
        rows,
        rejected,
        time.perf_counter() - job.started,
        tuple(notes),
    )


# --- the checked way ------------------------------------------------------------------------


def _checked(
    con: duckdb.DuckDBPyConnection, job: _Job, reader: Reader, progress: Progress
) -> LoadResult:
    try:
        with _watch(con, progress, "reading"):
            staged = reader.stage(con, job.path, job.plan, job.options)
        with _watch(con, progress, "checking"):
            select = canonical_select(job.plan, job.codes, STAGE, job.rules, lines=True)
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _canon AS "
                f"SELECT *, hash({KEY}) AS key_hash FROM ({select})"
            )
            counts = _count_problems(con, job)
            dup_count = _find_duplicates(con)
            notes = _count_notes(con, job.plan, STAGE)
        bad_total = sum(counts.values()) + dup_count + len(staged.problems)
        if bad_total and not job.options.quarantine:
            problems = _describe(con, job, counts, staged, dup_count)
            lines = _rejected_line_count(con, staged)
            raise InputError(
                f"{lines} row(s) rejected, nothing loaded "
                f"(fix the file, or load the good rows with {option('quarantine')})",
                file=str(job.path),
                problems=problems[: InputError.MAX_SHOWN],
                more=bad_total - min(len(problems), InputError.MAX_SHOWN),
            )
        with _watch(con, progress, "writing"):
            return _write(con, job, counts, staged, dup_count, notes)
    finally:
        drop_staged(con)
        for table in ("_canon", "_dups"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _conditions(job: _Job) -> dict[str, str]:
    """check name → SQL condition over ``_canon c`` joined to ``_stage s``."""
    out = {f"chk_{r.name}": f"coalesce(({r.condition}), false)" for r in job.rules}
    out.update(
        {
            f"pchk_{i}": f"coalesce(({chk.condition}), false)"
            for i, chk in enumerate(job.plan.checks)
        }
    )
    return out


def _count_problems(con: duckdb.DuckDBPyConnection, job: _Job) -> dict[str, int]:
    """Rows breaking each check (computed in detail only when some row is bad)."""
    (bad,) = con.execute("SELECT count(*) FILTER (WHERE bad) FROM _canon").fetchone() or (0,)
    if not bad:
        return {}
    conditions = _conditions(job)
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


def _check_sources(job: _Job) -> dict[str, tuple[str | None, str, str]]:
    """check column → (file column, raw SQL, reason)."""
    out: dict[str, tuple[str | None, str, str]] = {}
    for r in job.rules:
        fld = job.plan.fields.get(r.field) if r.field else None
        out[f"chk_{r.name}"] = (
            fld.column if fld else None,
            fld.raw if fld and fld.raw else "NULL",
            r.reason,
        )
    for i, chk in enumerate(job.plan.checks):
        out[f"pchk_{i}"] = (chk.column, chk.raw or "NULL", chk.reason)
    return out


def _describe(
    con: duckdb.DuckDBPyConnection,
    job: _Job,
    counts: dict[str, int],
    staged: Staged,
    dup_count: int,
) -> list[Problem]:
    """The first problems of each kind, in line order (one per line and column)."""
    limit = InputError.MAX_SHOWN
    problems: list[Problem] = list(staged.problems[:limit])
    sources = _check_sources(job)
    conditions = _conditions(job)
    # a reader's own checks say more than the generic rules: listed first for the same cell
    for name in sorted(counts, key=lambda n: not n.startswith("pchk")):
        column, raw, reason = sources[name]
        rows = con.execute(
            f"""SELECT c.line, ({raw})::VARCHAR FROM _canon c JOIN {STAGE} s ON s.line = c.line
            WHERE c.bad AND {conditions[name]} ORDER BY c.line LIMIT {limit}"""
        ).fetchall()
        fx = _missing_rates(con, job, [int(r[0]) for r in rows]) if name == "chk_fx_rate" else {}
        for line, value in rows:
            text = reason
            if name in ("chk_reporter", "chk_partner"):
                text = describe_unknown_country(con, value, job.codes)
            elif name == "chk_fx_rate":
                text = fx.get(int(line), reason)
            problems.append(Problem(int(line), column, value, text))
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


def _missing_rates(con: duckdb.DuckDBPyConnection, job: _Job, lines: list[int]) -> dict[int, str]:
    """line → what rate is missing for it (the currency and the period) and what the ledger has."""
    rows = con.execute(
        "SELECT line, currency, period_start, period_end FROM _canon WHERE list_contains($l, line)",
        {"l": lines},
    ).fetchall()
    rates = ExchangeRates(con)
    return {int(li): rates.missing_message(str(cur), s, e) for li, cur, s, e in rows}


def _rejected_line_count(con: duckdb.DuckDBPyConnection, staged: Staged) -> int:
    (n,) = con.execute(
        "SELECT count(*) FROM (SELECT line FROM _canon WHERE bad UNION SELECT line FROM _dups)"
    ).fetchone() or (0,)
    return int(n) + len({p.line for p in staged.problems})


def _write(
    con: duckdb.DuckDBPyConnection,
    job: _Job,
    counts: dict[str, int],
    staged: Staged,
    dup_count: int,
    notes: list[str],
) -> LoadResult:
    rejected = _rejected_line_count(con, staged)
    where = (
        ""
        if rejected == 0
        else "WHERE NOT c.bad AND NOT EXISTS (SELECT 1 FROM _dups d WHERE d.line = c.line)"
    )
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = _next_load_id(con)
        rows = _insert_rows(con, job, load_id, f"_canon c {where}", guard=False)
        if rejected:
            _keep_rejects(con, load_id, job, counts, staged, dup_count)
        write_coverage(con, load_id, job.rows_sql)
        _finish(con, job, load_id, rows, rejected, notes)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return _result(job, load_id, rows, rejected, notes)


def _keep_rejects(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    job: _Job,
    counts: dict[str, int],
    staged: Staged,
    dup_count: int,
) -> None:
    if staged.problems:
        con.executemany(
            "INSERT INTO rejects VALUES (?, ?, ?, ?, ?)",
            [[load_id, p.line, p.column, p.value, p.reason] for p in staged.problems],
        )
    sources = _check_sources(job)
    conditions = _conditions(job)
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
