"""The claims ledger: idempotent, atomic adds; and the cross-checks on real articles."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from corridor.claims._vocabulary import load_vocabulary
from corridor.claims.check import Finding, check_claims, interval, reporter_of, rounded
from corridor.claims.extract import Claim, Extractor
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
    # what dated each claim is kept with it and read back as extracted
    fresh = Extractor(load_vocabulary()).extract(SCMP.name, text, dt.date(2023, 4, 4))
    assert [(s.claim.dated_by, s.claim.dated_at, s.claim.outlook) for s in stored] == [
        (c.dated_by, c.dated_at, c.outlook) for c in fresh
    ]
    assert any(s.claim.dated_by for s in stored)


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
    """$24 bn for 2022 agrees with Kazakhstan's figure; China's US$31.2 bn differs by the mirror
    gap, which is no contradiction."""
    kaz = _one(findings, "against the ledger", "$24 billion against KAZ-reported")
    chn = [
        f
        for f in findings
        if f["check"] == "against the ledger"
        and str(f["message"]).startswith("$24 billion against CHN")
    ]
    assert kaz["status"] == "consistent"
    assert chn and chn[0]["status"] == "mirror gap"
    assert chn[0]["discrepancy_pct"] == pytest.approx(30.0, abs=0.1)


MIRROR_ARTICLES = {
    "kaz.txt": "Trade turnover of Kazakhstan with China came to US$24 billion in 2022, "
    "by Kazakh statistics.",
    "chn.txt": "According to the General Administration of Customs, trade between China and "
    "Kazakhstan came to US$31.2 billion in 2022.",
    "agrees.txt": "Trade between Kazakhstan and China came to US$24.1 billion in 2022.",
    "wrong.txt": "Trade between Kazakhstan and China came to US$50 billion in 2022.",
}


@pytest.fixture(scope="module")
def mirror_findings(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    folder = tmp_path_factory.mktemp("mirror")
    db = folder / "ledger.duckdb"
    shutil.copy(default_db, db)
    with Ledger.open(db) as ledger:
        for i, (name, text) in enumerate(MIRROR_ARTICLES.items()):
            (folder / name).write_text(f"Trade news\n\n{text}\n")
            add_documents(ledger, [folder / name], date=dt.date(2023, 3, 1 + i))
        return check_claims(ledger)


def _between(findings: list[Finding], check: str, a: str, b: str) -> Finding:
    """The finding of ``check`` between claim ``a`` (its text, or its document across
    articles) and ``b`` (the other document, or the ledger figure's start)."""
    hits = [
        f
        for f in findings
        if f.check == check
        and f.b is not None
        and (
            {f.a.doc, f.b.doc} == {a, b}
            if check == "across articles"
            else f.a.text == a and f.b.text.startswith(b)
        )
    ]
    assert len(hits) == 1, (check, a, b, [f.message for f in findings])
    return hits[0]


def test_two_sides_statistics_are_a_mirror_gap_not_a_contradiction(
    mirror_findings: list[Finding],
) -> None:
    """Articles quoting each side's statistics disagree by the mirror gap; each claim, set
    against the other side's figure in the ledger, is a mirror gap too."""
    f = _between(mirror_findings, "across articles", "kaz.txt", "chn.txt")
    assert f.status == "mirror gap" and "KAZ" in f.message and "CHN" in f.message
    assert _between(
        mirror_findings, "against the ledger", "US$24 billion", "CHN-reported"
    ).status == ("mirror gap")
    assert _between(
        mirror_findings, "against the ledger", "US$31.2 billion", "KAZ-reported"
    ).status == ("mirror gap")
    assert _between(
        mirror_findings, "against the ledger", "US$31.2 billion", "CHN-reported"
    ).status == ("consistent")


def test_a_figure_no_side_holds_is_still_a_contradiction(mirror_findings: list[Finding]) -> None:
    for side in ("KAZ", "CHN"):
        f = _between(mirror_findings, "against the ledger", "US$50 billion", f"{side}-reported")
        assert f.status == "contradiction"
    assert _between(mirror_findings, "across articles", "kaz.txt", "wrong.txt").status == (
        "contradiction"
    )


def test_rounding_of_both_figures_is_allowed(mirror_findings: list[Finding]) -> None:
    """US$24.1 bn (24.05–24.15) against a published 24.2 bn (24.15–24.25): they may agree."""
    f = _between(mirror_findings, "against the ledger", "US$24.1 billion", "KAZ-reported")
    assert f.status == "consistent"
    assert rounded(24_200_000_000.0) == pytest.approx((24.15e9, 24.25e9))
    assert rounded(24_195_310_112.0) == (24_195_310_112.0, 24_195_310_112.0)


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Turnover was US$9 billion, Kazakhstan's official statistics show.", "KAZ"),
        ("By Chinese customs data, turnover was US$9 billion.", "CHN"),
        ("The State Revenue Committee put turnover at US$9 billion.", "KAZ"),
        ("China bought more; turnover was US$9 billion.", None),
        # the reporter of the figure's own clause, not the nearer one of the next
        (
            "By Kazakh statistics turnover was US$9 billion, while Chinese customs put it higher.",
            "KAZ",
        ),
    ],
)
def test_the_side_a_sentence_quotes(
    ledger: Ledger, tmp_path: Path, sentence: str, who: str | None
) -> None:
    path = tmp_path / "one.txt"
    path.write_text(f"Trade\n\nFirst paragraph ends here. {sentence} Another follows.\n")
    add_documents(ledger, [path], date=dt.date(2024, 1, 10))
    money = [s for s in stored_claims(ledger) if s.claim.unit == "USD"]
    assert len(money) == 1
    assert reporter_of(ledger, money[0], load_vocabulary()) == who


def test_interval_reads_precision_and_qualifiers() -> None:
    def claim(text: str, value: float, q: str | None = None) -> Claim:
        return Claim(
            "t", 0, len(text), text, value, None, "USD", "turnover", None, None, (), q, None, None
        )

    assert interval(claim("$8.5 billion", 8.5e9)) == pytest.approx((8.45e9, 8.55e9))
    assert interval(claim("US$24 billion", 24e9)) == pytest.approx((23.5e9, 24.5e9))
    assert interval(claim("US$24 billion", 24e9, "over"))[1] == float("inf")
    assert interval(claim("10,000 tons", 1e4)) == pytest.approx((9500, 10500))
    # a decimal's trailing zero is padding: "24.20" is read as "24.2"
    assert interval(claim("24.20 billion dollars", 24.2e9)) == pytest.approx((24.15e9, 24.25e9))
    assert interval(claim("24.0 billion dollars", 24e9)) == pytest.approx((23.95e9, 24.05e9))


def test_a_base_period_dates_the_clause_it_opens_and_a_year_is_not_a_figure(
    tmp_path: Path,
) -> None:
    """ "Up 9 % compared with 2021, when turnover was $14.2 bn": the growth is the article's
    year's, the amount is 2021's; "2021" is no figure; and the stated growth is checked against
    the values it connects."""
    text = (
        "Uzbek trade\n\nIn 2022, trade between Kazakhstan and Uzbekistan reached $4.9 billion, "
        "the ministry said.\n\nTrade grew 9% compared with 2021, when turnover was $3.9 billion.\n"
    )
    (tmp_path / "uz.txt").write_text(text)
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        add_documents(ledger, [tmp_path / "uz.txt"], date=dt.date(2023, 2, 1))
        stored = {s.claim.text: s.claim for s in stored_claims(ledger)}
        found = check_claims(ledger)
    assert "2021" not in stored
    assert (stored["9%"].period_start, stored["$3.9 billion"].period_start) == (
        "2022-01-01",
        "2021-01-01",
    )
    growth = [f for f in found if f.check == "growth against values"]
    assert growth and growth[0].status == "contradiction"  # 4.9 / 3.9 − 1 = 25.6 %, not 9 %


def test_a_growth_is_checked_against_the_values_of_its_measure(tmp_path: Path) -> None:
    """ "Imports were $6 bn. Trade grew 10 %, from $9.1 bn in 2022": the imports written next to
    the growth have no value a year earlier; the turnover pair is the one the growth connects."""
    text = (
        "Uzbek trade\n\nTrade between Kazakhstan and Uzbekistan reached $12.0 billion in 2023, "
        "the ministry said on Monday.\n\nImports from Uzbekistan were $6 billion in 2023. "
        "Trade grew 10% in 2023, from $9.1 billion in 2022.\n"
    )
    (tmp_path / "uz.txt").write_text(text)
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        add_documents(ledger, [tmp_path / "uz.txt"], date=dt.date(2024, 2, 1))
        found = check_claims(ledger)
    growth = [f for f in found if f.check == "growth against values"]
    assert len(growth) == 1 and growth[0].status == "contradiction"  # 12.0 / 9.1 − 1 = 31.9 %
    assert "$12.0 billion" in growth[0].message and "$9.1 billion" in growth[0].message


def test_parts_named_after_a_figure_cannot_exceed_it(tmp_path: Path) -> None:
    """ "$9.4 bn, of which oil $5 bn and metals $5.1 bn": the parts are more than the whole; "300
    bn yuan in 2023, including 120 bn with Kazakhstan and 40 bn with Kyrgyzstan" are within it
    (and "$2.45 bn, including $2.5 bn" is within the precision both are written with)."""
    text = (
        "Exports\n\nKazakhstan's exports to China reached $9.4 billion in 2023, of which oil "
        "accounted for $5 billion and metals for $5.1 billion.\n\nXinjiang's trade reached 300 "
        "billion yuan in 2023, including 120 billion yuan with Kazakhstan and 40 billion yuan "
        "with Kyrgyzstan.\n\nImports of machinery were $2.4 billion, including $2.43 billion "
        "of vehicles.\n"
    )
    (tmp_path / "parts.txt").write_text(text)
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        add_documents(ledger, [tmp_path / "parts.txt"], date=dt.date(2024, 3, 1))
        found = [f for f in check_claims(ledger) if f.check == "parts within the whole"]
    by_whole = {f.a.text: f for f in found}
    assert by_whole["$9.4 billion"].status == "contradiction"
    assert by_whole["$9.4 billion"].b is not None and by_whole["$9.4 billion"].b.value == 10.1e9
    assert by_whole["300 billion yuan"].status == "consistent"
    assert by_whole["$2.4 billion"].status == "consistent"  # 2.35–2.45 holds 2.425–2.435


def test_parts_that_may_overlap_are_not_summed(tmp_path: Path) -> None:
    """ "1.5 Mt, including 1.2 Mt of wheat and 800,000 t to China": by product and by buyer,
    the parts may overlap — no finding, rather than a false contradiction."""
    text = (
        "Grain\n\nKazakhstan exported 1.5 million tonnes of grain in 2023, including 1.2 "
        "million tonnes of wheat and 800,000 tonnes to China.\n"
    )
    (tmp_path / "g.txt").write_text(text)
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        add_documents(ledger, [tmp_path / "g.txt"], date=dt.date(2024, 3, 1))
        found = [f for f in check_claims(ledger) if f.check == "parts within the whole"]
    assert found == []
