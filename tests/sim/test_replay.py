"""A run read day by day: the peak queue, its replications' range, and when it clears."""

from __future__ import annotations

from corridor.sim.replay import peaks
from corridor.sim.run import SimReport, StationResult
from corridor.sim.settings import RunSettings


def _station(queue: tuple[float, ...], runs: tuple[dict[str, float], ...]) -> StationResult:
    return StationResult(
        "x-y", "a_to_b", "road", "KAZ", "CHN", 100.0, 90.0, "daily acceptance limit", "CHN", {},
        queue, runs=runs,
    )  # fmt: skip


def _report(*stations: StationResult) -> SimReport:
    return SimReport("s", "h", RunSettings(days=6), 2025, "2025-11-01", "2025-11-01", stations)


def test_the_peak_day_its_clearing_and_the_replications_own_peaks() -> None:
    """Replications peak on different days: the peak is the mean of their own peaks (40 and
    80), the figure validate scores, above the mean series' peak (55), which dates it."""
    runs = ({"queue_peak": 40.0}, {"queue_peak": 80.0})
    (p,) = peaks(_report(_station((0.0, 20.0, 55.0, 30.0, 4.0, 0.0), runs)))
    assert (p.queue, p.day) == (60.0, "2025-11-03")
    assert p.queue_range == (40.0, 80.0)
    assert (p.clears_on, p.days_to_clear) == ("2025-11-05", 2)  # 4 ≤ a tenth of 55
    assert p.to_dict()["queue_range"] == (40.0, 80.0)


def test_a_queue_that_does_not_clear_and_a_stored_run_without_own_peaks() -> None:
    (p,) = peaks(_report(_station((0.0, 10.0, 20.0, 30.0, 40.0, 50.0), ({}, {}))))
    assert p.queue == 50.0  # the mean series' peak
    assert p.clears_on is None and p.days_to_clear is None
    assert p.queue_range is None  # not known: never a made-up range


def test_directions_without_a_whole_vehicle_queued_are_left_out() -> None:
    assert peaks(_report(_station((0.0, 0.4, 0.9, 0.0, 0.0, 0.0), ()))) == []
