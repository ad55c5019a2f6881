"""Student's t from scipy.special agrees with scipy.stats.t (the reference implementation)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from corridor.student_t import t_ppf, t_sf


@given(
    p=st.floats(min_value=1e-6, max_value=1 - 1e-6),
    df=st.integers(min_value=1, max_value=200),
)
def test_the_quantile_is_scipy_stats(p: float, df: int) -> None:
    assert t_ppf(p, df) == pytest.approx(float(stats.t.ppf(p, df)), rel=1e-9, abs=1e-9)


@given(
    x=st.floats(min_value=-50, max_value=50),
    df=st.integers(min_value=1, max_value=200),
)
def test_the_tail_is_scipy_stats(x: float, df: int) -> None:
    assert t_sf(x, df) == pytest.approx(float(stats.t.sf(x, df)), rel=1e-9, abs=1e-15)


def test_known_values() -> None:
    """Tables of Student's t: t(0.975; 4) = 2.776, t(0.95; 10) = 1.812."""
    assert t_ppf(0.975, 4) == pytest.approx(2.776, abs=5e-4)
    assert t_ppf(0.95, 10) == pytest.approx(1.812, abs=5e-4)
    assert t_sf(0.0, 7) == pytest.approx(0.5)
