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
    assert len(rows) == 227
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
    assert by_id["C40"].monthly and by_id["C40"].period.start.month == 7


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
