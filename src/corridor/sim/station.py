"""One direction of a crossing as a queue: arrivals, lanes, opening hours, priority, inspections.

All randomness comes from the ``numpy.random.Generator`` passed in (seeded by the caller); the
queue itself runs in the compiled kernel (:mod:`corridor.sim._kernel`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np


def open_hours(
    *,
    days: int,
    hours_per_day: float,
    days_per_week: int = 7,
    opens_at: int = 9,
    holidays: tuple[str, ...] = (),
    start: dt.date = dt.date(2024, 1, 1),
) -> np.ndarray:
    """Hour-by-hour open (True) / closed over ``days`` days from ``start`` (a Monday by default).

    Fewer than 24 hours a day are counted from ``opens_at``; the first ``days_per_week`` days of
    each week are working days; ``holidays`` (MM-DD) are closed.
    """
    if not 0 < hours_per_day <= 24 or not 0 < days_per_week <= 7:
        raise ValueError("hours_per_day must be in (0, 24] and days_per_week in (0, 7]")
    first = 0 if hours_per_day >= 24 else opens_at
    last = min(24, first + round(hours_per_day))
    day = np.zeros(24, dtype=np.bool_)
    day[first:last] = True
    dates = np.arange(np.datetime64(start), np.datetime64(start) + days)
    weekday = (dates.astype("datetime64[D]").view("int64") - 4) % 7  # 1970-01-01 was a Thursday
    working = weekday < days_per_week
    if holidays:
        month_day = np.char.add(
            np.char.zfill(((dates.astype("datetime64[M]").view("int64") % 12) + 1).astype(str), 2),
            np.char.add(
                "-",
                np.char.zfill(
                    ((dates - dates.astype("datetime64[M]")).view("int64") + 1).astype(str), 2
                ),
            ),
        )
        working &= ~np.isin(month_day, np.array(holidays))
    hours = (working[:, None] & day[None, :]).reshape(-1)
    return hours


def poisson_arrivals(rng: np.random.Generator, rate_per_hour: np.ndarray) -> np.ndarray:
    """Arrival times (hours) of a Poisson process whose rate is constant within each hour."""
    counts = rng.poisson(rate_per_hour)
    hours = np.repeat(np.arange(rate_per_hour.shape[0], dtype=np.float64), counts)
    return np.sort(hours + rng.random(hours.shape[0]))


def scheduled_arrivals(
    rng: np.random.Generator, rate_per_hour: np.ndarray, jitter_hours: float = 0.0
) -> np.ndarray:
    """Arrival times (hours) to a plan: the k-th arrival where the cumulative intensity reaches
    ``k - 1 + u`` (one random phase ``u`` for the run), so the expected number arrive, evenly
    spread along the intensity, each then moved by up to ``jitter_hours`` either way."""
    rate = np.asarray(rate_per_hour, dtype=np.float64)
    cum = np.concatenate(([0.0], np.cumsum(rate)))
    total = float(cum[-1])
    phase = float(rng.random())
    if total <= phase:
        return np.zeros(0)
    levels = np.arange(phase, total, 1.0)
    # invert the piecewise-linear cumulative intensity, hour by hour
    hour = np.searchsorted(cum, levels, side="right") - 1
    hour = np.clip(hour, 0, rate.shape[0] - 1)
    within = np.divide(
        levels - cum[hour], rate[hour], out=np.zeros_like(levels), where=rate[hour] > 0
    )
    times = hour + np.clip(within, 0.0, 1.0 - 1e-9)
    if jitter_hours > 0:
        times = times + rng.uniform(-jitter_hours, jitter_hours, times.shape[0])
    return np.sort(np.clip(times, 0.0, rate.shape[0] - 1e-9))


@dataclass(frozen=True)
class QueueResult:
    """Per customer: arrival, class, start (−1: still waiting at the horizon), finish."""

    arrivals: np.ndarray
    classes: np.ndarray
    start: np.ndarray
    finish: np.ndarray
    busy_hours: float
    servers: int
    horizon: float
    open_hours: float
    extra_wait: np.ndarray | None = None  # rail: hours in the yard before gauge change
    yard_full_hours: float = 0.0

    @property
    def served(self) -> np.ndarray:
        return self.start >= 0

    @property
    def waits(self) -> np.ndarray:
        """Waiting time (hours) of the customers whose service started."""
        waits: np.ndarray = (self.start - self.arrivals)[self.served]
        if self.extra_wait is not None:
            waits = waits + self.extra_wait[self.served]
        return waits

    @property
    def backlog(self) -> int:
        return int((~self.served).sum())

    @property
    def utilisation(self) -> float:
        """Busy share of the lanes' open hours (a service may run on past closing)."""
        return self.busy_hours / (self.servers * self.open_hours) if self.open_hours else 0.0

    def queue_length(self, step: float = 1.0) -> np.ndarray:
        """Customers waiting at times 0, step, 2·step, … up to the horizon."""
        grid = np.arange(0.0, self.horizon + step / 2, step)
        arrived = np.searchsorted(self.arrivals, grid, side="right")
        started = np.searchsorted(np.sort(self.start[self.served]), grid, side="right")
        return arrived - started


def simulate_queue(
    arrivals: np.ndarray,
    classes: np.ndarray,
    services: np.ndarray,
    *,
    servers: int,
    open_hours: np.ndarray,
    n_classes: int = 2,
    per_day: float | np.ndarray = 0.0,
    lanes_by_day: np.ndarray | None = None,
) -> QueueResult:
    """Run the kernel on given arrivals and service times (hours); ``per_day`` caps the services
    started each day (one number, or one a day; 0 or inf: no cap); ``lanes_by_day``: the lanes
    open each day (default: all ``servers``)."""
    from corridor.sim._kernel import allowances, next_open_table, run_queue  # compiled

    if servers < 1:
        raise ValueError("at least one server")
    horizon = float(open_hours.shape[0])
    days = -(-open_hours.shape[0] // 24)
    limit = np.broadcast_to(np.asarray(per_day, dtype=np.float64), (days,)).copy()
    limit[limit <= 0] = np.inf
    lanes = (
        np.full(days, servers, dtype=np.int64)
        if lanes_by_day is None
        else np.ascontiguousarray(lanes_by_day, dtype=np.int64)
    )
    arrivals = np.ascontiguousarray(arrivals, dtype=np.float64)
    classes = np.ascontiguousarray(classes, dtype=np.int64)
    services = np.ascontiguousarray(services, dtype=np.float64)
    start, _, busy = run_queue(
        arrivals,
        classes,
        services,
        servers,
        n_classes,
        next_open_table(open_hours),
        horizon,
        allowances(limit),
        lanes,
    )
    finish = np.where(start >= 0, start + services, -1.0)
    # busy time counted up to the horizon only
    overrun = np.clip(finish - horizon, 0.0, None)[start >= 0].sum()
    return QueueResult(
        arrivals,
        classes,
        start,
        finish,
        float(busy.sum() - overrun),
        servers,
        horizon,
        float(open_hours.sum()),
    )
