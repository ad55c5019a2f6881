"""The ledger: health, what it holds, loads."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from corridor import __version__
from corridor.api._state import State, need_token

router = APIRouter(tags=["ledger"])


@router.get("/api/health")
def health(st: State) -> dict[str, Any]:
    """Alive, with the ledger's row count (kept in memory, updated by every write)."""
    return {"status": "ok", "version": __version__, "flows": st.flows}


@router.get("/api/ledger/status")
def ledger_status(st: State) -> dict[str, Any]:
    """`corridor ledger status`: loads, rows, periods, reporters, coverage."""
    with st.cursor() as cur:
        return cur.status().to_dict()


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
    """Load a trade file (the body) into the ledger: all or nothing, once per SHA-256."""
    body = await request.body()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        with st.load_lock:
            try:
                result = st.ledger.load(
                    path, format=format, source=source, hs_rev=hs_rev, quarantine=quarantine
                )
            finally:
                st.wrote()
    return asdict(result)
