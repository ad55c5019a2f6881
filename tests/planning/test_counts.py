"""Demand reconciled with the counts: the counts set the level, the trade the mix."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.observations import parse_observations
from corridor.network.scenario import apply_overlays
from corridor.planning.counts import (
    CarryError,
    carry_errors,
    level_log_sd,
    reconcile,
    traffic_level,
)
from corridor.planning.demand import trade_inputs
from corridor.planning.resolve import scenario_counts, trade_source

BASE = data_dir() / "scenarios" / "baseline.yaml"
HEADER = (
    "id,crossing,side,direction,mode,year,measure,value,unit,source,kind,period_start,period_end\n"
)


def _reconcile(ledger: Ledger, rows: str, year: int = 2024, **kw):  # type: ignore[no-untyped-def]
    inputs = apply_overlays(BASE, use_calibration=False)
    obs = parse_observations(HEADER + rows, inputs.network, where="test")
    return reconcile(
        year, inputs.network, inputs.demand, trade_source(ledger, inputs), obs, inputs.events, **kw
    )


def test_the_count_sets_the_level_and_the_trade_the_mix(default_ledger: Ledger) -> None:
    r = _reconcile(
        default_ledger,
        "a,nur-zholy-khorgos,CHN,all,road,2024,vehicles_in_period,400000,vehicles,x,actual,"
        "2024-01-01,2024-10-12\n",
    )
    check = r.checks[0]
    assert check.used and check.trade_derived and check.counted == 400000
    factors = {(a.direction, a.kind): a.factor for a in r.anchors}
    assert len(set(round(f, 9) for f in factors.values())) == 1  # one level, the mix kept
    assert next(iter(factors.values())) == pytest.approx(400000 / check.trade_derived, rel=1e-6)
    assert "counts set its traffic" in r.notes[0] and "D" not in r.notes[0][:3]


def test_a_class_count_is_fitted_first_and_the_rest_takes_the_remainder(
    default_ledger: Ledger,
) -> None:
    """China–Europe trains are transit: their count fixes the transit class, the total count
    scales what is left."""
    r = _reconcile(
        default_ledger,
        "t,altynkol-khorgos-rail,CHN,all,rail,2024,trains_per_year,8730,CR trains,x,actual,,\n"
        "n,altynkol-khorgos-rail,CHN,all,rail,2024,trains_per_year,12000,trains,x,actual,,\n",
    )
    kinds = {a.kind: a.factor for a in r.anchors if a.direction == "a_to_b"}
    assert set(kinds) == {"transit", "loaded", "commodity"}
    assert kinds["transit"] != pytest.approx(kinds["loaded"])
    used = {c.id: c for c in r.checks}
    assert used["t"].used and used["n"].used


def test_counts_carry_to_other_years_and_out_of_sample_uses_only_earlier_ones(
    default_ledger: Ledger,
) -> None:
    rows = (
        "a,nur-zholy-khorgos,CHN,all,road,2023,vehicles_in_period,200000,vehicles,x,actual,"
        "2023-01-01,2023-11-24\n"
        "b,nur-zholy-khorgos,CHN,all,road,2024,vehicles_in_period,400000,vehicles,x,actual,"
        "2024-01-01,2024-10-12\n"
    )
    in_sample = _reconcile(default_ledger, rows, 2024)
    assert {a.year for a in in_sample.anchors} == {2024}
    out = _reconcile(default_ledger, rows, 2024, before=2024)
    assert {a.year for a in out.anchors} == {2023} and "carried to 2024" in out.notes[0]
    assert not _reconcile(default_ledger, rows, 2023, before=2023).anchors
    # a level carried from another year is uncertain, by the file's figure; the year's own is not
    carried = _reconcile(default_ledger, rows, 2025)
    sd = apply_overlays(BASE, use_calibration=False).demand.count_level_log_sd["carried"].value
    assert {a.log_sd for a in in_sample.anchors if not a.crossing.startswith("*")} == {0.0}
    assert {a.log_sd for a in carried.anchors if not a.crossing.startswith("*")} == {sd}
    assert "a carried level has missed" in carried.notes[0]


def test_the_shipped_level_uncertainty_is_what_the_counts_on_file_give(
    default_ledger: Ledger,
) -> None:
    """The demand file's ``count_level_log_sd`` is recomputed from the observations on file:
    a changed count changes it, and this test says to what."""
    inputs = apply_overlays(BASE, use_calibration=False)
    errors = carry_errors(
        inputs.network,
        inputs.demand,
        trade_source(default_ledger, inputs),
        scenario_counts(inputs),
        inputs.events,
    )
    assert errors and all(e.year > (e.from_year or 0) for e in errors)
    found = {k: (round(v, 2), n) for k, v, n in ((k, *t) for k, t in level_log_sd(errors).items())}
    shipped = inputs.demand.count_level_log_sd
    for kind, (value, n) in found.items():
        assert shipped[kind].value == value, f"{kind}: {value} over {n} crossing-years"
        assert f"{n} crossing-years" in (shipped[kind].source or "")


def test_level_errors_are_the_root_mean_square_by_kind() -> None:
    errors = [
        CarryError("x", 2024, 2023, 0.3),
        CarryError("x", 2023, 2022, -0.4),
        CarryError("y", 2024, None, 1.2),
    ]
    found = level_log_sd(errors)
    assert found["carried"] == (pytest.approx(math.sqrt((0.09 + 0.16) / 2)), 2)
    assert found["mode"] == (pytest.approx(1.2), 1)
    assert level_log_sd([]) == {}


def test_a_partial_load_does_not_move_the_traffic(default_ledger: Ledger, tmp_path: Path) -> None:
    """Trade inputs read the chosen figures: the anchors do not depend on unrelated loads."""
    inputs = apply_overlays(BASE, use_calibration=False)
    one = trade_inputs(default_ledger, inputs.demand, inputs.network, 2024)
    again = trade_inputs(default_ledger, inputs.demand, inputs.network, 2024)
    assert one.tonnes == again.tonnes


def test_a_crossing_says_where_its_level_comes_from() -> None:
    from corridor.network.demand import Anchor

    anchors = (
        Anchor("a", "a_to_b", "loaded", 1.2, 2024, ("x",)),
        Anchor("b", "a_to_b", "loaded", 0.8, 2022, ("y",), 0.72),
        Anchor("*road", "a_to_b", "loaded", 1.0, 2024, ("x",), 1.58),
    )
    assert traffic_level(anchors, "a", "road", 2024).words == "counts of 2024"
    assert traffic_level(anchors, "b", "road", 2024).words == "counts of 2022, carried (×/÷ 2.1)"
    assert traffic_level(anchors, "c", "road", 2024).words == (
        "its mode's counted crossings (×/÷ 4.9)"
    )
    assert traffic_level(anchors, "d", "rail", 2024).words == "trade alone"
