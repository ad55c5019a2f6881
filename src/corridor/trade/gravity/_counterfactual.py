"""The general-equilibrium counterfactual of structural gravity (Anderson, Larch & Yotov 2015).

The procedure of the WTO/UNCTAD guide (Yotov et al. 2016, Chapter 2), with its full endowment
general equilibrium: factory-gate prices, output, expenditure and both multilateral resistances
respond to a change in trade costs.

1. Baseline: PPML of trade on exporter and importer effects and the regressors, on one year's
   flows including intra-national ones. Trade costs t_ij = exp(Σ b_k x_kij). The effects give the
   multilateral resistances: exp(π_i) = Y_i E_R / Ω_i and exp(χ_j) = E_j / (P_j E_R), with the
   reference country's inward resistance P_R = 1 (its importer effect is 0).
2. Counterfactual costs t'_ij: the same coefficients with the regressors set to new values.
3. Conditional equilibrium: the same PPML with log t'_ij as an offset, output and expenditure held.
4. Full endowment: factory-gate prices change by Δp_i = (Δexp(π_i) / ΔE_R)^(1/(1−σ)); output by
   Δp_i, expenditure with it (E_i = φ_i Y_i, φ_i the baseline ratio); trade is updated by
   Δp_i Δp_j / (ΔΩ_i ΔP_j) and the PPML refitted, until the prices stop moving.

Changes in the multilateral resistances are reported as changes in Ω_i^(1/(1−σ)) and
P_j^(1/(1−σ)) (the guide's indexes), real GDP as Y_i / P_i^(1/(1−σ)).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.errors import CorridorError, InputError
from corridor.trade.gravity._estimate import GravityFit, Vcov, estimate, fit_fixed_effects
from corridor.trade.gravity._panel import Regressor, build_design

if TYPE_CHECKING:
    import pandas as pd

TOLERANCE = 1e-7
MAX_ITERATIONS = 500


class ConvergenceError(CorridorError):
    """An iterative solution did not settle within its limit; the message gives the last step."""


@dataclass(frozen=True)
class CountryChange:
    """One country's changes, counterfactual against baseline, in per cent."""

    country: str
    output_baseline: float
    exports_change_pct: float
    exports_change_conditional_pct: float
    producer_price_change_pct: float
    imr_change_pct: float
    omr_change_pct: float
    rgdp_change_pct: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "output_baseline": self.output_baseline,
            "exports_change_pct": self.exports_change_pct,
            "exports_change_conditional_pct": self.exports_change_conditional_pct,
            "producer_price_change_pct": self.producer_price_change_pct,
            "imr_change_pct": self.imr_change_pct,
            "omr_change_pct": self.omr_change_pct,
            "rgdp_change_pct": self.rgdp_change_pct,
        }


@dataclass(frozen=True)
class Counterfactual:
    """The baseline estimate, the change imposed, and every country's response."""

    fit: GravityFit
    year: int
    sigma: float
    reference: str
    changes: Mapping[str, float]
    countries: tuple[CountryChange, ...]
    iterations: int
    last_price_step: float
    flows: pd.DataFrame = field(repr=False, compare=False)
    notes: tuple[str, ...] = field(default=())

    def country(self, code: str) -> CountryChange:
        for c in self.countries:
            if c.country == code:
                return c
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "sigma": self.sigma,
            "reference": self.reference,
            "set": dict(self.changes),
            "iterations": self.iterations,
            "last_price_step": self.last_price_step,
            "estimate": self.fit.to_dict(),
            "countries": [c.to_dict() for c in self.countries],
            "notes": list(self.notes),
        }

    def write(self, path: Path) -> Path:
        """Write the per-country table (CSV, or Parquet by the suffix) atomically."""
        import pandas as pd

        table = pd.DataFrame([c.to_dict() for c in self.countries])
        suffix = path.suffix.lower()
        if suffix not in {".csv", ".parquet"}:
            raise InputError(f"{path}: write .csv or .parquet")
        from corridor.files import write_atomically

        if suffix == ".csv":
            return write_atomically(path, lambda tmp: table.to_csv(tmp, index=False))
        return write_atomically(path, lambda tmp: table.to_parquet(tmp, index=False))


def parse_settings(items: Sequence[str], regressors: Sequence[Regressor]) -> dict[str, float]:
    """``["INTL_BRDR=0"]`` → ``{"INTL_BRDR": 0.0}``; each name a regressor's column."""
    columns = {r.column: r for r in regressors}
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise InputError(f"--set {item!r}: write NAME=VALUE, for example INTL_BRDR=0")
        if name not in columns:
            raise InputError(
                f"--set {name}: not a regressor's column (regressors: "
                f"{', '.join(r.name for r in regressors)}; for ln(DIST) set DIST)"
            )
        try:
            out[name] = float(value)
        except ValueError:
            raise InputError(f"--set {item!r}: {value!r} is not a number") from None
        if columns[name].log and out[name] <= 0:
            raise InputError(f"--set {item!r}: the log of {name} is taken, so it must be > 0")
    if not out:
        raise InputError("nothing to change: give --set NAME=VALUE")
    return out


def counterfactual(
    panel: pd.DataFrame,
    *,
    year: int,
    regressors: Sequence[Regressor],
    changes: Mapping[str, float],
    sigma: float,
    reference: str,
    vcov: Vcov = "pair",
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
    progress: Callable[[int, float], None] | None = None,
    source: str | None = None,
) -> Counterfactual:
    """Solve the full endowment general equilibrium of a change in the regressors' values.

    ``changes`` maps a regressor's column to the value it takes everywhere in the counterfactual
    (``{"INTL_BRDR": 0}``: no international borders); an empty mapping changes nothing.
    ``progress(iteration, price_step)`` is
    called after each iteration. Raises :class:`ConvergenceError` when the factory-gate prices
    still move by more than ``tolerance`` after ``max_iterations``.
    """
    import numpy as np
    import pandas as pd

    if not sigma > 1:
        raise InputError(f"--sigma {sigma}: the elasticity of substitution must be above 1")
    design = build_design(panel, regressors, ("exporter", "importer"), years=[year], source=source)
    frame = design.frame
    exporters, importers = set(frame["exporter"]), set(frame["importer"])
    if reference not in exporters or reference not in importers:
        raise InputError(
            f"reference country {reference!r} is not in the {year} panel as both exporter and "
            f"importer (countries: {', '.join(sorted(exporters & importers)[:12])}, …)"
        )
    countries = sorted(exporters | importers)
    domestic = frame[frame["exporter"] == frame["importer"]].set_index("exporter")["trade"]
    lacking = [c for c in countries if not domestic.get(c, 0) > 0]
    if lacking:
        raise InputError(
            "the general equilibrium needs every country's intra-national trade "
            f"(exporter = importer, > 0) in {year}; missing for {', '.join(lacking[:12])}"
        )
    if len(frame) != len(countries) ** 2:
        raise InputError(
            f"the general equilibrium needs every exporter–importer pair in {year}: the panel "
            f"has {len(frame)} rows for {len(countries)} countries ({len(countries) ** 2} pairs)"
        )

    fit = estimate(design, estimator="ppml", vcov=vcov, strict=True)
    notes: list[str] = list(fit.notes)
    beta = {r.variable: fit.coefficient(r.name).estimate for r in regressors}
    frame = frame.copy()
    frame["ln_t_bln"] = sum(beta[r.variable] * frame[r.variable] for r in regressors)
    cfl = frame["ln_t_bln"].copy()
    for r in regressors:
        if r.column in changes:
            value = float(np.log(changes[r.column])) if r.log else changes[r.column]
            cfl = cfl + beta[r.variable] * (value - frame[r.variable])
    frame["ln_t_cfl"] = cfl
    t_cfl = np.exp(frame["ln_t_cfl"].to_numpy())
    exp_i = frame["exporter"].to_numpy()
    imp_j = frame["importer"].to_numpy()
    intl = exp_i != imp_j

    def fitted(outcome: str, offset: str) -> tuple[pd.Series, pd.Series, np.ndarray]:
        fe = fit_fixed_effects(frame, outcome, offset, reference, notes)
        pi = np.exp(fe.exporter.reindex(countries))
        chi = np.exp(fe.importer.reindex(countries))
        mu = pi.loc[exp_i].to_numpy() * chi.loc[imp_j].to_numpy() * np.exp(frame[offset].to_numpy())
        return pi, chi, mu

    def by(values: np.ndarray, key: np.ndarray, mask: np.ndarray | None = None) -> pd.Series:
        s = pd.Series(values if mask is None else np.where(mask, values, 0.0))
        return s.groupby(key).sum().reindex(countries)

    trade = frame["trade"].to_numpy()
    y0 = by(trade, exp_i)
    e0 = by(trade, imp_j)
    er0 = float(e0[reference])
    phi = e0 / y0
    pi0, chi0, mu0 = fitted("trade", "ln_t_bln")
    omr0 = y0 * er0 / pi0
    imr0 = e0 / (chi0 * er0)
    xi0 = by(mu0, exp_i, intl)

    pi_c, chi_c, mu_c = fitted("trade", "ln_t_cfl")
    xi_c = by(mu_c, exp_i, intl)

    # Full endowment: iterate from the conditional solution.
    inv = 1.0 / (1.0 - sigma)
    pi_prev, er_prev = pi0, er0
    pi_s, chi_s, mu_s = pi_c, chi_c, mu_c
    y_s, e_s, er_s = y0, e0, er0
    dp = ((pi_s / pi_prev) / (er_s / er_prev)) ** inv
    omr_s = y_s * er_s / pi_s
    imr_s = e_s / (chi_s * er_s)
    d_omr = pd.Series(1.0, index=countries)  # the resistances start unchanged
    d_imr = pd.Series(1.0, index=countries)
    step = float("inf")
    iterations = 0
    while step > tolerance:
        if iterations >= max_iterations:
            raise ConvergenceError(
                f"the general equilibrium did not converge in {max_iterations} iterations: "
                f"factory-gate prices still moved by {step:.2e} in the last one"
            )
        iterations += 1
        frame["trade_s"] = (
            mu_s
            * dp.loc[exp_i].to_numpy()
            * dp.loc[imp_j].to_numpy()
            / (d_omr.loc[exp_i].to_numpy() * d_imr.loc[imp_j].to_numpy())
        )
        pi_n, chi_n, mu_n = fitted("trade_s", "ln_t_cfl")
        y_n = by(mu_n, exp_i)
        e_n = phi * y_n
        er_n = float(e_n[reference])
        dp = ((pi_n / pi_s) / (er_n / er_s)) ** inv
        omr_n = y_n * er_n / pi_n
        imr_n = e_n / (chi_n * er_n)
        d_omr, d_imr = omr_n / omr_s, imr_n / imr_s
        step = float(np.abs(dp - 1.0).max())
        pi_s, chi_s, mu_s, y_s, e_s, er_s, omr_s, imr_s = (
            pi_n,
            chi_n,
            mu_n,
            y_n,
            e_n,
            er_n,
            omr_n,
            imr_n,
        )
        if progress is not None:
            progress(iterations, step)

    p_full = ((pi_s / pi0) / (er_s / er0)) ** inv
    y_full = p_full * y0
    e_full = phi * y_full
    omr_full = y_full * er_s / pi_s
    imr_full = e_s / (chi_s * er_s)
    x_full = (
        y_full.loc[exp_i].to_numpy()
        * e_full.loc[imp_j].to_numpy()
        * t_cfl
        / (imr_full.loc[imp_j].to_numpy() * omr_full.loc[exp_i].to_numpy())
    )
    xi_full = by(x_full, exp_i, intl)

    def pct(new: pd.Series, old: pd.Series) -> pd.Series:
        return (new / old - 1.0) * 100.0

    rgdp0 = y0 / imr0**inv
    rgdp_full = y_full / imr_full**inv
    table = {
        "exports": pct(xi_full, xi0),
        "exports_cdl": pct(xi_c, xi0),
        "price": (p_full - 1.0) * 100.0,
        "imr": pct(imr_full**inv, imr0**inv),
        "omr": pct(omr_full**inv, omr0**inv),
        "rgdp": pct(rgdp_full, rgdp0),
    }
    rows = tuple(
        CountryChange(
            country=c,
            output_baseline=float(y0[c]),
            exports_change_pct=float(table["exports"][c]),
            exports_change_conditional_pct=float(table["exports_cdl"][c]),
            producer_price_change_pct=float(table["price"][c]),
            imr_change_pct=float(table["imr"][c]),
            omr_change_pct=float(table["omr"][c]),
            rgdp_change_pct=float(table["rgdp"][c]),
        )
        for c in countries
    )
    return Counterfactual(
        fit=fit,
        year=year,
        sigma=sigma,
        reference=reference,
        changes=dict(changes),
        countries=rows,
        iterations=iterations,
        last_price_step=step,
        flows=pd.DataFrame(
            {
                "exporter": exp_i,
                "importer": imp_j,
                "trade": trade,
                "baseline": mu0,
                "conditional": mu_c,
                "full": x_full,
            }
        ),
        notes=tuple(notes),
    )
