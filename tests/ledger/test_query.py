"""Queries read; they never write."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import DataGapError, InputError
from corridor.ledger import Ledger
from tests.conftest import WITS_FIXTURE


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM flows",
        "INSERT INTO loads SELECT * FROM loads",
        "DROP TABLE flows",
        "CREATE TABLE x AS SELECT 1",
        "UPDATE flows SET value_usd = 0",
        "ATTACH '/tmp/x.duckdb' AS x",
        "COPY flows TO '/tmp/flows.csv'",
        "SET threads = 1",
        "SELECT 1; DELETE FROM flows",
    ],
)
def test_writes_are_refused(ledger: Ledger, sql: str) -> None:
    """Anything but a single query is refused with a message; the ledger is unchanged."""
    ledger.load(WITS_FIXTURE, format="wits")
    with pytest.raises(InputError):
        ledger.query(sql)
    assert ledger.query("SELECT count(*) FROM flows").rows == ((796,),)


def test_query_returns_columns_and_rows(ledger: Ledger) -> None:
    ledger.load(WITS_FIXTURE, format="wits")
    result = ledger.query(
        "WITH y AS (SELECT year(period_start) AS year, count(*) AS n FROM flows GROUP BY 1) "
        "SELECT * FROM y ORDER BY year"
    )
    assert result.columns == ("year", "n")
    assert result.rows == ((2023, 412), (2024, 384))  # rows per year in the fixture


def test_row_limit_is_reported(ledger: Ledger) -> None:
    ledger.load(WITS_FIXTURE, format="wits")
    result = ledger.query("SELECT * FROM flows", max_rows=10)
    assert len(result.rows) == 10 and result.truncated


def test_sql_errors_are_input_errors(ledger: Ledger) -> None:
    with pytest.raises(InputError, match="SQL error"):
        ledger.query("SELECT nope FROM flows")


def test_read_only_ledger_cannot_read_other_files(default_db: Path, tmp_path: Path) -> None:
    """A read-only ledger has file access disabled: queries cannot read the file system."""
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with Ledger.open(default_db, read_only=True) as ledger, pytest.raises(InputError):
        ledger.query(f"SELECT * FROM read_csv('{secret}')")


def test_read_only_needs_an_existing_ledger(tmp_path: Path) -> None:
    with pytest.raises(DataGapError, match="no ledger"):
        Ledger.open(tmp_path / "none.duckdb", read_only=True)


def test_unit_values_kept_for_the_ledgers_contents(tmp_path: Path) -> None:
    """Unit values are answered again from memory while the contents stay the same, and a load
    that changes them is seen at once (the kept answers are keyed by the ledger's version)."""
    with Ledger.open(":memory:") as ledger:
        before = ledger.flows.unit_values((), digits=2)
        assert ledger.flows.unit_values((), digits=2) == before
        path = tmp_path / "BACI_HS17_Y2022_V202401.csv"
        # Germany → France, a pair nothing else holds: 1,000 t of live horses for US$50 m
        path.write_text("t,i,j,k,v,q\n2022,276,251,010121,50000,1000\n", encoding="utf-8")
        ledger.load(path, format="baci")
        after = ledger.flows.unit_values((), digits=2)
    assert after != before and after["01"] != before.get("01")
