"""A run read day by day: the queue, throughput and time of each crossing direction on each date
of the window, its peak queue and when that queue clears.

A queue *clears* on the first day after its peak when it is back to at most a tenth of the peak
(:data:`CLEARED`), or to under one vehicle; a queue still above that at the window's end has not
cleared within it.

The peak queue is the mean of the replications' own peaks (each on whatever day it came): the
figure ``corridor validate`` scores a reported queue against. Its day, and the clearing, are read
from the replications' mean queue of each day. Beside it, the smallest and the largest of the
replications' own peaks say how far chance alone, and the fitted figures drawn from their
uncertainty, move it. A stored run without each replication's peak gives the mean series' peak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from corridor.sim.run import SimReport

#: a queue has cleared when it is back to this share of its peak
CLEARED = 0.1


@dataclass(frozen=True)
class Peak:
    """A direction's largest queue in the window, and when it cleared."""

    crossing: str
    direction: str
    queue: float  # vehicles (trains) waiting: the mean of the replications' own peaks
    day: str
    #: the smallest and largest of the replications' own peaks (None: a stored run without them)
    queue_range: tuple[float, float] | None
    clears_on: str | None  # None: not within the window
    days_to_clear: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _dates(report: SimReport, n: int) -> list[str]:
    start = dt.date.fromisoformat(report.start)
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(n)]


def daily_rows(report: SimReport) -> list[dict[str, Any]]:
    """Each date and crossing direction: vehicles waiting at the day's end (both posts, and
    at each), vehicles through the entry post that day, and the mean time in the crossing of
    the vehicles that arrived that day (means of the replications)."""
    out = []
    for s in report.stations:
        dates = _dates(report, len(s.queue_by_day))
        for i, day in enumerate(dates):

            def at(series: tuple[Any, ...], i: int = i) -> Any:
                return series[i] if i < len(series) else None

            out.append(
                {
                    "date": day,
                    "crossing": s.crossing,
                    "direction": s.direction,
                    "queue": at(s.queue_by_day),
                    "exit_queue": at(s.exit_queue_by_day),
                    "entry_queue": at(s.entry_queue_by_day),
                    "throughput": at(s.throughput_by_day),
                    "crossing_time_h": at(s.crossing_time_by_day),
                }
            )
    return out


def peaks(report: SimReport) -> list[Peak]:
    """Each direction's peak queue and its clearing (module docstring); directions that never
    queue a whole vehicle are left out."""
    out = []
    for s in report.stations:
        q = s.queue_by_day
        if not q or max(q) < 1:
            continue
        top = max(range(len(q)), key=lambda i: (q[i], -i))
        dates = _dates(report, len(q))
        limit = max(CLEARED * q[top], 1.0)
        clear = next((i for i in range(top + 1, len(q)) if q[i] <= limit), None)
        own = [r["queue_peak"] for r in s.runs if "queue_peak" in r]
        whole = bool(own) and len(own) == len(s.runs)
        out.append(
            Peak(
                s.crossing,
                s.direction,
                sum(own) / len(own) if whole else q[top],
                dates[top],
                (min(own), max(own)) if whole else None,
                None if clear is None else dates[clear],
                None if clear is None else clear - top,
            )
        )
    return sorted(out, key=lambda p: -p.queue)
