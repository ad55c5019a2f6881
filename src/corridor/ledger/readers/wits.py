"""World Bank WITS downloads (UN Comtrade data): CSV, and Stata ``.dta`` files of the same layout.

Columns used: ``ReporterISO3``, ``PartnerISO3``, ``ProductCode`` (HS code, or ``Total``),
``Year``, ``TradeFlowName`` (Export, Import, Re-Export, Re-Import), the value in thousands of US
dollars as ``TradeValuein1000USD`` or ``TradeValue in 1000 USD``, and ``Nomenclature`` (H0 … H6;
a file without it needs ``--hs-rev``); where present, the net weight ``NetWeight in KGM`` (stored
as tonnes; 0 beside a positive value is an unknown weight, stored as NULL) and ``Quantity`` with
``QuantityUnit``, ``Quantity Unit`` or ``QtyUnit`` (used where there is no weight).

WITS country groups such as ``All``, ``EUN`` or ``ASEAN`` and product groups such as
``25-26_Minerals`` are not country or HS codes: their rows are refused with that reason. ``WLD``
(World) is accepted. Product codes that lost their leading zero are restored.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pandas as pd

from corridor.errors import InputError, option
from corridor.ledger._plan import (
    HS_REVISIONS,
    Check,
    Field,
    Note,
    ReadPlan,
    case_map,
    classification_checks,
    constant,
    hs_code_field,
    year_fields,
)
from corridor.ledger._staging import Column, Staged, quote_ident, stage_frames
from corridor.ledger.readers._base import CsvReader, Format, LoadOptions

FLOW_NAMES = {
    "EXPORT": "export",
    "IMPORT": "import",
    "RE-EXPORT": "re-export",
    "RE-IMPORT": "re-import",
}
VALUE_COLUMNS = ("TradeValuein1000USD", "TradeValue in 1000 USD")
WEIGHT_COLUMNS = ("NetWeight in KGM", "NetWeightinKGM", "NetWeight")
_UNIT_COLUMNS = ("QuantityUnit", "Quantity Unit", "QtyUnit")
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
        fixed_rev = options.revision(path)
        if fixed_rev is None and "Nomenclature" not in header:
            raise InputError(
                "cannot tell the HS revision: the file has no 'Nomenclature' column; pass "
                f"{option('hs_rev')} (for example {option('hs_rev')} HS2012 for WITS's H4)",
                file=str(path),
            )
        columns = [
            Column("ReporterISO3"),
            Column("PartnerISO3"),
            Column("ProductCode"),
            Column("Year", "BIGINT"),
            Column("TradeFlowName"),
            Column(value_col, "DOUBLE"),
        ]
        if "Nomenclature" in header:
            columns.append(Column("Nomenclature", required=fixed_rev is None))
        value = f"s.{quote_ident(value_col)}"
        notes: list[Note] = []
        weight_col = next((c for c in WEIGHT_COLUMNS if c in header), None)
        mass = "NULL"
        if weight_col is not None:
            columns.append(Column(weight_col, "DOUBLE"))
            w = f"s.{quote_ident(weight_col)}"
            mass = f"CASE WHEN {w} > 0 OR ({w} = 0 AND {value} = 0) THEN {w} / 1000 END"
            notes.append(
                Note(
                    f"{w} = 0 AND {value} > 0",
                    "{n} row(s) had a net weight of 0 beside a positive value (an unknown "
                    "weight): stored as unknown (NULL)",
                )
            )
        unit_col = next((c for c in _UNIT_COLUMNS if c in header), None)
        qty = qty_unit = "NULL"
        if "Quantity" in header and unit_col is not None:
            columns += [Column("Quantity", "DOUBLE"), Column(unit_col)]
            u = f"trim(s.{quote_ident(unit_col)})"
            no_qty = f"({u} IS NULL OR {u} = '' OR lower({u}) IN ('no quantity', 'n/a', 'na'))"
            kg = f"lower({u}) IN ('kg', 'kgm', 'kilogram', 'kilograms')"
            qty = (
                f"CASE WHEN {no_qty} THEN NULL WHEN s.Quantity = 0 AND {value} > 0 THEN NULL "
                f"WHEN {kg} THEN s.Quantity / 1000 ELSE s.Quantity END"
            )
            qty_unit = f"CASE WHEN {kg} THEN 't' ELSE {u} END"
        product = "trim(s.ProductCode)"
        code, zero_note = hs_code_field(
            f"CASE WHEN upper({product}) = 'TOTAL' THEN 'TOTAL' ELSE {product} END",
            "ProductCode",
            "s.ProductCode",
        )
        notes.append(zero_note)
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
            "hs_code": code,
            "value_usd": Field(f"{value} * 1000", value_col, f"{value}::VARCHAR"),
            "quantity": Field(f"coalesce({mass}, {qty})", weight_col or "Quantity"),
            "quantity_unit": Field(
                f"CASE WHEN ({mass}) IS NOT NULL THEN 't' "
                f"WHEN ({qty}) IS NOT NULL THEN {qty_unit} END"
            ),
            "source_ref": constant(None),
        }
        checks = [
            Check(
                f"NOT (upper({product}) = 'TOTAL' OR regexp_full_match({product}, '[0-9]{{1,6}}'))",
                "ProductCode",
                "s.ProductCode",
                "a WITS product group (such as 25-26_Minerals or a custom basket), not an HS "
                "code: download the data by HS product (2, 4 or 6 digits)",
            )
        ]
        if "Nomenclature" in header:
            checks.extend(classification_checks("s.Nomenclature", "Nomenclature", "s.Nomenclature"))
        return ReadPlan(
            tuple(columns),
            fields,
            "iso3",
            options.source or "wits",
            tuple(checks),
            notes=tuple(notes),
        )


def _dta_chunks(path: Path) -> Iterator[pd.DataFrame]:
    import pandas as pd

    try:
        with pd.read_stata(path, chunksize=_DTA_CHUNK, convert_categoricals=False) as reader:
            yield from reader
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot read the Stata file: {exc}", file=str(path)) from exc
