"""Targets, each judged on both sides' statistics."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from corridor.api._state import State

router = APIRouter(tags=["targets"])


@router.get("/api/targets")
def targets(st: State) -> Response:
    """`corridor targets --json`."""
    from corridor.trade.targets import evaluate_targets

    return st.cached(
        ("targets",),
        lambda cur: [t.to_dict() for t in evaluate_targets(cur, st.workspace.targets)],
    )
