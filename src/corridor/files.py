"""Writing a result file whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from corridor.errors import InputError


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then put it in place. A failure leaves
    neither a partial ``path`` nor the temporary file, and is an :class:`InputError` naming the
    path and the system's reason."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        write(tmp)
        tmp.replace(path)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomically(path: Path, text: str) -> Path:
    """:func:`write_atomically` for a UTF-8 text."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
