"""Transient runs day by day: a cap that binds for some days builds the queue the fluid
calculation gives, which then clears at the spare capacity's pace; lanes and limits by day."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.sim import open_hours, simulate_queue
from corridor.sim._kernel import allowances
from corridor.sim._reference import run_queue_reference
from corridor.sim.crossing import StageSpec, StationSpec, draw_inputs, run_crossing
from corridor.sim.replication import daily_queue


def test_a_cap_below_arrivals_builds_the_fluid_queue_then_clears() -> None:
    """Arrivals 100 a day; lanes clear 150 a day; for days 10–29 the receiving side accepts 70.
    Fluid: the queue grows 30 a day to about 600 at day 30, then falls 50 a day: clear by ~42."""
    days = 60
    hours = np.ones(days * 24, dtype=np.bool_)
    limit = np.full(days, np.inf)
    limit[10:30] = 70.0
    spec = StationSpec(
        "fluid", "a_to_b", "road",
        StageSpec.plain("A", 1, 24 / 150, hours, daily_limit=limit, service_cv=0.0),
        StageSpec.plain("B", 4, 0.1, hours),
        arrivals="scheduled",
    )  # fmt: skip
    shares = np.zeros((5, days * 24))
    shares[1] = 1.0
    run = run_crossing(
        spec, draw_inputs(spec, np.full(days * 24, 100 / 24), shares, np.random.default_rng(1))
    )
    q = daily_queue(run, 0.0, days * 24.0)
    assert q[29] == pytest.approx(30 * 20, rel=0.08)  # 20 capped days × 30 excess
    assert q[9] < 5 and q[45] < 5  # none before; cleared after (600 / 50 = 12 days)
    clear = next(d for d in range(30, days) if q[d] <= 60)
    assert 38 <= clear <= 44


def test_lanes_closed_for_days_queue_and_then_clear() -> None:
    """One lane of two closed for a week halves the pace; the arrivals of those days wait."""
    days = 30
    hours = np.ones(days * 24, dtype=np.bool_)
    lanes = np.full(days, 2, dtype=np.int64)
    lanes[5:12] = 1
    rng = np.random.default_rng(3)
    n = 30 * days
    arrivals = np.sort(rng.uniform(0, days * 24, n))
    services = np.full(n, 1.2)  # two lanes clear 40 a day; one clears 20; 30 arrive
    with_works = simulate_queue(
        arrivals, np.ones(n, dtype=np.int64), services, servers=2, open_hours=hours,
        lanes_by_day=lanes,
    )  # fmt: skip
    plain = simulate_queue(
        arrivals, np.ones(n, dtype=np.int64), services, servers=2, open_hours=hours
    )
    day_11 = (arrivals > 11 * 24) & (arrivals < 12 * 24)
    assert (with_works.start - arrivals)[day_11].mean() > 24  # about 70 queued by day 12
    assert (plain.start - arrivals)[day_11].mean() < 2


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    lanes=st.lists(st.integers(0, 3), min_size=6, max_size=6),
    limits=st.lists(st.one_of(st.just(np.inf), st.floats(0.5, 30.0)), min_size=6, max_size=6),
)
def test_lanes_and_limits_by_day_agree_with_the_reference(
    seed: int, lanes: list[int], limits: list[float]
) -> None:
    """The compiled kernel and the plain reference start everyone alike when the lanes open and
    the daily allowance change from day to day (a day with no lane is closed)."""
    rng = np.random.default_rng(seed)
    hours = open_hours(days=6, hours_per_day=16, opens_at=5)
    n = int(rng.integers(5, 120))
    a = np.sort(rng.uniform(0, hours.shape[0], n))
    k = rng.choice(2, size=n).astype(np.int64)
    s = rng.exponential(1.5, n)
    lanes_by_day = np.array(lanes, dtype=np.int64)
    limit = np.array(limits, dtype=np.float64)
    fast = simulate_queue(a, k, s, servers=3, open_hours=hours, per_day=limit,
                          lanes_by_day=lanes_by_day)  # fmt: skip
    slow = run_queue_reference(
        a, k, s, 3, hours, float(hours.shape[0]), allowances(limit), lanes_by_day
    )
    np.testing.assert_allclose(fast.start, slow)
    started = fast.start[fast.start >= 0]
    day = (started // 24).astype(np.int64)
    assert all(lanes_by_day[d] > 0 for d in day)  # nothing starts on a day without lanes
    allowed = allowances(limit)
    counts = np.bincount(day, minlength=6)
    assert all(allowed[d] < 0 or counts[d] <= allowed[d] for d in range(6))


def test_scheduled_arrivals_follow_the_plan() -> None:
    """Trains to a plan: the expected number arrive, spread evenly (a gap near 24/n hours)."""
    from corridor.sim.station import scheduled_arrivals

    rate = np.full(24 * 10, 12 / 24)  # 12 trains a day
    times = scheduled_arrivals(np.random.default_rng(2), rate)
    assert len(times) in (119, 120, 121)
    gaps = np.diff(times)
    assert gaps.min() == pytest.approx(2.0, abs=1e-6) and gaps.max() == pytest.approx(2.0, abs=1e-6)
    jittered = scheduled_arrivals(np.random.default_rng(2), rate, jitter_hours=0.5)
    assert np.abs(np.sort(jittered) - times).max() <= 0.5 + 1e-9


def test_lognormal_times_have_the_stated_mean_and_spread() -> None:
    from corridor.sim.crossing import lognormal

    x = lognormal(np.random.default_rng(5), 2.0, 0.4, 200_000)
    assert x.mean() == pytest.approx(2.0, rel=0.01)
    assert x.std() / x.mean() == pytest.approx(0.4, rel=0.02)
