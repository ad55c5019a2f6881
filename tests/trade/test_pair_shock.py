"""A change in trade costs between chosen pairs, in general equilibrium (exact hat algebra)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.trade.gravity import WorldMatrix, pair_shock, world_from_totals

SYMMETRIC = np.array([[80.0, 10, 10], [10, 80, 10], [10, 10, 80]])


def test_a_shock_no_one_feels_changes_nothing() -> None:
    r = pair_shock(WorldMatrix(("A", "B", "C"), SYMMETRIC), {}, sigma=5)
    assert np.allclose(r.counterfactual, r.baseline)
    assert all(abs(v) < 1e-9 for v in r.welfare_change_pct.values())


def test_welfare_follows_the_domestic_share() -> None:
    """With balanced trade the real income change is π̂_jj^(−1/θ) (Arkolakis, Costinot &
    Rodríguez-Clare 2012), whatever the shock."""
    r = pair_shock(
        WorldMatrix(("A", "B", "C"), SYMMETRIC), {("A", "B"): math.log(1.1)}, sigma=5,
        closure="balanced",
    )  # fmt: skip
    for j, c in enumerate(r.countries):
        before = r.baseline[j, j] / r.baseline[:, j].sum()
        after = r.counterfactual[j, j] / r.counterfactual[:, j].sum()
        assert r.welfare_change_pct[c] / 100 == pytest.approx((after / before) ** (-1 / 4) - 1)


def test_two_symmetric_countries_by_hand() -> None:
    """Two identical countries, a shock to both directions: prices stay equal (symmetry), so the
    shares move as in partial equilibrium with the price index: π' = π φ / (π φ + 1 − π)."""
    x = np.array([[90.0, 10.0], [10.0, 90.0]])
    s = math.log(1.2)
    r = pair_shock(WorldMatrix(("A", "B"), x), {("A", "B"): s, ("B", "A"): s}, sigma=4)
    share = 0.1 * 1.2 / (0.1 * 1.2 + 0.9)
    assert r.counterfactual[0, 1] / 100 == pytest.approx(share)
    assert abs(r.price_change_pct["A"]) < 1e-9


@settings(max_examples=20, deadline=None)
@given(
    scale=st.floats(0.01, 100),
    s=st.floats(-0.3, 0.3),
    closure=st.sampled_from(["deficits", "balanced"]),
)
def test_the_result_does_not_depend_on_the_units(scale: float, s: float, closure: str) -> None:
    """Numeraire invariance: flows in other units give the same changes."""
    x = np.array([[50.0, 5, 7], [3, 60, 9], [8, 4, 70]])
    one = pair_shock(WorldMatrix(("A", "B", "C"), x), {("A", "B"): s}, sigma=6, closure=closure)
    other = pair_shock(
        WorldMatrix(("A", "B", "C"), x * scale), {("A", "B"): s}, sigma=6, closure=closure
    )  # type: ignore[arg-type]
    assert one.flow_change("A", "B") == pytest.approx(other.flow_change("A", "B"), abs=1e-9)
    for c in one.countries:
        assert one.welfare_change_pct[c] == pytest.approx(other.welfare_change_pct[c], abs=1e-7)


def test_a_small_pair_in_a_big_world_gains_about_the_direct_effect() -> None:
    """Two small economies trading mostly with a large rest of the world: the bilateral change
    is close to the direct one and the rest of the world hardly moves."""
    x = np.array([[80.0, 1.0, 19.0], [1.0, 80.0, 19.0], [19.0, 19.0, 1e6]])
    r = pair_shock(WorldMatrix(("A", "B", "R"), x), {("A", "B"): 0.01}, sigma=6)
    assert r.flow_change("A", "B") == pytest.approx(math.expm1(0.01), rel=0.1)
    assert r.flow_change("A", "B") < math.expm1(0.01)  # diversion and prices take a little
    assert abs(r.welfare_change_pct["R"]) < 1e-6


def test_a_world_from_totals_adds_up() -> None:
    w = world_from_totals(
        ("K", "C"), {("K", "C"): 15.0, ("C", "K"): 15.0}, {"K": 80.0, "C": 3500.0},
        {"K": 60.0, "C": 2500.0}, {"K": 280.0, "C": 18700.0}, 110000.0,
    )  # fmt: skip
    assert w.countries == ("K", "C", "ROW")
    assert w.flows[0, 2] == pytest.approx(65.0) and w.flows[2, 0] == pytest.approx(45.0)
    assert w.flows[0, 0] == pytest.approx(200.0)  # GDP less exports
    assert w.flows.sum(axis=1)[:2] == pytest.approx([280.0, 18700.0])
    with pytest.raises(InputError, match="exports exceed"):
        world_from_totals(("K",), {}, {"K": 10.0}, {"K": 1.0}, {"K": 5.0}, 100.0)


def test_a_world_trading_little_settles() -> None:
    """Countries selling a hundred-thousandth of their output abroad (a world matrix of a few
    products against whole GDPs) settle in as few steps as open ones, and their markets clear:
    each country's counterfactual sales are its new output, ŵ_i Y_i. The figures are those the
    plain excess-demand step reaches after 2.6 million iterations (A→B +3.1507 %, A's price
    +0.1403 %): with trade balances held, A's extra sales to B must buy imports, which only a
    dearer A can, so prices move even in a world that trades little."""
    x = np.array([[1e7, 30.0, 50.0], [20.0, 2e7, 40.0], [60.0, 10.0, 5e7]])
    r = pair_shock(WorldMatrix(("A", "B", "C"), x), {("A", "B"): math.log(1.05)}, sigma=6)
    assert r.iterations < 200
    w_hat = np.array([1 + r.price_change_pct[c] / 100 for c in r.countries])
    assert np.allclose(r.counterfactual.sum(axis=1), w_hat * x.sum(axis=1), rtol=1e-12)
    assert r.flow_change("A", "B") == pytest.approx(0.031507, rel=1e-4)
    assert r.price_change_pct["A"] == pytest.approx(0.14033, rel=1e-4)
