"""Dated exchange rates (table ``fx_rates``): the shipped ones and those a user adds.

A rate file is CSV with the columns ``currency, period_start, period_end, kind, units_per_usd,
source, source_ref`` (the layout of ``data/reference/fx_rates.csv``); ``kind`` is ``annual
average`` (a calendar year) or ``monthly average`` (a calendar month). Adding is all or nothing:
every row is checked first, a row that repeats one in the ledger exactly is left as it is, and a
row that gives another rate for a currency and period already held is an error (a rate is a
published fact: replace it by correcting the file it came from, not by loading a second one).
Loads convert with the rate held when they run; adding a rate does not change flows already
loaded.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from corridor.csv_text import dict_rows
from corridor.errors import InputError, Problem
from corridor.ledger._stores import transaction

COLUMNS = (
    "currency",
    "period_start",
    "period_end",
    "kind",
    "units_per_usd",
    "source",
    "source_ref",
)
KINDS = ("annual average", "monthly average")


@dataclass(frozen=True)
class Rate:
    """Units of a currency per US dollar over a period, with where the figure comes from."""

    currency: str
    period_start: date
    period_end: date
    kind: str
    units_per_usd: float
    source: str
    source_ref: str


@dataclass(frozen=True)
class RatesAdded:
    """What :meth:`ExchangeRates.add` did."""

    file: str
    added: int
    unchanged: int


def _parse(path: Path) -> list[Rate]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot read the rate file: {exc}", file=str(path)) from exc
    header, reader = dict_rows(text, str(path))
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(map(repr, missing))}; a rate file has "
            f"{', '.join(COLUMNS)}",
            file=str(path),
        )
    rates: list[Rate] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, date, date], int] = {}
    for line, row in enumerate(reader, start=2):
        bad = len(problems)

        def problem(column: str, value: str | None, reason: str) -> None:
            problems.append(Problem(line, column, value, reason))  # noqa: B023

        currency = (row.get("currency") or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency) or currency == "USD":
            problem("currency", row.get("currency"), "an ISO 4217 code other than USD (CNY, KZT)")
        try:
            start = date.fromisoformat((row.get("period_start") or "").strip())
            end = date.fromisoformat((row.get("period_end") or "").strip())
        except ValueError:
            problem("period_start", row.get("period_start"), "dates as YYYY-MM-DD")
            continue
        kind = (row.get("kind") or "").strip()
        if kind not in KINDS:
            problem("kind", kind, "annual average or monthly average")
        elif kind == "annual average" and not (
            (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            and start.year == end.year
        ):
            problem("period_start", f"{start}..{end}", "an annual average covers one calendar year")
        elif kind == "monthly average" and not (
            start.day == 1
            and (start.year, start.month) == (end.year, end.month)
            and end.day == calendar.monthrange(end.year, end.month)[1]
        ):
            problem(
                "period_start", f"{start}..{end}", "a monthly average covers one calendar month"
            )
        raw = (row.get("units_per_usd") or "").strip()
        try:
            units = float(raw)
        except ValueError:
            units = math.nan
        if not (math.isfinite(units) and units > 0):
            problem("units_per_usd", raw, "a positive number (units of the currency per US$)")
        source = (row.get("source") or "").strip()
        if len(source) < 3:
            problem("source", source, "name where the rate is published")
        key = (currency, start, end)
        if key in seen:
            problem(
                "period_start",
                f"{start}..{end}",
                f"the same currency and period as line {seen[key]}",
            )
        seen[key] = line
        if len(problems) == bad:
            rates.append(
                Rate(
                    currency, start, end, kind, units, source, (row.get("source_ref") or "").strip()
                )
            )
    if problems:
        raise InputError(
            "invalid exchange rates; nothing was added", file=str(path), problems=problems
        )
    if not rates:
        raise InputError("the rate file holds no rates", file=str(path))
    return rates


class ExchangeRates:
    """The ledger's ``fx_rates`` (``Ledger.fx``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def rate(self, currency: str, start: date, end: date) -> Rate | None:
        """The rate for exactly this period, if held."""
        row = self._con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM fx_rates WHERE currency = ? AND period_start = ? "
            "AND period_end = ?",
            [currency, start, end],
        ).fetchone()
        return None if row is None else Rate(*row)

    def annual(self, currency: str, year: int) -> Rate | None:
        """The annual average of ``year``, if held."""
        return self.rate(currency, date(year, 1, 1), date(year, 12, 31))

    def held(self, currency: str) -> list[Rate]:
        """Every rate held for a currency, oldest first."""
        rows = self._con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM fx_rates WHERE currency = ? ORDER BY period_start",
            [currency],
        ).fetchall()
        return [Rate(*r) for r in rows]

    def add(self, path: Path) -> RatesAdded:
        """Check every row of a rate file, then add the new ones in one transaction."""
        rates = _parse(path)
        new, same, problems = [], 0, []
        for i, r in enumerate(rates, start=2):
            held = self.rate(r.currency, r.period_start, r.period_end)
            if held is None:
                new.append(r)
            elif math.isclose(held.units_per_usd, r.units_per_usd, rel_tol=1e-12):
                same += 1
            else:
                problems.append(
                    Problem(
                        None,
                        "units_per_usd",
                        f"{r.units_per_usd:g}",
                        f"row {i - 1}: the ledger holds {held.units_per_usd:g} {r.currency} per "
                        f"US$ for {r.period_start}..{r.period_end} ({held.source})",
                    )
                )
        if problems:
            raise InputError(
                "rates that contradict those held; nothing was added",
                file=str(path),
                problems=problems,
            )
        if not new:
            return RatesAdded(str(path), 0, same)
        with transaction(self._con):
            self._con.executemany(
                "INSERT INTO fx_rates (currency, period_start, period_end, kind, units_per_usd, "
                "source, source_ref, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [r.currency, r.period_start, r.period_end, r.kind, r.units_per_usd,
                     r.source, r.source_ref, path.name]
                    for r in new
                ],
            )  # fmt: skip
        return RatesAdded(str(path), len(new), same)

    def missing_message(self, currency: str, start: date, end: date) -> str:
        """Why a value in ``currency`` over the period cannot be converted, and what to do."""
        held = self.held(currency)
        what = (
            f"the ledger holds {currency} rates for "
            + ", ".join(f"{r.period_start}..{r.period_end}" for r in held[:6])
            + (" …" if len(held) > 6 else "")
            if held
            else f"the ledger holds no {currency} rates"
        )
        return (
            f"no {currency} per US$ rate for {start}..{end}: {what}; add one with "
            "`corridor ledger fx add FILE`"
        )
