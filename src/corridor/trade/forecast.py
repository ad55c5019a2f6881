"""The projection models: predictive distributions of an annual series h years ahead.

Every model works on the logarithm of the series, takes points (t_i, y_i) that may have gaps
(L_i = ln y_i, g_i = t_i − t_{i−1}, span S = t_{m−1} − t_0) and gives, h years after the last
point, a Student-t predictive distribution of ln y (its centre, scale and degrees of freedom), so
that intervals, the probability of reaching a target and the scores of
:mod:`corridor.trade.backtest` all come from one place (Hyndman & Athanasopoulos, *Forecasting:
Principles and Practice*, 3rd ed., §5.2 and §5.5, the benchmark methods):

- ``naive``: the random walk without drift. Centre L_{m−1}; each step scaled to one year,
  r_i = (L_i − L_{i−1}) / √g_i; σ² = Σ r_i² / (m − 1); scale σ √h; m − 1 degrees of freedom.
- ``drift``: the random walk with drift. μ = (L_{m−1} − L_0) / S; centre L_{m−1} + μ h;
  r_i = (L_i − L_{i−1} − μ g_i) / √g_i; σ² = Σ r_i² / (m − 2); scale σ √(h (1 + h / S)),
  the drift's own uncertainty included; m − 2 degrees of freedom.
- ``damped``: the drift damped year by year, φ = :data:`DAMPING` (Gardner & McKenzie 1985's
  damped trend with its parameter fixed, as series of a dozen points cannot estimate it): centre
  L_{m−1} + μ (φ + φ² + … + φ^h); scale σ √(h + k² / S) with k = φ + … + φ^h; m − 2 degrees of
  freedom.
- ``gdp``: the random walk around the pair's economic mass M_t = ln(Y_i Y_j / Y_world), GDP in
  current US$ (structural gravity's unit income elasticities; Anderson & van Wincoop 2003):
  L − M is the naive model's, so the centre is L_{m−1} + M_{t+h} − M_{t}, the scale
  √(σ² h + V(h)) with σ from the steps of L − M and V the variance of the projected path of M
  (:class:`MassPath`: a trend's, τ² k (1 + k / n) k years past its last held year, τ² the
  variance of M's yearly steps about the trend fitted on n years), m − 1 degrees of freedom.

Student's t with the model's own degrees of freedom carries the uncertainty of σ estimated from a
few points; at least three points are needed (four for the drift models' scale to have a finite
CRPS).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from corridor.student_t import t_ppf, t_sf

Model = Literal["naive", "drift", "damped", "gdp"]
MODELS: tuple[Model, ...] = ("naive", "drift", "damped", "gdp")
#: the damped trend's yearly damping
DAMPING = 0.8
DESCRIPTIONS: dict[str, str] = {
    "naive": "random walk (no drift)",
    "drift": "random walk with drift",
    "damped": f"damped drift (φ = {DAMPING})",
    "gdp": "random walk around the partners' GDP (gravity's mass)",
}


@dataclass(frozen=True)
class MassPath:
    """A pair's economic mass ln(Y_i Y_j / Y_world) by year: held up to ``last_held``, projected
    after it, with the projection's error variance (module docstring, ``gdp``)."""

    by_year: Mapping[int, float]
    last_held: int
    #: τ²: the variance of the mass's yearly steps about the trend it was projected with
    step_var: float
    #: n: the years that trend was fitted on
    span: int

    def var(self, year: int) -> float:
        """The projected mass's error variance in ``year`` (0 up to the last held year)."""
        k = year - self.last_held
        return self.step_var * k * (1 + k / self.span) if k > 0 else 0.0


@dataclass(frozen=True)
class Predictive:
    """ln y h years ahead ~ centre + scale × T(df): Student's t."""

    centre: float
    scale: float
    df: float
    drift: float  # the model's average log growth a year over the h years

    def widened(self, factor: float) -> Predictive:
        """The same centre with the scale times ``factor`` (a calibration)."""
        return Predictive(self.centre, self.scale * factor, self.df, self.drift)

    def quantile(self, p: float) -> float:
        return self.centre + self.scale * t_ppf(p, self.df)

    def interval(self, level: float) -> tuple[float, float]:
        """The central ``level`` interval of ln y."""
        return self.quantile(0.5 - level / 2), self.quantile(0.5 + level / 2)

    def above(self, log_value: float) -> float:
        """P(ln y ≥ log_value)."""
        if self.scale == 0:
            return 1.0 if self.centre >= log_value else 0.0
        return t_sf((log_value - self.centre) / self.scale, self.df)

    def crps(self, log_value: float) -> float:
        """The continuous ranked probability score of the outcome ``log_value`` (lower is
        better; Gneiting & Raftery 2007), in closed form for Student's t (Jordan, Krüger &
        Lerch 2019, ``scoringRules``); needs df > 1."""
        from scipy.special import beta, stdtr

        nu, s = self.df, self.scale
        if nu <= 1 or s <= 0:
            return math.inf if s > 0 else abs(log_value - self.centre)
        b_half = float(beta(0.5, nu - 0.5))
        b_nu = float(beta(0.5, nu / 2))
        z = (log_value - self.centre) / s
        cdf = float(stdtr(nu, z))
        pdf = math.exp(
            math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2) - 0.5 * math.log(nu * math.pi)
        ) * (1 + z * z / nu) ** (-(nu + 1) / 2)
        term = 2 * math.sqrt(nu) * b_half / ((nu - 1) * b_nu**2)
        return float(s * (z * (2 * cdf - 1) + 2 * pdf * (nu + z * z) / (nu - 1) - term))

    def interval_score(self, log_value: float, level: float = 0.80) -> float:
        """The interval score of the central ``level`` interval (Gneiting & Raftery 2007, §6.2):
        its width plus 2/α times how far the outcome falls outside it (α = 1 − level)."""
        lo, hi = self.interval(level)
        alpha = 1 - level
        return (
            (hi - lo)
            + (2 / alpha) * max(lo - log_value, 0.0)
            + (2 / alpha) * max(log_value - hi, 0.0)
        )


def predictive(
    model: Model,
    points: Sequence[tuple[int, float]],
    h: int,
    mass: MassPath | None = None,
) -> Predictive:
    """The ``model``'s predictive distribution of ln y, ``h`` years after the last of
    ``points`` (module docstring); ``mass`` is the pair's economic mass by year, which the
    ``gdp`` model needs for every point's year and the horizon's. Raises ValueError with too few
    points or, for ``gdp``, a year of mass missing."""
    pts = sorted(points)
    m = len(pts)
    if m < 3:
        raise ValueError("a projection with an interval needs at least three points")
    if h < 0:
        raise ValueError("the horizon is before the last point")
    t = [p[0] for p in pts]
    if any(v <= 0 for _, v in pts):
        raise ValueError("the series must be positive")
    logs = [math.log(p[1]) for p in pts]
    span = t[-1] - t[0]
    gaps = [t[i] - t[i - 1] for i in range(1, m)]
    steps = [logs[i] - logs[i - 1] for i in range(1, m)]
    if model in ("naive", "gdp"):
        shift = path_var = 0.0
        if model == "gdp":
            if mass is None or any(y not in mass.by_year for y in [*t, t[-1] + h]):
                raise ValueError("the gdp model needs the pair's GDP for every year")
            at = mass.by_year
            steps = [d - (at[t[i + 1]] - at[t[i]]) for i, d in enumerate(steps)]
            shift = at[t[-1] + h] - at[t[-1]]
            path_var = mass.var(t[-1] + h) - mass.var(t[-1])
        sigma = math.sqrt(sum(d * d / g for d, g in zip(steps, gaps, strict=True)) / (m - 1))
        return Predictive(
            logs[-1] + shift,
            math.sqrt(sigma * sigma * h + path_var),
            m - 1,
            shift / h if h else 0.0,
        )
    mu = (logs[-1] - logs[0]) / span
    resid = [(d - mu * g) / math.sqrt(g) for d, g in zip(steps, gaps, strict=True)]
    sigma = math.sqrt(sum(r * r for r in resid) / (m - 2))
    if model == "drift":
        return Predictive(logs[-1] + mu * h, sigma * math.sqrt(h * (1 + h / span)), m - 2, mu)
    if model == "damped":
        k = sum(DAMPING**i for i in range(1, h + 1))
        return Predictive(
            logs[-1] + mu * k, sigma * math.sqrt(h + k * k / span), m - 2, mu * k / max(h, 1)
        )
    raise ValueError(f"unknown projection model {model!r}")
