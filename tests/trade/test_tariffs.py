"""Applied tariffs from a user's file and the market-access term of export potential."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from corridor.errors import InputError
from corridor.trade.opportunities import indicator
from corridor.trade.tariffs import market_access, read_tariffs

HEADER = "importer,exporter,hs_code,tariff_pct,year,source\n"


def _file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "tariffs.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_finest_row_of_the_latest_year_wins(tmp_path: Path) -> None:
    t = read_tariffs(
        _file(
            tmp_path,
            "CHN,*,76,8.0,2020,mfn\n"
            "CHN,*,7601,6.0,2020,mfn\n"
            "CHN,*,7601,5.0,2022,mfn\n"
            "CHN,*,7601,4.0,2030,mfn later\n"
            "CHN,AUS,7601,0.0,2021,fta\n",
        ),
        elasticity=-5.0,
    )
    assert t.rate("CHN", "KAZ", "760110", 2022) == 5.0  # MFN, HS4 row, latest year ≤ 2022
    assert t.rate("CHN", "KAZ", "760110", 2020) == 6.0
    assert t.rate("CHN", "KAZ", "760200", 2022) == 8.0  # only the chapter matches
    assert t.rate("CHN", "AUS", "760110", 2022) == 0.0  # its own row before MFN
    assert t.rate("CHN", "KAZ", "270900", 2022) is None
    assert t.rate("KAZ", "CHN", "760110", 2022) is None  # another market


def test_a_bad_file_is_refused_row_by_row(tmp_path: Path) -> None:
    path = _file(tmp_path, "CHN,*,7601,5.0,2022,mfn\nchn,KZ,76011,-1,22,\n")
    with pytest.raises(InputError) as caught:
        read_tariffs(path, elasticity=-5.0)
    text = str(caught.value)
    for column in ("importer", "exporter", "hs_code", "tariff_pct", "year", "source"):
        assert f"line 3, column '{column}'" in text
    (tmp_path / "h.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="the header must be"):
        read_tariffs(tmp_path / "h.csv", elasticity=-5.0)
    with pytest.raises(InputError, match="negative"):
        read_tariffs(path, elasticity=2.0)
    # a field over the csv module's limit is the project's error, naming its line
    huge = _file(tmp_path, 'CHN,*,72,5.0,2022,"' + "x" * 200_000 + '"\n')
    with pytest.raises(InputError, match=r"not a readable CSV file \(line 2\)"):
        read_tariffs(huge, elasticity=-5.0)


def test_the_term_is_the_relative_tariff_to_the_elasticity(tmp_path: Path) -> None:
    """The exporter pays 10 %, its competitors (by import weight) 0 % and 20 %: the term is
    (1.10 / (1 + the weighted average))^ε; without a supplier breakdown, the MFN rate."""
    t = read_tariffs(
        _file(
            tmp_path,
            "CHN,*,7601,10.0,2022,mfn\nCHN,AUS,7601,0.0,2022,fta\nCHN,RUS,7601,20.0,2022,x\n",
        ),
        elasticity=-4.0,
    )
    suppliers = pd.DataFrame(
        {
            "reporter": ["AUS", "RUS", "KAZ"],
            "code": ["760110"] * 3,
            "v": [3.0, 1.0, 5.0],  # KAZ itself is not its own competitor
        }
    )
    got = market_access(t, "CHN", "KAZ", ["760110", "270900"], 2022, suppliers)
    average = (0.0 * 3 + 20.0 * 1) / 4
    assert got.term["760110"] == pytest.approx((1.10 / (1 + average / 100)) ** -4.0)
    assert got.term["270900"] == 1.0 and (got.with_term, got.without) == (1, 1)
    mfn = market_access(t, "CHN", "KAZ", ["760110"], 2022, None)
    assert mfn.term["760110"] == pytest.approx(1.0)  # the exporter pays the MFN rate too


def test_tariffs_move_potential_between_products_not_its_level() -> None:
    """The ease of trade is calibrated with the term: a product where the exporter is at a
    disadvantage loses potential to the others, and predicted exports keep matching actual."""
    idx = ["a", "b"]
    args = (
        pd.Series([10.0, 10.0], index=idx),  # exporter's world exports
        pd.Series([100.0, 100.0], index=idx),  # world exports
        pd.Series([50.0, 50.0], index=idx),  # market imports
        pd.Series([4.0, 4.0], index=idx),  # actual
    )
    kw = {"g_exporter": 1.0, "g_world": 1.0, "g_market": 1.0, "min_rca": 0.0}
    plain, _ = indicator(*args, **kw)
    taxed, _ = indicator(*args, **kw, market_access=pd.Series({"a": 0.5}))
    assert taxed.loc["a", "potential"] < plain.loc["a", "potential"]
    assert taxed.loc["b", "potential"] > plain.loc["b", "potential"]
    assert taxed["potential"].sum() == pytest.approx(plain["potential"].sum())
