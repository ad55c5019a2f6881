"""Demand: a year of trade between the two countries → tonnes → vehicles per crossing direction.

Steps (parameters in ``data/corridor/demand.yaml``, each with its source or assumption):

1. trade values by HS4 heading for each direction (country a's exports to b: ``a_to_b``; its
   imports from b: ``b_to_a``) from the trade summary, i.e. the best complete source;
2. pipeline goods (crude oil, gas) removed;
3. tonnes: value ÷ unit value, the unit value of each chapter computed from the ledger's own
   quantities in tonnes where it holds any, else the cargo group's default;
4. a rail share per cargo group; rail tonnes → wagons → trains, road tonnes → trucks;
5. vehicles shared among the crossings of each mode; China–Europe transit trains added;
6. hourly arrival rates shaped by hour-of-day and weekday profiles, farm goods also by the
   harvest season.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from corridor.errors import DataGapError, ScenarioError
from corridor.ledger import Ledger
from corridor.network.model import Direction, Figure, Network
from corridor.periods import year as calendar_year
from corridor.trade.summary import trade_summary
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
    transit_trains_per_year: dict[str, Figure]
    transit_share_b_to_a: Figure
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
    return spec


def read_demand(path: Path) -> DemandSpec:
    """Read and validate the demand parameters (shares add up, profiles have their lengths)."""
    spec = read_model(path, DemandSpec, what="demand file", error=ScenarioError)
    return validate_demand(spec, str(path))


@dataclass(frozen=True)
class StationDemand:
    """A year of demand at one direction of one crossing."""

    crossing: str
    direction: str
    mode: str
    vehicles: dict[str, float]  # per year, by cargo group
    value_usd: dict[str, float]  # per year, by cargo group
    tonnes: dict[str, float]
    transit_trains: float = 0.0
    notes: tuple[str, ...] = field(default=())

    @property
    def total_vehicles(self) -> float:
        return sum(self.vehicles.values()) + self.transit_trains

    def hourly_rates(
        self, days: int, spec: DemandSpec, start: dt.date
    ) -> tuple[np.ndarray, np.ndarray]:
        """Arrivals per hour over ``days`` days, and each hour's share of farm goods.

        Yearly vehicles are spread by the hour-of-day and weekday profiles (each normalised to
        mean 1, so the year's total is kept), and farm goods also by their season.
        """
        hours = days * 24
        day_list = [start + dt.timedelta(days=d) for d in range(days)]
        month = np.repeat(np.array([d.month - 1 for d in day_list]), 24)
        weekday = np.repeat(np.array([d.weekday() for d in day_list]), 24)
        hour_p = np.array(spec.profiles.hour.values)
        week_p = np.array(spec.profiles.weekday.values)
        shape = np.tile(hour_p / hour_p.mean(), days) * (week_p / week_p.mean())[weekday]
        year_hours = 366 * 24 if calendar.isleap(start.year) else 365 * 24
        agri = np.full(hours, self.vehicles.get("agri", 0.0) / year_hours) * shape
        if "agri" in spec.season:
            m = np.array(spec.season["agri"].months)
            agri = agri * (m / m.mean())[month]
        other = sum(v for g, v in self.vehicles.items() if g != "agri") + self.transit_trains
        rate = agri + other / year_hours * shape
        share = np.divide(agri, rate, out=np.zeros_like(rate), where=rate > 0)
        return rate, share


def station_demand(
    ledger: Ledger,
    spec: DemandSpec,
    network: Network,
    year: int,
    *,
    growth: float = 1.0,
) -> tuple[StationDemand, ...]:
    """Demand at every crossing direction named in ``crossing_share``, for trade of ``year``."""
    a, b = network.countries
    summary = trade_summary(
        ledger, reporter=a, partner=b, period=calendar_year(year), by="hs4", top=1
    )
    unit_values = ledger.flows.unit_values(spec.pipeline_hs4.codes)
    loads = spec.loads
    out: list[StationDemand] = []
    for direction, rows in (
        ("a_to_b", summary.breakdown_exports),
        ("b_to_a", summary.breakdown_imports),
    ):
        if not rows:
            raise DataGapError(
                f"demand needs {a}–{b} trade by HS4 for {year} ({direction}); the ledger's "
                f"best source for that year has no product rows"
            )
        value = dict.fromkeys(GROUPS, 0.0)
        tonnes = dict.fromkeys(GROUPS, 0.0)
        for p in rows:
            if p.code in spec.pipeline_hs4.codes:
                continue
            chapter = p.code[:2]
            group = spec.group_of(chapter)
            uv = unit_values.get(chapter) or spec.unit_value_default_usd_per_t[group].value
            value[group] += p.value_usd * growth
            tonnes[group] += p.value_usd * growth / uv
        for g, extra in spec.extra_tonnes_per_year.get(direction, {}).items():  # type: ignore[call-overload]
            tonnes[g] += extra.value
            value[g] += extra.value * spec.unit_value_default_usd_per_t[g].value
        for mode in ("rail", "road"):
            for crossing_id, share in spec.crossing_share.get(mode, {}).items():
                network.crossing(crossing_id)  # must exist
                vehicles, vals, tons = {}, {}, {}
                for g in GROUPS:
                    rail = spec.rail_share[g].value
                    part = (rail if mode == "rail" else 1 - rail) * share.value
                    tons[g] = tonnes[g] * part
                    vals[g] = value[g] * part
                    vehicles[g] = (
                        tons[g] / (loads.wagon_t.value * loads.wagons_per_train.value)
                        if mode == "rail"
                        else tons[g] / loads.truck_t.value
                    )
                transit = 0.0
                if crossing_id in spec.transit_trains_per_year:
                    to_b = spec.transit_share_b_to_a.value
                    frac = to_b if direction == "b_to_a" else 1 - to_b
                    transit = spec.transit_trains_per_year[crossing_id].value * frac
                out.append(
                    StationDemand(
                        crossing_id, direction, mode, vehicles, vals, tons, transit, summary.notes
                    )
                )
    return tuple(out)
