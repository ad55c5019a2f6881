"""Validation: each observation against the model over its own period; every row scored or given
a reason; accuracy by measure; out of sample by rolling origin; the stored run is current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.planning.validate import stored_validation, validate_scenario
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
    "V7,altynkol-khorgos-rail,CHN,all,rail,2024,trains_per_year,8730,CR trains,Xinhua\n"
)
SETTINGS = RunSettings(replications=2, warmup_days=20)


@pytest.fixture(scope="module")
def checked(default_db: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("obs") / "obs.csv"
    path.write_text(HEADER + ROWS)
    with Ledger.open(default_db, read_only=True) as ledger:
        return validate_scenario(ledger, BASE, SETTINGS, observations=path)


def test_every_row_gets_a_figure_or_a_reason(checked) -> None:  # type: ignore[no-untyped-def]
    by_id = {c.id: c for c in checked.observations}
    horgos = by_id["V1"]
    assert horgos.simulated is not None and horgos.simulated_ci is not None
    assert horgos.simulated_ci[0] <= horgos.simulated <= horgos.simulated_ci[1]
    assert horgos.ratio == pytest.approx(horgos.simulated / 23.5)
    assert by_id["V2"].simulated is not None  # a national average of the rail posts
    # December 2021: the cap of 50 a day (an event) holds trucks; an overload is still scored
    assert by_id["V3"].simulated is not None and by_id["V3"].scored
    assert by_id["V4"].simulated is None and "does not run" in by_id["V4"].note  # closed in 2021
    assert by_id["V5"].simulated is None and "not simulated" in by_id["V5"].note
    assert by_id["V6"].kind == "capacity" and not by_id["V6"].scored
    assert "transit" in by_id["V7"].note and by_id["V7"].family == "counts"
    for c in checked.observations:
        assert c.scored or c.note or c.kind != "actual"


def test_accuracy_is_per_measure_never_blended(checked) -> None:  # type: ignore[no-untyped-def]
    assert set(checked.by_family) == {"times", "counts", "queues"}
    assert checked.by_family["times"].evaluated == 2
    assert checked.by_family["queues"].evaluated == 1
    assert "nur-zholy-khorgos" in checked.by_crossing


def test_the_json_has_the_documented_shape(checked) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(checked.to_dict()))
    assert {"observations", "by_family", "by_crossing", "out_of_sample", "settings"} <= set(data)
    for row in data["observations"]:
        assert {"id", "period", "observed", "simulated", "simulated_ci", "ratio", "scored",
                "note", "sample"} <= set(row)  # fmt: skip
        if row["simulated"] is None:
            assert row["note"] and row["ratio"] is None and not row["scored"]


def test_a_rolling_origin_predicts_a_year_from_the_years_before(
    default_db: Path, tmp_path: Path
) -> None:
    """Fitted on 2021–2022, the Khorgos rows of 2023 are predicted out of sample."""
    path = tmp_path / "obs.csv"
    path.write_text(
        HEADER
        + "".join(
            f"R{y}{i},nur-zholy-khorgos,CHN,all,road,{y},time_to_cross_h,{v},h,t\n"
            for y, v in ((2021, 60), (2022, 23.5), (2023, 20))
            for i in range(3)
        )
    )
    with Ledger.open(default_db, read_only=True) as ledger:
        v = validate_scenario(
            ledger,
            BASE,
            RunSettings(replications=1, warmup_days=10),
            observations=path,
            holdout_years=(2023,),
        )
    assert {c.id for c in v.out_of_sample} == {"R20230", "R20231", "R20232"}
    assert all(c.sample == "out" and c.origin == 2023 for c in v.out_of_sample)
    assert v.origins[0]["year"] == 2023 and v.origins[0]["fitted_on"] == 6
    assert v.out_by_family["times"].evaluated == 3


def test_validate_cli_json(default_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + ROWS.splitlines()[0] + "\n")
    db = tmp_path / "l.duckdb"
    import shutil

    shutil.copy(default_db, db)
    result = CliRunner().invoke(
        app,
        ["validate", "--observations", str(path), "--replications", "2", "--warmup-days", "20",
         "--json", "--db", str(db)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["observations"][0]["id"] == "V1" and data["observations"][0]["ratio"] > 0


def test_the_stored_validation_is_current() -> None:
    """Rebuild it with `corridor validate --rolling-origin --store` when the network, demand,
    observations, events, calibration or embedded data change."""
    found = stored_validation()
    assert found is not None
    assert found["current"], (
        "data/corridor/validation.json is stale: corridor validate --rolling-origin --store"
    )
    assert found["out_by_family"]["times"]["evaluated"] > 5
    assert all(row["sample"] == "out" for row in found["out_of_sample"])
    assert found["settings"]["replications"] >= 2


def test_the_same_figures_serial_and_on_worker_processes(
    checked, default_db: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The stations of an evaluation run in this process or on two local processes (the
    executor of `--workers 2`): the same validation, figure for figure."""
    from corridor.sim.executor import Processes

    path = tmp_path / "obs.csv"
    path.write_text(HEADER + ROWS)
    pool = Processes(2)
    try:
        with Ledger.open(default_db, read_only=True) as ledger:
            pooled = validate_scenario(ledger, BASE, SETTINGS, observations=path, executor=pool)
    finally:
        pool.close()
    assert pooled.to_dict() == checked.to_dict()
