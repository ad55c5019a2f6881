"""``corridor gravity …``: structural gravity on any panel (PPML with fixed effects, GE)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.table import Table

from corridor.cli._common import (
    JsonOption,
    SeedOption,
    console,
    err_console,
    progress_line,
    user_errors,
)
from corridor.errors import InputError

if TYPE_CHECKING:
    from corridor.trade import gravity

app = typer.Typer(
    help="Structural gravity: PPML with high-dimensional fixed effects, and its general "
    "equilibrium counterfactual (the WTO/UNCTAD guide's method).",
    no_args_is_help=True,
)

DataArgument = Annotated[
    Path | None,
    typer.Argument(
        help="Panel with columns exporter, importer, year, trade and the regressors (Parquet, "
        "CSV or Stata .dta; default: the guide's own dataset, data/gravity/yotov2016.parquet).",
        show_default=False,
    ),
]
VcovOption = Annotated[
    str,
    typer.Option(
        "--vcov",
        help="Standard errors: pair (clustered by country pair), robust "
        "(heteroskedasticity-robust) or iid.",
    ),
]


@app.command("estimate")
def estimate_command(
    data: DataArgument = None,
    years: Annotated[
        str | None,
        typer.Option(help="Years to use: 1986,1990,2006 or 1986-2006/4 (default: every year)."),
    ] = None,
    regressors: Annotated[
        str, typer.Option(help="Regressors; ln(COL) takes the log; INTL_BRDR is built in.")
    ] = "ln(DIST),CNTG,LANG,CLNY",
    fe: Annotated[
        str,
        typer.Option(
            "--fe",
            help="Fixed effects, comma-separated: exporter-year, importer-year, exporter, "
            "importer, pair, year.",
        ),
    ] = "exporter-year,importer-year",
    international_only: Annotated[
        bool,
        typer.Option("--international-only", help="Leave out intra-national flows."),
    ] = False,
    estimator: Annotated[
        str, typer.Option(help="ppml (Poisson pseudo-maximum likelihood) or ols (log trade).")
    ] = "ppml",
    vcov: VcovOption = "pair",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail when observations are separated, not only say so."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Estimate a gravity equation: coefficients, clustered standard errors, observations."""
    from corridor.trade import gravity

    with user_errors():
        path = data or gravity.example_panel()
        with progress_line("estimating") as update:
            update("reading the panel")
            panel = gravity.read_panel(path)
            design = gravity.build_design(
                panel,
                gravity.parse_regressors(regressors),
                gravity.parse_fixed_effects(fe),
                years=gravity.parse_years(years),
                international_only=international_only,
                source=str(path),
            )
            update(f"{estimator.upper()} on {len(design.frame):,} observations")
            fit = gravity.estimate(
                design,
                estimator=cast("gravity.Estimator", estimator),  # estimate() checks both
                vcov=cast("gravity.Vcov", vcov),
                strict=strict,
            )
    if as_json:
        typer.echo(json.dumps({"data": str(path), **fit.to_dict()}, indent=2))
        return
    out = console()
    table = Table("term", "estimate", "std. error", "z", "p", "95 % interval", title_justify="left")
    table.title = (
        f"{fit.estimator.upper()} gravity, {fit.n_obs:,} observations, "
        f"fixed effects {', '.join(fit.fixed_effects)}"
    )
    for c in fit.coefficients:
        table.add_row(
            c.name,
            f"{c.estimate:.4f}",
            f"({c.std_error:.4f})",
            f"{c.z:.2f}",
            f"{c.p_value:.3f}",
            f"{c.ci95[0]:.3f} … {c.ci95[1]:.3f}",
        )
    out.print(table)
    errors = {
        "pair": f"clustered by country pair ({fit.n_clusters:,} pairs)",
        "robust": "heteroskedasticity-robust",
        "iid": "classical (iid)",
    }[fit.vcov]
    out.print(f"standard errors {errors}; years {_years(fit.years)}; data {path}")
    if fit.excluded_nonpositive:
        out.print(f"{fit.excluded_nonpositive:,} zero flows left out (OLS takes the log of trade)")
    if fit.separated:
        out.print(
            f"[yellow]{fit.separated:,} separated observation(s) removed[/yellow] "
            "(pyfixest's separation checks; --strict makes this an error)"
        )
    for note in fit.notes:
        out.print(f"note: {note}")


@app.command("counterfactual")
def counterfactual_command(
    reference: Annotated[
        str,
        typer.Option(
            help="Reference country (ISO3): its inward multilateral resistance is 1 "
            "(the guide: DEU).",
        ),
    ],
    data: DataArgument = None,
    year: Annotated[
        int, typer.Option(help="The year of the baseline (one year of flows).", min=1900, max=2100)
    ] = 2006,
    regressors: Annotated[
        str, typer.Option(help="Regressors; ln(COL) takes the log; INTL_BRDR is built in.")
    ] = "ln(DIST),CNTG,INTL_BRDR",
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="NAME=VALUE: the value a regressor's column takes in the counterfactual "
            "(repeatable), e.g. INTL_BRDR=0; for every pair, or only the --pair ones.",
            show_default=False,
        ),
    ] = None,
    pair: Annotated[
        list[str] | None,
        typer.Option(
            "--pair",
            help="EXPORTER:IMPORTER (ISO3), repeatable: change the trade costs of these "
            "directed pairs only, e.g. --pair KAZ:CHN --pair CHN:KAZ.",
            show_default=False,
        ),
    ] = None,
    log_change: Annotated[
        float | None,
        typer.Option(
            "--log-change",
            help="Shift the --pair pairs' trade-cost term by this change in log trade before any "
            "general-equilibrium response (0.05: costs that alone raise the pair's trade by "
            "about 5 %).",
            min=-20,
            max=20,
            show_default=False,
        ),
    ] = None,
    closure: Annotated[
        str | None,
        typer.Option(
            help="guide (the guide's procedure: expenditure a fixed multiple of output), "
            "deficits (exact hat algebra, deficits held as shares of world output) or balanced "
            "(exact hat algebra from a baseline with trade balanced first). Default: guide for "
            "a change of every pair, deficits for --pair (the guide's iteration drifts there).",
            show_default=False,
        ),
    ] = None,
    bootstrap: Annotated[
        int,
        typer.Option(
            help="Pair-bootstrap replications for intervals (country pairs resampled, "
            "coefficients re-estimated; 0: none).",
            min=0,
            max=5000,
        ),
    ] = 0,
    level: Annotated[float, typer.Option(help="The intervals' coverage.", min=0.5, max=0.99)] = 0.9,
    seed: SeedOption = 1,
    sigma: Annotated[
        float,
        typer.Option(
            help="Elasticity of substitution between origins (the guide: 7).", min=1, max=100
        ),
    ] = 7.0,
    vcov: VcovOption = "pair",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the per-country table here (.csv or .parquet); nothing is "
            "written without it.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The general-equilibrium effect of changing trade costs, per country (full endowment)."""
    from corridor.trade import gravity

    with user_errors():
        path = data or gravity.example_panel()
        regs = gravity.parse_regressors(regressors)
        changes = gravity.parse_settings(set_ or [], regs)
        pairs = _pairs(pair or [])
        if not changes and log_change is None:
            raise InputError("nothing to change: give --set NAME=VALUE or --pair with --log-change")
        with progress_line("general equilibrium") as update:
            update("reading the panel")
            panel = gravity.read_panel(path)
            update("estimating the baseline")
            result = gravity.counterfactual(
                panel,
                year=year,
                regressors=regs,
                changes=changes,
                sigma=sigma,
                reference=reference.strip().upper(),
                vcov=cast("gravity.Vcov", vcov),  # checked by the estimation
                pairs=pairs,
                log_change=log_change,
                closure=cast("gravity.GEClosure | None", closure),  # checked by counterfactual()
                bootstrap=bootstrap,
                seed=seed,
                level=level,
                progress=lambda i, step: update(f"iteration {i}, prices moved {step:.1e}"),
                on_replicate=lambda b, n: update(f"bootstrap replication {b} of {n}"),
                source=str(path),
            )
        target = None if out is None else result.write(out)
    if as_json:
        written = None if target is None else str(target)
        typer.echo(json.dumps({"data": str(path), "written": written, **result.to_dict()}))
        return
    con = console()
    coefs = ", ".join(f"{c.name} {c.estimate:.4f}" for c in result.fit.coefficients)
    con.print(
        f"baseline {result.year}: PPML on {result.fit.n_obs:,} flows ({coefs}); "
        f"σ = {result.sigma:g}; reference {result.reference}"
    )
    what = [f"{k} = {v:g}" for k, v in result.changes.items()]
    if result.log_change is not None:
        what.append(f"trade-cost term {result.log_change:+g} in log trade")
    where = (
        "pairs " + ", ".join(f"{p.exporter}→{p.importer}" for p in result.pairs)
        if result.pairs
        else "every pair"
    )
    con.print(
        f"counterfactual: {', '.join(what)} for {where}; closure {result.closure}; "
        f"converged in {result.iterations} iterations"
    )
    if result.pairs:
        pairs_table = Table(
            "pair", "baseline", "trade, %", "real trade, %", title="The pairs changed",
            title_justify="left",
        )  # fmt: skip
        for p in result.pairs:
            key = f"{p.exporter}→{p.importer}"
            pairs_table.add_row(
                key,
                f"{p.baseline:,.0f}",
                _with_interval(p.change_pct, result.intervals.get(key, {}).get("change_pct")),
                _with_interval(
                    p.real_change_pct, result.intervals.get(key, {}).get("real_change_pct")
                ),
            )
        con.print(pairs_table)
    table = Table(
        "country",
        "exports",
        "exports (conditional)",
        "factory-gate price",
        "inward MR",
        "outward MR",
        "real GDP",
        title="Change against the baseline, %",
        title_justify="left",
    )
    for c in result.countries:
        bands = result.intervals.get(c.country, {})
        table.add_row(
            c.country,
            _with_interval(c.exports_change_pct, bands.get("exports_change_pct")),
            f"{c.exports_change_conditional_pct:+.1f}",
            _with_interval(c.producer_price_change_pct, bands.get("producer_price_change_pct")),
            f"{c.imr_change_pct:+.1f}",
            f"{c.omr_change_pct:+.1f}",
            _with_interval(c.rgdp_change_pct, bands.get("rgdp_change_pct")),
        )
    con.print(table)
    if result.level is not None:
        con.print(f"[…]: the central {result.level:.0%} of the bootstrap replications")
    for note in result.notes:
        con.print(f"note: {note}")
    if target is not None:
        err_console.print(f"written: {target}")


def _with_interval(value: float, band: tuple[float, float] | None) -> str:
    if band is None:
        return f"{value:+.1f}"
    return f"{value:+.1f} [{band[0]:+.1f} … {band[1]:+.1f}]"


def _pairs(items: list[str]) -> list[tuple[str, str]]:
    """``EXPORTER:IMPORTER`` items → (exporter, importer) pairs of ISO3 codes."""
    out = []
    for item in items:
        a, sep, b = item.partition(":")
        a, b = a.strip().upper(), b.strip().upper()
        if not sep or len(a) != 3 or len(b) != 3 or not (a + b).isalpha():
            raise InputError(
                f"--pair {item!r}: write EXPORTER:IMPORTER, two ISO3 codes with a colon between"
            )
        out.append((a, b))
    return out


def _years(years: tuple[int, ...]) -> str:
    if len(years) <= 6:
        return ", ".join(map(str, years))
    return f"{years[0]}–{years[-1]} ({len(years)} years)"
