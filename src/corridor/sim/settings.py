"""How long and how often a scenario is simulated: one record shared by every face.

``simulate``, ``compare``, ``sweep``, ``calibrate``, ``validate``, the report and the API all take a
:class:`RunSettings`; a stored run is found again by its scenario hash and these settings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from corridor.errors import ScenarioError

#: the longest run, the most replications and the longest warm-up a run accepts
MAX_DAYS = 3660
MAX_REPLICATIONS = 1000
MAX_WARMUP = 3660

#: changes whenever the engine's rules or statistics change, so that a stored run computed by an
#: older engine is never read back as this one's
ENGINE = "3.3"  # 3.3: each station's share of replications overloaded


@dataclass(frozen=True)
class RunSettings:
    """``days`` measured after a warm-up that is simulated and discarded (the queues start
    empty), ``replications`` independent runs, and the ``seed`` of their streams.
    ``warmup_days`` None: each crossing direction's warm-up is chosen by MSER-5
    (:mod:`corridor.sim.warmup`); a number fixes it. ``levels``: each replication also draws
    the traffic levels the counts did not give for the year simulated (a crossing's counts
    carried from another year, or its mode's) from how far such levels have missed
    (:func:`corridor.planning.counts.level_log_sd`)."""

    days: int = 365
    replications: int = 5
    seed: int = 1
    warmup_days: int | None = None
    levels: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.days <= MAX_DAYS:
            raise ScenarioError(f"days must be from 1 to {MAX_DAYS:,}")
        if not 1 <= self.replications <= MAX_REPLICATIONS:
            raise ScenarioError(f"replications must be from 1 to {MAX_REPLICATIONS:,}")
        if self.warmup_days is not None and not 0 <= self.warmup_days <= MAX_WARMUP:
            raise ScenarioError(f"warm-up days must be from 0 to {MAX_WARMUP}")
        if not 0 <= self.seed < 2**63:
            raise ScenarioError("the seed is a whole number from 0 to 2^63 - 1")

    @property
    def key(self) -> str:
        """The settings as text, stored with a run."""
        warm = "mser5" if self.warmup_days is None else self.warmup_days
        return (
            f"days={self.days} replications={self.replications} seed={self.seed} "
            f"warmup_days={warm} engine={ENGINE}" + (" levels=drawn" if self.levels else "")
        )

    @property
    def words(self) -> str:
        """The settings as a reader is told them: ``365 days after 30 warm-up × 5
        replications, seed 1``."""
        warm = (
            "a warm-up chosen by MSER-5"
            if self.warmup_days is None
            else f"{self.warmup_days} warm-up"
        )
        levels = ", traffic levels drawn from their uncertainty" if self.levels else ""
        return (
            f"{self.days} days after {warm} × {self.replications} replications, "
            f"seed {self.seed}{levels}"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
