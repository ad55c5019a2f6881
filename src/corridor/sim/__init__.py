"""The simulation engine: compiled queue kernel, station model, statistics."""

from __future__ import annotations

from corridor.sim.station import QueueResult, open_hours, poisson_arrivals, simulate_queue

__all__ = ["QueueResult", "open_hours", "poisson_arrivals", "simulate_queue"]
