"""Crossing directions of the network file run as queues."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.errors import ScenarioError
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.sim.crossing import simulate_station, station_spec

NETWORK = read_network(data_dir() / "corridor" / "kaz-chn.yaml")


def test_spec_takes_lanes_hours_and_service_from_the_file() -> None:
    spec = station_spec(NETWORK.crossing("bakhty-baketu"), "a_to_b", days=7)
    assert (spec.servers, spec.service_hours, spec.priority_for_agri) == (2, 0.9, True)
    assert spec.open_hours.sum() == 7 * 9


def test_a_disabled_crossing_cannot_run() -> None:
    with pytest.raises(ScenarioError, match="not enabled"):
        station_spec(NETWORK.crossing("narynkol-muzart"), "a_to_b", days=1)


def test_green_corridor_goods_wait_less() -> None:
    """With priority, farm goods wait less than other cargo at a busy crossing."""
    spec = station_spec(NETWORK.crossing("bakhty-baketu"), "a_to_b", days=120)
    rate = np.where(spec.open_hours, 0.95 * spec.servers / spec.service_hours, 0.0)
    result, _ = simulate_station(spec, rate, 0.3, np.random.default_rng(3))
    waits = result.start - result.arrivals
    served = result.served
    assert (
        waits[served & (result.classes == 0)].mean() < waits[served & (result.classes == 1)].mean()
    )


def test_24_7_cuts_waits_at_the_same_demand() -> None:
    """The same daily demand through a 9-hour crossing waits longer than through a 24-hour one."""
    crossing = NETWORK.crossing("dostyk-alashankou-road")
    spec = station_spec(crossing, "a_to_b", days=200)
    daily = 0.6 * spec.servers / spec.service_hours * 9
    rate = np.full(spec.open_hours.shape, daily / 24)
    short, _ = simulate_station(spec, rate, 0.0, np.random.default_rng(5))
    full, _ = simulate_station(
        spec.__class__(**{**spec.__dict__, "open_hours": np.ones_like(spec.open_hours)}),
        rate,
        0.0,
        np.random.default_rng(5),
    )
    assert full.waits.mean() < short.waits.mean()


def test_rail_crossings_get_gauge_change_and_a_yard() -> None:
    spec = station_spec(
        NETWORK.crossing("dostyk-alashankou-rail"), "a_to_b", days=3, wagons_per_train=55
    )
    assert spec.gauge_hours == pytest.approx(24 / 28) and spec.yard_trains == 3500 // 55
    road = station_spec(NETWORK.crossing("nur-zholy-khorgos"), "a_to_b", days=3)
    assert road.gauge_hours is None


def test_a_rail_train_waits_at_the_border_and_in_the_yard() -> None:
    """Waits add the yard's; a train's time in the crossing covers both stages."""
    spec = station_spec(NETWORK.crossing("altynkol-khorgos-rail"), "a_to_b", days=60)
    rate = np.full(spec.open_hours.shape, 18 / 24)
    result, _ = simulate_station(spec, rate, 0.0, np.random.default_rng(2))
    assert result.extra_wait is not None and (result.extra_wait >= 0).all()
    done = result.finish >= 0
    assert ((result.finish - result.arrivals)[done] >= (result.start - result.arrivals)[done]).all()
    assert result.extra_wait[result.served].mean() > 0
