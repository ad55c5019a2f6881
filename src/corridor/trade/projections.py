"""GDP and dated macro projections: GDP in current US$ (the economies' sizes, and gravity's mass
of a pair) and real GDP growth, used to project supply, demand and trade."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from corridor.errors import DataGapError, InputError, Problem, option
from corridor.trade.forecast import MassPath
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
    table: Mapping[tuple[str, int], tuple[float, str, str]],
    country: str,
    base_year: int,
    horizon: int,
    path: Path | None = None,
) -> GrowthPath:
    """Real GDP growth factor from ``base_year`` to ``horizon`` (1.0 when they are equal);
    ``path``: the table's file, for the message when a year is missing."""
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
            f"{path or 'the projections table'} has no {INDICATOR} for {country} in "
            f"{', '.join(map(str, missing))}; "
            f"add the rows (or choose another {option('horizon')})"
        )
    return GrowthPath(
        country, base_year, horizon, factor, tuple(sorted(kinds)), tuple(sorted(sources))
    )


#: the world's code in the GDP file and in the ledger
WORLD = "WLD"
#: the years before the last held one whose average change of a pair's mass is its trend
GDP_TREND_YEARS = 10


def default_gdp() -> Path:
    """The shipped table of GDP in current US$, ``data/trade/gdp_usd.csv``."""
    return Workspace.default().trade_file("gdp_usd.csv")


def read_gdp(path: Path | None = None) -> dict[tuple[str, int], float]:
    """GDP in US$ by (country, year) from a file of country, year, gdp_usd, kind, source."""
    where = path or default_gdp()
    try:
        with where.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read the GDP file: {exc}", file=str(where)) from exc
    out = {}
    for n, r in enumerate(rows, start=2):
        try:
            value = float(r["gdp_usd"])
            out[(r["country"].strip(), int(r["year"]))] = value
        except (KeyError, ValueError, AttributeError, TypeError):
            raise InputError(
                f"line {n}: country, year and gdp_usd needed", file=str(where)
            ) from None
        if not value > 0:
            raise InputError(f"line {n}: gdp_usd must be positive", file=str(where))
    return out


def pair_mass(
    gdp: Mapping[tuple[str, int], float], reporter: str, partner: str
) -> dict[int, float]:
    """The pair's economic mass by year, ln(Y_reporter · Y_partner / Y_world): what structural
    gravity makes bilateral trade proportional to, trade costs and multilateral resistance aside
    (Anderson & van Wincoop 2003; Yotov et al. 2016, eq. 1-7). With the world as the partner it
    is the reporter's GDP. Only the years all three GDPs are held."""
    years = {y for c, y in gdp if c == WORLD}
    out = {}
    for y in sorted(years):
        r, p, w = gdp.get((reporter, y)), gdp.get((partner, y)), gdp[(WORLD, y)]
        if r is not None and p is not None:
            out[y] = math.log(r) + math.log(p) - math.log(w)
    return out


def _trend(mass: Mapping[int, float], last: int) -> tuple[float, float, int] | None:
    """The average yearly change of ``mass`` over the :data:`GDP_TREND_YEARS` years to
    ``last`` (fewer if fewer are held, at least two), the variance of its steps about it, and
    the years it rests on."""
    back = next((n for n in range(GDP_TREND_YEARS, 1, -1) if last - n in mass), None)
    if back is None or any(y not in mass for y in range(last - back, last + 1)):
        return None
    mu = (mass[last] - mass[last - back]) / back
    dev = [mass[y] - mass[y - 1] - mu for y in range(last - back + 1, last + 1)]
    return mu, sum(d * d for d in dev) / (back - 1), back


def trend_path(mass: Mapping[int, float], years: Sequence[int], h: int) -> MassPath | None:
    """The pair's mass at ``years``, carried ``h`` years past the last of them by its own trend
    (:func:`_trend`), with that trend's error variance; nothing after the last year is read
    (the backtest's GDP path). None when a year is missing."""
    last = years[-1]
    trend = _trend(mass, last)
    if trend is None or any(y not in mass for y in years):
        return None
    mu, tau2, n = trend
    held = {y: mass[y] for y in mass if y <= last}
    return MassPath(held | {last + j: mass[last] + mu * j for j in range(1, h + 1)}, last, tau2, n)


def projected_path(
    mass: Mapping[int, float],
    reporter: str,
    partner: str,
    table: Mapping[tuple[str, int], tuple[float, str, str]],
    to_year: int,
) -> MassPath | None:
    """The pair's mass as held, then carried to ``to_year`` by the real GDP growth of ``table``
    (:func:`read_projections`; prices in US$ held at the last held year's), with the error
    variance of the mass's own trend (:func:`_trend`; the table's own uncertainty is not
    published). None when the table lacks a year of the reporter, the partner or the world."""
    if not mass:
        return None
    last = max(mass)
    trend = _trend(mass, last)
    if trend is None:
        return None
    out = dict(mass)
    try:
        for y in range(last + 1, to_year + 1):
            r, p, w = (growth_path(table, c, last, y).factor for c in (reporter, partner, WORLD))
            out[y] = mass[last] + math.log(r) + math.log(p) - math.log(w)
    except DataGapError:
        return None
    return MassPath(out, last, trend[1], trend[2])
