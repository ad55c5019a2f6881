"""Which load gives a figure: judged against independent references, never by load order."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.periods import year
from tests.conftest import BACI_FIXTURE

WITS_HEADER = (
    "Nomenclature,ReporterISO3,ProductCode,ReporterName,PartnerISO3,PartnerName,Year,"
    "TradeFlowName,TradeFlowCode,TradeValuein1000USD\n"
)


def wits_file(path: Path, rows: list[tuple[str, str, str, int, str, float]]) -> Path:
    """A WITS CSV of (reporter, partner, HS code, year, flow, value in thousand US$) rows."""
    lines = [
        f"H4,{r},{code},R,{p},P,{y},{'Export' if f == 'export' else 'Import'},"
        f"{6 if f == 'export' else 5},{v}\n"
        for r, p, code, y, f, v in rows
    ]
    path.write_text(WITS_HEADER + "".join(lines))
    return path


@pytest.fixture
def copy_of_default(default_db: Path, tmp_path: Path) -> Iterator[Ledger]:
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    with Ledger.open(db) as ledger:
        yield ledger


def test_a_partial_file_never_replaces_a_total(copy_of_default: Ledger, tmp_path: Path) -> None:
    """Six rows for 2024 (a subset of the WITS year): the figure stays US$30.05 bn."""
    ledger = copy_of_default
    before = ledger.flows.turnover("KAZ", "CHN", year(2024))
    six = wits_file(
        tmp_path / "six.csv",
        [
            ("KAZ", "CHN", "2603", 2024, "export", 1_200_000),
            ("KAZ", "CHN", "7403", 2024, "export", 900_000),
            ("KAZ", "CHN", "2709", 2024, "export", 500_000),
            ("KAZ", "CHN", "8517", 2024, "import", 800_000),
            ("KAZ", "CHN", "8703", 2024, "import", 600_000),
            ("KAZ", "CHN", "8471", 2024, "import", 400_000),
        ],
    )
    ledger.load(six, format="wits")
    after = ledger.flows.turnover("KAZ", "CHN", year(2024))
    assert before.value_usd == after.value_usd == pytest.approx(30.05e9, rel=1e-3)
    statuses = ledger.query(
        "SELECT DISTINCT status FROM candidates WHERE load_id = (SELECT max(load_id) FROM loads)"
    ).rows
    assert statuses == (("superseded",),)


def test_a_partial_file_of_another_source_is_partial(
    copy_of_default: Ledger, tmp_path: Path
) -> None:
    """Three chapters, one above WITS's value: not contained, so judged, and found partial."""
    ledger = copy_of_default
    rows = [
        ("KAZ", "CHN", "2603", 2024, "export", 5_000_000),
        ("KAZ", "CHN", "7403", 2024, "export", 900_000),
        ("KAZ", "CHN", "2709", 2024, "export", 500_000),
    ]
    ledger.load(wits_file(tmp_path / "mine.csv", rows), format="wits", source="mine")
    found = ledger.flows.value(reporter="KAZ", partner="CHN", flow="export", period=year(2024))
    assert found.found is not None and found.found.source == "wits"
    mine = [a for a in found.alternatives if a.label.startswith("mine")]
    assert mine and mine[0].status == "partial" and "lacking chapters" in mine[0].reason


def test_one_product_for_every_reporter_is_not_a_world_total(
    copy_of_default: Ledger, tmp_path: Path
) -> None:
    """Bicycles for each reporter × World: KAZ–WLD 2017 stays US$78.03 bn."""
    ledger = copy_of_default
    bikes = wits_file(
        tmp_path / "bikes.csv",
        [
            ("KAZ", "WLD", "8712", 2017, "export", 1_500),
            ("KAZ", "WLD", "8712", 2017, "import", 20_000),
            ("CHN", "WLD", "8712", 2017, "export", 3_000_000),
            ("CHN", "WLD", "8712", 2017, "import", 50_000),
        ],
    )
    ledger.load(bikes, format="wits", source="bikes")
    t = ledger.flows.turnover("KAZ", "WLD", year(2017))
    assert t.value_usd == pytest.approx(78.03e9, rel=1e-3)
    assert "bikes" not in (t.source or "")


def test_a_published_total_confirms_product_rows(ledger: Ledger, tmp_path: Path) -> None:
    """Product rows within 3 % of a published total are complete; 10 % short, partial."""
    rows = [("KAZ", "CHN", f"{c:02d}", 2024, "export", 1_000.0) for c in range(1, 11)]
    ledger.load(wits_file(tmp_path / "products.csv", rows), format="wits")
    total = tmp_path / "total.csv"
    total.write_text(
        WITS_HEADER
        + "H4,KAZ,Total,R,CHN,P,2024,Export,6,10100\nH4,KAZ,Total,R,CHN,P,2023,Export,6,1\n"
    )
    ledger.load(total, format="wits", source="published")
    status = dict(
        ledger.query("SELECT is_total, status FROM candidates WHERE year(period_start) = 2024").rows
    )
    assert status == {False: "complete", True: "published"}
    big = tmp_path / "total2.csv"
    big.write_text(WITS_HEADER + "H4,KAZ,Total,R,CHN,P,2024,Export,6,11200\n")
    ledger.load(big, format="wits", source="published2")
    found = ledger.flows.value(reporter="KAZ", partner="CHN", flow="export", period=year(2024))
    assert found.found is not None
    assert (found.found.source, found.found.value_usd) == ("published2", 11_200_000)
    assert any(a.status == "partial" and "published total" in a.reason for a in found.alternatives)


def test_the_partner_mirror_shows_missing_chapters(ledger: Ledger, tmp_path: Path) -> None:
    """Exports lacking chapters that carry a large part of the partner's imports are partial."""
    ours = [("KAZ", "CHN", "26", 2024, "export", 100.0)]
    theirs = [
        ("CHN", "KAZ", "26", 2024, "import", 110.0),
        ("CHN", "KAZ", "74", 2024, "import", 900.0),
    ]
    ledger.load(wits_file(tmp_path / "a.csv", ours), format="wits")
    ledger.load(wits_file(tmp_path / "b.csv", theirs), format="wits", source="china")
    ((status, reason),) = ledger.query(
        "SELECT status, reason FROM candidates WHERE reporter = 'KAZ'"
    ).rows
    assert status == "partial" and "partner's report" in reason


def test_flows_best_counts_each_figure_once(default_ledger: Ledger) -> None:
    """The README's query on flows_best gives the ledger's own figures, year by year."""
    rows = default_ledger.query(
        """SELECT year(period_start) AS y, sum(value_usd) FROM flows_best
           WHERE reporter = 'KAZ' AND partner = 'CHN' AND flow = 'export'
             AND reporter_region IS NULL AND date_diff('month', period_start, period_end) = 11
           GROUP BY 1 ORDER BY 1"""
    ).rows
    assert rows
    for y, value in rows:
        found = default_ledger.flows.value(
            reporter="KAZ", partner="CHN", flow="export", period=year(int(y))
        ).found
        assert found is not None and float(value) == pytest.approx(found.value_usd)


# --- the result does not depend on load order or on subsets --------------------------------

CELLS = [(r, p) for r in ("KAZ", "CHN") for p in ("CHN", "KAZ", "WLD") if r != p]
CHAPTERS = ["01", "26", "27", "74", "84", "87"]


@st.composite
def files(draw: st.DrawFn) -> list[tuple[str, list[tuple[str, str, str, int, str, float]]]]:
    """Two to four files (source label and rows) over a few cells, years and chapters."""
    out = []
    for k in range(draw(st.integers(2, 4))):
        rows = []
        for r, p in CELLS:
            for y in (2022, 2023):
                for flow in ("export", "import"):
                    if not draw(st.booleans()):
                        continue
                    chosen = draw(st.lists(st.sampled_from(CHAPTERS), min_size=1, unique=True))
                    for c in chosen:
                        value = draw(st.sampled_from([1.0, 5.0, 40.0, 300.0, 2_000.0]))
                        rows.append((r, p, c, y, flow, value))
                    if draw(st.integers(0, 4)) == 0:
                        total = draw(st.sampled_from([100.0, 2_500.0, 9_000.0]))
                        rows.append((r, p, "Total", y, flow, total))
        if rows:
            out.append((draw(st.sampled_from(["wits", "comtrade", "kazstat"])) + str(k % 2), rows))
    return out


def _figures(ledger: Ledger) -> dict[tuple[str, ...], float | None]:
    out: dict[tuple[str, ...], float | None] = {}
    for (r, p), y, flow in itertools.product(CELLS, (2022, 2023), ("export", "import")):
        found = ledger.flows.value(reporter=r, partner=p, flow=flow, period=year(y)).found
        out[(r, p, str(y), flow)] = None if found is None else round(found.value_usd, 2)
    return out


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Ledger.open(path, defaults=False).close()
    return path


def _load_all(
    template: Path, work: Path, order: list[tuple[str, list[tuple[str, str, str, int, str, float]]]]
) -> dict[tuple[str, ...], float | None]:
    db = work / "l.duckdb"
    db.unlink(missing_ok=True)
    shutil.copy(template, db)
    with Ledger.open(db, defaults=False) as ledger:
        for i, (source, rows) in enumerate(order):
            ledger.load(wits_file(work / f"f{i}_{source}.csv", rows), format="wits", source=source)
        return _figures(ledger)


@settings(
    max_examples=int(os.environ.get("CORRIDOR_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(loads=files().filter(bool), data=st.data())
def test_figures_do_not_depend_on_load_order_or_subsets(
    loads: list[tuple[str, list[tuple[str, str, str, int, str, float]]]],
    data: st.DataObject,
    empty_db: Path,
    tmp_path: Path,
) -> None:
    """Every figure is the same whatever order the files are loaded in, and adding a strict
    subset of a loaded file changes none."""
    work = tmp_path / "w"
    work.mkdir(exist_ok=True)
    first = _load_all(empty_db, work, loads)
    shuffled = data.draw(st.permutations(loads))
    assert _load_all(empty_db, work, list(shuffled)) == first
    source, rows = data.draw(st.sampled_from(loads))
    if len(rows) > 1:
        keep = data.draw(st.lists(st.sampled_from(range(len(rows))), min_size=1, unique=True))
        subset = [rows[i] for i in sorted(keep) if len(keep) < len(rows)]
        if subset:
            assert _load_all(empty_db, work, [*loads, (source, subset)]) == first


def test_baci_italy_is_read_with_the_release_table(ledger: Ledger, tmp_path: Path) -> None:
    """From V202301 BACI writes Italy 380; before, 381: each file with its own release's table."""
    new = tmp_path / "BACI_HS17_Y2022_V202301.csv"
    new.write_text("t,i,j,k,v,q\n2022,398,380,740311,1.5,NA\n")
    old = tmp_path / "BACI_HS17_Y2020_V202201.csv"
    old.write_text("t,i,j,k,v,q\n2020,398,381,740311,1.5,NA\n")
    ledger.load(new, format="baci")
    ledger.load(old, format="baci")
    assert ledger.query("SELECT DISTINCT partner FROM flows").rows == (("ITA",),)
    wrong = tmp_path / "BACI_HS17_Y2020_V202201_b.csv"
    wrong.write_text("t,i,j,k,v,q\n2020,398,380,740311,1.5,NA\n")
    with pytest.raises(InputError, match=r"'380' \(not in BACI's country table of release V202201"):
        ledger.load(wrong, format="baci")


def test_a_release_table_beside_the_file_is_used(ledger: Ledger, tmp_path: Path) -> None:
    """A later release's own country table (as CEPII ships it) is read instead of the nearest."""
    (tmp_path / "country_codes_V202501.csv").write_text(
        "country_code,country_name,country_iso2,country_iso3\n"
        '398,Kazakhstan,KZ,KAZ\n840,USA,US,USA\n490,"Other Asia, nes",,S19\n'
    )
    data = tmp_path / "BACI_HS17_Y2023_V202501.csv"
    data.write_text("t,i,j,k,v,q\n2023,398,840,740311,1.5,NA\n2023,398,490,740311,2.5,NA\n")
    result = ledger.load(data, format="baci")
    assert result.rows == 2
    partners = {p for (p,) in ledger.query("SELECT partner FROM flows").rows}
    assert partners == {"USA", "XOA"}


def test_baci_fixture_is_read_with_its_release(ledger: Ledger) -> None:
    assert ledger.load(BACI_FIXTURE, format="baci").rows == 209
    ((options,),) = ledger.query("SELECT options FROM loads").rows
    assert '"country_codes": "baci:V202301"' in options
