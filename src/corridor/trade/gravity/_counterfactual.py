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

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from corridor.errors import CorridorError, InputError, option
from corridor.trade.gravity._estimate import GravityFit, Vcov, estimate, fit_fixed_effects
from corridor.trade.gravity._panel import Design, Regressor, build_design

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

GEClosure = Literal["guide", "deficits", "balanced"]
CLOSURES: tuple[GEClosure, ...] = ("guide", "deficits", "balanced")

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
        return dataclasses.asdict(self)


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
    closure: GEClosure = "guide"
    log_change: float | None = None
    pairs: tuple[PairChange, ...] = ()
    intervals: Mapping[str, Mapping[str, tuple[float, float]]] = field(default_factory=dict)
    level: float | None = None

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
            "closure": self.closure,
            "set": dict(self.changes),
            "log_change": self.log_change,
            "pairs": [p.to_dict() for p in self.pairs],
            "interval_level": self.level,
            "intervals": {
                who: {m: list(v) for m, v in by.items()} for who, by in self.intervals.items()
            },
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
            raise InputError(f"{option('set')} {item!r}: write NAME=VALUE, for example INTL_BRDR=0")
        if name not in columns:
            raise InputError(
                f"{option('set')} {name}: not a regressor's column (regressors: "
                f"{', '.join(r.name for r in regressors)}; for ln(DIST) set DIST)"
            )
        try:
            out[name] = float(value)
        except ValueError:
            raise InputError(f"{option('set')} {item!r}: {value!r} is not a number") from None
        if columns[name].log and out[name] <= 0:
            raise InputError(
                f"{option('set')} {item!r}: the log of {name} is taken, so it must be > 0"
            )
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
    pairs: Sequence[tuple[str, str]] = (),
    log_change: float | None = None,
    closure: GEClosure | None = None,
    bootstrap: int = 0,
    seed: int = 1,
    level: float = 0.90,
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
    progress: Callable[[int, float], None] | None = None,
    on_replicate: Callable[[int, int], None] | None = None,
    source: str | None = None,
) -> Counterfactual:
    """Solve the general equilibrium of a change in trade costs.

    ``changes`` maps a regressor's column to the value it takes in the counterfactual
    (``{"INTL_BRDR": 0}``: no international borders; empty: nothing changes); ``log_change``
    shifts the trade-cost term directly (a change in log trade before any general-equilibrium
    response). Both apply to every pair, or only to the directed ``pairs`` (exporter, importer)
    when given. ``closure`` is
    ``"guide"`` (the guide's full endowment procedure, expenditure a fixed multiple of output),
    ``"deficits"`` (exact hat algebra, Dekle–Eaton–Kortum's additive deficits) or ``"balanced"``
    (exact hat algebra from a baseline with trade balanced first); None: the guide's for a change
    of every pair (its experiments), ``"deficits"`` for a change of chosen pairs, on which the
    guide's iteration drifts (each country's expenditure a fixed multiple of its output does not
    add up world spending when trade is not balanced). ``bootstrap`` replications
    resample country pairs with replacement, re-estimate the coefficients and solve again; the
    result's intervals are their central ``level`` range (seeded: the same seed, the same
    intervals). ``progress(iteration, price_step)`` follows the guide's iterations;
    ``on_replicate(done, total)`` the bootstrap. Raises :class:`ConvergenceError` when the
    factory-gate prices still move by more than ``tolerance`` after ``max_iterations``.
    """
    import numpy as np

    if not sigma > 1:
        raise InputError(
            f"{option('sigma')} {sigma}: the elasticity of substitution must be above 1"
        )
    if closure is None:
        closure = "deficits" if pairs else "guide"
    if closure not in CLOSURES:
        raise InputError(f"unknown closure {closure!r}: use {', '.join(CLOSURES)}")
    if log_change is not None and not pairs:
        raise InputError("a direct change of the trade-cost term needs the pairs it applies to")
    if log_change is not None and not np.isfinite(log_change):
        raise InputError("the change of the trade-cost term must be a finite number")
    if bootstrap < 0 or not 0 < level < 1:
        raise InputError("bootstrap replications must be ≥ 0 and the level between 0 and 1")
    if bootstrap and not changes:
        raise InputError(
            "bootstrap intervals come from the estimated coefficients, and a change given "
            "directly as a log change does not depend on them: change a regressor instead"
        )
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
    chosen = _chosen_pairs(frame, pairs, countries)

    fit = estimate(design, estimator="ppml", vcov=vcov, strict=True)
    notes: list[str] = list(fit.notes)

    def solve(beta: Mapping[str, float], follow: Callable[[int, float], None] | None) -> _Solution:
        ln_t = sum(beta[r.variable] * frame[r.variable].to_numpy() for r in regressors)
        shift = _cost_shift(frame, beta, regressors, changes, chosen, log_change)
        if closure == "guide":
            return _guide(
                frame, countries, reference, sigma, np.asarray(ln_t, dtype=float), shift,
                tolerance, max_iterations, follow, notes,
            )  # fmt: skip
        return _hat(frame, countries, reference, sigma, shift, closure)

    beta = {r.variable: fit.coefficient(r.name).estimate for r in regressors}
    solution = solve(beta, progress)
    chosen_list = [(a, b) for a, b in pairs]
    pair_rows = solution.pair_changes(chosen_list)
    intervals: dict[str, dict[str, tuple[float, float]]] = {}
    if bootstrap:
        draws = _bootstrap(
            design, regressors, bootstrap, seed,
            lambda b: solve(b, None), chosen_list, on_replicate,
        )  # fmt: skip
        lo, hi = (1 - level) / 2, (1 + level) / 2
        for key, values in draws.items():
            arr = np.asarray(values, dtype=float)
            arr = arr[np.isfinite(arr)]
            if len(arr):
                who, measure = key
                intervals.setdefault(who, {})[measure] = (
                    float(np.quantile(arr, lo)),
                    float(np.quantile(arr, hi)),
                )
        notes.append(
            f"intervals: the central {level:.0%} of {bootstrap} pair-bootstrap replications "
            f"(country pairs resampled with replacement, coefficients re-estimated, seed {seed}; "
            "Anderson & Yotov 2016)"
        )
    if closure != "guide":
        notes.append(
            "exact hat algebra on the observed flows ("
            + (
                "deficits held as shares of world output"
                if closure == "deficits"
                else "trade balanced in the baseline first"
            )
            + f"); nominal changes in units of {reference}'s price index, real ones numeraire-free"
        )
    return Counterfactual(
        fit=fit,
        year=year,
        sigma=sigma,
        reference=reference,
        changes=dict(changes),
        countries=solution.rows,
        iterations=solution.iterations,
        last_price_step=solution.last_step,
        flows=solution.flows,
        notes=tuple(notes),
        closure=closure,
        log_change=log_change,
        pairs=pair_rows,
        intervals=intervals,
        level=level if bootstrap else None,
    )


def _chosen_pairs(
    frame: pd.DataFrame, pairs: Sequence[tuple[str, str]], countries: Sequence[str]
) -> np.ndarray | None:
    """A mask of the rows of the chosen directed pairs, or None for every pair."""
    import numpy as np

    if not pairs:
        return None
    known = set(countries)
    for a, b in pairs:
        for c in (a, b):
            if c not in known:
                some = ", ".join(sorted(known)[:12])
                raise InputError(f"{c} is not in the panel's year (countries: {some}, …)")
        if a == b:
            raise InputError(f"a pair is two countries, not {a} with itself")
    wanted = {f"{a}>{b}" for a, b in pairs}
    keys = (frame["exporter"] + ">" + frame["importer"]).to_numpy()
    return np.isin(keys, list(wanted))


def _cost_shift(
    frame: pd.DataFrame,
    beta: Mapping[str, float],
    regressors: Sequence[Regressor],
    changes: Mapping[str, float],
    chosen: np.ndarray | None,
    log_change: float | None,
) -> np.ndarray:
    """The change in each row's log trade-cost term (in log trade, before any response)."""
    import numpy as np

    shift = np.zeros(len(frame))
    for r in regressors:
        if r.column in changes:
            value = float(np.log(changes[r.column])) if r.log else changes[r.column]
            shift = shift + beta[r.variable] * (value - frame[r.variable].to_numpy())
    if log_change is not None:
        shift = shift + log_change
    return shift if chosen is None else np.where(chosen, shift, 0.0)


@dataclass(frozen=True)
class PairChange:
    """A chosen pair's flow: baseline, change in per cent, nominal and deflated by the buyer's
    price index (numeraire-free)."""

    exporter: str
    importer: str
    baseline: float
    change_pct: float
    real_change_pct: float

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class _Solution:
    rows: tuple[CountryChange, ...]
    iterations: int
    last_step: float
    flows: pd.DataFrame

    def pair_changes(self, pairs: Sequence[tuple[str, str]]) -> tuple[PairChange, ...]:
        keys = list(zip(self.flows["exporter"], self.flows["importer"], strict=True))
        base = dict(zip(keys, self.flows["baseline"].to_numpy(dtype=float), strict=True))
        full = dict(zip(keys, self.flows["full"].to_numpy(dtype=float), strict=True))
        imr = {c.country: c.imr_change_pct for c in self.rows}
        out = []
        for a, b in pairs:
            before, after = float(base[(a, b)]), float(full[(a, b)])
            change = after / before - 1 if before > 0 else 0.0
            real = (1 + change) / (1 + imr[b] / 100) - 1
            out.append(PairChange(a, b, before, 100 * change, 100 * real))
        return tuple(out)


def _bootstrap(
    design: Design,
    regressors: Sequence[Regressor],
    replications: int,
    seed: int,
    solve: Callable[[Mapping[str, float]], _Solution],
    pairs: Sequence[tuple[str, str]],
    on_replicate: Callable[[int, int], None] | None,
) -> dict[tuple[str, str], list[float]]:
    """Each replication's results by (country or pair, measure)."""
    import numpy as np

    frame = design.frame
    groups = list(frame.groupby("pair", sort=True).indices.values())
    rng = np.random.default_rng(seed)
    out: dict[tuple[str, str], list[float]] = {}
    for b in range(replications):
        pick = rng.integers(0, len(groups), len(groups))
        rows = np.concatenate([groups[k] for k in pick])
        sample = frame.iloc[rows].reset_index(drop=True)
        fit = estimate(dataclasses.replace(design, frame=sample), estimator="ppml", vcov="iid")
        solution = solve({r.variable: fit.coefficient(r.name).estimate for r in regressors})
        for c in solution.rows:
            out.setdefault((c.country, "exports_change_pct"), []).append(c.exports_change_pct)
            out.setdefault((c.country, "rgdp_change_pct"), []).append(c.rgdp_change_pct)
            out.setdefault((c.country, "producer_price_change_pct"), []).append(
                c.producer_price_change_pct
            )
        for pc in solution.pair_changes(pairs):
            key = f"{pc.exporter}→{pc.importer}"
            out.setdefault((key, "change_pct"), []).append(pc.change_pct)
            out.setdefault((key, "real_change_pct"), []).append(pc.real_change_pct)
        if on_replicate is not None:
            on_replicate(b + 1, replications)
    return out


def _hat(
    frame: pd.DataFrame,
    countries: list[str],
    reference: str,
    sigma: float,
    shift: np.ndarray,
    closure: GEClosure,
) -> _Solution:
    """Exact hat algebra on the observed flows (:func:`corridor.trade.gravity.pair_shock`)."""
    import numpy as np
    import pandas as pd

    from corridor.trade.gravity._hat import WorldMatrix, pair_shock

    index = {c: k for k, c in enumerate(countries)}
    i = frame["exporter"].map(index).to_numpy()
    j = frame["importer"].map(index).to_numpy()
    n = len(countries)
    x = np.zeros((n, n))
    x[i, j] = frame["trade"].to_numpy()
    phi = np.ones((n, n))
    phi[i, j] = np.exp(shift)
    shocks = {
        (countries[int(a)], countries[int(b)]): float(s)
        for a, b, s in zip(i, j, shift, strict=True)
        if s != 0 and a != b
    }
    r = pair_shock(
        WorldMatrix(tuple(countries), x), shocks, sigma=sigma,
        closure="balanced" if closure == "balanced" else "deficits", numeraire=reference,
    )  # fmt: skip
    base, new = r.baseline, r.counterfactual
    theta = sigma - 1
    y, e = base.sum(axis=1), base.sum(axis=0)
    intl = ~np.eye(n, dtype=bool)
    # conditional: output and expenditure held, both resistances move (a biproportional scaling
    # of the shocked flows to the baseline's sums)
    cond = base * phi
    for _ in range(10_000):
        cond *= (y / cond.sum(axis=1))[:, None]
        cond *= (e / cond.sum(axis=0))[None, :]
        if np.max(np.abs(cond.sum(axis=1) / y - 1)) < 1e-12:
            break
    p_hat = np.array([1 + r.price_index_change_pct[c] / 100 for c in countries])
    e_hat = new.sum(axis=0) / e
    # Ω_i^(1−σ) = Σ_j t_ij^(1−σ) E_j / P_j^(1−σ), the guide's outward resistance, in changes
    omr_pow = (base / y[:, None] * phi * (e_hat * p_hat**theta)[None, :]).sum(axis=1)
    exports0 = (base * intl).sum(axis=1)

    def pct(v: np.ndarray) -> np.ndarray:
        return 100 * (v - 1)

    exports = pct((new * intl).sum(axis=1) / exports0)
    exports_cdl = pct((cond * intl).sum(axis=1) / exports0)
    omr = pct(omr_pow ** (-1 / theta))
    rows = tuple(
        CountryChange(
            country=c,
            output_baseline=float(y[k]),
            exports_change_pct=float(exports[k]),
            exports_change_conditional_pct=float(exports_cdl[k]),
            producer_price_change_pct=float(r.price_change_pct[c]),
            imr_change_pct=float(r.price_index_change_pct[c]),
            omr_change_pct=float(omr[k]),
            rgdp_change_pct=float(r.welfare_change_pct[c]),
        )
        for k, c in enumerate(countries)
    )
    flows = pd.DataFrame(
        {
            "exporter": frame["exporter"].to_numpy(),
            "importer": frame["importer"].to_numpy(),
            "trade": frame["trade"].to_numpy(),
            "baseline": base[i, j],
            "conditional": cond[i, j],
            "full": new[i, j],
        }
    )
    return _Solution(rows, r.iterations, 0.0, flows)


def _guide(
    frame: pd.DataFrame,
    countries: list[str],
    reference: str,
    sigma: float,
    ln_t: np.ndarray,
    shift: np.ndarray,
    tolerance: float,
    max_iterations: int,
    progress: Callable[[int, float], None] | None,
    notes: list[str],
) -> _Solution:
    """The guide's full endowment procedure (module docstring)."""
    import numpy as np
    import pandas as pd

    frame = frame.copy()
    frame["ln_t_bln"] = ln_t
    frame["ln_t_cfl"] = ln_t + shift
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
                f"factory-gate prices still moved by {step:.2e} in the last one. The guide's "
                "closure (each country's expenditure a fixed multiple of its output) cannot add "
                "up world spending when trade is not balanced, and a small or pair-specific "
                "shock can drift; the deficits or balanced closure solves the same change by "
                "exact hat algebra"
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
    flows = pd.DataFrame(
        {
            "exporter": exp_i,
            "importer": imp_j,
            "trade": trade,
            "baseline": mu0,
            "conditional": mu_c,
            "full": x_full,
        }
    )
    return _Solution(rows, iterations, step, flows)
