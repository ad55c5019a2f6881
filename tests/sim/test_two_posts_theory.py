"""Two posts in series against queueing theory, and overload reported as a result.

Burke's theorem: the departures of a stable M/M/c queue are Poisson at the arrival rate, and a
dwell of independent exponential length (an infinite-server stage) keeps them Poisson; so the
entry post of two M/M/c posts in series is itself M/M/c, and each post's mean wait is Erlang C's.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.network.demand import StationDemand
from corridor.sim.crossing import StageSpec, StationSpec, draw_inputs, run_crossing
from corridor.sim.replication import Job
from corridor.sim.run import summarise


def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait / (c * mu - lam)


def _stage(country: str, servers: int, service: float, hours: int, dwell: float = 0.0) -> StageSpec:
    return StageSpec.plain(
        country, servers, service, np.ones(hours, dtype=np.bool_), dwell_hours=dwell
    )


def _spec(c1: int, s1: float, c2: int, s2: float, hours: int, dwell: float) -> StationSpec:
    return StationSpec(
        "theory", "a_to_b", "road", _stage("A", c1, s1, hours, dwell), _stage("B", c2, s2, hours)
    )


@pytest.mark.parametrize(("c1", "c2"), [(1, 2), (3, 1)])
def test_each_post_of_two_in_series_waits_as_erlang_c(c1: int, c2: int) -> None:
    lam = 0.8 * min(c1 / 1.0, c2 / 1.5)  # the busier post at 80 %
    hours = 400_000
    spec = _spec(c1, 1.0, c2, 1.5, hours, dwell=3.0)
    shares = np.zeros((5, hours))
    shares[1] = 1.0
    waits1, waits2 = [], []
    for seed in range(3):
        run = run_crossing(
            spec, draw_inputs(spec, np.full(hours, lam), shares, np.random.default_rng(seed))
        )
        keep = (run.arrivals > 0.05 * hours) & (run.entry_start >= 0)
        waits1.append((run.exit_start - run.arrivals)[keep].mean())
        waits2.append((run.entry_start - run.entry_arrival)[keep].mean())
    assert np.mean(waits1) == pytest.approx(erlang_c_wait(lam, 1.0, c1), rel=0.04)
    assert np.mean(waits2) == pytest.approx(erlang_c_wait(lam, 1 / 1.5, c2), rel=0.04)


def _job(spec: StationSpec, lam: float, days: int) -> Job:
    hours = days * 24
    shares = np.zeros((5, hours))
    shares[1] = 1.0
    demand = StationDemand(
        "theory", "a_to_b", "road", {"containers": lam * 365}, {"containers": 0.0}, {}
    )
    return Job(0, demand, spec, np.full(hours, lam / 24), shares, (0.0, float(hours)))


@pytest.mark.parametrize("days", [90, 365])
def test_an_overloaded_mmc_is_reported_as_overloaded_whatever_the_run_length(days: int) -> None:
    """M/M/2 at ρ = 1.25: reported as overloaded by 0.25 × capacity a day, the queue growing at
    about that rate; no mean wait (it would depend on the run's length)."""
    from corridor.sim.replication import replicate

    capacity = 2 * 24 / 1.0  # vehicles a day the lanes clear
    lam = 1.25 * capacity
    spec = _spec(2, 1.0, 8, 0.1, days * 24, dwell=0.0)
    job = _job(spec, lam, days)
    result = summarise(job, [replicate(job, r, 11) for r in range(3)])
    assert result.overload is not None
    assert result.overload.capacity_per_day == pytest.approx(capacity)
    assert result.overload.excess_per_day == pytest.approx(lam - capacity, rel=0.01)
    assert result.overload.queue_growth_per_day.mean == pytest.approx(lam - capacity, rel=0.1)
    assert "wait_mean_h" not in result.stats and "throughput_per_day" in result.stats
    assert result.stats["throughput_per_day"].mean == pytest.approx(capacity, rel=0.03)


def test_a_stable_station_has_steady_statistics() -> None:
    from corridor.sim.replication import replicate

    spec = _spec(2, 1.0, 8, 0.1, 120 * 24, dwell=0.0)
    job = _job(spec, 0.7 * 48, 120)
    result = summarise(job, [replicate(job, r, 3) for r in range(3)])
    assert result.overload is None and "wait_mean_h" in result.stats
