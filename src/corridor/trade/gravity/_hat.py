"""A change in trade costs between chosen pairs, in general equilibrium, by exact hat algebra.

The one-sector structural gravity model (Armington, or Eaton–Kortum with trade elasticity
θ = σ − 1) solved in changes (Dekle, Eaton & Kortum 2008; Costinot & Rodríguez-Clare 2014, §3).
The data are one year's flows X_ij (exporter i, importer j) **including each country's purchases
from itself**; output Y_i = Σ_j X_ij, expenditure E_j = Σ_i X_ij, deficit D_j = E_j − Y_j. A
shock multiplies the trade-cost term of chosen pairs, t_ij^(−θ), by φ̂_ij = exp(s_ij): s_ij is the
direct (partial-equilibrium) change in log trade of the pair, everything else held.

Given output prices ŵ (the unknowns), expenditure shares move as

    π'_ij = π_ij ŵ_i^(−θ) φ̂_ij / Σ_k π_kj ŵ_k^(−θ) φ̂_kj,

expenditure is E'_j = ŵ_j Y_j + D'_j and goods markets clear: ŵ_i Y_i = Σ_j π'_ij E'_j. Closures of
the deficits (``closure``):

- ``"deficits"`` (Dekle, Eaton & Kortum's): each D_j held at its baseline share of world output;
- ``"balanced"``: trade balanced (D'_j = 0) in the counterfactual **and** in a baseline re-solved
  with balanced trade first, so that the shock's effect is not mixed with the closing of the
  deficits.

The numeraire (``numeraire``) is world output (Σ ŵ_i Y_i = Σ Y_i) or a named country's price
index (P̂_R = 1, the WTO/UNCTAD guide's convention); deficits scale with world output. Real changes
(welfare: ŵ_j / P̂_j with P̂_j = (Σ_k π_kj ŵ_k^(−θ) φ̂_kj)^(−1/θ), and flows deflated by the buyer's
price index, X'_ij / P̂_j) do not depend on the numeraire; nominal ones do. The fixed point is a
damped iteration on ŵ (the excess-demand update of Alvarez & Lucas 2007), each country's step
divided by how fast its excess demand falls as its price rises (so a country that trades little
settles as fast as an open one), to a relative change under ``TOLERANCE``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from corridor.errors import InputError
from corridor.trade.gravity._counterfactual import ConvergenceError

Closure = Literal["deficits", "balanced"]
#: the region of every country a world does not name
REST = "ROW"
TOLERANCE = 1e-12
MAX_ITERATIONS = 20_000
STEP = 0.5


@dataclass(frozen=True)
class WorldMatrix:
    """One year's flows among ``countries`` (``flows[i, j]``: i's sales to j, the diagonal each
    country's purchases from itself), with where they come from."""

    countries: tuple[str, ...]
    flows: np.ndarray
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.countries)
        if self.flows.shape != (n, n):
            raise InputError(f"a world matrix of {n} countries needs {n}×{n} flows")
        if not np.all(np.isfinite(self.flows)) or np.any(self.flows < 0):
            raise InputError("world flows must be finite and not negative")
        if np.any(np.diag(self.flows) <= 0):
            raise InputError("each country needs positive purchases from itself (domestic trade)")

    def index(self, country: str) -> int:
        try:
            return self.countries.index(country)
        except ValueError:
            raise InputError(f"{country} is not in the world matrix") from None


@dataclass(frozen=True)
class PairShock:
    """The result: flows before and after, and each country's changes in per cent."""

    countries: tuple[str, ...]
    closure: Closure
    sigma: float
    baseline: np.ndarray  # flows the shock is measured from (balanced first for "balanced")
    counterfactual: np.ndarray
    price_change_pct: dict[str, float]
    welfare_change_pct: dict[str, float]
    iterations: int
    price_index_change_pct: dict[str, float] = field(default_factory=dict)
    numeraire: str = "world output"

    def real_flow_change(self, exporter: str, importer: str) -> float:
        """The pair's flow deflated by the buyer's price index, counterfactual over baseline, minus
        one: the same whatever the numeraire."""
        p_hat = 1 + self.price_index_change_pct[importer] / 100
        return (1 + self.flow_change(exporter, importer)) / p_hat - 1

    def flow_change(self, exporter: str, importer: str) -> float:
        """The pair's counterfactual over baseline flow, minus one."""
        i, j = self.countries.index(exporter), self.countries.index(importer)
        return float(self.counterfactual[i, j] / self.baseline[i, j] - 1)

    def to_dict(self) -> dict[str, Any]:
        c = self.countries
        return {
            "countries": list(c),
            "closure": self.closure,
            "sigma": self.sigma,
            "flow_change_pct": {
                f"{c[i]}→{c[j]}": 100 * (self.counterfactual[i, j] / self.baseline[i, j] - 1)
                for i in range(len(c))
                for j in range(len(c))
                if i != j and self.baseline[i, j] > 0
            },
            "real_flow_change_pct": {
                f"{c[i]}→{c[j]}": 100 * self.real_flow_change(c[i], c[j])
                for i in range(len(c))
                for j in range(len(c))
                if i != j and self.baseline[i, j] > 0
            },
            "price_change_pct": self.price_change_pct,
            "price_index_change_pct": self.price_index_change_pct,
            "welfare_change_pct": self.welfare_change_pct,
            "numeraire": self.numeraire,
            "iterations": self.iterations,
        }


def _solve(
    flows: np.ndarray,
    phi: np.ndarray,
    theta: float,
    deficits: np.ndarray,
    numeraire: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """ŵ, the new flows and P̂ for the given shock and counterfactual deficits (module
    docstring); ``numeraire`` is the index of the country whose price index is held, or None for
    world output."""
    y = flows.sum(axis=1)
    e = flows.sum(axis=0)
    pi = flows / e[None, :]
    world = y.sum()

    def settle(w: np.ndarray) -> np.ndarray:
        if numeraire is None:
            return np.asarray(w * world / (w * y).sum(), dtype=float)
        a = pi[:, numeraire] * w**-theta * phi[:, numeraire]
        return np.asarray(w / a.sum() ** (-1 / theta), dtype=float)

    def spending(w: np.ndarray) -> np.ndarray:
        return np.asarray(w * y + deficits * (w * y).sum() / world, dtype=float)  # D ∝ output

    # How fast each country's excess demand falls as its price rises (log derivative, at the
    # baseline): θ times the share of its sales it would lose to rivals, plus the share of its
    # spending abroad. A country trading little answers little, and the step is scaled up to
    # match (a step of excess/θ alone takes ~1/openness iterations to settle).
    sold = flows / y[:, None]
    own = np.diag(pi)
    slope = theta * (sold * (1 - pi)).sum(axis=1) + (1 - own)
    scale = 1 / np.maximum(slope, 1e-12)
    w = settle(np.ones(len(y)))
    it = 0
    while it < MAX_ITERATIONS:
        it += 1
        a = pi * (w[:, None] ** -theta) * phi
        new_pi = a / a.sum(axis=0, keepdims=True)
        excess = (new_pi * spending(w)[None, :]).sum(axis=1) / (w * y) - 1
        w_next = settle(w * np.exp(STEP * excess * scale))
        settled = np.max(np.abs(w_next / w - 1)) < TOLERANCE
        w = w_next
        if settled:
            break
    else:
        raise ConvergenceError(f"the pair shock did not settle in {MAX_ITERATIONS} iterations")
    a = pi * (w[:, None] ** -theta) * phi
    new_pi = a / a.sum(axis=0, keepdims=True)
    p_hat = a.sum(axis=0) ** (-1 / theta)
    return w, new_pi * spending(w)[None, :], p_hat, it


def pair_shock(
    world: WorldMatrix,
    shocks: Mapping[tuple[str, str], float],
    *,
    sigma: float,
    closure: Closure = "deficits",
    numeraire: str | None = None,
) -> PairShock:
    """The general equilibrium of ``shocks`` ((exporter, importer) → the direct change in log
    trade of that pair) on ``world`` (module docstring); ``numeraire`` names the country whose
    price index is held (None: world output)."""
    if not sigma > 1:
        raise InputError(f"σ must be above 1, not {sigma:g}")
    theta = sigma - 1
    n = len(world.countries)
    phi = np.ones((n, n))
    for (a, b), s in shocks.items():
        if a == b:
            raise InputError(f"a pair shock is between two countries, not {a} with itself")
        if not np.isfinite(s):
            raise InputError(f"the shock to {a}→{b} must be a finite number")
        phi[world.index(a), world.index(b)] = float(np.exp(s))
    held = None if numeraire is None else world.index(numeraire)
    flows = world.flows.astype(float)
    y = flows.sum(axis=1)
    deficits = flows.sum(axis=0) - y
    if closure == "balanced":
        _, flows, _, _ = _solve(flows, np.ones((n, n)), theta, np.zeros(n))
        deficits = np.zeros(n)
    elif closure != "deficits":
        raise InputError(f"unknown closure {closure!r}: use deficits or balanced")
    w, new, p_hat, iterations = _solve(flows, phi, theta, deficits, held)
    names = world.countries
    return PairShock(
        names,
        closure,
        sigma,
        flows,
        new,
        {c: float(100 * (w[i] - 1)) for i, c in enumerate(names)},
        {c: float(100 * (w[i] / p_hat[i] - 1)) for i, c in enumerate(names)},
        iterations,
        {c: float(100 * (p_hat[i] - 1)) for i, c in enumerate(names)},
        "world output" if numeraire is None else f"{numeraire}'s price index",
    )


def world_from_totals(
    countries: Sequence[str],
    bilateral: Mapping[tuple[str, str], float],
    exports: Mapping[str, float],
    imports: Mapping[str, float],
    gdp: Mapping[str, float],
    world_gdp: float,
    *,
    rest: str = REST,
) -> WorldMatrix:
    """A world of ``countries`` and the rest of the world: the countries' flows with each other
    (``bilateral``), their exports to and imports from the world, and GDP for what each buys
    from itself (GDP less exports: output measured as value added). The rest of the world's
    purchases from itself close its GDP."""
    names = (*countries, rest)
    n = len(names)
    x = np.zeros((n, n))
    for (a, b), v in bilateral.items():
        x[names.index(a), names.index(b)] = v
    notes = []
    for i, c in enumerate(countries):
        inside = sum(x[i, : n - 1])
        bought = sum(x[: n - 1, i])
        x[i, n - 1] = exports[c] - inside
        x[n - 1, i] = imports[c] - bought
        if x[i, n - 1] < 0 or x[n - 1, i] < 0:
            raise InputError(f"{c}'s trade with the world is less than its trade with the others")
        x[i, i] = gdp[c] - exports[c]
        if x[i, i] <= 0:
            raise InputError(f"{c}'s exports exceed its GDP: no domestic sales left")
    x[n - 1, n - 1] = world_gdp - sum(gdp[c] for c in countries) - x[n - 1, : n - 1].sum()
    notes.append(
        "each country's purchases from itself are GDP less exports (output as value added); the "
        "rest of the world's close world GDP"
    )
    return WorldMatrix(names, x, tuple(notes))
