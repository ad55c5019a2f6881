"""The compiled hot loop: one queue with c servers, priority classes and opening hours.

The kernel is a pure function of its arrays (arrival times, classes, service times, opening
hours): all randomness is drawn beforehand by the caller's seeded generator, so the same inputs
give the same outputs, and the plain-Python reference in :mod:`corridor.sim._reference` can be
checked against it line for line.

Rules: customers are served in order of class (0 first), then arrival (non-preemptive); a service
starts only while the crossing is open and a server is free; a service that has started finishes
even if the crossing closes; no service starts after the horizon (what is left is the backlog).
A daily limit ``per_day`` (0: none) caps the services started in each 24-hour day of the clock:
day d allows ``floor((d + 1) · per_day) − floor(d · per_day)`` starts, so a fractional limit holds
on average; once a day's allowance is used the next start waits for the next day.
"""

from __future__ import annotations

import numpy as np
from numba import njit


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
    per_day: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start times (−1 if not started by the horizon), server of each customer, busy hours."""
    n = arrivals.shape[0]
    hours = next_open.shape[0] - 1
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
                s = 0
                for k in range(1, servers):
                    if free[k] < free[s]:
                        s = k
                t = max(free[s], now)
                while True:
                    h = int(t)
                    if h >= hours:
                        t = horizon + 1.0
                        break
                    if next_open[h] != h:
                        if next_open[h] >= hours:
                            t = horizon + 1.0
                            break
                        t = float(next_open[h])
                    if per_day <= 0.0:
                        break
                    d = int(t // 24.0)
                    taken = used if d == day else 0
                    if taken < int(np.floor((d + 1) * per_day) - np.floor(d * per_day)):
                        break
                    t = float((d + 1) * 24)
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
            if per_day > 0.0:
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
