"""UN Comtrade downloads saved as CSV: Comtrade+ (the current site and API) and the classic layout
of the legacy site, its bulk files and its API, annual or monthly.

**Comtrade+** columns used (others are ignored): ``reporterCode``, ``partnerCode`` (UN numeric
codes, 0 = World), ``flowCode`` (X, M, RX, RM), ``cmdCode`` (HS code or TOTAL), ``primaryValue``
(US$), the period as ``period`` (``2022`` or ``202201``) or ``refYear`` with ``refMonth`` and
``freqCode``, and where present ``classificationCode`` (H0 … H6), ``netWgt`` (kg, stored as
tonnes), ``qty`` with ``qtyUnitAbbr``, and the breakdown keys ``partner2Code``, ``customsCode``,
``motCode``.

**Classic** columns (the legacy site's headings, its API's short names such as ``rtCode`` and
``TradeValue``, and spellings that drop spaces or brackets are all recognised): ``Classification``,
``Year``, ``Period``, ``Aggregate Level``, ``Trade Flow Code`` or ``Trade Flow``, ``Reporter Code``
(else ``Reporter ISO``), ``Partner Code`` (else ``Partner ISO``), ``Commodity Code``, ``Trade Value
(US$)``, and where present ``Netweight (kg)``, ``Qty`` with ``Qty Unit Code``, and the breakdowns
``2nd Partner Code``, ``Customs Proc. Code``, ``Mode of Transport Code``. Short exports that keep
only some of these columns load as long as the period, both countries, the flow, the commodity
and the value are there.

Rules for both:

- Only totals over the breakdowns are loaded (second partner 0, customs procedure C00, mode of
  transport 0): a row of a finer breakdown is an error, since adding it to the totals would count
  trade twice.
- A file in SITC or BEC is refused (``SITC is not HS``); ``HS`` "as reported" needs ``--hs-rev``.
- Unknown weights are NULL: UN Comtrade writes a net weight of 0 on rows whose weight it does not
  know (aggregate rows mixing units among them), so a zero weight beside a positive value is read
  as unknown, and the load says how many rows were.
- Codes that lost their leading zero are restored: to the ``Aggregate Level`` when the file has it,
  else by one zero for an odd number of digits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

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
    period_fields,
)
from corridor.ledger._staging import Column, quote_ident
from corridor.ledger.readers._base import CsvReader, Format, LoadOptions

FLOW_CODES = {"X": "export", "M": "import", "RX": "re-export", "RM": "re-import"}
#: the classic layout's numeric trade-flow codes and names
CLASSIC_FLOWS = {
    "1": "import",
    "2": "export",
    "3": "re-export",
    "4": "re-import",
    "IMPORT": "import",
    "IMPORTS": "import",
    "EXPORT": "export",
    "EXPORTS": "export",
    "RE-EXPORT": "re-export",
    "RE-EXPORTS": "re-export",
    "RE-IMPORT": "re-import",
    "RE-IMPORTS": "re-import",
}
#: UN Comtrade quantity unit codes (WCO units) → the abbreviation stored; 1 is "no quantity"
QTY_UNITS = {
    "2": "m2",
    "3": "1000 kWh",
    "4": "m",
    "5": "u",
    "6": "2u",
    "7": "l",
    "9": "1000u",
    "10": "jeu/pack",
    "11": "12u",
    "12": "m3",
    "13": "carat",
}

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

_ZERO_WEIGHT = (
    "{n} row(s) had a net weight of 0 beside a positive value (how UN Comtrade writes an unknown "
    "weight): stored as unknown (NULL)"
)

#: the classic layout: ledger role → the spellings of its column (compared without case, spaces
#: or punctuation)
CLASSIC_NAMES: dict[str, tuple[str, ...]] = {
    "classification": ("Classification", "pfCode"),
    "year": ("Year", "yr"),
    "period": ("Period", "period"),
    "level": ("Aggregate Level", "aggrLevel"),
    "flow_code": ("Trade Flow Code", "rgCode"),
    "flow": ("Trade Flow", "rgDesc"),
    "reporter_code": ("Reporter Code", "rtCode"),
    "reporter_iso": ("Reporter ISO", "rt3ISO"),
    "partner_code": ("Partner Code", "ptCode"),
    "partner_iso": ("Partner ISO", "pt3ISO"),
    "partner2": ("2nd Partner Code", "ptCode2"),
    "customs": ("Customs Proc. Code", "cstCode"),
    "transport": ("Mode of Transport Code", "motCode"),
    "commodity": ("Commodity Code", "cmdCode"),
    "qty_unit": ("Qty Unit Code", "qtCode"),
    "qty": ("Qty", "TradeQuantity"),
    "weight": ("Netweight (kg)", "NetWeight", "Net Weight (kg)"),
    "value": ("Trade Value (US$)", "TradeValue", "Trade Value (USD)", "Trade Value"),
}
_CLASSIC_TYPES = {"value": "DOUBLE", "weight": "DOUBLE", "qty": "DOUBLE"}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def classic_columns(header: Sequence[str]) -> dict[str, str]:
    """role → the file's column, for the classic layout's columns the header has."""
    by_norm = {_norm(h): h for h in header}
    found: dict[str, str] = {}
    for role, names in CLASSIC_NAMES.items():
        for name in names:
            if _norm(name) in by_norm:
                found[role] = by_norm[_norm(name)]
                break
    return found


def is_classic(header: Sequence[str]) -> bool:
    """Whether a header is the classic layout (it has a ``Trade Value (US$)`` column)."""
    return "value" in classic_columns(header) and "primaryValue" not in header


class ComtradeReader(CsvReader):
    name: Format = "comtrade"

    def plan(self, header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan:
        if is_classic(header):
            return _classic_plan(header, path, options)
        missing = [c.name for c in _REQUIRED if c.name not in header]
        if missing and classic_columns(header):
            raise InputError(
                "neither UN Comtrade layout: the header has some classic columns "
                f"({', '.join(classic_columns(header).values())}) but no 'Trade Value (US$)'",
                file=str(path),
            )
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
                "'freqCode' for monthly data), or the classic layout's 'Year' or 'Period'",
                file=str(path),
            )
        hs_rev, checks = _revision(
            options, path, "s.classificationCode" if "classificationCode" in present else None,
            "classificationCode",
        )  # fmt: skip
        notes: list[Note] = []
        mass = "NULL"
        if "netWgt" in present:
            mass = (
                "CASE WHEN s.netWgt > 0 OR (s.netWgt = 0 AND s.primaryValue = 0) "
                "THEN s.netWgt / 1000 END"
            )
            notes.append(Note("s.netWgt = 0 AND s.primaryValue > 0", _ZERO_WEIGHT))
        if "qty" in present and "qtyUnitAbbr" in present:
            qty = (
                "CASE WHEN lower(s.qtyUnitAbbr) = 'kg' THEN s.qty / 1000 "
                "WHEN s.qtyUnitAbbr IS NULL OR s.qtyUnitAbbr IN ('N/A', '') THEN NULL "
                "WHEN s.qty = 0 AND s.primaryValue > 0 THEN NULL ELSE s.qty END"
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
        code, zero_note = hs_code_field("upper(trim(s.cmdCode))", "cmdCode", "s.cmdCode")
        notes.append(zero_note)
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
            "hs_code": code,
            "value_usd": Field("s.primaryValue", "primaryValue", "s.primaryValue::VARCHAR"),
            "quantity": Field(quantity, "netWgt" if "netWgt" in present else "qty"),
            "quantity_unit": Field(unit),
            "source_ref": constant(None),
        }
        for name, total in (("partner2Code", "'0'"), ("motCode", "'0'"), ("customsCode", "'C00'")):
            if name in present:
                checks.append(_breakdown(f"s.{name}", name, total))
        return ReadPlan(
            tuple(columns),
            fields,
            "un",
            options.source or "comtrade",
            tuple(checks),
            notes=tuple(notes),
        )


def _revision(
    options: LoadOptions, path: Path, column_sql: str | None, column: str
) -> tuple[Field, list[Check]]:
    """The HS revision field: ``--hs-rev``, else the file's classification column."""
    fixed = options.revision(path)
    checks: list[Check] = []
    if column_sql is not None:
        checks.extend(classification_checks(column_sql, column, column_sql))
    if fixed is not None:
        return constant(fixed), checks
    if column_sql is None:
        raise InputError(
            f"cannot tell the HS revision: the file has no '{column}' column; "
            f"pass {option('hs_rev')} (for example {option('hs_rev')} HS2022)",
            file=str(path),
        )
    as_reported = Check(
        f"upper(trim({column_sql})) = 'HS'",
        column,
        column_sql,
        f"HS 'as reported' does not say which revision: pass {option('hs_rev')} (HS1992 … HS2022)",
    )
    checks.append(as_reported)
    field = Field(case_map(f"upper(trim({column_sql}))", HS_REVISIONS), column, column_sql)
    return field, checks


def _breakdown(expr: str, name: str, total: str) -> Check:
    return Check(
        f"{expr} IS NOT NULL AND trim({expr}::VARCHAR) NOT IN ('', {total})",
        name,
        f"{expr}::VARCHAR",
        f"a breakdown row ({name} is not {total.strip(chr(39))}): load totals only "
        "(second partner 0, customs procedure C00, mode of transport 0)",
    )


def _classic_plan(header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan:
    cols = classic_columns(header)

    def ref(role: str) -> str:
        return f"s.{quote_ident(cols[role])}"

    needed = {
        "period": ("year", "period"),
        "reporter": ("reporter_code", "reporter_iso"),
        "partner": ("partner_code", "partner_iso"),
        "flow": ("flow_code", "flow"),
        "commodity": ("commodity",),
        "value": ("value",),
    }
    missing = [
        " or ".join(repr(CLASSIC_NAMES[r][0]) for r in roles)
        for roles in needed.values()
        if not any(r in cols for r in roles)
    ]
    if missing:
        raise InputError(
            f"a classic UN Comtrade file needs {', '.join(missing)}; "
            f"the header has {', '.join(map(repr, header))}",
            file=str(path),
        )
    columns = [Column(cols[role], _CLASSIC_TYPES.get(role, "VARCHAR")) for role in sorted(cols)]
    if "period" in cols:
        period_text = f"trim({ref('period')})"
        period_col = cols["period"]
    else:
        period_text = f"trim({ref('year')})"
        period_col = cols["year"]
    hs_rev, checks = _revision(
        options, path, ref("classification") if "classification" in cols else None,
        cols.get("classification", "Classification"),
    )  # fmt: skip
    # countries: numeric codes when the file has them, else ISO alpha-3
    numeric = "reporter_code" in cols and "partner_code" in cols
    if numeric:
        reporter = Field(
            f"TRY_CAST(trim({ref('reporter_code')}) AS BIGINT)",
            cols["reporter_code"],
            ref("reporter_code"),
            integer=True,
        )
        partner = Field(
            f"TRY_CAST(trim({ref('partner_code')}) AS BIGINT)",
            cols["partner_code"],
            ref("partner_code"),
            integer=True,
        )
    else:
        if not ("reporter_iso" in cols and "partner_iso" in cols):
            raise InputError(
                "a classic UN Comtrade file needs both countries as codes ('Reporter Code' and "
                "'Partner Code') or both as ISO ('Reporter ISO' and 'Partner ISO')",
                file=str(path),
            )
        reporter = Field(
            f"upper(trim({ref('reporter_iso')}))", cols["reporter_iso"], ref("reporter_iso")
        )
        partner = Field(
            f"upper(trim({ref('partner_iso')}))", cols["partner_iso"], ref("partner_iso")
        )
    if "flow_code" in cols:
        flow = Field(
            case_map(f"upper(trim({ref('flow_code')}))", CLASSIC_FLOWS),
            cols["flow_code"],
            ref("flow_code"),
        )
    else:
        flow = Field(
            case_map(f"upper(trim({ref('flow')}))", CLASSIC_FLOWS), cols["flow"], ref("flow")
        )
    raw_code = f"upper(trim({ref('commodity')}))"
    notes: list[Note] = []
    if "level" in cols:
        level = f"TRY_CAST(trim({ref('level')}) AS INTEGER)"
        lost = (
            f"(regexp_full_match({raw_code}, '[0-9]+') AND {level} IN (2, 4, 6) "
            f"AND length({raw_code}) < {level})"
        )
        code = Field(
            f"CASE WHEN {lost} THEN lpad({raw_code}, {level}, '0') ELSE {raw_code} END",
            cols["commodity"],
            ref("commodity"),
        )
        notes.append(
            Note(
                lost,
                "{n} commodity code(s) shorter than their Aggregate Level (leading zeros lost) "
                "were read with the zeros restored",
            )
        )
    else:
        code, zero_note = hs_code_field(raw_code, cols["commodity"], ref("commodity"))
        notes.append(zero_note)
    value = ref("value")
    mass = "NULL"
    if "weight" in cols:
        w = ref("weight")
        mass = f"CASE WHEN {w} > 0 OR ({w} = 0 AND {value} = 0) THEN {w} / 1000 END"
        notes.append(Note(f"{w} = 0 AND {value} > 0", _ZERO_WEIGHT))
    if "qty" in cols and "qty_unit" in cols:
        q, u = ref("qty"), f"trim({ref('qty_unit')})"
        qty = (
            f"CASE WHEN {u} = '8' THEN {q} / 1000 WHEN {u} IN ('1', '-1', '') OR {u} IS NULL "
            f"THEN NULL WHEN {q} = 0 AND {value} > 0 THEN NULL ELSE {q} END"
        )
        qty_unit = f"CASE WHEN {u} = '8' THEN 't' ELSE {case_map(u, QTY_UNITS)} END"
    else:
        qty, qty_unit = "NULL", "NULL"
    fields = {
        **period_fields(period_text, period_col),
        "reporter": reporter,
        "partner": partner,
        "reporter_region": constant(None),
        "flow": flow,
        "hs_rev": hs_rev,
        "hs_code": code,
        "value_usd": Field(value, cols["value"], f"{value}::VARCHAR"),
        "quantity": Field(
            f"coalesce({mass}, {qty})",
            cols.get("weight") or cols.get("qty"),
        ),
        "quantity_unit": Field(
            f"CASE WHEN ({mass}) IS NOT NULL THEN 't' WHEN ({qty}) IS NOT NULL THEN {qty_unit} END"
        ),
        "source_ref": constant(None),
    }
    for role, total in (("partner2", "'0'"), ("transport", "'0'"), ("customs", "'C00'")):
        if role in cols:
            checks.append(_breakdown(ref(role), cols[role], total))
    return ReadPlan(
        tuple(columns),
        fields,
        "un" if numeric else "iso3",
        options.source or "comtrade",
        tuple(checks),
        notes=tuple(notes),
    )
