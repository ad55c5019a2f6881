"""Demand: trade values become tonnes and vehicles per crossing direction, for any year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.network.demand import read_demand
from corridor.planning.demand import station_demand, trade_for_year

SPEC = read_demand(data_dir() / "corridor" / "demand.yaml")
NETWORK = read_network(data_dir() / "corridor" / "kaz-chn.yaml")


@pytest.fixture(scope="module")
def demand(default_db: Path):  # type: ignore[no-untyped-def]
    with Ledger.open(default_db, read_only=True) as ledger:
        return station_demand(ledger, SPEC, NETWORK.at(dt.date(2024, 7, 1)), 2024)


def test_shares_split_the_tonnes_exactly(demand) -> None:  # type: ignore[no-untyped-def]
    """Rail and road tonnes of a direction add up to the direction's tonnes, pipelines excluded."""
    a_to_b = [d for d in demand if d.direction == "a_to_b"]
    total = sum(sum(d.tonnes.values()) for d in a_to_b)
    rail = sum(sum(d.tonnes.values()) for d in a_to_b if d.mode == "rail")
    assert 5e6 < total < 40e6  # Kazakh exports to China by land, in tonnes
    assert rail / total > 0.8  # mostly ores, metals and grain by rail


def test_vehicles_follow_the_loads(demand) -> None:  # type: ignore[no-untyped-def]
    road = next(d for d in demand if d.crossing == "nur-zholy-khorgos" and d.direction == "a_to_b")
    assert road.vehicles["bulk"] == pytest.approx(road.tonnes["bulk"] / SPEC.loads.truck_t.value)
    rail = next(
        d for d in demand if d.crossing == "dostyk-alashankou-rail" and d.direction == "b_to_a"
    )
    per_train = SPEC.loads.wagon_t.value * SPEC.loads.wagons_per_train.value
    assert rail.vehicles["containers"] == pytest.approx(rail.tonnes["containers"] / per_train)
    west = SPEC.transit_share_b_to_a.value
    assert rail.transit == pytest.approx(7236 * west)


def test_empty_vehicles_go_back_in_the_lighter_direction(demand) -> None:  # type: ignore[no-untyped-def]
    """More loaded trucks come from China than go to it: the difference goes back partly empty."""
    out = next(d for d in demand if d.crossing == "nur-zholy-khorgos" and d.direction == "a_to_b")
    back = next(d for d in demand if d.crossing == "nur-zholy-khorgos" and d.direction == "b_to_a")
    assert back.loaded_vehicles > out.loaded_vehicles
    share = SPEC.empty_return["road"].value
    assert out.empty == pytest.approx((back.loaded_vehicles - out.loaded_vehicles) * share)
    assert back.empty == 0.0


def test_growth_scales_demand(default_db: Path) -> None:
    with Ledger.open(default_db, read_only=True) as ledger:
        base = station_demand(ledger, SPEC, NETWORK, 2024)
        grown = station_demand(ledger, SPEC, NETWORK, 2024, growth=1.5)
    assert sum(grown[0].tonnes.values()) == pytest.approx(1.5 * sum(base[0].tonnes.values()))


def test_harvest_season_raises_autumn_farm_arrivals(demand) -> None:  # type: ignore[no-untyped-def]
    d = next(x for x in demand if x.crossing == "nur-zholy-khorgos")
    rate, shares = d.hourly_rates(SPEC, dt.date(2024, 1, 1), 365)
    assert rate.shape == (365 * 24,) and shares.shape == (5, 365 * 24)
    assert shares[0, 24 * 260] > shares[0, 24 * 30]  # farm goods: mid-September above January
    assert shares.sum(axis=0)[rate > 0] == pytest.approx(1.0)


def test_a_year_without_products_takes_the_nearest_mix_and_says_so(default_ledger: Ledger) -> None:
    """2022 has only published totals: the 2023 mix scaled to them. 2020 has neither: a total
    interpolated between the years around it. Both rules are named."""
    y2022 = trade_for_year(default_ledger, "KAZ", "CHN", 2022)
    exports = y2022["a_to_b"]
    assert exports.total_usd == pytest.approx(13.2e9, rel=1e-6)
    assert sum(v for _, v in exports.rows) == pytest.approx(exports.total_usd)
    assert "2023's product mix" in exports.rule and "2022's total" in exports.rule
    y2020 = trade_for_year(default_ledger, "KAZ", "CHN", 2020)
    assert "interpolated between 2019" in y2020["a_to_b"].rule
    assert y2020["a_to_b"].source == "estimated"
    own = trade_for_year(default_ledger, "KAZ", "CHN", 2024)
    assert own["a_to_b"].rule == "" and own["b_to_a"].rule == ""


def test_a_year_after_the_last_total_grows_as_its_published_months_did(
    default_ledger: Ledger,
) -> None:
    """2025 has no total, but China's statistics give the pair's turnover for January–October
    2025 and 2024 (US$39.8 bn against 36.5 bn): 2025 is 2024's total grown 9.0 %, each
    direction, and the rule says so. 2026 has no months published: 2024's total, not grown."""
    base = trade_for_year(default_ledger, "KAZ", "CHN", 2024)
    y2025 = trade_for_year(default_ledger, "KAZ", "CHN", 2025)
    for d in ("a_to_b", "b_to_a"):
        assert y2025[d].total_usd == pytest.approx(base[d].total_usd * 39.8 / 36.5, rel=1e-9)
        rule = y2025[d].rule
        assert "grown from 2024's (US$" in rule and "by +9.0 %" in rule
        assert "January–October 2025" in rule
        assert y2025[d].source == "estimated"
    y2026 = trade_for_year(default_ledger, "KAZ", "CHN", 2026)
    assert y2026["a_to_b"].total_usd == pytest.approx(base["a_to_b"].total_usd, rel=1e-9)
    assert "taken from 2024, the nearest year with one (not grown)" in y2026["a_to_b"].rule


def test_a_closed_crossings_traffic_goes_to_the_open_ones(default_ledger: Ledger) -> None:
    in_2021 = NETWORK.at(dt.date(2021, 7, 1))
    stations = station_demand(default_ledger, SPEC, in_2021, 2021)
    road = [s for s in stations if s.mode == "road" and s.direction == "a_to_b"]
    assert "maikapchagai-jeminay" not in {s.crossing for s in road}
    assert any("not running on 2021-07-01" in n for n in stations[0].notes)


def test_shares_must_add_to_one(tmp_path: Path) -> None:
    text = (
        (data_dir() / "corridor" / "demand.yaml")
        .read_text()
        .replace("nur-zholy-khorgos: {value: 0.75", "nur-zholy-khorgos: {value: 0.70")
    )
    path = tmp_path / "d.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match="adds up to"):
        read_demand(path)
