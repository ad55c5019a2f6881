"""Typed records back from plain data: a frozen dataclass written with ``dataclasses.asdict`` (and
JSON) is read back into the same classes, field by field, by the field's annotation.

Used by the run store, whose files hold results as JSON: a file that does not fit its class (an
older layout, a damaged copy) raises :class:`RecordError`, and the result is computed again.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


class RecordError(ValueError):
    """Plain data that does not fit the record's class."""


def from_plain(cls: type[T], data: Any) -> T:
    """``data`` (dicts, lists and scalars, as JSON gives them) as an instance of ``cls``."""
    out: T = _value(cls, data)
    return out


def _value(tp: Any, value: Any) -> Any:
    if tp is Any:
        return value
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise RecordError(f"{tp.__name__}: expected an object, got {type(value).__name__}")
        hints = get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        if set(value) - known:
            raise RecordError(f"{tp.__name__}: unknown fields {sorted(set(value) - known)}")
        try:
            return tp(**{name: _value(hints[name], v) for name, v in value.items()})
        except TypeError as exc:  # a required field missing
            raise RecordError(f"{tp.__name__}: {exc}") from None
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        if value is None:
            if type(None) in args:
                return None
            raise RecordError(f"{tp}: None where a value is needed")
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _value(arg, value)
            except (RecordError, TypeError):
                continue
        raise RecordError(f"{tp}: {value!r} fits none of its types")
    if origin is typing.Literal:
        if value not in get_args(tp):
            raise RecordError(f"{tp}: {value!r} is not one of its values")
        return value
    if origin is tuple:
        args = get_args(tp)
        if not isinstance(value, list | tuple):
            raise RecordError(f"{tp}: expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v) for v in value)
        if len(args) != len(value):
            raise RecordError(f"{tp}: expected {len(args)} items")
        return tuple(_value(a, v) for a, v in zip(args, value, strict=True))
    if origin is list:
        (arg,) = get_args(tp)
        if not isinstance(value, list):
            raise RecordError(f"{tp}: expected a list")
        return [_value(arg, v) for v in value]
    if origin is dict:
        key, item = get_args(tp)
        if not isinstance(value, dict):
            raise RecordError(f"{tp}: expected an object")
        return {_value(key, k): _value(item, v) for k, v in value.items()}
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RecordError(f"expected a number, got {value!r}")
        return float(value)
    if tp in (int, str, bool):
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            raise RecordError(f"expected {tp.__name__}, got {value!r}")
        return value
    raise RecordError(f"cannot read a {tp!r} back")
