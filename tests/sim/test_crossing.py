"""Both posts of a crossing direction run in series: exit, dwell, entry (rail: yard and gauge)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from benchmarks.simpy_crossing import run_simpy_on

from corridor.errors import ScenarioError
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.sim.crossing import StageSpec, StationSpec, draw_inputs, run_crossing
from corridor.sim.schedule import station_spec
from corridor.sim.station import open_hours

NETWORK = read_network(data_dir() / "corridor" / "kaz-chn.yaml").at(dt.date(2024, 7, 1))
START = dt.date(2024, 1, 1)


def test_spec_takes_each_posts_lanes_hours_and_limits_from_the_file() -> None:
    spec = station_spec(NETWORK, NETWORK.crossing("bakhty-baketu"), "a_to_b", start=START, days=7)
    assert (spec.exit.country, spec.entry.country) == ("KAZ", "CHN")
    assert spec.exit.servers == 2 and spec.exit.priority_for_agri
    assert spec.exit.open_hours.sum() == 7 * 9
    assert spec.entry.transload_share == 0.0  # trucks entering China are not transloaded
    back = station_spec(
        NETWORK, NETWORK.crossing("nur-zholy-khorgos"), "b_to_a", start=START, days=7
    )
    assert back.exit.country == "CHN" and back.exit.transload_share == 1.0
    rail = station_spec(
        NETWORK,
        NETWORK.crossing("dostyk-alashankou-rail"),
        "a_to_b",
        start=START,
        days=3,
        wagons_per_train=57,
    )
    assert (rail.entry.gauge_by_day == 15).all()
    assert rail.entry.yard_trains is None  # no physical yard figure is known: no limit
    assert rail.exit.gauge_by_day is None


def test_a_disabled_crossing_cannot_run() -> None:
    with pytest.raises(ScenarioError, match="not enabled"):
        station_spec(NETWORK, NETWORK.crossing("narynkol-muzart"), "a_to_b", start=START, days=1)


def test_the_chinese_post_opens_an_hour_later() -> None:
    """The one-hour offset of the two posts' clocks (X32) is in their opening hours."""
    spec = station_spec(NETWORK, NETWORK.crossing("bakhty-baketu"), "a_to_b", start=START, days=1)
    assert np.flatnonzero(spec.exit.open_hours)[0] == 9
    assert np.flatnonzero(spec.entry.open_hours)[0] == 10


def _two_posts(per_day: float, yard: int) -> StationSpec:
    days = 40
    exit_hours = open_hours(days=days, hours_per_day=16, opens_at=6)
    return StationSpec(
        "test",
        "a_to_b",
        "rail",
        StageSpec.plain(
            "A", 4, 0.9, exit_hours, priority_for_agri=True, dwell_hours=2.0, daily_limit=per_day
        ),
        StageSpec.plain(
            "B", 3, 1.2, np.ones(days * 24, dtype=np.bool_), gauge_per_day=30.0, yard_trains=yard
        ),
    )


@pytest.mark.parametrize(
    ("seed", "per_day", "yard"), [(1, 0.0, 10**6), (2, 37.5, 12), (3, 45.0, 6)]
)
def test_two_posts_agree_with_simpy_on_the_same_inputs(
    seed: int, per_day: float, yard: int
) -> None:
    """Identical inputs through the engine and an independent SimPy model of two posts in
    series (lanes, hours, priority, daily limit, dwell; tracks, yard blocking, gauge change,
    empty trains skipping it): every start and end at the same moment."""
    spec = _two_posts(per_day or np.inf, yard)
    rng = np.random.default_rng(seed)
    hours = spec.exit.open_hours.shape[0]
    shares = np.tile(np.array([[0.2], [0.6], [0.15], [0.05], [0.0]]), (1, hours))
    inputs = draw_inputs(spec, np.full(hours, 1.7), shares, rng)
    ours = run_crossing(spec, inputs)
    peer1, peer2, peer_end, _ = run_simpy_on(spec, inputs)
    early = inputs.arrivals < hours - 72  # away from the horizon's edge
    np.testing.assert_allclose(ours.exit_start[early], peer1[early])
    np.testing.assert_allclose(ours.entry_start[early], peer2[early])
    gauged = early & (ours.yard_out >= 0)
    np.testing.assert_allclose(
        (ours.entry_leave - inputs.delay2)[gauged], peer_end[gauged], atol=1e-9
    )


@pytest.mark.parametrize("per_day", [7.0, 12.5])
def test_a_daily_limit_is_never_exceeded(per_day: float) -> None:
    """Starts a day at the exit post never pass the limit; a fractional limit holds on average."""
    spec = _two_posts(per_day, 10**6)
    hours = spec.exit.open_hours.shape[0]
    shares = np.tile(np.array([[0.0], [1.0], [0.0], [0.0], [0.0]]), (1, hours))
    run = run_crossing(
        spec, draw_inputs(spec, np.full(hours, 3.0), shares, np.random.default_rng(4))
    )
    started = run.exit_start[run.exit_start >= 0]
    per = np.bincount((started // 24).astype(np.int64), minlength=hours // 24)
    assert per.max() <= np.ceil(per_day)
    assert per[1:-1].mean() == pytest.approx(per_day, rel=0.05)


def test_the_queue_forms_where_the_limit_binds() -> None:
    """An acceptance limit of the entry post holds vehicles at the exit post, not the entry's."""
    spec = _two_posts(8.0, 10**6)
    hours = spec.exit.open_hours.shape[0]
    shares = np.tile(np.array([[0.0], [1.0], [0.0], [0.0], [0.0]]), (1, hours))
    run = run_crossing(
        spec, draw_inputs(spec, np.full(hours, 0.5), shares, np.random.default_rng(5))
    )
    served = (run.exit_start >= 0) & (run.entry_start >= 0)
    exit_wait = (run.exit_start - run.arrivals)[served].mean()
    entry_wait = (run.entry_start - run.entry_arrival)[served].mean()
    assert exit_wait > 10 * max(entry_wait, 0.1)
