"""The trade ledger: storage, loads with provenance, code tables and coverage."""

from __future__ import annotations

from corridor.ledger._ledger import Ledger, QueryResult
from corridor.ledger._load import LoadResult
from corridor.ledger._status import LedgerStatus, LoadInfo, PeriodGap, SeriesCoverage
from corridor.ledger.readers import FORMATS, Format, read_mapping

__all__ = [
    "FORMATS",
    "Format",
    "Ledger",
    "LedgerStatus",
    "LoadInfo",
    "LoadResult",
    "PeriodGap",
    "QueryResult",
    "SeriesCoverage",
    "read_mapping",
]
