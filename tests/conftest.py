"""Shared fixtures: fresh ledgers, paths to the small real fixture files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corridor.ledger import Ledger
from corridor.session import Session

FIXTURES = Path(__file__).parent / "fixtures"
BACI_FIXTURE = FIXTURES / "BACI_HS02_Y2021_V202301_kaz_chn.csv"
WITS_FIXTURE = FIXTURES / "wits_kaz_chn_exports_hs4_2023_2024.csv"


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    """An empty in-memory ledger (code tables, no trade data)."""
    with Ledger.open(":memory:", defaults=False) as opened:
        yield opened


@pytest.fixture(scope="session")
def default_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger file holding the embedded default dataset (built once per test session)."""
    path = tmp_path_factory.mktemp("default") / "ledger.duckdb"
    Ledger.open(path).close()
    return path


@pytest.fixture
def default_ledger(default_db: Path) -> Iterator[Ledger]:
    """The default-data ledger, opened read-only (tests must not change the shared file)."""
    with Ledger.open(default_db, read_only=True) as opened:
        yield opened


@pytest.fixture
def default_session(default_db: Path) -> Iterator[Session]:
    """A read-only session on the default-data ledger (its runs kept beside it, shared by the
    tests that ask for the same runs)."""
    with Session.open(default_db, read_only=True) as opened:
        yield opened


def flows_count(ledger: Ledger) -> int:
    return int(ledger.query("SELECT count(*) FROM flows").rows[0][0])


def ledger_snapshot(ledger: Ledger) -> tuple[object, ...]:
    """Everything a failed load must leave unchanged."""
    return (
        ledger.query("SELECT count(*), sum(value_usd) FROM flows").rows,
        ledger.query("SELECT * FROM loads ORDER BY load_id").rows,
        ledger.query("SELECT count(*) FROM rejects").rows,
        ledger.query("SELECT count(*) FROM coverage_chapters").rows,
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    """Collect cycles before exit so DuckDB's bindings see every object released."""
    import gc

    gc.collect()
