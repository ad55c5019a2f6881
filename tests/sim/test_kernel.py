"""The engine against queueing theory, its plain reference, and itself."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.sim import open_hours, poisson_arrivals, simulate_queue
from corridor.sim._kernel import allowances
from corridor.sim._reference import run_queue_reference


def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue of M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait / (c * mu - lam)


def mm(rng: np.random.Generator, lam: float, mu: float, hours: int, shares: tuple[float, ...]):  # type: ignore[no-untyped-def]
    arrivals = poisson_arrivals(rng, np.full(hours, lam))
    classes = rng.choice(len(shares), size=arrivals.shape[0], p=shares)
    services = rng.exponential(1 / mu, arrivals.shape[0])
    return arrivals, classes, services


@pytest.mark.parametrize("c", [1, 3, 8])
def test_mmc_mean_wait_matches_erlang_c(c: int) -> None:
    """M/M/c at utilisation 0.9: mean wait within 2 % of Erlang C (long run, warm-up dropped)."""
    mu, rho = 1.0, 0.9
    lam = rho * c * mu
    hours = 2_000_000 // c  # about 1.8 M customers a run: the standard error is then ≈ 0.4 %
    waits = []
    for seed in range(8):
        rng = np.random.default_rng(seed)
        a, _, s = mm(rng, lam, mu, hours, (1.0,))
        result = simulate_queue(
            a,
            np.zeros_like(a, dtype=np.int64),
            s,
            servers=c,
            open_hours=np.ones(hours, dtype=np.bool_),
            n_classes=1,
        )
        keep = result.arrivals[result.served] > hours * 0.05
        waits.append(result.waits[keep].mean())
    assert np.mean(waits) == pytest.approx(erlang_c_wait(lam, mu, c), rel=0.02)


def test_priority_mm1_matches_cobham() -> None:
    """Non-preemptive priority M/M/1, two classes: each class's mean wait by Cobham (1954)."""
    mu, lam = 1.0, 0.8
    shares = (0.3, 0.7)
    hours = 600_000
    rng = np.random.default_rng(7)
    a, k, s = mm(rng, lam, mu, hours, shares)
    result = simulate_queue(a, k, s, servers=1, open_hours=np.ones(hours, dtype=np.bool_))
    w0 = lam * 2 / mu**2 / 2  # sum of lambda_i E[S^2] / 2, exponential services
    sigma1 = shares[0] * lam / mu
    expected = (w0 / (1 - sigma1), w0 / ((1 - sigma1) * (1 - lam / mu)))
    keep = result.served & (result.arrivals > hours * 0.05)
    for cls in (0, 1):
        got = (result.start - result.arrivals)[keep & (result.classes == cls)].mean()
        assert got == pytest.approx(expected[cls], rel=0.03)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    servers=st.integers(1, 4),
    hours_per_day=st.integers(4, 24),
    load=st.floats(0.2, 1.5),
)
def test_kernel_equals_the_plain_reference(
    seed: int, servers: int, hours_per_day: int, load: float
) -> None:
    """The compiled kernel and the plain-Python reference start everyone at the same time."""
    rng = np.random.default_rng(seed)
    hours = open_hours(days=5, hours_per_day=hours_per_day, days_per_week=5)
    a, k, s = mm(rng, load * servers, 1.0, hours.shape[0], (0.4, 0.6))
    fast = simulate_queue(a, k, s, servers=servers, open_hours=hours)
    slow = run_queue_reference(a, k, s, servers, hours, float(hours.shape[0]))
    np.testing.assert_allclose(fast.start, slow)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    servers=st.integers(1, 4),
    hours_per_day=st.integers(4, 24),
    per_day=st.floats(0.5, 40.0),
)
def test_a_daily_limit_is_applied_alike_by_kernel_and_reference(
    seed: int, servers: int, hours_per_day: int, per_day: float
) -> None:
    """With a daily limit (fractional too), the kernel and the plain reference agree."""
    rng = np.random.default_rng(seed)
    hours = open_hours(days=6, hours_per_day=hours_per_day, days_per_week=6)
    a, k, s = mm(rng, 1.5 * servers, 1.0, hours.shape[0], (0.3, 0.7))
    fast = simulate_queue(a, k, s, servers=servers, open_hours=hours, per_day=per_day)
    slow = run_queue_reference(
        a, k, s, servers, hours, float(hours.shape[0]), allowances(np.full(6, per_day))
    )
    np.testing.assert_allclose(fast.start, slow)
    days = (fast.start[fast.served] // 24).astype(np.int64)
    # the cumulative allowance is the floor of the cumulative limit (within 1e-9: 3 × 1.9999…
    # is 6 starts, not 5)
    allowed = [
        int(np.floor((d + 1) * per_day + 1e-9) - np.floor(d * per_day + 1e-9)) for d in range(6)
    ]
    assert allowed == list(allowances(np.full(6, per_day)))
    assert all(c <= allowed[d] for d, c in enumerate(np.bincount(days, minlength=6)))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), hours_per_day=st.integers(1, 24))
def test_every_arrival_departs_or_is_still_queued(seed: int, hours_per_day: int) -> None:
    """Served + backlog = arrivals; no service starts while closed or before its arrival."""
    rng = np.random.default_rng(seed)
    hours = open_hours(days=7, hours_per_day=hours_per_day, holidays=("01-03",))
    a, k, s = mm(rng, 2.0, 1.0, hours.shape[0], (0.5, 0.5))
    r = simulate_queue(a, k, s, servers=2, open_hours=hours)
    assert int(r.served.sum()) + r.backlog == a.shape[0]
    assert (r.start[r.served] >= r.arrivals[r.served]).all()
    assert hours[r.start[r.served].astype(np.int64)].all()


def test_same_seed_same_result_other_seed_other_result() -> None:
    def run(seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        a, k, s = mm(rng, 1.5, 1.0, 2000, (0.2, 0.8))
        return simulate_queue(
            a, k, s, servers=2, open_hours=open_hours(days=2000 // 24 + 1, hours_per_day=12)[:2000]
        ).start

    assert np.array_equal(run(1), run(1))
    assert not np.array_equal(run(1), run(2))


def test_open_hours() -> None:
    """9 hours from 09:00 on weekdays; holidays closed; 24 h means all day."""
    week = open_hours(days=7, hours_per_day=9, days_per_week=5, holidays=("01-02",))
    assert week[:24].sum() == 9 and week[9] and not week[8] and not week[18]
    assert week[24:48].sum() == 0  # 2 January, a holiday
    assert week[5 * 24 :].sum() == 0  # weekend
    assert open_hours(days=1, hours_per_day=24).all()
