"""A crossing direction of the network file as a queue: lanes, service time, hours, inspections.

Demand is an input here (arrivals per hour); turning trade flows into vehicles per crossing is
the job of the demand model. Cargo classes: 0 = green-corridor farm goods (served first),
1 = everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor.errors import ScenarioError
from corridor.network import Crossing
from corridor.sim._kernel import next_open_table
from corridor.sim._tandem import run_tandem
from corridor.sim.station import QueueResult, open_hours, poisson_arrivals, simulate_queue


@dataclass(frozen=True)
class StationSpec:
    """What the engine needs of one crossing direction."""

    crossing: str
    direction: str
    servers: int
    service_hours: float
    open_hours: np.ndarray
    priority_for_agri: bool
    agri_inspection: tuple[float, float]  # (share inspected, hours)
    other_inspection: tuple[float, float]
    gauge_hours: float | None = None  # rail: mean gauge-change time a train (one exchange line)
    yard_trains: int | None = None  # rail: trains the yard holds


def station_spec(
    crossing: Crossing, direction: str, *, days: int, wagons_per_train: float = 55.0
) -> StationSpec:
    """The queue of one direction of an enabled crossing, over ``days`` days.

    A rail crossing with ``gauge_change`` gets a second stage: one exchange line whose mean time
    a train is 24 h / trains_per_day, behind a yard of yard_wagons / wagons_per_train trains.
    """
    if not crossing.enabled or crossing.schedule is None:
        raise ScenarioError(f"{crossing.id} is not enabled")
    lanes = crossing.directions.get(direction)  # type: ignore[call-overload]
    if lanes is None:
        raise ScenarioError(f"{crossing.id} has no direction {direction!r}")
    sched = crossing.schedule
    hours = open_hours(
        days=days,
        hours_per_day=sched.hours_per_day.value,
        days_per_week=int(sched.days_per_week.value),
        holidays=sched.holidays,
    )

    def inspection(group: str) -> tuple[float, float]:
        spec = crossing.inspections.get(group)  # type: ignore[call-overload]
        return (spec.rate.value, spec.hours.value) if spec else (0.0, 0.0)

    gauge = crossing.gauge_change
    return StationSpec(
        crossing.id,
        direction,
        int(lanes.lanes.value),
        lanes.service_hours.value,
        hours,
        lanes.green_lanes is not None,
        inspection("agri"),
        inspection("general"),
        None if gauge is None else 24.0 / gauge.trains_per_day.value,
        None if gauge is None else max(1, int(gauge.yard_wagons.value // wagons_per_train)),
    )


def simulate_station(
    spec: StationSpec,
    rate_per_hour: np.ndarray,
    agri_share: float | np.ndarray,
    rng: np.random.Generator,
) -> tuple[QueueResult, np.ndarray]:
    """Poisson arrivals at ``rate_per_hour``; each vehicle farm goods with ``agri_share`` (a
    number, or one per hour); returns the queue's result and which vehicles carry farm goods.

    ``service_hours`` is the mean time per vehicle *including* inspections (it is derived from
    published throughput): inspected vehicles take longer and the others correspondingly less,
    so that the mean is kept. Inspection times are exponential, as is the rest of the service.
    """
    if rate_per_hour.shape != spec.open_hours.shape:
        raise ValueError("one arrival rate per hour of the horizon")
    arrivals = poisson_arrivals(rng, rate_per_hour)
    n = arrivals.shape[0]
    shares = np.broadcast_to(np.asarray(agri_share, dtype=np.float64), rate_per_hour.shape)
    hour = np.minimum(arrivals.astype(np.int64), rate_per_hour.shape[0] - 1)
    agri = np.asarray(rng.random(n) < shares[hour], dtype=np.bool_)
    (rate_a, hours_a), (rate_o, hours_o) = spec.agri_inspection, spec.other_inspection
    share = float(agri.mean()) if n else 0.0
    extra = share * rate_a * hours_a + (1 - share) * rate_o * hours_o
    if extra >= spec.service_hours:
        raise ScenarioError(
            f"{spec.crossing} {spec.direction}: inspections alone take {extra:.2f} h a vehicle "
            f"on average, more than the {spec.service_hours:.2f} h mean service time"
        )
    services = np.asarray(rng.exponential(spec.service_hours - extra, n), dtype=np.float64)
    for mask, rate, hours in ((agri, rate_a, hours_a), (~agri, rate_o, hours_o)):
        inspected = np.asarray(mask & (rng.random(n) < rate), dtype=np.bool_)
        if hours:
            services[inspected] += rng.exponential(hours, int(inspected.sum()))
    classes = np.where(agri & spec.priority_for_agri, 0, 1).astype(np.int64)
    result = simulate_queue(
        arrivals, classes, services, servers=spec.servers, open_hours=spec.open_hours
    )
    if spec.gauge_hours is not None and spec.yard_trains is not None:
        result = _with_gauge_change(result, services, spec, rng)
    return result, agri


def _with_gauge_change(
    border: QueueResult, services: np.ndarray, spec: StationSpec, rng: np.random.Generator
) -> QueueResult:
    """Run border tracks, yard and gauge change together (the yard couples them)."""
    assert spec.gauge_hours is not None and spec.yard_trains is not None
    gauge = np.asarray(
        rng.exponential(spec.gauge_hours, border.arrivals.shape[0]), dtype=np.float64
    )
    start1, end1, start2, end2, full = run_tandem(
        border.arrivals,
        border.classes,
        services,
        gauge,
        spec.servers,
        1,
        spec.yard_trains,
        2,
        next_open_table(spec.open_hours),
        border.horizon,
    )
    horizon = border.horizon
    extra = np.where(start2 >= 0, start2 - end1, np.where(end1 >= 0, horizon - end1, 0.0))
    finish = np.where(end2 >= 0, end2, -1.0)
    busy = float(
        np.clip(np.where(start1 >= 0, np.minimum(end1, horizon) - start1, 0.0), 0, None).sum()
    )
    return QueueResult(
        border.arrivals,
        border.classes,
        start1,
        finish,
        busy,
        spec.servers,
        horizon,
        border.open_hours,
        np.maximum(extra, 0.0),
        full,
    )
