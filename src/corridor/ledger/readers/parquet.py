"""Parquet files in the ledger's own layout (the embedded default dataset uses it).

Columns: ``period_start``, ``period_end`` (dates), ``reporter``, ``partner`` (ISO3),
``reporter_region`` (ISO 3166-2 or null), ``flow``, ``hs_rev``, ``hs_code``, ``value_usd``,
``quantity``, ``quantity_unit``, ``source_ref``. Lines are row numbers from 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from corridor.errors import InputError, option
from corridor.ledger._plan import HS_REVISIONS, Field, ReadPlan, case_map
from corridor.ledger._schema import FLOW_KINDS
from corridor.ledger._staging import STAGE, Column, Staged, quote_ident, quote_literal
from corridor.ledger.readers._base import Format, LoadOptions

COLUMNS = (
    Column("period_start", "DATE"),
    Column("period_end", "DATE"),
    Column("reporter"),
    Column("partner"),
    Column("reporter_region"),
    Column("flow"),
    Column("hs_rev"),
    Column("hs_code"),
    Column("value_usd", "DOUBLE"),
    Column("quantity", "DOUBLE"),
    Column("quantity_unit"),
    Column("source_ref"),
)


class ParquetReader:
    name: Format = "parquet"

    def header(self, path: Path, options: LoadOptions) -> list[str]:
        try:
            schema: pa.Schema = pq.read_schema(path)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"cannot read the Parquet file: {exc}", file=str(path)) from exc
        return list(schema.names)

    def plan(self, header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan:
        missing = [c.name for c in COLUMNS if c.name not in header]
        if missing:
            raise InputError(f"missing column(s) {missing} of the ledger layout", file=str(path))
        fields = {
            c.name: Field(f"s.{quote_ident(c.name)}", c.name, f"s.{quote_ident(c.name)}::VARCHAR")
            for c in COLUMNS
        }
        fields["flow"] = Field(case_map("s.flow", {k: k for k in FLOW_KINDS}), "flow", "s.flow")
        fields["hs_rev"] = Field(case_map("s.hs_rev", HS_REVISIONS), "hs_rev", "s.hs_rev")
        if options.source is None:
            raise InputError(
                f"a Parquet load needs a source label ({option('source')})", file=str(path)
            )
        return ReadPlan(COLUMNS, fields, "iso3", options.source, basis=options.basis or "reported")

    def stream_source(self, path: Path, plan: ReadPlan, options: LoadOptions) -> str | None:
        return None

    def stage(
        self, con: duckdb.DuckDBPyConnection, path: Path, plan: ReadPlan, options: LoadOptions
    ) -> Staged:
        select = ", ".join(
            f"TRY_CAST({quote_ident(c.name)} AS {c.type}) AS {quote_ident(c.name)}" for c in COLUMNS
        )
        try:
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE {STAGE} AS
                SELECT file_row_number + 1 AS line, {select}
                FROM read_parquet({quote_literal(str(path))}, file_row_number = true)
                ORDER BY line"""
            )
        except duckdb.Error as exc:
            raise InputError(f"cannot read the Parquet file: {exc}", file=str(path)) from exc
        (rows,) = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone() or (0,)
        return Staged(int(rows), tuple(c.name for c in COLUMNS), ())
