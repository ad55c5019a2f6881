"""The compiled hot loop of a rail crossing: border tracks, then gauge change, with a yard.

Stage 1 (border tracks): c1 tracks (``lanes_by_day[d]`` of them usable on day ``d``), priority
classes, opening hours, as in :func:`corridor.sim._kernel.run_queue`. Stage 2 (gauge change): c2
servers, first come first served, always open; a train's time there is its ``service2`` times
``scale2`` of the day it starts (the exchange's pace changes by day: 24 h / trains a day).
The yard holds at most ``yard`` trains between the start of their border processing and the end
of their gauge change: when it is full no train starts border processing,
so arrivals queue upstream (a full yard blocks arrivals). A train marked ``skip2`` (an empty
train going home on its own gauge) leaves after stage 1 without a gauge change. Nothing starts
after the horizon.
"""

from __future__ import annotations

import numpy as np
from numba import njit

INF = np.inf


@njit(cache=True)
def run_tandem(  # pragma: no cover - compiled
    arrivals: np.ndarray,
    classes: np.ndarray,
    service1: np.ndarray,
    service2: np.ndarray,
    c1: int,
    c2: int,
    yard: int,
    n_classes: int,
    next_open: np.ndarray,
    horizon: float,
    skip2: np.ndarray,
    lanes_by_day: np.ndarray,
    scale2: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """Start and end of both stages per train (−1 if not reached), and hours the yard was full."""
    n = arrivals.shape[0]
    hours = next_open.shape[0] - 1
    n_days = lanes_by_day.shape[0]
    start1 = np.full(n, -1.0)
    end1 = np.full(n, -1.0)
    start2 = np.full(n, -1.0)
    end2 = np.full(n, -1.0)
    done1 = np.full(c1, INF)  # completion time of the train on each stage-1 server
    who1 = np.full(c1, -1, dtype=np.int64)
    done2 = np.full(c2, INF)
    who2 = np.full(c2, -1, dtype=np.int64)
    q1 = np.empty((n_classes, n), dtype=np.int64)
    h1 = np.zeros(n_classes, dtype=np.int64)
    t1 = np.zeros(n_classes, dtype=np.int64)
    q2 = np.empty(n, dtype=np.int64)
    h2 = 0
    t2 = 0
    waiting1 = 0
    occupied = 0
    full_since = -1.0
    full_hours = 0.0
    i = 0
    now = 0.0
    while True:
        # start what can start now
        if now <= horizon:
            for k in range(c2):
                if who2[k] < 0 and h2 < t2:
                    j = q2[h2]
                    h2 += 1
                    start2[j] = now
                    end2[j] = now + service2[j] * scale2[min(int(now // 24.0), n_days - 1)]
                    done2[k] = end2[j]
                    who2[k] = j
            h = int(now)
            is_open = h < hours and next_open[h] == h
            usable = min(lanes_by_day[min(int(now // 24.0), n_days - 1)], c1)
            for k in range(usable):
                if who1[k] < 0 and waiting1 > 0 and occupied < yard and is_open:
                    for c in range(n_classes):
                        if h1[c] < t1[c]:
                            j = q1[c, h1[c]]
                            h1[c] += 1
                            break
                    waiting1 -= 1
                    occupied += 1
                    if occupied == yard and full_since < 0:
                        full_since = now
                    start1[j] = now
                    end1[j] = now + service1[j]
                    done1[k] = end1[j]
                    who1[k] = j
        # the next event
        ta = arrivals[i] if i < n else INF
        k1 = 0
        for k in range(1, c1):
            if done1[k] < done1[k1]:
                k1 = k
        k2 = 0
        for k in range(1, c2):
            if done2[k] < done2[k2]:
                k2 = k
        topen = INF
        if waiting1 > 0 and occupied < yard:
            h = int(now)
            d = int(now // 24.0)
            usable = min(lanes_by_day[min(d, n_days - 1)], c1)
            if h < hours and next_open[h] != h and next_open[h] < hours:
                for k in range(c1):
                    if who1[k] < 0:
                        topen = float(next_open[h])
                        break
            elif d + 1 < n_days:
                # tracks idle but closed for the day: look again when the next day starts
                idle_usable = False
                idle_closed = False
                for k in range(c1):
                    if who1[k] < 0:
                        if k < usable:
                            idle_usable = True
                        else:
                            idle_closed = True
                if idle_closed and not idle_usable:
                    topen = float((d + 1) * 24)
        t = min(ta, done1[k1], done2[k2], topen)
        if t == INF or t > horizon:
            break
        now = t
        if done2[k2] == t:
            who2[k2] = -1
            done2[k2] = INF
            if occupied == yard and full_since >= 0:
                full_hours += now - full_since
                full_since = -1.0
            occupied -= 1
        elif done1[k1] == t:
            j = who1[k1]
            who1[k1] = -1
            done1[k1] = INF
            if skip2[j]:
                start2[j] = t
                end2[j] = t
                if occupied == yard and full_since >= 0:
                    full_hours += now - full_since
                    full_since = -1.0
                occupied -= 1
            else:
                q2[t2] = j
                t2 += 1
        elif ta == t:
            c = classes[i]
            q1[c, t1[c]] = i
            t1[c] += 1
            waiting1 += 1
            i += 1
        # an opening: nothing to do but start at the top of the loop
    if full_since >= 0:
        full_hours += min(now, horizon) - full_since
    return start1, end1, start2, end2, full_hours
