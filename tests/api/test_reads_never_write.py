"""Reads never write: every GET route leaves the ledger file byte for byte as it was, and the
server holds no connection between requests, so commands in other processes read and load the
same ledger while it serves."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from corridor.api import create_app
from tests.api.test_api import ApiClient

FIXTURE = Path(__file__).parents[1] / "fixtures" / "BACI_HS02_Y2021_V202301_kaz_chn.csv"


def _routes(routes: Any) -> list[Any]:
    """Every route of the app, those of included routers too."""
    out = []
    for r in routes:
        inner = getattr(getattr(r, "original_router", None), "routes", None)
        out.extend(_routes(inner) if inner is not None else [r])
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_get_route_leaves_the_ledger_untouched(default_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "ledger.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, rate_per_s=1e6)
    client = ApiClient(app)
    before = _digest(db)
    paths = sorted(
        {
            r.path
            for r in _routes(app.routes)
            if "GET" in (getattr(r, "methods", None) or set()) and "{" not in r.path
        }
    )
    assert "/" in paths and "/api/summary" in paths and len(paths) > 15
    for path in paths:
        client.get(path, params={"period": "2024"} if path.startswith("/api/") else None)
    app.state.corridor.session.close()
    assert _digest(db) == before, "a GET request wrote to the ledger"
    assert not Path(str(db) + ".wal").exists()


def test_a_command_loads_while_the_server_serves_and_the_server_sees_it(
    default_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "ledger.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, rate_per_s=1e6)
    client = ApiClient(app)
    first = client.get("/api/health").json()
    assert client.get("/api/ledger/status").status_code == 200

    def corridor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "corridor.cli", *args, "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    read = corridor("trade", "summary", "--period", "2024", "--json")
    assert read.returncode == 0, read.stderr
    load = corridor("ledger", "load", str(FIXTURE), "--format", "baci")
    assert load.returncode == 0, load.stderr
    after = client.get("/api/health").json()
    assert after["ledger"]["stamp"] != first["ledger"]["stamp"]
    status = client.get("/api/ledger/status").json()
    assert any(FIXTURE.name in json.dumps(x) for x in status["loads"])
    app.state.corridor.session.close()
