"""How a file's columns become ledger flows: the plan a reader hands to the loader.

A reader looks at the file's header and returns a :class:`ReadPlan`: which columns to stage with
which types, and for every ledger field a SQL expression over the staged row (table alias ``s``).
The loader evaluates the plan, checks every field by the same rules for every format and names the
file's own column in each error. Expressions are built by the readers from quoted identifiers and
literals (see :func:`~corridor.ledger._staging.quote_ident`), never from raw user text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from corridor.ledger._staging import Column, quote_literal

#: How a file writes countries: ISO 3166 alpha-3 (``iso3``), UN Comtrade's numeric codes
#: (``un``), or the numeric table of one CEPII BACI release (``baci:V202301``).
CountryScheme = str

#: ``reported``: a country's own statistics; ``reconciled``: an estimate built from both sides'
#: reports (CEPII BACI). A reporter's figure prefers its own statistics where both are complete.
Basis = Literal["reported", "reconciled"]

#: HS revisions by the names trade databases use for them.
HS_REVISIONS: dict[str, str] = {
    "HS1992": "HS1992",
    "HS1996": "HS1996",
    "HS2002": "HS2002",
    "HS2007": "HS2007",
    "HS2012": "HS2012",
    "HS2017": "HS2017",
    "HS2022": "HS2022",
    # UN Comtrade / WITS nomenclature codes
    "H0": "HS1992",
    "H1": "HS1996",
    "H2": "HS2002",
    "H3": "HS2007",
    "H4": "HS2012",
    "H5": "HS2017",
    "H6": "HS2022",
    # CEPII BACI file names
    "HS92": "HS1992",
    "HS96": "HS1996",
    "HS02": "HS2002",
    "HS07": "HS2007",
    "HS12": "HS2012",
    "HS17": "HS2017",
    "HS22": "HS2022",
    # totals over all products belong to no revision
    "N/A": "n/a",
}

#: Every ledger field a plan must say how to compute.
LEDGER_FIELDS = (
    "period_start",
    "period_end",
    "reporter",
    "partner",
    "reporter_region",
    "flow",
    "hs_rev",
    "hs_code",
    "value_usd",
    "quantity",
    "quantity_unit",
    "source_ref",
)


def hs_revision(name: str) -> str | None:
    """The canonical HS revision name (``HS2017``) for any of its spellings, else None."""
    return HS_REVISIONS.get(name.strip().upper())


@dataclass(frozen=True)
class Field:
    """One ledger field: its SQL expression, the file column named in errors, its raw text."""

    expr: str
    column: str | None = None
    raw: str | None = None
    #: the expression is an integer column (numeric country codes are then looked up directly)
    integer: bool = False
    #: the same value (``value``) for every row of the file (:func:`constant`)
    fixed: bool = False
    value: str | None = None


@dataclass(frozen=True)
class Check:
    """A rule particular to one format; ``condition`` is true for a row that breaks it."""

    condition: str
    column: str | None
    raw: str | None
    reason: str


@dataclass(frozen=True)
class Note:
    """Something a load did to some rows that the user should hear about, with their count."""

    condition: str
    text: str  # "{n} HS codes had lost their leading zero; it was restored"


@dataclass(frozen=True)
class ReadPlan:
    """What to stage and how every ledger field is computed from a staged row ``s``."""

    columns: tuple[Column, ...]
    fields: dict[str, Field]
    countries: CountryScheme
    source: str
    checks: tuple[Check, ...] = field(default_factory=tuple)
    basis: Basis = "reported"
    #: A BACI release's own country table found beside the file (read instead of the shipped one).
    country_table: Path | None = None
    #: Conditions over a staged row ``s`` whose count the load reports (restored zeros …).
    notes: tuple[Note, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        missing = [f for f in LEDGER_FIELDS if f not in self.fields]
        if missing:
            raise ValueError(f"plan lacks fields {missing}")


def constant(value: str | None) -> Field:
    """A field fixed for the whole file (already validated by the caller)."""
    return Field("NULL" if value is None else quote_literal(value), fixed=True, value=value)


def unit_of_quantity(quantity: str, unit: str) -> Field:
    """quantity_unit when one unit holds for the whole file: ``unit`` on every row with a
    quantity (``quantity``: the quantity field's expression), none on a row without one."""
    return Field(f"CASE WHEN {quantity} IS NOT NULL THEN {quote_literal(unit)} END", value=unit)


#: Values in US dollars: the currency of every format but a mapped CSV that says otherwise.
USD = constant("USD")


#: SQL: a period text (YYYY, YYYYMM, YYYY-MM) to its first and last day; NULL if not understood.
PERIOD_START_SQL = """CASE
    WHEN regexp_full_match({p}, '[0-9]{{4}}') THEN try_strptime({p}, '%Y')::DATE
    WHEN regexp_full_match({p}, '[0-9]{{4}}-?[0-9]{{2}}')
        THEN try_strptime(replace({p}, '-', ''), '%Y%m')::DATE
END"""
PERIOD_END_SQL = """CASE
    WHEN regexp_full_match({p}, '[0-9]{{4}}')
        THEN (try_strptime({p}, '%Y') + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE
    WHEN regexp_full_match({p}, '[0-9]{{4}}-?[0-9]{{2}}')
        THEN last_day(try_strptime(replace({p}, '-', ''), '%Y%m'))::DATE
END"""


def period_fields(text_sql: str, column: str) -> dict[str, Field]:
    """period_start and period_end from a period text expression."""
    return {
        "period_start": Field(PERIOD_START_SQL.format(p=text_sql), column, text_sql),
        "period_end": Field(PERIOD_END_SQL.format(p=text_sql), column, text_sql),
    }


def year_fields(year_sql: str, column: str) -> dict[str, Field]:
    """period_start and period_end from an integer year column."""
    ok = f"{year_sql} BETWEEN 1000 AND 9999"
    return {
        "period_start": Field(
            f"CASE WHEN {ok} THEN make_date({year_sql}::INTEGER, 1, 1) END",
            column,
            f"{year_sql}::VARCHAR",
        ),
        "period_end": Field(
            f"CASE WHEN {ok} THEN make_date({year_sql}::INTEGER, 12, 31) END",
            column,
            f"{year_sql}::VARCHAR",
        ),
    }


def case_map(expr: str, mapping: dict[str, str]) -> str:
    """SQL mapping the values of ``expr`` through a fixed table; NULL for any other value."""
    whens = " ".join(f"WHEN {quote_literal(k)} THEN {quote_literal(v)}" for k, v in mapping.items())
    return f"CASE {expr} {whens} END"


#: SQL: an HS code that lost its leading zero (an odd number of digits: 1 for 01, 101 for 0101,
#: 10121 for 010121); HS codes always have 2, 4 or 6 digits, so the zero can only have been lost.
_LOST_ZERO = "(regexp_full_match({c}, '[0-9]{{1,5}}') AND length({c}) % 2 = 1)"


def hs_code_field(text_sql: str, column: str, raw: str) -> tuple[Field, Note]:
    """The HS code field of a reader (leading zero restored where it was lost) and its note."""
    lost = _LOST_ZERO.format(c=text_sql)
    return (
        Field(f"CASE WHEN {lost} THEN '0' || {text_sql} ELSE {text_sql} END", column, raw),
        Note(
            lost,
            "{n} HS code(s) written without their leading zero (1 for 01, 10121 for 010121) "
            "were read with it restored",
        ),
    )


#: UN classification codes that are not HS, by family, as trade databases write them.
NOT_HS: dict[str, tuple[str, ...]] = {
    "SITC": ("S1", "S2", "S3", "S4", "SITC", "ST"),
    "BEC": ("BE", "BEC", "B4", "B5"),
    "EBOPS (services)": ("EB", "EB02", "EB10"),
}


def classification_checks(expr: str, column: str, raw: str) -> tuple[Check, ...]:
    """Rows whose classification is SITC, BEC or services are refused, saying which."""
    return tuple(
        Check(
            f"upper(trim({expr})) IN ({', '.join(quote_literal(c) for c in codes)})",
            column,
            raw,
            f"{family} is not HS: the ledger holds HS codes; download the data in HS (H0 … H6)",
        )
        for family, codes in NOT_HS.items()
    )
