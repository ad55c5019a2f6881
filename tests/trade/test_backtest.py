"""The projection model is chosen by evidence: a rolling-origin backtest scored by a proper
scoring rule (CRPS) at the targets' horizons, with interval coverage, and the chosen model's
intervals calibrated out of sample."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, stats

from corridor.ledger import Ledger
from corridor.trade import backtest as bt
from corridor.trade import read_gdp
from corridor.trade.forecast import Predictive, predictive


def _walks(n: int, years: int, seed: int, drift: float, sd: float = 0.15) -> list[bt.Series]:
    """Random walks on logs with the given drift."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        steps = rng.normal(drift, sd, years - 1)
        logs = np.concatenate([[math.log(1e9)], math.log(1e9) + np.cumsum(steps)])
        points = tuple(zip(range(2000, 2000 + years), np.exp(logs), strict=True))
        out.append(bt.Series(f"walk {k}", points))
    return out


def test_a_random_walk_is_forecast_best_by_the_naive_model() -> None:
    """Series from a random walk without drift: the naive model has the lowest CRPS at the
    long horizons, and its intervals cover about as often as they claim."""
    result = bt.backtest(_walks(300, 14, seed=3, drift=0.0), choose_at=(6, 7, 8))
    assert result.best == "naive"
    for h in (1, 6):
        row = result.row("naive", h)
        assert row is not None and row.n >= 300
        assert row.coverage_80 is not None and 0.72 <= row.coverage_80 <= 0.88
        assert row.coverage_95 is not None and 0.90 <= row.coverage_95 <= 0.99


def test_a_strong_drift_is_forecast_best_by_a_drift_model() -> None:
    result = bt.backtest(_walks(200, 14, seed=4, drift=0.12, sd=0.05), choose_at=(6, 7, 8))
    assert result.best in ("drift", "damped")
    assert result.crps_at_targets["naive"] > result.crps_at_targets[result.best]


def test_crps_matches_its_definition() -> None:
    """The closed form against the integral of (F(x) − 1{x ≥ y})²."""
    for centre, scale, df, y in ((0.0, 1.0, 3.0, 0.4), (2.0, 0.3, 7.0, 1.1), (-1, 2.0, 2.5, 3.0)):
        p = Predictive(centre, scale, df, 0.0)
        dist = stats.t(df, loc=centre, scale=scale)
        below, _ = integrate.quad(lambda x, d=dist: d.cdf(x) ** 2, -np.inf, y, limit=200)
        above, _ = integrate.quad(lambda x, d=dist: (1 - d.cdf(x)) ** 2, y, np.inf, limit=200)
        assert p.crps(y) == pytest.approx(below + above, rel=1e-5)


def test_crps_of_a_wide_t_is_the_normal_one() -> None:
    """With many degrees of freedom the t is a normal: CRPS = σ [z(2Φ(z) − 1) + 2φ(z) − 1/√π]."""
    z = 0.7
    normal = z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / math.sqrt(math.pi)
    assert Predictive(0.0, 1.0, 1e6, 0.0).crps(z) == pytest.approx(normal, rel=1e-4)


def test_the_interval_score_by_hand() -> None:
    p = Predictive(0.0, 1.0, 1e9, 0.0)  # a normal: the 80 % interval is ±1.2816
    half = stats.norm.ppf(0.9)
    assert p.interval_score(0.5) == pytest.approx(2 * half, rel=1e-4)
    # 1 above the upper end: the width plus 2/0.2 × 1
    assert p.interval_score(half + 1) == pytest.approx(2 * half + 10, rel=1e-4)


def test_the_calibrated_intervals_cover_as_claimed_out_of_sample() -> None:
    """Random walks with fat-tailed steps: the naive intervals under-cover; the factors fitted
    on one half of the series bring the other half near 80 %."""
    rng = np.random.default_rng(11)
    series = []
    for k in range(300):
        steps = 0.1 * rng.standard_t(2.5, 13) + rng.normal(0, 0.08) * np.arange(13) / 13
        logs = np.concatenate([[20.0], 20.0 + np.cumsum(steps)])
        series.append(bt.Series(f"s{k}", tuple(zip(range(2000, 2014), np.exp(logs), strict=True))))
    result = bt.backtest(series, models=("naive",), choose_at=(6,))
    calibrated = result.row(bt.CALIBRATED, 6)
    assert calibrated is not None and calibrated.coverage_80 is not None
    assert 0.74 <= calibrated.coverage_80 <= 0.86
    assert result.to_dict()["chosen"] == bt.CALIBRATED


def test_models_share_one_predictive_with_the_targets() -> None:
    """The drift model's interval is the targets' projection interval (one figure per fact)."""
    from corridor.trade.targets import project

    pts = [(2015, 10.0), (2016, 12.0), (2017, 11.0), (2018, 15.0), (2019, 16.0)]
    p = predictive("drift", pts, 6)
    proj = project(pts, 2025, 30.0, "drift")
    assert proj.pi80 == pytest.approx(tuple(math.exp(x) for x in p.interval(0.80)))
    assert proj.p_meet == pytest.approx(p.above(math.log(30.0)))


def test_series_use_only_unbroken_runs() -> None:
    assert bt._longest_run([2015, 2016, 2017, 2018, 2019, 2022, 2023]) == [
        2015, 2016, 2017, 2018, 2019
    ]  # fmt: skip
    assert bt._longest_run([]) == []


def test_the_choice_file_round_trips(tmp_path: Path) -> None:
    result = bt.backtest(_walks(60, 12, seed=1, drift=0.0), choose_at=(6,))
    path = bt.write_choice(result, tmp_path / "projection.yaml", when="test")
    choice = bt.projection_choice(path)
    assert choice.model == result.best
    assert choice.factor(6) == pytest.approx(result.scale[6], abs=1e-4)
    assert choice.factor(40) == choice.factor(max(choice.scale))
    assert choice.backtest["series"] == 60
    assert bt.backtest(_walks(60, 12, seed=1, drift=0.0), choose_at=(6,)) == result


@pytest.mark.slow
def test_the_shipped_choice_is_what_the_backtest_chooses(default_db: Path) -> None:
    """data/trade/projection.yaml is reproduced by corridor targets --backtest on the default
    data: the same series, forecasts and scores, the same model and factors."""
    with Ledger.open(default_db, read_only=True) as ledger:
        series = bt.annual_series(ledger)
        at = bt.target_horizons(ledger, bt.Workspace.default().targets)
    result = bt.backtest(series, choose_at=at, gdp=read_gdp())
    shipped = bt.projection_choice()
    assert result.best == shipped.model
    assert result.series == shipped.backtest["series"]
    for row, stored in zip(result.by_horizon, shipped.backtest["by_horizon"], strict=True):
        assert row.model == stored["model"] and row.n == stored["n"]
        if row.n:
            assert row.crps == pytest.approx(stored["crps"], abs=1e-9)
    assert {h: round(f, 4) for h, f in result.scale.items()} == shipped.scale
    # every embedded pair takes part, not only Kazakhstan–China
    names = {s.name.split(" ")[0] for s in series}
    assert {"KAZ→CHN", "KAZ→WLD", "CHN→WLD", "WLD→WLD"} <= names


def _gdp_world(
    pairs: int, years: int, seed: int
) -> tuple[list[bt.Series], dict[tuple[str, int], float]]:
    """Pairs whose trade is their economic mass (a random walk with a pair's own drift, which
    changes once) plus a driftless random walk: the gdp model knows the mass up to the origin."""
    rng = np.random.default_rng(seed)
    gdp: dict[tuple[str, int], float] = {}
    out = []
    for k in range(pairs):
        a, b = f"A{k:02d}", f"B{k:02d}"
        g = rng.normal(0.08, 0.04)
        steps = rng.normal(g, 0.02, years + 11)
        steps[len(steps) // 2 :] += rng.normal(0, 0.03)
        mass = np.cumsum(steps)
        for i, y in enumerate(range(1990, 2001 + years)):
            gdp[(a, y)] = math.exp(25 + mass[i])
            gdp[(b, y)] = math.exp(25)
            gdp[("WLD", y)] = math.exp(25)
        noise = np.cumsum(rng.normal(0, 0.05, years))
        points = tuple(
            (y, math.exp(20 + mass[y - 1990] + noise[i]))
            for i, y in enumerate(range(2001, 2001 + years))
        )
        out.append(bt.Series(f"{a}→{b} export total", points, (a, b)))
    return out, gdp


def test_trade_that_follows_gdp_is_forecast_best_by_the_gdp_model() -> None:
    """Series that are the pair's GDP mass plus a random walk: the gdp model (GDP carried by its
    own trend at each origin) has the lowest CRPS at long horizons and honest intervals;
    without GDP it is the naive model, forecast for forecast."""
    series, gdp = _gdp_world(150, 14, seed=5)
    result = bt.backtest(series, choose_at=(6, 7, 8), gdp=gdp)
    assert result.best == "gdp" and result.without_gdp == 0
    assert result.crps_at_targets["gdp"] < result.crps_at_targets["naive"]
    row = result.row("gdp", 6)
    assert row is not None and row.coverage_80 is not None and 0.7 <= row.coverage_80 <= 0.95
    blind = bt.backtest(series, choose_at=(6, 7, 8))
    assert blind.without_gdp == blind.forecasts > 0
    for h in (1, 6):
        a, b = blind.row("gdp", h), blind.row("naive", h)
        assert a is not None and b is not None and a.crps == b.crps


def test_the_gdp_model_reads_no_gdp_after_its_origin() -> None:
    """Changing every GDP after an origin leaves the forecasts made at it unchanged."""
    series, gdp = _gdp_world(1, 12, seed=2)
    s = series[0]
    assert s.pair is not None
    cut = s.points[:6]
    origin = cut[-1][0]
    later = {k: v * (3.0 if k[1] > origin else 1.0) for k, v in gdp.items()}
    made = []
    for table in (gdp, later):
        path = bt.trend_path(bt.pair_mass(table, *s.pair), [y for y, _ in cut], 5)
        assert path is not None
        made.append(predictive("gdp", cut, 5, path))
    assert made[0] == made[1]
