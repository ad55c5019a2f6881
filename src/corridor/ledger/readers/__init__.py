"""Readers for the trade-data formats the ledger loads."""

from __future__ import annotations

from pathlib import Path

from corridor.errors import InputError, option
from corridor.ledger._staging import read_header
from corridor.ledger.readers._base import FORMATS, Format, LoadOptions, Reader
from corridor.ledger.readers.baci import COLUMNS as BACI_COLUMNS
from corridor.ledger.readers.baci import BaciReader
from corridor.ledger.readers.comtrade import ComtradeReader, is_classic
from corridor.ledger.readers.mapped import MappedCsvReader, Mapping, read_mapping
from corridor.ledger.readers.parquet import ParquetReader
from corridor.ledger.readers.wits import WitsReader


def reader_for(fmt: Format) -> Reader:
    """A fresh reader for a format name."""
    readers: dict[str, type[Reader]] = {
        "baci": BaciReader,
        "comtrade": ComtradeReader,
        "wits": WitsReader,
        "csv": MappedCsvReader,
        "parquet": ParquetReader,
    }
    return readers[fmt]()


def detect_format(path: Path, *, encoding: str = "utf-8", mapping: bool = False) -> Format:
    """The format of a file, from its name and header (a mapping file means ``csv``).

    BACI: exactly ``t, i, j, k, v, q``; UN Comtrade: ``primaryValue`` (Comtrade+) or ``Trade
    Value (US$)`` (classic); WITS: ``ReporterISO3`` with a WITS value column or a Stata ``.dta``
    file; Parquet by its suffix. Anything else is an InputError asking for ``--format``.
    """
    if mapping:
        return "csv"
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix == ".dta":
        return "wits"
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    for delimiter in (",", ";", "\t"):
        header = read_header(path, delimiter, encoding)
        if len(header) > 1:
            break
    names = set(header)
    if {c.name for c in BACI_COLUMNS} <= names and len(names) <= 8:
        return "baci"
    if "primaryValue" in names or is_classic(header):
        return "comtrade"
    if "ReporterISO3" in names:
        return "wits"
    raise InputError(
        "cannot tell the file's format from its header "
        f"({', '.join(map(repr, header[:8]))}{' …' if len(header) > 8 else ''}): "
        f"pass {option('format')} "
        f"({', '.join(FORMATS)}), or {option('mapping')} for any other delimited file",
        file=str(path),
    )


__all__ = [
    "FORMATS",
    "Format",
    "LoadOptions",
    "Mapping",
    "Reader",
    "detect_format",
    "read_mapping",
    "reader_for",
]
