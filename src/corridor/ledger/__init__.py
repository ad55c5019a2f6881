"""The trade ledger: storage, loads with provenance, code tables, coverage and source choice.

It is the only package that speaks SQL. The rest of the product reads through :class:`Ledger`:
``ledger.flows`` (every figure, with the load it comes from and how far it can be trusted),
``ledger.codes``, ``ledger.fx`` and the registries ``ledger.barriers``, ``ledger.documents`` and
``ledger.sim_results``.
"""

from __future__ import annotations

from corridor.ledger._candidates import (
    MISSING_SHARE_PCT,
    PEER_FLOOR_PCT,
    PEER_TOLERANCE_PCT,
    STATUSES,
    TOTAL_TOLERANCE_PCT,
)
from corridor.ledger._codes import COUNTRY_GROUPS, CodeTables
from corridor.ledger._defaults import Manifest, read_manifest
from corridor.ledger._fx import ExchangeRates, Rate, RatesAdded
from corridor.ledger._ledger import MEMORY, Ledger, QueryResult
from corridor.ledger._load import LoadResult
from corridor.ledger._plan import HS_REVISIONS, hs_revision
from corridor.ledger._reads import (
    BY_DIGITS,
    WORLD_MATRIX_EXPORTERS,
    By,
    CodesValue,
    FlowReads,
    ProductValue,
    PublishedTotal,
    WorldMatrix,
    WorldTotals,
)
from corridor.ledger._status import LedgerStatus, LoadInfo, PeriodGap, SeriesCoverage
from corridor.ledger._stores import (
    BARRIER_COLUMNS,
    CLAIM_COLUMNS,
    BarrierStore,
    DocumentStore,
    NewDocument,
    SimResultStore,
    StoredDocument,
)
from corridor.ledger._values import Alternative, FlowValue, Lookup, Turnover
from corridor.ledger.readers import FORMATS, Format, read_mapping

__all__ = [
    "BARRIER_COLUMNS",
    "BY_DIGITS",
    "CLAIM_COLUMNS",
    "COUNTRY_GROUPS",
    "FORMATS",
    "HS_REVISIONS",
    "MEMORY",
    "MISSING_SHARE_PCT",
    "PEER_FLOOR_PCT",
    "PEER_TOLERANCE_PCT",
    "STATUSES",
    "TOTAL_TOLERANCE_PCT",
    "WORLD_MATRIX_EXPORTERS",
    "Alternative",
    "BarrierStore",
    "By",
    "CodeTables",
    "CodesValue",
    "DocumentStore",
    "ExchangeRates",
    "FlowReads",
    "FlowValue",
    "Format",
    "Ledger",
    "LedgerStatus",
    "LoadInfo",
    "LoadResult",
    "Lookup",
    "Manifest",
    "NewDocument",
    "PeriodGap",
    "ProductValue",
    "PublishedTotal",
    "QueryResult",
    "Rate",
    "RatesAdded",
    "SeriesCoverage",
    "SimResultStore",
    "StoredDocument",
    "Turnover",
    "WorldMatrix",
    "WorldTotals",
    "hs_revision",
    "read_manifest",
    "read_mapping",
]
