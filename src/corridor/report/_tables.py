"""The report's sections and tables, taken from the rendered report itself: the dashboard shows
the report's own sections (the same figures, from the same functions) and ``corridor report
--data FOLDER`` writes every table of it as CSV, so nothing is computed twice."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from corridor.files import write_text_atomically

#: the report's sections the dashboard shows, by their anchors
SECTIONS = (
    "mirror",
    "mirror-table",
    "targets",
    "turnover",
    "products",
    "opportunities",
    "barriers",
    "claims",
    "coverage",
    "sources",
)


def report_section(html: str, anchor: str) -> str:
    """The body of the report's section ``<h2 id="anchor">`` up to the next ``<h2`` (its heading
    left out), or an empty string when the report has no such section."""
    start = html.find(f'<h2 id="{anchor}">')
    if start < 0:
        return ""
    body = html.find("</h2>", start)
    end = html.find("<h2", body)
    tail = html.find("</body>", body)
    stop = min(x for x in (end, tail, len(html)) if x >= 0)
    return html[body + len("</h2>") : stop]


@dataclass
class Table:
    """One table of the report: the section it is in, its rows of cell texts."""

    section: str
    rows: list[list[str]]


class _Tables(HTMLParser):
    """Every ``<table>`` of a page, with the anchor of the section it is under."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.section = "top"
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._depth = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            anchor = dict(attrs).get("id")
            if anchor and tag == "h2":
                self.section = anchor
        elif tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append(Table(self.section, []))
        elif tag == "tr" and self._depth == 1:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth = max(0, self._depth - 1)
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._depth == 1:
            if self._row:
                self.tables[-1].rows.append(self._row)
            self._row = None
        elif tag in ("script", "style", "svg"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def report_tables(html: str) -> list[Table]:
    """Every table of the report, in order."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return [t for t in parser.tables if t.rows]


def write_tables(html: str, folder: Path, *, source: str) -> list[Path]:
    """Write each table of the report as ``NN-section.csv`` in ``folder``, and ``tables.json``
    naming each file's section and the report's sources (``source``)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    index = []
    for n, table in enumerate(report_tables(html), start=1):
        name = f"{n:02d}-{re.sub(r'[^a-z0-9-]+', '-', table.section.lower())}.csv"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(
            [unescape(c) for c in row] for row in table.rows
        )
        written.append(write_text_atomically(folder / name, buf.getvalue()))
        index.append({"file": name, "section": table.section, "rows": len(table.rows) - 1})
    written.append(
        write_text_atomically(
            folder / "tables.json",
            json.dumps({"source": source, "tables": index}, indent=2, ensure_ascii=False),
        )
    )
    return written
