"""Calibration recovers parameters from observations that the model itself produced, reports
what it cannot identify, and writes a valid calibration file of fitted figures."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.observations import COLUMNS, read_observations
from corridor.network.scenario import apply_overlays, read_overlay
from corridor.planning.calibrate import calibrate, write_overlay
from corridor.planning.evaluate import Evaluator
from corridor.planning.parameters import find_parameters
from corridor.sim.settings import RunSettings

TRANSLOAD = ("crossings", "nur-zholy-khorgos", "posts", "CHN", "outbound", "transload", "hours")
DWELL = ("crossings", "nur-zholy-khorgos", "posts", "KAZ", "inbound", "dwell_hours")
SETTINGS = RunSettings(replications=2, seed=3, warmup_days=20)


def _strip(node: Any, path: tuple[str, ...], keep: set[tuple[str, ...]]) -> Any:
    if isinstance(node, dict):
        if "value" in node and path not in keep:
            node = {k: v for k, v in node.items() if k not in ("bounds", "parameter")}
            node["history"] = [
                {k: v for k, v in h.items() if k not in ("bounds", "parameter")}
                for h in node.get("history", [])
            ]
            if not node["history"]:
                del node["history"]
            return node
        out = {}
        for k, v in node.items():
            key = v.get("id", k) if isinstance(v, dict) else k
            out[k] = _strip(v, (*path, str(key)), keep)
        return out
    if isinstance(node, list):
        return [
            _strip(v, (*path, str(v["id"])) if isinstance(v, dict) and "id" in v else path, keep)
            for v in node
        ]
    return node


def _copy_data(tmp: Path, values: dict[tuple[str, ...], float]) -> Path:
    """A scenario whose only fittable figures are those in ``values``, set to those values."""
    corridor = tmp / "corridor"
    scenarios = tmp / "scenarios"
    corridor.mkdir()
    scenarios.mkdir()
    raw = yaml.safe_load((data_dir() / "corridor" / "kaz-chn.yaml").read_text())
    raw = _strip(raw, (), set(values))
    for path, value in values.items():
        node: Any = raw
        for key in path:
            node = next(c for c in node if c["id"] == key) if isinstance(node, list) else node[key]
        node["value"] = value
    (corridor / "kaz-chn.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True))
    demand = yaml.safe_load((data_dir() / "corridor" / "demand.yaml").read_text())
    (corridor / "demand.yaml").write_text(yaml.safe_dump(_strip(demand, (), set())))
    shutil.copy(data_dir() / "corridor" / "observations.csv", corridor / "observations.csv")
    scenario = scenarios / "baseline.yaml"
    scenario.write_text(
        "name: test\nnetwork: ../corridor/kaz-chn.yaml\ndemand: ../corridor/demand.yaml\n"
    )
    return scenario


ROWS = (
    ("T1", "nur-zholy-khorgos", "CHN", "outbound", "2024"),
    ("T2", "nur-zholy-khorgos", "KAZ", "inbound", "2024"),
    ("T3", "nur-zholy-khorgos", "CHN", "outbound", "2023"),
    ("T4", "nur-zholy-khorgos", "KAZ", "inbound", "2023"),
)


def _write(path: Path, values: dict[str, float]) -> Path:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for rid, c, side, direction, year in ROWS:
            w.writerow(
                [rid, c, side, direction, "road", year, "time_to_cross_h", values[rid], "h", "t"]
            )
    return path


def _observe(ledger: Ledger, scenario: Path, out: Path) -> Path:
    """Observations of the Khorgos road posts in 2023 and 2024, as the model gives them."""
    path = _write(out / "synthetic.csv", dict.fromkeys((r[0] for r in ROWS), 1.0))
    inputs = apply_overlays(scenario)
    obs = read_observations(path, inputs.network)
    params = find_parameters(inputs.network, inputs.demand)
    sims = Evaluator(ledger, inputs, obs, SETTINGS, params).run({p.name: p.value for p in params})
    values = {}
    for rid, *_ in ROWS:
        value = sims[rid].mean
        assert value is not None
        values[rid] = round(value, 4)
    return _write(path, values)


@pytest.mark.slow
def test_calibration_recovers_known_parameters(default_ledger: Ledger, tmp_path: Path) -> None:
    """Observations simulated with transload 14 h and entry dwell 5 h at Khorgos; calibration
    starting from 4 h and 1.5 h finds both within 15 %, with the same seed (common random
    numbers) as the observations were made with."""
    truth = tmp_path / "truth"
    truth.mkdir()
    observed = _observe(default_ledger, _copy_data(truth, {TRANSLOAD: 14.0, DWELL: 5.0}), tmp_path)
    start = tmp_path / "start"
    start.mkdir()
    scenario = _copy_data(start, {TRANSLOAD: 4.0, DWELL: 1.5})
    inputs = apply_overlays(scenario)
    result = calibrate(
        default_ledger,
        inputs,
        read_observations(observed, inputs.network),
        SETTINGS,
        max_iterations=15,
    )
    fitted = {p.name: p for p in result.parameters}
    transload = next(p for n, p in fitted.items() if n.endswith("transload.hours"))
    dwell = next(p for n, p in fitted.items() if n.endswith("KAZ.inbound.dwell_hours"))
    assert transload.fitted == pytest.approx(14.0, rel=0.15)
    assert dwell.fitted == pytest.approx(5.0, rel=0.15)
    assert transload.identified and dwell.identified
    assert result.objective_after < result.objective_before
    out = tmp_path / "fitted.yaml"
    write_overlay(result, out)
    overlay = read_overlay(out)
    figure = overlay.network["crossings"]["nur-zholy-khorgos"]["posts"]["CHN"]["outbound"]
    assert "calibrated" in figure["transload"]["hours"]
    again = apply_overlays(scenario, calibration=out)
    hours = again.network.crossing("nur-zholy-khorgos").posts["CHN"].outbound.transload
    assert (
        hours is not None
        and hours.hours.calibrated
        and hours.hours.value == pytest.approx(transload.fitted, rel=1e-4)
    )


def test_sourced_figures_are_never_fitted() -> None:
    inputs = apply_overlays(data_dir() / "scenarios" / "baseline.yaml", use_calibration=False)
    params = find_parameters(inputs.network, inputs.demand)
    assert params
    names = {p.name for p in params}
    assert not any("gauge_change.trains_per_day" in n for n in names)  # sourced
    assert "epidemic-khorgos-road-exit-dwell" in names  # a span's own figure can be fitted
    for p in params:
        assert 0 < p.bounds[0] <= p.value <= p.bounds[1]


def test_what_is_not_identified_is_not_written(default_ledger: Ledger, tmp_path: Path) -> None:
    """A calibration writes its identified parameters only, each with its uncertainty
    (``log_sd``); the others keep the file's assumption and are listed."""
    sub = tmp_path / "obs.csv"
    lines = (data_dir() / "corridor" / "observations.csv").read_text().splitlines()
    keep = ("C25,", "C26,", "C33,")
    sub.write_text("\n".join([lines[0], *(x for x in lines[1:] if x.startswith(keep))]) + "\n")
    inputs = apply_overlays(data_dir() / "scenarios" / "baseline.yaml", use_calibration=False)
    result = calibrate(
        default_ledger,
        inputs,
        read_observations(sub, inputs.network),
        RunSettings(replications=1, warmup_days=10),
        max_iterations=2,
    )
    written = yaml.safe_load(result.overlay)
    text = json.dumps(written)
    for p in result.parameters:
        if not p.identified:
            assert p.fitted == p.assumed and p.name in result.not_identified
    assert "small-road-chn-transload" in result.not_identified
    assert "small-road-chn-transload" not in text
    identified = [p for p in result.parameters if p.identified]
    assert text.count('"log_sd"') == sum(1 for _ in identified) or identified
    assert all(p.log_sd is not None and p.log_sd <= 0.5 * p.prior_log_sd for p in identified)


def test_a_parameter_no_observation_informs_is_reported(
    default_ledger: Ledger, tmp_path: Path
) -> None:
    """Fitting to one Dostyk rail time of 2019: the small road posts' parameters are not
    identified, and the epidemic regime's, with no row of theirs, keep their assumptions."""
    sub = tmp_path / "obs.csv"
    lines = (data_dir() / "corridor" / "observations.csv").read_text().splitlines()
    sub.write_text(
        "\n".join([lines[0], *(line for line in lines[1:] if line.startswith("D104,"))]) + "\n"
    )
    inputs = apply_overlays(data_dir() / "scenarios" / "baseline.yaml", use_calibration=False)
    result = calibrate(
        default_ledger,
        inputs,
        read_observations(sub, inputs.network),
        RunSettings(replications=1, warmup_days=10),
        max_iterations=1,
    )
    by_name = {p.name: p for p in result.parameters}
    small = by_name["small-road-chn-transload"]
    assert not small.identified and "no observation is sensitive" in small.note
    epidemic = by_name["epidemic-khorgos-road-exit-dwell"]
    assert epidemic.regime == "epidemic" and "no observation of this regime" in epidemic.note
    assert result.used == ("D104",)
    assert result.excluded == {}


def test_a_fit_that_worsens_the_whole_is_not_written() -> None:
    """An ordinary figure fitted to the ordinary rows that worsens the regime's rows is set back
    (with the reason); the regime's own fit, which helps, is kept; a fit that cannot be saved
    writes nothing."""
    from corridor.planning.calibrate import FittedParameter, _keep_what_helps
    from corridor.planning.parameters import Parameter

    def fp(name: str, regime: str, fitted: float) -> FittedParameter:
        return FittedParameter(
            name, "h", regime, 10.0, fitted, (1.0, 100.0), False, 1.0, 1.0, 0.1, True, (), "fitted"
        )

    params = [
        Parameter(name, (), 10.0, (1.0, 100.0), "h", "assumed")
        for name in ("dwell", "epidemic-dwell")
    ]
    fitted = [fp("dwell", "ordinary", 5.0), fp("epidemic-dwell", "epidemic", 30.0)]

    def objective(v: dict[str, float]) -> float:  # the regime's fit helps; the ordinary hurts
        return 100.0 - 2.0 * (v["epidemic-dwell"] == 30.0) + 5.0 * (v["dwell"] == 5.0)

    values = {"dwell": 5.0, "epidemic-dwell": 30.0}
    kept, chosen, _ = _keep_what_helps(
        fitted,
        values,
        params,
        objective,
        100.0,
        values,
        lambda v: v,  # type: ignore[arg-type]
    )
    assert chosen == {"dwell": 10.0, "epidemic-dwell": 30.0}
    assert [f.identified for f in kept] == [False, True]
    assert "not written" in kept[0].note and kept[0].fitted == 10.0

    def worse(v: dict[str, float]) -> float:
        return 100.0 + 5.0 * (v["dwell"] == 5.0) + 5.0 * (v["epidemic-dwell"] == 30.0)

    kept, chosen, _ = _keep_what_helps(
        fitted,
        values,
        params,
        worse,
        100.0,
        values,
        lambda v: v,  # type: ignore[arg-type]
    )
    assert chosen == {"dwell": 10.0, "epidemic-dwell": 10.0}
    assert not any(f.identified for f in kept)
