"""A crossing with opening hours: the engine and an independent SimPy model agree."""

from __future__ import annotations

import numpy as np
import pytest
from benchmarks.simpy_queue import run_simpy

from corridor.sim import open_hours, poisson_arrivals, simulate_queue


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_waits_agree_with_simpy_on_the_same_inputs(seed: int) -> None:
    """Same arrivals and service times: mean wait per class agrees within 1 %, backlog within 1."""
    rng = np.random.default_rng(seed)
    hours = open_hours(days=60, hours_per_day=9, days_per_week=5, holidays=("01-01", "02-01"))
    arrivals = poisson_arrivals(rng, np.full(hours.shape[0], 1.2))
    classes = rng.choice(2, size=arrivals.shape[0], p=(0.25, 0.75))
    services = rng.exponential(0.45, arrivals.shape[0])
    ours = simulate_queue(arrivals, classes, services, servers=3, open_hours=hours)
    peer, _ = run_simpy(arrivals, classes, services, 3, hours)
    for cls in (0, 1):
        mask = classes == cls
        a = (ours.start - arrivals)[mask & (ours.start >= 0)]
        b = (peer - arrivals)[mask & (peer >= 0)]
        assert a.mean() == pytest.approx(b.mean(), rel=0.01)
        assert np.percentile(a, 95) == pytest.approx(np.percentile(b, 95), rel=0.02)
    assert abs(ours.backlog - int((peer < 0).sum())) <= 1
    # in fact the two implementations start every vehicle at the same moment
    np.testing.assert_allclose(ours.start, peer)
