"""Gravity estimated with high-dimensional fixed effects, by pyfixest.

PPML is pyfixest's ``fepois`` (the ppmlhdfe algorithm: IRLS with the fixed effects projected
out); OLS on log trade is its ``feols``. This module only builds the formula, sets the options the
published results use, and turns pyfixest's notices into the result's notes or an error.

Standard errors: clustered by the unordered country pair by default (``vcov="pair"``), or
heteroskedasticity-robust (``"robust"``) or classical (``"iid"``). The small-sample factor is the
one Stata's ``ppml`` and ``ppmlhdfe`` use for the published results, G/(G−1) for G clusters with no
(N−1)/(N−K) term (pyfixest ``ssc(k_adj=False)``); with it Chapter 1 of the WTO/UNCTAD guide is
reproduced to every printed digit.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from corridor.errors import InputError
from corridor.trade.gravity._panel import Design, fe_variable, finite

if TYPE_CHECKING:
    import pandas as pd

Estimator = Literal["ppml", "ols"]
Vcov = Literal["pair", "robust", "iid"]
VCOVS: tuple[Vcov, ...] = ("pair", "robust", "iid")
ESTIMATORS: tuple[Estimator, ...] = ("ppml", "ols")
IWLS_TOL = 1e-10
IWLS_MAXITER = 200
FIXEF_TOL = 1e-10


@dataclass(frozen=True)
class Coefficient:
    """One estimated coefficient with its standard error and 95 % interval."""

    name: str
    estimate: float
    std_error: float
    z: float
    p_value: float
    ci95: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "estimate": self.estimate,
            "std_error": finite(self.std_error),
            "z": finite(self.z),
            "p_value": finite(self.p_value),
            "ci95": [finite(self.ci95[0]), finite(self.ci95[1])],
        }


@dataclass(frozen=True)
class GravityFit:
    """An estimated gravity equation: coefficients, sample, options, notes."""

    estimator: Estimator
    coefficients: tuple[Coefficient, ...]
    n_obs: int
    fixed_effects: tuple[str, ...]
    vcov: Vcov
    years: tuple[int, ...]
    international_only: bool
    n_clusters: int | None
    separated: int
    excluded_nonpositive: int
    notes: tuple[str, ...] = field(default=())

    def coefficient(self, name: str) -> Coefficient:
        for c in self.coefficients:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimator": self.estimator,
            "coefficients": [c.to_dict() for c in self.coefficients],
            "n_obs": self.n_obs,
            "fixed_effects": list(self.fixed_effects),
            "vcov": self.vcov,
            "n_clusters": self.n_clusters,
            "years": list(self.years),
            "international_only": self.international_only,
            "separated": self.separated,
            "excluded_nonpositive": self.excluded_nonpositive,
            "notes": list(self.notes),
        }


@contextmanager
def quiet_pyfixest(notes: list[str]) -> Iterator[None]:
    """Run pyfixest with its warnings collected: its own notices become ``notes``.

    Warnings from the libraries under pyfixest about their own future (deprecations) are not the
    user's concern and are dropped; pyfixest's notices about the data are kept.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        if issubclass(w.category, DeprecationWarning | PendingDeprecationWarning | FutureWarning):
            continue
        if w.category.__name__.endswith("Warning") and "deprecated" in str(w.message):
            continue
        text = " ".join(str(w.message).split())
        if text and text not in notes:
            notes.append(text)


def _vcov_arg(vcov: Vcov) -> str | dict[str, str]:
    if vcov == "pair":
        return {"CRV1": "pair"}
    return "hetero" if vcov == "robust" else "iid"


def estimate(
    design: Design,
    *,
    estimator: Estimator = "ppml",
    vcov: Vcov = "pair",
    strict: bool = False,
) -> GravityFit:
    """Estimate ``trade`` on the design's regressors with its fixed effects.

    A regressor that the fixed effects or the other regressors make redundant (a singular design)
    is an :class:`InputError`, never a silently dropped column. Observations pyfixest removes as
    separated (perfectly predicted zeros, which carry no information on the coefficients) are
    counted in the result and named in its notes; with ``strict`` they are an error.
    """
    import numpy as np
    import pyfixest as pf

    if estimator not in ESTIMATORS:
        raise InputError(f"unknown estimator {estimator!r}; use {' or '.join(ESTIMATORS)}")
    if vcov not in VCOVS:
        raise InputError(f"unknown standard errors {vcov!r}; use one of {', '.join(VCOVS)}")
    frame = design.frame
    excluded = 0
    if estimator == "ols":
        positive = frame["trade"] > 0
        excluded = int((~positive).sum())
        frame = frame[positive].copy()
        frame["ln_trade"] = np.log(frame["trade"])
    if frame.empty:
        raise InputError("no observations left to estimate on")
    names = {r.variable: r.name for r in design.regressors}
    rhs = " + ".join(names)
    fes = " + ".join(fe_variable(f) for f in design.fixed_effects)
    lhs = "ln_trade" if estimator == "ols" else "trade"
    formula = f"{lhs} ~ {rhs} | {fes}"
    notes: list[str] = []
    ssc = pf.ssc(k_adj=False)
    try:
        with quiet_pyfixest(notes):
            if estimator == "ppml":
                model: Any = pf.fepois(
                    formula,
                    data=frame,
                    vcov=_vcov_arg(vcov),
                    ssc=ssc,
                    iwls_tol=IWLS_TOL,
                    iwls_maxiter=IWLS_MAXITER,
                    fixef_tol=FIXEF_TOL,
                    separation_check=["fe", "ir"],
                )
            else:
                model = pf.feols(formula, data=frame, vcov=_vcov_arg(vcov), ssc=ssc)
    except InputError:
        raise
    except Exception as exc:  # pyfixest signals a failed fit with its own exception types
        raise InputError(f"the estimation failed: {' '.join(str(exc).split())}") from exc
    dropped = [names.get(str(v), str(v)) for v in (getattr(model, "_collin_vars", None) or [])]
    if dropped:
        raise InputError(
            "singular design: "
            + ", ".join(dropped)
            + " cannot be told apart from the fixed effects or the other regressors; "
            "leave it out or change the fixed effects"
        )
    separated = int(getattr(model, "n_separation_na", 0) or 0)
    if separated and strict:
        raise InputError(
            f"{separated} observation(s) are separated (zero trade that the fixed effects or "
            "regressors predict perfectly; pyfixest's separation checks)"
        )
    coefs = model.coef()
    ses = model.se()
    tstats = model.tstat()
    pvals = model.pvalue()
    ci = model.confint()
    out = []
    for var, label in names.items():
        lo, hi = (float(x) for x in ci.loc[var].to_numpy())
        out.append(
            Coefficient(
                name=label,
                estimate=float(coefs[var]),
                std_error=float(ses[var]),
                z=float(tstats[var]),
                p_value=float(pvals[var]),
                ci95=(lo, hi),
            )
        )
    n_clusters = int(frame["pair"].nunique()) if vcov == "pair" else None
    return GravityFit(
        estimator=estimator,
        coefficients=tuple(out),
        n_obs=int(model._N),
        fixed_effects=design.fixed_effects,
        vcov=vcov,
        years=design.years,
        international_only=design.international_only,
        n_clusters=n_clusters,
        separated=separated,
        excluded_nonpositive=excluded,
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class FixedEffects:
    """Exporter and importer effects of a one-year PPML, importer effect of the reference = 0."""

    exporter: pd.Series
    importer: pd.Series


def fit_fixed_effects(
    frame: pd.DataFrame, outcome: str, offset: str, reference: str, notes: list[str]
) -> FixedEffects:
    """PPML of ``outcome`` on exporter and importer effects with ``offset`` (its coefficient 1).

    The structural gravity system: the fitted flows add up to each exporter's output and each
    importer's expenditure. ``frame`` holds every exporter–importer pair once. The effects are
    read off the fitted flows μ_ij = exp(a_i + b_j + offset_ij), normalised so that the
    reference importer's b is 0: a_i = ln μ_iR − offset_iR, b_j = ln μ_jj − offset_jj − a_j.
    """
    import numpy as np
    import pandas as pd
    import pyfixest as pf

    try:
        with quiet_pyfixest(notes):
            model: Any = pf.fepois(
                f"{outcome} ~ 1 | exporter + importer",
                data=frame,
                offset=offset,
                vcov="iid",
                iwls_tol=IWLS_TOL,
                iwls_maxiter=IWLS_MAXITER,
                fixef_tol=FIXEF_TOL,
                separation_check=[],
                fixef_rm="none",
            )
            mu = np.asarray(model.predict(type="response"), dtype=float)
    except Exception as exc:  # pyfixest's own exception types
        raise InputError(f"the fixed-effects fit failed: {' '.join(str(exc).split())}") from exc
    if len(mu) != len(frame) or not np.all(mu > 0):
        raise InputError("the fixed-effects fit left out pairs or predicted a zero flow")
    log_mu = pd.Series(np.log(mu) - frame[offset].to_numpy(), index=frame.index)
    keyed = log_mu.set_axis(pd.MultiIndex.from_arrays([frame["exporter"], frame["importer"]]))
    to_ref = keyed.xs(reference, level="importer")
    own = keyed[keyed.index.get_level_values(0) == keyed.index.get_level_values(1)].droplevel(1)
    return FixedEffects(exporter=to_ref, importer=own - to_ref.reindex(own.index))
