"""The same queue as corridor's kernel, written with SimPy: the peer for tests and benchmarks.

c servers, non-preemptive priority (class 0 first, then arrival order), opening hours: while the
crossing is closed a top-priority "closure" holds every server (it waits for services in progress
to finish, as the kernel lets them), and releases them all at the next opening.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import simpy


def close_all(env: simpy.Environment, lanes: simpy.PriorityResource, until: float) -> None:
    """Hold every lane of ``lanes`` with a top-priority request until ``until`` (services in
    progress finish first)."""

    def closure() -> Generator[Any, Any, None]:
        with lanes.request(priority=-1) as req:
            yield req
            yield env.timeout(max(0.0, until - env.now))

    for _ in range(lanes.capacity):
        env.process(closure())


def gate(
    env: simpy.Environment, lanes: simpy.PriorityResource, open_hours: np.ndarray
) -> Generator[Any, Any, None]:
    """A process closing ``lanes`` over every closed span of ``open_hours``."""
    h = 0
    n = open_hours.shape[0]
    while h < n:
        if open_hours[h]:
            h += 1
            continue
        closed_from = h
        while h < n and not open_hours[h]:
            h += 1
        yield env.timeout(closed_from - env.now)
        close_all(env, lanes, float(h) if h < n else float(n) + 1.0)


def run_simpy(
    arrivals: np.ndarray,
    classes: np.ndarray,
    services: np.ndarray,
    servers: int,
    open_hours: np.ndarray,
) -> tuple[np.ndarray, int]:
    """Start times (−1: not started by the horizon) and the number of SimPy events processed."""
    env = simpy.Environment()
    lanes = simpy.PriorityResource(env, capacity=servers)
    horizon = float(open_hours.shape[0])
    start = np.full(arrivals.shape[0], -1.0)

    def customer(i: int) -> Generator[Any, Any, None]:
        with lanes.request(priority=int(classes[i])) as req:
            yield req
            if env.now > horizon:
                return
            start[i] = env.now
            yield env.timeout(float(services[i]))

    def source() -> Generator[Any, Any, None]:
        for i, t in enumerate(arrivals):
            yield env.timeout(float(t) - env.now)
            env.process(customer(i))

    env.process(gate(env, lanes, open_hours))
    env.process(source())
    events = 0
    while env.peek() <= horizon + 1.0:
        env.step()
        events += 1
    return start, events
