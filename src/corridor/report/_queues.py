"""Queues over the simulated year at the busiest crossings: the report's and the dashboard's."""

from __future__ import annotations

import datetime as dt

from corridor.report._svg import line_chart
from corridor.sim.run import SimReport


def queue_chart(report: SimReport, names: dict[str, str], *, top: int = 5) -> str:
    """Vehicles waiting at each day's end (mean of the replications) at the ``top`` crossing
    directions with the longest queues, named ("Dostyk – Alashankou (rail), China →
    Kazakhstan")."""
    busiest = sorted(
        (s for s in report.stations if s.queue_by_day),
        key=lambda s: -max(s.queue_by_day),
    )[:top]
    series = {
        f"{names.get(s.crossing, s.crossing)}, {names.get(s.exit_country, s.exit_country)} → "
        f"{names.get(s.entry_country, s.entry_country)}": tuple(s.queue_by_day)
        for s in busiest
    }
    start = dt.date.fromisoformat(report.start)
    days = max((len(v) for v in series.values()), default=0)
    dates = (start + dt.timedelta(days=k) for k in range(days))
    ticks = tuple(f"{d.day} {d:%b}" for d in dates)
    return line_chart(
        series,
        unit="vehicles waiting",
        x_label=f"day (from {start.day} {start:%B %Y}, after the warm-up)",
        x_ticks=ticks,
        label="Queues over the simulated window: vehicles (trucks, trains) waiting at each "
        "day's end",
        source=f"corridor simulation, {report.settings.words}; the mean of the replications",
    )
