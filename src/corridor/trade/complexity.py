"""Revealed comparative advantage and the product space, sparse and vectorised.

The measures follow Balassa (1965) for RCA, Hidalgo & Hausmann (2009) for diversity, ubiquity,
ECI and PCI (the method of reflections, solved as an eigenproblem), Hidalgo, Klinger, Barabási &
Hausmann (2007) for proximity and density, and Hausmann et al. (2014, *The Atlas of Economic
Complexity*) for the complexity outlook index (COI) and complexity outlook gain (COG). Definitions
and normalisations are those of the Growth Lab's py-ecomplexity (Stata ``ecomplexity``), so that
the two give the same numbers on the same input; the tests check this.

With ``X`` the location × product value matrix, ``X_c``, ``X_p`` its row and column sums and
``W`` the total::

    RCA_cp = (X_cp / X_c) / (X_p / W)          M_cp = 1 if RCA_cp >= threshold
    k_c = sum_p M_cp (diversity)               k_p = sum_c M_cp (ubiquity)
    M~cc' = sum_p M_cp M_c'p / (k_c k_p)       ECI = z-score of the eigenvector of M~ with the
                                                     second largest eigenvalue
    phi_pp' = sum_c M_cp M_cp' / max(k_p, k_p')
    density_cp = sum_p' M_cp' phi_pp' / sum_p' phi_pp'

Deviations from a literal transcription, none of which changes a result: the eigenproblem is solved
on the small symmetric location matrix ``D^-1/2 M U^-1 M' D^-1/2`` instead of the large
non-symmetric product matrix (same non-zero eigenvalues; the product eigenvector is recovered as
``U^-1 M' v``); ``(1 - M) @ A`` is computed as ``1' A - M @ A`` so that M stays sparse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse as sp

from corridor.errors import InputError, Problem

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ProductSpace:
    """The complexity measures of one location × product matrix.

    Rows of the 2-D arrays follow ``locations``, columns follow ``products``. Locations and
    products whose total value is zero are left out (as py-ecomplexity does).
    """

    locations: tuple[str, ...]
    products: tuple[str, ...]
    values: sp.csr_matrix
    rca: sp.csr_matrix
    mcp: sp.csr_matrix
    diversity: FloatArray
    ubiquity: FloatArray
    eci: FloatArray
    pci: FloatArray
    proximity: FloatArray
    density: FloatArray
    coi: FloatArray
    cog: FloatArray
    threshold: float

    def location_index(self, code: str) -> int:
        """Row of ``code``; a clear error when the location has no exports in the matrix."""
        try:
            return self.locations.index(code)
        except ValueError:
            raise InputError(f"{code} has no exports in this product space") from None


def _matrix(
    locations: Sequence[str], products: Sequence[str], values: npt.ArrayLike
) -> tuple[tuple[str, ...], tuple[str, ...], sp.csr_matrix]:
    vals = np.asarray(values, dtype=np.float64)
    if not (len(locations) == len(products) == len(vals)):
        raise InputError("locations, products and values differ in length")
    bad = np.flatnonzero(~np.isfinite(vals) | (vals < 0))
    if bad.size:
        problems = [
            Problem(int(i) + 1, "value", str(vals[i]), "not a finite number >= 0") for i in bad[:20]
        ]
        raise InputError(
            "values must be finite numbers >= 0", problems=problems, more=max(0, bad.size - 20)
        )
    loc_codes, loc_idx = np.unique(np.asarray(locations, dtype=str), return_inverse=True)
    prod_codes, prod_idx = np.unique(np.asarray(products, dtype=str), return_inverse=True)
    key = loc_idx.astype(np.int64) * len(prod_codes) + prod_idx
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    if (counts > 1).any():
        dup = first[counts > 1][:20]
        problems = [
            Problem(int(i) + 1, "location,product", f"{locations[i]},{products[i]}", "repeated")
            for i in dup
        ]
        raise InputError(
            "each (location, product) may appear once",
            problems=problems,
            more=max(0, int((counts > 1).sum()) - 20),
        )
    x = sp.csr_matrix(
        (vals, (loc_idx, prod_idx)), shape=(len(loc_codes), len(prod_codes)), dtype=np.float64
    )
    x.eliminate_zeros()
    # Leave out locations and products without trade, as py-ecomplexity does.
    keep_l = np.flatnonzero(np.asarray(x.sum(axis=1)).ravel() > 0)
    keep_p = np.flatnonzero(np.asarray(x.sum(axis=0)).ravel() > 0)
    x = x[keep_l][:, keep_p].tocsr()
    return (
        tuple(str(c) for c in loc_codes[keep_l]),
        tuple(str(c) for c in prod_codes[keep_p]),
        x,
    )


def _rca(x: sp.csr_matrix) -> sp.csr_matrix:
    """Balassa's RCA, computed in the same order of operations as py-ecomplexity."""
    loc_total = np.asarray(x.sum(axis=1)).ravel()
    prod_total = np.asarray(x.sum(axis=0)).ravel()
    world = prod_total.sum()
    coo = x.tocoo()
    num = coo.data / loc_total[coo.row]
    den = prod_total[coo.col] / world
    return sp.csr_matrix((num / den, (coo.row, coo.col)), shape=x.shape)


def _eigen(
    m: FloatArray, diversity: FloatArray, ubiquity: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Signed ECI and PCI before normalisation (``kc``, ``kp`` in py-ecomplexity).

    When ECI is uncorrelated with diversity its sign is not defined; it is then left positive.
    """
    a = m / np.sqrt(diversity)[:, np.newaxis] / np.sqrt(ubiquity)[np.newaxis, :]
    sym = a @ a.T
    sym = (sym + sym.T) / 2.0
    n = sym.shape[0]
    if n < 2:
        raise InputError(f"ECI needs at least two locations with exports; the matrix has {n}")
    _, vecs = scipy.linalg.eigh(sym, subset_by_index=[n - 2, n - 2])
    kc0 = vecs[:, 0] / np.sqrt(diversity)
    kp = (m.T @ kc0) / ubiquity
    kc = (m @ kp) / diversity
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(diversity, kc)[0, 1]
    sign = np.sign(corr) if np.isfinite(corr) and corr != 0 else 1.0
    return sign * kc, sign * kp


def product_space(
    locations: Sequence[str],
    products: Sequence[str],
    values: npt.ArrayLike,
    *,
    threshold: float = 1.0,
) -> ProductSpace:
    """RCA, diversity/ubiquity, ECI/PCI, proximity, density, COI and COG of a value matrix.

    Parameters
    ----------
    locations, products, values
        The matrix in long form: one entry per (location, product), value >= 0 (for trade,
        exports in any currency unit). Duplicated pairs are an error.
    threshold
        RCA at or above which a location counts as a competitive exporter (M_cp = 1).

    Examples
    --------
    >>> ps = product_space(["A", "A", "B", "C"], ["x", "y", "y", "x"], [5, 1, 4, 2])
    >>> ps.locations, ps.products
    (('A', 'B', 'C'), ('x', 'y'))
    >>> [round(v, 3) for v in ps.rca.toarray()[0]]
    [1.389, 0.417]
    """
    locs, prods, x = _matrix(locations, products, values)
    if x.shape[0] == 0:
        raise InputError("the matrix has no positive value")
    rca = _rca(x)
    mcp = (rca >= threshold).astype(np.float64).tocsr()
    mcp.eliminate_zeros()
    # Products of M with itself and with proximity are dense: BLAS on a dense copy of M.
    m = mcp.toarray()
    diversity = m.sum(axis=1)
    ubiquity = m.sum(axis=0)
    ok_l, ok_p = diversity > 0, ubiquity > 0
    kc = np.full(len(locs), np.nan)
    kp = np.full(len(prods), np.nan)
    kc[ok_l], kp[ok_p] = _eigen(m[ok_l][:, ok_p], diversity[ok_l], ubiquity[ok_p])

    with np.errstate(invalid="ignore", divide="ignore"):
        proximity = (m.T @ m) / np.maximum.outer(ubiquity, ubiquity)
        proximity[~np.isfinite(proximity)] = 0.0
        prox_sum = proximity.sum(axis=1)
        kp0 = np.nan_to_num(kp)
        weight = np.nan_to_num(kp0 / prox_sum, nan=0.0, posinf=0.0, neginf=0.0)
        # density = M φ / Σφ; COG needs M (φ ∘ w): one matrix product serves both.
        both = np.vstack([m, m * weight[np.newaxis, :]]) @ proximity
        density = both[: len(locs)] / prox_sum[np.newaxis, :]
    absent = 1.0 - m
    coi_raw = ((density * absent) * kp0).sum(axis=1)
    cog_raw = absent * ((weight @ proximity)[np.newaxis, :] - both[len(locs) :])

    mean, std = np.nanmean(kc), np.nanstd(kc)
    with np.errstate(invalid="ignore", divide="ignore"):  # degenerate spaces give NaN
        coi = (coi_raw - coi_raw.mean()) / coi_raw.std()
        cog = cog_raw / std
        eci, pci = (kc - mean) / std, (kp - mean) / std
    return ProductSpace(
        locations=locs,
        products=prods,
        values=x,
        rca=rca,
        mcp=mcp,
        diversity=diversity,
        ubiquity=ubiquity,
        eci=eci,
        pci=pci,
        proximity=proximity,
        density=density,
        coi=coi,
        cog=cog,
        threshold=threshold,
    )
