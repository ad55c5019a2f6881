"""What the machine or a damaged file causes gets the project's own message on every face: a
full disk, a damaged ledger, nesting too deep, lines too long, dates and numbers out of range."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.errors import DamagedLedgerError, InputError, ResourceError, as_project_error

runner = CliRunner()


def _corridor(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CORRIDOR_DB": str(db)}
    env.pop("CORRIDOR_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "corridor.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), ResourceError, "no space left"),
        (duckdb.IOException("IO Error: No space left on device"), ResourceError, "no space left"),
        (MemoryError(), ResourceError, "not enough memory"),
        (
            duckdb.IOException('IO Error: Could not read enough bytes from file "x"'),
            DamagedLedgerError,
            "damaged",
        ),
        (RecursionError("maximum recursion depth exceeded"), InputError, "nested"),
        (OverflowError("date value out of range"), InputError, "out of range"),
    ],
)
def test_foreign_errors_become_the_projects(
    exc: BaseException, kind: type[Exception], words: str
) -> None:
    found = as_project_error(exc)
    assert isinstance(found, kind) and words in str(found)


def test_unknown_errors_are_not_disguised() -> None:
    assert as_project_error(ValueError("a bug")) is None


def test_a_damaged_ledger_is_named_so(default_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 4)
    for args in (["ledger", "status"], ["trade", "summary", "--period", "2024"]):
        done = _corridor(*args, db=db)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "damaged" in done.stderr and "untouched" in done.stderr
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(os.urandom(5000))
    done = _corridor("ledger", "status", db=junk)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "damaged" in done.stderr


def test_a_full_disk_during_a_load(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import corridor.ledger._ledger as ledger_module

    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    monkeypatch.setenv("CORRIDOR_DB", str(db))

    def full(*_: object, **__: object) -> None:
        raise duckdb.IOException("IO Error: No space left on device")

    monkeypatch.setattr(ledger_module, "load_file", full)
    fixture = Path(__file__).parent / "fixtures" / "BACI_HS02_Y2021_V202301_kaz_chn.csv"
    result = runner.invoke(app, ["ledger", "load", str(fixture), "--format", "baci"])
    assert result.exit_code == 1
    assert "no space left" in result.stderr and "nothing was changed" in result.stderr


def test_deep_yaml_and_long_lines(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("crossings: " + "[" * 600 + "]" * 600 + "\n")
    result = runner.invoke(app, ["network", "check", str(deep)])
    assert result.exit_code == 1 and "nested more than" in result.stderr
    wide = tmp_path / "BACI_HS17_Y2021_wide.csv"
    wide.write_text("a" * 200_000 + "\n1\n")
    result = runner.invoke(app, ["ledger", "load", str(wide), "--format", "baci"])
    assert result.exit_code == 1 and "header" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["scenario", "simulate", "--as-of", "0001-01-01"],
        ["scenario", "simulate", "--from", "0001-01-01", "--to", "0001-02-01"],
        ["trade", "summary", "--period", "9999"],
        ["claims", "extract", "README.md", "--date", "0001-01-01"],
        ["network", "show", "--as-of", "9999-12-31"],
    ],
)
def test_dates_out_of_range(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2), result.output
    assert "1900 to 2100" in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """The entry point's last resort: a bug is reported in one line (CORRIDOR_DEBUG shows it)."""
    script = (
        "import corridor.cli as c, sys\n"
        "def boom(): raise ValueError('a bug')\n"
        "c.app = boom\n"
        "c.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1
    assert "internal error (ValueError: a bug)" in done.stderr and "Traceback" not in done.stderr
