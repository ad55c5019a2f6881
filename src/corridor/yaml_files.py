"""Reading the project's human-edited YAML files into validated pydantic models."""

from __future__ import annotations

import copy
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from corridor.errors import InputError, Problem, ScenarioError

M = TypeVar("M", bound=BaseModel)

#: Problems listed in a ScenarioError message (the rest are counted).
MAX_LISTED = 20


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10× faster


#: The deepest nesting of lists and mappings a file may have (the project's files need 8).
MAX_DEPTH = 64


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, read from the parser's events (iterative,
    linear in the text) before anything recursive builds the data."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
                raise yaml.YAMLError(f"lists and mappings nested more than {MAX_DEPTH} deep{where}")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


@lru_cache(maxsize=64)
def _parsed(text: str) -> Any:
    _check_depth(text)
    return yaml.load(text, Loader=_LOADER)


def load_yaml(text: str) -> Any:
    """Parse YAML text safely (plain data only), with libyaml when it is installed. The same
    text is parsed once (a network file is read for every scenario resolved); each caller gets
    its own copy to change."""
    return copy.deepcopy(_parsed(text))


def field_path(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """A field's path as people count: list items from 1 (``crossings.1.capacity`` is the
    first crossing's capacity)."""
    return ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc) or "(top)"


def read_model(
    path: Path, model: type[M], *, what: str, error: type[InputError] | type[ScenarioError]
) -> M:
    """Read ``path`` as YAML and validate it as ``model``.

    Every failure is ``error``, naming the file and, for invalid content, each problem by its
    path in the file, items counted from 1 (``crossings.1.capacity``): an :class:`InputError`
    carries them as problems, a :class:`ScenarioError` lists them in its message.
    """

    def fail(message: str, problems: list[Problem] | None = None) -> InputError | ScenarioError:
        problems = problems or []
        if error is InputError:
            return InputError(message, file=str(path), problems=problems)
        listed = "".join(f"\n  {p.column}: {p.reason}" for p in problems[:MAX_LISTED])
        more = len(problems) - MAX_LISTED
        return ScenarioError(
            f"{path}: {message}{listed}" + (f"\n  … and {more} more" if more > 0 else "")
        )

    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise fail(f"cannot read the {what}: {exc}") from exc
    if not isinstance(raw, dict):
        raise fail(f"the {what} must be a YAML mapping of keys to values")
    problems: list[Problem] = []
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(None, field_path(e["loc"]), None, e["msg"])
            for e in exc.errors(include_context=False, include_input=False)
        ]
        # the validator's traceback would keep the caller's frames (and a database connection
        # among their locals) alive; drop it before reporting
        traceback.clear_frames(exc.__traceback__)
    raise fail(f"invalid {what}", problems)
