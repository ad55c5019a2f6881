"""The layouts analysts download load right: every value and quantity equal to the file's,
unknown quantities NULL, and a clear message for what is not trade in HS."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.ledger.readers import detect_format
from corridor.locations import data_dir
from tests.conftest import BACI_FIXTURE, FIXTURES, WITS_FIXTURE

FORMATS = FIXTURES / "formats"


def rows(ledger: Ledger, load_id: int) -> list[tuple[object, ...]]:
    return list(
        ledger.query(
            "SELECT flow, hs_code, value_usd, quantity, quantity_unit FROM flows "
            f"WHERE load_id = {load_id} ORDER BY flow, hs_code"
        ).rows
    )


def test_classic_comtrade_full_download(ledger: Ledger) -> None:
    """35 columns: TOTAL kept as a published total, codes zero-padded to their Aggregate Level,
    net weight in tonnes, a zero weight beside a value read as unknown, and the load says so."""
    result = ledger.load(FORMATS / "comtrade_classic_full.csv", format="comtrade")
    assert rows(ledger, result.load_id) == [
        ("export", "01", Decimal("1500000.00"), None, None),
        ("export", "0101", Decimal("50000.00"), Decimal("5.000"), "t"),
        ("export", "26", Decimal("2000000000.00"), Decimal("1000.000"), "t"),
        ("export", "TOTAL", Decimal("8000000000.00"), None, None),
    ]
    assert any("Aggregate Level" in n for n in result.notes)
    assert any("net weight of 0" in n for n in result.notes)
    ((reporter, partner, rev),) = ledger.query(
        "SELECT DISTINCT reporter, partner, hs_rev FROM flows WHERE hs_code <> 'TOTAL'"
    ).rows
    assert (reporter, partner, rev) == ("KAZ", "CHN", "HS2017")


def test_classic_comtrade_bulk_monthly(ledger: Ledger) -> None:
    """22 columns, monthly (Period 201603): one month; an empty value is refused by line."""
    with pytest.raises(InputError) as err:
        ledger.load(FORMATS / "comtrade_classic_bulk.csv", format="comtrade")
    assert [(p.line, p.reason) for p in err.value.problems] == [(4, "missing value")]
    result = ledger.load(FORMATS / "comtrade_classic_bulk.csv", format="comtrade", quarantine=True)
    assert result.rows == 2
    periods = ledger.query("SELECT DISTINCT period_start, period_end FROM flows").rows
    assert [(str(s), str(e)) for s, e in periods] == [("2016-03-01", "2016-03-31")]
    assert rows(ledger, result.load_id) == [
        ("export", "26", Decimal("250000000.00"), Decimal("3000.000"), "t"),
        ("import", "84", Decimal("150000000.00"), Decimal("1200.000"), "t"),
    ]


def test_classic_comtrade_api_short_names(ledger: Ledger) -> None:
    """The legacy API's names (rtCode, cmdCode, TradeValue …) are the same layout."""
    result = ledger.load(FORMATS / "comtrade_classic_api.csv", format="comtrade")
    assert [r[:3] for r in rows(ledger, result.load_id)] == [
        ("export", "74", Decimal("15000000.00")),
        ("import", "8517", Decimal("9800000.00")),
    ]


def test_classic_comtrade_short_export_with_iso_codes(ledger: Ledger) -> None:
    """A 12-column export with ISO codes and no classification: --hs-rev names the revision."""
    with pytest.raises(InputError, match="pass hs_rev"):
        ledger.load(FORMATS / "comtrade_classic_short.csv", format="comtrade")
    result = ledger.load(FORMATS / "comtrade_classic_short.csv", format="comtrade", hs_rev="HS2017")
    assert rows(ledger, result.load_id) == [
        ("export", "2603", Decimal("900000000.00"), Decimal("500.000"), "t"),
        ("import", "8703", Decimal("30000000.00"), Decimal("1500.000"), "t"),
    ]


def test_sitc_is_not_hs(ledger: Ledger) -> None:
    with pytest.raises(InputError) as err:
        ledger.load(FORMATS / "comtrade_classic_sitc.csv", format="comtrade")
    assert err.value.problems[0].reason.startswith("SITC is not HS")


def test_comtrade_plus_zero_weight_is_unknown(ledger: Ledger) -> None:
    """Comtrade+ writes netWgt 0 on aggregate rows: stored as NULL, never as 0 t."""
    result = ledger.load(FORMATS / "comtradeplus_zero_weight.csv", format="comtrade")
    got = {r[1]: r[3] for r in rows(ledger, result.load_id)}
    assert got == {"TOTAL": None, "26": None, "260300": Decimal("2500000.000")}
    assert any("2 row(s) had a net weight of 0" in n for n in result.notes)


def test_wits_without_nomenclature_with_weights(ledger: Ledger) -> None:
    """No Nomenclature column: refused without --hs-rev, loaded with it; NetWeight in KGM
    becomes tonnes, Quantity in Kg too, 0 kg is unknown, a code's lost zero is restored."""
    path = FORMATS / "wits_weights_no_nomenclature.csv"
    with pytest.raises(InputError, match=r"no 'Nomenclature' column; pass hs_rev"):
        ledger.load(path, format="wits")
    result = ledger.load(path, format="wits", hs_rev="HS2012")
    assert rows(ledger, result.load_id) == [
        ("export", "0101", Decimal("100500.00"), Decimal("2.000"), "t"),
        ("export", "1001", Decimal("5000000.00"), Decimal("12000.000"), "t"),
        ("export", "2603", Decimal("900000000.00"), None, None),
    ]
    assert any("leading zero" in n for n in result.notes)


def test_wits_groups_are_named(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text(
        "Nomenclature,ReporterISO3,ProductCode,PartnerISO3,Year,TradeFlowName,TradeValuein1000USD\n"
        "H4,KAZ,2603,ASEAN,2019,Export,5\nH4,KAZ,AgrRaw,CHN,2019,Export,5\n"
    )
    with pytest.raises(InputError) as err:
        ledger.load(path, format="wits")
    reasons = {p.line: p.reason for p in err.value.problems}
    assert "group of countries" in reasons[2] and "product group" in reasons[3]


def test_latin1_needs_its_encoding(ledger: Ledger) -> None:
    path = FORMATS / "wits_latin1.csv"
    with pytest.raises(InputError, match="try encoding latin-1"):
        ledger.load(path, format="wits")
    assert ledger.load(path, format="wits", encoding="latin-1").rows == 1


def test_unknown_country_codes_suggest_the_right_one(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text(
        "Nomenclature,ReporterISO3,ProductCode,PartnerISO3,Year,TradeFlowName,TradeValuein1000USD\n"
        "H4,KZ,2603,CHN,2019,Export,5\n"
    )
    with pytest.raises(InputError) as err:
        ledger.load(path, format="wits")
    assert "did you mean KAZ (Kazakhstan)?" in err.value.problems[0].reason
    with pytest.raises(InputError, match="did you mean KAZ"):
        ledger.codes.country("Kazakhstan")
    with pytest.raises(InputError, match="CN-XJ"):
        ledger.codes.region("XJ")


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (BACI_FIXTURE, "baci"),
        (WITS_FIXTURE, "wits"),
        (FORMATS / "comtrade_classic_full.csv", "comtrade"),
        (FORMATS / "comtradeplus_zero_weight.csv", "comtrade"),
        (data_dir() / "ledger" / "wits_kaz_chn_exports_hs4.parquet", "parquet"),
    ],
)
def test_the_format_is_found_from_the_header(path: Path, fmt: str) -> None:
    assert detect_format(path) == fmt


def test_a_header_of_no_known_format_asks_for_one(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match="pass format "):
        detect_format(path)


def test_load_without_format(ledger: Ledger) -> None:
    assert ledger.load(FORMATS / "comtrade_classic_api.csv").format == "comtrade"


# --- exchange rates ---------------------------------------------------------------------------

RATES = (
    "currency,period_start,period_end,kind,units_per_usd,source,source_ref\n"
    "KZT,2023-01-01,2023-12-31,annual average,456.31,National Bank of Kazakhstan,test\n"
    "KZT,2023-03-01,2023-03-31,monthly average,452.0,National Bank of Kazakhstan,test\n"
)


def test_rates_are_added_once_and_used(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "kzt.csv"
    path.write_text(RATES)
    assert (ledger.fx.add(path).added, ledger.fx.add(path).unchanged) == (2, 2)
    data = tmp_path / "kz.csv"
    data.write_text("year,value,cur\n2023,4563100000,KZT\n")
    mapping = tmp_path / "kz.yaml"
    mapping.write_text(
        "source: kazstat\ncolumns: {period: year, value: value, currency: cur}\n"
        "constants: {reporter: KAZ, partner: CHN, flow: export, hs_code: TOTAL, hs_rev: n/a}\n"
    )
    ledger.load(data, format="csv", mapping=mapping)
    ((usd, reported, rate),) = ledger.query(
        "SELECT value_usd, value_reported, fx_rate FROM flows"
    ).rows
    assert (usd, reported, rate) == (Decimal("10000000.00"), Decimal("4563100000.00"), 456.31)


def test_a_contradicting_rate_adds_nothing(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "kzt.csv"
    path.write_text(RATES)
    ledger.fx.add(path)
    other = tmp_path / "other.csv"
    other.write_text(
        RATES.replace("452.0", "451.0") + RATES.splitlines()[1].replace("KZT", "RUB") + "\n"
    )
    with pytest.raises(InputError, match="452"):
        ledger.fx.add(other)
    assert ledger.fx.held("RUB") == []


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("USD,2023-01-01,2023-12-31,annual average,1,x source,", "currency"),
        ("KZT,2023-01-01,2023-06-30,annual average,456,NBK,", "period_start"),
        ("KZT,2023-01-01,2023-12-31,annual average,-4,NBK,", "units_per_usd"),
        ("KZT,2023-01-01,2023-12-31,weekly,456,NBK,", "kind"),
    ],
)
def test_bad_rate_rows_are_named(ledger: Ledger, tmp_path: Path, line: str, column: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(RATES.splitlines()[0] + "\n" + line + "\n")
    with pytest.raises(InputError) as err:
        ledger.fx.add(path)
    assert (err.value.problems[0].line, err.value.problems[0].column) == (2, column)
