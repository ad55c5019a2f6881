"""One figure per fact: every face shows the same number for the same question.

2022 is the test case: Kazakhstan's published totals give exports US$13.2 bn + imports 11.0 bn =
US$24.2 bn beside a published turnover of "over 24 bn", and the WITS files for the year are
partial. Whichever face asks, the answer is 24.2.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.api import create_app
from corridor.cli import app
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.periods import year
from corridor.report import report_data
from corridor.session import Session
from corridor.trade import trade_summary
from corridor.trade.mirror import MirrorParams, mirror
from corridor.trade.targets import evaluate_targets
from tests.api.test_api import ApiClient

EXPECTED = 24.2e9


@pytest.fixture(scope="module")
def db(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("one") / "ledger.duckdb"
    shutil.copy(default_db, path)
    return path


def test_the_ledger_and_the_library(db: Path) -> None:
    with Ledger.open(db, read_only=True) as ledger:
        t = ledger.flows.turnover("KAZ", "CHN", year(2022))
        s = trade_summary(ledger, reporter="KAZ", partner="CHN", period=year(2022))
    assert t.value_usd == pytest.approx(EXPECTED) and s.turnover_usd == t.value_usd
    assert (s.exports_usd, s.imports_usd) == (pytest.approx(13.2e9), pytest.approx(11.0e9))
    assert any("published turnover 24.00 bn" in n for n in s.notes)


def test_the_cli(db: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["trade", "summary", "--reporter", "KAZ", "--partner", "CHN", "--period", "2022",
         "--json", "--db", str(db)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["turnover_usd"] == pytest.approx(EXPECTED)


def test_the_cli_and_the_api_default_to_the_same_pair(db: Path) -> None:
    """Without --reporter/--partner (--a/--b) the CLI answers for the data's pair, as the API
    does without reporter/partner (a/b)."""
    runner = CliRunner()
    summary = runner.invoke(
        app, ["trade", "summary", "--period", "2022", "--json", "--db", str(db)]
    )
    mirrored = runner.invoke(
        app, ["trade", "mirror", "--period", "2022", "--json", "--db", str(db)]
    )
    assert summary.exit_code == 0 and mirrored.exit_code == 0, summary.output + mirrored.output
    s = json.loads(summary.stdout)
    assert (s["reporter"], s["partner"]) == ("KAZ", "CHN")
    assert s["turnover_usd"] == pytest.approx(EXPECTED)
    kaz = next(t for t in json.loads(mirrored.stdout)["turnover"] if t["reporter"] == "KAZ")
    assert kaz["turnover_usd"] == pytest.approx(EXPECTED)


def test_the_report(db: Path) -> None:
    with Session.open(db, read_only=True) as session:
        data = report_data(session, "KAZ", "CHN")
    (row,) = [y for y in data.years if (y.reporter, y.year) == ("KAZ", 2022)]
    assert row.turnover_usd == pytest.approx(EXPECTED)
    assert row.exports_usd is not None and row.imports_usd is not None
    assert row.exports_usd + row.imports_usd == pytest.approx(row.turnover_usd)
    target = next(t for t in data.targets if t.id == "kaz-chn-turnover-35bn-2030")
    assert dict((y, v) for y, v, _ in target.history)[2022] == pytest.approx(EXPECTED)


def test_the_mirror_and_the_targets(db: Path) -> None:
    params = MirrorParams.read(data_dir() / "trade" / "mirror.yaml")
    with Ledger.open(db, read_only=True) as ledger:
        m = mirror(ledger, a="KAZ", b="CHN", period=year(2022), params=params)
        targets = evaluate_targets(ledger, data_dir() / "targets.yaml")
    kaz = next(t for t in m.turnover if t.reporter == "KAZ")
    assert kaz.turnover_usd == pytest.approx(EXPECTED)
    base = next(t for t in targets if t.id == "kaz-chn-turnover-35bn-2030")
    assert base.baseline_year != 2022 or base.baseline_value == pytest.approx(EXPECTED)


def test_the_api(db: Path) -> None:
    api = create_app(db, token=None, rate_per_s=1e6)
    try:
        client = ApiClient(api)
        summary = client.get("/api/summary", params={"period": "2022"}).json()
        mirror_answer = client.get("/api/mirror", params={"period": "2022"}).json()
    finally:
        api.state.corridor.session.close()
    assert summary["turnover_usd"] == pytest.approx(EXPECTED)
    kaz = next(t for t in mirror_answer["turnover"] if t["reporter"] == "KAZ")
    assert kaz["turnover_usd"] == pytest.approx(EXPECTED)


def test_one_simulated_figure_across_the_faces(db: Path) -> None:
    """The baseline with the standard settings: `corridor simulate --json`, the API's run, the
    report and the dashboard's map all show the same run (one run per scenario hash and
    settings, stored in the ledger and read back)."""
    from corridor.api._pages import dashboard_page
    from corridor.sim.settings import RunSettings
    from tests.api.test_api import _finished

    standard = RunSettings()
    result = CliRunner().invoke(app, ["simulate", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert cli["settings"] == standard.to_dict()

    def figures(stations: list[dict]) -> dict[tuple[str, str], tuple[object, ...]]:  # type: ignore[type-arg]
        return {
            (s["crossing"], s["direction"]): (
                s["vehicles_per_day"],
                s["capacity_per_day"],
                s["overloaded"],
                s.get("exit_time_mean_h_shipments"),
                s.get("throughput_per_day"),
            )
            for s in stations
        }

    expected = figures(cli["stations"])
    with Session.open(db, read_only=True) as session, session.ledger() as ledger:
        data = report_data(session, "KAZ", "CHN")
        assert data.baseline is not None
        assert figures([s.flat() for s in data.baseline.stations]) == expected
        assert data.baseline.scenario_hash == cli["scenario_hash"]
        cache: dict[str, object] = {}
        dashboard_page(
            ledger,
            session,
            period="2024",
            by="chapter",
            direction="exports",
            product="",
            lever=None,
            cache=cache,
        )
        _, dash = cache[""]  # type: ignore[misc]
        assert figures([s.flat() for s in dash.stations]) == expected
    api = create_app(db, token="t", rate_per_s=1e6)
    try:
        client = ApiClient(api)
        job = client.post("/api/runs", json={}, headers={"Authorization": "Bearer t"}).json()["id"]
        run = _finished(client, job)
    finally:
        api.state.corridor.session.close()
    assert figures(run["result"]["stations"]) == expected
