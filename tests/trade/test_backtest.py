"""The projection model is chosen by evidence: a rolling-origin backtest with interval coverage."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from corridor.ledger import Ledger
from corridor.trade import backtest as bt


def _random_walks(n: int, years: int, seed: int) -> list[bt.Series]:
    """Random walks with drift on logs: the drift model's own assumptions, so its intervals
    must cover about as often as they claim."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        steps = rng.normal(0.05, 0.15, years - 1)
        logs = np.concatenate([[math.log(1e9)], math.log(1e9) + np.cumsum(steps)])
        out.append(
            bt.Series(f"walk {k}", tuple(zip(range(2000, 2000 + years), np.exp(logs), strict=True)))
        )
    return out


def test_drift_intervals_cover_as_claimed_on_random_walks() -> None:
    result = bt.backtest(_random_walks(150, 12, seed=3), models=("drift",))
    (score,) = result.scores
    assert score.forecasts > 1000 and score.failed == 0
    assert 0.74 <= score.coverage80 <= 0.86
    assert 0.91 <= score.coverage95 <= 0.98


def test_a_smooth_trend_is_forecast_closely_by_every_model() -> None:
    years = range(2005, 2017)
    series = [bt.Series("trend", tuple((y, 1e9 * 1.07 ** (y - 2005)) for y in years))]
    result = bt.backtest(series)
    for s in result.scores:
        assert s.mae_log < 0.02, s


def test_the_choice_is_the_best_calibrated() -> None:
    result = bt.backtest(_random_walks(40, 10, seed=5))
    gaps = {s.model: s.calibration_gap for s in result.scores}
    assert gaps[result.chosen] == pytest.approx(min(gaps.values()), abs=1e-3)
    assert bt.backtest(_random_walks(40, 10, seed=5)) == result  # deterministic


def test_series_use_only_unbroken_runs() -> None:
    assert bt._longest_run([2015, 2016, 2017, 2018, 2019, 2022, 2023]) == [
        2015, 2016, 2017, 2018, 2019
    ]  # fmt: skip
    assert bt._longest_run([]) == []


def test_the_choice_file_round_trips(tmp_path: Path) -> None:
    result = bt.backtest(_random_walks(20, 9, seed=1))
    path = bt.write_choice(result, tmp_path / "projection.yaml", when="test")
    choice = bt.projection_choice(path)
    assert choice.model == result.chosen
    assert choice.backtest["series"] == 20


@pytest.mark.slow
def test_the_shipped_choice_is_what_the_backtest_chooses(default_db: Path) -> None:
    """data/trade/projection.yaml is reproduced by corridor targets --backtest on the default
    data: the same series, forecasts and coverage, and the same model."""
    with Ledger.open(default_db, read_only=True) as ledger:
        series = bt.annual_series(ledger)
    result = bt.backtest(series)
    shipped = bt.projection_choice()
    assert result.chosen == shipped.model == "drift"
    assert result.series == shipped.backtest["series"]
    for score, stored in zip(result.scores, shipped.backtest["scores"], strict=True):
        assert score.model == stored["model"] and score.forecasts == stored["forecasts"]
        assert score.coverage80 == pytest.approx(stored["coverage80"], abs=1e-9)
        assert score.coverage95 == pytest.approx(stored["coverage95"], abs=1e-9)
    # every embedded pair takes part, not only Kazakhstan–China
    names = {s.name.split(" ")[0] for s in series}
    assert {"KAZ→CHN", "KAZ→WLD", "CHN→WLD", "WLD→WLD"} <= names
