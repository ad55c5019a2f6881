"""Mirror statistics: raw and CIF/FOB gaps, the reliability weights, the reconciled value."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.errors import DataGapError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.periods import parse_period
from corridor.trade.mirror import MirrorParams, _row, decompose, mirror, reliability

PARAMS = MirrorParams(0.10, "test")


@given(st.floats(1e3, 1e12), st.floats(0.0, 0.3))
def test_a_perfectly_consistent_pair_has_no_gap_at_fob(exports: float, margin: float) -> None:
    """If the importer reports exactly exports × (1 + m), the CIF/FOB-adjusted gap is zero."""
    row = _row("A", "B", "TOTAL", exports, exports * (1 + margin), "x", "m", margin, None)
    assert row.gap_fob_usd == pytest.approx(0.0, abs=1e-6 * exports)
    assert row.gap_pct == pytest.approx(100 * margin)
    assert row.reconciled_usd is None  # no reliability weights: no reconciled value


def test_reliability_is_recovered_from_a_triangle() -> None:
    """Three countries' mirror pairs identify each one's effect: d_ij = r_i + r_j."""
    r = {"A": 0.1, "B": 0.2, "C": 0.3}
    pairs = [(i, j, r[i] + r[j]) for i, j in (("A", "B"), ("B", "C"), ("A", "C"), ("C", "A"))]
    got = reliability(pairs)
    assert got == pytest.approx(r)


def test_one_bilateral_pair_is_not_identifiable() -> None:
    assert reliability([("A", "B", 0.2), ("B", "A", 0.4)]) is None


def test_weights_favour_the_more_reliable_reporter() -> None:
    """An exporter less prone to discrepancies than its partner gets more than half the weight."""
    row = _row("A", "C", "TOTAL", 100.0, 121.0, "x", "m", 0.1, {"A": 0.1, "C": 0.3})
    assert row.exporter_weight == pytest.approx(0.75)
    assert row.reconciled_usd == pytest.approx(0.75 * 100 + 0.25 * 110)


def test_2023_default_data_by_hand(default_db: Path) -> None:
    """2023: KAZ says 14.76 bn exported to CHN, CHN 16.3 bn imported: +10.4 %, +8.2 % at FOB
    (a 2 % margin for a land border)."""
    with Ledger.open(default_db, read_only=True) as ledger:
        result = mirror(
            ledger,
            a="KAZ",
            b="CHN",
            period=parse_period("2023"),
            params=MirrorParams.read(data_dir() / "trade" / "mirror.yaml"),
        )
    kz_cn, cn_kz = result.rows[:2]
    assert (kz_cn.exports_source, kz_cn.imports_source) == ("wits", "official")
    assert round(kz_cn.gap_pct, 1) == round(100 * (16.3e9 / kz_cn.exports_reported_usd - 1), 1)
    assert round(kz_cn.gap_pct, 1) == 10.4
    assert kz_cn.gap_fob_pct == pytest.approx(
        100 * (16.3e9 / 1.02 / kz_cn.exports_reported_usd - 1)
    )
    assert cn_kz.exports_reported_usd == 24.7e9 and round(cn_kz.gap_pct, 1) == -32.1
    assert kz_cn.exporter_weight is None and kz_cn.reconciled_usd is None
    assert any("no reconciled value" in n for n in result.notes)
    assert {c["name"] for c in result.causes} >= {"transit and re-exports", "timing"}
    assert [t.turnover_usd for t in result.turnover][1] == 41e9


def test_by_chapter_needs_product_rows_from_both_sides(default_db: Path) -> None:
    with (
        Ledger.open(default_db, read_only=True) as ledger,
        pytest.raises(DataGapError, match="product level"),
    ):
        mirror(
            ledger,
            a="KAZ",
            b="CHN",
            period=parse_period("2023"),
            params=PARAMS,
            by_chapter=True,
        )


def test_the_chapters_gaps_sum_to_the_gap_and_show_prices_or_volumes() -> None:
    """Two chapters both sides report and one only the importer reports: the shares of the
    gap sum to 100 %; unit values tell a price gap (same tonnes) from a volume gap."""
    margin = 0.02
    rows = [
        _row("A", "B", "27", 100.0, 102.0 * 1.2, "x", "m", margin, None),  # +20 % in price
        _row("A", "B", "72", 50.0, 51.0 * 1.5, "x", "m", margin, None),  # +50 % in volume
        _row("A", "B", "10", None, 7.0, "x", "m", margin, None),
    ]
    out = decompose(rows, {"27": 10.0, "72": 5.0}, {"27": 10.0, "72": 7.5, "10": None})
    both = [r for r in out if r.gap_fob_usd is not None]
    assert sum(r.share_of_gap_pct or 0.0 for r in both) == pytest.approx(100.0)
    total_gap = sum(r.imports_fob_usd or 0 for r in both) - sum(
        r.exports_reported_usd or 0 for r in both
    )
    assert sum(r.gap_fob_usd or 0 for r in both) == pytest.approx(total_gap)
    oil, steel, grain = out
    assert oil.exports_tonnes == oil.imports_tonnes  # same volume …
    assert oil.imports_fob_usd_per_t == pytest.approx(1.2 * oil.exports_usd_per_t)  # … dearer
    assert steel.imports_fob_usd_per_t == pytest.approx(steel.exports_usd_per_t)  # same price
    assert grain.gap_fob_usd is None and grain.share_of_gap_pct is None
