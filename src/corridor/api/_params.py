"""Query parameter types shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

Code = Annotated[str, Query(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")]
Period = Annotated[str, Query(max_length=40)]
Year = Annotated[int | None, Query(ge=1990, le=2100)]
