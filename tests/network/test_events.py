"""The events file: caps, closures, hours, lanes, demand and holidays on given days, read all or
nothing with each bad row named by line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.network.events import merge_events, parse_events, read_events

NETWORK = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
HEADER = "id,crossing,side,direction,mode,start,end,kind,value,unit,source\n"


def test_the_shipped_events_read_and_cite_their_sources() -> None:
    events = read_events(data_dir() / "corridor" / "events.csv", NETWORK)
    assert len(events) >= 9
    assert all(e.source for e in events)
    cap = next(e for e in events if e.kind == "acceptance_cap" and e.crossing == "nur-zholy-khorgos"
               and e.start.year == 2025)  # fmt: skip
    assert cap.side == "CHN" and cap.direction == "inbound" and cap.on(dt.date(2025, 11, 15))
    works = next(e for e in events if e.kind == "closed")
    assert works.divert_to == "nur-zholy-khorgos"


def test_every_kind_reads() -> None:
    text = HEADER + "\n".join(
        [
            "a,nur-zholy-khorgos,CHN,inbound,road,2025-11-01,2025-11-30,acceptance_cap,725,"
            "trucks/day,s",
            "b,kolzhat-dulata,both,all,road,2025-11-01,,closed,,,s",
            "c,*,KAZ,all,road,2025-05-01,2025-05-01,holiday,,,s",
            "d,bakhty-baketu,KAZ,outbound,road,2025-06-01,2025-06-30,hours,24,h/day,s",
            "e,bakhty-baketu,CHN,inbound,road,2025-06-01,2025-06-30,lanes,4,lanes,s",
            "f,altynkol-khorgos-rail,KAZ,outbound,rail,2025-09-01,2025-10-31,demand_factor,1.3,x,s",
            "g,altynkol-khorgos-rail,CHN,inbound,rail,2025-10-01,2025-10-31,acceptance_cap,570,"
            "wagons/day,s",
        ]
    )
    events = parse_events(text, NETWORK)
    assert [e.kind for e in events] == [
        "acceptance_cap", "closed", "holiday", "hours", "lanes", "demand_factor", "acceptance_cap",
    ]  # fmt: skip
    assert events[1].end is None and events[1].on(dt.date(2030, 1, 1))
    assert events[1].divert_to is None  # the nearest open crossing of the mode


def test_bad_rows_are_refused_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER + "a,nur-zholy-khorgos,CHN,inbound,road,2025-11-01,2025-11-30,acceptance_cap,725,"
        "trucks/day,ok\n"
        + "b,no-such,CHN,inbound,road,2025-11-01,2025-11-30,hours,25,h,s\n"
        + "c,bakhty-baketu,both,inbound,road,2025-11-30,2025-11-01,lanes,2.5,lanes,\n"
        + "d,bakhty-baketu,KAZ,all,rail,2025-13-01,,holiday,3,,s\n"
        + "a,bakhty-baketu,KAZ,all,road,2025-01-01,,eclipse,,,s\n"
    )
    with pytest.raises(InputError) as info:
        read_events(path, NETWORK)
    found = {(p.line, p.column) for p in info.value.problems}
    assert {(3, "crossing"), (3, "value")} <= found  # unknown crossing; 25 hours a day
    assert {(4, "direction"), (4, "end"), (4, "value"), (4, "source")} <= found
    assert {(5, "mode"), (5, "start"), (5, "value")} <= found
    assert {(6, "id"), (6, "kind")} <= found
    assert "nothing was read" in str(info.value)


def test_a_huge_field_or_file_is_refused_not_read() -> None:
    with pytest.raises(InputError, match="characters"):
        parse_events(HEADER + "x" * 5_000_000, NETWORK)
    with pytest.raises(InputError):
        parse_events(HEADER + "a," + "y" * 200_000 + ",x\n", NETWORK)


def test_merging_applies_an_event_once() -> None:
    one = parse_events(HEADER + "a,bakhty-baketu,KAZ,all,road,2025-01-01,,holiday,,,s1", NETWORK)
    same = parse_events(HEADER + "z,bakhty-baketu,KAZ,all,road,2025-01-01,,holiday,,,s2", NETWORK)
    other = parse_events(HEADER + "a,bakhty-baketu,KAZ,all,road,2026-01-01,,holiday,,,s3", NETWORK)
    assert len(merge_events(one, same)) == 1
    merged = merge_events(one, other)  # the same id: the later file's event replaces it
    assert len(merged) == 1 and merged[0].start.year == 2026


def test_a_crossing_may_be_named_as_people_write_it() -> None:
    """A post's name, either spelling, or the crossing's name reads as its id (the mode picks
    one of two crossings that share a post); an ambiguous or unknown name is refused with the
    candidates or the nearest names."""
    text = HEADER + "\n".join(
        [
            "a,Horgos,CHN,inbound,road,2025-11-01,2025-11-30,acceptance_cap,700,trucks/day,s",
            "b,Khorgos,CHN,inbound,rail,2025-10-01,2025-10-31,acceptance_cap,10,trains/day,s",
            "c,Nur Zholy – Khorgos,KAZ,outbound,road,2025-11-01,2025-11-02,holiday,,,s",
            "d,kolzhat,both,all,road,2025-11-01,2025-11-30,closed,Nur Zholy,,s",
        ]
    )
    events = parse_events(text, NETWORK)
    assert [e.crossing for e in events] == [
        "nur-zholy-khorgos", "altynkol-khorgos-rail", "nur-zholy-khorgos", "kolzhat-dulata",
    ]  # fmt: skip
    assert events[3].divert_to == "nur-zholy-khorgos"
    with pytest.raises(InputError) as info:
        parse_events(HEADER + "a,Khorgoss,CHN,inbound,road,2025-11-01,,holiday,,,s\n", NETWORK)
    assert "did you mean" in str(info.value.problems[0].reason)
    assert "nur-zholy-khorgos" in str(info.value.problems[0].reason)


def test_every_shipped_event_cites_a_fact_or_observation_on_file() -> None:
    import csv
    import re

    ids: set[str] = set()
    for name in ("crossing_facts.csv", "crossing_inputs_more.csv", "observations.csv"):
        with (data_dir() / "corridor" / name).open(encoding="utf-8") as handle:
            ids |= {r.get("fact_id") or r.get("id") or "" for r in csv.DictReader(handle)}
    for e in read_events(data_dir() / "corridor" / "events.csv", NETWORK):
        cited = re.findall(r"\b([XM]\d{2}|C\d{2}|D\d{3})\b", e.source)
        assert cited and set(cited) <= ids, (e.id, cited)
