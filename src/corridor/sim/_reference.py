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
    allow_by_day: np.ndarray | None = None,
    lanes_by_day: np.ndarray | None = None,
) -> np.ndarray:
    """Start times by the same rules as :func:`corridor.sim._kernel.run_queue`: a start needs
    an open hour, a lane usable that day that is free, and room in the day's allowance."""
    n = len(arrivals)
    days = len(open_hours) // 24 + 1
    allow = [-1] * days if allow_by_day is None else [int(a) for a in allow_by_day]
    lanes = [servers] * days if lanes_by_day is None else [int(x) for x in lanes_by_day]
    start = np.full(n, -1.0)
    free = [0.0] * servers
    waiting: list[tuple[int, int]] = []  # (class, index): class first, then arrival order
    i, now = 0, 0.0
    started_on: dict[int, int] = {}  # day → services started

    def next_start(t: float) -> tuple[float, int]:
        """The earliest moment at or after ``t`` when a start is possible, and its lane."""
        while True:
            d = int(t // 24)
            if d >= len(lanes) or int(t) >= len(open_hours):
                return float("inf"), -1
            usable = min(lanes[d], servers)
            if usable <= 0:
                t = float((d + 1) * 24)
                continue
            s = min(range(usable), key=lambda k: (free[k], k))
            candidate = max(free[s], t)
            h = int(candidate)
            while h < len(open_hours) and not open_hours[h]:
                h += 1
            if h >= len(open_hours):
                return float("inf"), -1
            if h != int(candidate):
                candidate = float(h)
            if int(candidate // 24) != d:
                t = max(now, float(int(candidate // 24) * 24))
                continue
            if allow[d] >= 0 and started_on.get(d, 0) >= allow[d]:
                t = float((d + 1) * 24)
                continue
            return candidate, s

    while True:
        if waiting:
            t, s = next_start(now)
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
