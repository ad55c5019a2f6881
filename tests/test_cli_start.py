"""The command line starts without the heavy libraries: each command imports only its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "numba", "matplotlib", "fastapi", "duckdb", "scipy", "pyfixest")

PROBE = """
import sys
from typer.testing import CliRunner
from corridor.cli import app
result = CliRunner().invoke(app, {args!r})
assert result.exit_code == 0, result.output
print(",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _loaded(args: list[str]) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return set(out.split(",")) - {""}


def test_version_imports_nothing_heavy() -> None:
    assert _loaded(["--version"]) == set()


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["claims", "--help"], {"numba", "matplotlib", "fastapi", "pyfixest"}),
        (["network", "--help"], {"matplotlib", "fastapi", "pyfixest"}),
    ],
)
def test_a_command_imports_only_what_it_needs(args: list[str], absent: set[str]) -> None:
    assert not (_loaded(args) & absent)


def test_every_listed_command_loads() -> None:
    from corridor.cli import ALIASES, COMMANDS, load_command

    for name, entry in COMMANDS.items():
        assert load_command(name).name == name
        if isinstance(entry, dict):
            for sub in entry:
                assert load_command(sub, name).name == sub
    for name in ALIASES:  # the verbs of earlier releases still run
        assert load_command(name).name == name


def test_old_verbs_still_work_and_are_hidden() -> None:
    """`corridor simulate` and `corridor targets` run as `corridor scenario simulate` and
    `corridor trade targets` do; `corridor --help` lists the nouns only."""
    from typer.testing import CliRunner

    from corridor.cli import app

    runner = CliRunner()
    top = runner.invoke(app, ["--help"]).output
    listed = {
        line.split()[1]
        for line in top.splitlines()
        if line.startswith("│ ") and len(line.split()) > 2
    }
    assert {"scenario", "trade", "ledger"} <= listed and not {"simulate", "targets"} & listed
    for old, new in ((["simulate"], ["scenario", "simulate"]), (["targets"], ["trade", "targets"])):
        a = runner.invoke(app, [*old, "--help"])
        b = runner.invoke(app, [*new, "--help"])
        assert a.exit_code == b.exit_code == 0
        options = [
            {w for line in r.output.splitlines() for w in line.split() if w.startswith("--")}
            for r in (a, b)
        ]
        assert options[0] == options[1] and "--help" in options[0]
