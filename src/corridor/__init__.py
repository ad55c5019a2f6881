"""Corridor: monitor, analyse and simulate a land trade corridor.

The default data describe the Kazakhstan–China corridor; nothing in the code assumes it.
``corridor.open()`` gives a :class:`~corridor.session.Session` for notebooks (docs/python.md);
importing ``corridor`` loads nothing heavy until it is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from corridor.errors import CorridorError, DataGapError, InputError, ScenarioError

if TYPE_CHECKING:
    from corridor.session import Session

__version__ = "0.1.0"

__all__ = [
    "CorridorError",
    "DataGapError",
    "InputError",
    "ScenarioError",
    "__version__",
    "open",
]


def open(db: str | Path | None = None, *, read_only: bool = True, workers: int = 1) -> Session:
    """A session on the ledger at ``db`` (default: the user's ledger, created with the default
    dataset on first use), read-only unless ``read_only`` is False; ``workers``: local
    processes for simulations."""
    from corridor.session import Session

    return Session.open(db, read_only=read_only, workers=workers)
