"""The dashboard page and its fragments."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from corridor.api._state import State

router = APIRouter(tags=["dashboard"])


@router.get("/assets/dashboard.js", include_in_schema=False)
def dashboard_script() -> Response:
    """The dashboard's one script (the page allows no inline script)."""
    from importlib.resources import files

    text = files("corridor.report").joinpath("static/page.js").read_text(encoding="utf-8")
    return Response(text, media_type="text/javascript", headers={"Cache-Control": "max-age=300"})


@router.get("/report-section/{anchor}", response_class=HTMLResponse, include_in_schema=False)
def report_section_view(
    st: State,
    anchor: Literal["mirror", "mirror-table", "targets", "opportunities", "barriers", "claims"],
) -> str:
    """A section of the report, as an HTML fragment for the dashboard."""
    from corridor.api._pages import report_section_fragment

    return report_section_fragment(st.session, st.page_cache, anchor)  # the report's: named


@router.get("/model-match", response_class=HTMLResponse, include_in_schema=False)
def model_match(st: State) -> str:
    """The dashboard's section on the model against the border, as an HTML fragment."""
    from corridor.api._pages import model_match_page_fragment

    return model_match_page_fragment(st.session, st.namer)


@router.get("/levers-compared", response_class=HTMLResponse, include_in_schema=False)
def levers_compared(st: State) -> str:
    """The dashboard's lever comparison, as an HTML fragment (the report's figures)."""
    from corridor.api._pages import levers_fragment

    with st.cursor() as cur:
        return levers_fragment(cur, st.session, st.page_cache, st.namer)


@router.get("/", response_class=HTMLResponse)
def dashboard(
    st: State,
    period: Annotated[str | None, Query(max_length=40)] = None,
    by: Literal["section", "chapter", "hs4"] = "chapter",
    direction: Literal["exports", "imports"] = "exports",
    product: Annotated[str, Query(pattern=r"^[0-9]{0,6}$")] = "",
    lever: Annotated[str | None, Query(pattern=r"^[a-z0-9-]*$")] = None,
) -> str:
    """The dashboard: figures, chart, map and the model against the border."""
    from corridor.api._pages import dashboard_page

    if lever:
        st.workspace.lever(lever)  # a clear error for an unknown lever
    with st.cursor() as cur:
        page = dashboard_page(
            cur,
            st.session,
            period=period or None,
            by=by,
            direction=direction,
            product=product,
            lever=lever or None,
            cache=st.page_cache,
            names=st.names,
            namer=st.namer,
        )
    return page
