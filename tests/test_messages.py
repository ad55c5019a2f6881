"""Library messages are templates: an option they name is rendered by each face (the CLI as its
flag, the API and pages as the parameter's name), and no library string carries a CLI flag."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.errors import InputError, ScenarioError, option, render_message

SRC = Path(__file__).parents[1] / "src" / "corridor"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
#: a command line the reader is told to run, whose flags are the command's own
COMMAND = re.compile(r"(?:corridor|chromium)\b[^`\"]*$")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _flags_in_library() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "cli" or rel.name == "pdf.py":  # the CLI's own; Chromium's flags
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if id(node) in skip:
                continue
            for m in FLAG.finditer(node.value):
                if not COMMAND.search(node.value[: m.start()]):
                    found.append(f"{rel}:{node.lineno}: {node.value[:70]!r}")
    return found


def test_no_library_message_names_a_cli_flag() -> None:
    assert _flags_in_library() == []


def test_an_option_is_rendered_by_each_face() -> None:
    message = f"{option('hs_rev')} does not apply here (pass {option('country_codes')})"
    assert render_message(message) == "hs_rev does not apply here (pass country_codes)"
    assert render_message(message, flags=True) == (
        "--hs-rev does not apply here (pass --country-codes)"
    )
    error = InputError(message, file="x.csv")
    assert str(error) == "x.csv: hs_rev does not apply here (pass country_codes)"
    assert error.for_cli() == "x.csv: --hs-rev does not apply here (pass --country-codes)"
    assert "\x1f" not in str(ScenarioError(option("by")))


def test_the_cli_writes_the_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corridor.cli import app

    monkeypatch.setenv("CORRIDOR_DB", str(tmp_path / "ledger.duckdb"))
    bad = tmp_path / "odd.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ledger", "load", str(bad)])
    assert result.exit_code == 1
    assert "pass --format" in result.stderr and "\x1f" not in result.stderr


def test_the_api_names_the_parameter() -> None:
    from corridor.planning.plan import plan

    with pytest.raises(ScenarioError) as caught:
        plan(None, [], 1e9, base_turnover_usd=1e9, by=2030, max_utilisation=2.0)  # type: ignore[arg-type]
    assert str(caught.value) == "max_utilisation must be in (0, 1]"
