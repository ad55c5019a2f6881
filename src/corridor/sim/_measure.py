"""The compiled pass behind :func:`corridor.sim.replication.measure`: one loop over a
replication's vehicles gathers every sum, count and histogram its statistics are made of.

A pure function of its arrays, like the queue kernels (:mod:`corridor.sim._kernel`); the
statistics' definitions are those of ``measure``'s docstring, written out in NumPy in
``tests/sim/test_measure.py``. Counts "at or before" a point of an evenly spaced grid: a time
``t`` (≥ 0) counts from the grid point ``ceil((t − g0) / step)`` on (times before the grid count
everywhere, times after it nowhere).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# the slots of the sums (``tally``'s first result)
N_THROUGH, SUM_WAIT, MAX_WAIT, SUM_TOTAL, MAX_TOTAL = 0, 1, 2, 3, 4
N_EXIT_DONE, SUM_EXIT_TIME, N_ENTRY_DONE, SUM_ENTRY_TIME = 5, 6, 7, 8
VALUE_HOURS, EXIT_THROUGH, ENTRY_THROUGH, DELIVERED_LOADED, DELIVERED_TRANSIT = 9, 10, 11, 12, 13
BUSY_EXIT, BUSY_ENTRY, NOT_LEFT, ARRIVED_AFTER = 14, 15, 16, 17
#: through vehicles of kind k: their count at KIND_WAIT + 2k, their waits' sum at + 1
KIND_WAIT = 18
#: shipments (not empty) done at each side: count, then sum of the time (exit, entry, crossing)
SHIP_EXIT, SHIP_ENTRY, SHIP_CROSSING = 28, 30, 32
#: services started in the window by kind k, at the exit post (EXIT_KIND + k) and the entry one
EXIT_KIND, ENTRY_KIND = 34, 39
SLOTS = 44
N_KINDS = 5
EMPTY_KIND = 2
LOADED_KINDS = (0, 1)  # agri, loaded
TRANSIT_KIND = 3


@njit(cache=True, inline="always")
def _slot(t: float, g0: float, step: float, m: int) -> int:  # pragma: no cover - compiled
    k = math.ceil((t - g0) / step)
    if k < 0:
        return 0
    if k > m:
        return m
    return int(k)


@njit(cache=True, inline="always")
def _done(  # pragma: no cover - compiled
    sums: np.ndarray, count: int, total: int, ship: int, hours: float, shipment: bool
) -> None:
    """A vehicle done at one post within the window: its count and hours, and a shipment's
    (not an empty vehicle's) at ``ship`` and ``ship + 1`` too."""
    sums[count] += 1
    sums[total] += hours
    if shipment:
        sums[ship] += 1
        sums[ship + 1] += hours


@njit(cache=True)
def tally(  # pragma: no cover - compiled
    arrivals: np.ndarray,
    kinds: np.ndarray,
    exit_start: np.ndarray,
    exit_end: np.ndarray,
    exit_leave: np.ndarray,
    entry_arrival: np.ndarray,
    entry_start: np.ndarray,
    entry_end: np.ndarray,
    entry_leave: np.ndarray,
    yard_in: np.ndarray,
    yard_out: np.ndarray,
    w0: float,
    w1: float,
    horizon: float,
    unit_value: np.ndarray,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:
    """Sums (the slots above); each vehicle's wait (0 unless it crossed), time in the crossing
    and whether it crossed; the exit and entry queues on the hourly grid of the window; at each
    day's end, the exit and entry queues (rows of ``daily``); and by day, the services started
    at the entry post, and the sum and count of the crossing times of the vehicles that arrived
    that day (rows of ``by_day``)."""
    n = arrivals.shape[0]
    sums = np.zeros(SLOTS)
    sums[MAX_WAIT] = -math.inf
    sums[MAX_TOTAL] = -math.inf
    wait = np.zeros(n)
    total = np.zeros(n)
    through = np.zeros(n, dtype=np.bool_)
    hours = math.ceil(w1 - w0) if w1 > w0 else 0  # np.arange(w0, w1, 1.0)
    h_step = 1.0
    days = 0
    t = w0 + 24.0
    while t <= w1 + 1e-9:  # np.arange(w0 + 24, w1 + 1e-9, 24)
        days += 1
        t += 24.0
    d_step = 24.0 if days > 1 else 1.0
    d0 = w0 + 24.0
    n_days = round((w1 - w0) / 24.0)
    exit_h = np.zeros(hours + 1, dtype=np.int64)
    entry_h = np.zeros(hours + 1, dtype=np.int64)
    exit_d = np.zeros(days + 1, dtype=np.int64)
    entry_d = np.zeros(days + 1, dtype=np.int64)
    per_day = np.zeros(max(n_days, 0))
    time_sum = np.zeros(max(n_days, 0))
    time_count = np.zeros(max(n_days, 0))
    for i in range(n):
        a, k = arrivals[i], kinds[i]
        s1, e1, l1 = exit_start[i], exit_end[i], exit_leave[i]
        a2, s2, e2, l2 = entry_arrival[i], entry_start[i], entry_end[i], entry_leave[i]
        yi, yo = yard_in[i], yard_out[i]
        # queues: +1 when a vehicle comes, −1 when its service begins
        if a >= 0:
            exit_h[_slot(a, w0, h_step, hours)] += 1
            exit_d[_slot(a, d0, d_step, days)] += 1
        if s1 >= 0:
            exit_h[_slot(s1, w0, h_step, hours)] -= 1
            exit_d[_slot(s1, d0, d_step, days)] -= 1
        for tt, sign in ((a2, 1), (s2, -1), (yi, 1), (yo, -1)):
            if tt >= 0:
                entry_h[_slot(tt, w0, h_step, hours)] += sign
                entry_d[_slot(tt, d0, d_step, days)] += sign
        inside = a >= w0 and a < w1
        crossed = inside and l2 >= 0
        w = 0.0
        if crossed:
            yard_wait = yo - yi if (yo >= 0 and yi >= 0) else 0.0
            w = (s1 - a) + (s2 - a2) + yard_wait
            wait[i] = w
            tt = l2 - a
            total[i] = tt
            through[i] = True
            sums[N_THROUGH] += 1
            sums[SUM_WAIT] += w
            sums[MAX_WAIT] = max(sums[MAX_WAIT], w)
            sums[SUM_TOTAL] += tt
            sums[MAX_TOTAL] = max(sums[MAX_TOTAL], tt)
            sums[KIND_WAIT + 2 * k] += 1
            sums[KIND_WAIT + 2 * k + 1] += w
            if k != EMPTY_KIND:
                sums[SHIP_CROSSING] += 1
                sums[SHIP_CROSSING + 1] += tt
            if n_days > 0:
                day = int((a - w0) // 24.0)
                if 0 <= day < n_days:
                    time_sum[day] += tt
                    time_count[day] += 1
        if inside:
            if l1 >= 0:
                _done(sums, N_EXIT_DONE, SUM_EXIT_TIME, SHIP_EXIT, l1 - a, k != EMPTY_KIND)
            if l2 >= 0:
                _done(sums, N_ENTRY_DONE, SUM_ENTRY_TIME, SHIP_ENTRY, l2 - a2, k != EMPTY_KIND)
            # waits of vehicles still queueing at the horizon count up to it
            if s1 >= 0:
                hw = w if s2 >= 0 else (s1 - a) + (horizon - a2 if a2 >= 0 else 0.0)
            else:
                hw = horizon - a
            sums[VALUE_HOURS] += hw * unit_value[k]
        if s1 >= w0 and s1 < w1:
            sums[EXIT_THROUGH] += 1
            sums[EXIT_KIND + k] += 1
        if s2 >= w0 and s2 < w1:
            sums[ENTRY_THROUGH] += 1
            sums[ENTRY_KIND + k] += 1
            if n_days > 0:
                day = int((s2 - w0) // 24.0)
                if 0 <= day < n_days:
                    per_day[day] += 1
        if l2 >= w0 and l2 < w1:
            if k == LOADED_KINDS[0] or k == LOADED_KINDS[1]:
                sums[DELIVERED_LOADED] += 1
            elif k == TRANSIT_KIND:
                sums[DELIVERED_TRANSIT] += 1
        if s1 >= 0:
            sums[BUSY_EXIT] += max(min(e1, w1) - max(s1, w0), 0.0)
        if s2 >= 0:
            sums[BUSY_ENTRY] += max(min(e2, w1) - max(s2, w0), 0.0)
        if l2 < 0:
            sums[NOT_LEFT] += 1
        if a >= w1:
            sums[ARRIVED_AFTER] += 1
    exit_q = np.cumsum(exit_h[:hours])
    entry_q = np.cumsum(entry_h[:hours])
    daily = np.empty((2, days))
    daily[0] = np.cumsum(exit_d[:days])
    daily[1] = np.cumsum(entry_d[:days])
    by_day = np.empty((3, max(n_days, 0)))
    by_day[0] = per_day
    by_day[1] = time_sum
    by_day[2] = time_count
    return sums, wait, total, through, exit_q, entry_q, daily, by_day
