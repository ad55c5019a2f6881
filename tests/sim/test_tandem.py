"""The rail crossing: border tracks, then gauge change, with a yard that blocks when full."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.sim import open_hours, poisson_arrivals, simulate_queue
from corridor.sim._kernel import next_open_table
from corridor.sim._tandem import run_tandem


def trains(seed: int, hours: int, rate: float) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    a = poisson_arrivals(rng, np.full(hours, rate))
    k = rng.choice(2, size=a.shape[0], p=(0.3, 0.7)).astype(np.int64)
    return a, k, rng.exponential(2.0, a.shape[0]), rng.exponential(1.5, a.shape[0])


def tandem(a, k, s1, s2, hrs, c1=2, c2=1, yard=10**9):  # type: ignore[no-untyped-def]
    skip = np.zeros(a.shape[0], dtype=np.bool_)
    days = -(-hrs.shape[0] // 24)
    return run_tandem(
        a,
        k,
        s1,
        s2,
        c1,
        c2,
        yard,
        2,
        next_open_table(hrs),
        float(hrs.shape[0]),
        skip,
        np.full(days, c1, dtype=np.int64),
        np.ones(days),
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 5000), hours_per_day=st.integers(6, 24))
def test_without_a_yard_limit_stage_one_is_the_plain_queue(seed: int, hours_per_day: int) -> None:
    """With an unlimited yard the border tracks behave exactly as the single-stage kernel."""
    hrs = open_hours(days=10, hours_per_day=hours_per_day)
    a, k, s1, s2 = trains(seed, hrs.shape[0], 0.6)
    start1, *_ = tandem(a, k, s1, s2, hrs)
    plain = simulate_queue(a, k, s1, servers=2, open_hours=hrs)
    np.testing.assert_allclose(start1, plain.start)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 5000))
def test_gauge_change_is_fifo_after_the_border(seed: int) -> None:
    """One gauge-change line, unlimited yard: Lindley's recursion on border departures."""
    hrs = np.ones(24 * 20, dtype=np.bool_)
    a, k, s1, s2 = trains(seed, hrs.shape[0], 0.4)
    _, end1, start2, _, _ = tandem(a, k, s1, s2, hrs)
    order = np.argsort(end1[end1 >= 0], kind="stable")
    idx = np.flatnonzero(end1 >= 0)[order]
    free = 0.0
    for j in idx:
        if max(end1[j], free) > hrs.shape[0]:
            break
        expected = max(end1[j], free)
        assert start2[j] == expected
        free = expected + s2[j]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 5000), yard=st.integers(1, 6))
def test_the_yard_never_holds_more_than_its_capacity(seed: int, yard: int) -> None:
    """At any moment, trains between border start and gauge-change end are at most the yard."""
    hrs = np.ones(24 * 15, dtype=np.bool_)
    a, k, s1, s2 = trains(seed, hrs.shape[0], 0.8)
    start1, _, _, end2, full = tandem(a, k, s1, s2, hrs, c1=3, yard=yard)
    begun = start1 >= 0
    events = np.concatenate([start1[begun], np.where(end2[begun] >= 0, end2[begun], np.inf)])
    steps = np.concatenate([np.ones(begun.sum()), -np.ones(begun.sum())])
    order = np.lexsort((steps, events))  # at equal times, departures first
    assert np.cumsum(steps[order]).max() <= yard
    assert 0 <= full <= hrs.shape[0]


def test_a_small_yard_makes_trains_wait_longer_upstream() -> None:
    hrs = np.ones(24 * 60, dtype=np.bool_)
    a, k, s1, s2 = trains(3, hrs.shape[0], 0.5)
    wide = tandem(a, k, s1, s2, hrs, c1=3, yard=50)
    tight = tandem(a, k, s1, s2, hrs, c1=3, yard=2)
    wait = lambda r: (r[0] - a)[r[0] >= 0].mean()  # noqa: E731
    assert wait(tight) > wait(wide)
    assert tight[4] > wide[4]  # hours with the yard full
