"""Any delimited text file, described by a column mapping file (YAML).

Example mapping (every ledger field comes either from a column or from a constant)::

    source: kazstat-2024           # label stored with every flow
    delimiter: ","
    country_codes: iso3            # or un (UN Comtrade's numeric codes; m49 is accepted too)
    value_scale: 1000              # file values × value_scale = US dollars
    columns:
      period: Year                 # YYYY, YYYYMM or YYYY-MM; or period_start + period_end
      partner: Partner
      hs_code: HS
      value: Value
      quantity: Tonnes             # optional
    constants:
      reporter: KAZ
      flow: export
      hs_rev: HS2017
      quantity_unit: t
    flows: {Exports: export, Imports: import}   # file values → flow kinds, when they differ
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PydanticField

from corridor.errors import InputError, option
from corridor.ledger._plan import (
    HS_REVISIONS,
    Field,
    ReadPlan,
    case_map,
    constant,
    hs_code_field,
    hs_revision,
    period_fields,
)
from corridor.ledger._schema import FLOW_KINDS
from corridor.ledger._staging import Column, quote_ident
from corridor.ledger.readers._base import CsvReader, Format, LoadOptions
from corridor.yaml_files import read_model

Role = Literal[
    "period",
    "period_start",
    "period_end",
    "reporter",
    "partner",
    "reporter_region",
    "flow",
    "hs_rev",
    "hs_code",
    "value",
    "quantity",
    "quantity_unit",
    "source_ref",
    "currency",
]
_NEEDED = ("reporter", "partner", "flow", "hs_rev", "hs_code", "value")
_CONSTANT_PATTERNS: dict[str, str] = {
    "period": r"\d{4}(-?\d{2})?",
    "reporter": r"[A-Z0-9]{1,3}",
    "partner": r"[A-Z0-9]{1,3}",
    "reporter_region": r"[A-Z]{2}-[A-Z0-9]{1,3}",
    "hs_code": r"\d{2}|\d{4}|\d{6}|TOTAL",
    "quantity_unit": r"[A-Za-z0-9 ./²³-]{1,20}",
    "source_ref": r"[^\x00-\x1f']{1,500}",
    "currency": r"[A-Z]{3}",
}


class Mapping(BaseModel):
    """A validated column mapping."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = PydanticField(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.:/ -]+$")
    delimiter: str = PydanticField(default=",", min_length=1, max_length=1)
    country_codes: Literal["iso3", "un", "m49"] = "iso3"
    value_scale: float = PydanticField(default=1.0, gt=0)
    quantity_scale: float = PydanticField(default=1.0, gt=0)
    columns: dict[Role, str] = PydanticField(default_factory=dict)
    constants: dict[Role, str] = PydanticField(default_factory=dict)
    flows: dict[str, Literal["export", "import", "re-export", "re-import", "turnover"]] = (
        PydanticField(default_factory=dict)
    )

    @model_validator(mode="after")
    def _each_field_once(self) -> Mapping:
        both = set(self.columns) & set(self.constants)
        if both:
            raise ValueError(f"fields given both as column and constant: {sorted(both)}")
        given = set(self.columns) | set(self.constants)
        missing = [f for f in _NEEDED if f not in given]
        if "period" not in given and not {"period_start", "period_end"} <= given:
            missing.append("period (or period_start and period_end)")
        if missing:
            raise ValueError(f"no column or constant for: {', '.join(missing)}")
        for role, value in self.constants.items():
            if role in ("period_start", "period_end", "value", "quantity"):
                raise ValueError(f"{role} cannot be a constant")
            if role == "flow" and value not in FLOW_KINDS:
                raise ValueError(f"constant flow {value!r} is not one of {FLOW_KINDS}")
            if role == "hs_rev" and hs_revision(value) is None:
                raise ValueError(f"constant hs_rev {value!r} is not a known HS revision")
            pattern = _CONSTANT_PATTERNS.get(role)
            if pattern and not re.fullmatch(pattern, value):
                raise ValueError(f"constant {role} {value!r} is not well formed")
        return self


def read_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file; problems are reported with their field paths."""
    return read_model(path, Mapping, what="mapping", error=InputError)


class MappedCsvReader(CsvReader):
    name: Format = "csv"

    def _mapping(self, path: Path, options: LoadOptions) -> Mapping:
        if options.mapping is None:
            raise InputError(
                f"the csv format needs {option('mapping')} M.yaml (see `corridor ledger load "
                "--help`)",
                file=str(path),
            )
        return read_mapping(options.mapping)

    def delimiter(self, path: Path, options: LoadOptions) -> str:
        return self._mapping(path, options).delimiter

    def plan(self, header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan:
        mapping = self._mapping(path, options)
        types = {"value": "DOUBLE", "quantity": "DOUBLE"}
        columns = tuple(
            Column(name, types.get(role, "VARCHAR")) for role, name in mapping.columns.items()
        )

        def text(role: str) -> Field:
            if role in mapping.columns:
                col = mapping.columns[role]
                ref = f"s.{quote_ident(col)}"
                return Field(f"trim({ref})", col, ref)
            return constant(mapping.constants.get(role))  # type: ignore[call-overload]

        fields: dict[str, Field] = {}
        if "period_start" in mapping.columns or "period_start" in mapping.constants:
            for role in ("period_start", "period_end"):
                f = text(role)
                fields[role] = Field(f"TRY_CAST({f.expr} AS DATE)", f.column, f.raw)
        else:
            f = text("period")
            fields.update(period_fields(f.expr, f.column or "period"))
        for role in ("reporter", "partner", "reporter_region", "quantity_unit", "source_ref"):
            fields[role] = text(role)
        f = text("hs_code")
        code, zero_note = hs_code_field(f"upper({f.expr})", f.column or "hs_code", f.raw or "NULL")
        fields["hs_code"] = code
        f = text("hs_rev")
        fields["hs_rev"] = Field(case_map(f"upper({f.expr})", HS_REVISIONS), f.column, f.raw)
        f = text("flow")
        flow_map = {k: k for k in FLOW_KINDS} | dict(mapping.flows)
        fields["flow"] = Field(case_map(f.expr, flow_map), f.column, f.raw)
        for role, scale in (("value", mapping.value_scale), ("quantity", mapping.quantity_scale)):
            target = "value_usd" if role == "value" else "quantity"
            if role in mapping.columns:
                col = mapping.columns[role]
                ref = f"s.{quote_ident(col)}"
                fields[target] = Field(f"{ref} * {scale!r}", col, f"{ref}::VARCHAR")
            else:
                fields[target] = constant(None)
        if "currency" in mapping.columns or "currency" in mapping.constants:
            f = text("currency")
            fields["currency"] = Field(f"upper({f.expr})", f.column, f.raw)
        scheme = "un" if mapping.country_codes == "m49" else mapping.country_codes
        return ReadPlan(
            columns, fields, scheme, options.source or mapping.source, notes=(zero_note,)
        )
