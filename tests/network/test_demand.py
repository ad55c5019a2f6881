"""Demand: trade values become tonnes and vehicles per crossing direction."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.network.demand import read_demand, station_demand

SPEC = read_demand(data_dir() / "corridor" / "demand.yaml")
NETWORK = read_network(data_dir() / "corridor" / "kaz-chn.yaml")


@pytest.fixture(scope="module")
def demand(default_db: Path):  # type: ignore[no-untyped-def]
    with Ledger.open(default_db, read_only=True) as ledger:
        return station_demand(ledger, SPEC, NETWORK, 2024)


def test_shares_split_the_tonnes_exactly(demand) -> None:  # type: ignore[no-untyped-def]
    """Rail and road tonnes of a direction add up to the direction's tonnes, pipelines excluded."""
    a_to_b = [d for d in demand if d.direction == "a_to_b"]
    total = sum(sum(d.tonnes.values()) for d in a_to_b)
    rail = sum(sum(d.tonnes.values()) for d in a_to_b if d.mode == "rail")
    assert 10e6 < total < 40e6  # Kazakh exports to China by land, in tonnes
    assert rail / total > 0.8  # mostly ores, metals and grain by rail


def test_vehicles_follow_the_loads(demand) -> None:  # type: ignore[no-untyped-def]
    road = next(d for d in demand if d.crossing == "nur-zholy-khorgos" and d.direction == "a_to_b")
    assert road.vehicles["bulk"] == pytest.approx(road.tonnes["bulk"] / SPEC.loads.truck_t.value)
    rail = next(
        d for d in demand if d.crossing == "dostyk-alashankou-rail" and d.direction == "b_to_a"
    )
    per_train = SPEC.loads.wagon_t.value * SPEC.loads.wagons_per_train.value
    assert rail.vehicles["containers"] == pytest.approx(rail.tonnes["containers"] / per_train)
    assert rail.transit_trains == pytest.approx(7236 / 2)


def test_growth_scales_demand(default_db: Path) -> None:
    with Ledger.open(default_db, read_only=True) as ledger:
        base = station_demand(ledger, SPEC, NETWORK, 2024)
        grown = station_demand(ledger, SPEC, NETWORK, 2024, growth=1.5)
    assert sum(grown[0].tonnes.values()) == pytest.approx(1.5 * sum(base[0].tonnes.values()))


def test_harvest_season_raises_autumn_farm_arrivals(demand) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    d = next(x for x in demand if x.crossing == "nur-zholy-khorgos")
    rate, share = d.hourly_rates(365, SPEC, dt.date(2024, 1, 1))
    assert rate.shape == (365 * 24,)
    assert share[24 * 260] > share[24 * 30]  # mid-September above January


def test_shares_must_add_to_one(tmp_path: Path) -> None:
    text = (
        (data_dir() / "corridor" / "demand.yaml")
        .read_text()
        .replace("nur-zholy-khorgos: {value: 0.90", "nur-zholy-khorgos: {value: 0.80")
    )
    path = tmp_path / "d.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match="adds up to"):
        read_demand(path)
