"""Dated macro projections (real GDP growth) used to project supply and demand."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from corridor.errors import DataGapError, InputError, Problem, option
from corridor.workspace import Workspace

INDICATOR = "real_gdp_growth_pct"


@dataclass(frozen=True)
class GrowthPath:
    """Cumulative real GDP growth of one country between two years, with its rows' provenance."""

    country: str
    base_year: int
    horizon: int
    factor: float
    kinds: tuple[str, ...]
    sources: tuple[str, ...]


def default_projections() -> Path:
    """The shipped table, ``data/trade/gdp_projections.csv``."""
    return Workspace.default().trade_file("gdp_projections.csv")


def read_projections(path: Path) -> dict[tuple[str, int], tuple[float, str, str]]:
    """``(country, year) -> (real GDP growth %, kind, source)``; every row checked."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"country", "year", "indicator", "value", "kind", "source"} - set(
                reader.fieldnames or ()
            )
            if missing:
                raise InputError(f"missing columns: {', '.join(sorted(missing))}", file=str(path))
            out: dict[tuple[str, int], tuple[float, str, str]] = {}
            problems = []
            for line, row in enumerate(reader, start=2):
                if row["indicator"] != INDICATOR:
                    continue
                try:
                    year, value = int(row["year"]), float(row["value"])
                except ValueError:
                    problems.append(Problem(line, "year/value", None, "not a number"))
                    continue
                if not -50 < value < 50:
                    problems.append(Problem(line, "value", row["value"], "not a growth rate in %"))
                    continue
                key = (row["country"], year)
                if key in out:
                    problems.append(Problem(line, "country,year", f"{key}", "repeated"))
                out[key] = (value, row["kind"], row["source"])
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the projections table: {exc}", file=str(path)) from exc
    if problems:
        raise InputError("invalid projections table", file=str(path), problems=problems)
    return out


def growth_path(
    table: dict[tuple[str, int], tuple[float, str, str]],
    country: str,
    base_year: int,
    horizon: int,
    path: Path,
) -> GrowthPath:
    """Real GDP growth factor from ``base_year`` to ``horizon`` (1.0 when they are equal)."""
    factor, kinds, sources, missing = 1.0, set(), set(), []
    for year in range(base_year + 1, horizon + 1):
        row = table.get((country, year))
        if row is None:
            missing.append(year)
            continue
        factor *= 1.0 + row[0] / 100.0
        kinds.add(row[1])
        sources.add(row[2])
    if missing:
        raise DataGapError(
            f"{path} has no {INDICATOR} for {country} in {', '.join(map(str, missing))}; "
            f"add the rows (or choose another {option('horizon')})"
        )
    return GrowthPath(
        country, base_year, horizon, factor, tuple(sorted(kinds)), tuple(sorted(sources))
    )
