"""The public names are fixed: a change to them is a deliberate change to this test."""

from __future__ import annotations

import corridor
import corridor.claims
import corridor.ledger
import corridor.report
import corridor.trade


def test_top_level_names() -> None:
    assert corridor.__all__ == sorted(corridor.__all__)
    assert corridor.__all__ == [
        "CorridorError",
        "DataGapError",
        "InputError",
        "ScenarioError",
        "__version__",
    ]


def test_ledger_names() -> None:
    assert corridor.ledger.__all__ == sorted(corridor.ledger.__all__)
    assert corridor.ledger.__all__ == [
        "Alternative",
        "BARRIER_COLUMNS",
        "BY_DIGITS",
        "BarrierStore",
        "By",
        "CLAIM_COLUMNS",
        "COUNTRY_GROUPS",
        "CodeTables",
        "CodesValue",
        "DocumentStore",
        "ExchangeRates",
        "FORMATS",
        "Figure",
        "FlowReads",
        "Format",
        "HS_REVISIONS",
        "Ledger",
        "LedgerStatus",
        "LoadInfo",
        "LoadResult",
        "Lookup",
        "MEMORY",
        "MISSING_SHARE_PCT",
        "NewDocument",
        "PEER_FLOOR_PCT",
        "PEER_TOLERANCE_PCT",
        "PeriodGap",
        "ProductValue",
        "PublishedTotal",
        "QueryResult",
        "Rate",
        "RatesAdded",
        "STATUSES",
        "SeriesCoverage",
        "SimResultStore",
        "StoredDocument",
        "TOTAL_TOLERANCE_PCT",
        "Turnover",
        "WorldMatrix",
        "hs_revision",
        "read_mapping",
    ]


def test_report_names() -> None:
    assert corridor.report.__all__ == ["ReportData", "render_report", "report_data", "write_report"]


def test_trade_names() -> None:
    assert corridor.trade.__all__ == sorted(corridor.trade.__all__)
    assert corridor.trade.__all__ == [
        "Barrier",
        "BarrierView",
        "By",
        "Opportunity",
        "OpportunityReport",
        "Period",
        "ProductSpace",
        "ProductValue",
        "Summary",
        "add_barriers",
        "barrier_views",
        "export_opportunities",
        "parse_period",
        "product_space",
        "trade_summary",
    ]


def test_claims_names() -> None:
    assert corridor.claims.__all__ == sorted(corridor.claims.__all__)
    assert corridor.claims.__all__ == [
        "Claim",
        "Document",
        "Extractor",
        "Vocabulary",
        "load_vocabulary",
        "read_document",
    ]


def test_api_names() -> None:
    import corridor.api

    assert corridor.api.__all__ == ["create_app"]
