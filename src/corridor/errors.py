"""The project's error types.

Every error a user can cause is a :class:`CorridorError`; the CLI prints its message and exits 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class CorridorError(Exception):
    """Base of every error this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of an input file.

    ``line`` counts records as a text editor counts lines in a file without quoted line breaks:
    the header is line 1, the first data row line 2. For Stata files it is the observation number.
    """

    line: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        place = ", ".join(where)
        shown = "" if self.value is None else f" (value {_clip(self.value)!r})"
        return f"{place}: {self.reason}{shown}" if place else f"{self.reason}{shown}"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(CorridorError):
    """A file or argument the user gave is wrong; says where and why.

    Parameters
    ----------
    message:
        What is wrong, in one sentence.
    file:
        The file concerned, if any.
    problems:
        The first problems found (at most ``MAX_SHOWN`` are kept).
    more:
        How many further problems were found and not listed.
    """

    MAX_SHOWN = 20

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        problems: Sequence[Problem] = (),
        more: int = 0,
    ) -> None:
        self.file = file
        self.problems = tuple(problems[: self.MAX_SHOWN])
        self.more = more + max(0, len(problems) - self.MAX_SHOWN)
        self.summary = message
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.file}: {self.summary}" if self.file else self.summary
        lines = [head, *(f"  {p}" for p in self.problems)]
        if self.more:
            lines.append(f"  … and {self.more} more problem(s)")
        return "\n".join(lines)


class DataGapError(CorridorError):
    """The ledger lacks the data a question needs; the message says what is missing."""


class ScenarioError(CorridorError):
    """A scenario or network file is invalid or inconsistent."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (database errors carry long hints below it)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
