"""The schema is versioned; opening an older ledger upgrades it in place."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from corridor.ledger import Ledger
from corridor.ledger._reference import load_reference
from corridor.ledger._schema import LATEST_VERSION, current_version, migrate
from corridor.locations import data_dir
from tests.conftest import WITS_FIXTURE


def test_new_ledger_is_at_the_latest_version(ledger: Ledger) -> None:
    assert ledger.status().schema_version == LATEST_VERSION


def test_opening_a_version_1_ledger_upgrades_it_and_backfills_coverage(tmp_path: Path) -> None:
    """A ledger written before coverage existed gains the coverage tables, filled from its flows."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=1)
    load_reference(con, data_dir() / "reference")
    con.execute("""INSERT INTO flows VALUES ('2024-01-01', '2024-12-31', 'KAZ', 'CHN', NULL,
                   'export', 'HS2012', '2603', 100.00, NULL, NULL, 'wits', NULL, 1)""")
    con.execute("""INSERT INTO loads VALUES (1, 'wits', 'wits', 'old.csv', 'abc', 1, 0,
                   now()::TIMESTAMP, now()::TIMESTAMP, 'complete', '{}')""")
    assert current_version(con) == 1
    con.close()
    with Ledger.open(path, defaults=False) as ledger:
        assert ledger.status().schema_version == LATEST_VERSION
        rows = ledger.query("SELECT load_id, chapter, value_usd FROM coverage_chapters").rows
        assert [(r[0], r[1], float(r[2])) for r in rows] == [(1, "26", 100.0)]
        assert ledger.load(WITS_FIXTURE, format="wits").load_id == 2


def test_migrations_are_applied_once(tmp_path: Path) -> None:
    """Re-opening an up-to-date ledger applies nothing."""
    path = tmp_path / "l.duckdb"
    Ledger.open(path, defaults=False).close()
    con = duckdb.connect(str(path))
    assert migrate(con) == []
    assert con.execute("SELECT count(*) FROM schema_version").fetchone() == (LATEST_VERSION,)
    con.close()


def test_unwritable_location_is_a_clear_error(tmp_path: Path) -> None:
    """A ledger path that cannot be created gives a CorridorError, not a traceback."""
    from corridor.errors import CorridorError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CorridorError, match="cannot open the ledger"):
        Ledger.open(blocker / "sub" / "l.duckdb")


def test_a_version_9_ledgers_flows_read_the_same_after_flows_became_a_view(
    tmp_path: Path,
) -> None:
    """Version 10 keeps every row written before in ``flow_rows`` (every column a row) and
    makes ``flows`` a view over it and the lean rows: the old rows read as they were."""
    path = tmp_path / "v9.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=9)
    load_reference(con, data_dir() / "reference")
    row = ("2024-01-01", "2024-12-31", "KAZ", "CHN", None, "export", "HS2012", "2603")
    con.execute(
        "INSERT INTO flows VALUES (?, ?, ?, ?, ?, ?, ?, ?, 100.00, 5.5, 't', 'wits', NULL, 1, "
        "NULL, NULL, NULL)",
        list(row),
    )
    before = con.execute("SELECT * FROM flows").fetchall()
    con.close()
    with Ledger.open(path, defaults=False) as ledger:
        assert list(ledger.query("SELECT * FROM flows").rows) == before
        kinds = ledger.query(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_name IN ('flows', 'flow_rows') ORDER BY 1"
        ).rows
    assert kinds == (("flow_rows", "BASE TABLE"), ("flows", "VIEW"))


def test_an_older_ledger_opened_read_only_says_so_and_a_command_upgrades_it(
    tmp_path: Path,
) -> None:
    """Opening an older ledger read-only names both versions (it cannot upgrade); a session,
    as every command opens one, upgrades it first."""
    from corridor.errors import CorridorError
    from corridor.session import Session

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=LATEST_VERSION - 1)
    con.close()
    with pytest.raises(CorridorError, match=f"schema version {LATEST_VERSION - 1}, .* needs"):
        Ledger.open(path, read_only=True)
    with Session.open(path, read_only=True) as session, session.ledger() as ledger:
        assert ledger.status().schema_version == LATEST_VERSION
