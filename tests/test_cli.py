"""The command line, driven as a user would: exit codes, messages, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from tests.conftest import BACI_FIXTURE

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.duckdb"
    monkeypatch.setenv("CORRIDOR_DB", str(path))
    return path


def test_status_json_lists_the_default_loads(db: Path) -> None:
    """First use loads the default data; status --json shows loads, periods and coverage."""
    result = runner.invoke(app, ["ledger", "status", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["path"] == str(db)
    assert len(info["loads"]) >= 8 and info["flows"] > 40_000
    assert {"KAZ", "CHN", "WLD"} <= set(info["reporters"])
    assert any(s["status"] == "partial" for s in info["coverage"])


def test_status_table(db: Path) -> None:
    result = runner.invoke(app, ["ledger", "status"])
    assert result.exit_code == 0
    assert "Coverage" in result.stdout and "partial" in result.stdout


def test_load_then_load_again(db: Path) -> None:
    """A load reports its rows; the same file again is recognised and skipped."""
    first = runner.invoke(app, ["ledger", "load", str(BACI_FIXTURE), "--format", "baci"])
    assert first.exit_code == 0, first.output
    assert "209 rows" in first.stdout
    again = runner.invoke(app, ["ledger", "load", str(BACI_FIXTURE), "--format", "baci"])
    assert again.exit_code == 0 and "already loaded" in again.stdout


def test_bad_file_exits_1_with_the_line(db: Path, tmp_path: Path) -> None:
    """Bad input: exit 1, a message naming the line and column, no traceback."""
    bad = tmp_path / "BACI_HS17_bad.csv"
    bad.write_text("t,i,j,k,v,q\n2021,398,156,010121,oops,1\n")
    result = runner.invoke(app, ["ledger", "load", str(bad), "--format", "baci"])
    assert result.exit_code == 1
    assert "line 2, column 'v': not a number" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error(db: Path) -> None:
    result = runner.invoke(app, ["ledger", "load", str(BACI_FIXTURE), "--format", "xlsx"])
    assert result.exit_code == 2


def test_query_json_and_csv(db: Path) -> None:
    sql = "SELECT reporter, count(*) AS n FROM flows GROUP BY 1 ORDER BY 1"
    as_json = runner.invoke(app, ["ledger", "query", sql, "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert [r["reporter"] for r in json.loads(as_json.stdout)] == ["CHN", "KAZ", "WLD"]
    as_csv = runner.invoke(app, ["ledger", "query", sql, "--csv"])
    assert as_csv.stdout.splitlines()[0] == "reporter,n"


def test_query_refuses_writes(db: Path) -> None:
    result = runner.invoke(app, ["ledger", "query", "DELETE FROM flows"])
    assert result.exit_code == 1 and "only queries" in result.output


def test_db_option_overrides_the_environment(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    result = runner.invoke(app, ["ledger", "status", "--json", "--db", str(other)])
    assert json.loads(result.stdout)["path"] == str(other)
    assert other.exists() and not db.exists()


def test_report_writes_html(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "<svg" in out.read_text()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("corridor ")


def test_trade_summary_json(db: Path) -> None:
    """The JSON carries the documented field names."""
    result = runner.invoke(
        app,
        ["trade", "summary", "--reporter", "KAZ", "--partner", "CHN", "--period", "2024", "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "turnover_usd",
        "exports_usd",
        "imports_usd",
        "balance_usd",
        "growth_pct",
        "share_pct",
        "source",
        "period_start",
        "period_end",
    ):
        assert key in data
    assert data["period_start"] == "2024-01-01" and data["source"] == "wits"


def test_trade_summary_gap_exits_1(db: Path) -> None:
    result = runner.invoke(
        app, ["trade", "summary", "--reporter", "KAZ", "--partner", "CHN", "--period", "2030"]
    )
    assert result.exit_code == 1 and "no source covers" in result.output


def test_targets_json_and_png(db: Path, tmp_path: Path) -> None:
    """corridor targets --json has the documented fields; --png writes one chart per target."""
    result = runner.invoke(app, ["targets", "--json", "--png", str(tmp_path / "charts")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("required_cagr_pct", "projected_value", "pi80", "pi95", "p_meet"):
        assert key in data[0]
    pngs = sorted((tmp_path / "charts").glob("*.png"))
    assert len(pngs) == len(data) and pngs[0].read_bytes()[:4] == b"\x89PNG"


def test_trade_mirror_json(db: Path) -> None:
    result = runner.invoke(
        app, ["trade", "mirror", "--a", "KAZ", "--b", "CHN", "--period", "2022", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [t["turnover_usd"] for t in data["turnover"]] == [24.2e9, 31.2e9]
    assert data["method"]["cif_fob_margin"] == 0.02  # a land border (BPM6 10.34)
    assert any(c["name"] == "transit and re-exports" for c in data["causes"])


def test_trade_mirror_explain(db: Path) -> None:
    """--explain shows the query and parameters behind each reported value."""
    result = runner.invoke(
        app, ["trade", "mirror", "--a", "KAZ", "--b", "CHN", "--period", "2023", "--explain"]
    )
    assert result.exit_code == 0, result.output
    assert "-- exports of KAZ→CHN: wits" in result.stdout and "FROM flows" in result.stdout


def test_network_show_and_check() -> None:
    shown = runner.invoke(app, ["network", "show", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert len(data["crossings"]) == 12 and len(data["sha256"]) == 64
    bad = runner.invoke(app, ["network", "check", "/nonexistent.yaml"])
    assert bad.exit_code == 1 and "cannot read" in bad.output


def test_simulate_json(db: Path, tmp_path: Path) -> None:
    """corridor simulate --json: per crossing the documented fields; --out writes Parquet."""
    out = tmp_path / "r.parquet"
    result = runner.invoke(
        app, ["simulate", "--days", "14", "--replications", "2", "--json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("wait_mean_h", "wait_p95_h", "throughput_per_day", "utilisation", "backlog"):
        assert key in data["stations"][0]
    assert out.read_bytes()[:4] == b"PAR1"


def test_error_messages_are_printed_verbatim(tmp_path: Path) -> None:
    """Brackets in a message (patterns, lists) are shown as written, not taken as markup."""
    bad = tmp_path / "n.yaml"
    bad.write_text("name: x\ncountries: [KAZ, CHN]\ncrossings: [{id: A}]\n")
    result = runner.invoke(app, ["network", "check", str(bad)])
    assert result.exit_code == 1 and "^[a-z0-9-]+$" in result.output


def test_opportunities_json_has_the_promised_fields(db: Path) -> None:
    """`corridor opportunities --json`: ranked products with the documented fields and totals."""
    result = runner.invoke(
        app, ["opportunities", "--exporter", "KAZ", "--market", "CHN", "--top", "5", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["products"]) == 5 and data["level"] == "chapter"
    assert data["new_products"] == []  # products to start need a world matrix
    fields = {"hs_code", "description", "potential_usd", "actual_usd", "untapped_usd", "rca"}
    assert fields | {"density", "barriers"} <= set(data["products"][0])
    assert data["headline"].startswith(f"{data['categories_untapped']} categories worth US$")


def test_opportunities_with_a_tariff_file(db: Path, tmp_path: Path) -> None:
    """--tariffs: each product gets its market-access term (here by chapter, the embedded
    data's level; the MFN rate stands for the other suppliers), and a bad file gets one clear
    message naming its line."""
    rates = tmp_path / "tariffs.csv"
    rates.write_text(
        "importer,exporter,hs_code,tariff_pct,year,source\n"
        "CHN,*,72,5.0,2015,test MFN\nCHN,KAZ,72,5.0,2015,test\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["opportunities", "--top", "5", "--tariffs", str(rates), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(p["tariff_term"] is not None for p in data["products"])
    assert any(n.startswith("tariff advantage from tariffs.csv") for n in data["notes"])
    rates.write_text("importer,exporter,hs_code,tariff_pct,year,source\nCHN,*,7,x,2015,\n")
    bad = runner.invoke(app, ["opportunities", "--tariffs", str(rates)])
    assert bad.exit_code == 1 and "line 2, column 'hs_code'" in bad.stderr
    assert "Traceback" not in bad.output


def test_opportunities_views_and_groups(db: Path) -> None:
    """--view full ranks crude oil first with its group; a Lall class name is a clear error."""
    full = runner.invoke(app, ["opportunities", "--view", "full", "--top", "3", "--json"])
    assert full.exit_code == 0, full.output
    data = json.loads(full.stdout)
    assert data["view"] == "full" and data["products"][0]["group"] == "primary"
    div = runner.invoke(app, ["opportunities", "--top", "3"])
    assert div.exit_code == 0 and "set aside — primary" in div.stdout
    assert "180 categories worth US$1.6 bn" in div.stdout
    bad = runner.invoke(app, ["opportunities", "--exclude", "primary,resource-based"])
    assert bad.exit_code == 1 and "Lall" in bad.output and "Traceback" not in bad.output


def test_opportunities_table_states_level_and_omissions(db: Path) -> None:
    result = runner.invoke(app, ["opportunities", "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "categories worth" in result.stdout and "tariff advantage" in result.stdout
    assert "BACI" in result.stdout


def test_opportunities_gap_is_one_clear_error(db: Path) -> None:
    result = runner.invoke(app, ["opportunities", "--year", "2020"])
    assert result.exit_code == 1
    assert "2020: the ledger has no complete" in result.stderr


def test_barriers_json_lists_value_at_stake(db: Path) -> None:
    """`corridor barriers --json`: MAST code, codes, trade at stake and untapped potential."""
    result = runner.invoke(app, ["barriers", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    grain = rows["cn-customs-daytime-grain"]
    assert grain["mast"] == "BT1" and grain["trade_at_stake_usd"] > 1e8
    assert grain["untapped_potential_usd"] is not None
    assert rows["cn-meat-animal-disease"]["mast_title"].startswith("Temporary geographic")


def test_barriers_add_then_again(db: Path, tmp_path: Path) -> None:
    """`corridor barriers add FILE` adds once; the same file again says so."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "barriers:\n  - id: my-test\n    title: A test barrier\n    imposing: CHN\n"
        "    affected: [KAZ]\n    mast: A14\n    hs_rev: HS2012\n    hs_codes: ['0701']\n"
        "    status: pending\n    description: test\n"
        "    source: {document: my note, verified: false}\n",
        encoding="utf-8",
    )
    first = runner.invoke(app, ["barriers", "add", str(path)])
    assert first.exit_code == 0, first.output
    assert "added 1 record" in first.stdout
    again = runner.invoke(app, ["barriers", "add", str(path)])
    assert "already added" in again.stdout
    listed = runner.invoke(app, ["barriers", "--json", "--no-potential"])
    assert "my-test" in {r["id"] for r in json.loads(listed.stdout)}


def test_barriers_add_bad_file_names_the_field(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("barriers:\n  - id: x\n", encoding="utf-8")
    result = runner.invoke(app, ["barriers", "add", str(path)])
    assert result.exit_code == 1
    assert "barriers.1.title" in result.stderr  # records counted from 1, as docs/barriers.md says


ARTICLES = Path(__file__).parent / "claims" / "articles"


def test_claims_extract_jsonl(db: Path) -> None:
    """`corridor claims extract FILE --date D --jsonl`: one JSON object per claim."""
    path = ARTICLES / "2023-08_zhumangarin_ma_xingrui_urumqi.txt"
    result = runner.invoke(app, ["claims", "extract", str(path), "--date", "2023-08-21", "--jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    fields = {"doc", "start", "end", "text", "value", "value_max", "unit", "measure"}
    assert fields | {"period_start", "period_end", "subjects", "qualifier"} <= set(rows[0])
    text = path.read_text()
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {"value": 8.5e9, "measure": "turnover"}.items() <= next(
        r for r in rows if r["text"] == "$8.5 billion"
    ).items()


def test_claims_add_and_check(db: Path) -> None:
    """`claims add` stores once; `claims check --json` reports the contradictions found."""
    path = ARTICLES / "2023-08_zhumangarin_ma_xingrui_urumqi.txt"
    first = runner.invoke(app, ["claims", "add", str(path), "--date", "2023-08-21"])
    assert first.exit_code == 0, first.output
    assert "13 claims" in first.stdout
    again = runner.invoke(app, ["claims", "add", str(path)])
    assert "already in the ledger" in again.stdout
    result = runner.invoke(app, ["claims", "check", "--json"])
    findings = json.loads(result.stdout)
    assert any(
        f["check"] == "parts against total" and f["status"] == "contradiction" for f in findings
    )
    table = runner.invoke(app, ["claims", "check"])
    assert "contradiction" in table.stdout


def test_claims_bad_date_is_one_clear_error(db: Path) -> None:
    path = ARTICLES / "2023-08_zhumangarin_ma_xingrui_urumqi.txt"
    result = runner.invoke(app, ["claims", "extract", str(path), "--date", "21/08/2023"])
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.stderr


def test_capacity_json_per_crossing(db: Path) -> None:
    """`corridor capacity --target-usd 100e9 --year 2030 --json`: the documented fields."""
    result = runner.invoke(app, ["capacity", "--target-usd", "100e9", "--year", "2030", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    row = data["crossings"][0]
    assert {"required_tonnes", "capacity_tonnes", "utilisation", "binds_year"} <= set(row)
    assert data["first_to_saturate"] in {c["crossing"] for c in data["crossings"]}
    table = runner.invoke(app, ["capacity", "--target-usd", "35e9"])
    assert "first to saturate" in table.stdout


def test_compare_json_has_differences_and_cost_effectiveness(db: Path) -> None:
    levers = Path(__file__).parents[1] / "data" / "scenarios" / "levers"
    result = runner.invoke(
        app,
        [
            "compare",
            str(levers / "bakhty-ayagoz-line.yaml"),
            "--days",
            "30",
            "--replications",
            "2",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["scenario"] for d in data] == ["baseline", "baseline+bakhty-ayagoz-line"]
    assert data[1]["capital_cost_usd"] == 713e6
    assert data[1]["value_hours_saved_per_usd"] is not None
    assert (
        data[1]["difference_wait_vehicle_hours"]["ci_low"]
        <= data[1]["difference_wait_vehicle_hours"]["ci_high"]
    )


def test_sweep_writes_parquet_and_resumes(db: Path, tmp_path: Path) -> None:
    base = Path(__file__).parents[1] / "data" / "scenarios" / "baseline.yaml"
    args = [
        "sweep",
        str(base),
        "--param",
        "scenario.growth=1,1.2",
        "--replications",
        "2",
        "--days",
        "20",
        "--out",
        str(tmp_path / "s"),
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "4 run now" in first.stdout
    assert len(list((tmp_path / "s").glob("part-*.parquet"))) == 4
    again = runner.invoke(app, args)
    assert "0 run now" in again.stdout and "4 already done" in again.stdout


def test_plan_json(db: Path) -> None:
    result = runner.invoke(app, ["plan", "--target-usd", "50e9", "--by", "2030", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["chosen"] and data["total_cost_usd"] == pytest.approx(
        sum(c["cost_pv_usd"] for c in data["chosen"])
    )
    assert all(c["cost_pv_usd"] >= c["capital_cost_usd"] for c in data["chosen"])
    assert data["residual_bottleneck"]
    # planned on the network of the deadline (what is committed by then), and it says so
    assert data["network_as_of"] == "2030-07-01"
    given = runner.invoke(
        app, ["plan", "--target-usd", "50e9", "--by", "2030", "--as-of", "2024-03-01", "--json"]
    )
    assert json.loads(given.stdout)["network_as_of"] == "2024-03-01"


def test_long_names_are_cut_at_a_word_with_a_mark() -> None:
    from corridor.cli._common import clip

    assert clip("Copper and articles thereof (HS 2022 label)", 30) == "Copper and articles thereof…"
    assert clip("Zinc", 30) == "Zinc"
    assert len(clip("x" * 100, 20)) == 20


def test_one_claim_is_one_claim(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("In 2023, trade reached $41 billion.\n", encoding="utf-8")
    result = runner.invoke(app, ["claims", "extract", str(path), "--date", "2024-02-01"])
    assert result.exit_code == 0, result.output
    assert "a.txt: 1 claim;" in result.output
