"""RCA and the product space: against py-ecomplexity, and their defining identities."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.trade.complexity import ProductSpace, product_space

FIXTURE = Path(__file__).parents[1] / "fixtures" / "complexity"
MEASURES = ("rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog")


def _reference(df: pd.DataFrame) -> pd.DataFrame:
    ecomplexity = pytest.importorskip("ecomplexity").ecomplexity
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(
            df.assign(year=2000),
            {"time": "year", "loc": "loc", "prod": "prod", "val": "val"},
            check_logsupermodularity=False,
            verbose=False,
        )


def _ours_at(ps: ProductSpace, ref: pd.DataFrame) -> dict[str, np.ndarray]:
    li = {c: i for i, c in enumerate(ps.locations)}
    pi = {c: i for i, c in enumerate(ps.products)}
    r = ref["loc"].astype(str).map(li).to_numpy()
    c = ref["prod"].astype(str).map(pi).to_numpy()
    return {
        "rca": ps.rca.toarray()[r, c],
        "mcp": ps.mcp.toarray()[r, c],
        "diversity": ps.diversity[r],
        "ubiquity": ps.ubiquity[c],
        "eci": ps.eci[r],
        "pci": ps.pci[c],
        "density": ps.density[r, c],
        "coi": ps.coi[r],
        "cog": ps.cog[r, c],
    }


def _max_differences(df: pd.DataFrame) -> dict[str, float]:
    ps = product_space(df["loc"].astype(str), df["prod"].astype(str), df["val"])
    ref = _reference(df).dropna(subset=["rca"])
    ours = _ours_at(ps, ref)
    return {k: float(np.max(np.abs(ours[k] - ref[k].to_numpy()))) for k in MEASURES}


def test_real_subset_equals_py_ecomplexity() -> None:
    """On a real matrix (192 partners × 16 WITS product groups, 2023) every measure agrees."""
    raw = pd.read_csv(FIXTURE / "wits_kaz_imports_by_partner_group_2023.csv")
    df = raw.rename(columns={"partner": "loc", "product_group": "prod", "value_kusd": "val"})
    diffs = _max_differences(df)
    assert max(diffs.values()) <= 1e-6, diffs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n_loc=st.integers(4, 25),
    n_prod=st.integers(4, 40),
    fill=st.floats(0.3, 1.0),
)
def test_random_matrices_equal_py_ecomplexity(
    seed: int, n_loc: int, n_prod: int, fill: float
) -> None:
    """Any matrix with a distinct second eigenvalue and a defined sign gives the same numbers."""
    rng = np.random.default_rng(seed)
    vals = np.round(rng.lognormal(3, 2, (n_loc, n_prod))) * (rng.random((n_loc, n_prod)) < fill)
    r, c = np.nonzero(vals)
    df = pd.DataFrame({"loc": [f"L{i:02d}" for i in r], "prod": [f"{j:04d}" for j in c]})
    df["val"] = vals[r, c]
    assume(len(set(r)) >= 3 and len(set(c)) >= 3)
    ps = product_space(df["loc"], df["prod"], df["val"])
    m = ps.mcp.toarray()
    mcc = (m / ps.diversity[:, None]) @ (m / ps.ubiquity[None, :]).T
    eig = np.sort(np.linalg.eigvals(mcc).real)
    assume(eig[-2] - eig[-3] > 1e-6 and eig[-1] - eig[-2] > 1e-6)
    # The sign of ECI is set by its correlation with diversity; at zero it is arbitrary.
    with np.errstate(invalid="ignore", divide="ignore"):  # constant diversity: no correlation
        corr = np.corrcoef(ps.diversity, ps.eci)[0, 1]
    assume(bool(np.isfinite(corr)) and abs(corr) > 1e-6)
    diffs = _max_differences(df)
    assert max(diffs.values()) <= 1e-6, diffs


def test_rca_weighted_by_exporter_size_averages_to_one() -> None:
    """Σ_c (X_c / W) · RCA_cp = 1 for every product (Balassa's index is a ratio of shares)."""
    rng = np.random.default_rng(3)
    vals = rng.lognormal(2, 1, (6, 9))
    r, c = np.nonzero(vals)
    ps = product_space([f"L{i}" for i in r], [f"P{j}" for j in c], vals[r, c])
    x = ps.values.toarray()
    weights = x.sum(axis=1) / x.sum()
    assert np.allclose(weights @ ps.rca.toarray(), 1.0)


def test_proximity_is_symmetric_with_unit_diagonal() -> None:
    """φ(p, p') = φ(p', p) and a product is fully proximate to itself."""
    raw = pd.read_csv(FIXTURE / "wits_kaz_imports_by_partner_group_2023.csv")
    ps = product_space(raw["partner"], raw["product_group"], raw["value_kusd"])
    assert np.array_equal(ps.proximity, ps.proximity.T)
    assert np.all(np.diag(ps.proximity) == 1.0)
    assert np.all((ps.density >= 0) & (ps.density <= 1 + 1e-12))


def test_zero_rows_and_columns_are_left_out() -> None:
    """A location or product without trade does not enter the space."""
    ps = product_space(["A", "A", "B", "C", "D"], ["x", "y", "y", "x", "z"], [5, 1, 4, 2, 0])
    assert ps.locations == ("A", "B", "C")
    assert ps.products == ("x", "y")


def test_negative_value_names_the_row() -> None:
    """A negative value is refused with its row, not clipped."""
    with pytest.raises(InputError, match=r"line 2.*not a finite number"):
        product_space(["A", "B"], ["x", "x"], [1.0, -2.0])


def test_repeated_pair_is_refused() -> None:
    """The same (location, product) twice is an error, never summed or dropped."""
    with pytest.raises(InputError, match="once"):
        product_space(["A", "A", "B"], ["x", "x", "y"], [1.0, 2.0, 3.0])


def test_one_location_is_refused() -> None:
    """ECI needs at least two locations; one gets a clear error, not NaN."""
    with pytest.raises(InputError, match="at least two locations"):
        product_space(["A", "A"], ["x", "y"], [1.0, 2.0])


def test_unknown_location_lookup_says_so() -> None:
    """Asking for a location that has no exports is a clear error."""
    ps = product_space(["A", "B", "C"], ["x", "y", "x"], [1.0, 2.0, 3.0])
    with pytest.raises(InputError, match="KAZ has no exports"):
        ps.location_index("KAZ")
