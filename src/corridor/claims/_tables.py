"""Tables in a document: rows of cells separated by ``|`` (Markdown pipe tables, and HTML tables
as ``html_to_text`` writes them), read with each cell's offsets into the text.

A table is two or more consecutive lines of two or more cells each; its first line is the
header; lines of dashes and colons only (``| --- | :-: |``) separate and are skipped. One pass
over the text's lines: time linear in its length.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from corridor.claims._vocabulary import Vocabulary


@dataclass(frozen=True)
class Cell:
    start: int  # offsets of the cell's text (stripped) in the document
    end: int
    text: str


@dataclass(frozen=True)
class Table:
    start: int  # the first character of the header line
    end: int  # the end of the last row
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: a second header line under the first ("|  | 2023 | 2024 | 2023 | 2024 |" under
    #: "|  | Exports |  | Imports |  |"), else empty
    sub: tuple[Cell, ...] = ()

    def column(self, k: int) -> tuple[str, tuple[Cell, ...]]:
        """What the header says of column ``k``: its words (a blank top cell is the one to its
        left, which spans it) and the cells that say it, the lower first."""
        top = next(
            (
                self.header[j]
                for j in range(min(k, len(self.header) - 1), 0, -1)
                if self.header[j].text
            ),
            self.header[k] if k < len(self.header) else Cell(self.start, self.start, ""),
        )
        cells = ((self.sub[k],) if k < len(self.sub) else ()) + (top,)
        return " ".join(c.text for c in reversed(cells) if c.text), cells


_RULE = re.compile(r"[\s|:\-–—]*")


def _cells(text: str, start: int, end: int) -> list[Cell] | None:
    """The cells of the line ``text[start:end]``, None if it is not a row of two or more."""
    line = text[start:end]
    if line.count("|") < 1:
        return None
    bounds = [i for i, ch in enumerate(line) if ch == "|"]
    edges = [-1, *bounds, len(line)]
    cells: list[Cell] = []
    for k, (a, b) in enumerate(itertools.pairwise(edges)):
        raw = line[a + 1 : b]
        if (k == 0 or k == len(edges) - 2) and not raw.strip():
            continue  # the empty outside of a leading or trailing pipe
        lead = len(raw) - len(raw.lstrip())
        s = start + a + 1 + lead
        cells.append(Cell(s, s + len(raw.strip()), raw.strip()))
    return cells if len(cells) >= 2 else None


def find_tables(text: str) -> list[Table]:
    """Every table of ``text``, in order."""
    tables: list[Table] = []
    block: list[list[Cell]] = []
    block_start = block_end = 0
    pos = 0

    def close() -> None:
        if len(block) >= 2:
            sub: tuple[Cell, ...] = ()
            if len(block) >= 3 and _second_header(block[0], block[1]):
                sub = tuple(block.pop(1))
            tables.append(
                Table(block_start, block_end, tuple(block[0]), tuple(map(tuple, block[1:])), sub)
            )
        block.clear()

    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if _RULE.fullmatch(text, pos, end) and "|" in text[pos:end] and "-" in text[pos:end]:
            block_end = end if block else block_end  # a separator line: skipped
        else:
            cells = _cells(text, pos, end)
            if cells is None:
                close()
            else:
                if not block:
                    block_start = pos
                block.append(cells)
                block_end = end
        if nl < 0:
            break
        pos = nl + 1
    close()
    return tables


_YEARISH = re.compile(r"(?:19|20)\d\d(?:[/–-]\d\d)?")


def _second_header(header: list[Cell], line: list[Cell]) -> bool:
    """Whether ``line``, under ``header``, is a second header line: as many cells, a blank label
    and no figures (years are no figures), under a header with a blank cell a name spans."""
    names = [c.text for c in header[1:]]
    spanned = "" in names or len(set(names)) < len(names)  # a blank or a repeated name
    return (
        len(line) == len(header)
        and not line[0].text
        and any(c.text for c in line[1:])
        and spanned
        and all(number_cell(c) is None or _YEARISH.fullmatch(c.text) for c in line[1:])
    )


@dataclass(frozen=True)
class ColumnUnit:
    """What a header says of its column's numbers: the unit and what to multiply them by."""

    unit: str | None  # USD, CNY, t, percent … (None: not said)
    factor: float


_PERCENT = re.compile(r"%|\bper\s?cent\b|\bpercent(?:age)?\b", re.I)


def column_unit(header: str, vocab: Vocabulary) -> ColumnUnit:
    """The unit and scale a header cell names: "2024, US$ bn" → USD × 1e9; "thousand tonnes"
    → t × 1e3; "change, %" → percent."""
    if _PERCENT.search(header):
        return ColumnUnit("percent", 1.0)
    low = header.lower()
    unit: str | None = None
    factor = 1.0
    for sign, code in sorted(vocab.currency_prefix.items(), key=lambda kv: -len(kv[0])):
        if sign.lower() in low and not sign.isalpha():
            unit = code
            break
    if unit is None:
        for word, code in sorted(vocab.currency_suffix.items(), key=lambda kv: -len(kv[0])):
            if re.search(rf"(?<![A-Za-z]){re.escape(word.lower())}(?![A-Za-z])", low):
                unit = code
                break
    if unit is None:
        for word, (code, unit_factor) in sorted(vocab.units.items(), key=lambda kv: -len(kv[0])):
            if (len(word) > 1 or word == "t") and re.search(
                rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", header
            ):
                unit, factor = code, unit_factor
                break
    if factor != 1.0:
        return ColumnUnit(unit, factor)  # "million tonnes", "Mt": the scale is the unit's
    for word, scale in sorted(vocab.scales.items(), key=lambda kv: -len(kv[0])):
        if len(word) > 1 and re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", low):
            factor *= scale
            break
    return ColumnUnit(unit, factor)


#: a cell that is one number: "41.0", "1,234.5", "+6.8", "−3.2", "6.8 %", "41,0"
_NUMBER_CELL = re.compile(
    r"(?P<sign>[+\-−–])?\s?"
    r"(?P<num>\d{1,3}(?:[ ,\u00a0]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)\s?(?P<pct>%)?"
)


def number_cell(cell: Cell) -> tuple[str, bool, bool] | None:
    """The number written alone in a cell, whether it is signed negative and whether it has a
    percent sign; None for any other cell ("n/a", "–", text)."""
    m = _NUMBER_CELL.fullmatch(cell.text)
    if m is None:
        return None
    return m["num"], m["sign"] in ("-", "−", "–"), m["pct"] is not None


#: a table header's words for its column's measure, first match wins
_TABLE_MEASURES = (
    ("growth", re.compile(r"\b(?:change|growth|y/y|yoy|year[- ]on[- ]year|increase)\b", re.I)),
    ("share", re.compile(r"\bshare\b", re.I)),
    ("exports", re.compile(r"\bexports?\b", re.I)),
    ("imports", re.compile(r"\bimports?\b", re.I)),
    ("turnover", re.compile(r"\b(?:trade|turnover|total)\b", re.I)),
    ("volume", re.compile(r"\b(?:volume|freight|cargo|tonnage)\b", re.I)),
)
_OUTLOOK_HEADER = re.compile(r"\b(?:plan|target|goal|forecast|projection|outlook)\b", re.I)
_TABLE_OUTLOOK = {"plan": "target", "target": "target", "goal": "target"} | {
    w: "forecast" for w in ("forecast", "projection", "outlook")
}


def table_outlook(header: str) -> str | None:
    """ "target" for a column of plans or goals, "forecast" for one of forecasts, else None."""
    m = _OUTLOOK_HEADER.search(header)
    return _TABLE_OUTLOOK[m[0].lower()] if m else None


def table_measure(header: str, unit: str) -> str | None:
    """The measure a header (or a table's caption) names for a column of ``unit``; a change
    is a growth only in percent."""
    for measure, words in _TABLE_MEASURES:
        if words.search(header) and (measure != "growth" or unit == "percent"):
            return measure
    return None
