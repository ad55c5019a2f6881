"""Applied tariffs the user gives, and the market-access term of export potential.

A tariff file is a CSV (UTF-8, a header line) with one row per applied rate::

    importer,exporter,hs_code,tariff_pct,year,source
    CHN,*,7601,5.0,2022,"MFN applied rate (WTO Tariff Download Facility)"
    CHN,AUS,7601,0.0,2022,"ChAFTA preferential rate"

- ``importer``: the market (ISO 3166 alpha-3); rows of other markets are ignored.
- ``exporter``: the supplier (ISO3), or ``*`` for the most-favoured-nation rate, which applies to
  every supplier without a row of its own.
- ``hs_code``: an HS6 code, or an HS4 or HS2 prefix (leading zeros kept), in the revision of the
  data it is used with; for a product the row with the longest matching prefix wins.
- ``tariff_pct``: the applied ad valorem rate, or the ad valorem equivalent of a specific duty, in
  percent (≥ 0).
- ``year``: the year the rate applied. For a base year the latest row of that year or before is
  used.
- ``source``: where the rate comes from (required).

A row that breaks a rule is refused with its line and column; nothing is read from a file with a
bad row.

**The term.** With CES demand the value a market buys from a supplier moves with the supplier's
tariff-inclusive price to the power of the trade elasticity ε (1 − σ, negative). An exporter's
potential in product k is scaled by its tariff advantage over the market's other suppliers::

    MA_ik = ((1 + t_ik) / (1 + t̄_k)) ^ ε

where t_ik is the rate the market applies to the exporter and t̄_k the average of the rates it
applies to its other suppliers of k, weighted by what it imports from each (from a world matrix),
or the MFN rate where no supplier breakdown is held. Export potential applies the term to the
market's demand both when it calibrates the ease of trade on actual exports and when it projects:
tariffs move potential between products, and the level stays tied to what is sold today.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from corridor.errors import InputError, Problem

COLUMNS = ("importer", "exporter", "hs_code", "tariff_pct", "year", "source")
MFN = "*"


@dataclass(frozen=True)
class TariffRow:
    importer: str
    exporter: str
    hs_code: str
    tariff_pct: float
    year: int
    source: str


@dataclass(frozen=True)
class Tariffs:
    """The rows of a tariff file and the trade elasticity the term uses."""

    rows: tuple[TariffRow, ...]
    elasticity: float
    path: str

    def rate(self, importer: str, exporter: str, code: str, year: int) -> float | None:
        """The rate ``importer`` applies to ``exporter``'s product ``code`` in ``year``: the
        exporter's own row with the longest matching prefix (the latest year up to ``year``),
        else the MFN row; None if neither is held."""
        for who in (exporter, MFN):
            by_code = self._index.get((importer, who))
            if by_code is None:
                continue
            for digits in (6, 4, 2):
                dated = by_code.get(code[:digits]) if len(code) >= digits else None
                if dated is None:
                    continue
                held = [r for r in dated if r.year <= year]
                if held:
                    return max(held, key=lambda r: r.year).tariff_pct
        return None

    @cached_property
    def _index(self) -> dict[tuple[str, str], dict[str, list[TariffRow]]]:
        """(importer, exporter) → HS prefix → its rows."""
        found: dict[tuple[str, str], dict[str, list[TariffRow]]] = {}
        for r in self.rows:
            found.setdefault((r.importer, r.exporter), {}).setdefault(r.hs_code, []).append(r)
        return found


def read_tariffs(path: Path, *, elasticity: float) -> Tariffs:
    """The tariff file at ``path`` (module docstring), every row checked."""
    if not elasticity < 0:
        raise InputError(f"the trade elasticity is negative, not {elasticity:g}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=str(path)) from None
    # read row by row (not csv_text.dict_rows): a blank line still counts, so lines are named
    # as an editor numbers them; a line the csv module refuses (a field over its limit) is an
    # InputError naming it, as there
    records = csv.reader(text.splitlines())
    try:
        read = list(records)
    except csv.Error as exc:
        raise InputError(
            f"not a readable CSV file (line {records.line_num}): {exc}", file=str(path)
        ) from None
    header = read[0] if read else None
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        raise InputError(f"the header must be {','.join(COLUMNS)}", file=str(path))
    rows: list[TariffRow] = []
    problems: list[Problem] = []
    for line, cells in enumerate(read[1:], start=2):
        if not cells:
            continue
        if len(cells) != len(COLUMNS):
            problems.append(Problem(line, None, None, f"{len(cells)} fields, not {len(COLUMNS)}"))
            continue
        row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
        problems += _check(row, line)
        if not problems:
            rows.append(
                TariffRow(
                    row["importer"],
                    row["exporter"],
                    row["hs_code"],
                    float(row["tariff_pct"]),
                    int(row["year"]),
                    row["source"],
                )
            )
    if problems:
        raise InputError("the tariff file has rows that break its rules", file=str(path),
                         problems=problems)  # fmt: skip
    return Tariffs(tuple(rows), elasticity, str(path))


def _check(row: dict[str, str], line: int) -> list[Problem]:
    out = []
    if not (len(row["importer"]) == 3 and row["importer"].isalpha() and row["importer"].isupper()):
        out.append(Problem(line, "importer", row["importer"], "an ISO3 code (CHN)"))
    ex = row["exporter"]
    if ex != MFN and not (len(ex) == 3 and ex.isalpha() and ex.isupper()):
        out.append(Problem(line, "exporter", ex, "an ISO3 code, or * for the MFN rate"))
    code = row["hs_code"]
    if not (code.isdigit() and len(code) in (2, 4, 6)):
        out.append(Problem(line, "hs_code", code, "2, 4 or 6 digits, leading zeros kept"))
    try:
        pct = float(row["tariff_pct"])
        if not (math.isfinite(pct) and 0 <= pct <= 10_000):
            raise ValueError
    except ValueError:
        out.append(Problem(line, "tariff_pct", row["tariff_pct"], "a percentage from 0"))
    if not (row["year"].isdigit() and 1950 <= int(row["year"]) <= 2100):
        out.append(Problem(line, "year", row["year"], "a year (2022)"))
    if not row["source"]:
        out.append(Problem(line, "source", "", "where the rate comes from"))
    return out


@dataclass(frozen=True)
class MarketAccess:
    """The term per product (1 where it cannot be computed) and how many products had it."""

    term: pd.Series
    with_term: int
    without: int
    note: str


def market_access(
    tariffs: Tariffs,
    importer: str,
    exporter: str,
    codes: Iterable[str],
    year: int,
    suppliers: pd.DataFrame | None,
) -> MarketAccess:
    """The market-access term of each product (module docstring). ``suppliers``: the market's
    imports by supplier (``reporter``, ``code``, ``v``), the weights of the competitors' average;
    None: the MFN rate stands for it."""
    weights: dict[str, list[tuple[str, float]]] = {}
    if suppliers is not None:
        for s, c, v in suppliers[["reporter", "code", "v"]].itertuples(index=False):
            if s != exporter and v > 0:
                weights.setdefault(str(c), []).append((str(s), float(v)))
    terms: dict[str, float] = {}
    done = 0
    codes = list(codes)
    for code in codes:
        own = tariffs.rate(importer, exporter, code, year)
        if suppliers is not None:
            known = [
                (t, v)
                for s, v in weights.get(code, ())
                if (t := tariffs.rate(importer, s, code, year)) is not None
            ]
            total = sum(v for _, v in known)
            others = sum(t * v for t, v in known) / total if total > 0 else None
        else:
            others = tariffs.rate(importer, MFN, code, year)
        if own is None or others is None:
            terms[code] = 1.0
            continue
        terms[code] = ((1 + own / 100) / (1 + others / 100)) ** tariffs.elasticity
        done += 1
    basis = (
        "the other suppliers' rates weighted by the market's imports from each"
        if suppliers is not None
        else "the MFN rate for the other suppliers (no supplier breakdown held)"
    )
    note = (
        f"tariff advantage from {Path(tariffs.path).name}: ((1 + the rate {importer} applies to "
        f"{exporter}) / (1 + {basis}))^{tariffs.elasticity:g}, for {done} of {len(codes)} "
        "products; the others lack a rate (their term is 1)"
    )
    return MarketAccess(pd.Series(terms, dtype=float), done, len(codes) - done, note)
