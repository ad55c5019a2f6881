"""Figures in tables: each number cell of the unit its column's header names, dated by its
header, its row's label or the text before the table (written from the pattern, not copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from corridor.claims import Extractor, load_vocabulary, read_document
from corridor.claims._tables import find_tables

VOCAB = load_vocabulary()
EX = Extractor(VOCAB)


def _claims(text: str, date: dt.date | None = dt.date(2025, 2, 1)) -> dict[str, tuple[object, ...]]:
    return {
        c.text: (c.value, c.unit, c.measure, c.period_start, c.period_end, c.subjects, c.dated_by)
        for c in EX.extract("t", text, date)
    }


def test_columns_name_the_year_and_the_unit_and_rows_the_place() -> None:
    text = (
        "Uzbekistan's trade with its neighbours in 2024, by country\n\n"
        "| Country | 2023, US$ mn | 2024, US$ mn | change, % |\n"
        "| --- | ---: | ---: | ---: |\n"
        "| Kazakhstan | 3,820.5 | 4,102 | 7.4 |\n"
        "| Kyrgyzstan | n/a | $1.9 bn | – |\n"
    )
    got = _claims(text)
    assert got["3,820.5"] == (
        3_820_500_000.0,
        "USD",
        "turnover",
        "2023-01-01",
        "2023-12-31",
        ("KAZ", "UZB"),  # the row names the partner, the caption whose trade it is
        "2023",
    )
    assert got["4,102"][:5] == (4_102_000_000.0, "USD", "turnover", "2024-01-01", "2024-12-31")
    # a column without a period takes the one the text set before the table
    assert got["7.4"][:5] == (7.4, "percent", "growth", "2024-01-01", "2024-12-31")
    change = next(c for c in EX.extract("t", text, dt.date(2025, 2, 1)) if c.text == "7.4")
    assert text[change.dated_at or 0 :].startswith("2024, by country")  # dated by the caption
    # a cell with a figure of its own keeps its unit; "n/a" and "–" are no figures
    assert got["$1.9 bn"][:2] == (1.9e9, "USD") and got["$1.9 bn"][5] == ("KGZ", "UZB")
    assert "n/a" not in got and "–" not in got


def test_rows_name_the_year_and_columns_the_measure() -> None:
    text = (
        "| Year | Exports, thousand tonnes | Imports, Mt | Trains |\n"
        "|------|------|------|------|\n"
        "| 2022 | 1,250 | 3.4 | 410 |\n"
        "| 2023 | 1,410.5 | 3.9 | 455 |\n"
        "Freight grew 5% in 2024.\n"
    )
    got = _claims(text)
    assert got["1,250"][:5] == (1_250_000.0, "t", "exports", "2022-01-01", "2022-12-31")
    assert got["3.9"][:5] == (3_900_000.0, "t", "imports", "2023-01-01", "2023-12-31")
    assert "410" not in got  # a count with no unit in its header: not a figure this reads
    assert got["5%"][3:5] == ("2024-01-01", "2024-12-31")  # the text after the table


def test_an_html_table_reads_as_a_table(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><body><p>Wool exports in the first half of 2025:</p><table>"
        "<tr><th>Buyer</th><th>Exports, US$ thousand</th></tr>"
        "<tr><td>China</td><td>812.4</td></tr></table></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page, VOCAB, date=dt.date(2025, 8, 1))
    got = {c.text: c for c in EX.extract(doc.doc, doc.text, doc.date)}
    c = got["812.4"]
    assert (c.value, c.unit, c.measure) == (812_400.0, "USD", "exports")
    assert (c.period_start, c.period_end) == ("2025-01-01", "2025-06-30")
    assert c.subjects == ("CHN",)


def test_what_is_not_a_table() -> None:
    assert find_tables("Prices | news | markets\n\nA sentence with a | pipe.\n") == []
    one = find_tables("| a | b |\n| 1 | 2 |\n\n| c | d |\n")
    assert len(one) == 1 and [c.text for c in one[0].header] == ["a", "b"]


def test_periods_across_and_units_down_the_rows() -> None:
    text = (
        "Results of the year\n\n"
        "| Indicator | 2023 | 2024 |\n"
        "| --- | --- | --- |\n"
        "| Wool exports, thousand tonnes | 31.2 | 33.0 |\n"
        "| Growth, % | 4.1 | 5.8 |\n"
    )
    got = _claims(text)
    assert got["33.0"][:5] == (33_000.0, "t", "exports", "2024-01-01", "2024-12-31")
    assert got["4.1"][:5] == (4.1, "percent", "growth", "2023-01-01", "2023-12-31")


def test_a_second_header_line_under_names_that_span_columns() -> None:
    text = (
        "| Partner | Exports, US$ mn | | Imports, US$ mn | |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| | 2023 | 2024 | 2023 | 2024 |\n"
        "| Mongolia | 120.5 | 131.0 | 80.2 | 95.4 |\n"
    )
    got = _claims(text)
    assert got["131.0"][:5] == (131e6, "USD", "exports", "2024-01-01", "2024-12-31")
    assert got["80.2"][:5] == (80.2e6, "USD", "imports", "2023-01-01", "2023-12-31")
    assert "2023" not in got and len(got) == 4
    # a body line with a blank label is no second header when no name spans columns
    (table,) = find_tables(
        "| Partner | Exports | Imports |\n| --- | --- | --- |\n| | 2023 | 2024 |\n| A | 1 | 2 |\n"
    )
    assert table.sub == () and len(table.rows) == 2


def test_an_html_header_cell_over_two_columns(tmp_path: Path) -> None:
    page = tmp_path / "b.html"
    page.write_text(
        "<table><tr><th>Partner</th><th colspan='2'>Exports, US$ mn</th>"
        "<th colspan=2>Imports, US$ mn</th></tr>"
        "<tr><td></td><td>2023</td><td>2024</td><td>2023</td><td>2024</td></tr>"
        "<tr><td>Mongolia</td><td>120.5</td><td>131.0</td><td>80.2</td><td>95.4</td></tr>"
        "</table>",
        encoding="utf-8",
    )
    doc = read_document(page, VOCAB, date=dt.date(2025, 3, 1))
    got = {c.text: c for c in EX.extract(doc.doc, doc.text, doc.date)}
    c = got["95.4"]
    assert (c.value, c.unit, c.measure, c.period_start) == (95.4e6, "USD", "imports", "2024-01-01")
