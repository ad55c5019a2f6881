"""Properties: valid files load with exact totals; one corrupted field is always caught."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.ledger import Ledger
from tests.conftest import ledger_snapshot

CODES = ["398", "156", "643", "276", "842", "251", "699"]  # BACI codes incl. non-ISO 842, 251, 699

row = st.tuples(
    st.integers(1995, 2024),
    st.sampled_from(CODES),
    st.sampled_from(CODES),
    st.integers(10100, 970600).map(lambda k: f"{k:06d}"),
    st.decimals(min_value=0, max_value=Decimal("9999999.999"), places=3, allow_nan=False),
    st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("99999.999"), places=3)),
)
rows = st.lists(row, min_size=1, max_size=40, unique_by=lambda r: (r[0], r[1], r[2], r[3]))

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def render(data: list[tuple[int, str, str, str, Decimal, Decimal | None]]) -> str:
    lines = ["t,i,j,k,v,q"]
    lines += [f"{t},{i},{j},{k},{v},{'NA' if q is None else q}" for t, i, j, k, v, q in data]
    return "\n".join(lines) + "\n"


@SETTINGS
@given(data=rows)
def test_generated_valid_files_load_with_exact_totals(data: list) -> None:  # type: ignore[type-arg]
    """Every valid file loads every row, and totals by year equal the file's to the cent."""
    expected: dict[int, Decimal] = {}
    for t, _, _, _, v, _ in data:
        expected[t] = expected.get(t, Decimal(0)) + v * 1000
    with tempfile.TemporaryDirectory() as tmp, Ledger.open(":memory:", defaults=False) as ledger:
        path = Path(tmp) / "BACI_HS17_gen.csv"
        path.write_text(render(data))
        assert ledger.load(path, format="baci").rows == len(data)
        got = dict(
            ledger.query("SELECT year(period_start), sum(value_usd) FROM flows GROUP BY 1").rows
        )
        assert got == expected


CORRUPTIONS = {
    "t": ["19x5", "1066", "", "3000"],
    "i": ["999", "KAZ", ""],
    "j": ["-1", "12.5"],
    "k": ["12345A", "1234567", "", "12"],
    "v": ["abc", "-0.5", "", "1e400", "nan"],
    "q": ["-3", "many"],
}
FIELDS = list(CORRUPTIONS)


@SETTINGS
@given(data=rows, where=st.integers(0, 39), field=st.sampled_from(FIELDS), pick=st.integers(0, 9))
def test_one_corrupted_field_is_rejected_with_its_line(
    data: list,
    where: int,
    field: str,
    pick: int,  # type: ignore[type-arg]
) -> None:
    """Corrupting one field of one row rejects the file at that line and changes nothing."""
    index = where % len(data)
    bad_value = CORRUPTIONS[field][pick % len(CORRUPTIONS[field])]
    lines = render(data).splitlines()
    cells = lines[index + 1].split(",")
    cells[FIELDS.index(field)] = bad_value
    lines[index + 1] = ",".join(cells)
    with tempfile.TemporaryDirectory() as tmp, Ledger.open(":memory:", defaults=False) as ledger:
        path = Path(tmp) / "BACI_HS17_gen.csv"
        before = ledger_snapshot(ledger)
        path.write_text("\n".join(lines) + "\n")
        try:
            ledger.load(path, format="baci")
        except InputError as err:
            lines_named = {p.line for p in err.problems}
            # a corrupted key may also collide with another row: that row is named too
            assert index + 2 in lines_named
        else:
            pytest.fail(f"corrupted {field}={bad_value!r} on line {index + 2} was accepted")
        assert ledger_snapshot(ledger) == before


@SETTINGS
@given(data=rows, cut=st.integers(1, 30))
def test_truncated_last_line_is_rejected(data: list, cut: int) -> None:  # type: ignore[type-arg]
    """A file cut short inside its last line is rejected at that line."""
    text = render(data).rstrip("\n")
    last = text.rsplit("\n", 1)[-1]
    keep = len(text) - min(cut, len(last) - 1)
    truncated = text[:keep]
    with tempfile.TemporaryDirectory() as tmp, Ledger.open(":memory:", defaults=False) as ledger:
        path = Path(tmp) / "BACI_HS17_gen.csv"
        path.write_text(truncated)
        cells = truncated.rsplit("\n", 1)[-1].split(",")
        if len(cells) == 6:
            return  # the cut fell inside the last field and left a valid number: still a row
        with pytest.raises(InputError) as err:
            ledger.load(path, format="baci")
        assert err.value.problems[-1].line == len(data) + 1


_HS_TEXT = st.text(
    alphabet=st.sampled_from([*"0123456789", "A", "a", " ", "-", ".", "٣", "０", "*", "?", "["]),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_HS_TEXT, min_size=1, max_size=30))
def test_the_hs_code_test_gives_what_the_pattern_gives(codes: list[str]) -> None:
    """The rule's fast form of the HS code test (length and digits) accepts exactly the codes
    the pattern accepts: 2, 4 or 6 ASCII digits, or 9999AA."""
    import duckdb

    from corridor.ledger._checks import HS_CODE_PATTERN, HS_CODE_SQL

    con = duckdb.connect()
    rows = con.execute(
        f"SELECT hs_code, {HS_CODE_SQL}, regexp_full_match(hs_code, '{HS_CODE_PATTERN}') "
        "FROM (SELECT unnest(?::VARCHAR[]) AS hs_code) c",
        [[*codes, "010121", "9999AA", "0101", "01", "1234567", "٣٣"]],
    ).fetchall()
    assert all(fast == pattern for _, fast, pattern in rows), rows
