"""How long a run warms up before its measured days: MSER-5 (White 1997; White, Cobb & Spratt
2000), applied to a pilot replication's daily queue.

A run starts ``W`` days before its first measured day, with the network, demand and events in force
on those days and its queues empty. MSER-5 splits a series into batches of five and finds the
truncation point ``d`` (at most half the batches) that minimises the squared standard error of the
mean of what is left, ``Σ (b_j − b̄)² / (m − d)²``: before ``d`` the series still remembers how it
started. ``W`` is long enough when MSER-5, applied to the ``W`` days before the first measured day,
truncates in their first half (the queue settled before the measured days begin); otherwise ``W``
doubles (30, 60, 120, 240, then 365 at most, where the run says it may not have settled).
"""

from __future__ import annotations

import numpy as np

#: the warm-ups tried, in days
STEPS = (30, 60, 120, 240, 365)


def mser5(series: np.ndarray) -> int:
    """The MSER-5 truncation point of ``series`` (one value a day), in days."""
    y = np.asarray(series, dtype=np.float64)
    batches = y.shape[0] // 5
    if batches < 2:
        return 0
    b = y[: batches * 5].reshape(batches, 5).mean(axis=1)
    # for each d: the batches from d on (d at most half of them)
    ds = np.arange(0, batches // 2 + 1)
    rest = batches - ds
    tail_sum = np.cumsum(b[::-1])[::-1]
    tail_sq = np.cumsum((b * b)[::-1])[::-1]
    mean = tail_sum[ds] / rest
    sse = tail_sq[ds] - rest * mean * mean
    stat = np.maximum(sse, 0.0) / (rest * rest)
    return int(ds[int(np.argmin(stat))]) * 5


def settled(before_start: np.ndarray) -> bool:
    """Whether the queue over the days before the measured ones settled in their first half."""
    days = before_start.shape[0]
    # MSER-5 searches up to half the batches: a truncation there means the run is too short
    return bool(days >= 10 and mser5(before_start) < 5 * ((days // 5) // 2))
