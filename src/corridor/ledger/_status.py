"""What the ledger holds: loads, row counts, coverage by source, reporter, partner, period."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import duckdb


@dataclass(frozen=True)
class LoadInfo:
    """One row of ``loads``."""

    load_id: int
    source: str
    format: str
    file_name: str
    sha256: str
    rows: int
    rejected: int
    started_at: datetime
    finished_at: datetime
    status: str


@dataclass(frozen=True)
class PeriodGap:
    """A period of a series shown to be partial: the chapters it lacks, their share of the
    reference they were measured against, and the reason in one sentence."""

    period_start: date
    period_end: date
    missing_chapters: tuple[str, ...]
    missing_share_pct: float
    note: str | None


@dataclass(frozen=True)
class SeriesCoverage:
    """The periods one source holds for one reporter, partner and flow."""

    source: str
    reporter: str
    partner: str
    reporter_region: str | None
    flow: str
    hs_rev: str
    first: date
    last: date
    periods: int
    chapters_max: int
    status: str  # complete | published | unverified | partial (the least certain period)
    gaps: tuple[PeriodGap, ...]


@dataclass(frozen=True)
class LedgerStatus:
    """A summary of the ledger."""

    path: str
    schema_version: int
    flows: int
    rejects: int
    loads: tuple[LoadInfo, ...]
    reporters: tuple[str, ...]
    first_period: date | None
    last_period: date | None
    coverage: tuple[SeriesCoverage, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings)."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def read_status(con: duckdb.DuckDBPyConnection, path: str, version: int) -> LedgerStatus:
    loads = tuple(
        LoadInfo(*row)
        for row in con.execute(
            """SELECT load_id, source, format, file_name, sha256, rows, rejected, started_at,
                      finished_at, status FROM loads ORDER BY load_id"""
        ).fetchall()
    )
    (flows, first, last) = con.execute(
        "SELECT count(*), min(period_start), max(period_end) FROM flows"
    ).fetchone() or (0, None, None)
    (rejects,) = con.execute("SELECT count(*) FROM rejects").fetchone() or (0,)
    reporters = tuple(
        r for (r,) in con.execute("SELECT DISTINCT reporter FROM flows ORDER BY 1").fetchall()
    )
    return LedgerStatus(
        path=path,
        schema_version=version,
        flows=int(flows),
        rejects=int(rejects),
        loads=loads,
        reporters=reporters,
        first_period=first,
        last_period=last,
        coverage=read_coverage(con),
    )


def read_coverage(con: duckdb.DuckDBPyConnection) -> tuple[SeriesCoverage, ...]:
    """Coverage by series, with the periods that are incomplete."""
    gaps: dict[tuple[Any, ...], list[PeriodGap]] = {}
    for row in con.execute(
        """SELECT source, reporter, partner, reporter_region, flow, hs_rev,
                  period_start, period_end, missing_chapters, missing_share_pct, reason
           FROM coverage WHERE status = 'partial'
           ORDER BY source, reporter, partner, flow, period_start"""
    ).fetchall():
        key = tuple(row[:6])
        gaps.setdefault(key, []).append(
            PeriodGap(row[6], row[7], tuple(row[8]), round(float(row[9]), 2), row[10])
        )
    series = []
    for row in con.execute(
        """SELECT source, reporter, partner, reporter_region, flow, hs_rev,
                  min(period_start), max(period_end), count(DISTINCT (period_start, period_end)),
                  max(n_chapters),
                  CASE WHEN bool_or(status = 'partial') THEN 'partial'
                       WHEN bool_or(status = 'unverified') THEN 'unverified'
                       WHEN bool_and(status = 'published') THEN 'published'
                       ELSE 'complete' END
           FROM coverage WHERE status <> 'superseded' GROUP BY ALL ORDER BY ALL"""
    ).fetchall():
        key = tuple(row[:6])
        series.append(
            SeriesCoverage(
                source=row[0],
                reporter=row[1],
                partner=row[2],
                reporter_region=row[3],
                flow=row[4],
                hs_rev=row[5],
                first=row[6],
                last=row[7],
                periods=int(row[8]),
                chapters_max=int(row[9]),
                status=row[10],
                gaps=tuple(gaps.get(key, ())),
            )
        )
    return tuple(series)
