"""Demand at the crossings as numbers: the demand file, a year's trade by cargo group, and the
vehicles it gives at each crossing direction, by class.

How a year's trade is read from the ledger is :mod:`corridor.planning.demand`; the counts that set
the traffic's level are reconciled in :mod:`corridor.planning.counts`. This module holds what those
produce (:class:`TradeInputs`, :class:`Anchor`) and turns them into :class:`StationDemand` without
a database, so that the day-by-day schedule and the simulation take demand as numbers.

Classes of vehicle (:data:`KINDS`): loaded farm goods, other loaded vehicles (by cargo group), empty
vehicles going back, transit vehicles (not the pair's trade: China–Europe trains, third-country
trucks) and commodity vehicles (vehicles that are themselves the cargo, driven across: cars,
trucks and tractors exported new).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from corridor.errors import ScenarioError
from corridor.network.model import DIRECTIONS, Direction, Figure, Mode, Network
from corridor.yaml_files import read_model

GROUPS = ("agri", "bulk", "containers")
#: classes of vehicle a count can be about (:class:`Anchor`), besides ``all``
CLASSES = ("loaded", "transit", "commodity")  # empty vehicles follow the loaded imbalance
FLOW_OF = {"a_to_b": "export", "b_to_a": "import"}


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
    months: tuple[float, ...] = Field(min_length=12, max_length=12)
    assumption: str


class Profile(_Model):
    values: tuple[float, ...]
    assumption: str


class Profiles(_Model):
    hour: Profile
    weekday: Profile


class ArrivalProcess(_Model):
    """How a mode's vehicles arrive: a Poisson stream, or to a plan (trains run to the exchange
    plan agreed between the railways) with each a little early or late."""

    process: Literal["poisson", "scheduled"]
    jitter_hours: Figure | None = None
    assumption: str | None = None
    source: str | None = None


class CommodityVehicles(_Model):
    """Vehicles that are the cargo: the headings they are, their customs value each and the
    share driven across on their own wheels (the rest travel on car carriers, as freight)."""

    codes: Codes
    usd_per_vehicle: Figure
    driven_share: Figure
    modes: tuple[Mode, ...] = ("road",)


class DemandSpec(_Model):
    """The parameters of ``demand.yaml``."""

    cargo_groups: dict[str, ChapterGroup]
    pipeline_hs4: Codes
    unit_value_default_usd_per_t: dict[str, Figure]
    loads: Loads
    rail_share: dict[str, Figure]
    crossing_share: dict[str, dict[str, Figure]]
    #: month multipliers (normalised over the year by the model): by cargo group, and ``all``
    #: for every class of vehicle (winter, the Chinese New Year)
    season: dict[str, Season]
    profiles: Profiles
    arrivals: dict[Mode, ArrivalProcess] = {}
    #: vehicles a year through a crossing that are not the pair's trade (China–Europe trains,
    #: transit trucks), both directions together
    transit_per_year: dict[str, Figure] = {}
    transit_share_b_to_a: Figure
    #: tonnes a transit vehicle carries, by mode (counted in the tonnes through a crossing)
    transit_tonnes_per_vehicle: dict[Mode, Figure] = {}
    #: share of the difference in loaded vehicles between the two directions that goes back empty
    #: through the same crossing (the rest returns loaded with other traffic or elsewhere)
    empty_return: dict[Mode, Figure] = {}
    commodity_vehicles: CommodityVehicles | None = None
    #: tonnes a year added to a direction's cargo group (a lever: the grain-harvest surge),
    #: split over modes and crossings like the rest of the group; not scaled by growth
    extra_tonnes_per_year: dict[Direction, dict[str, Figure]] = {}
    #: how far a traffic level the counts did not give for the year simulated has missed the
    #: year's own counts (the standard deviation of the log error): ``carried`` (a crossing's
    #: counts of another year), ``mode`` (the factor of its mode's counted crossings)
    count_level_log_sd: dict[str, Figure] = {}

    def group_of(self, chapter: str) -> str:
        for name, spec in self.cargo_groups.items():
            if chapter in spec.chapters:
                return name
        return "containers"


def validate_demand(spec: DemandSpec, where: str) -> DemandSpec:
    """The checks a schema cannot state: shares add up, profiles have their lengths."""
    if len(spec.profiles.hour.values) != 24 or len(spec.profiles.weekday.values) != 7:
        raise ScenarioError(f"{where}: profiles need 24 hourly and 7 weekday values")
    for name, s in spec.season.items():
        if name not in (*GROUPS, "all"):
            raise ScenarioError(
                f"{where}: season.{name}: a cargo group ({', '.join(GROUPS)}) or all"
            )
        if any(m < 0 for m in s.months) or sum(s.months) <= 0:
            raise ScenarioError(f"{where}: season.{name}: months must be ≥ 0, not all zero")
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
    c = spec.commodity_vehicles
    if c is not None and (not 0 <= c.driven_share.value <= 1 or c.usd_per_vehicle.value <= 0):
        raise ScenarioError(
            f"{where}: commodity_vehicles needs a driven_share from 0 to 1 and a positive "
            "usd_per_vehicle"
        )
    return spec


def read_demand(path: Path) -> DemandSpec:
    """Read and validate the demand parameters (shares add up, profiles have their lengths)."""
    spec = read_model(path, DemandSpec, what="demand file", error=ScenarioError)
    return validate_demand(spec, str(path))


#: kinds of vehicle at a station, in the engine's order
KINDS = ("agri", "loaded", "empty", "transit", "commodity")


@dataclass(frozen=True)
class TradeMix:
    """One direction's trade for a year, by HS4 heading, and how it was obtained."""

    direction: str
    year: int
    rows: tuple[tuple[str, float], ...]  # (HS4, US$)
    total_usd: float
    source: str
    rule: str  # empty when the year's own products are used

    @property
    def note(self) -> str:
        base = f"{FLOW_OF[self.direction]}s {self.year}: US${self.total_usd / 1e9:,.2f} bn"
        return f"{base} ({self.source})" + (f"; {self.rule}" if self.rule else "")


@dataclass(frozen=True)
class TradeInputs:
    """What demand takes from the ledger for one year: each direction's trade mix, its value and
    tonnes by cargo group (before growth; commodity vehicles driven across are not in the
    tonnes), and the value of the commodity-vehicle headings."""

    year: int
    mixes: dict[str, TradeMix]
    value: dict[str, dict[str, float]]  # direction → group → US$
    tonnes: dict[str, dict[str, float]]  # direction → group → t
    commodity_usd: dict[str, float] = field(default_factory=dict)  # direction → US$

    @property
    def notes(self) -> list[str]:
        return [m.note for m in self.mixes.values()]


@dataclass(frozen=True)
class Anchor:
    """A count's verdict on one class of traffic at one crossing direction: the factor that takes
    the trade-derived vehicles to the level the counts give (:mod:`corridor.planning.counts`).
    ``crossing`` ``*road`` (``*rail``): the factor of every crossing of that mode without counts
    of its own."""

    crossing: str
    direction: str
    kind: str  # one of CLASSES
    factor: float
    year: int  # the year of the counts it comes from
    rows: tuple[str, ...]  # the observations' ids
    #: how uncertain the level is for the year simulated (the standard deviation of the
    #: factor's logarithm): 0 with counts of that year, else how far carried levels have missed
    log_sd: float = 0.0


@dataclass(frozen=True)
class StationDemand:
    """A year of demand at one direction of one crossing: loaded vehicles by cargo group (with
    the value of the pair's trade they carry, and tonnes), empty vehicles going back, transit
    vehicles and commodity vehicles driven across."""

    crossing: str
    direction: str
    mode: str
    vehicles: dict[str, float]  # loaded, per year, by cargo group
    value_usd: dict[str, float]  # per year, by cargo group: the pair's trade
    tonnes: dict[str, float]
    transit: float = 0.0
    empty: float = 0.0
    transit_tonnes: float = 0.0  # tonnes a transit vehicle carries
    commodity: float = 0.0  # vehicles driven across as cargo, per year
    commodity_usd: float = 0.0
    notes: tuple[str, ...] = field(default=())

    @property
    def loaded_vehicles(self) -> float:
        return sum(self.vehicles.values())

    @property
    def total_vehicles(self) -> float:
        return self.loaded_vehicles + self.transit + self.empty + self.commodity

    @property
    def tonnes_per_loaded_vehicle(self) -> float:
        loaded = self.loaded_vehicles
        return sum(self.tonnes.values()) / loaded if loaded else 0.0

    def by_kind(self) -> dict[str, float]:
        """Vehicles a year of each kind of :data:`KINDS`."""
        return {
            "agri": self.vehicles.get("agri", 0.0),
            "loaded": sum(v for g, v in self.vehicles.items() if g != "agri"),
            "empty": self.empty,
            "transit": self.transit,
            "commodity": self.commodity,
        }

    def hourly_rates(
        self, spec: DemandSpec, start: dt.date, days: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Arrivals per hour over ``days`` days from ``start``, and each hour's share of each kind
        of vehicle (rows: :data:`KINDS`).

        Yearly vehicles are spread by the hour-of-day and weekday profiles and by the months of
        the ``all`` season (each normalised to mean 1, so the year's total is kept), and each
        cargo group's loaded vehicles also by its own season.
        """
        hours = days * 24
        day_list = [start + dt.timedelta(days=d) for d in range(days)]
        month = np.repeat(np.array([d.month - 1 for d in day_list], dtype=np.int64), 24)
        weekday = np.repeat(np.array([d.weekday() for d in day_list], dtype=np.int64), 24)
        year_hours = np.repeat(
            np.array([366 * 24 if calendar.isleap(d.year) else 365 * 24 for d in day_list]), 24
        )
        hour_p = np.array(spec.profiles.hour.values)
        week_p = np.array(spec.profiles.weekday.values)
        shape = np.tile(hour_p / hour_p.mean(), days) * (week_p / week_p.mean())[weekday]

        def season(name: str) -> np.ndarray:
            if name not in spec.season:
                return np.ones(hours)
            m = np.array(spec.season[name].months)
            out: np.ndarray = (m / m.mean())[month]
            return out

        base = shape * season("all") / year_hours
        agri = self.vehicles.get("agri", 0.0) * base * season("agri")
        loaded = sum(
            (v * base * season(g) for g, v in self.vehicles.items() if g != "agri"),
            start=np.zeros(hours),
        )
        parts = [agri, loaded] + [v * base for v in (self.empty, self.transit, self.commodity)]
        rate = np.sum(parts, axis=0)
        shares = np.vstack(
            [np.divide(p, rate, out=np.zeros_like(rate), where=rate > 0) for p in parts]
        )
        return rate, shares


def _shares(spec: DemandSpec, network: Network, mode: str) -> tuple[dict[str, float], list[str]]:
    """Each running crossing's share of its mode, closed crossings' shares spread over the rest."""
    given = spec.crossing_share.get(mode, {})
    running = {c.id for c in network.running()}
    for crossing_id in given:
        network.crossing(crossing_id)  # must exist
    kept = {c: f.value for c, f in given.items() if c in running}
    dropped = sorted(set(given) - running)
    total = sum(kept.values())
    notes = []
    if dropped and total > 0:
        when = f" on {network.as_of}" if network.as_of else ""
        notes.append(
            f"{mode}: {', '.join(dropped)} not running{when}; their shares of the traffic "
            "go to the other crossings of the mode in proportion"
            if len(dropped) > 1
            else f"{mode}: {dropped[0]} not running{when}; its share of the traffic goes to "
            "the other crossings of the mode in proportion"
        )
    return ({c: v / total for c, v in kept.items()} if total > 0 else {}), notes


def demand_from_trade(
    inputs: TradeInputs,
    spec: DemandSpec,
    network: Network,
    growth: float = 1.0,
    anchors: Sequence[Anchor] = (),
) -> tuple[StationDemand, ...]:
    """A year's trade as vehicles at every running crossing direction named in
    ``crossing_share``: rail tonnes → trains, road tonnes → trucks, commodity vehicles driven
    across by road, transit added, the loaded imbalance partly back empty; then each class
    scaled by the counts' ``anchors`` (vehicles and tonnes; the value stays the pair's trade)."""
    loads = spec.loads
    train_t = loads.wagon_t.value * loads.wagons_per_train.value
    notes = inputs.notes
    by_key: dict[tuple[str, str], StationDemand] = {}
    share_of: dict[str, dict[str, float]] = {}
    for mode in ("rail", "road"):
        share_of[mode], more = _shares(spec, network, mode)
        notes += more
    cv = spec.commodity_vehicles
    for direction in DIRECTIONS:
        value = {g: v * growth for g, v in inputs.value[direction].items()}
        tonnes = {g: t * growth for g, t in inputs.tonnes[direction].items()}
        for g, extra in spec.extra_tonnes_per_year.get(direction, {}).items():
            tonnes[g] += extra.value
            value[g] += extra.value * spec.unit_value_default_usd_per_t[g].value
        commodity_usd = inputs.commodity_usd.get(direction, 0.0) * growth
        for mode in ("rail", "road"):
            for crossing_id, share in share_of[mode].items():
                vehicles, vals, tons = {}, {}, {}
                for g in GROUPS:
                    rail = spec.rail_share[g].value
                    part = (rail if mode == "rail" else 1 - rail) * share
                    tons[g] = tonnes[g] * part
                    vals[g] = value[g] * part
                    vehicles[g] = tons[g] / (train_t if mode == "rail" else loads.truck_t.value)
                transit = 0.0
                if crossing_id in spec.transit_per_year:
                    west = spec.transit_share_b_to_a.value
                    frac = west if direction == "b_to_a" else 1 - west
                    transit = spec.transit_per_year[crossing_id].value * frac
                commodity = c_usd = 0.0
                if cv is not None and mode in cv.modes:
                    c_usd = commodity_usd * cv.driven_share.value * share
                    commodity = c_usd / cv.usd_per_vehicle.value
                by_key[(crossing_id, direction)] = StationDemand(
                    crossing_id, direction, mode, vehicles, vals, tons, transit, 0.0,
                    commodity=commodity, commodity_usd=c_usd,
                )  # fmt: skip
    stations = []
    for d in by_key.values():
        per_transit = spec.transit_tonnes_per_vehicle.get(d.mode)  # type: ignore[call-overload]
        stations.append(
            dataclasses.replace(
                d,
                transit_tonnes=per_transit.value if per_transit is not None else 0.0,
                notes=tuple(dict.fromkeys(notes)),
            )
        )
    return with_empty_returns(anchored(stations, anchors), spec)


def anchored(
    stations: Sequence[StationDemand], anchors: Sequence[Anchor]
) -> tuple[StationDemand, ...]:
    """``stations`` with each class scaled by its anchor (loaded: vehicles and tonnes of every
    cargo group, not the value; empty returns are recomputed from the loaded imbalance)."""
    factor: dict[tuple[str, str, str], float] = {
        (a.crossing, a.direction, a.kind): a.factor for a in anchors
    }
    if not factor:
        return tuple(stations)
    counted = {a.crossing for a in anchors}
    out = []
    for s in stations:
        own = s.crossing if s.crossing in counted else f"*{s.mode}"

        def f(kind: str, s: StationDemand = s, own: str = own) -> float:
            return factor.get((own, s.direction, kind), 1.0)

        loaded = f("loaded")
        out.append(
            dataclasses.replace(
                s,
                vehicles={g: v * loaded for g, v in s.vehicles.items()},
                tonnes={g: v * loaded for g, v in s.tonnes.items()},
                transit=s.transit * f("transit"),
                commodity=s.commodity * f("commodity"),
            )
        )
    return tuple(out)


def with_empty_returns(
    stations: Sequence[StationDemand], spec: DemandSpec
) -> tuple[StationDemand, ...]:
    """The stations with their empty vehicles going back: the share ``empty_return`` of the
    mode of the loaded imbalance between a crossing's two directions, through the same
    crossing (recomputed whenever the loaded vehicles change)."""
    by_key = {(s.crossing, s.direction): s for s in stations}
    out = []
    for s in stations:
        other = by_key.get((s.crossing, "b_to_a" if s.direction == "a_to_b" else "a_to_b"))
        back = spec.empty_return.get(s.mode)  # type: ignore[call-overload]
        empty = 0.0
        if other is not None and back is not None:
            empty = max(other.loaded_vehicles - s.loaded_vehicles, 0.0) * back.value
        out.append(dataclasses.replace(s, empty=empty))
    return tuple(out)
