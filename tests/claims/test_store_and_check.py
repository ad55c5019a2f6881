"""The claims ledger: idempotent, atomic adds; and the cross-checks on real articles."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from corridor.claims.check import check_claims, interval
from corridor.claims.extract import Claim
from corridor.claims.store import add_documents, stored_claims
from corridor.errors import InputError
from corridor.ledger import Ledger

ARTICLES = Path(__file__).parent / "articles"
SCMP = ARTICLES / "scmp_2023-04-04_xinjiang_trade_mission.txt"
EURASIANET = ARTICLES / "eurasianet_2023-04_xinjiang_trade_boom.txt"
URUMQI = ARTICLES / "2023-08_zhumangarin_ma_xingrui_urumqi.txt"


def test_adding_twice_stores_once(ledger: Ledger) -> None:
    con = ledger
    first = add_documents(con, [SCMP], date=dt.date(2023, 4, 4))
    again = add_documents(con, [SCMP])
    assert not first[0].already_added and again[0].already_added
    assert ledger.query("SELECT count(*) FROM documents").rows[0][0] == 1
    stored = stored_claims(con)
    assert len(stored) == first[0].claims == 5
    text = ledger.query("SELECT text FROM documents").rows[0][0]
    for s in stored:  # offsets slice the stored text
        assert text[s.claim.start : s.claim.end] == s.claim.text


def test_a_bad_file_in_a_batch_stores_nothing(ledger: Ledger, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not text")
    with pytest.raises(InputError, match="not UTF-8"):
        add_documents(ledger, [SCMP, bad])
    assert ledger.query("SELECT count(*) FROM documents").rows[0][0] == 0


@pytest.fixture(scope="module")
def findings(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    db = tmp_path_factory.mktemp("claims") / "ledger.duckdb"
    shutil.copy(default_db, db)
    with Ledger.open(db) as ledger:
        con = ledger
        add_documents(con, [SCMP], date=dt.date(2023, 4, 4))
        add_documents(con, [EURASIANET], date=dt.date(2023, 4, 5))
        add_documents(con, [URUMQI], date=dt.date(2023, 8, 21))
        return [f.to_dict() for f in check_claims(con)]


def _one(findings: list[dict[str, object]], check: str, text: str) -> dict[str, object]:
    hits = [f for f in findings if f["check"] == check and text in str(f["message"])]
    assert len(hits) >= 1, (check, text)
    return hits[0]


def test_parts_against_total_flags_the_h1_contradiction(findings: list[dict[str, object]]) -> None:
    """H1 turnover $8.5 bn beside exports $6.1 bn and imports $6.2 bn: a contradiction."""
    f = _one(findings, "parts against total", "$8.5 billion")
    assert f["status"] == "contradiction"
    assert f["discrepancy_pct"] == pytest.approx(100 * (12.3 - 8.5) / 8.5)


def test_growth_against_values_is_consistent(findings: list[dict[str, object]]) -> None:
    """+87.3 % against $8.5 bn / $4.5 bn (88.9 %, within the rounding of the values)."""
    f = _one(findings, "growth against values", "87.3%")
    assert f["status"] == "consistent"


def test_implied_exchange_rate_is_checked(findings: list[dict[str, object]]) -> None:
    """246 bn yuan = $33.8 bn implies 7.28 yuan per dollar; the 2022 average was 6.73."""
    f = _one(findings, "currency conversion", "246 billion yuan")
    assert f["status"] == "contradiction"
    assert f["a"]["value"] == pytest.approx(246 / 33.8)  # type: ignore[index]
    assert "2022 annual average" in str(f["message"])


def test_articles_agree_on_2022(findings: list[dict[str, object]]) -> None:
    """ "34 per cent" and "one-third" for the same growth; "US$24 billion" twice."""
    assert _one(findings, "across articles", "34 per cent")["status"] == "consistent"
    assert _one(findings, "across articles", "US$24 billion")["status"] == "consistent"


def test_claims_against_both_sides_of_the_ledger(findings: list[dict[str, object]]) -> None:
    """$24 bn for 2022 agrees with Kazakhstan's figure and not with China's US$31.2 bn."""
    kaz = _one(findings, "against the ledger", "$24 billion against KAZ-reported")
    chn = [
        f
        for f in findings
        if f["check"] == "against the ledger"
        and str(f["message"]).startswith("$24 billion against CHN")
    ]
    assert kaz["status"] == "consistent"
    assert chn and chn[0]["status"] == "contradiction"
    assert chn[0]["discrepancy_pct"] == pytest.approx(30.0, abs=0.1)


def test_interval_reads_precision_and_qualifiers() -> None:
    def claim(text: str, value: float, q: str | None = None) -> Claim:
        return Claim(
            "t", 0, len(text), text, value, None, "USD", "turnover", None, None, (), q, None, None
        )

    assert interval(claim("$8.5 billion", 8.5e9)) == pytest.approx((8.45e9, 8.55e9))
    assert interval(claim("US$24 billion", 24e9)) == pytest.approx((23.5e9, 24.5e9))
    assert interval(claim("US$24 billion", 24e9, "over"))[1] == float("inf")
    assert interval(claim("10,000 tons", 1e4)) == pytest.approx((9500, 10500))
