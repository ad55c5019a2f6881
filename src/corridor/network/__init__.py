"""The corridor as data: crossings and their two posts, demand parameters, scenarios and levers,
and observations of the border (``data/corridor/*``)."""

from __future__ import annotations

from corridor.network.demand import DemandSpec, StationDemand, read_demand
from corridor.network.model import (
    Conflict,
    Crossing,
    Figure,
    Network,
    Post,
    Schedule,
    Stage,
    great_circle_km,
    network_hash,
    read_network,
)
from corridor.network.scenario import (
    Overlay,
    ResolvedScenario,
    Scenario,
    ScenarioInputs,
    apply_overlays,
    read_overlay,
)

__all__ = [
    "Conflict",
    "Crossing",
    "DemandSpec",
    "Figure",
    "Network",
    "Overlay",
    "Post",
    "ResolvedScenario",
    "Scenario",
    "ScenarioInputs",
    "Schedule",
    "Stage",
    "StationDemand",
    "apply_overlays",
    "great_circle_km",
    "network_hash",
    "read_demand",
    "read_network",
    "read_overlay",
]
