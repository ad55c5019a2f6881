"""What sending traffic through another crossing costs: the detour priced per tonne-kilometre
(``data/corridor/route_costs.yaml``).

A vehicle a crossing carries beyond its own share of the demand comes from the nearest other
crossing of its mode in the plan; its detour is the distance between the two (great circle)
times a circuity factor, an upper bound on the extra length of a route through the other crossing
(the triangle inequality), priced at the mode's cost per tonne-kilometre and the vehicle's load.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from corridor.errors import ScenarioError
from corridor.network import Crossing, Figure, great_circle_km
from corridor.workspace import Workspace
from corridor.yaml_files import read_model


class RouteCosts(BaseModel):
    """The file's figures: the circuity of routes between crossings and the cost of a
    tonne-kilometre by mode."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    circuity: Figure
    usd_per_tonne_km: dict[Literal["road", "rail"], Figure]

    @model_validator(mode="after")
    def _sensible(self) -> RouteCosts:
        if not 1.0 <= self.circuity.value <= 5.0:
            raise ValueError("circuity must be from 1 (a straight line) to 5")
        if any(not 0 <= f.value <= 100 for f in self.usd_per_tonne_km.values()):
            raise ValueError("a cost per tonne-kilometre must be from 0 to 100 US$")
        return self

    def per_vehicle_km(self, mode: str, tonnes: float) -> float:
        """US$ a vehicle of ``mode`` carrying ``tonnes`` costs a kilometre (0 for a mode the
        file does not price)."""
        cost = self.usd_per_tonne_km.get(mode)  # type: ignore[call-overload]
        return 0.0 if cost is None else float(cost.value) * tonnes

    def detour_km(self, crossing: Crossing, others: Iterable[Crossing]) -> float | None:
        """The detour of a vehicle sent to ``crossing`` from the nearest other crossing of its
        mode among ``others`` (None: no other)."""
        near = [
            great_circle_km(crossing.position, o.position)
            for o in others
            if o.id != crossing.id and o.mode == crossing.mode
        ]
        return min(near) * self.circuity.value if near else None


def default_route_costs() -> Path:
    return Workspace.default().route_costs


def read_route_costs(path: Path | None = None) -> RouteCosts:
    """The route costs file (by default the data folder's)."""
    return read_model(
        path or default_route_costs(), RouteCosts, what="route costs file", error=ScenarioError
    )
