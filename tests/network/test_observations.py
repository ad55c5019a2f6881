"""The observations file: its schema, ranges, kinds, and refusals that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.network.observations import read_observations

NETWORK = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
SHIPPED = data_dir() / "corridor" / "observations.csv"
HEADER = "id,crossing,side,direction,mode,year,measure,value,unit,source\n"


def test_the_shipped_file_reads_whole() -> None:
    rows = read_observations(SHIPPED, NETWORK)
    assert len(rows) == 229
    by_id = {o.id: o for o in rows}
    horgos = by_id["C25"]
    assert (horgos.crossing, horgos.side, horgos.value, horgos.weight) == (
        "nur-zholy-khorgos",
        "CHN",
        77.5,
        1.0,
    )
    assert by_id["C01"].weight < 1  # a national average
    ranged = by_id["D069"]
    assert (ranged.low, ranged.high, ranged.value) == (150, 200, 175)
    assert by_id["D067"].kind == "capacity"  # "capacity after Jan 2024 hub"
    assert by_id["D070"].kind == "actual"  # "average clearances"
    assert by_id["D148"].kind == "actual"  # a URL's words do not make it a capacity
    assert by_id["C40"].period.start == by_id["C40"].period.end  # a queue on its day
    assert by_id["D073"].period.end.isoformat() == "2024-10-12"  # 1 Jan–12 Oct 2024
    assert by_id["D105"].scope == "transit"  # China Railway Express trains


def test_a_count_without_period_columns_is_the_year_so_far(tmp_path: Path) -> None:
    """A running count for YYYY-MM covers 1 January to the end of that month (news report the
    year so far); any other monthly figure is that month; a year is the year."""
    path = tmp_path / "obs.csv"
    path.write_text(
        HEADER
        + "a,nur-zholy-khorgos,CHN,all,road,2024-04,vehicles_in_period,100,vehicles,x\n"
        + "b,nur-zholy-khorgos,CHN,all,road,2024-04,vehicles_per_day,100,vehicles/day,x\n"
        + "c,nur-zholy-khorgos,CHN,all,road,2023,time_to_cross_h,5,h,x\n"
    )
    a, b, c = read_observations(path, NETWORK)
    assert (a.period.start.isoformat(), a.period.end.isoformat()) == ("2024-01-01", "2024-04-30")
    assert (b.period.start.isoformat(), b.days) == ("2024-04-01", 30)
    assert c.days == 365


def test_kind_and_period_columns_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    head = HEADER.strip() + ",kind,period_start,period_end\n"
    path.write_text(
        head + "a,nur-zholy-khorgos,KAZ,outbound,road,,queue_vehicles,1500,trucks,x,actual,"
        "2025-11-20,2025-11-20\n"
        + "b,nur-zholy-khorgos,KAZ,outbound,road,,vehicles_per_day,800,trucks/day,agreed,"
        "limit,2025-11-01,2025-11-30\n"
    )
    a, b = read_observations(path, NETWORK)
    assert a.kind == "actual" and a.days == 1 and a.year == "2025"
    assert b.kind == "limit"
    path.write_text(
        head + "a,nur-zholy-khorgos,KAZ,outbound,road,,queue_vehicles,1,trucks,x,guess,2025-11-20,"
        "2025-11-19\n"
    )
    with pytest.raises(InputError) as info:
        read_observations(path, NETWORK)
    found = {p.column for p in info.value.problems}
    assert {"kind", "period_end"} <= found


def test_a_bad_file_is_refused_whole_naming_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(
        HEADER
        + "a1,nur-zholy-khorgos,KAZ,outbound,road,2023,time_to_cross_h,4.5,h,ok\n"
        + "a2,no-such-crossing,KAZ,outbound,road,2023,time_to_cross_h,4.5,h,x\n"
        + "a3,*,XYZ,outbound,road,2023,time_to_cross_h,4.5,h,x\n"
        + "a4,*,KAZ,sideways,road,23,time_to_cross_h,-1,h,x\n"
        + "a1,*,KAZ,all,rail,2023,time_to_cross_h,1,h,x\n"
        + "a6,dostyk-alashankou-rail,KAZ,all,road,2023,trains_per_day,1,h,x\n"
    )
    with pytest.raises(InputError) as info:
        read_observations(path, NETWORK)
    found = {(p.line, p.column) for p in info.value.problems}
    assert {(3, "crossing"), (4, "side"), (5, "direction"), (5, "year"), (5, "value")} <= found
    assert {(6, "id"), (7, "mode")} <= found
    assert "nothing was read" in str(info.value)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text("id,crossing,value\nx,*,1\n")
    with pytest.raises(InputError, match="missing: side, direction, mode, year, measure, unit"):
        read_observations(path, NETWORK)


def test_a_crossing_named_by_a_post_reads_as_its_id(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(
        HEADER
        + "a,Alashankou,CHN,all,rail,2024,trains_per_year,9000,trains,x\n"
        + "b,Alashankou,CHN,all,road,2024,vehicles_per_year,90000,vehicles,x\n"
    )
    a, b = read_observations(path, NETWORK)
    assert (a.crossing, b.crossing) == ("dostyk-alashankou-rail", "dostyk-alashankou-road")
