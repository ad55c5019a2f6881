"""One run per scenario, settings and ledger contents: simulated once, kept in the session's run
store, read back after.

Every face (``corridor simulate``, ``compare``, the report, the dashboard, the API) gets its run
through :func:`simulate`, so the same scenario (hash of every input, demand included) with the same
:class:`~corridor.sim.settings.RunSettings` on the same ledger contents shows the same figures
everywhere. Runs are kept in the run store beside the ledger (:mod:`corridor.sim.store`), never in
the ledger: a read-only session keeps them too.
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
from corridor.session import Session
from corridor.sim.compare import ScenarioComparison, compare_scenarios
from corridor.sim.run import SimReport, run_scenario, run_scenarios
from corridor.sim.settings import RunSettings
from corridor.sim.store import run_key
from corridor.sim.sweep import SweepResult


def simulate(
    session: Session,
    resolved: ResolvedScenario,
    settings: RunSettings,
    *,
    version: tuple[int, ...] | None = None,
    progress: Callable[[int, int], None] | None = None,
    reuse: bool = True,
    keep: bool = True,
) -> tuple[SimReport, bool]:
    """The run of ``resolved`` with ``settings``: the one the run store holds, else a new run
    (kept unless ``keep`` is False: a loop's intermediate rounds). ``version``: the ledger's
    content version, if the caller has read it. Returns the run and whether it was read back."""
    if version is None:
        with session.ledger() as ledger:
            version = ledger.version()
    key = run_key(resolved.digest, settings.key, version)
    if reuse:
        # a run of an older layout is computed again
        found = session.runs.parsed(key, SimReport.from_json, (ValueError, KeyError, TypeError))
        if found is not None:
            return found, True
    report = run_scenario(
        resolved, settings, progress=progress, executor=session.executor, memo=session.stations
    )
    if keep:
        session.runs.add(key, report.to_json())
    return report, False


def simulate_all(
    session: Session,
    resolved: list[ResolvedScenario],
    settings: RunSettings,
    *,
    version: tuple[int, ...],
) -> None:
    """Run, side by side on the session's executor, the scenarios of ``resolved`` that the run
    store does not hold yet, and keep them (the same numbers as one by one: each run is a pure
    function of its scenario and settings; the stations they share are run once). Nothing to do
    with one worker or one run missing."""
    if session.executor.workers < 2:
        return
    missing: dict[str, ResolvedScenario] = {}
    for r in resolved:
        if session.runs.find(run_key(r.digest, settings.key, version)) is None:
            missing.setdefault(r.digest, r)
    if len(missing) < 2:
        return
    todo = list(missing.values())
    reports = run_scenarios(todo, settings, executor=session.executor, memo=session.stations)
    for r, report in zip(todo, reports, strict=True):
        session.runs.add(run_key(r.digest, settings.key, version), report.to_json())


def resolve_levers(
    ledger: Ledger, base: Path, combos: list[tuple[Path, ...]], **options: Any
) -> list[ResolvedScenario]:
    """The baseline, then each combination of levers, resolved for the same day (``options``:
    those of :func:`~corridor.planning.resolve_scenario`)."""
    from corridor.planning.resolve import resolve_scenario

    shared: dict[tuple[object, ...], Any] = {}  # the baseline's counts, reconciled once
    return [resolve_scenario(ledger, base, c, reconciled=shared, **options) for c in [(), *combos]]


def compare_levers(
    session: Session,
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
    with session.ledger() as ledger:
        version = ledger.version()
        if resolved is None:
            resolved = resolve_levers(
                ledger, base, combos, year=year, as_of=as_of, calibration=calibration,
                use_calibration=use_calibration, events=events,
            )  # fmt: skip
    count = len(resolved)
    simulate_all(session, resolved, settings, version=version)

    def run(r: ResolvedScenario, i: int) -> SimReport:
        def step(done: int, total: int) -> None:
            if progress is not None:
                progress(i * total + done, total * count)

        return simulate(session, r, settings, version=version, progress=step)[0]

    return compare_scenarios(resolved, run)


def lever_trade_responses(
    session: Session,
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
    network_day: dt.date | None = None,
) -> list[TradeResponse]:
    """Each combination of levers' worth in trade a year, at the fixed point of the delay–trade
    loop (:mod:`corridor.planning.trade_response`); the baseline's and the levers' first runs
    are the comparison's (kept and shared), the loop's later rounds are not kept.
    ``resolved``: as in :func:`compare_levers`; ``gaps``: the targets' gaps, if already known;
    ``network_day``: the network of that day carrying the year's trade (a plan's deadline)."""
    from corridor.planning.trade_response import (
        loop_settings,
        read_time_costs,
        target_gaps,
        trade_response,
    )

    if settings.replications < 2:
        raise ScenarioError("a trade response needs at least 2 replications for its interval")
    with session.ledger() as ledger:
        version = ledger.version()
        if resolved is None:
            resolved = resolve_levers(
                ledger, base, combos, year=year, as_of=as_of, calibration=calibration,
                use_calibration=use_calibration, events=events, network_day=network_day,
            )  # fmt: skip
        baseline, *levers = resolved
        if gaps is None:
            gaps = target_gaps(ledger, *baseline.network.countries)
        costs = read_time_costs()
        first = {r.digest for r in resolved}

        def run(r: ResolvedScenario) -> SimReport:
            if progress is not None:
                progress(r.name)
            return simulate(session, r, settings, version=version, keep=r.digest in first)[0]

        def key_of(lever: ResolvedScenario) -> str:
            return run_key(
                f"trade-response|{baseline.digest}|{lever.digest}|{elasticity!r}|{costs!r}|"
                f"{gaps!r}|{loop_settings()!r}",
                settings.key,
                version,
            )

        def kept(lever: ResolvedScenario) -> TradeResponse | None:
            # the loop's result is kept (not its rounds): the same lever, baseline, settings,
            # assumptions and ledger contents give it back without simulating again (an older
            # layout, RecordError, or a damaged file: None)
            return session.runs.parsed(key_of(lever), TradeResponse.from_json)

        def worth(lever: ResolvedScenario, found: TradeResponse | None) -> TradeResponse:
            if found is not None:
                return found
            with ledger.cursor() as cur:  # a cursor of its own: loops may run side by side
                response = trade_response(
                    cur,
                    baseline,
                    lever,
                    settings,
                    run,
                    costs=costs,
                    elasticity=elasticity,
                    gaps=gaps,
                )
            session.runs.add(key_of(lever), response.to_json())
            return response

        found = [kept(lever) for lever in levers]  # each read from the store once
        pending = [lever for lever, f in zip(levers, found, strict=True) if f is None]
        if session.executor.workers < 2 or len(pending) < 2:
            return [worth(lever, f) for lever, f in zip(levers, found, strict=True)]
        # the first runs every loop needs (the baseline, each lever at today's trade) side by
        # side and kept; then the levers' loops side by side, each waiting on its own runs,
        # whose stations share the session's worker processes (the same numbers as serial)
        simulate_all(session, [baseline, *pending], settings, version=version)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=len(pending)) as pool:
            return list(pool.map(worth, levers, found))


def sweep_scenario(
    session: Session,
    scenario: Path,
    params: dict[str, list[Any]],
    out: Path,
    settings: RunSettings,
    *,
    levers: tuple[Path, ...] = (),
    ray_address: str | None = None,
    workers: int = 1,
    progress: Callable[[int, int, float | None], None] | None = None,
    **options: Any,
) -> SweepResult:
    """Resolve every grid point of ``params`` (with ``levers`` and the day options of
    :func:`~corridor.planning.resolve_scenario`) and run the sweep into ``out``."""
    from corridor.planning.resolve import resolve_scenario
    from corridor.sim.sweep import grid, sweep

    with session.ledger() as ledger:
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
