"""Where things live: the user's ledger file and the embedded default data."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

from corridor.errors import DataGapError

DB_ENV = "CORRIDOR_DB"
DB_FILE = "ledger.duckdb"


def default_db_path() -> Path:
    """The ledger file: ``$CORRIDOR_DB`` if set, else ``ledger.duckdb`` in the user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("corridor", appauthor=False)) / DB_FILE


def data_dir() -> Path:
    """The embedded data folder (``data/`` of a checkout, ``corridor/_data`` of a wheel)."""
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / "SOURCES.md").is_file():
        return checkout
    packaged = Path(str(resources.files("corridor"))) / "_data"
    if (packaged / "SOURCES.md").is_file():
        return packaged
    raise DataGapError(
        "the embedded data folder is missing: neither data/ beside the package source "
        "nor corridor/_data in the installed package holds SOURCES.md; reinstall corridor"
    )
