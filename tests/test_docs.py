"""Everything a user can call or read is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from tools.cli_docs import commands

from corridor.cli import app
from corridor.ledger import FORMATS, Ledger

DOCS = Path(__file__).parents[1] / "docs"


def test_every_command_and_option_is_in_cli_md() -> None:
    """docs/cli.md (python tools/cli_docs.py) shows every command and option."""
    text = (DOCS / "cli.md").read_text()
    root = typer.main.get_command(app)
    for path in commands():
        assert f"## `{' '.join(['corridor', *path])}`" in text
        command = root
        for name in path:
            ctx = command.make_context("corridor", [], resilient_parsing=True)
            command = command.get_command(ctx, name)  # type: ignore[attr-defined]
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in text, f"{opt} of {path} is not in docs/cli.md"


def test_every_table_is_documented(ledger: Ledger) -> None:
    text = (DOCS / "ledger.md").read_text()
    tables = ledger.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).rows
    for (name,) in tables:
        assert f"`{name}`" in text, f"table {name} is not described in docs/ledger.md"


def test_every_format_is_documented() -> None:
    text = (DOCS / "ledger.md").read_text()
    for fmt in FORMATS:
        assert re.search(rf"^\| `{fmt}` \|", text, re.M), fmt


def test_glossary_names_the_core_concepts() -> None:
    text = (DOCS / "glossary.md").read_text()
    for name in ("Ledger", "Flow", "Load", "Reject", "Coverage", "Period", "Source"):
        assert f"**{name}**" in text
