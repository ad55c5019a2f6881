"""CEPII BACI: ``t,i,j,k,v,q`` (year, exporter, importer, HS6, thousand USD, tonnes).

Reference: Gaulier, G. and Zignago, S. (2010), *BACI: International Trade Database at the
Product-Level. The 1994–2007 Version*, CEPII Working Paper 2010-23.

- ``i`` and ``j`` are BACI's numeric country codes (UN M49 with a few of BACI's own, e.g.
  251 France, 699 India, 842 USA), read with the code table of the file's own release: from
  V202301 BACI writes Italy 380 (381 before). The release comes from the file name
  (``…_V202401.csv``); the table is CEPII's ``country_codes_V202401.csv`` beside the file (as the
  BACI download ships it) or ``--country-codes``, else the shipped table of the nearest earlier
  release (V202201, V202301). A file whose name gives no release is read with UN Comtrade's
  codes, which hold both of BACI's codings.
- ``v`` is in thousands of US dollars; ``q`` in metric tonnes, ``NA`` where unknown (read as
  NULL, never 0).
- ``k`` is a six-digit HS code (or ``9999AA``, BACI's "commodities not specified according to
  kind"). Files written from an integer column lose the leading zero (``10121`` for ``010121``):
  BACI codes always have six characters, so a five-digit ``k`` is read with the zero restored and
  any other length is an error.
- The HS revision comes from the file name (``BACI_HS17_Y2021_V202401.csv``) or ``--hs-rev``.
- Each row is stored as an export of ``i`` to ``j`` (BACI reconciles both sides' reports).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from corridor.errors import InputError, option
from corridor.ledger._plan import (
    Check,
    Field,
    ReadPlan,
    constant,
    hs_revision,
    unit_of_quantity,
    year_fields,
)
from corridor.ledger._staging import Column
from corridor.ledger.readers._base import CsvReader, Format, LoadOptions

_NAME_REVISION = re.compile(r"BACI_(HS\d{2})_", re.IGNORECASE)
_NAME_RELEASE = re.compile(r"_(V\d{6}[a-z]?)(?:[._]|$)", re.IGNORECASE)

COLUMNS = (
    Column("t", "BIGINT"),
    Column("i", "BIGINT"),
    Column("j", "BIGINT"),
    Column("k", "VARCHAR"),
    Column("v", "DOUBLE"),
    Column("q", "VARCHAR"),  # text: real files pad it ("           NA")
)

_Q = "trim(s.q)"

_K = "trim(s.k)"


def release_from_name(path: Path) -> str | None:
    """The BACI release in a file name, e.g. V202401 for ``BACI_HS17_Y2021_V202401.csv``."""
    match = _NAME_RELEASE.search(path.stem + path.suffix)
    return match.group(1)[0].upper() + match.group(1)[1:] if match else None


def revision_from_name(path: Path) -> str | None:
    """The HS revision in a BACI file name, e.g. HS2017 for ``BACI_HS17_Y2021_V202401.csv``."""
    match = _NAME_REVISION.search(path.name)
    return hs_revision(match.group(1)) if match else None


class BaciReader(CsvReader):
    name: Format = "baci"

    def plan(self, header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan:
        rev = options.revision(path) or revision_from_name(path)
        if rev is None:
            raise InputError(
                "cannot tell the HS revision: name the file as BACI does "
                f"(BACI_HS17_Y2021_V202401.csv) or pass {option('hs_rev')} HS2017",
                file=str(path),
            )
        # five characters: a code that lost its leading zero (digits are checked for every code)
        hs_code = f"CASE WHEN length({_K}) = 5 THEN '0' || {_K} ELSE {_K} END"
        quantity = f"TRY_CAST({_Q} AS DOUBLE)"
        fields = {
            **year_fields("s.t", "t"),
            "reporter": Field("s.i", "i", "s.i::VARCHAR", integer=True),
            "partner": Field("s.j", "j", "s.j::VARCHAR", integer=True),
            "reporter_region": constant(None),
            "flow": constant("export"),
            "hs_rev": constant(rev),
            "hs_code": Field(hs_code, "k", "s.k"),
            "value_usd": Field("s.v * 1000", "v", "s.v::VARCHAR"),
            "quantity": Field(quantity, "q", "s.q"),
            "quantity_unit": unit_of_quantity(quantity, "t"),
            "source_ref": constant(None),
        }
        checks = (
            Check(
                f"length({hs_code}) <> 6",
                "k",
                "s.k",
                "BACI product codes have six digits",
            ),
            Check(
                f"{_Q} NOT IN ('NA', '') AND {quantity} IS NULL",
                "q",
                "s.q",
                "quantity is not a number (NA marks an unknown quantity)",
            ),
        )
        release = release_from_name(path)
        table = options.country_codes
        if table is None and release is not None:
            beside = path.with_name(f"country_codes_{release}.csv")
            table = beside if beside.is_file() else None
        if table is not None and not table.is_file():
            raise InputError("no such country code table", file=str(table))
        return ReadPlan(
            COLUMNS,
            fields,
            f"baci:{release}" if release else "un",
            options.source or "baci",
            checks,
            basis="reconciled",
            country_table=table,
        )
