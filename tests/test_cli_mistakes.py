"""No traceback for any user mistake: every command, given wrong paths, wrong types, unknown ids
or outputs it cannot write, prints one clear message and exits with 1 (a refused input) or 2 (a
usage error), and a failed command leaves no new ledger behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()
NOPE = "/nonexistent/nope"
BLOCKED = "/etc/hostname/inside"  # a path below a file: no one can write there

MISTAKES: list[tuple[list[str], str]] = [
    (["ledger", "load", f"{NOPE}.csv"], "no such file"),
    (["ledger", "load", "/etc/hostname"], "format"),
    (["ledger", "query", "DROP TABLE flows"], "only queries"),
    (["ledger", "query", "SELECT * FROM no_such_table"], "error"),
    (["ledger", "fx", "add", f"{NOPE}.csv"], "cannot read"),
    (
        ["trade", "summary", "--period", "sometime", "--reporter", "KAZ", "--partner", "CHN"],
        "period",
    ),
    (["trade", "summary", "--period", "2024", "--reporter", "ZZZ", "--partner", "CHN"], "ZZZ"),
    (["trade", "mirror", "--period", "20x4", "--a", "KAZ", "--b", "CHN"], "period"),
    (["network", "check", f"{NOPE}.yaml"], "cannot read"),
    (["network", "show", "--as-of", "notadate"], "date"),
    (["barriers", "add", f"{NOPE}.yaml"], "cannot read"),
    (["claims", "add", f"{NOPE}.txt"], "cannot read"),
    (["claims", "extract", f"{NOPE}.txt"], "cannot read"),
    (["opportunities", "--exporter", "XXX"], "XXX"),
    (["opportunities", "--exclude", "primary,resource-based"], "resource-based"),
    (["opportunities", "--view", "everything"], "everything"),
    (["gravity", "estimate", f"{NOPE}.parquet"], "no such file"),
    (["gravity", "estimate", "--years", "abc"], "abc"),
    (["compare", "road-247"], "road-247"),
    (["compare", f"{NOPE}.yaml"], "no lever"),
    (["simulate", f"{NOPE}.yaml"], "cannot read"),
    (["simulate", "--days", "-3"], "days"),
    (["sweep", f"{NOPE}.yaml"], "cannot read"),
    (["capacity", "--target-usd", "-5"], "--target-usd"),
    (["capacity", "--target-usd", "abc"], "--target-usd"),
    (["plan", "--budget-usd", "abc"], "--budget-usd"),
    (["calibrate", "--observations", f"{NOPE}.csv"], "cannot read"),
    (["targets", "--png", BLOCKED], "cannot"),
    (["targets", "--backtest", "--out", f"{BLOCKED}.yaml"], "cannot write"),
    (["report", "-o", f"{BLOCKED}.html"], "cannot write"),
    (
        [
            "gravity",
            "counterfactual",
            "--reference",
            "DEU",
            "--set",
            "INTL_BRDR=0",
            "--out",
            f"{BLOCKED}.csv",
        ],
        "cannot write",
    ),
]


@pytest.fixture(scope="module")
def ledger_file(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mistakes") / "ledger.duckdb"
    shutil.copy(default_db, path)
    return path


@pytest.mark.parametrize(("args", "says"), MISTAKES, ids=[" ".join(a) for a, _ in MISTAKES])
def test_a_mistake_is_one_clear_message(
    args: list[str], says: str, ledger_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORRIDOR_DB", str(ledger_file))
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert says.lower() in result.output.lower(), result.output


@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "load", f"{NOPE}.csv"],
        ["ledger", "load", "/etc/hostname"],
        ["barriers", "add", f"{NOPE}.yaml"],
        ["opportunities", "--exporter", "XXX"],
    ],
)
def test_a_failed_command_leaves_no_new_ledger(args: list[str], tmp_path: Path) -> None:
    fresh = tmp_path / "new.duckdb"
    result = runner.invoke(app, [*args, "--db", str(fresh)])
    assert result.exit_code == 1, result.output
    assert not fresh.exists() and not list(tmp_path.iterdir())


def test_a_refused_path_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    """A ledger path the system refuses (a file in the way) is an error, not a crash."""
    result = runner.invoke(app, ["ledger", "status", "--db", f"{BLOCKED}.duckdb"])
    assert result.exit_code == 1 and "cannot use" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
