"""From border time to trade: the mapping, the loop to a fixed point, one figure on every face."""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
from html import escape
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corridor.cli import app
from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.planning import lever_trade_responses, resolve_scenario
from corridor.planning import trade_response as tr
from corridor.planning.trade_response import TradeResponse
from corridor.session import Session
from corridor.sim.run import Estimate
from corridor.sim.settings import RunSettings

LEVERS = data_dir() / "scenarios" / "levers"
BASE = data_dir() / "scenarios" / "baseline.yaml"
PCT = {"agri": 2.0, "containers": 1.0, "bulk": 0.4}
AVE = PCT  # the cargo groups


@pytest.fixture(scope="module")
def db(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trade-response") / "ledger.duckdb"
    shutil.copy(default_db, path)
    return path


@pytest.fixture(scope="module")
def responses(db: Path) -> list[TradeResponse]:
    with Session.open(db) as session:
        return lever_trade_responses(
            session,
            BASE,
            [(LEVERS / "road-24-7.yaml",), (LEVERS / "bakhty-ayagoz-line.yaml",)],
            RunSettings(),
        )


def test_a_day_is_its_direct_effect_on_trade() -> None:
    """Units: hours become days; a day saved at 1 % a day is exp(0.01) − 1 more trade."""
    change = tr._direct({("a_to_b", "containers"): 1e9}, {("a_to_b", "containers"): -24.0}, PCT)
    assert change[("a_to_b", "containers")] == pytest.approx(1e9 * math.expm1(0.01))
    assert tr._direct({("a_to_b", "bulk"): 1e9}, {("a_to_b", "bulk"): 0.0}, PCT) == {
        ("a_to_b", "bulk"): 0.0
    }


@given(
    hours=st.lists(st.floats(-200, 200), min_size=2, max_size=2),
    value=st.floats(1e3, 1e11),
    group=st.sampled_from(sorted(PCT)),
)
def test_more_delay_means_less_trade_in_proportion(
    hours: list[float], value: float, group: str
) -> None:
    key = ("b_to_a", group)
    low, high = sorted(hours)
    at = {h: tr._direct({key: value}, {key: h}, PCT)[key] for h in (low, high)}
    assert at[high] <= at[low]  # monotone: more hours, less trade
    assert at[low] >= 0 if low <= 0 else at[low] <= 0  # less time, more trade
    double = tr._direct({key: 2 * value}, {key: low}, PCT)[key]
    assert double == pytest.approx(2 * at[low], rel=1e-9, abs=1e-6)  # US$ scale with the trade


def test_time_costs_are_checked(tmp_path: Path) -> None:
    """The shipped effects of a day lie in the land-trade evidence's range (about 1 % a day)."""
    costs = tr.read_time_costs()
    assert set(costs.trade_pct_per_day) == set(PCT)
    for name, r in costs.trade_pct_per_day.items():
        assert 0.2 <= r.low <= r.central <= r.high <= 3.0, name
    bad = tmp_path / "costs.yaml"
    bad.write_text(
        (data_dir() / "trade" / "time_costs.yaml")
        .read_text()
        .replace("central: -5.0", "central: 3")
    )
    with pytest.raises(ScenarioError, match="outside"):
        tr.read_time_costs(bad)


def test_npv_and_err_by_hand() -> None:
    """US$10 m a year for 25 years at 6 %: an annuity of 12.7834; against US$100 m of capital
    the NPV is 27.83 m and the return the rate where the annuity is 10 (7.8 %)."""
    costs = tr.read_time_costs()
    benefit = Estimate(10e6, 8e6, 12e6)
    a = tr.appraise(benefit, "test", 100e6, costs)
    annuity = (1 - 1.06**-25) / 0.06
    assert a.npv_usd is not None
    assert a.npv_usd.mean == pytest.approx(10e6 * annuity - 100e6)
    assert a.npv_usd.ci_low == pytest.approx(8e6 * annuity - 100e6)
    assert a.err is not None
    assert (1 - (1 + a.err) ** -25) / a.err * 10e6 == pytest.approx(100e6, rel=1e-9)
    assert 0.07 < a.err < 0.09
    assert tr.appraise(benefit, "test", None, costs).err is None  # no capital: no return
    # a recurring cost comes off the benefit every year of the life
    b = tr.appraise(benefit, "test", 100e6, costs, recurring=2e6)
    assert b.npv_usd is not None and b.err is not None
    assert b.npv_usd.mean == pytest.approx(8e6 * annuity - 100e6)
    assert (1 - (1 + b.err) ** -25) / b.err * 8e6 == pytest.approx(100e6, rel=1e-9)
    assert b.err < a.err
    assert tr.appraise(benefit, "test", 100e6, costs, recurring=20e6).err is None  # never repaid


def test_a_lever_with_no_effect_is_below_resolution() -> None:
    """Paired differences of pure noise: the central change is reported as below the
    simulation's resolution, never as a finding."""
    rng = np.random.default_rng(4)
    diffs = {("a_to_b", "containers"): rng.normal(0.0, 2.0, 5)}
    values = {("a_to_b", "containers"): 5e9}
    resolution = tr._resolution(values, diffs, PCT)
    direct = sum(tr._direct(values, {k: float(d.mean()) for k, d in diffs.items()}, PCT).values())
    assert abs(direct) < resolution


def test_scaling_trade_keeps_transit_and_recomputes_empties(db: Path) -> None:
    with Ledger.open(db, read_only=True) as ledger:
        resolved = resolve_scenario(ledger, BASE)
    same = tr.scale_trade(resolved, {})
    assert [dataclasses.astuple(s) for s in same.stations] == [
        dataclasses.astuple(s) for s in resolved.stations
    ]
    more = tr.scale_trade(resolved, {("b_to_a", g): 1.5 for g in AVE})
    assert more.digest != resolved.digest
    for old, new in zip(resolved.stations, more.stations, strict=True):
        assert new.transit == old.transit
        factor = 1.5 if old.direction == "b_to_a" else 1.0
        for g in AVE:
            assert new.value_usd[g] == pytest.approx(old.value_usd[g] * factor)
            assert new.vehicles[g] == pytest.approx(old.vehicles[g] * factor)
    # more loaded vehicles one way: at least as many empties come back the other way
    for old, new in zip(resolved.stations, more.stations, strict=True):
        if old.direction == "a_to_b":
            assert new.empty >= old.empty


def test_the_loop_reaches_a_fixed_point_on_the_default_corridor(
    responses: list[TradeResponse],
) -> None:
    for r in responses:
        assert r.converged, (r.scenario, r.history_usd)
        assert r.trade_change_usd is not None and r.first_round_usd is not None
        last = r.history_usd[-1]
        assert r.trade_change_usd.mean == pytest.approx(last)
        assert r.trade_change_usd.ci_low <= r.trade_change_usd.mean <= r.trade_change_usd.ci_high
        assert r.elasticity == -5.0 and "Simonovska" in r.elasticity_source
        assert len(r.assumptions) == 5
    rail = next(r for r in responses if "bakhty" in r.scenario)
    # a new line that takes trains off Dostyk saves hours and gains trade, per US$ of capital
    assert all(v < 0 for v in rail.time_change_h.values())
    assert rail.trade_change_usd is not None and rail.trade_change_usd.ci_low > 0
    assert rail.trade_per_capital_usd is not None and rail.capital_cost_usd
    assert rail.trade_per_capital_usd.mean == pytest.approx(
        rail.trade_change_usd.mean / rail.capital_cost_usd
    )
    for t in rail.targets:
        assert t.gap_usd and t.share
        assert t.share.mean == pytest.approx(rail.trade_change_usd.mean / t.gap_usd)
    assert {t.target for t in rail.targets} == {
        "kaz-chn-turnover-35bn-2030",
        "kaz-chn-turnover-40bn",
        "kaz-chn-turnover-100bn",
    }


def test_a_loop_that_does_not_settle_says_so(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tr, "MAX_ROUNDS", 1)
    with Session.open(db) as session:
        (r,) = lever_trade_responses(session, BASE, [(LEVERS / "road-24-7.yaml",)], RunSettings())
    assert not r.converged and r.rounds == 1
    assert any("did not settle in 1 runs" in n for n in r.notes)


def test_same_seed_same_numbers(db: Path, responses: list[TradeResponse]) -> None:
    with Session.open(db) as session:
        again = lever_trade_responses(session, BASE, [(LEVERS / "road-24-7.yaml",)], RunSettings())
    assert again[0].to_dict() == responses[0].to_dict()


def test_a_lever_worth_is_kept_and_read_back(
    db: Path, responses: list[TradeResponse], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loop's result is kept in the run store: asked again on the same ledger it comes back
    equal, field by field, without simulating; a kept file that does not fit is computed again."""
    import corridor.planning.runs as runs

    def no_run(*_: object, **__: object) -> None:
        raise AssertionError("simulated again")

    with Session.open(db) as session, monkeypatch.context() as patched:
        patched.setattr(runs, "run_scenario", no_run)
        again = lever_trade_responses(
            session,
            BASE,
            [(LEVERS / "road-24-7.yaml",), (LEVERS / "bakhty-ayagoz-line.yaml",)],
            RunSettings(),
        )
    assert again == responses
    assert TradeResponse.from_json(responses[0].to_json()) == responses[0]


def test_levers_loops_side_by_side_give_the_same_worth(default_db: Path, tmp_path: Path) -> None:
    """With worker processes the levers' loops run side by side (threads sharing the pool):
    the same worth, figure for figure, as one after another."""
    settings = RunSettings(days=60, replications=3, seed=3)
    combos = [(LEVERS / "road-24-7.yaml",), (LEVERS / "bakhty-ayagoz-line.yaml",)]
    out = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        shutil.copy(default_db, db)
        with Session.open(db, read_only=True, workers=workers) as session:
            found = lever_trade_responses(session, BASE, combos, settings)
        out.append([r.to_dict() for r in found])
    assert out[0] == out[1]


def test_a_record_that_does_not_fit_is_refused() -> None:
    from corridor.records import RecordError, from_plain

    good = {"mean": 1, "ci_low": 0.5, "ci_high": 2.0}
    assert from_plain(Estimate, good) == Estimate(1.0, 0.5, 2.0)
    for bad in ({"mean": 1}, {**good, "extra": 1}, {**good, "mean": "1"}, [1, 2, 3], None):
        with pytest.raises(RecordError):
            from_plain(Estimate, bad)
    assert from_plain(tuple[Estimate | None, ...], [good, None]) == (Estimate(1.0, 0.5, 2.0), None)


def test_the_cli_and_the_report_show_the_same_figures(
    db: Path, responses: list[TradeResponse]
) -> None:
    from corridor.report import report_data

    result = CliRunner().invoke(
        app,
        ["compare", "road-24-7", "bakhty-ayagoz-line", "--trade-response", "--json",
         "--db", str(db)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    cli = [item["trade_response"] for item in json.loads(result.stdout)[1:]]
    assert [c["trade_change_usd"]["mean"] for c in cli] == [
        r.trade_change_usd.mean for r in responses if r.trade_change_usd
    ]
    with Session.open(db, read_only=True) as session:
        data = report_data(session, "KAZ", "CHN")
    shown = {r.scenario: r.trade_change_usd for r in data.trade_response}
    for r in responses:
        assert shown[r.scenario] == r.trade_change_usd


def test_a_positive_elasticity_is_refused(db: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["compare", "road-24-7", "--trade-response", "--elasticity", "2", "--db", str(db)],
    )
    assert result.exit_code == 2 and "--elasticity" in result.output  # the option's range
    assert "Traceback" not in result.output


def test_interval_is_seeded() -> None:
    diffs = {("a_to_b", "agri"): np.array([-2.0, -1.5, -2.5, -1.0, -3.0])}
    costs = tr.read_time_costs()
    one = tr._interval({("a_to_b", "agri"): 1e9}, diffs, costs, seed=1)
    two = tr._interval({("a_to_b", "agri"): 1e9}, diffs, costs, seed=1)
    assert one == two and one is not None and one.ci_low < one.mean < one.ci_high


def test_plan_for_trade_is_the_best_set_within_the_budget(db: Path) -> None:
    """The knapsack's choice against brute force over every subset of the counted projects."""
    import itertools

    from corridor.planning.plan_trade import plan_for_trade

    budget = 800e6
    with Session.open(db, read_only=True) as session:
        result = plan_for_trade(session, BASE, session.workspace.projects, budget, by=2030)
    counted = [
        p
        for p in result.projects
        if p.trade_change_usd is not None
        and p.cost_pv_usd is not None
        and p.trade_change_usd.ci_low > 0
        and p.trade_change_usd.mean >= tr.ABSOLUTE_TOLERANCE_USD
    ]
    best = max(
        (
            sum(p.trade_change_usd.mean for p in subset if p.trade_change_usd)
            for n in range(len(counted) + 1)
            for subset in itertools.combinations(counted, n)
            if sum(p.cost_pv_usd or 0 for p in subset) <= budget  # what the budget holds
        ),
        default=0.0,
    )
    assert result.sum_of_gains_usd == pytest.approx(best)
    assert result.total_cost_usd <= budget
    assert {p.name for p in result.projects if p.chosen} <= {p.name for p in counted}
    assert result.joint is not None and result.joint.trade_change_usd is not None
    for p in result.projects:
        assert p.why
    # valued on the network in force by the deadline, as the capital plan
    assert result.network_as_of == "2030-07-01"
    # the same knapsack on net present value (interval above zero), against brute force
    with Session.open(db, read_only=True) as session:
        by_npv = plan_for_trade(
            session, BASE, session.workspace.projects, budget, by=2030, objective="npv"
        )
    positive = [p for p in by_npv.projects if p.npv_usd and p.npv_usd.ci_low > 0 and p.cost_pv_usd]
    best_npv = max(
        (
            sum(p.npv_usd.mean for p in subset if p.npv_usd)
            for n in range(len(positive) + 1)
            for subset in itertools.combinations(positive, n)
            if sum(p.cost_pv_usd or 0 for p in subset) <= budget
        ),
        default=0.0,
    )
    assert by_npv.objective == "npv" and by_npv.sum_of_npv_usd == pytest.approx(best_npv)
    assert {p.name for p in by_npv.projects if p.chosen} <= {p.name for p in positive}
    assert by_npv.total_cost_usd <= budget
    with pytest.raises(ScenarioError, match="use trade or npv"):
        plan_for_trade(session, BASE, session.workspace.projects, budget, by=2030, objective="x")


@settings(max_examples=100, deadline=None)
@example([(1e6, 1_000_001.0)], 1e6)  # over the budget by US$1: within the solver's tolerance
@example([(1e6, 1_000_000.03125)], 1e6)  # over by 3 cents: lowering the budget never shed it
@example([(5e6, 2e6), (4e6, 1e6), (3e6, 1e6)], 2e6)  # the best set spends the budget exactly
@given(
    st.lists(st.tuples(st.floats(1e6, 5e8), st.floats(1e6, 9e8)), min_size=0, max_size=7),
    st.floats(1e6, 2e9),
)
def test_the_knapsack_is_the_best_set_within_the_budget(
    items: list[tuple[float, float]], budget: float
) -> None:
    """Against brute force over every subset (values and costs in US$)."""
    import itertools

    from corridor.planning.plan_trade import knapsack

    values, costs = [v for v, _ in items], [c for _, c in items]
    picked = knapsack(values, costs, budget)
    best = max(
        sum(values[k] for k in subset)
        for n in range(len(items) + 1)
        for subset in itertools.combinations(range(len(items)), n)
        if sum(costs[k] for k in subset) <= budget
    )
    assert sum(costs[k] for k in picked) <= budget
    assert sum(values[k] for k in picked) == pytest.approx(best, rel=1e-6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--objective", "trade"], "needs --budget-usd"),
        (["--objective", "jobs", "--target-usd", "35e9"], "use capital, trade or npv"),
        (["--objective", "npv"], "needs --budget-usd"),
        ([], "needs --target-usd"),
    ],
)
def test_plan_objective_errors(db: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["plan", "--by", "2030", *args, "--db", str(db)])
    assert result.exit_code == 1 and message in result.output


def test_a_change_below_resolution_is_said_by_the_larger_of_noise_and_the_floor() -> None:
    from corridor.planning.trade_response import resolution_text

    assert resolution_text(6.12e6).startswith("within ±US$6.1 m a year of the simulation's noise")
    small = resolution_text(2.06e4)
    assert small.startswith("under US$1 m a year") and "±US$0.02 m" in small
    assert "±US$0.00 m" in resolution_text(None)


def test_the_other_flows_are_said_beside_the_gain(db: Path, responses: list[TradeResponse]) -> None:
    """The general equilibrium's largest changes in the other flows, one sentence for every
    face; nothing below the resolution or without a general equilibrium."""
    r = dataclasses.replace(
        responses[0],
        below_resolution=False,
        diverted_usd={"KAZ→RUS": -3.14e6, "RUS→CHN": 4.0e5, "ROW→KAZ": -1.0e6, "KAZ→ROW": 0.0,
                      "CHN→RUS": -2.0e5},
    )  # fmt: skip
    assert r.diversion_text == (
        "other flows a year: KAZ→RUS −US$3.1 m, ROW→KAZ −US$1.0 m, RUS→CHN +US$0.4 m, "
        "CHN→RUS −US$0.2 m; all other flows together −US$3.9 m"
    )
    assert dataclasses.replace(r, below_resolution=True).diversion_text == ""
    assert dataclasses.replace(r, diverted_usd={}).diversion_text == ""
    shown = [x for x in responses if x.diversion_text]
    assert shown, "the default corridor's levers have a general equilibrium"
    result = CliRunner().invoke(
        app,
        ["compare", "road-24-7", "bakhty-ayagoz-line", "--trade-response", "--db", str(db)],
    )
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    for x in shown:
        assert f"{x.scenario}: {' '.join(x.diversion_text.split())}" in words
    # the dashboard's lever table says it too, under the lever's gain
    from corridor.report import lever_table_html, report_data

    with Session.open(db, read_only=True) as session:
        data = report_data(session, "KAZ", "CHN")
    table = lever_table_html(data.comparison, data.trade_response)
    assert all(escape(x.diversion_text) in table for x in data.trade_response if x.diversion_text)
