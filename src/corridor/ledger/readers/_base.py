"""What every reader offers the loader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import duckdb

from corridor.errors import InputError
from corridor.ledger._plan import Basis, ReadPlan, hs_revision
from corridor.ledger._staging import Staged, csv_source, encoding_name, read_header, stage_csv

Format = Literal["baci", "comtrade", "wits", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("baci", "comtrade", "wits", "csv", "parquet")


@dataclass(frozen=True)
class LoadOptions:
    """The immutable record of what a load requests.

    Parameters
    ----------
    source:
        Label stored with every flow (default: the format's own, e.g. ``baci``).
    hs_rev:
        HS revision when the file does not say (``HS2017``, ``H5`` or ``HS17``).
    mapping:
        Column mapping file (YAML), required by the ``csv`` format.
    quarantine:
        Load the good rows and keep every rejected row, with its reason, in ``rejects``.
    origin:
        Who asked for the load: ``None`` for a user, ``default-data`` for the embedded dataset
        (whose loads are replaced when a new release changes a file).
    encoding:
        Text encoding of a delimited file: ``utf-8`` (default), ``latin-1`` or ``utf-16``.
    basis:
        ``reconciled`` for a Parquet file in the ledger's layout that holds BACI-like estimates
        rather than a country's own statistics (the readers of other formats know their basis).
    country_codes:
        A country code table for a BACI file (``country_codes_V202401.csv`` as CEPII ships it),
        when it is not beside the file.
    """

    source: str | None = None
    hs_rev: str | None = None
    mapping: Path | None = None
    quarantine: bool = False
    origin: str | None = None
    encoding: str | None = None
    basis: Basis | None = None
    country_codes: Path | None = None

    @property
    def text_encoding(self) -> str:
        """The canonical encoding name (an unknown one is an InputError)."""
        return encoding_name(self.encoding)

    def revision(self, path: Path) -> str | None:
        """The HS revision named by ``hs_rev``; an unknown name is an input error."""
        if self.hs_rev is None:
            return None
        rev = hs_revision(self.hs_rev)
        if rev is None:
            raise InputError(
                f"unknown HS revision {self.hs_rev!r}: "
                "use HS1992 … HS2022 (or H0 … H6, HS92 … HS22)",
                file=str(path),
            )
        return rev


class Reader(Protocol):
    """Turns one file format into a plan over a staged table."""

    name: Format

    def header(self, path: Path, options: LoadOptions) -> list[str]: ...

    def plan(self, header: Sequence[str], path: Path, options: LoadOptions) -> ReadPlan: ...

    def stage(
        self, con: duckdb.DuckDBPyConnection, path: Path, plan: ReadPlan, options: LoadOptions
    ) -> Staged: ...

    def stream_source(self, path: Path, plan: ReadPlan, options: LoadOptions) -> str | None:
        """SQL reading the file's rows as ``s`` in one pass, or None when it must be staged."""
        ...


class CsvReader:
    """Shared behaviour of the delimited-text formats."""

    name: Format

    #: texts every column reads as unknown (NULL)
    nulls: tuple[str, ...] = ("",)

    def delimiter(self, path: Path, options: LoadOptions) -> str:
        return ","

    def header(self, path: Path, options: LoadOptions) -> list[str]:
        return read_header(path, self.delimiter(path, options), options.text_encoding)

    def stage(
        self, con: duckdb.DuckDBPyConnection, path: Path, plan: ReadPlan, options: LoadOptions
    ) -> Staged:
        return stage_csv(
            con,
            path,
            plan.columns,
            delimiter=self.delimiter(path, options),
            encoding=options.text_encoding,
            nulls=self.nulls,
        )

    def stream_source(self, path: Path, plan: ReadPlan, options: LoadOptions) -> str | None:
        return csv_source(
            path,
            plan.columns,
            delimiter=self.delimiter(path, options),
            encoding=options.text_encoding,
            nulls=self.nulls,
        )
