"""What every reader offers the loader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import duckdb

from corridor.errors import InputError
from corridor.ledger._plan import ReadPlan, hs_revision
from corridor.ledger._staging import Staged, read_header, stage_csv

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
    """

    source: str | None = None
    hs_rev: str | None = None
    mapping: Path | None = None
    quarantine: bool = False
    origin: str | None = None

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


class CsvReader:
    """Shared behaviour of the delimited-text formats."""

    name: Format

    def delimiter(self, path: Path, options: LoadOptions) -> str:
        return ","

    def header(self, path: Path, options: LoadOptions) -> list[str]:
        return read_header(path, self.delimiter(path, options))

    def stage(
        self, con: duckdb.DuckDBPyConnection, path: Path, plan: ReadPlan, options: LoadOptions
    ) -> Staged:
        return stage_csv(con, path, plan.columns, delimiter=self.delimiter(path, options))
