"""Trade figures: summaries for any period, mirror statistics, export opportunities."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from corridor.api._params import Code, Period, Year
from corridor.api._state import State
from corridor.ledger import Ledger

router = APIRouter(tags=["trade"])


@router.get("/api/summary")
def summary(
    st: State,
    period: Period,
    reporter: Code | None = None,
    partner: Code | None = None,
    by: Literal["section", "chapter", "hs4", "hs6"] | None = None,
    region: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """`corridor trade summary`; reporter and partner default to the workspace's pair."""
    from corridor.trade import parse_period, trade_summary

    a = (reporter or st.workspace.pair[0]).upper()
    b = (partner or st.workspace.pair[1]).upper()

    def make(cur: Ledger) -> dict[str, Any]:
        result = trade_summary(
            cur, reporter=a, partner=b, period=parse_period(period), by=by, region=region
        )
        data = result.to_dict()
        data.pop("explain")
        return data

    return st.cached(("summary", period, a, b, by, region), make)


@router.get("/api/mirror")
def mirror_view(
    st: State,
    period: Period,
    a: Code | None = None,
    b: Code | None = None,
) -> Response:
    """`corridor trade mirror`; the pair defaults to the workspace's."""
    from corridor.trade import parse_period
    from corridor.trade.mirror import MirrorParams, mirror

    x = (a or st.workspace.pair[0]).upper()
    y = (b or st.workspace.pair[1]).upper()
    params = MirrorParams.read(st.workspace.mirror_params)
    return st.cached(
        ("mirror", period, x, y),
        lambda cur: mirror(cur, a=x, b=y, period=parse_period(period), params=params).to_dict(),
    )


@router.get("/api/opportunities")
def opportunities(
    st: State,
    exporter: Code | None = None,
    market: Code | None = None,
    top: Annotated[int, Query(ge=1, le=500)] = 25,
    year: Year = None,
    level: Literal["hs6", "hs4", "chapter"] | None = None,
    view: Literal["diversification", "full"] = "diversification",
    exclude: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """`corridor opportunities`: export potential, the diversification view by default."""
    from corridor.trade.opportunities import export_opportunities

    x = (exporter or st.workspace.pair[0]).upper()
    m = (market or st.workspace.pair[1]).upper()

    def make(cur: Ledger) -> dict[str, Any]:
        return export_opportunities(
            cur, x, m, year=year, level=level, top=top, view=view, exclude=exclude
        ).to_dict()

    return st.cached(("opportunities", x, m, top, year, level, view, exclude), make)
