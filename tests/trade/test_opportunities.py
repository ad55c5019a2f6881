"""Export potential (Decreux & Spies 2016): the terms, both data paths, and the CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import DataGapError
from corridor.ledger import Ledger
from corridor.trade.complexity import product_space
from corridor.trade.opportunities import export_opportunities, indicator
from tests.worlds import baci_world

# --- the indicator's algebra ---------------------------------------------------------------

values = st.lists(st.floats(1.0, 1e9), min_size=3, max_size=12)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(3, 12))
def test_without_growth_potential_redistributes_actual_exports(data: st.DataObject, n: int) -> None:
    """With no growth and no RCA filter, total potential equals total actual exports."""
    draw = lambda: pd.Series(data.draw(st.lists(st.floats(1.0, 1e9), min_size=n, max_size=n)))  # noqa: E731
    world = draw()
    exporter = world * pd.Series(data.draw(st.lists(st.floats(0.01, 0.9), min_size=n, max_size=n)))
    terms, _ = indicator(
        exporter, world, draw(), draw(), g_exporter=1, g_world=1, g_market=1, min_rca=0.0
    )
    if terms["supply"].sum() > 0:
        assert terms["potential"].sum() == pytest.approx(terms["actual"].sum(), rel=1e-9)
    assert (terms["untapped"] >= 0).all()
    assert np.allclose(terms["untapped"], (terms["potential"] - terms["actual"]).clip(lower=0))


def test_terms_follow_the_formula() -> None:
    """supply = share·g_i/g_w, demand = M·g_j, ease = ΣX_ij / Σ share·M, potential their product."""
    world = pd.Series({"01": 100.0, "02": 300.0})
    exporter = pd.Series({"01": 20.0, "02": 15.0})
    market = pd.Series({"01": 50.0, "02": 80.0})
    actual = pd.Series({"01": 4.0, "02": 6.0})
    t, ease = indicator(
        exporter, world, market, actual, g_exporter=1.2, g_world=1.1, g_market=1.3, min_rca=0.0
    )
    assert ease == pytest.approx(10.0 / (0.2 * 50 + 0.05 * 80))
    assert t.loc["01", "supply"] == pytest.approx(0.2 * 1.2 / 1.1)
    assert t.loc["02", "demand"] == pytest.approx(80 * 1.3)
    assert t.loc["02", "potential"] == pytest.approx(0.05 * 1.2 / 1.1 * 80 * 1.3 * ease)
    # RCA of 02 is (15/35)/(300/400) < 1: the default filter removes its supply
    t1, _ = indicator(
        exporter, world, market, actual, g_exporter=1, g_world=1, g_market=1, min_rca=1.0
    )
    assert t1.loc["02", "supply"] == 0.0 and t1.loc["01", "supply"] > 0


def test_no_overlap_is_a_data_gap() -> None:
    """If the market imports nothing the exporter sells, ease of trade is undefined: an error."""
    with pytest.raises(DataGapError, match="ease of trade"):
        indicator(
            pd.Series({"01": 1.0}), pd.Series({"01": 2.0, "02": 2.0}), pd.Series({"02": 5.0}),
            pd.Series({"01": 1.0}), g_exporter=1, g_world=1, g_market=1, min_rca=0,
        )  # fmt: skip


# --- the embedded data (aggregates path) -----------------------------------------------------


def test_embedded_data_runs_at_the_chapters_it_observes(default_ledger: Ledger) -> None:
    """On a fresh install: potential by chapter, shown by chapter (never allocated below the
    level where supply and demand are both observed), the level and omissions stated."""
    r = export_opportunities(default_ledger, "KAZ", "CHN", top=20)
    assert (r.path, r.level, r.potential_level, r.base_year, r.horizon) == (
        "aggregates", "chapter", 2, 2024, 2029,
    )  # fmt: skip
    assert r.new_products == ()  # products to start need a world matrix
    assert any("BACI" in n for n in r.notes) and any("HS2" in n for n in r.notes)
    assert any("tariff" in o for o in r.omitted)
    untapped = [p.untapped_usd for p in r.products]
    assert untapped == sorted(untapped, reverse=True)
    for p in r.products:
        assert p.untapped_usd == pytest.approx(max(p.potential_usd - p.actual_usd, 0.0))
        assert len(p.hs_code) == 2 and p.density is None and p.rca_level == 2
    assert r.categories_untapped > 0 and r.untapped_usd > 0
    assert r.growth["market"]["kinds"] == ["assumption"]


def test_embedded_actual_matches_the_ledger(default_ledger: Ledger) -> None:
    """Actual exports of a product are the ledger's KAZ→CHN 2024 value of that heading."""
    r = export_opportunities(default_ledger, "KAZ", "CHN", top=None, view="full")
    total = default_ledger.query(
        "SELECT sum(value_usd) FROM flows WHERE source = 'wits' AND reporter = 'KAZ' "
        "AND partner = 'CHN' AND flow = 'export' AND year(period_start) = 2024"
    ).rows[0][0]
    assert r.actual_usd == pytest.approx(float(total))


def test_grain_products_carry_their_barriers(default_ledger: Ledger) -> None:
    """Products touched by a barrier's codes list its id."""
    r = export_opportunities(default_ledger, "KAZ", "CHN", top=None, min_rca=0.0)
    flour = next(p for p in r.products if p.hs_code == "11")  # milling products
    assert "cn-customs-daytime-grain" in flour.barriers
    assert "green-corridors-two-of-five" in flour.barriers


def test_incomplete_year_is_refused_with_the_reason(default_ledger: Ledger) -> None:
    """2020 (WITS files stop at chapter 72, no BACI year) is not silently used."""
    with pytest.raises(DataGapError, match="2020: the ledger has no complete exporter's exports"):
        export_opportunities(default_ledger, "KAZ", "CHN", year=2020)


def test_2021_uses_the_embedded_baci_rows(default_ledger: Ledger) -> None:
    """For 2021 the embedded BACI extract gives the exporter's rows; inputs in another revision
    (the WITS chapters in HS2012) are converted to the exporter's (HS2002), and the notes say so;
    potential stays at the chapters world demand is observed at."""
    r = export_opportunities(default_ledger, "KAZ", "CHN", year=2021, top=5)
    assert (r.level, r.potential_level, r.path) == ("chapter", 2, "aggregates")
    assert r.inputs["actual"].startswith("baci")
    assert r.hs_rev == "HS2002"
    assert any("converted from HS2012 to HS2002" in n for n in r.notes)


def test_missing_projection_years_are_named(default_ledger: Ledger, tmp_path: Path) -> None:
    """A horizon the GDP table does not reach is an error naming country and years."""
    with pytest.raises(DataGapError, match="KAZ in 2032, 2033"):
        export_opportunities(default_ledger, "KAZ", "CHN", horizon=2033)


def test_hs6_needs_a_world_matrix(default_ledger: Ledger) -> None:
    """Asking for HS4 or HS6 without a BACI year says why (no allocation below the level of
    the data) and how to get one."""
    for level in ("hs4", "hs6"):
        with pytest.raises(DataGapError, match=r"never allocated below.*load a BACI year"):
            export_opportunities(default_ledger, "KAZ", "CHN", level=level)  # type: ignore[arg-type]


# --- a BACI-format world year (world-matrix path) -------------------------------------------


@pytest.fixture
def world_ledger(ledger: Ledger, tmp_path: Path) -> tuple[Ledger, pd.DataFrame]:
    df = baci_world(tmp_path / "BACI_HS17_Y2021_V202401_test.csv")
    ledger.load(tmp_path / "BACI_HS17_Y2021_V202401_test.csv", format="baci")
    return ledger, df


def test_world_matrix_path_runs_at_hs6(world_ledger: tuple[Ledger, pd.DataFrame]) -> None:
    """A BACI year gives HS6 potential with RCA and density from the world matrix."""
    ledger, df = world_ledger
    r = export_opportunities(ledger, "KAZ", "CHN", top=None, min_rca=0.0, view="full")
    assert (r.path, r.level, r.potential_level, r.base_year) == ("world matrix", "hs6", 6, 2021)
    actual = df[(df.i == 398) & (df.j == 156)].groupby("k")["v"].sum() * 1000
    got = {p.hs_code: p.actual_usd for p in r.products}
    for code, value in actual.items():
        assert got[code] == pytest.approx(value)
    exports = df.groupby(["i", "k"], as_index=False)["v"].sum()
    space = product_space(exports["i"].astype(str), exports["k"], exports["v"])
    row = space.locations.index("398")
    dens = dict(zip(space.products, space.density[row], strict=True))
    for p in r.products:
        assert p.density == pytest.approx(dens[p.hs_code])
        assert p.rca is not None and p.rca_level == 6


def test_world_matrix_aggregates_to_hs4(world_ledger: tuple[Ledger, pd.DataFrame]) -> None:
    """--level hs4 on a BACI year recomputes every term at HS4."""
    ledger, _ = world_ledger
    r = export_opportunities(ledger, "KAZ", "CHN", level="hs4", top=None)
    assert r.level == "hs4" and all(len(p.hs_code) == 4 for p in r.products)
    assert all(p.density is not None for p in r.products)


def test_products_to_start_are_found_by_the_product_space(ledger: Ledger, tmp_path: Path) -> None:
    """A small world where the answer is known: four steel-and-copper exporters sell flat
    steel, cold-rolled steel and refined copper together; two grain exporters sell wheat.
    Kazakhstan sells the two steels and a little copper and wheat (RCA below 1 in both): the
    products to start must put copper (close to what it makes) before wheat, and the potential
    ranking cannot name either (supply is zero below RCA 1)."""
    steel, rolled, copper, wheat, cars = "720851", "720915", "740311", "100119", "870323"
    kaz, chn = 398, 156
    metal, grain = [276, 380, 392, 410], [36, 124]  # DEU ITA JPN KOR; AUS CAN
    rows = []
    for i in metal:
        rows += [(i, chn, k, 1000.0) for k in (steel, rolled, copper)]
    for i in grain:
        rows += [(i, chn, wheat, 4000.0), (i, chn, cars, 500.0)]
    rows += [(kaz, chn, steel, 3000.0), (kaz, chn, rolled, 3000.0)]
    rows += [(kaz, chn, copper, 20.0), (kaz, chn, wheat, 20.0)]
    rows += [(chn, i, cars, 800.0) for i in (*metal, *grain)]
    path = tmp_path / "BACI_HS17_Y2021_V202401_small.csv"
    pd.DataFrame(
        [(2021, i, j, k, v, "NA") for i, j, k, v in rows], columns=["t", "i", "j", "k", "v", "q"]
    ).to_csv(path, index=False)
    ledger.load(path, format="baci")
    r = export_opportunities(ledger, "KAZ", "CHN", top=None, view="full", min_exporters=5)
    assert r.path == "world matrix"
    starters = [p.hs_code for p in r.new_products]
    assert starters[:2] == [copper, wheat]
    assert all(p.rca < 1 for p in r.new_products)
    first, second = r.new_products[:2]
    assert first.density > second.density
    assert first.market_imports_usd == (4 * 1000.0 + 20.0) * 1000  # Kazakhstan's sale too
    assert {p.hs_code for p in r.products if p.potential_usd > 0} <= {steel, rolled}


def test_a_tariff_file_gives_the_market_access_term(
    world_ledger: tuple[Ledger, pd.DataFrame], tmp_path: Path
) -> None:
    """With a tariff file the world-matrix path weighs the competitors' rates by what the market
    buys from each: a product where Kazakhstan pays more than the others gets a term below 1,
    and the term is no longer listed as omitted."""
    from corridor.trade.tariffs import read_tariffs

    ledger, _ = world_ledger
    path = tmp_path / "tariffs.csv"
    path.write_text(
        "importer,exporter,hs_code,tariff_pct,year,source\n"
        "CHN,*,26,0.0,2021,test MFN\n"
        "CHN,KAZ,260300,15.0,2021,test: a rate above the others'\n",
        encoding="utf-8",
    )
    rates = read_tariffs(path, elasticity=-5.0)
    r = export_opportunities(
        ledger, "KAZ", "CHN", top=None, min_rca=0.0, view="full", tariffs=rates
    )
    terms = {p.hs_code: p.tariff_term for p in r.products}
    assert terms["260300"] == pytest.approx(1.15**-5.0)
    assert all(t == 1.0 for c, t in terms.items() if c != "260300")
    assert not any(o.startswith("tariff advantage") for o in r.omitted)
    assert any(n.startswith("tariff advantage from tariffs.csv") for n in r.notes)
    plain = export_opportunities(ledger, "KAZ", "CHN", top=None, min_rca=0.0, view="full")
    assert all(p.tariff_term is None for p in plain.products)
    assert plain.omitted[0].startswith("tariff advantage")
