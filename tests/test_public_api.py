"""The public names are fixed: a change to them is a deliberate change to this test."""

from __future__ import annotations

import corridor
import corridor.claims
import corridor.ledger
import corridor.report
import corridor.trade


def sorted_names(names: list[str]) -> list[str]:
    """The order ruff keeps ``__all__`` in: CONSTANTS, then Classes, then functions."""
    return sorted(names, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))


def test_top_level_names() -> None:
    assert corridor.__all__ == sorted_names(corridor.__all__)
    assert corridor.__all__ == [
        "CorridorError",
        "DataGapError",
        "InputError",
        "ScenarioError",
        "__version__",
        "open",
    ]


def test_ledger_names() -> None:
    assert corridor.ledger.__all__ == sorted_names(corridor.ledger.__all__)
    assert corridor.ledger.__all__ == [
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


def test_report_names() -> None:
    assert corridor.report.__all__ == [
        "MAP_LAYERS",
        "SECTIONS",
        "LeverWorth",
        "Namer",
        "ReportData",
        "Series",
        "bar_chart",
        "crossing_map",
        "hbar_chart",
        "lever_table_html",
        "lever_worth",
        "map_points",
        "model_match_html",
        "opening_period",
        "queue_chart",
        "render_page",
        "render_report",
        "report_data",
        "report_section",
        "report_tables",
        "short_description",
        "side_years",
        "turnover_chart",
        "write_report",
        "write_tables",
    ]


def test_planning_names() -> None:
    import corridor.planning

    assert corridor.planning.__all__ == [
        "compare_levers",
        "latest_trade_year",
        "lever_trade_responses",
        "resolve_levers",
        "resolve_scenario",
        "simulate",
        "sweep_scenario",
    ]


def test_gravity_names() -> None:
    import corridor.trade.gravity

    assert corridor.trade.gravity.__all__ == sorted_names(corridor.trade.gravity.__all__)
    assert "estimate" in corridor.trade.gravity.__all__
    assert "counterfactual" in corridor.trade.gravity.__all__


def test_trade_names() -> None:
    assert corridor.trade.__all__ == sorted_names(corridor.trade.__all__)
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
        "Tariffs",
        "add_barriers",
        "barrier_views",
        "export_opportunities",
        "parse_period",
        "product_space",
        "read_gdp",
        "read_tariffs",
        "trade_summary",
    ]


def test_claims_names() -> None:
    assert corridor.claims.__all__ == sorted_names(corridor.claims.__all__)
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
