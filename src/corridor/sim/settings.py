"""How long and how often a scenario is simulated: one record shared by every face.

``simulate``, ``compare``, ``sweep``, ``calibrate``, ``validate``, the report and the API all take a
:class:`RunSettings`; a stored run is found again by its scenario hash and these settings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from corridor.errors import ScenarioError

#: changes whenever the engine's rules or statistics change, so that a stored run computed by an
#: older engine is never read back as this one's
ENGINE = "2.1"


@dataclass(frozen=True)
class RunSettings:
    """``days`` measured after ``warmup_days`` that are simulated and discarded (the queues
    start empty), ``replications`` independent runs, and the ``seed`` of their streams."""

    days: int = 365
    replications: int = 5
    seed: int = 1
    warmup_days: int = 30

    def __post_init__(self) -> None:
        if self.days < 1 or self.replications < 1:
            raise ScenarioError("days and replications must be at least 1")
        if self.warmup_days < 0:
            raise ScenarioError("warm-up days cannot be negative")

    @property
    def key(self) -> str:
        """The settings as text, stored with a run."""
        return (
            f"days={self.days} replications={self.replications} seed={self.seed} "
            f"warmup_days={self.warmup_days} engine={ENGINE}"
        )

    @property
    def words(self) -> str:
        """The settings as a reader is told them: ``365 days after 30 warm-up × 5
        replications, seed 1``."""
        return (
            f"{self.days} days after {self.warmup_days} warm-up × {self.replications} "
            f"replications, seed {self.seed}"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
