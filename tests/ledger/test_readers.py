"""Each reader loads a small real file with exact totals and the right codes."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pandas as pd
import pytest

from corridor.errors import InputError
from corridor.ledger import Ledger
from tests.conftest import BACI_FIXTURE, FIXTURES, WITS_FIXTURE

CENT = Decimal("0.01")


def usd(thousands: str) -> Decimal:
    return (Decimal(thousands.strip()) * 1000).quantize(CENT, ROUND_HALF_EVEN)


def test_baci_sums_by_product_are_exact(ledger: Ledger) -> None:
    """A BACI file's values (thousand USD) arrive as exact US dollars, product by product.

    The fixture, like many BACI extracts, lost the leading zero of chapters 01–09 (30379).
    """
    with BACI_FIXTURE.open() as handle:
        expected = {r["k"].zfill(6): usd(r["v"]) for r in csv.DictReader(handle)}
    ledger.load(BACI_FIXTURE, format="baci")
    got = dict(ledger.query("SELECT hs_code, value_usd FROM flows").rows)
    assert got == expected


def test_baci_resolves_numeric_codes_and_revision_from_name(ledger: Ledger) -> None:
    """BACI's 398 and 156 become KAZ and CHN; HS02 in the file name becomes HS2002."""
    ledger.load(BACI_FIXTURE, format="baci")
    rows = ledger.query(
        "SELECT DISTINCT reporter, partner, flow, hs_rev, period_start, period_end FROM flows"
    ).rows
    assert [tuple(map(str, r)) for r in rows] == [
        ("KAZ", "CHN", "export", "HS2002", "2021-01-01", "2021-12-31")
    ]


def test_baci_quantities_are_tonnes_and_na_is_unknown(ledger: Ledger, tmp_path: Path) -> None:
    """q is kept in tonnes; NA (with BACI's padding) becomes an unknown quantity, not zero."""
    path = tmp_path / "BACI_HS17_Y2022_V202401.csv"
    path.write_text(
        "t,i,j,k,v,q\n2022,398,156,740311,10.5,   262678.400\n2022,398,156,10121,1.25,         NA\n"
    )
    ledger.load(path, format="baci")
    rows = ledger.query("SELECT hs_code, quantity, quantity_unit FROM flows ORDER BY 1").rows
    assert rows == (("010121", None, None), ("740311", Decimal("262678.400"), "t"))


def test_baci_without_revision_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A BACI file whose name does not give the HS revision needs --hs-rev."""
    path = tmp_path / "kaz.csv"
    path.write_text("t,i,j,k,v,q\n2022,398,156,740311,10.5,1\n")
    with pytest.raises(InputError, match="HS revision"):
        ledger.load(path, format="baci")
    assert ledger.load(path, format="baci", hs_rev="HS17").rows == 1


def test_wits_csv_sums_by_year_are_exact(ledger: Ledger) -> None:
    """WITS values in thousand USD sum exactly by year."""
    expected: dict[int, Decimal] = {}
    with WITS_FIXTURE.open() as handle:
        for r in csv.DictReader(handle):
            expected[int(r["Year"])] = expected.get(int(r["Year"]), Decimal(0)) + usd(
                r["TradeValuein1000USD"]
            )
    ledger.load(WITS_FIXTURE, format="wits")
    got = dict(ledger.query("SELECT year(period_start), sum(value_usd) FROM flows GROUP BY 1").rows)
    assert got == expected
    assert round(expected[2024] / 10**9, 2) == Decimal("14.90")  # official KAZ exports to CHN 2024


def test_wits_stata_file_loads_like_its_csv(ledger: Ledger, tmp_path: Path) -> None:
    """The Stata .dta of a WITS download gives the same flows as its CSV."""
    frame = pd.read_csv(WITS_FIXTURE, dtype={"ProductCode": str})
    dta = tmp_path / "wits.dta"
    frame.to_stata(dta, write_index=False, version=118)
    ledger.load(dta, format="wits")
    ledger.load(WITS_FIXTURE, format="wits")
    by_load = ledger.query(
        "SELECT load_id, count(*), sum(value_usd) FROM flows GROUP BY 1 ORDER BY 1"
    ).rows
    assert by_load[0][1:] == by_load[1][1:]


def test_wits_stata_text_value_column_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A .dta whose value column holds text is rejected with the column named."""
    frame = pd.read_csv(WITS_FIXTURE, dtype=str).head(5)
    dta = tmp_path / "wits.dta"
    frame.to_stata(dta, write_index=False, version=118)
    with pytest.raises(InputError, match="Year"):
        ledger.load(dta, format="wits")


def test_wits_aggregate_reporter_all_is_not_a_country(ledger: Ledger, tmp_path: Path) -> None:
    """WITS's 'All' reporter is rejected as an unknown country code, with its line."""
    text = WITS_FIXTURE.read_text().splitlines()
    text[2] = text[2].replace("H4,KAZ,", "H4,All,", 1)
    path = tmp_path / "w.csv"
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(InputError) as err:
        ledger.load(path, format="wits")
    assert (err.value.problems[0].line, err.value.problems[0].column) == (3, "ReporterISO3")


COMTRADE_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,flowCode,"
    "partnerCode,partnerISO,partner2Code,classificationCode,cmdCode,customsCode,mosCode,motCode,"
    "qtyUnitCode,qtyUnitAbbr,qty,netWgt,primaryValue"
)


def test_comtrade_annual_and_monthly(ledger: Ledger, tmp_path: Path) -> None:
    """Comtrade periods 2023 and 202303 become a year and a month; kg become tonnes."""
    path = tmp_path / "comtrade.csv"
    path.write_text(
        COMTRADE_HEADER + "\n"
        "C,A,20230101,2023,52,2023,398,KAZ,X,156,CHN,0,H6,260300,C00,0,0,8,kg,801686300,"
        "801686300,2880000000\n"
        "C,M,20230301,2023,3,202303,398,KAZ,M,156,CHN,0,H6,TOTAL,C00,0,0,-1,N/A,,,1234567.5\n"
    )
    ledger.load(path, format="comtrade")
    rows = ledger.query(
        "SELECT period_start, period_end, flow, hs_rev, hs_code, value_usd, quantity, quantity_unit"
        " FROM flows ORDER BY flow"
    ).rows
    assert [tuple(map(str, r)) for r in rows] == [
        (
            "2023-01-01",
            "2023-12-31",
            "export",
            "HS2022",
            "260300",
            "2880000000.00",
            "801686.300",
            "t",
        ),
        ("2023-03-01", "2023-03-31", "import", "HS2022", "TOTAL", "1234567.50", "None", "None"),
    ]


def test_comtrade_breakdown_rows_are_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A row broken down by mode of transport would double-count: it is named and refused."""
    path = tmp_path / "comtrade.csv"
    path.write_text(
        COMTRADE_HEADER + "\n"
        "C,A,20230101,2023,52,2023,398,KAZ,X,156,CHN,0,H6,260300,C00,0,2100,8,kg,1,1,2\n"
    )
    with pytest.raises(InputError) as err:
        ledger.load(path, format="comtrade")
    assert err.value.problems[0].column == "motCode"
    assert "breakdown" in err.value.problems[0].reason


def test_comtrade_unknown_flow_code_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """Flow codes other than X, M, RX, RM are refused rather than guessed."""
    path = tmp_path / "comtrade.csv"
    path.write_text(
        COMTRADE_HEADER + "\n"
        "C,A,20230101,2023,52,2023,398,KAZ,DX,156,CHN,0,H6,260300,C00,0,0,8,kg,1,1,2\n"
    )
    with pytest.raises(InputError, match="unknown trade flow"):
        ledger.load(path, format="comtrade")


def test_mapped_csv_with_constants_and_scale(ledger: Ledger, tmp_path: Path) -> None:
    """A generic CSV is loaded through its mapping: columns, constants, flow names, scale."""
    data = tmp_path / "kazstat.csv"
    data.write_text(
        "Year;Partner;HS;Flow;Value\n2024;CHN;2603;Exports;2880.5\n2024;CHN;8517;Imports;937.25\n"
    )
    mapping = tmp_path / "kazstat.yaml"
    mapping.write_text(
        "source: kazstat\ndelimiter: ';'\nvalue_scale: 1000000\n"
        "columns: {period: Year, partner: Partner, hs_code: HS, flow: Flow, value: Value}\n"
        "constants: {reporter: KAZ, hs_rev: HS2017}\n"
        "flows: {Exports: export, Imports: import}\n"
    )
    result = ledger.load(data, format="csv", mapping=mapping)
    assert result.source == "kazstat"
    rows = ledger.query("SELECT reporter, partner, flow, hs_code, value_usd FROM flows ORDER BY 3")
    assert rows.rows == (
        ("KAZ", "CHN", "export", "2603", Decimal("2880500000.00")),
        ("KAZ", "CHN", "import", "8517", Decimal("937250000.00")),
    )


def test_mapped_csv_invalid_mapping_names_the_field(ledger: Ledger, tmp_path: Path) -> None:
    """A mapping that lacks a field, or has a malformed constant, says which."""
    data = tmp_path / "d.csv"
    data.write_text("a\n1\n")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("source: x\ncolumns: {period: a}\nconstants: {reporter: 'K;AZ'}\n")
    with pytest.raises(InputError, match="invalid mapping") as err:
        ledger.load(data, format="csv", mapping=mapping)
    assert "partner" in str(err.value)


def test_csv_format_needs_a_mapping(ledger: Ledger) -> None:
    """--format csv without --mapping is a clear input error."""
    with pytest.raises(InputError, match=r"needs mapping M\.yaml"):
        ledger.load(WITS_FIXTURE, format="csv")


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv")))
def test_every_fixture_is_real_and_loads(ledger: Ledger, name: str) -> None:
    """The shipped fixtures load cleanly (they are excerpts of the real data)."""
    fmt = "baci" if name.startswith("BACI") else "wits"
    assert ledger.load(FIXTURES / name, format=fmt).rejected == 0


def test_mapped_csv_in_yuan_converts_with_the_dated_rate(ledger: Ledger, tmp_path: Path) -> None:
    """A CNY value is converted with fx_rates for its period; the reported value is kept."""
    data = tmp_path / "xj.csv"
    data.write_text("year,value\n2018,104900000000\n")
    mapping = tmp_path / "xj.yaml"
    mapping.write_text(
        "source: urumqi-customs\ncolumns: {period: year, value: value}\n"
        "constants: {reporter: CHN, reporter_region: CN-XJ, partner: KAZ, flow: turnover,"
        " hs_code: TOTAL, hs_rev: n/a, currency: CNY}\n"
    )
    ledger.load(data, format="csv", mapping=mapping)
    rows = ledger.query("SELECT value_usd, value_reported, currency, fx_rate FROM flows").rows
    assert rows == ((Decimal("15852147369.06"), Decimal("104900000000.00"), "CNY", 6.6174),)


def test_a_currency_without_a_rate_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """No rate for the period: the row is refused, naming the currency column."""
    data = tmp_path / "kz.csv"
    data.write_text("year,value,cur\n2023,5000000000,KZT\n")
    mapping = tmp_path / "kz.yaml"
    mapping.write_text(
        "source: kazstat\ncolumns: {period: year, value: value, currency: cur}\n"
        "constants: {reporter: KAZ, partner: CHN, flow: export, hs_code: TOTAL, hs_rev: n/a}\n"
    )
    with pytest.raises(InputError) as err:
        ledger.load(data, format="csv", mapping=mapping)
    assert (err.value.problems[0].column, err.value.problems[0].value) == ("cur", "KZT")
    reason = err.value.problems[0].reason
    assert "no KZT per US$ rate for 2023-01-01..2023-12-31" in reason and "fx add" in reason
