"""Structural gravity: PPML with high-dimensional fixed effects and its general equilibrium.

Estimation is pyfixest's (``fepois``, the ppmlhdfe algorithm; ``feols`` for OLS); the
counterfactual is the full endowment general equilibrium of Anderson, Larch & Yotov (2015) as the
WTO/UNCTAD guide (Yotov et al. 2016, Chapter 2) computes it. The shipped example panel is the
guide's own dataset (``data/gravity/``).
"""

from corridor.trade.gravity._counterfactual import (
    CLOSURES,
    ConvergenceError,
    Counterfactual,
    CountryChange,
    GEClosure,
    PairChange,
    counterfactual,
    parse_settings,
)
from corridor.trade.gravity._estimate import (
    ESTIMATORS,
    VCOVS,
    Coefficient,
    Estimator,
    GravityFit,
    Vcov,
    estimate,
)
from corridor.trade.gravity._hat import (
    REST,
    Closure,
    PairShock,
    WorldMatrix,
    pair_shock,
    world_from_totals,
)
from corridor.trade.gravity._panel import (
    FIXED_EFFECTS,
    INTL_BRDR,
    Design,
    Regressor,
    build_design,
    example_panel,
    parse_fixed_effects,
    parse_regressors,
    parse_years,
    read_panel,
)

__all__ = [
    "CLOSURES",
    "ESTIMATORS",
    "FIXED_EFFECTS",
    "INTL_BRDR",
    "REST",
    "VCOVS",
    "Closure",
    "Coefficient",
    "ConvergenceError",
    "Counterfactual",
    "CountryChange",
    "Design",
    "Estimator",
    "GEClosure",
    "GravityFit",
    "PairChange",
    "PairShock",
    "Regressor",
    "Vcov",
    "WorldMatrix",
    "build_design",
    "counterfactual",
    "estimate",
    "example_panel",
    "pair_shock",
    "parse_fixed_effects",
    "parse_regressors",
    "parse_settings",
    "parse_years",
    "read_panel",
    "world_from_totals",
]
