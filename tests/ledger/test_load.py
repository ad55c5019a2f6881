"""Loads are all or nothing, idempotent, and say exactly which line and field is wrong."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from corridor.errors import InputError
from corridor.ledger import Ledger
from tests.conftest import BACI_FIXTURE, WITS_FIXTURE, flows_count, ledger_snapshot

HEADER = "t,i,j,k,v,q\n"


def write(tmp_path: Path, body: str, name: str = "BACI_HS17_Y2021_V202401.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


def test_same_file_twice_is_loaded_once(ledger: Ledger) -> None:
    """Loading a file with the same SHA-256 again does nothing and says so."""
    first = ledger.load(BACI_FIXTURE, format="baci")
    again = ledger.load(BACI_FIXTURE, format="baci")
    assert again.status == "already loaded" and again.load_id == first.load_id
    assert flows_count(ledger) == first.rows == 209


def test_same_file_under_another_name_is_recognised(ledger: Ledger, tmp_path: Path) -> None:
    """Identity is the content, not the name."""
    ledger.load(BACI_FIXTURE, format="baci")
    copy = tmp_path / "BACI_HS02_copy.csv"
    copy.write_bytes(BACI_FIXTURE.read_bytes())
    assert ledger.load(copy, format="baci").status == "already loaded"


def test_two_files_for_the_same_period_are_both_kept(ledger: Ledger, tmp_path: Path) -> None:
    """Two files for the same source, period and reporter are both kept, told apart by load."""
    a = write(tmp_path, "2021,398,156,740311,1.5,1\n", "BACI_HS17_a.csv")
    b = write(tmp_path, "2021,398,156,740311,2.5,1\n", "BACI_HS17_b.csv")
    ledger.load(a, format="baci")
    ledger.load(b, format="baci")
    rows = ledger.query("SELECT load_id, value_usd FROM flows ORDER BY load_id").rows
    assert [(r[0], float(r[1])) for r in rows] == [(1, 1500.0), (2, 2500.0)]


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("2021,398,156,740311,abc,1", "v", "not a number"),
        ("2021,398,156,740311,-1.5,1", "v", "negative value"),
        ("2021,398,156,740311,,1", "v", "missing value"),
        ("2021,398,999,740311,1.5,1", "j", "unknown country code"),
        ("2021,398,156,74031A,1.5,1", "k", "HS code"),
        ("2021,398,156,7403,1.5,1", "k", "six digits"),
        ("1900,398,156,740311,1.5,1", "t", "out of range"),
        ("2021,398,156,740311,1.5,x", "q", "quantity is not a number"),
        ("2021,398,156,740311,inf,1", "v", "value out of range"),
        ("2021,398,156,740311", None, "too few fields"),
        ("2021,398,156,740311,1.5,1,7", None, "too many fields"),
    ],
)
def test_a_bad_row_rejects_the_file_and_names_the_place(
    ledger: Ledger, tmp_path: Path, line: str, column: str | None, reason: str
) -> None:
    """The error names file, line (header = 1), column and reason; the ledger is unchanged."""
    ledger.load(BACI_FIXTURE, format="baci")
    before = ledger_snapshot(ledger)
    path = write(tmp_path, "2021,398,156,010121,1,1\n2021,398,156,010129,1,1\n" + line + "\n")
    with pytest.raises(InputError) as err:
        ledger.load(path, format="baci")
    problem = err.value.problems[0]
    assert (problem.line, problem.column) == (4, column)
    assert reason in problem.reason
    assert str(path) in str(err.value)
    assert ledger_snapshot(ledger) == before


def test_duplicate_key_names_both_lines(ledger: Ledger, tmp_path: Path) -> None:
    """Two rows with the same key are both refused, each naming the other."""
    path = write(
        tmp_path, "2021,398,156,010121,1,1\n2021,398,156,010129,1,1\n2021,398,156,010121,2,1\n"
    )
    with pytest.raises(InputError) as err:
        ledger.load(path, format="baci")
    reasons = {(p.line, p.reason.rsplit(" ", 1)[-1]) for p in err.value.problems}
    assert reasons == {(2, "4"), (4, "2")}


def test_error_lists_twenty_problems_and_counts_the_rest(ledger: Ledger, tmp_path: Path) -> None:
    """At most 20 problems are listed; the message counts the others."""
    body = "".join(f"2021,398,156,{10100 + i:06d},-1,1\n" for i in range(25))
    with pytest.raises(InputError) as err:
        ledger.load(write(tmp_path, body), format="baci")
    assert len(err.value.problems) == 20 and err.value.more == 5
    assert "25 row(s) rejected" in str(err.value) and "and 5 more" in str(err.value)


def test_quarantine_keeps_good_rows_and_every_reject(ledger: Ledger, tmp_path: Path) -> None:
    """--quarantine loads the good rows and keeps each rejected row with its reason."""
    path = write(
        tmp_path,
        "2021,398,156,010121,1,1\n2021,398,999,010129,1,1\n"
        "2021,398,156,010130,-4,1\n2021,398,156\n",
    )
    result = ledger.load(path, format="baci", quarantine=True)
    assert (result.status, result.rows, result.rejected) == ("quarantined", 1, 3)
    rejects = ledger.query("SELECT line, column_name, value, reason FROM rejects ORDER BY line")
    assert [r[:3] for r in rejects.rows] == [
        (3, "j", "999"),
        (4, "v", "-4.0"),
        (5, None, "2021,398,156"),
    ]
    assert ledger.status().rejects == 3


def test_line_numbers_hold_in_large_parallel_reads(ledger: Ledger, tmp_path: Path) -> None:
    """In a file read in parallel chunks, a bad row deep inside is still named by its line."""
    path = tmp_path / "BACI_HS17_big.csv"
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 2021 AS t, 398 AS i, 156 AS j, lpad((100000 + r)::VARCHAR, 6, '0') AS k,
                  CASE WHEN r = 250000 THEN -1.0 ELSE 1.0 END AS v, 1 AS q
                  FROM range(300000) t(r)) TO '{path}' (HEADER)"""
    )
    con.close()
    with pytest.raises(InputError) as err:
        ledger.load(path, format="baci")
    assert [p.line for p in err.value.problems] == [250002]


def test_line_numbers_after_a_malformed_line(ledger: Ledger, tmp_path: Path) -> None:
    """Rows after a line the CSV reader rejects keep their true line numbers."""
    path = write(tmp_path, "2021,398,156,010121,1,1\n2021,398\n2021,398,156,010129,-1,1\n")
    with pytest.raises(InputError) as err:
        ledger.load(path, format="baci")
    assert [p.line for p in err.value.problems] == [3, 4]


def test_missing_column_is_named(ledger: Ledger, tmp_path: Path) -> None:
    """A file without a required column is refused before reading any row."""
    path = tmp_path / "BACI_HS17_x.csv"
    path.write_text("t,i,j,k,q\n2021,398,156,010121,1\n")
    with pytest.raises(InputError, match=r"missing column.*'v'"):
        ledger.load(path, format="baci")


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00binary", b"t,i,j,k,v,q\n"])
def test_empty_or_binary_files_are_clear_errors(
    ledger: Ledger, tmp_path: Path, content: bytes
) -> None:
    """Empty, binary and header-only files give an InputError (header-only loads no rows)."""
    path = tmp_path / "BACI_HS17_x.csv"
    path.write_bytes(content)
    if content == b"t,i,j,k,v,q\n":
        assert ledger.load(path, format="baci").rows == 0
    else:
        with pytest.raises(InputError):
            ledger.load(path, format="baci")


def test_missing_file(ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ledger.load(tmp_path / "nope.csv", format="wits")


def test_load_records_provenance(ledger: Ledger) -> None:
    """The loads table keeps source, file, SHA-256, rows, times and status."""
    result = ledger.load(WITS_FIXTURE, format="wits")
    info = ledger.status().loads[0]
    assert (info.source, info.file_name, info.sha256, info.rows, info.status) == (
        "wits",
        WITS_FIXTURE.name,
        result.sha256,
        796,
        "complete",
    )
    assert info.started_at <= info.finished_at


def test_options_that_do_not_apply_are_refused(ledger: Ledger, tmp_path: Path) -> None:
    """--hs-rev with csv/parquet, or a mapping with another format, is an error, not ignored."""
    with pytest.raises(InputError, match="only used by format csv"):
        ledger.load(BACI_FIXTURE, format="baci", mapping=tmp_path / "m.yaml")
    with pytest.raises(InputError, match="does not apply"):
        ledger.load(WITS_FIXTURE, format="csv", mapping=tmp_path / "m.yaml", hs_rev="HS2017")


def test_progress_names_each_step(ledger: Ledger, tmp_path: Path) -> None:
    """A load reports its steps in order (long steps add DuckDB's percentage): a good file is
    streamed in one pass, hashed meanwhile; a file with a problem is read again the checked way;
    a file of a size already loaded is hashed first, since it may be loaded already."""
    steps: list[str] = []

    def names() -> list[str]:
        seen = [s.split()[0] for s in steps]
        return [n for i, n in enumerate(seen) if n not in seen[:i]]

    ledger.load(BACI_FIXTURE, format="baci", progress=steps.append)
    assert names() == ["loading", "checking"]
    steps.clear()
    bad = write(tmp_path, "2021,398,156,010121,1,1\n2021,398,156,010121,2,1\n")
    with pytest.raises(InputError):
        ledger.load(bad, format="baci", progress=steps.append)
    assert names() == ["loading", "checking", "reading"]
    steps.clear()
    copy = tmp_path / "BACI_HS02_copy.csv"
    copy.write_bytes(BACI_FIXTURE.read_bytes())
    assert ledger.load(copy, format="baci", progress=steps.append).status == "already loaded"
    assert names() == ["hashing"]


def _rows(ledger: Ledger) -> tuple[tuple[object, ...], ...]:
    return ledger.query("SELECT * FROM flows ORDER BY ALL").rows


@pytest.mark.parametrize("quarantine", [False, True])
def test_a_baci_file_keeps_its_shared_fields_once_and_reads_as_every_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quarantine: bool
) -> None:
    """A BACI file fixes its flow kind, HS revision, region and quantity unit: its rows are
    written with eight columns, the shared fields once. ``flows`` shows exactly the rows that
    writing every column gives (streamed, and the checked way with a rejected row)."""
    import corridor.ledger._load as load

    body = "".join(
        f"2021,398,156,{10100 + i:06d},{i + 1}.5,{'NA' if i % 3 else i}\n" for i in range(9)
    )
    path = write(tmp_path, body + ("2021,398,156,xx,1,1\n" if quarantine else ""))
    with Ledger.open(tmp_path / "lean.duckdb", defaults=False) as ledger:
        result = ledger.load(path, format="baci", quarantine=quarantine)
        lean = _rows(ledger)
        counts = ledger.query(
            "SELECT (SELECT count(*) FROM flow_rows_lean), (SELECT count(*) FROM flow_rows), "
            "(SELECT count(*) FROM load_constants)"
        ).rows
    assert result.rows == 9 and counts == ((9, 0, 1),)
    monkeypatch.setattr(load, "lean_of", lambda plan: None)  # every column a row, as before
    with Ledger.open(tmp_path / "wide.duckdb", defaults=False) as ledger:
        ledger.load(path, format="baci", quarantine=quarantine)
        assert ledger.query("SELECT count(*) FROM flow_rows").rows == ((9,),)
        wide = _rows(ledger)
    assert lean == wide
    units = {(r[9] is None, r[10]) for r in lean}  # a unit exactly where there is a quantity
    assert units == {(True, None), (False, "t")}


def test_a_duplicate_key_in_a_baci_file_leaves_no_shared_fields_behind(
    ledger: Ledger, tmp_path: Path
) -> None:
    """A refused BACI file writes nothing: no rows and no shared fields."""
    before = ledger_snapshot(ledger)
    path = write(tmp_path, "2021,398,156,010121,1,1\n2021,398,156,010121,2,1\n")
    with pytest.raises(InputError, match="rejected"):
        ledger.load(path, format="baci")
    assert ledger_snapshot(ledger) == before
    assert ledger.query("SELECT count(*) FROM load_constants").rows == ((0,),)
