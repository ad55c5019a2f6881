"""The ledger: health, what it holds, loads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from corridor import __version__
from corridor.api._middleware import MAX_LOAD_BYTES
from corridor.api._state import State, need_token

router = APIRouter(tags=["ledger"])


@router.get("/api/health")
def health(st: State) -> dict[str, Any]:
    """Alive, without opening the ledger: its stamp (changes with every write, from any
    process) and its row count as last read."""
    return {
        "status": "ok",
        "version": __version__,
        "ledger": {"stamp": list(st.version), "flows": st.flows},
    }


@router.get("/api/ledger/status")
def ledger_status(st: State) -> dict[str, Any]:
    """`corridor ledger status`: loads, rows, periods, reporters, coverage."""
    with st.cursor() as cur:
        status = cur.status()
    st.flows = int(status.flows)
    return status.to_dict()


@router.post("/api/loads", dependencies=[Depends(need_token)], status_code=201)
async def load_file(
    st: State,
    request: Request,
    name: Annotated[str, Query(pattern=r"^\w[\w.-]{0,199}$")],
    format: Literal["baci", "comtrade", "wits", "csv", "parquet"],
    source: Annotated[str | None, Query(max_length=40)] = None,
    hs_rev: Annotated[str | None, Query(max_length=10)] = None,
    quarantine: bool = False,
) -> dict[str, Any]:
    """Load a trade file (the body) into the ledger: all or nothing, once per SHA-256. The body
    is streamed to disk and the load runs on a worker thread."""
    async with st.uploads.receive(request, name, MAX_LOAD_BYTES) as path:

        def load() -> Any:
            with st.writer() as ledger:
                return ledger.load(
                    path, format=format, source=source, hs_rev=hs_rev, quarantine=quarantine
                )

        result = await st.work.run(load)
    return asdict(result)
