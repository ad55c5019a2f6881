"""UN Comtrade: bulk downloads and API results saved as CSV (annual or monthly).

Columns used (others are ignored): ``reporterCode``, ``partnerCode`` (UN M49, 0 = World),
``flowCode`` (X, M, RX, RM), ``cmdCode`` (HS code or TOTAL), ``primaryValue`` (USD), the period as
``period`` (``2022`` or ``202201``) or ``refYear`` with ``refMonth`` and ``freqCode``, and where
present ``classificationCode`` (H0 … H6), ``netWgt`` (kg, stored as tonnes), ``qty`` with
``qtyUnitAbbr``, and the breakdown keys ``partner2Code``, ``customsCode``, ``motCode``.

Only totals over the breakdowns are loaded (partner2Code 0, customsCode C00, motCode 0): a row of a
finer breakdown is an error, since adding it to the totals would count trade twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from corridor.errors import InputError
from corridor.ledger._plan import (
    HS_REVISIONS,
    Check,
    Field,
    ReadPlan,
    case_map,
    constant,
    period_fields,
)
from corridor.ledger._staging import Column
from corridor.ledger.readers._base import CsvReader, Format, LoadOptions

FLOW_CODES = {"X": "export", "M": "import", "RX": "re-export", "RM": "re-import"}

_REQUIRED = (
    Column("reporterCode", "BIGINT"),
    Column("partnerCode", "BIGINT"),
    Column("flowCode", "VARCHAR"),
    Column("cmdCode", "VARCHAR"),
    Column("primaryValue", "DOUBLE"),
)
_OPTIONAL = {
    "period": "VARCHAR",
    "refYear": "BIGINT",
    "refMonth": "BIGINT",
    "freqCode": "VARCHAR",
    "classificationCode": "VARCHAR",
    "netWgt": "DOUBLE",
    "qty": "DOUBLE",
    "qtyUnitAbbr": "VARCHAR",
    "partner2Code": "BIGINT",
    "customsCode": "VARCHAR",
    "motCode": "BIGINT",
}


class ComtradeReader(CsvReader):
    name: Format = "comtrade"

    def plan(self, header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan:
        present = set(header)
        columns = list(_REQUIRED) + [
            Column(n, t, required=False) for n, t in _OPTIONAL.items() if n in present
        ]
        if "period" in present:
            period_text, period_col = "trim(s.period)", "period"
        elif "refYear" in present:
            year = "s.refYear::VARCHAR"
            if "refMonth" in present and "freqCode" in present:
                monthly = "s.refYear::VARCHAR || lpad(s.refMonth::VARCHAR, 2, '0')"
                period_text = f"CASE WHEN s.freqCode = 'M' THEN {monthly} ELSE {year} END"
            else:
                period_text = year
            period_col = "refYear"
        else:
            raise InputError(
                "no period column: expected 'period' or 'refYear' (with 'refMonth' and "
                "'freqCode' for monthly data)",
                file=str(path),
            )
        fixed_rev = options.revision(path)
        if fixed_rev is not None:
            hs_rev = constant(fixed_rev)
        elif "classificationCode" in present:
            hs_rev = Field(
                case_map("upper(trim(s.classificationCode))", HS_REVISIONS),
                "classificationCode",
                "s.classificationCode",
            )
        else:
            raise InputError(
                "cannot tell the HS revision: the file has no 'classificationCode'; "
                "pass --hs-rev (for example --hs-rev HS2022)",
                file=str(path),
            )
        mass = (
            "CASE WHEN s.netWgt IS NOT NULL THEN s.netWgt / 1000 END"
            if "netWgt" in present
            else "NULL"
        )
        if "qty" in present and "qtyUnitAbbr" in present:
            qty = (
                "CASE WHEN lower(s.qtyUnitAbbr) = 'kg' THEN s.qty / 1000 "
                "WHEN s.qtyUnitAbbr IS NULL OR s.qtyUnitAbbr IN ('N/A', '') THEN NULL "
                "ELSE s.qty END"
            )
            qty_unit = (
                "CASE WHEN lower(s.qtyUnitAbbr) = 'kg' THEN 't' "
                "WHEN s.qtyUnitAbbr IN ('N/A', '') THEN NULL ELSE s.qtyUnitAbbr END"
            )
        else:
            qty, qty_unit = "NULL", "NULL"
        quantity = f"coalesce({mass}, {qty})"
        unit = (
            f"CASE WHEN ({mass}) IS NOT NULL THEN 't' WHEN ({qty}) IS NOT NULL THEN {qty_unit} END"
        )
        flow = case_map("upper(trim(s.flowCode))", FLOW_CODES)
        fields = {
            **period_fields(period_text, period_col),
            "reporter": Field(
                "s.reporterCode", "reporterCode", "s.reporterCode::VARCHAR", integer=True
            ),
            "partner": Field(
                "s.partnerCode", "partnerCode", "s.partnerCode::VARCHAR", integer=True
            ),
            "reporter_region": constant(None),
            "flow": Field(flow, "flowCode", "s.flowCode"),
            "hs_rev": hs_rev,
            "hs_code": Field("upper(trim(s.cmdCode))", "cmdCode", "s.cmdCode"),
            "value_usd": Field("s.primaryValue", "primaryValue", "s.primaryValue::VARCHAR"),
            "quantity": Field(quantity, "netWgt" if "netWgt" in present else "qty"),
            "quantity_unit": Field(unit),
            "source_ref": constant(None),
        }
        checks = []
        for name, total in (("partner2Code", "0"), ("motCode", "0"), ("customsCode", "'C00'")):
            if name in present:
                col = f"s.{name}"
                checks.append(
                    Check(
                        f"{col} IS DISTINCT FROM {total}",
                        name,
                        f"{col}::VARCHAR",
                        f"a breakdown row ({name} is not {total.strip(chr(39))}): "
                        "load totals only (partner2Code 0, customsCode C00, motCode 0)",
                    )
                )
        return ReadPlan(tuple(columns), fields, "un", options.source or "comtrade", tuple(checks))
