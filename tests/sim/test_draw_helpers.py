"""The compiled draw of kinds and the fast stable order give exactly what the NumPy forms they
replace give (the engine's numbers are unchanged by them)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.sim._kernel import kinds_of
from corridor.sim.crossing import stable_order


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), hours=st.integers(1, 50), n=st.integers(0, 400))
def test_kinds_match_the_numpy_inverse(seed: int, hours: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    shares = rng.random((5, hours))
    shares[rng.random((5, hours)) < 0.3] = 0.0  # kinds absent in some hours
    shares /= np.maximum(shares.sum(axis=0), 1e-12)
    hour = rng.integers(0, hours, n)
    u = rng.random(n)
    u[: n // 10] = 1.0 - 1e-17  # draws at the top of the range
    cum = np.cumsum(shares, axis=0)
    want = np.minimum((u[None, :] > cum[:, hour]).sum(axis=0), 4).astype(np.int64)
    assert np.array_equal(kinds_of(u, hour, np.ascontiguousarray(cum)), want)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.sampled_from([0.0, 1.5, 2.25, 7.0, 3.0]) | st.floats(0, 100), max_size=60)
)
def test_stable_order_is_the_stable_argsort(values: list[float]) -> None:
    x = np.asarray(values, dtype=np.float64)  # ties included: their order must be kept
    assert np.array_equal(stable_order(x), np.argsort(x, kind="stable"))
