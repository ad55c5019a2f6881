"""The corridor as data: crossings, lanes, schedules, gauge change (``data/corridor/*.yaml``)."""

from __future__ import annotations

from corridor.network.model import (
    Conflict,
    Crossing,
    Figure,
    Lanes,
    Network,
    Schedule,
    network_hash,
    read_network,
)

__all__ = [
    "Conflict",
    "Crossing",
    "Figure",
    "Lanes",
    "Network",
    "Schedule",
    "network_hash",
    "read_network",
]
