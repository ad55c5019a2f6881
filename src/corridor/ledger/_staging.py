"""Read an input file into a temporary staging table, typed, with its line numbers.

Rows the file reader itself cannot parse (wrong number of fields, a field that is not of the
column's type, bad encoding) are kept as :class:`~corridor.errors.Problem` records with their line
numbers, never dropped silently. Lines are numbered as in the file: the header is line 1.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pandas as pd

from corridor.errors import InputError, Problem, first_line, option

STAGE = "_stage"
_REJECTS = "_stage_rejects"
_REJECT_SCANS = "_stage_reject_scans"

DuckType = str  # a DuckDB type name: VARCHAR, BIGINT, DOUBLE


@dataclass(frozen=True)
class Column:
    """A column the reader wants from the file, with its DuckDB type."""

    name: str
    type: DuckType = "VARCHAR"
    required: bool = True


@dataclass(frozen=True)
class Staged:
    """What staging produced: the table ``_stage`` (with a ``line`` column) and parse problems."""

    rows: int
    columns: tuple[str, ...]
    problems: tuple[Problem, ...]


def quote_ident(name: str) -> str:
    """Quote an identifier for DuckDB SQL (doubling embedded quotes)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """Quote a string literal for DuckDB SQL (doubling embedded quotes)."""
    return "'" + text.replace("'", "''") + "'"


#: Text encodings DuckDB's CSV reader reads without extensions, by the names users give them.
ENCODINGS: dict[str, str] = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-1": "latin-1",
    "utf-16": "utf-16",
    "utf16": "utf-16",
}


def encoding_name(name: str | None) -> str:
    """The canonical encoding name (``utf-8`` when not given); an unknown one is an InputError."""
    if name is None:
        return "utf-8"
    found = ENCODINGS.get(name.strip().lower())
    if found is None:
        raise InputError(f"unknown encoding {name!r}: use utf-8, latin-1 or utf-16")
    return found


#: The longest header line and the most columns a delimited file may have.
MAX_HEADER_CHARS = 1_000_000
MAX_COLUMNS = 10_000


def read_header(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> list[str]:
    """The header fields of a delimited text file (a leading BOM is ignored)."""
    python_encoding = {"utf-8": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    try:
        with path.open("r", encoding=python_encoding, newline="") as handle:
            first = handle.readline(MAX_HEADER_CHARS + 1)
    except UnicodeError as exc:
        hint = f" (try {option('encoding')} latin-1)" if encoding == "utf-8" else ""
        raise InputError(
            f"the file is not {encoding} text{hint}: is it a spreadsheet or a compressed file?",
            file=str(path),
        ) from exc
    if not first.strip():
        raise InputError("the file is empty: expected a header line", file=str(path))
    if len(first) > MAX_HEADER_CHARS:
        raise InputError(
            f"the first line is over {MAX_HEADER_CHARS:,} characters: not a header line",
            file=str(path),
        )
    try:
        fields = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise InputError(f"the header line is not valid CSV: {exc}", file=str(path)) from None
    if len(fields) > MAX_COLUMNS:
        raise InputError(
            f"the header has {len(fields):,} columns; at most {MAX_COLUMNS:,} are read",
            file=str(path),
        )
    return [field.strip() for field in fields]


def _match_columns(
    header: Sequence[str], wanted: Sequence[Column], path: Path
) -> dict[str, DuckType]:
    names = set(header)
    missing = [c.name for c in wanted if c.required and c.name not in names]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(repr(m) for m in missing)}; "
            f"the header has {', '.join(repr(h) for h in header[:30])}"
            + (f" and {len(header) - 30:,} more" if len(header) > 30 else ""),
            file=str(path),
        )
    duplicated = sorted(h for h, n in Counter(header).items() if n > 1)
    if duplicated:
        raise InputError(f"duplicated column name(s) {duplicated}", file=str(path))
    types = {c.name: c.type for c in wanted}
    return {name: types.get(name, "VARCHAR") for name in header}


def csv_source(
    path: Path,
    wanted: Sequence[Column],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    keep_rejects: bool = False,
    nulls: tuple[str, ...] = ("",),
) -> str:
    """``read_csv(…)`` of a delimited file with the wanted columns typed, the others as text.

    ``nulls`` are the texts read as unknown (NULL) in every column. Without ``keep_rejects`` a
    malformed line is an error (a streamed load then stops).
    """
    header = read_header(path, delimiter, encoding)
    columns = _match_columns(header, wanted, path)
    type_map = (
        "{" + ", ".join(f"{quote_literal(n)}: {quote_literal(t)}" for n, t in columns.items()) + "}"
    )
    rejects = (
        f", store_rejects = true, rejects_table = '{_REJECTS}', rejects_scan = '{_REJECT_SCANS}'"
        if keep_rejects
        else ""
    )
    return (
        f"read_csv({quote_literal(str(path))}, header = true, auto_detect = false, "
        f"columns = {type_map}, delim = {quote_literal(delimiter)}, quote = '\"', "
        f"escape = '\"', strict_mode = true, encoding = {quote_literal(encoding)}, "
        f"nullstr = [{', '.join(quote_literal(n) for n in nulls)}], "
        f"max_line_size = 1048576{rejects})"
    )


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    wanted: Sequence[Column],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    nulls: tuple[str, ...] = ("",),
) -> Staged:
    """Stage a delimited text file with DuckDB's own (parallel, streaming) CSV reader."""
    source = csv_source(
        path, wanted, delimiter=delimiter, encoding=encoding, keep_rejects=True, nulls=nulls
    )
    columns = _match_columns(read_header(path, delimiter, encoding), wanted, path)
    con.execute(f"DROP TABLE IF EXISTS {_REJECTS}")
    con.execute(f"DROP TABLE IF EXISTS {_REJECT_SCANS}")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE}_raw AS SELECT * FROM {source}")
    except duckdb.Error as exc:
        raise InputError(f"cannot read the file as CSV: {first_line(exc)}", file=str(path)) from exc
    problems = _parse_problems(con, delimiter, encoding)
    _number_lines(con, [p.line for p in problems if p.line is not None])
    (rows,) = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone() or (0,)
    return Staged(rows=int(rows), columns=tuple(columns), problems=tuple(problems))


def _parse_problems(con: duckdb.DuckDBPyConnection, delimiter: str, encoding: str) -> list[Problem]:
    rows = con.execute(
        f"""SELECT line, column_name, error_type::VARCHAR, csv_line, column_idx
            FROM {_REJECTS} ORDER BY line"""
    ).fetchall()
    problems = []
    seen: set[int] = set()
    for line, column, kind, csv_line, idx in rows:
        if line in seen:  # one problem per line: the first reason the reader gave
            continue
        seen.add(int(line))
        if kind == "CAST":
            value = _field(csv_line, int(idx) - 1, delimiter)
            reason = "not a number" if value is not None else "value of the wrong type"
            problems.append(Problem(int(line), column, value, reason))
        elif kind == "MISSING COLUMNS":
            problems.append(Problem(int(line), None, csv_line, "too few fields (truncated line?)"))
        elif kind == "TOO MANY COLUMNS":
            problems.append(Problem(int(line), None, csv_line, "too many fields"))
        elif kind == "INVALID ENCODING":
            hint = f" (try {option('encoding')} latin-1)" if encoding == "utf-8" else ""
            problems.append(Problem(int(line), column, None, f"not valid {encoding} text{hint}"))
        else:
            problems.append(
                Problem(int(line), column, csv_line, f"malformed line ({kind.lower()})")
            )
    return problems


def _field(csv_line: str | None, index: int, delimiter: str) -> str | None:
    if csv_line is None:
        return None
    try:
        fields = next(csv.reader(io.StringIO(csv_line), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    return fields[index] if 0 <= index < len(fields) else None


def _number_lines(con: duckdb.DuckDBPyConnection, rejected_lines: Sequence[int]) -> None:
    """Give every staged row its line number in the file.

    Staging keeps file order, so the k-th staged row (k from 0) is line k + 2 when nothing was
    rejected. Rejected lines r_1 < r_2 < … shift later rows down: row k sits at line
    k + 2 + #{i : r_i - (i + 1) <= k + 1}, with i counted from 0.
    """
    if not rejected_lines:  # a view: no copy of the (possibly large) staged file
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {STAGE} AS SELECT rowid + 2 AS line, * FROM {STAGE}_raw"
        )
        return
    ordered = sorted(set(rejected_lines))
    con.execute("CREATE OR REPLACE TEMP TABLE _stage_gaps (g BIGINT)")
    con.executemany(
        "INSERT INTO _stage_gaps VALUES (?)", [[r - (i + 1)] for i, r in enumerate(ordered)]
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {STAGE} AS
        SELECT s.rowid + 2 + (SELECT count(*) FROM _stage_gaps WHERE g <= s.rowid + 1)
               AS line, s.*
        FROM {STAGE}_raw s ORDER BY s.rowid"""
    )
    con.execute("DROP TABLE _stage_gaps")
    con.execute(f"DROP TABLE {STAGE}_raw")


def drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    """Remove what staging created (the staged table, or the view over it)."""
    kinds = dict(
        con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_name IN (?, ?)",
            [STAGE, f"{STAGE}_raw"],
        ).fetchall()
    )
    for name in (STAGE, f"{STAGE}_raw"):  # the view first: it depends on the table
        if name in kinds:
            con.execute(f"DROP {'VIEW' if kinds[name] == 'VIEW' else 'TABLE'} {name}")


def stage_frames(
    con: duckdb.DuckDBPyConnection,
    frames: Iterator[pd.DataFrame],
    wanted: Sequence[Column],
    path: Path,
) -> Staged:
    """Stage a file read in chunks of DataFrames (Stata ``.dta``); lines are observation numbers.

    Stata columns are typed as a whole, so a column of the wrong type rejects the file.
    """
    from pandas.api.types import is_numeric_dtype

    total = 0
    names: list[str] = []
    select = ""
    for chunk in frames:
        if not names:
            names = [str(c) for c in chunk.columns]
            types = _match_columns(names, wanted, path)
            for name, duck_type in types.items():
                if duck_type != "VARCHAR" and not is_numeric_dtype(chunk[name]):
                    raise InputError(
                        f"column {name!r} holds text; numbers were expected", file=str(path)
                    )
            select = ", ".join(
                f"CAST({quote_ident(n)} AS {t}) AS {quote_ident(n)}" for n, t in types.items()
            )
        framed = chunk.assign(_line=range(total + 1, total + 1 + len(chunk)))
        con.register("_chunk", framed)
        verb = f"CREATE OR REPLACE TEMP TABLE {STAGE} AS" if total == 0 else f"INSERT INTO {STAGE}"
        try:
            con.execute(f"{verb} SELECT _line AS line, {select} FROM _chunk ORDER BY _line")
        except duckdb.Error as exc:
            raise InputError(
                f"cannot convert the file's columns: {first_line(exc)}", file=str(path)
            ) from exc
        finally:
            con.unregister("_chunk")
        total += len(chunk)
    if not names:
        raise InputError("the file holds no observations", file=str(path))
    return Staged(rows=total, columns=tuple(names), problems=())
