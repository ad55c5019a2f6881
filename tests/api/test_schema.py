"""Schemathesis against the OpenAPI schema: no generated input gives a server error.

CI tries 10 cases per operation; ``CORRIDOR_SCHEMA_EXAMPLES=200 pytest tests/api/test_schema.py``
runs longer.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from corridor.api import create_app

schemathesis = pytest.importorskip("schemathesis")


def test_no_generated_input_gives_a_server_error(default_db: Path, tmp_path: Path) -> None:
    """Every operation, reads and writes (without the token: 401), on generated inputs: < 500."""
    db = tmp_path / "ledger.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, token="fuzz-token", rate_per_s=1e6, allowed_hosts=("testserver",))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    tried: dict[str, int] = {}
    try:
        for result in schema.get_all_operations():
            _check(result.ok(), tried)
    finally:
        app.state.corridor.session.close()
    assert len(tried) >= 15, tried


def _check(operation: Any, tried: dict[str, int]) -> None:
    """Generated cases of one operation: none answers 5xx."""

    @settings(
        max_examples=int(os.environ.get("CORRIDOR_SCHEMA_EXAMPLES", "10")),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        response = case.call()
        tried[operation.label] = tried.get(operation.label, 0) + 1
        assert response.status_code < 500, (
            case.method,
            case.formatted_path,
            case.query,
            response.text[:300],
        )

    run()
