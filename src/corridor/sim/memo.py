"""Stations already simulated in this session, found again by what they are made of.

A station's result (:class:`~corridor.sim.run.StationResult`) is a pure function of its plans
(posts, demand, hourly arrivals and kinds, for every replication), the days planned before the
measured ones and the run's settings (the engine's version among them): the same inputs give
the same numbers. So a station that a lever leaves as it was (the road crossings under a rail
lever, the rail ones under a road lever, a round of the delay–trade loop whose demand did not
reach it) is simulated once and found again by :func:`station_key`, the SHA-256 of those inputs.
Nothing here is kept beyond the session: a hit needs the very same bytes, so it is never wrong,
only sometimes missed.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from corridor.sim.settings import RunSettings

if TYPE_CHECKING:
    from corridor.sim.run import StationResult
    from corridor.sim.schedule import StationPlan

#: stations kept at most (a station's result is tens of kilobytes)
SIZE = 256


def station_key(plans: Sequence[StationPlan], pre: int, settings: RunSettings) -> str:
    """The digest of everything a station's result depends on (module docstring)."""
    h = hashlib.sha256(f"{settings.key}|pre={pre}|".encode())
    h.update(pickle.dumps(tuple(plans), protocol=pickle.HIGHEST_PROTOCOL))
    return h.hexdigest()


class StationMemo:
    """The stations of this session's runs by :func:`station_key`, the least recently used
    dropped beyond ``size``; safe to share between threads (levers' loops side by side)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, StationResult] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> StationResult | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            self._items.move_to_end(key)
            return found

    def put(self, key: str, result: StationResult) -> None:
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
