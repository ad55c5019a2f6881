"""Two posts in series written with SimPy: the peer of the engine's crossing for tests and the
benchmark.

Exit post: c1 lanes, non-preemptive priority (class 0 first, then arrival order), opening hours
and a daily limit of services started; while the post is closed, or its day's allowance is used,
top-priority "closure" requests hold every lane (services in progress finish, as in the kernel)
until it opens again. After its service a vehicle dwells (a given delay, no lane held: documents,
transload) and reaches the entry post: c2 tracks behind a yard that holds at most ``yard`` trains
from the start of the tracks to the end of the gauge change (FIFO, always open), then one gauge
line; a train marked ``skip`` leaves after the tracks.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from benchmarks.simpy_queue import close_all, gate


def run_simpy_crossing(
    arrivals: np.ndarray,
    classes: np.ndarray,
    service1: np.ndarray,
    delay: np.ndarray,
    service2: np.ndarray,
    gauge: np.ndarray,
    skip: np.ndarray,
    *,
    c1: int,
    open1: np.ndarray,
    per_day: float | np.ndarray,
    c2: int,
    yard: int,
    gauge_scale: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Start at the exit post, start on the entry tracks and end of the gauge change (−1: not
    reached by the horizon), and the number of SimPy events processed."""
    env = simpy.Environment()
    horizon = float(open1.shape[0])
    lanes = simpy.PriorityResource(env, capacity=c1)
    tracks = simpy.Resource(env, capacity=c2)
    yard_slots = simpy.Resource(env, capacity=yard)
    line = simpy.Resource(env, capacity=1)
    n = arrivals.shape[0]
    start1 = np.full(n, -1.0)
    start2 = np.full(n, -1.0)
    end2 = np.full(n, -1.0)
    used: dict[int, int] = {}

    days = int(horizon // 24) + 1
    if np.ndim(per_day) == 0:
        scalar = float(per_day)  # type: ignore[arg-type]
        allowed = [
            math.floor((d + 1) * scalar) - math.floor(d * scalar) if scalar > 0 else -1
            for d in range(days)
        ]
    else:
        allowed = [int(a) for a in per_day] + [-1]  # type: ignore[union-attr]

    def allowance(d: int) -> int:
        return allowed[d] if d < len(allowed) else -1

    def entry(i: int) -> Generator[Any, Any, None]:
        track = tracks.request()
        yield track
        slot = yard_slots.request()  # a train starts on the tracks only with room in the yard
        yield slot
        if env.now > horizon:
            return
        start2[i] = env.now
        yield env.timeout(float(service2[i]))
        tracks.release(track)
        if skip[i]:
            end2[i] = env.now
            yard_slots.release(slot)
            return
        with line.request() as req:
            yield req
            if env.now > horizon:
                return
            scale = (
                1.0
                if gauge_scale is None
                else float(gauge_scale[min(int(env.now // 24), len(gauge_scale) - 1)])
            )
            end2[i] = env.now + float(gauge[i]) * scale
            yield env.timeout(float(gauge[i]) * scale)
        yard_slots.release(slot)

    def vehicle(i: int) -> Generator[Any, Any, None]:
        with lanes.request(priority=int(classes[i])) as req:
            yield req
            if env.now > horizon:
                return
            start1[i] = env.now
            d = int(env.now // 24)
            if allowance(d) >= 0:
                used[d] = used.get(d, 0) + 1
                if used[d] >= allowance(d):
                    close_all(env, lanes, float((d + 1) * 24))
            yield env.timeout(float(service1[i]))
        yield env.timeout(float(delay[i]))
        if env.now <= horizon:
            env.process(entry(i))

    def empty_days() -> Generator[Any, Any, None]:
        """Days whose allowance is nothing at all are closed from their start."""
        for d in range(days):
            if allowance(d) == 0:
                yield env.timeout(max(0.0, d * 24 - env.now))
                close_all(env, lanes, float((d + 1) * 24))

    def source() -> Generator[Any, Any, None]:
        for i, t in enumerate(arrivals):
            yield env.timeout(float(t) - env.now)
            env.process(vehicle(i))

    env.process(gate(env, lanes, open1))
    env.process(empty_days())
    env.process(source())
    events = 0
    while env.peek() <= horizon + 1.0:
        env.step()
        events += 1
    return start1, start2, end2, events


def run_simpy_on(spec: Any, inputs: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """:func:`run_simpy_crossing` on the engine's own records (a ``StationSpec`` whose entry has
    a gauge change, and the ``CrossingInputs`` of one replication)."""
    from corridor.sim._kernel import allowances

    return run_simpy_crossing(
        inputs.arrivals,
        np.where((inputs.kinds == 0) & spec.exit.priority_for_agri, 0, 1),
        inputs.service1,
        inputs.delay1,
        inputs.service2,
        inputs.gauge,
        inputs.kinds == 2,
        c1=spec.exit.servers,
        open1=spec.exit.open_hours,
        per_day=allowances(spec.limit_by_day),
        c2=spec.entry.servers,
        yard=spec.entry.yard_trains if spec.entry.yard_trains is not None else 10**9,
        gauge_scale=24.0 / spec.entry.gauge_by_day,
    )
