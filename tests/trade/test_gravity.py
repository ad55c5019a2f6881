"""Structural gravity reproduces the WTO/UNCTAD guide (Yotov et al. 2016) to its printed digits.

Published results (data/gravity/SOURCES.md): Chapter 1 Application 1 (PPML and OLS, exporter-year
and importer-year effects, 4-year steps, international flows) and the baseline of Chapter 2
Application 1 (2006, all flows). The general equilibrium is checked by its defining properties.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.errors import InputError
from corridor.trade import gravity as g

runner = CliRunner()


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return g.read_panel(g.example_panel())


@pytest.fixture(scope="module")
def chapter1(panel: pd.DataFrame) -> g.Design:
    return g.build_design(
        panel,
        g.parse_regressors("ln(DIST),CNTG,LANG,CLNY"),
        g.parse_fixed_effects("exporter-year,importer-year"),
        years=g.parse_years("1986,1990,1994,1998,2002,2006"),
        international_only=True,
    )


def _chapter2(
    panel: pd.DataFrame, changes: dict[str, float] | None = None, reference: str = "DEU"
) -> g.Counterfactual:
    """The guide's Chapter 2 Application 1: 2006, σ = 7, no international borders by default."""
    return g.counterfactual(
        panel,
        year=2006,
        regressors=g.parse_regressors("ln(DIST),CNTG,INTL_BRDR"),
        changes={"INTL_BRDR": 0.0} if changes is None else changes,
        sigma=7,
        reference=reference,
        vcov="robust",
    )


@pytest.fixture(scope="module")
def border_removal(panel: pd.DataFrame) -> g.Counterfactual:
    return _chapter2(panel)


def _printed(fit: g.GravityFit, name: str, digits: int) -> tuple[float, float]:
    c = fit.coefficient(name)
    return round(c.estimate, digits), round(c.std_error, digits)


def test_chapter1_ppml_reproduces_the_published_table(chapter1: g.Design) -> None:
    fit = g.estimate(chapter1)
    assert fit.n_obs == 28_152
    assert _printed(fit, "ln(DIST)", 3) == (-0.841, 0.032)
    assert _printed(fit, "CNTG", 3) == (0.437, 0.083)
    assert _printed(fit, "LANG", 3) == (0.247, 0.077)
    assert _printed(fit, "CLNY", 3) == (-0.222, 0.116)
    assert fit.vcov == "pair" and fit.separated == 0


def test_chapter1_ols_reproduces_the_published_column(chapter1: g.Design) -> None:
    fit = g.estimate(chapter1, estimator="ols")
    assert _printed(fit, "ln(DIST)", 3) == (-1.216, 0.038)
    assert fit.excluded_nonpositive == 28_152 - fit.n_obs > 0


def test_pair_clusters_are_the_guides_pair_id(chapter1: g.Design) -> None:
    """Clusters built from the country codes are the dataset's own (unordered) pair_id."""
    frame = chapter1.frame
    assert frame.groupby("pair")["pair_id"].nunique().max() == 1
    assert frame["pair"].nunique() == frame["pair_id"].nunique()


def test_chapter2_baseline_reproduces_the_published_table(
    border_removal: g.Counterfactual,
) -> None:
    fit = border_removal.fit
    assert fit.n_obs == 4_761
    assert _printed(fit, "ln(DIST)", 4) == (-0.7913, 0.0501)
    assert _printed(fit, "CNTG", 4) == (0.6736, 0.1074)
    assert _printed(fit, "INTL_BRDR", 4) == (-2.4745, 0.1194)


def test_ppml_fitted_flows_add_up_to_output_and_expenditure(
    border_removal: g.Counterfactual,
) -> None:
    """PPML with exporter and importer effects keeps every country's output and expenditure
    (and so world output): the property the multilateral resistances are read from."""
    f = border_removal.flows
    for key in ("exporter", "importer"):
        fitted = f.groupby(key)["baseline"].sum()
        observed = f.groupby(key)["trade"].sum()
        np.testing.assert_allclose(fitted, observed, rtol=1e-6)
    assert f["baseline"].sum() == pytest.approx(f["trade"].sum(), rel=1e-8)


def test_general_equilibrium_clears_the_goods_market(border_removal: g.Counterfactual) -> None:
    """In the full endowment solution each country's sales add up to its new output: old output
    times the change in its factory-gate price (quantities are endowments)."""
    f = border_removal.flows
    y0 = f.groupby("exporter")["trade"].sum()
    price = pd.Series(
        {c.country: 1 + c.producer_price_change_pct / 100 for c in border_removal.countries}
    )
    np.testing.assert_allclose(f.groupby("exporter")["full"].sum(), y0 * price, rtol=1e-5)


def _exact_hat_algebra(flows: pd.DataFrame, cost_change: np.ndarray, sigma: float, ref: str):
    """An independent solution of the same equilibrium, by exact hat algebra (Dekle, Eaton &
    Kortum 2008) on the baseline's fitted flows: prices solve Y_i p_i = Σ_j λ'_ij φ_j p_j Y_j
    with λ'_ij ∝ λ_ij p_i^(1−σ) t̂_ij and P_ref = 1."""
    from scipy.optimize import root

    countries = sorted(set(flows["exporter"]))
    x = flows.pivot(index="exporter", columns="importer", values="baseline")
    x = x.loc[countries, countries].to_numpy()
    y, e = x.sum(1), x.sum(0)
    phi, lam = e / y, x / e[None, :]
    r = countries.index(ref)

    def shares(logp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        num = lam * np.exp(logp)[:, None] ** (1 - sigma) * cost_change
        return num / num.sum(0)[None, :], num.sum(0) ** (1 / (1 - sigma))

    def excess(logp: np.ndarray) -> np.ndarray:
        p = np.exp(logp)
        lam1, price_index = shares(logp)
        res = np.log((lam1 * (phi * p * y)[None, :]).sum(1) / (p * y))
        res[r] = np.log(price_index[r])  # Walras: one equation is the normalisation
        return res

    sol = root(excess, np.zeros(len(countries)), method="hybr", tol=1e-13)
    assert np.max(np.abs(excess(sol.x))) < 1e-9
    p = np.exp(sol.x)
    lam1, price_index = shares(sol.x)
    x1 = lam1 * (phi * p * y)[None, :]
    intl = ~np.eye(len(countries), dtype=bool)
    exports = ((x1 * intl).sum(1) / (x * intl).sum(1) - 1) * 100
    rgdp = (p / price_index - 1) * 100
    return dict(zip(countries, zip(exports, rgdp, (p - 1) * 100, strict=True), strict=True))


def test_the_guides_iteration_lands_near_the_exact_equilibrium(
    border_removal: g.Counterfactual,
) -> None:
    """The guide's iterative procedure updates trade with first-order changes in output and the
    resistances; its fixed point is close to, not identical with, the exact equilibrium of the
    same model. Measured on this counterfactual: real GDP and factory-gate prices within 1.5
    points, international exports within 8 % of their change."""
    f = border_removal.flows
    b = border_removal.fit.coefficient("INTL_BRDR").estimate
    countries = sorted(set(f["exporter"]))
    cost = np.where(np.eye(len(countries), dtype=bool), 1.0, np.exp(-b))
    exact = _exact_hat_algebra(f, cost, border_removal.sigma, border_removal.reference)
    for c in border_removal.countries:
        exports, rgdp, price = exact[c.country]
        assert c.rgdp_change_pct == pytest.approx(rgdp, abs=1.5), c.country
        assert c.producer_price_change_pct == pytest.approx(price, abs=1.5), c.country
        assert c.exports_change_pct == pytest.approx(exports, rel=0.08), c.country


def test_the_reference_country_is_the_numeraire(border_removal: g.Counterfactual) -> None:
    deu = border_removal.country("DEU")
    assert deu.imr_change_pct == pytest.approx(0.0, abs=1e-9)
    # With P_DEU fixed, Germany's real GDP moves with its factory-gate price.
    assert deu.rgdp_change_pct == pytest.approx(deu.producer_price_change_pct, rel=1e-9)


def test_removing_borders_raises_trade_and_welfare_everywhere(
    border_removal: g.Counterfactual,
) -> None:
    assert border_removal.iterations > 1
    assert border_removal.last_price_step <= g._counterfactual.TOLERANCE
    assert len(border_removal.countries) == 69
    for c in border_removal.countries:
        assert c.exports_change_pct > 0, c
        assert c.rgdp_change_pct > 0, c
    # Full endowment effects exceed the conditional ones for all but the odd entrepôt.
    countries = border_removal.countries
    larger = [c.exports_change_pct > c.exports_change_conditional_pct for c in countries]
    assert sum(larger) >= 60


def test_no_change_changes_nothing(panel: pd.DataFrame) -> None:
    result = _chapter2(panel, changes={})
    assert result.iterations == 1
    for c in result.countries:
        for value in (
            c.exports_change_pct,
            c.producer_price_change_pct,
            c.imr_change_pct,
            c.omr_change_pct,
            c.rgdp_change_pct,
        ):
            assert value == pytest.approx(0.0, abs=1e-5)


def test_the_solution_does_not_depend_on_the_reference(
    border_removal: g.Counterfactual, panel: pd.DataFrame
) -> None:
    """In the exact equilibrium the normalisation changes price levels only. The guide's
    first-order iteration carries the reference country's expenditure into every price update,
    so its answers move a little with the reference: measured here within 2 % of each export
    change and 1 point of real GDP."""
    other = _chapter2(panel, reference="USA")
    for a, b in zip(border_removal.countries, other.countries, strict=True):
        assert a.exports_change_pct == pytest.approx(b.exports_change_pct, rel=0.02)
        assert a.rgdp_change_pct == pytest.approx(b.rgdp_change_pct, abs=1.0)


def test_a_singular_design_is_an_error_not_a_dropped_column(panel: pd.DataFrame) -> None:
    data = panel[panel["year"] == 2006].assign(ONE=1.0)
    design = g.build_design(
        data, g.parse_regressors("ln(DIST),ONE"), g.parse_fixed_effects("exporter,importer")
    )
    with pytest.raises(InputError, match="singular design: ONE"):
        g.estimate(design)


def test_separation_is_counted_or_refused(panel: pd.DataFrame) -> None:
    data = panel[(panel["year"] == 2006) & (panel["exporter"] != panel["importer"])].copy()
    data.loc[data["exporter"] == "ARG", "trade"] = 0.0
    design = g.build_design(
        data, g.parse_regressors("ln(DIST)"), g.parse_fixed_effects("exporter,importer")
    )
    fit = g.estimate(design, vcov="robust")
    assert fit.separated == 68 and fit.n_obs == len(data) - 68
    with pytest.raises(InputError, match="68 observation"):
        g.estimate(design, vcov="robust", strict=True)


def test_bad_rows_are_named(panel: pd.DataFrame) -> None:
    data = panel.head(50).copy()
    data.loc[3, "trade"] = -1.0
    with pytest.raises(InputError) as info:
        g.build_design(data, g.parse_regressors("ln(DIST)"), ("exporter",))
    assert "line 5" in str(info.value) and "trade" in str(info.value)
    data = panel.head(50).copy()
    data.loc[7, "DIST"] = 0.0
    with pytest.raises(InputError, match=r"line 9.*not positive"):
        g.build_design(data, g.parse_regressors("ln(DIST)"), ("exporter",))
    with pytest.raises(InputError, match="lacks column"):
        g.build_design(data.drop(columns="CNTG"), g.parse_regressors("CNTG"), ("exporter",))


def test_specifications_are_parsed_strictly() -> None:
    assert [r.name for r in g.parse_regressors("ln(DIST), CNTG")] == ["ln(DIST)", "CNTG"]
    assert g.parse_years("1986-2006/4") == (1986, 1990, 1994, 1998, 2002, 2006)
    for bad in ("log(DIST)", "ln(DIST),ln(DIST)", ""):
        with pytest.raises(InputError):
            g.parse_regressors(bad)
    with pytest.raises(InputError, match="unknown fixed effect"):
        g.parse_fixed_effects("exporter-month")
    with pytest.raises(InputError):
        g.parse_years("86")


def test_the_reference_must_be_in_the_data(panel: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="reference country 'KAZ'"):
        _chapter2(panel, reference="KAZ")


def test_cli_estimate_json_and_formats(tmp_path: Path, panel: pd.DataFrame) -> None:
    csv = tmp_path / "panel.csv"
    panel[panel["year"].isin([1986, 1990])].to_csv(csv, index=False)
    result = runner.invoke(
        app,
        ["gravity", "estimate", str(csv), "--years", "1986,1990", "--international-only", "--json"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["coefficients"][0]["name"] == "ln(DIST)"
    assert out["n_clusters"] > 2000 and out["international_only"]
    dta = tmp_path / "panel.dta"
    panel[panel["year"] == 2006].to_stata(dta, write_index=False)
    result = runner.invoke(
        app, ["gravity", "estimate", str(dta), "--fe", "exporter,importer", "--json",
              "--regressors", "ln(DIST),CNTG,INTL_BRDR", "--vcov", "robust"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    dist = json.loads(result.stdout)["coefficients"][0]
    assert (round(dist["estimate"], 4), round(dist["std_error"], 4)) == (-0.7913, 0.0501)


def test_cli_counterfactual_writes_the_table(tmp_path: Path) -> None:
    target = tmp_path / "cf.csv"
    result = runner.invoke(
        app,
        [
            "gravity",
            "counterfactual",
            "--set",
            "INTL_BRDR=0",
            "--reference",
            "DEU",
            "--out",
            str(target),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(target)
    assert list(table.columns[:1]) == ["country"] and len(table) == 69
    for column in (
        "exports_change_pct",
        "producer_price_change_pct",
        "imr_change_pct",
        "omr_change_pct",
        "rgdp_change_pct",
    ):
        assert column in table.columns
    assert json.loads(result.stdout)["iterations"] > 1


def test_cli_counterfactual_writes_nothing_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --out the table is printed, and no file appears in the current folder."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["gravity", "counterfactual", "--set", "INTL_BRDR=0", "--reference", "DEU", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["written"] is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reference", "ZZZ", "--set", "INTL_BRDR=0"], "reference country 'ZZZ'"),
        (["--set", "DIST", "--reference", "DEU"], "NAME=VALUE"),
        (["--set", "LANG=1", "--reference", "DEU"], "not a regressor"),
        (["--year", "2030", "--set", "INTL_BRDR=0", "--reference", "DEU"], "no rows for year"),
        (["--sigma", "1", "--set", "INTL_BRDR=0", "--reference", "DEU"], "above 1"),
        (["/no/such/panel.parquet", "--set", "INTL_BRDR=0", "--reference", "DEU"], "no such file"),
    ],
)
def test_cli_errors_are_one_message(args: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["gravity", "counterfactual", *args, "--out", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.csv").exists()
