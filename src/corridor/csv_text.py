"""Small CSV files read whole (rates, country tables): their rows, or the project's error."""

from __future__ import annotations

import csv
import io

from corridor.errors import InputError


def dict_rows(text: str, where: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV text; a malformed file (a field over the csv module's
    limit of 131,072 characters, an unclosed quote in strict places) is an InputError naming
    the line."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = list(reader.fieldnames or [])
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(
            f"not a readable CSV file (line {reader.line_num}): {exc}", file=where
        ) from None
    return header, rows
