"""Corridor: monitor, analyse and simulate a land trade corridor.

The default data describe the Kazakhstan–China corridor; nothing in the code assumes it.
"""

from corridor.errors import CorridorError, DataGapError, InputError, ScenarioError

__version__ = "0.1.0"

__all__ = [
    "CorridorError",
    "DataGapError",
    "InputError",
    "ScenarioError",
    "__version__",
]
