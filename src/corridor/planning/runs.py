"""One run per scenario and settings: simulated once, stored in the ledger, read back after.

Every face (``corridor simulate``, ``compare``, the report, the dashboard, the API) gets its run
through :func:`simulate`, so the same scenario (hash of every input, demand included) with the same
:class:`~corridor.sim.settings.RunSettings` shows the same figures everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.network.scenario import ResolvedScenario
from corridor.planning.trade_response import TargetGap, TradeResponse
from corridor.sim.compare import ScenarioComparison, compare_scenarios
from corridor.sim.run import SimReport, run_scenario
from corridor.sim.settings import RunSettings
from corridor.sim.sweep import SweepResult


def store_report(ledger: Ledger, report: SimReport) -> int:
    """Write the run to the ledger (one transaction): each statistic, and the whole run by
    scenario hash and settings; its run id."""
    return ledger.sim_results.add(
        scenario=report.scenario,
        scenario_hash=report.scenario_hash,
        seed=report.seed,
        replications=report.replications,
        days=report.days,
        rows=[
            (s.crossing, s.direction, m, e.mean, e.ci_low, e.ci_high)
            for s in report.stations
            for m, e in s.stats.items()
        ],
        settings=report.settings.key,
        report=report.to_json(),
    )


def simulate(
    ledger: Ledger,
    resolved: ResolvedScenario,
    settings: RunSettings,
    *,
    progress: Callable[[int, int], None] | None = None,
    reuse: bool = True,
) -> tuple[SimReport, bool]:
    """The run of ``resolved`` with ``settings``: the stored one if the ledger holds it, else a
    new run, stored unless the ledger is read-only. Returns the run and whether it was read
    back."""
    if reuse:
        stored = ledger.sim_results.find(resolved.digest, settings.key)
        if stored is not None:
            return SimReport.from_json(stored), True
    report = run_scenario(resolved, settings, progress=progress)
    if not ledger.read_only:
        store_report(ledger, report)
    return report, False


def resolve_levers(
    ledger: Ledger, base: Path, combos: list[tuple[Path, ...]], **options: Any
) -> list[ResolvedScenario]:
    """The baseline, then each combination of levers, resolved for the same day (``options``:
    those of :func:`~corridor.planning.resolve_scenario`)."""
    from corridor.planning.resolve import resolve_scenario

    resolved = [resolve_scenario(ledger, base, (), **options)]
    return resolved + [resolve_scenario(ledger, base, c, **options) for c in combos]


def compare_levers(
    ledger: Ledger,
    base: Path,
    combos: list[tuple[Path, ...]],
    settings: RunSettings,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    calibration: Path | None = None,
    use_calibration: bool = True,
    events: tuple[Path, ...] = (),
    progress: Callable[[int, int], None] | None = None,
    resolved: list[ResolvedScenario] | None = None,
) -> list[ScenarioComparison]:
    """The baseline and each combination of levers, resolved for the same day, run (or read
    back) with the same settings, and compared. ``resolved``: the scenarios already resolved
    by :func:`resolve_levers` with these arguments (a caller that needs them too)."""
    if settings.replications < 2:
        raise ScenarioError("a comparison needs at least 2 replications for its intervals")
    if resolved is None:
        resolved = resolve_levers(
            ledger, base, combos, year=year, as_of=as_of, calibration=calibration,
            use_calibration=use_calibration, events=events,
        )  # fmt: skip
    count = len(resolved)

    def run(r: ResolvedScenario, i: int) -> SimReport:
        def step(done: int, total: int) -> None:
            if progress is not None:
                progress(i * total + done, total * count)

        return simulate(ledger, r, settings, progress=step)[0]

    return compare_scenarios(resolved, run)


def lever_trade_responses(
    ledger: Ledger,
    base: Path,
    combos: list[tuple[Path, ...]],
    settings: RunSettings,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    calibration: Path | None = None,
    use_calibration: bool = True,
    events: tuple[Path, ...] = (),
    elasticity: float | None = None,
    progress: Callable[[str], None] | None = None,
    resolved: list[ResolvedScenario] | None = None,
    gaps: tuple[TargetGap, ...] | None = None,
) -> list[TradeResponse]:
    """Each combination of levers' worth in trade a year, at the fixed point of the delay–trade
    loop (:mod:`corridor.planning.trade_response`); every run is stored and shared.
    ``resolved``: as in :func:`compare_levers`; ``gaps``: the targets' gaps, if already known."""
    from corridor.planning.trade_response import read_time_costs, target_gaps, trade_response

    if settings.replications < 2:
        raise ScenarioError("a trade response needs at least 2 replications for its interval")
    if resolved is None:
        resolved = resolve_levers(
            ledger, base, combos, year=year, as_of=as_of, calibration=calibration,
            use_calibration=use_calibration, events=events,
        )  # fmt: skip
    baseline, *levers = resolved
    costs = read_time_costs()

    def run(r: ResolvedScenario) -> SimReport:
        if progress is not None:
            progress(r.name)
        return simulate(ledger, r, settings)[0]

    if gaps is None:
        gaps = target_gaps(ledger, *baseline.network.countries)
    return [
        trade_response(
            ledger, baseline, lever, settings, run, costs=costs, elasticity=elasticity, gaps=gaps
        )
        for lever in levers
    ]


def sweep_scenario(
    ledger: Ledger,
    scenario: Path,
    params: dict[str, list[Any]],
    out: Path,
    settings: RunSettings,
    *,
    levers: tuple[Path, ...] = (),
    workers: int = 1,
    ray_address: str | None = None,
    progress: Callable[[int, int, float | None], None] | None = None,
    **options: Any,
) -> SweepResult:
    """Resolve every grid point of ``params`` (with ``levers`` and the day options of
    :func:`~corridor.planning.resolve_scenario`) and run the sweep into ``out``."""
    from corridor.planning.resolve import resolve_scenario
    from corridor.sim.sweep import grid, sweep

    points = [
        (point, resolve_scenario(ledger, scenario, levers, params=point, **options))
        for point in (grid(params) if params else [{}])
    ]
    return sweep(
        points,
        list(params),
        out,
        settings,
        workers=workers,
        ray_address=ray_address,
        progress=progress,
    )
