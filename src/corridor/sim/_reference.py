"""A plain-Python implementation of the kernel's rules, kept for tests (slow, obvious)."""

from __future__ import annotations

import heapq
import math

import numpy as np


def run_queue_reference(
    arrivals: np.ndarray,
    classes: np.ndarray,
    services: np.ndarray,
    servers: int,
    open_hours: np.ndarray,
    horizon: float,
    per_day: float = 0.0,
) -> np.ndarray:
    """Start times by the same rules as :func:`corridor.sim._kernel.run_queue`."""
    n = len(arrivals)
    start = np.full(n, -1.0)
    free = [0.0] * servers
    waiting: list[tuple[int, int]] = []  # (class, index): class first, then arrival order
    i, now = 0, 0.0
    started_on: dict[int, int] = {}  # day → services started

    def allowance(d: int) -> int:
        return math.floor((d + 1) * per_day) - math.floor(d * per_day)

    def opened_at(t: float) -> float:
        while True:
            h = int(t)
            while h < len(open_hours) and not open_hours[h]:
                h += 1
            if h >= len(open_hours):
                return float("inf")
            t = t if h == int(t) else float(h)
            d = int(t // 24)
            if per_day <= 0 or started_on.get(d, 0) < allowance(d):
                return t
            t = float((d + 1) * 24)

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
            started_on[int(t // 24)] = started_on.get(int(t // 24), 0) + 1
            free[s] = t + services[j]
            now = t
        elif i < n:
            heapq.heappush(waiting, (int(classes[i]), i))
            now = arrivals[i]
            i += 1
        else:
            break
    return start
