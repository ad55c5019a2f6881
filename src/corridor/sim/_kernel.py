"""The compiled hot loop: one queue with lanes by day, priority classes and opening hours (and
:func:`kinds_of`, each vehicle's kind from its draw, compiled for the same reason).

The kernel is a pure function of its arrays (arrival times, classes, service times, opening
hours, lanes and allowances by day): all randomness is drawn beforehand by the caller's seeded
generator, so the same inputs give the same outputs, and the plain-Python reference in
:mod:`corridor.sim._reference` can be checked against it line for line.

Rules: customers are served in order of class (0 first), then arrival (non-preemptive); a service
starts only while the crossing is open and a lane usable that day is free (day ``d`` has
``lanes_by_day[d]`` lanes, the first ones; a lane closed for the day finishes the service it
started); a service that has started finishes even if the crossing closes; no service starts after
the horizon (what is left is the backlog). ``allow_by_day[d]`` caps the services started in the
24-hour day ``d`` of the clock (−1: no cap); once a day's allowance is used the next start waits for
the next day. :func:`allowances` turns a limit a day (fractional too) into those whole numbers.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def allowances(limit_by_day: np.ndarray) -> np.ndarray:
    """Whole starts allowed each day for a limit a day (``inf``: none, written −1): over a run
    of finite days the cumulative allowance is ``floor`` of the cumulative limit, so a fractional
    limit holds on average (37.5 a day allows 37, 38, 37, …)."""
    limit = np.asarray(limit_by_day, dtype=np.float64)
    finite = np.isfinite(limit)
    cum = np.cumsum(np.where(finite, limit, 0.0))
    before = np.concatenate(([0.0], cum[:-1]))
    out = np.full(limit.shape[0], -1, dtype=np.int64)
    out[finite] = (np.floor(cum + 1e-9) - np.floor(before + 1e-9))[finite].astype(np.int64)
    return out


@njit(cache=True)
def kinds_of(
    u: np.ndarray, hour: np.ndarray, cum: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """Each vehicle's kind from its uniform draw ``u``: how many of its hour's cumulative shares
    ``cum[:, hour]`` the draw exceeds, at most the last kind (the inverse of that hour's
    distribution of kinds)."""
    n, k = u.shape[0], cum.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        h = hour[i]
        c = 0
        for r in range(k):
            if u[i] > cum[r, h]:
                c += 1
        out[i] = min(c, k - 1)
    return out


@njit(cache=True)
def next_open_table(open_hours: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """For each hour index, the first open hour at or after it (len(open_hours) if none)."""
    n = open_hours.shape[0]
    out = np.empty(n + 1, dtype=np.int64)
    out[n] = n
    nxt = n
    for h in range(n - 1, -1, -1):
        if open_hours[h]:
            nxt = h
        out[h] = nxt
    return out


@njit(cache=True)
def run_queue(  # pragma: no cover - compiled
    arrivals: np.ndarray,
    classes: np.ndarray,
    services: np.ndarray,
    servers: int,
    n_classes: int,
    next_open: np.ndarray,
    horizon: float,
    allow_by_day: np.ndarray,
    lanes_by_day: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start times (−1 if not started by the horizon), lane of each customer, busy hours."""
    n = arrivals.shape[0]
    hours = next_open.shape[0] - 1
    n_days = lanes_by_day.shape[0]
    start = np.full(n, -1.0)
    server_of = np.full(n, -1, dtype=np.int64)
    free = np.zeros(servers)
    busy = np.zeros(servers)
    # one FIFO per class, as index buffers
    qbuf = np.empty((n_classes, n), dtype=np.int64)
    head = np.zeros(n_classes, dtype=np.int64)
    tail = np.zeros(n_classes, dtype=np.int64)
    queued = 0
    i = 0
    now = 0.0
    day = -1  # the day whose starts ``used`` counts
    used = 0
    t = 0.0
    s = 0
    fresh = False  # whether (t, s) is the next start for the current queue
    while True:
        if queued > 0:
            if not fresh:
                t = now
                while True:
                    d = int(t // 24.0)
                    if d >= n_days or int(t) >= hours:
                        t = horizon + 1.0
                        break
                    lanes = min(lanes_by_day[d], servers)
                    if lanes <= 0:
                        t = float((d + 1) * 24)
                        continue
                    s = 0
                    for k in range(1, lanes):
                        if free[k] < free[s]:
                            s = k
                    if free[s] > t:
                        t = free[s]
                    h = int(t)
                    if h >= hours:
                        t = horizon + 1.0
                        break
                    if next_open[h] != h:
                        if next_open[h] >= hours:
                            t = horizon + 1.0
                            break
                        t = float(next_open[h])
                    d2 = int(t // 24.0)
                    if d2 != d:
                        # a later day may have other lanes: look again from its start
                        t = max(now, float(d2 * 24))
                        continue
                    allowed = allow_by_day[d]
                    if allowed >= 0:
                        taken = used if d == day else 0
                        if taken >= allowed:
                            t = float((d + 1) * 24)
                            continue
                    break
                # an arrival before t cannot move t: it only joins the queue
                fresh = True
            if i < n and arrivals[i] <= t:
                c = classes[i]
                qbuf[c, tail[c]] = i
                tail[c] += 1
                queued += 1
                now = arrivals[i]
                i += 1
                continue
            if t > horizon:
                break
            for c in range(n_classes):
                if head[c] < tail[c]:
                    j = qbuf[c, head[c]]
                    head[c] += 1
                    break
            queued -= 1
            d = int(t // 24.0)
            if d != day:
                day = d
                used = 0
            used += 1
            start[j] = t
            server_of[j] = s
            free[s] = t + services[j]
            busy[s] += services[j]
            now = t
            fresh = False
        elif i < n:
            c = classes[i]
            qbuf[c, tail[c]] = i
            tail[c] += 1
            queued += 1
            now = arrivals[i]
            i += 1
            fresh = False
        else:
            break
    return start, server_of, busy
