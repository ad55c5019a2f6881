"""The registries the ledger keeps beside the flows: users' barrier records, documents with the
claims extracted from them, and simulation results. Each write is one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb

#: The columns of ``barriers``, in order.
BARRIER_COLUMNS = (
    "id", "title", "imposing", "affected", "mast_code", "hs_rev", "hs_codes", "crossings",
    "start_date", "end_date", "status", "legal_ref", "description", "source_document",
    "source_quote", "source_paraphrase", "source_url", "source_date", "source_verified", "origin",
    "record",
)  # fmt: skip

#: The columns of ``claims`` after ``doc_id``, in order.
CLAIM_COLUMNS = (
    "idx", "start_offset", "end_offset", "text", "value", "value_max", "unit", "measure",
    "period_start", "period_end", "subjects", "qualifier", "relation", "equivalent_of",
    "outlook", "dated_by", "dated_at",
)  # fmt: skip


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN … COMMIT, or ROLLBACK when the block raises (anything, Ctrl-C included)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


class BarrierStore:
    """Barrier records users added (the shipped registry is read from its file, not stored)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def file_added(self, sha256: str) -> bool:
        """Whether a file with this SHA-256 was added before."""
        return (
            self._con.execute("SELECT 1 FROM barrier_files WHERE sha256 = ?", [sha256]).fetchone()
            is not None
        )

    def records(self) -> list[tuple[str, str]]:
        """Every user record as (record JSON, origin: the file it came from)."""
        rows = self._con.execute("SELECT record, origin FROM barriers ORDER BY id").fetchall()
        return [(str(r), str(o)) for r, o in rows]

    def add(self, sha256: str, file: str, records: int, rows: Sequence[Sequence[Any]]) -> None:
        """Store a file's new records (rows in ``BARRIER_COLUMNS`` order) and the file itself."""
        insert = f"INSERT INTO barriers VALUES ({', '.join(['?'] * len(BARRIER_COLUMNS))})"
        with transaction(self._con):
            for row in rows:
                self._con.execute(insert, list(row))
            self._con.execute(
                "INSERT INTO barrier_files VALUES (?, ?, ?, now()::TIMESTAMP)",
                [sha256, file, records],
            )


@dataclass(frozen=True)
class StoredDocument:
    """A document already in the ledger."""

    doc_id: int
    date: dt.date | None
    date_source: str
    claims: int


@dataclass(frozen=True)
class NewDocument:
    """A document to store, with its claims as rows in ``CLAIM_COLUMNS`` order."""

    name: str
    sha256: str
    title: str | None
    date: dt.date | None
    date_source: str
    source: str | None
    text: str
    claims: tuple[tuple[Any, ...], ...]


class DocumentStore:
    """Documents and the claims extracted from them (tables ``documents`` and ``claims``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def find(self, sha256: str) -> StoredDocument | None:
        row = self._con.execute(
            """SELECT d.doc_id, d.date, d.date_source,
                      (SELECT count(*) FROM claims c WHERE c.doc_id = d.doc_id)
               FROM documents d WHERE d.sha256 = ?""",
            [sha256],
        ).fetchone()
        return None if row is None else StoredDocument(int(row[0]), row[1], row[2], int(row[3]))

    def add(self, documents: Sequence[NewDocument]) -> list[int]:
        """Store the documents and their claims, all in one transaction; their new ids."""
        ids = []
        insert = f"INSERT INTO claims VALUES (?, {', '.join(['?'] * len(CLAIM_COLUMNS))})"
        with transaction(self._con):
            for d in documents:
                row = self._con.execute(
                    "INSERT INTO documents (name, sha256, title, date, date_source, source, text, "
                    "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP) RETURNING doc_id",
                    [d.name, d.sha256, d.title, d.date, d.date_source, d.source, d.text],
                ).fetchone()
                assert row is not None
                doc_id = int(row[0])
                if d.claims:
                    self._con.executemany(insert, [[doc_id, *c] for c in d.claims])
                ids.append(doc_id)
        return ids

    def claims(self) -> list[tuple[Any, ...]]:
        """Every claim with its document: doc_id, name, title, date, then ``CLAIM_COLUMNS``."""
        return self._con.execute(
            f"""SELECT c.doc_id, d.name, d.title, d.date,
                       {", ".join(f"c.{col}" for col in CLAIM_COLUMNS)}
                FROM claims c JOIN documents d USING (doc_id)
                ORDER BY c.doc_id, c.idx"""
        ).fetchall()

    def text(self, doc_id: int, start: int, length: int) -> str:
        """``length`` characters of a document's text from offset ``start`` (0-based)."""
        row = self._con.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE doc_id = ?",
            [start + 1, length, doc_id],
        ).fetchone()
        return str(row[0]) if row and row[0] is not None else ""


class SimResultStore:
    """Simulation runs by scenario hash and settings: each statistic as a row (table
    ``sim_results``) and the whole run as JSON (``sim_reports``), found again by the same hash
    and settings."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def add(
        self,
        *,
        scenario: str,
        scenario_hash: str,
        seed: int,
        replications: int,
        days: int,
        rows: Sequence[tuple[str, str, str, float, float, float]],
        settings: str | None = None,
        report: str | None = None,
    ) -> int:
        """Store one run's (crossing, direction, metric, mean, ci_low, ci_high), and its JSON
        under (hash, settings) when given; its run id."""
        with transaction(self._con):
            found = self._con.execute(
                "SELECT coalesce(max(run_id), 0) + 1 FROM sim_results"
            ).fetchall()
            run_id = found[0][0] if found else 1
            if rows:
                import pyarrow as pa

                crossing, direction, metric, mean, low, high = (
                    list(c) for c in zip(*rows, strict=True)
                )
                table = pa.table(
                    {
                        "crossing": crossing,
                        "direction": direction,
                        "metric": metric,
                        "mean": pa.array(mean, pa.float64()),
                        "ci_low": pa.array(low, pa.float64()),
                        "ci_high": pa.array(high, pa.float64()),
                    }
                )
                self._con.register("sim_rows", table)
                try:
                    self._con.execute(
                        "INSERT INTO sim_results SELECT ?, ?, ?, ?, ?, ?, crossing, direction, "
                        "metric, mean, ci_low, ci_high, now(), ? FROM sim_rows",
                        [run_id, scenario, scenario_hash, seed, replications, days, settings],
                    )
                finally:
                    self._con.unregister("sim_rows")
            if report is not None and settings is not None:
                self._con.execute(
                    "INSERT OR REPLACE INTO sim_reports VALUES (?, ?, ?, ?, now())",
                    [scenario_hash, settings, scenario, report],
                )
        return int(run_id)

    def find(self, scenario_hash: str, settings: str) -> str | None:
        """The stored JSON of the run with this hash and settings, or None."""
        row = self._con.execute(
            "SELECT report FROM sim_reports WHERE scenario_hash = ? AND settings = ?",
            [scenario_hash, settings],
        ).fetchone()
        return None if row is None else str(row[0])
