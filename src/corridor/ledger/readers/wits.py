"""World Bank WITS downloads (UN Comtrade data): CSV, and Stata ``.dta`` files of the same layout.

Columns used: ``Nomenclature`` (H0 … H6), ``ReporterISO3``, ``PartnerISO3``, ``ProductCode``
(HS code, or ``Total``), ``Year``, ``TradeFlowName`` (Export, Import, Re-Export, Re-Import) and the
value in thousands of US dollars as ``TradeValuein1000USD`` or ``TradeValue in 1000 USD``; where
present, ``Quantity`` with ``QuantityUnit`` (or ``Quantity Unit``).

WITS country aggregates such as ``All`` (all reporting countries) are not country codes and are
rejected; ``WLD`` (World) is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pandas as pd

from corridor.errors import InputError
from corridor.ledger._plan import HS_REVISIONS, Field, ReadPlan, case_map, constant, year_fields
from corridor.ledger._staging import Column, Staged, quote_ident, stage_frames
from corridor.ledger.readers._base import CsvReader, Format, LoadOptions

FLOW_NAMES = {
    "EXPORT": "export",
    "IMPORT": "import",
    "RE-EXPORT": "re-export",
    "RE-IMPORT": "re-import",
}
VALUE_COLUMNS = ("TradeValuein1000USD", "TradeValue in 1000 USD")
_UNIT_COLUMNS = ("QuantityUnit", "Quantity Unit")
_DTA_CHUNK = 100_000


class WitsReader(CsvReader):
    name: Format = "wits"

    def header(self, path: Path, options: LoadOptions) -> list[str]:
        if path.suffix.lower() == ".dta":
            import pandas as pd  # imported here: only Stata files need it

            try:
                with pd.read_stata(path, iterator=True) as reader:
                    return [str(c) for c in reader.variable_labels()]
            except (ValueError, OSError) as exc:
                raise InputError(f"cannot read the Stata file: {exc}", file=str(path)) from exc
        return super().header(path, options)

    def stage(
        self, con: duckdb.DuckDBPyConnection, path: Path, plan: ReadPlan, options: LoadOptions
    ) -> Staged:
        if path.suffix.lower() != ".dta":
            return super().stage(con, path, plan, options)
        return stage_frames(con, _dta_chunks(path), plan.columns, path)

    def stream_source(self, path: Path, plan: ReadPlan, options: LoadOptions) -> str | None:
        if path.suffix.lower() == ".dta":
            return None
        return super().stream_source(path, plan, options)

    def plan(self, header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan:
        value_col = next((c for c in VALUE_COLUMNS if c in header), None)
        if value_col is None:
            raise InputError(
                f"no value column: expected one of {', '.join(map(repr, VALUE_COLUMNS))}",
                file=str(path),
            )
        columns = [
            Column("Nomenclature"),
            Column("ReporterISO3"),
            Column("PartnerISO3"),
            Column("ProductCode"),
            Column("Year", "BIGINT"),
            Column("TradeFlowName"),
            Column(value_col, "DOUBLE"),
        ]
        unit_col = next((c for c in _UNIT_COLUMNS if c in header), None)
        if "Quantity" in header and unit_col is not None:
            columns += [Column("Quantity", "DOUBLE"), Column(unit_col)]
            quantity = Field("s.Quantity", "Quantity", "s.Quantity::VARCHAR")
            unit = Field(f"CASE WHEN s.Quantity IS NOT NULL THEN s.{quote_ident(unit_col)} END")
        else:
            quantity, unit = constant(None), constant(None)
        value = f"s.{quote_ident(value_col)}"
        fixed_rev = options.revision(path)
        product = "trim(s.ProductCode)"
        fields = {
            **year_fields("s.Year", "Year"),
            "reporter": Field("trim(s.ReporterISO3)", "ReporterISO3", "s.ReporterISO3"),
            "partner": Field("trim(s.PartnerISO3)", "PartnerISO3", "s.PartnerISO3"),
            "reporter_region": constant(None),
            "flow": Field(
                case_map("upper(trim(s.TradeFlowName))", FLOW_NAMES),
                "TradeFlowName",
                "s.TradeFlowName",
            ),
            "hs_rev": constant(fixed_rev)
            if fixed_rev
            else Field(
                case_map("upper(trim(s.Nomenclature))", HS_REVISIONS),
                "Nomenclature",
                "s.Nomenclature",
            ),
            "hs_code": Field(
                f"CASE WHEN upper({product}) = 'TOTAL' THEN 'TOTAL' ELSE {product} END",
                "ProductCode",
                "s.ProductCode",
            ),
            "value_usd": Field(f"{value} * 1000", value_col, f"{value}::VARCHAR"),
            "quantity": quantity,
            "quantity_unit": unit,
            "source_ref": constant(None),
        }
        return ReadPlan(tuple(columns), fields, "iso3", options.source or "wits")


def _dta_chunks(path: Path) -> Iterator[pd.DataFrame]:
    import pandas as pd

    try:
        with pd.read_stata(path, chunksize=_DTA_CHUNK, convert_categoricals=False) as reader:
            yield from reader
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot read the Stata file: {exc}", file=str(path)) from exc
