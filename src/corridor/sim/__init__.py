"""The simulation engine: compiled queue kernels, the two-post crossing model, statistics.

The engine's names load on first use, so that importing :mod:`corridor.sim.settings` (the run
settings every face shares) does not compile anything.
"""

from __future__ import annotations

from typing import Any

__all__ = ["QueueResult", "open_hours", "poisson_arrivals", "simulate_queue"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from corridor.sim import station

        return getattr(station, name)
    raise AttributeError(f"module 'corridor.sim' has no attribute {name!r}")
