"""A gravity panel: reading it, naming its regressors and fixed effects, checking every row."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.errors import InputError, Problem
from corridor.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

KEYS = ("exporter", "importer", "year", "trade")
INTL_BRDR = "INTL_BRDR"
FIXED_EFFECTS = ("exporter-year", "importer-year", "exporter", "importer", "pair", "year")
_LOG = re.compile(r"^ln\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def example_panel() -> Path:
    """The shipped panel of the WTO/UNCTAD guide (Yotov et al. 2016), ``data/gravity/``."""
    return Workspace.default().gravity_panel


@dataclass(frozen=True)
class Regressor:
    """One right-hand-side term: ``ln(DIST)`` (the log of a column) or ``CNTG`` (a column)."""

    name: str
    column: str
    log: bool

    @property
    def variable(self) -> str:
        """The name used inside the estimation (a valid identifier)."""
        return f"ln_{self.column}" if self.log else self.column


def parse_regressors(spec: str | Sequence[str]) -> list[Regressor]:
    """``"ln(DIST),CNTG"`` → regressors; an unreadable term is an :class:`InputError`."""
    terms = [t.strip() for t in (spec.split(",") if isinstance(spec, str) else spec)]
    out: list[Regressor] = []
    for term in terms:
        if not term:
            continue
        m = _LOG.match(term)
        if m:
            out.append(Regressor(f"ln({m.group(1)})", m.group(1), True))
        elif _NAME.match(term):
            out.append(Regressor(term, term, False))
        else:
            raise InputError(
                f"regressor {term!r} is neither a column name nor ln(COLUMN)",
            )
    if not out:
        raise InputError("no regressors given (for example ln(DIST),CNTG,LANG,CLNY)")
    names = [r.name for r in out]
    if len(set(names)) != len(names):
        raise InputError(f"a regressor is named twice: {', '.join(names)}")
    return out


def parse_fixed_effects(spec: str | Sequence[str]) -> tuple[str, ...]:
    """``"exporter-year,importer-year"`` → the fixed effects, each one of :data:`FIXED_EFFECTS`."""
    terms = tuple(t.strip() for t in (spec.split(",") if isinstance(spec, str) else spec))
    terms = tuple(t for t in terms if t)
    unknown = [t for t in terms if t not in FIXED_EFFECTS]
    if unknown:
        raise InputError(
            f"unknown fixed effect {unknown[0]!r}; use any of {', '.join(FIXED_EFFECTS)}"
        )
    if not terms:
        raise InputError("no fixed effects given (for example exporter-year,importer-year)")
    return terms


def parse_years(spec: str | Sequence[int] | None) -> tuple[int, ...] | None:
    """``"1986,1990"`` or ``"1986-2006/4"`` (every fourth year) → years; None keeps every year."""
    if spec is None:
        return None
    if not isinstance(spec, str):
        return tuple(int(y) for y in spec)
    years: list[int] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})-(\d{4})(?:/(\d+))?", part)
        if m:
            start, end, step = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
            if end < start or step < 1:
                raise InputError(f"year range {part!r} runs backwards or has a zero step")
            years.extend(range(start, end + 1, step))
        elif re.fullmatch(r"\d{4}", part):
            years.append(int(part))
        else:
            raise InputError(f"year {part!r} is not a year (1986) or a range (1986-2006/4)")
    if not years:
        raise InputError("no years given")
    return tuple(sorted(set(years)))


def read_panel(path: Path) -> pd.DataFrame:
    """A panel from Parquet, CSV or Stata ``.dta``; exporter and importer as text."""
    import pandas as pd

    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif suffix == ".csv":
            frame = pd.read_csv(path, dtype={"exporter": str, "importer": str})
        elif suffix == ".dta":
            frame = pd.read_stata(path)
        else:
            raise InputError(
                "not a panel file: use Parquet (.parquet), CSV (.csv) or Stata (.dta)",
                file=str(path),
            )
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except Exception as exc:  # each reader raises its own types for a damaged file
        raise InputError(f"cannot read the panel: {exc}", file=str(path)) from exc
    frame.columns = [str(c) for c in frame.columns]
    return frame


@dataclass(frozen=True)
class Design:
    """The rows an estimation uses, with the variables built and the rows it left out counted."""

    frame: pd.DataFrame
    regressors: tuple[Regressor, ...]
    fixed_effects: tuple[str, ...]
    years: tuple[int, ...]
    international_only: bool
    excluded_domestic: int


def build_design(
    panel: pd.DataFrame,
    regressors: Sequence[Regressor],
    fixed_effects: Sequence[str],
    *,
    years: Sequence[int] | None = None,
    international_only: bool = False,
    source: str | None = None,
) -> Design:
    """Check the panel and build the estimation's variables.

    Every row is checked, never coerced: a missing or negative trade value, a missing regressor,
    the log of a value that is not positive, a repeated exporter–importer–year are errors naming
    the row (line numbers count the header as line 1, as in a CSV file).
    """
    import numpy as np
    import pandas as pd

    needed = set(KEYS) | {r.column for r in regressors if r.column != INTL_BRDR}
    missing = sorted(needed - set(panel.columns))
    if missing:
        raise InputError(
            f"the panel lacks column(s) {', '.join(missing)} "
            f"(it has {', '.join(map(str, panel.columns))})",
            file=source,
        )
    frame = panel.copy()
    frame["_line"] = np.arange(2, len(frame) + 2)
    problems: list[Problem] = []
    for key in ("exporter", "importer"):
        bad = frame[key].isna()
        problems += [Problem(int(n), key, None, "missing") for n in frame.loc[bad, "_line"][:20]]
        frame[key] = frame[key].astype(str).str.strip()
    year = pd.to_numeric(frame["year"], errors="coerce")
    bad_year = year.isna() | (year != year.round())
    problems += _problems(frame, bad_year, "year", "not a whole year")
    trade = pd.to_numeric(frame["trade"], errors="coerce")
    bad_trade = trade.isna() | (trade < 0) | ~np.isfinite(trade.fillna(0))
    problems += _problems(frame, bad_trade, "trade", "missing, negative or not a number")
    if problems:
        raise InputError("the panel has rows that cannot be used", file=source, problems=problems)
    frame["year"] = year.astype(int)
    frame["trade"] = trade.astype(float)
    chosen = tuple(sorted(set(frame["year"]))) if years is None else tuple(years)
    absent = sorted(set(chosen) - set(frame["year"]))
    if absent:
        raise InputError(
            f"the panel has no rows for year(s) {', '.join(map(str, absent))} "
            f"(it covers {frame['year'].min()}–{frame['year'].max()})",
            file=source,
        )
    frame = frame[frame["year"].isin(chosen)]
    domestic = frame["exporter"] == frame["importer"]
    excluded = int(domestic.sum()) if international_only else 0
    if international_only:
        frame = frame[~domestic]
    dup = frame.duplicated(["exporter", "importer", "year"], keep=False)
    if dup.any():
        rows = frame[dup].head(20)
        raise InputError(
            "the panel repeats an exporter–importer–year",
            file=source,
            problems=[
                Problem(
                    int(line),
                    "exporter,importer,year",
                    f"{e},{i},{y}",
                    "repeated",
                )
                for line, e, i, y in rows[["_line", "exporter", "importer", "year"]].to_numpy()
            ],
        )
    for reg in regressors:
        if reg.column == INTL_BRDR and INTL_BRDR not in panel.columns:
            values = (frame["exporter"] != frame["importer"]).astype(float)
        else:
            values = pd.to_numeric(frame[reg.column], errors="coerce").astype(float)
        bad = values.isna() | ~np.isfinite(values.fillna(0))
        reason = "missing or not a number"
        if reg.log:
            bad |= values <= 0
            reason = "missing, not a number, or not positive (its log is taken)"
        if bad.any():
            raise InputError(
                f"regressor {reg.name} cannot be built",
                file=source,
                problems=_problems(frame, bad, reg.column, reason)
                if reg.column in frame.columns
                else [],
            )
        frame[reg.variable] = np.log(values) if reg.log else values
    year_text = frame["year"].astype(str)
    lo = frame[["exporter", "importer"]].min(axis=1)
    hi = frame[["exporter", "importer"]].max(axis=1)
    frame["pair"] = lo + "~" + hi
    frame["exporter_year"] = frame["exporter"] + "~" + year_text
    frame["importer_year"] = frame["importer"] + "~" + year_text
    return Design(
        frame=frame.reset_index(drop=True),
        regressors=tuple(regressors),
        fixed_effects=tuple(fixed_effects),
        years=chosen,
        international_only=international_only,
        excluded_domestic=excluded,
    )


def _problems(frame: pd.DataFrame, bad: pd.Series, column: str, reason: str) -> list[Problem]:
    """The first 20 bad rows of one column, each named by its line."""
    rows = frame.loc[bad, ["_line", column]].head(20)
    return [Problem(int(n), column, str(v), reason) for n, v in rows.itertuples(index=False)]


def fe_variable(name: str) -> str:
    """The design's column for a fixed effect named on the command line."""
    return name.replace("-", "_")


def finite(value: float) -> float | None:
    """A float for JSON: NaN and infinities become None (unknown)."""
    return value if math.isfinite(value) else None
