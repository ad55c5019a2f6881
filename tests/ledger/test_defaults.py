"""The embedded default dataset: real figures, loaded on first use, with its gaps marked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from corridor.ledger import Ledger
from corridor.ledger._candidates import refresh_candidates
from corridor.ledger._defaults import read_manifest
from corridor.locations import data_dir


def _bn(ledger: Ledger, sql: str) -> float:
    ((value,),) = ledger.query(sql).rows
    return round(float(value) / 1e9, 2)


def test_every_manifest_file_is_loaded_once(default_ledger: Ledger) -> None:
    """Each file of data/ledger/manifest.yaml is one complete load."""
    manifest = read_manifest(data_dir() / "ledger")
    loads = default_ledger.status().loads
    assert [ld.file_name for ld in loads] == [f.file for f in manifest.files]
    assert all(ld.status == "complete" and ld.rows > 0 for ld in loads)


def test_kazakh_official_totals_are_reproduced(default_ledger: Ledger) -> None:
    """The WITS files reproduce Kazakhstan's published 2023 and 2024 trade with China."""
    sql = (
        "SELECT sum(value_usd) FROM flows WHERE source = 'wits' AND reporter = 'KAZ' "
        "AND partner = 'CHN' AND flow = '{flow}' AND year(period_start) = {year}"
    )
    assert _bn(default_ledger, sql.format(flow="export", year=2024)) == 14.90
    assert _bn(default_ledger, sql.format(flow="import", year=2024)) == 15.15
    assert _bn(default_ledger, sql.format(flow="export", year=2023)) == 14.76
    assert _bn(default_ledger, sql.format(flow="import", year=2023)) == 16.77


def test_baci_2021_kaz_to_chn_total(default_ledger: Ledger) -> None:
    """BACI's reconciled 2021 Kazakh exports to China: US$10.73 bn."""
    assert (
        _bn(
            default_ledger,
            "SELECT sum(value_usd) FROM flows WHERE source = 'baci' AND partner = 'CHN'",
        )
        == 10.73
    )


def test_both_sides_2022_totals_are_stored_as_total_flows(default_ledger: Ledger) -> None:
    """The mirror gap of 2022: Kazakh statistics US$24 bn, Chinese customs US$31.2 bn."""
    rows = default_ledger.query(
        "SELECT reporter, value_usd, source_ref FROM flows WHERE hs_code = 'TOTAL' "
        "AND flow = 'turnover' AND period_start = DATE '2022-01-01' ORDER BY reporter"
    ).rows
    assert [(r[0], r[1]) for r in rows] == [
        ("CHN", Decimal("31200000000.00")),
        ("KAZ", Decimal("24000000000.00")),
    ]
    assert all(r[2].startswith("https://") for r in rows)


def test_xinjiang_totals_carry_their_region_and_currency(default_ledger: Ledger) -> None:
    """Xinjiang–Kazakhstan 2018 (104.9 bn yuan) is stored in US$ with the yuan figure kept."""
    rows = default_ledger.query(
        "SELECT reporter, reporter_region, partner, year(period_start), currency, value_reported,"
        " round(value_usd / 1e9, 2) FROM flows WHERE reporter_region IS NOT NULL ORDER BY 4"
    ).rows
    assert [r[:5] for r in rows] == [
        ("CHN", "CN-XJ", "WLD", 2017, None),
        ("CHN", "CN-XJ", "KAZ", 2018, "CNY"),
    ]
    assert rows[1][5:] == (Decimal("104900000000.00"), 15.85)


def test_2020_to_2022_bilateral_years_are_partial(default_ledger: Ledger) -> None:
    """The WITS China files stop at chapter 72 in 2020–2022: those years are partial; the others
    show nothing missing but have no independent reference to confirm them (unverified)."""
    rows = default_ledger.query(
        "SELECT year(period_start), status, list_contains(missing_chapters, '84') "
        "FROM coverage WHERE source = 'wits' AND reporter = 'KAZ' AND partner = 'CHN' "
        "AND flow = 'import' ORDER BY 1"
    ).rows
    assert {r[0]: r[1] for r in rows} == {
        **{y: "unverified" for y in (2015, 2016, 2017, 2018, 2019, 2023, 2024)},
        **{y: "partial" for y in (2020, 2021, 2022)},
    }
    assert all(r[2] for r in rows if r[1] == "partial")


def test_gap_detection_does_not_need_the_notes(tmp_path: Path) -> None:
    """Without the provider notes, the missing chapters alone mark 2020–2022 incomplete."""
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.connection.execute("DELETE FROM coverage_notes")
        refresh_candidates(ledger.connection)
        rows = ledger.query(
            "SELECT year(period_start), round(missing_share_pct) FROM coverage "
            "WHERE source = 'wits' AND reporter = 'KAZ' AND partner = 'CHN' AND flow = 'import' "
            "AND status = 'partial' ORDER BY 1"
        ).rows
    assert [r[0] for r in rows] == [2020, 2021, 2022]
    assert all(r[1] > 50 for r in rows)  # machinery, vehicles, metals: most of the imports


def test_default_data_is_loaded_only_into_an_empty_ledger(default_db: Path) -> None:
    """Re-opening a ledger does not load the defaults again."""
    with Ledger.open(default_db) as ledger:
        before = len(ledger.status().loads)
    with Ledger.open(default_db) as ledger:
        assert len(ledger.status().loads) == before


def test_a_changed_default_file_replaces_its_old_load(tmp_path: Path) -> None:
    """A release that changes an embedded file: the old load is replaced, user loads are kept."""
    from tests.conftest import WITS_FIXTURE

    db = tmp_path / "l.duckdb"
    with Ledger.open(db) as ledger:
        user = ledger.load(WITS_FIXTURE, format="wits")
        ledger.connection.execute(
            "UPDATE loads SET sha256 = 'old' WHERE file_name = 'official_totals.csv'"
        )
        before = ledger.status()
    with Ledger.open(db) as ledger:
        after = ledger.status()
        files = [ld.file_name for ld in after.loads]
        assert files.count("official_totals.csv") == 1
        assert user.load_id in [ld.load_id for ld in after.loads]
        assert after.flows == before.flows


def test_the_candidates_built_once_for_the_batch_equal_a_rebuild(tmp_path: Path) -> None:
    """The default files' loads leave the candidate figures to the batch's last one: the
    table is the one a full rebuild gives."""

    def rows() -> list[tuple[object, ...]]:
        # DuckDB sums doubles in parallel: the last bits of a share may differ between builds
        found = con.execute("SELECT * FROM candidates ORDER BY ALL").fetchall()
        return [tuple(f"{v:.9g}" if isinstance(v, float) else v for v in r) for r in found]

    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        con = ledger.connection
        before = rows()
        refresh_candidates(con)
        after = rows()
    assert before and before == after
