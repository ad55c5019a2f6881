"""The rules every row of every format must pass, and the SQL that turns a file's rows into flows.

A reader's :class:`~corridor.ledger._plan.ReadPlan` gives one SQL expression per ledger field over
a row ``s`` of the file. :func:`canonical_select` evaluates them (countries resolved through the
file's code table), and marks each row ``bad`` when any rule below or any of the reader's own
checks fails. The same SELECT feeds both ways of loading: streamed straight from the file into
``flows`` (a bad row then aborts the statement) and staged, where every problem is described with
its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from corridor.ledger._plan import USD, Field, ReadPlan, unit_of_quantity
from corridor.ledger._staging import quote_literal

#: Earliest year a flow may have (UN Comtrade's records start in 1962).
MIN_YEAR = 1962

#: The columns that identify a flow within one file.
KEY = "period_start, period_end, reporter, partner, reporter_region, flow, hs_rev, hs_code"

#: HS codes: 2, 4 or 6 digits; BACI's 9999AA (commodities not specified according to kind); TOTAL.
HS_CODE_PATTERN = "[0-9]{2}|[0-9]{4}|[0-9]{6}|9999AA"
#: SQL of the same test on ``c.hs_code`` (without TOTAL): the length, and no character that is not
#: a digit. It gives what ``regexp_full_match(c.hs_code, HS_CODE_PATTERN)`` gives (a property
#: test compares them) in less time: a ten-million-row file spends 0.3 s in the expression.
HS_CODE_SQL = (
    "((length(c.hs_code) IN (2, 4, 6) AND NOT (c.hs_code GLOB '*[!0-9]*')) OR c.hs_code = '9999AA')"
)


@dataclass(frozen=True)
class Rule:
    name: str
    condition: str  # over the canonical columns (alias c); true for a row that breaks the rule
    field: str | None  # the ledger field whose file column is named in errors
    reason: str


def rules(max_year: int) -> tuple[Rule, ...]:
    """Every rule, in the order problems are listed."""
    return (
        Rule(
            "period",
            "c.period_start IS NULL OR c.period_end IS NULL",
            "period_start",
            "period not understood (expected a year YYYY, a month YYYYMM or YYYY-MM, or dates)",
        ),
        Rule(
            "period_order",
            "c.period_start > c.period_end",
            "period_start",
            "period starts after it ends",
        ),
        Rule(
            "period_range",
            f"year(c.period_start) < {MIN_YEAR} OR year(c.period_end) > {max_year}",
            "period_start",
            f"period out of range ({MIN_YEAR}–{max_year})",
        ),
        Rule("reporter", "c.reporter IS NULL", "reporter", "unknown country code"),
        Rule("partner", "c.partner IS NULL", "partner", "unknown country code"),
        Rule(
            "region",
            "c.reporter_region IS NOT NULL AND c.region_country IS NULL",
            "reporter_region",
            "unknown region code (ISO 3166-2 expected)",
        ),
        Rule(
            "region_country",
            "c.region_country <> c.reporter",
            "reporter_region",
            "the region is not in the reporting country",
        ),
        Rule(
            "flow",
            "c.flow IS NULL",
            "flow",
            "unknown trade flow (export, import, re-export, re-import, turnover)",
        ),
        Rule("hs_rev", "c.hs_rev IS NULL", "hs_rev", "unknown HS revision"),
        Rule(
            "hs_rev_total",
            "c.hs_rev = 'n/a' AND c.hs_code <> 'TOTAL'",
            "hs_rev",
            "an HS code needs its HS revision (n/a is only for TOTAL)",
        ),
        Rule(
            "hs_code",
            f"c.hs_code IS NULL OR NOT ({HS_CODE_SQL} OR c.hs_code = 'TOTAL')",
            "hs_code",
            "HS code must have 2, 4 or 6 digits (or be TOTAL)",
        ),
        Rule(
            "currency",
            "NOT regexp_full_match(c.currency, '[A-Z]{3}')",
            "currency",
            "currency must be an ISO 4217 code such as USD, CNY, KZT",
        ),
        Rule(
            "fx_rate",
            "c.currency <> 'USD' AND c.fx_rate IS NULL AND c.period_start IS NOT NULL",
            "currency",
            "no exchange rate in fx_rates for this currency over exactly this period "
            "(add one with `corridor ledger fx add FILE`)",
        ),
        Rule("value_missing", "c.value IS NULL", "value_usd", "missing value"),
        Rule("value_negative", "c.value < 0", "value_usd", "negative value"),
        Rule(
            "value_range",
            "NOT isfinite(c.value) OR c.value >= 1e15",
            "value_usd",
            "value out of range",
        ),
        Rule(
            "quantity",
            "c.quantity < 0 OR NOT isfinite(c.quantity) OR c.quantity >= 1e14",
            "quantity",
            "negative or out-of-range quantity",
        ),
        Rule(
            "unit",
            "c.quantity IS NOT NULL AND c.quantity_unit IS NULL",
            "quantity",
            "quantity without a unit",
        ),
    )


@dataclass(frozen=True)
class Codes:
    """How a file's country codes become ISO3 in SQL."""

    scheme: str
    what: str  # "BACI's country table of release V202301", named in errors
    mapping: dict[str, str]  # code as written → ISO3

    @property
    def numeric(self) -> bool:
        return bool(self.mapping) and all(c.isdigit() and int(c) < 1000 for c in self.mapping)

    def resolve(self, field: Field, alias: str) -> tuple[str, str]:
        """(ISO3 expression, join clause) for a code field; the join may be empty.

        Numeric codes are looked up in a list literal indexed by the code (no join: the lookup
        costs next to nothing on a 10-million-row file).
        """
        if self.numeric:
            table: list[str | None] = [None] * 1000
            for code, iso3 in self.mapping.items():
                table[int(code)] = iso3
            literal = (
                "[" + ", ".join("NULL" if v is None else quote_literal(v) for v in table) + "]"
            )
            if field.integer:
                n = f"TRY_CAST({field.expr} AS INTEGER)"
            else:
                text = f"trim(({field.expr})::VARCHAR)"
                n = f"CASE WHEN regexp_full_match({text}, '[0-9]{{1,3}}') THEN {text}::INTEGER END"
            return f"CASE WHEN {n} BETWEEN 0 AND 999 THEN ({literal})[{n} + 1] END", ""
        return (
            f"{alias}.iso3",
            f"LEFT JOIN _codes {alias} ON {alias}.code = trim(({field.expr})::VARCHAR)",
        )


def canonical_select(
    plan: ReadPlan, codes: Codes, source_sql: str, checks: tuple[Rule, ...], *, lines: bool
) -> str:
    """SELECT of the canonical columns and ``bad`` for every row of ``source_sql`` (alias s)."""
    f = plan.fields
    plan_bad = " OR ".join(f"coalesce(({chk.condition}), false)" for chk in plan.checks)
    currency = f.get("currency", USD)
    if currency == USD:  # the usual case: no join needed
        fx_select, fx_join = "NULL::DOUBLE", ""
    else:
        fx_select = "fx.units_per_usd"
        fx_join = f"""LEFT JOIN fx_rates fx ON fx.currency = ({currency.expr})::VARCHAR
                AND fx.period_start = ({f["period_start"].expr})::DATE
                AND fx.period_end = ({f["period_end"].expr})::DATE"""
    reporter, reporter_join = codes.resolve(f["reporter"], "rc")
    partner, partner_join = codes.resolve(f["partner"], "pc")
    region = f["reporter_region"].expr
    if region == "NULL":
        region_country, region_join = "NULL::VARCHAR", ""
    else:
        region_country = "rg.country"
        region_join = f"LEFT JOIN regions rg ON rg.code = ({region})::VARCHAR"
    generic_bad = " OR ".join(f"coalesce(({r.condition}), false)" for r in checks)
    return f"""SELECT c.* EXCLUDE (plan_bad), ({generic_bad}) OR c.plan_bad AS bad
        FROM (
            SELECT {"s.line" if lines else "NULL::BIGINT"} AS line,
                ({f["period_start"].expr})::DATE AS period_start,
                ({f["period_end"].expr})::DATE AS period_end,
                {reporter} AS reporter,
                {partner} AS partner,
                ({region})::VARCHAR AS reporter_region,
                {region_country} AS region_country,
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
            FROM {source_sql} s
            {reporter_join}
            {partner_join}
            {region_join}
            {fx_join}
        ) c"""


#: SQL of a canonical row's (alias c) quantity as written
_QUANTITY = "round(c.quantity, 3)::DECIMAL(18, 3)"


def _value(usd: bool, guard: bool) -> str:
    """SQL of a canonical row's (alias c) value in US dollars as written; with ``guard`` a bad
    row gets NULL, which the NOT NULL constraint refuses: a streamed load stops at the first bad
    row instead of writing it."""
    value = (
        "c.value"
        if usd
        else "CASE WHEN c.currency = 'USD' THEN c.value ELSE c.value / c.fx_rate END"
    )
    value = f"round({value}, 2)::DECIMAL(18, 2)"
    return f"CASE WHEN NOT c.bad THEN {value} END" if guard else value


def flow_columns(plan: ReadPlan, *, guard: bool) -> str:
    """The SELECT list that writes canonical rows (alias c) as ``flow_rows`` rows (parameters
    ``$source`` and ``$load``); ``guard``: as for :func:`_value`."""
    usd = plan.fields.get("currency", USD) == USD
    value = _value(usd, guard)
    if usd:
        reported = "NULL::DECIMAL(20, 2), NULL::VARCHAR, NULL::DOUBLE"
    else:
        reported = (
            "CASE WHEN c.currency <> 'USD' THEN round(c.value, 2)::DECIMAL(20, 2) END, "
            "CASE WHEN c.currency <> 'USD' THEN c.currency END, c.fx_rate"
        )
    return f"""c.period_start, c.period_end, c.reporter, c.partner, c.reporter_region, c.flow,
        c.hs_rev, c.hs_code, {value}, {_QUANTITY}, c.quantity_unit,
        $source, c.source_ref, $load, {reported}"""


@dataclass(frozen=True)
class Lean:
    """What every row of a load shares, when its file fixes it: kept once in ``load_constants``
    while each row writes eight columns to ``flow_rows_lean`` (:func:`lean_of`)."""

    source: str
    reporter_region: str | None
    flow: str | None
    hs_rev: str | None
    quantity_unit: str | None  # of every row that has a quantity
    source_ref: str | None


def lean_of(plan: ReadPlan) -> Lean | None:
    """The shared fields of a file whose plan fixes its region, flow kind, HS revision and source
    reference, and gives every quantity one unit, in US dollars (a BACI file); None for a file
    whose rows differ in any of them (written to ``flow_rows`` with every column)."""
    f = plan.fields
    unit, quantity = f["quantity_unit"], f["quantity"]
    one_unit = (unit.fixed and unit.value is None) or (
        unit.value is not None and unit == unit_of_quantity(quantity.expr, unit.value)
    )
    fixed = ("reporter_region", "flow", "hs_rev", "source_ref")
    if not one_unit or not all(f[n].fixed for n in fixed) or f.get("currency", USD) != USD:
        return None
    return Lean(
        plan.source,
        f["reporter_region"].value,
        f["flow"].value,
        f["hs_rev"].value,
        unit.value,
        f["source_ref"].value,
    )


def lean_columns(*, guard: bool) -> str:
    """The SELECT list that writes canonical rows (alias c) as ``flow_rows_lean`` rows
    (parameter ``$load``); ``guard``: as for :func:`_value`."""
    return f"""c.period_start, c.period_end, c.reporter, c.partner, c.hs_code,
        {_value(True, guard)}, {_QUANTITY}, $load"""


def rows_of(lean: Lean | None) -> str:
    """SQL (a table or a subquery) of the rows of loads written as ``lean`` says, with the
    columns duplicate keys and coverage read: ``flow_rows`` for a load of every column, else
    ``flow_rows_lean`` with the shared fields as constants (no join)."""
    if lean is None:
        return "flow_rows"

    def literal(value: str | None, sql_type: str) -> str:
        return f"{'NULL' if value is None else quote_literal(value)}::{sql_type}"

    return f"""(SELECT period_start, period_end, reporter, partner,
            {literal(lean.reporter_region, "VARCHAR")} AS reporter_region,
            {literal(lean.flow, "flow_kind")} AS flow,
            {literal(lean.hs_rev, "hs_revision")} AS hs_rev, hs_code, value_usd, quantity,
            load_id, {literal(lean.source, "VARCHAR")} AS source
        FROM flow_rows_lean)"""
