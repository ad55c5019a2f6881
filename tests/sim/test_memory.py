"""Keeping freed memory changes nothing but the time: it is set once, and a replication run
after it gives the numbers it gave before."""

from __future__ import annotations

import platform

import numpy as np

from corridor.sim._memory import keep_freed_memory
from corridor.sim.crossing import StageSpec, StationSpec, simulate_crossing


def _run() -> np.ndarray:
    hours = np.ones(24 * 20, dtype=np.bool_)
    spec = StationSpec(
        "t",
        "a_to_b",
        "road",
        StageSpec.plain("A", 2, 0.5, hours),
        StageSpec.plain("B", 2, 0.5, hours),
    )
    shares = np.zeros((5, hours.shape[0]))
    shares[1] = 1.0
    run = simulate_crossing(spec, np.full(hours.shape[0], 3.0), shares, np.random.default_rng(4))
    return np.concatenate([run.arrivals, run.exit_start, run.entry_end])


def test_kept_memory_is_set_once_and_changes_no_number() -> None:
    before = _run()  # the first replication of this process sets it
    first = keep_freed_memory()
    assert keep_freed_memory() is first  # cached: set once per process
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert first is True
    assert np.array_equal(_run(), before)
