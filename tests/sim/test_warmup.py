"""The warm-up rule (MSER-5) truncates a series where its start stops showing."""

from __future__ import annotations

import numpy as np

from corridor.sim.warmup import mser5, settled


def test_mser5_finds_the_end_of_a_known_transient() -> None:
    """A queue that starts 50 above its level and decays with a 10-day constant has forgotten
    its start after 30–60 days (50·e^(−t/10) falls below the noise's spread)."""
    rng = np.random.default_rng(1)
    t = np.arange(300)
    series = 50 * np.exp(-t / 10) + rng.normal(0, 2, t.shape[0]) + 20
    d = mser5(series)
    assert 20 <= d <= 60


def test_mser5_keeps_a_stationary_series() -> None:
    rng = np.random.default_rng(2)
    assert mser5(rng.normal(10, 1, 300)) <= 30


def test_a_warm_up_has_settled_when_the_truncation_is_in_its_first_half() -> None:
    rng = np.random.default_rng(3)
    assert settled(rng.normal(5, 1, 60))
    assert not settled(np.arange(60, dtype=float))  # still climbing: not settled
