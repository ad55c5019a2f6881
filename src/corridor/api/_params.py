"""Query parameter types shared by the routers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

from corridor.periods import FIRST_YEAR, LAST_YEAR

Code = Annotated[str, Query(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")]
Period = Annotated[str, Query(max_length=40)]
Year = Annotated[int | None, Query(ge=1990, le=2100)]


def _within_years(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"dates run from {FIRST_YEAR} to {LAST_YEAR}")
    return day


#: A date in the years the project reads (1900–2100).
Day = Annotated[dt.date, AfterValidator(_within_years)]
