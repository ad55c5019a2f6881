"""Records as pandas data frames, for notebooks: every result type's ``to_frame()``.

pandas is imported when a frame is made, so that ``import corridor`` stays light.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def records_frame(rows: Iterable[Any], *, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per record (a dataclass or a mapping), its fields as columns; fields that hold
    lists or mappings are left out where named in ``drop``."""
    import pandas as pd

    out = []
    for row in rows:
        data: Mapping[str, Any] = (
            dataclasses.asdict(row)
            if dataclasses.is_dataclass(row) and not isinstance(row, type)
            else dict(row)
        )
        out.append({k: _plain(v) for k, v in data.items() if k not in drop})
    return pd.DataFrame(out)
