"""Trade summaries: hand-checked figures on real data, sources named, gaps explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.errors import DataGapError
from corridor.ledger import Ledger
from corridor.trade import parse_period, trade_summary


def summary(ledger: Ledger, period: str, **kw: str):  # type: ignore[no-untyped-def]
    args = {"reporter": "KAZ", "partner": "CHN", **kw}
    return trade_summary(ledger, period=parse_period(period), **args)  # type: ignore[arg-type]


def test_2024_from_kazakh_product_data(default_ledger: Ledger) -> None:
    """2024: exports 14.90, imports 15.15, turnover 30.05, balance −0.26 bn US$ (WITS)."""
    s = summary(default_ledger, "2024")
    assert [
        round(v / 1e9, 2) for v in (s.exports_usd, s.imports_usd, s.turnover_usd, s.balance_usd)
    ] == [14.90, 15.15, 30.05, -0.26]
    assert s.source == "wits"
    # growth against 2023 (31.53 bn, WITS): 30.05 / 31.53 − 1
    assert round(s.growth_pct, 1) == round(100 * (s.turnover_usd / s.previous_turnover_usd - 1), 1)
    assert round(s.growth_pct, 1) == -4.7
    assert s.top_exports[0].code == "2603"  # copper ores


def test_share_of_total_trade(default_ledger: Ledger) -> None:
    """China's share of Kazakhstan's 2024 trade: turnover with CHN over turnover with WLD."""
    s = summary(default_ledger, "2024")
    world = summary(default_ledger, "2024", partner="WLD")
    assert s.share_pct == pytest.approx(100 * s.turnover_usd / world.turnover_usd)
    assert 20 < s.share_pct < 23


def test_incomplete_year_falls_back_to_published_totals(default_ledger: Ledger) -> None:
    """2022's WITS files are incomplete: the official totals are used, and the gap is noted."""
    s = summary(default_ledger, "2022")
    assert s.source == "official"
    assert (s.exports_usd, s.imports_usd) == (13.2e9, 11.0e9)
    assert any("differs from exports + imports" in n for n in s.notes)


def test_part_year_total_only(default_ledger: Ledger) -> None:
    """January–June 2023 exists only as a published turnover: exports and imports say why."""
    s = summary(default_ledger, "2023-H1")
    assert s.turnover_usd == 13.6e9 and s.exports_usd is None
    assert any(n.startswith("exports: no source covers") for n in s.notes)


def test_uncovered_period_is_a_clear_gap(default_ledger: Ledger) -> None:
    """The first nine months of 2024: only whole years are held, and the message says so."""
    with pytest.raises(DataGapError, match="only in spans of 12 months"):
        summary(default_ledger, "2024-9M")


def test_region_figures_are_reported_by_region(default_ledger: Ledger) -> None:
    """Xinjiang–Kazakhstan 2018: 104.9 bn yuan at 6.6174 = 15.85 bn US$."""
    s = summary(default_ledger, "2018", reporter="CHN", partner="KAZ", region="CN-XJ")
    assert round(s.turnover_usd / 1e9, 2) == 15.85
    assert s.region_share_pct is None and any("national" in n for n in s.notes)


def test_breakdown_by_section_sums_to_the_total(default_ledger: Ledger) -> None:
    s = summary(default_ledger, "2024", by="section")
    assert sum(p.value_usd for p in s.breakdown_exports) == pytest.approx(s.exports_usd)
    assert s.breakdown_exports[0].code == "V"  # mineral products


def test_breakdown_finer_than_the_data_is_a_gap(default_ledger: Ledger) -> None:
    with pytest.raises(DataGapError, match="6-digit"):
        summary(default_ledger, "2024", by="hs6")


def test_explain_carries_the_sql(default_ledger: Ledger) -> None:
    s = summary(default_ledger, "2024")
    assert any("FROM flows" in e and "reporter=KAZ" in e for e in s.explain)


MONTHS = st.lists(st.integers(1, 10_000_000), min_size=12, max_size=12)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(exports=MONTHS, imports=MONTHS)
def test_monthly_data_sum_to_any_span_and_chapters_to_the_total(
    tmp_path_factory: pytest.TempPathFactory, exports: list[int], imports: list[int]
) -> None:
    """Monthly rows tile any span; chapters sum to the total; growth on an equal year is 0."""
    folder = tmp_path_factory.mktemp("m")
    lines = ["period,partner,flow,hs,value"]
    for m in range(12):
        for year in (2022, 2023):
            lines.append(f"{year}{m + 1:02d},CHN,export,26,{exports[m]}")
            lines.append(f"{year}{m + 1:02d},CHN,export,74,{exports[m] * 2}")
            lines.append(f"{year}{m + 1:02d},CHN,import,84,{imports[m]}")
    data = folder / "monthly.csv"
    data.write_text("\n".join(lines) + "\n")
    mapping = folder / "m.yaml"
    mapping.write_text(
        "source: monthly\ncolumns: {period: period, partner: partner, flow: flow,"
        " hs_code: hs, value: value}\nconstants: {reporter: KAZ, hs_rev: HS2017}\n"
    )
    with Ledger.open(":memory:", defaults=False) as ledger:
        ledger.load(data, format="csv", mapping=mapping)
        h1 = summary(ledger, "2023-H1", by="chapter")
        assert h1.exports_usd == 3 * sum(exports[:6])
        assert sum(p.value_usd for p in h1.breakdown_exports) == h1.exports_usd
        assert h1.growth_pct == pytest.approx(0.0)  # 2022 repeats 2023 exactly
        q3 = summary(ledger, "2023-Q3")
        assert q3.imports_usd == sum(imports[6:9])


def test_summary_of_a_new_ledger_without_data(tmp_path: Path) -> None:
    with (
        Ledger.open(":memory:", defaults=False) as ledger,
        pytest.raises(DataGapError, match="no rows"),
    ):
        summary(ledger, "2024")
