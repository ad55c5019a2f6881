"""Validation: each observation against the model for its period; JSON; the stored hindcast."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.planning.validate import hindcast, validate_scenario, validation_record
from corridor.sim.settings import RunSettings

BASE = data_dir() / "scenarios" / "baseline.yaml"
HEADER = "id,crossing,side,direction,mode,year,measure,value,unit,source\n"
ROWS = (
    "V1,nur-zholy-khorgos,CHN,all,road,2022,time_to_cross_h,23.5,h,CPMM\n"
    "V2,*,KAZ,inbound,rail,2022,time_to_cross_h,78,h,CPMM\n"
    "V3,nur-zholy-khorgos,KAZ,outbound,road,2021-12,queue_vehicles,38,vehicles,KGD\n"
    "V4,maikapchagai-jeminay,KAZ,outbound,road,2021,time_to_cross_h,5,h,closed that year\n"
    "V5,dostyk-alashankou-rail,both,all,rail,2024,cost_usd,300,USD,CPMM\n"
    "V6,dostyk-alashankou-road,KAZ,all,road,2024-01,vehicles_per_day,600,vehicles/day,capacity\n"
)


@pytest.fixture(scope="module")
def checked(default_db: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("obs") / "obs.csv"
    path.write_text(HEADER + ROWS)
    with Ledger.open(default_db, read_only=True) as ledger:
        return validate_scenario(ledger, BASE, RunSettings(replications=2), observations=path)


def test_every_row_gets_a_figure_or_a_reason(checked) -> None:  # type: ignore[no-untyped-def]
    by_id = {c.id: c for c in checked.observations}
    horgos = by_id["V1"]
    assert horgos.simulated is not None and horgos.simulated_ci is not None
    assert horgos.simulated_ci[0] <= horgos.simulated <= horgos.simulated_ci[1]
    assert horgos.ratio == pytest.approx(horgos.simulated / 23.5)
    assert by_id["V2"].simulated is not None  # a national average of the rail posts
    assert by_id["V3"].simulated is None and "overloaded" in by_id["V3"].note  # 50 a day, 2021-12
    assert by_id["V4"].simulated is None and "does not run" in by_id["V4"].note  # closed in 2021
    assert by_id["V5"].simulated is None and "not simulated" in by_id["V5"].note
    assert by_id["V6"].kind == "capacity" and "capacity" in by_id["V6"].note
    assert checked.accuracy.evaluated == 2  # actual flows with a ratio


def test_the_json_has_the_documented_shape(checked) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(checked.to_dict()))
    assert {"observations", "accuracy", "by_measure", "settings", "scenario"} <= set(data)
    for row in data["observations"]:
        assert {"id", "observed", "simulated", "simulated_ci", "ratio", "note"} <= set(row)
        if row["simulated"] is None:
            assert row["note"] and row["ratio"] is None


def test_validate_cli_json(default_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + ROWS.splitlines()[0] + "\n")
    db = tmp_path / "l.duckdb"
    import shutil

    shutil.copy(default_db, db)
    result = CliRunner().invoke(
        app,
        ["validate", "--observations", str(path), "--replications", "2", "--json", "--db", str(db)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["observations"][0]["id"] == "V1" and data["observations"][0]["ratio"] > 0


def test_a_validation_is_kept_in_the_ledger(default_db: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + ROWS.splitlines()[0] + "\n")
    with Ledger.open(db) as ledger:
        first = validation_record(ledger, BASE, RunSettings(replications=1), observations=path)
        again = validation_record(ledger, BASE, RunSettings(replications=1), observations=path)
    assert first == again


def test_the_stored_hindcast_is_current() -> None:
    """Rebuild it with `python -m tools.build_hindcast` when the network, demand, observations or
    embedded data change."""
    found = hindcast()
    assert found is not None
    assert found["current"], "data/corridor/hindcast.json is stale: python -m tools.build_hindcast"
    assert found["out_of_sample"]["evaluated"] > 5
    assert all(row["held_out"] for row in found["observations"])
