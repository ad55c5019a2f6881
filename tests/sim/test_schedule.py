"""The schedule: the network in force on each day and the events, as arrays the engine takes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.events import parse_events
from corridor.planning import resolve_scenario
from corridor.sim.run import timeline_of
from corridor.sim.schedule import perturbed, plan_stations, plans_by_replication, uncertain

BASE = data_dir() / "scenarios" / "baseline.yaml"
HEADER = "id,crossing,side,direction,mode,start,end,kind,value,unit,source\n"
FIRST = dt.date(2024, 3, 1)


@pytest.fixture(scope="module")
def resolved(default_db: Path):  # type: ignore[no-untyped-def]
    with Ledger.open(default_db, read_only=True) as ledger:
        return resolve_scenario(ledger, BASE, year=2024)


def _plans(resolved, rows: str):  # type: ignore[no-untyped-def]
    import dataclasses

    events = parse_events(HEADER + rows, resolved.network) if rows else ()
    timeline = dataclasses.replace(timeline_of(resolved), events=events)
    plans = plan_stations(timeline, FIRST, 30, main_day=dt.date(2024, 3, 15))
    return {(p.spec.crossing, p.spec.direction): p for p in plans}


def test_an_acceptance_cap_limits_its_days_only(resolved) -> None:  # type: ignore[no-untyped-def]
    plans = _plans(
        resolved,
        "a,nur-zholy-khorgos,CHN,inbound,road,2024-03-05,2024-03-09,acceptance_cap,300,"
        "trucks/day,s\n"
        "b,altynkol-khorgos-rail,CHN,inbound,rail,2024-03-05,2024-03-06,acceptance_cap,570,"
        "wagons/day,s\n",
    )
    into_china = plans[("nur-zholy-khorgos", "a_to_b")].spec
    assert np.isinf(into_china.limit_by_day[:4]).all()
    assert (into_china.limit_by_day[4:9] == 300).all() and np.isinf(
        into_china.limit_by_day[9:]
    ).all()
    out_of_china = plans[("nur-zholy-khorgos", "b_to_a")].spec
    assert np.isinf(out_of_china.limit_by_day).all()  # inbound to China only
    rail = plans[("altynkol-khorgos-rail", "a_to_b")].spec
    wagons = resolved.demand.loads.wagons_per_train.value
    assert rail.limit_by_day[4] == pytest.approx(570 / wagons)  # wagons become trains


def test_a_closed_crossing_sends_its_traffic_to_the_nearest_open_one(resolved) -> None:  # type: ignore[no-untyped-def]
    before = _plans(resolved, "")
    after = _plans(resolved, "a,kolzhat-dulata,both,all,road,2024-03-10,2024-03-19,closed,,,s\n")
    days = slice(9 * 24, 19 * 24)
    for direction in ("a_to_b", "b_to_a"):
        kolzhat = after[("kolzhat-dulata", direction)]
        assert kolzhat.rate[days].sum() == 0 and not kolzhat.spec.exit.open_hours[days].any()
        moved = before[("kolzhat-dulata", direction)].rate[days].sum()
        khorgos = after[("nur-zholy-khorgos", direction)].rate[days].sum()
        gained = khorgos - before[("nur-zholy-khorgos", direction)].rate[days].sum()
        assert moved > 0 and gained == pytest.approx(moved)  # Khorgos is the nearest road post
    total = sum(p.rate.sum() for p in after.values())
    assert total == pytest.approx(sum(p.rate.sum() for p in before.values()))  # none lost


def test_hours_lanes_holidays_and_demand_factors(resolved) -> None:  # type: ignore[no-untyped-def]
    before = _plans(resolved, "")
    after = _plans(
        resolved,
        "a,bakhty-baketu,KAZ,all,road,2024-03-01,2024-03-10,hours,24,h/day,s\n"
        "b,bakhty-baketu,CHN,inbound,road,2024-03-01,2024-03-10,lanes,1,lanes,s\n"
        "c,dostyk-alashankou-road,both,all,road,2024-03-11,2024-03-11,holiday,,,s\n"
        "d,dostyk-alashankou-rail,KAZ,outbound,rail,2024-03-01,2024-03-30,demand_factor,1.5,x,"
        "s\n",
    )
    out = after[("bakhty-baketu", "a_to_b")].spec
    assert out.exit.open_hours[: 10 * 24].all()  # 24 h at the Kazakh post
    assert (out.entry.lanes_by_day[:10] == 1).all() and (out.entry.lanes_by_day[10:] == 2).all()
    road = after[("dostyk-alashankou-road", "a_to_b")].spec
    assert not road.exit.open_hours[10 * 24 : 11 * 24].any()
    rail = ("dostyk-alashankou-rail", "a_to_b")
    assert after[rail].rate.sum() == pytest.approx(1.5 * before[rail].rate.sum())
    back = ("dostyk-alashankou-rail", "b_to_a")
    assert after[back].rate.sum() == pytest.approx(before[back].rate.sum())


def test_figures_change_on_their_day_within_a_run(resolved) -> None:  # type: ignore[no-untyped-def]
    """The Dostyk–Alashankou exchange rose from 15 to 28 trains a day on 1 July 2025: a run over
    that day has both."""
    timeline = timeline_of(resolved)
    plans = plan_stations(timeline, dt.date(2025, 6, 21), 20, main_day=dt.date(2025, 6, 30))
    rail = next(p for p in plans if p.spec.crossing == "dostyk-alashankou-rail")
    gauge = rail.spec.entry.gauge_by_day
    assert gauge is not None and (gauge[:10] == 15).all() and (gauge[10:] == 28).all()


def test_fitted_figures_are_drawn_from_their_uncertainty(resolved) -> None:  # type: ignore[no-untyped-def]
    """A calibrated figure with log_sd is drawn per replication: the same seed and replication
    give the same draw, another replication another."""
    timeline = timeline_of(resolved)
    assert uncertain(timeline)  # the shipped calibration carries log_sd

    def dwell(seed: int, rep: int) -> float:
        """The epidemic regime's fitted exit dwell at Khorgos road (China's side)."""
        net = perturbed(timeline, seed, rep).network
        stage = net.crossing("nur-zholy-khorgos").posts["CHN"].outbound
        assert stage.dwell_hours is not None
        fitted = [h for h in stage.dwell_hours.history if h.calibrated]
        assert fitted
        return fitted[0].value

    assert dwell(1, 0) == dwell(1, 0)
    assert dwell(1, 0) != dwell(1, 1)


def test_figures_fitted_for_other_days_leave_a_run_certain(resolved) -> None:  # type: ignore[no-untyped-def]
    """The shipped fits are the epidemic regime's (2020-02..2022-12): a window of 2024 reads
    none of them, so one plan serves every replication; a window of 2021 draws them, and a
    draw does not depend on which other figures are drawn."""
    timeline = timeline_of(resolved)
    in_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    in_2021 = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert not uncertain(timeline, in_2024) and uncertain(timeline, in_2021)
    assert perturbed(timeline, 1, 2, in_2024).network is timeline.network
    plans = plans_by_replication(
        timeline, dt.date(2024, 1, 1), 30, main_day=dt.date(2024, 1, 15), seed=1, reps=3
    )
    assert all(p[0] is p[1] is p[2] for p in plans)

    def dwell(window: tuple[dt.date, dt.date] | None) -> float:
        net = perturbed(timeline, 1, 1, window).network
        stage = net.crossing("nur-zholy-khorgos").posts["CHN"].outbound
        assert stage.dwell_hours is not None
        return next(h.value for h in stage.dwell_hours.history if h.calibrated)

    assert dwell(in_2021) == dwell(None)


def test_uncounted_traffic_levels_are_drawn_only_when_asked(resolved) -> None:  # type: ignore[no-untyped-def]
    """2024's anchors: Nur Zholy's from its own counts (certain), Bakhty's carried from 2022
    and the uncounted road crossings' from their mode (uncertain). With ``levels`` those draw,
    a crossing's classes and directions together; the same seed gives the same draw."""
    timeline = timeline_of(resolved)
    in_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert not uncertain(timeline, in_2024) and uncertain(timeline, in_2024, levels=True)
    assert perturbed(timeline, 1, 1, in_2024).anchors is timeline.anchors

    def factors(rep: int) -> dict[tuple[str, str, str], float]:
        drawn = perturbed(timeline, 7, rep, in_2024, levels=True).anchors
        return {(a.crossing, a.direction, a.kind): a.factor for a in drawn}

    given = {(a.crossing, a.direction, a.kind): a for a in timeline.anchors}
    one, again, other = factors(0), factors(0), factors(1)
    assert one == again and one != other
    for key, a in given.items():
        if a.log_sd == 0:
            assert one[key] == a.factor
    ratios = {k: one[k] / given[k].factor for k in one if k[0] == "bakhty-baketu"}
    assert len({round(r, 12) for r in ratios.values()}) == 1 and next(iter(ratios.values())) != 1
    plans = plans_by_replication(
        timeline, FIRST, 30, main_day=dt.date(2024, 3, 15), seed=1, reps=2, levels=True
    )
    by_id = {p[0].spec.crossing: p for p in plans}
    assert by_id["nur-zholy-khorgos"][0].rate.sum() == by_id["nur-zholy-khorgos"][1].rate.sum()
    assert by_id["bakhty-baketu"][0].rate.sum() != by_id["bakhty-baketu"][1].rate.sum()


def test_a_run_with_drawn_levels_says_how_many_replications_overload(resolved) -> None:  # type: ignore[no-untyped-def]
    """Where the replications' demand differs, each station says the share of them whose
    arrivals exceed what it clears; where one plan serves all, it says nothing (None)."""
    from corridor.sim.run import run_scenario
    from corridor.sim.settings import RunSettings

    drawn = run_scenario(resolved, RunSettings(days=10, replications=4, seed=3, levels=True))
    by_id = {(s.crossing, s.direction): s for s in drawn.stations}
    assert by_id[("nur-zholy-khorgos", "a_to_b")].overloaded_share == 0.0  # counted in 2024
    shares = [s.overloaded_share for s in drawn.stations if s.overloaded_share is not None]
    assert shares and all(x in (0.0, 0.25, 0.5, 0.75, 1.0) for x in shares)
    plain = run_scenario(resolved, RunSettings(days=10, replications=4, seed=3))
    assert all(s.overloaded_share is None for s in plain.stations)
    assert "overloaded_share" in plain.stations[0].flat()
