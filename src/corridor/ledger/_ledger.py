"""The trade ledger: a DuckDB database of trade flows with their provenance."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from corridor.errors import CorridorError, DataGapError, InputError, first_line, option
from corridor.ledger._codes import CodeTables
from corridor.ledger._defaults import has_default_loads, sync_defaults
from corridor.ledger._fx import ExchangeRates
from corridor.ledger._load import LoadResult, Progress, load_file
from corridor.ledger._reads import FlowReads
from corridor.ledger._reference import load_reference
from corridor.ledger._schema import LATEST_VERSION, current_version, migrate
from corridor.ledger._staging import encoding_name
from corridor.ledger._status import LedgerStatus, read_status
from corridor.ledger._stores import BarrierStore, DocumentStore, SimResultStore, transaction
from corridor.ledger.readers import FORMATS, Format, LoadOptions, detect_format
from corridor.locations import default_db_path

MEMORY = ":memory:"


@dataclass(frozen=True)
class QueryResult:
    """Rows of a read-only query, with column names."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool


#: Seconds a query may run (``Ledger.query``; ``corridor ledger query``).
QUERY_TIMEOUT_S = 30.0


def lock_timeout_s() -> float:
    """How long to wait for another process to release the ledger (``CORRIDOR_LOCK_TIMEOUT``)."""
    try:
        return float(os.environ.get("CORRIDOR_LOCK_TIMEOUT", "60"))
    except ValueError:
        return 60.0


#: What the database engine may hold in memory (it spills to disk beyond it), so that a load,
#: failing or not, stays within a stated figure: ``CORRIDOR_MEMORY`` (a DuckDB size, "2GB").
MEMORY_LIMIT = "1GB"


def memory_limit() -> str:
    """The engine's memory limit (:data:`MEMORY_LIMIT` unless ``CORRIDOR_MEMORY`` says)."""
    return os.environ.get("CORRIDOR_MEMORY", MEMORY_LIMIT)


def quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """``con`` with DuckDB's own progress bar off: it would print over the command's output (a
    load that reports its progress asks for it, unprinted)."""
    con.execute("SET enable_progress_bar = false")
    return con


def _connect(target: str, **kwargs: Any) -> duckdb.DuckDBPyConnection:
    """Connect, waiting while another process holds the file (DuckDB allows one writer process).

    A busy ledger is retried with growing pauses up to :func:`lock_timeout_s`; then the error
    says who holds it.
    """
    deadline = time.monotonic() + lock_timeout_s()
    pause = 0.05
    config = {"memory_limit": memory_limit(), **kwargs.pop("config", {})}
    while True:
        try:
            con = duckdb.connect(target, config=config, **kwargs)
            quiet(con)
            return con
        except duckdb.Error as exc:
            message = first_line(exc)
            if "lock" not in message.lower() or time.monotonic() >= deadline:
                busy = " (another process is using it; set CORRIDOR_LOCK_TIMEOUT to wait longer)"
                raise CorridorError(
                    f"cannot open the ledger {target}: {message}"
                    + (busy if "lock" in message.lower() else "")
                ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


class Ledger:
    """An open ledger. Create with :meth:`open`; close with :meth:`close` or a ``with`` block.

    Examples
    --------
    >>> from corridor.ledger import Ledger
    >>> with Ledger.open(":memory:", defaults=False) as ledger:
    ...     ledger.status().flows
    0
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        #: the flows: values with their source choice, breakdowns, series, analysis inputs
        self.flows = FlowReads(con, self.version)
        #: countries, regions and HS products, with the closest valid codes for a wrong one
        self.codes = CodeTables(con)
        #: dated exchange rates
        self.fx = ExchangeRates(con)
        #: barrier records users added
        self.barriers = BarrierStore(con)
        #: documents and the claims extracted from them
        self.documents = DocumentStore(con)
        #: simulation statistics by scenario hash and seed
        self.sim_results = SimResultStore(con)

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        defaults: bool = True,
        progress: Progress | None = None,
        data: Path | None = None,
    ) -> Ledger:
        """Open (creating and upgrading if needed) the ledger at ``path``.

        Parameters
        ----------
        path:
            Database file; default :func:`corridor.locations.default_db_path`. ``":memory:"``
            gives a throw-away ledger.
        read_only:
            Open for reading only, with access to other files disabled (for untrusted SQL).
        defaults:
            Load the embedded default dataset when the ledger holds no loads yet.
        progress:
            Called with a short description of each step of a first-time set-up.
        data:
            The data folder whose code tables and default dataset it loads (default: the
            shipped one, :meth:`corridor.workspace.Workspace.default`).
        """
        target = str(path) if path is not None else str(default_db_path())
        if read_only:
            return cls._open_read_only(target)
        try:
            if target != MEMORY:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CorridorError(f"cannot open the ledger {target}: {first_line(exc)}") from exc
        con = _connect(target)
        ledger = cls(con, target, read_only=False)
        try:
            migrate(con)
            if data is None:
                from corridor.workspace import Workspace  # the one seam to the data folder

                data = Workspace.default().root
            folder = data
            load_reference(con, folder / "reference")
            if defaults and (not ledger._has_loads() or has_default_loads(con)):
                sync_defaults(con, folder / "ledger", progress)
        except BaseException:
            con.close()
            raise
        return ledger

    @classmethod
    def _open_read_only(cls, target: str) -> Ledger:
        if target == MEMORY or not Path(target).is_file():
            raise DataGapError(
                f"no ledger at {target}: open it for writing once (any `corridor` command does)"
            )
        con = _connect(target, read_only=True, config={"enable_external_access": False})
        version = current_version(con)
        if version != LATEST_VERSION:
            con.close()
            raise CorridorError(
                f"the ledger {target} has schema version {version}, this corridor "
                f"needs {LATEST_VERSION}: open it once for writing to upgrade it"
            )
        return cls(con, target, read_only=True)

    def needs_setup(self, data: Path) -> bool:
        """Whether opening for writing would change it: this release's embedded dataset from
        ``data`` (the data folder) not yet in it."""
        from corridor.ledger._defaults import defaults_current

        return not defaults_current(self._con, data / "ledger")

    def _has_loads(self) -> bool:
        (n,) = self._con.execute("SELECT count(*) FROM loads").fetchone() or (0,)
        return bool(n)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (for the ledger's own tests and tools; the rest of the product
        reads through the typed API above)."""
        return self._con

    @contextmanager
    def cursor(self) -> Iterator[Ledger]:
        """The same ledger on its own cursor (one per thread: a server's requests)."""
        cur = quiet(self._con.cursor())
        try:
            yield Ledger(cur, self.path, self.read_only)
        finally:
            cur.close()

    @contextmanager
    def transaction(self) -> Iterator[Ledger]:
        """Everything written inside the block is kept together, or not at all."""
        if self.read_only:
            raise CorridorError("this ledger was opened read-only")
        with transaction(self._con):
            yield self

    def version(self) -> tuple[int, ...]:
        """A value that changes whenever the ledger's contents change (loads, registries)."""
        row = self._con.execute(
            "SELECT (SELECT coalesce(max(load_id), 0) FROM loads), (SELECT count(*) FROM loads), "
            "(SELECT count(*) FROM barriers), (SELECT count(*) FROM documents), "
            "(SELECT count(*) FROM fx_rates)"
        ).fetchone()
        return tuple(int(v) for v in row) if row else ()

    def load(
        self,
        path: str | Path,
        *,
        format: Format | None = None,
        source: str | None = None,
        hs_rev: str | None = None,
        mapping: str | Path | None = None,
        quarantine: bool = False,
        encoding: str | None = None,
        country_codes: str | Path | None = None,
        progress: Progress | None = None,
    ) -> LoadResult:
        """Load one file (all or nothing; a file already loaded is not loaded twice).

        ``format`` is found from the file's name and header when not given (see
        :func:`corridor.ledger.readers.detect_format`).

        Raises :class:`~corridor.errors.InputError` naming the file, lines, columns and values
        of the first problems when any row is invalid (unless ``quarantine``).
        """
        if self.read_only:
            raise CorridorError("this ledger was opened read-only")
        if format is None:
            format = detect_format(
                Path(path), encoding=encoding_name(encoding), mapping=mapping is not None
            )
        if format not in FORMATS:
            raise InputError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
        if mapping is not None and format != "csv":
            raise InputError(f"a mapping is only used by {option('format')} csv")
        if hs_rev is not None and format in ("csv", "parquet"):
            raise InputError(
                f"{option('hs_rev')} does not apply to {option('format')} {format}: the HS "
                "revision comes from "
                + ("the mapping (a column or constant hs_rev)" if format == "csv" else "the file")
            )
        if country_codes is not None and format != "baci":
            raise InputError(f"{option('country_codes')} is only used by {option('format')} baci")
        options = LoadOptions(
            source=source,
            hs_rev=hs_rev,
            mapping=Path(mapping) if mapping is not None else None,
            quarantine=quarantine,
            encoding=encoding,
            country_codes=Path(country_codes) if country_codes is not None else None,
        )
        encoding_name(encoding)  # an unknown encoding is refused before anything is read
        return load_file(self._con, Path(path), format, options, progress=progress)

    def status(self) -> LedgerStatus:
        """Loads, row counts, periods, reporters and coverage."""
        return read_status(self._con, self.path, current_version(self._con))

    def query(
        self, sql: str, *, max_rows: int = 10_000, timeout_s: float = QUERY_TIMEOUT_S
    ) -> QueryResult:
        """Run one read-only SQL statement (SELECT, or a query beginning WITH …).

        Anything else (INSERT, UPDATE, DELETE, CREATE, ATTACH, COPY, SET, …) is refused, and the
        statement runs inside a transaction that is rolled back. A query still running after
        ``timeout_s`` seconds is interrupted; at most ``max_rows`` rows are returned.
        """
        try:
            statements = self._con.extract_statements(sql)
        except duckdb.Error as exc:
            raise InputError(f"SQL error: {first_line(exc)}") from exc
        if len(statements) != 1:
            raise InputError(f"give exactly one SQL statement (got {len(statements)})")
        if statements[0].type != duckdb.StatementType.SELECT:
            raise InputError(
                f"only queries are allowed (this is {statements[0].type.name}): "
                "the ledger changes only through loads"
            )
        self._con.execute("BEGIN TRANSACTION")
        timer = threading.Timer(timeout_s, self._con.interrupt)
        timer.start()
        try:
            cursor = self._con.execute(sql)
            columns = tuple(d[0] for d in cursor.description or ())
            rows = cursor.fetchmany(max_rows + 1)
        except duckdb.InterruptException:
            raise InputError(
                f"the query was stopped after {timeout_s:g} s: narrow it (WHERE, LIMIT) and retry"
            ) from None
        except duckdb.Error as exc:
            raise InputError(f"SQL error: {first_line(exc)}") from exc
        finally:
            timer.cancel()
            self._con.execute("ROLLBACK")
        return QueryResult(columns, tuple(rows[:max_rows]), truncated=len(rows) > max_rows)

    def close(self) -> None:
        """Close the database."""
        self._con.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
