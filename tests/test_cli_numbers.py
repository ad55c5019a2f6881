"""Every numeric option of every command is bounded, and a value beyond its bounds, a word,
nan or an infinity gets a usage message (exit 2), never a traceback or a run."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

import pytest
from typer.testing import CliRunner

from corridor.cli import COMMANDS, app, load_command


def _walk(path: list[str], command: Any) -> Iterator[tuple[list[str], Any]]:
    yield path, command
    for sub_name, sub in getattr(command, "commands", {}).items():
        yield from _walk([*path, sub_name], sub)


def _commands() -> Iterator[tuple[list[str], Any]]:
    for name, entry in COMMANDS.items():
        if isinstance(entry, dict):
            for sub in entry:
                yield from _walk([name, sub], load_command(sub, name))
        else:
            yield from _walk([name], load_command(name))


def _number_type(annotation: Any) -> type | None:
    if get_origin(annotation) in (Union, types.UnionType):
        found = [a for a in get_args(annotation) if a is not type(None)]
        annotation = found[0] if len(found) == 1 else None
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    return annotation if annotation in (int, float) else None


NUMERIC = [
    (path, param.opts[0], kind, param.min, param.max)
    for path, command in _commands()
    for param in command.params
    if param.param_type_name == "option"
    and (kind := _number_type(param.type_descriptor.annotation)) is not None
]
IDS = [f"{' '.join(p)} {o}" for p, o, *_ in NUMERIC]


def test_numeric_options_are_found() -> None:
    names = {opt for _, opt, *_ in NUMERIC}
    assert {"--seed", "--days", "--year", "--replications", "--target-usd"} <= names


@pytest.mark.parametrize(("path", "option", "kind", "low", "high"), NUMERIC, ids=IDS)
def test_every_numeric_option_is_bounded_and_refuses_the_rest(
    path: list[str], option: str, kind: type, low: float | None, high: float | None
) -> None:
    assert low is not None and high is not None, f"{' '.join(path)} {option} needs min and max"
    values = ["nan", "inf", "-inf", "1e999", "x", str(low - 1), str(high + 1)]
    if kind is int:
        values += ["1e23", "2.5"]
    runner = CliRunner()
    for value in values:
        result = runner.invoke(app, [*path, option, value])
        assert result.exit_code == 2, (path, option, value, result.output[-300:])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            path,
            option,
            value,
            repr(result.exception),
        )
