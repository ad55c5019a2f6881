"""Readers for the trade-data formats the ledger loads."""

from __future__ import annotations

from corridor.ledger.readers._base import FORMATS, Format, LoadOptions, Reader
from corridor.ledger.readers.baci import BaciReader
from corridor.ledger.readers.comtrade import ComtradeReader
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


__all__ = [
    "FORMATS",
    "Format",
    "LoadOptions",
    "Mapping",
    "Reader",
    "read_mapping",
    "reader_for",
]
