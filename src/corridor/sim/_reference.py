"""A plain-Python implementation of the kernel's rules, kept for tests (slow, obvious)."""

from __future__ import annotations

import heapq

import numpy as np


def run_queue_reference(
    arrivals: np.ndarray,
    classes: np.ndarray,
    services: np.ndarray,
    servers: int,
    open_hours: np.ndarray,
    horizon: float,
) -> np.ndarray:
    """Start times by the same rules as :func:`corridor.sim._kernel.run_queue`."""
    n = len(arrivals)
    start = np.full(n, -1.0)
    free = [0.0] * servers
    waiting: list[tuple[int, int]] = []  # (class, index): class first, then arrival order
    i, now = 0, 0.0

    def opened_at(t: float) -> float:
        h = int(t)
        while h < len(open_hours) and not open_hours[h]:
            h += 1
        if h >= len(open_hours):
            return float("inf")
        return t if h == int(t) else float(h)

    while True:
        if waiting:
            s = min(range(servers), key=lambda k: (free[k], k))
            t = opened_at(max(free[s], now))
            if i < n and arrivals[i] <= t:
                heapq.heappush(waiting, (int(classes[i]), i))
                now = arrivals[i]
                i += 1
                continue
            if t > horizon:
                break
            _, j = heapq.heappop(waiting)
            start[j] = t
            free[s] = t + services[j]
            now = t
        elif i < n:
            heapq.heappush(waiting, (int(classes[i]), i))
            now = arrivals[i]
            i += 1
        else:
            break
    return start
