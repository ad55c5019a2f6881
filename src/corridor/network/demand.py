"""The demand file (``data/corridor/demand.yaml``) and demand at a station, as numbers.

How a year of trade becomes vehicles is computed in :mod:`corridor.planning.demand` (it reads the
ledger); this module holds what that computation is parameterised by and what it produces, so that
the simulation takes demand as numbers.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from corridor.errors import ScenarioError
from corridor.network.model import Direction, Figure, Mode
from corridor.yaml_files import read_model

GROUPS = ("agri", "bulk", "containers")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChapterGroup(_Model):
    chapters: tuple[str, ...]
    assumption: str


class Codes(_Model):
    codes: tuple[str, ...]
    assumption: str


class Loads(_Model):
    truck_t: Figure
    wagon_t: Figure
    wagons_per_train: Figure


class Season(_Model):
    months: tuple[float, ...]
    assumption: str


class Profile(_Model):
    values: tuple[float, ...]
    assumption: str


class Profiles(_Model):
    hour: Profile
    weekday: Profile


class DemandSpec(_Model):
    """The parameters of ``demand.yaml``."""

    cargo_groups: dict[str, ChapterGroup]
    pipeline_hs4: Codes
    unit_value_default_usd_per_t: dict[str, Figure]
    loads: Loads
    rail_share: dict[str, Figure]
    crossing_share: dict[str, dict[str, Figure]]
    season: dict[str, Season]
    profiles: Profiles
    #: vehicles a year through a crossing that are not the pair's trade (China–Europe trains,
    #: transit trucks), both directions together
    transit_per_year: dict[str, Figure] = {}
    transit_share_b_to_a: Figure
    #: tonnes a transit vehicle carries, by mode (counted in the tonnes through a crossing)
    transit_tonnes_per_vehicle: dict[Mode, Figure] = {}
    #: share of the difference in loaded vehicles between the two directions that goes back empty
    #: through the same crossing (the rest returns loaded with other traffic or elsewhere)
    empty_return: dict[Mode, Figure] = {}
    #: tonnes a year added to a direction's cargo group (a lever: the grain-harvest surge),
    #: split over modes and crossings like the rest of the group; not scaled by growth
    extra_tonnes_per_year: dict[Direction, dict[str, Figure]] = {}

    def group_of(self, chapter: str) -> str:
        for name, spec in self.cargo_groups.items():
            if chapter in spec.chapters:
                return name
        return "containers"


def validate_demand(spec: DemandSpec, where: str) -> DemandSpec:
    """The checks a schema cannot state: shares add up, profiles have their lengths."""
    if len(spec.profiles.hour.values) != 24 or len(spec.profiles.weekday.values) != 7:
        raise ScenarioError(f"{where}: profiles need 24 hourly and 7 weekday values")
    if any(len(s.months) != 12 for s in spec.season.values()):
        raise ScenarioError(f"{where}: a season needs 12 monthly values")
    for mode, shares in spec.crossing_share.items():
        total = sum(f.value for f in shares.values())
        if abs(total - 1) > 1e-6:
            raise ScenarioError(f"{where}: crossing_share.{mode} adds up to {total:g}, not 1")
    unknown = {g for groups in spec.extra_tonnes_per_year.values() for g in groups} - set(GROUPS)
    if unknown:
        raise ScenarioError(
            f"{where}: extra_tonnes_per_year names unknown groups {sorted(unknown)}"
        )
    for name, share in spec.empty_return.items():
        if not 0 <= share.value <= 1:
            raise ScenarioError(f"{where}: empty_return.{name} must be a share from 0 to 1")
    return spec


def read_demand(path: Path) -> DemandSpec:
    """Read and validate the demand parameters (shares add up, profiles have their lengths)."""
    spec = read_model(path, DemandSpec, what="demand file", error=ScenarioError)
    return validate_demand(spec, str(path))


#: kinds of vehicle at a station, in the engine's order
KINDS = ("agri", "loaded", "empty", "transit")


@dataclass(frozen=True)
class StationDemand:
    """A year of demand at one direction of one crossing: loaded vehicles by cargo group (with
    their value and tonnes), empty vehicles going back, and transit vehicles."""

    crossing: str
    direction: str
    mode: str
    vehicles: dict[str, float]  # loaded, per year, by cargo group
    value_usd: dict[str, float]  # per year, by cargo group
    tonnes: dict[str, float]
    transit: float = 0.0
    empty: float = 0.0
    transit_tonnes: float = 0.0  # tonnes a transit vehicle carries
    notes: tuple[str, ...] = field(default=())

    @property
    def loaded_vehicles(self) -> float:
        return sum(self.vehicles.values())

    @property
    def total_vehicles(self) -> float:
        return self.loaded_vehicles + self.transit + self.empty

    @property
    def tonnes_per_loaded_vehicle(self) -> float:
        loaded = self.loaded_vehicles
        return sum(self.tonnes.values()) / loaded if loaded else 0.0

    def hourly_rates(
        self, spec: DemandSpec, start: dt.date, days: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Arrivals per hour over ``days`` days from ``start``, and each hour's share of each kind
        of vehicle (rows: :data:`KINDS`).

        Yearly vehicles are spread by the hour-of-day and weekday profiles (each normalised to
        mean 1, so the year's total is kept), and farm goods also by their season.
        """
        hours = days * 24
        day_list = [start + dt.timedelta(days=d) for d in range(days)]
        month = np.repeat(np.array([d.month - 1 for d in day_list], dtype=np.int64), 24)
        weekday = np.repeat(np.array([d.weekday() for d in day_list], dtype=np.int64), 24)
        hour_p = np.array(spec.profiles.hour.values)
        week_p = np.array(spec.profiles.weekday.values)
        shape = np.tile(hour_p / hour_p.mean(), days) * (week_p / week_p.mean())[weekday]
        year_hours = 366 * 24 if calendar.isleap(start.year) else 365 * 24
        agri = np.full(hours, self.vehicles.get("agri", 0.0) / year_hours) * shape
        if "agri" in spec.season:
            m = np.array(spec.season["agri"].months)
            agri = agri * (m / m.mean())[month]
        loaded = sum(v for g, v in self.vehicles.items() if g != "agri")
        parts = [agri] + [v / year_hours * shape for v in (loaded, self.empty, self.transit)]
        rate = np.sum(parts, axis=0)
        shares = np.vstack(
            [np.divide(p, rate, out=np.zeros_like(rate), where=rate > 0) for p in parts]
        )
        return rate, shares
