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
    from corridor.cli import COMMANDS, load_command

    for name in COMMANDS:
        assert load_command(name).name == name
