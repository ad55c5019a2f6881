"""Period names become explicit start and end dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.periods import Period, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "2022"),
        ("2023-03", date(2023, 3, 1), date(2023, 3, 31), "2023-03"),
        ("2023-01..2023-06", date(2023, 1, 1), date(2023, 6, 30), "2023-01..2023-06"),
        ("2024-9M", date(2024, 1, 1), date(2024, 9, 30), "2024-01..2024-09"),
        ("2023-h1", date(2023, 1, 1), date(2023, 6, 30), "2023-01..2023-06"),
        ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31), "2023-10..2023-12"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2022-03-15..2022-04-14", date(2022, 3, 15), date(2022, 4, 14), "2022-03-15..2022-04-14"),
    ],
)
def test_forms(text: str, start: date, end: date, label: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "text", ["22", "2023-13", "2023-H3", "2023-0M", "last year", "2023-06..2023-01"]
)
def test_bad_forms_are_input_errors(text: str) -> None:
    with pytest.raises(InputError):
        parse_period(text)


def test_year_earlier_keeps_month_ends() -> None:
    """February 2024 a year earlier ends on 28 February 2023."""
    assert parse_period("2024-02").year_earlier() == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert parse_period("2024-9M").year_earlier() == parse_period("2023-9M")


@given(y=st.integers(1963, 2100), a=st.integers(1, 12), b=st.integers(1, 12))
def test_month_ranges_round_trip_through_their_label(y: int, a: int, b: int) -> None:
    """A month range's label parses back to the same period."""
    lo, hi = min(a, b), max(a, b)
    period = parse_period(f"{y}-{lo:02d}..{y}-{hi:02d}")
    assert parse_period(period.label) == period
    assert period.months == hi - lo + 1
