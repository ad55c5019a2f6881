"""Demand reconciled with the counts: the counts set the level, the trade the mix."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.observations import parse_observations
from corridor.network.scenario import apply_overlays
from corridor.planning.counts import reconcile
from corridor.planning.demand import trade_inputs
from corridor.planning.resolve import trade_source

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


def test_a_partial_load_does_not_move_the_traffic(default_ledger: Ledger, tmp_path: Path) -> None:
    """Trade inputs read the chosen figures: the anchors do not depend on unrelated loads."""
    inputs = apply_overlays(BASE, use_calibration=False)
    one = trade_inputs(default_ledger, inputs.demand, inputs.network, 2024)
    again = trade_inputs(default_ledger, inputs.demand, inputs.network, 2024)
    assert one.tonnes == again.tonnes
