"""The trade-barrier registry."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from corridor.api._middleware import MAX_BODY_BYTES
from corridor.api._state import State, need_token

router = APIRouter(tags=["barriers"])


@router.get("/api/barriers")
def barriers(st: State) -> Response:
    """`corridor barriers --json`: each barrier with the trade value at stake."""
    from corridor.trade.barriers import barrier_views

    return st.cached(("barriers",), lambda cur: [v.to_dict() for v in barrier_views(cur)])


@router.post("/api/barriers", dependencies=[Depends(need_token)], status_code=201)
async def add_barrier_records(st: State, request: Request) -> dict[str, Any]:
    """`corridor barriers add`: the body is a barrier file (YAML); all records or none."""
    from corridor.trade.barriers import add_barriers

    async with st.uploads.receive(request, "barriers.yaml", MAX_BODY_BYTES) as path:

        def add() -> Any:
            with st.writer() as ledger:
                return add_barriers(ledger, path)

        result = await st.work.run(add)
    return {
        "added": list(result.added),
        "unchanged": list(result.unchanged),
        "already_added": result.already_added,
    }
