"""The extractor's and the checks' general rules, each on sentences written for the pattern:
periods set by the sentence or paragraph, part-years of the article's own year, bases of a
change, the "U.S. dollars" family, exchange rates, growth phrasing, region scope, parts against
totals across sentences and the same figure across articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.claims._vocabulary import load_vocabulary
from corridor.claims.check import (
    across_articles,
    check_claims,
    growth_against_values,
    parts_against_totals,
)
from corridor.claims.extract import Claim, Extractor
from corridor.claims.store import StoredClaim, add_documents, stored_claims
from corridor.ledger import Ledger

EX = Extractor(load_vocabulary())
ANCHOR = dt.date(2025, 6, 10)  # an article of 10 June 2025


def one(text: str, what: str, anchor: dt.date | None = ANCHOR) -> Claim:
    hits = [c for c in EX.extract("t", text, anchor) if c.text == what]
    assert len(hits) == 1, [c.text for c in EX.extract("t", text, anchor)]
    return hits[0]


def span(c: Claim) -> tuple[str | None, str | None]:
    return c.period_start, c.period_end


# --- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2019, 2021, 2024])
def test_a_sentence_that_opens_with_its_year_dates_its_figures(year: int) -> None:
    """The year a sentence opens with dates its figures, also when a base year or "last year"
    follows as what a change is measured against."""
    text = f"In {year}, bilateral trade rose 14% on {year - 1} to $19.2 billion."
    assert span(one(text, "$19.2 billion")) == (f"{year}-01-01", f"{year}-12-31")
    assert span(one(text, "14%")) == (f"{year}-01-01", f"{year}-12-31")
    text = f"In {year}, exports of wheat were 9 percent higher than last year at $600 million."
    assert span(one(text, "$600 million")) == (f"{year}-01-01", f"{year}-12-31")


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("In January–April", "2025-01-01", "2025-04-30"),
        ("In the first quarter", "2025-01-01", "2025-03-31"),
        ("In the first five months of this year", "2025-01-01", "2025-05-31"),
        ("Since January", "2025-01-01", "2025-06-10"),
        ("So far this year", "2025-01-01", "2025-06-10"),
        ("In February-March this year", "2025-02-01", "2025-03-31"),
    ],
)
def test_part_years_belong_to_the_articles_own_year(phrase: str, start: str, end: str) -> None:
    text = (
        f"{phrase}, imports from China amounted to $3.3 billion, up 8% on the same period of 2024."
    )
    assert span(one(text, "$3.3 billion")) == (start, end)


def test_a_part_year_not_yet_over_is_last_years() -> None:
    """An article of February speaking of "January–October" means last year's."""
    c = one(
        "In January–October, turnover reached $20.4 billion.", "$20.4 billion", dt.date(2025, 2, 3)
    )
    assert span(c) == ("2024-01-01", "2024-10-31")


def test_the_paragraph_sets_the_period_for_its_later_sentences() -> None:
    text = (
        "Trade between the two countries hit a record in 2023. Kazakhstan sold goods worth "
        "$15.1 billion, and bought goods worth $9.9 billion.\n"
        "Freight volumes grew as well. Officials expect $30 billion soon."
    )
    assert span(one(text, "$15.1 billion")) == ("2023-01-01", "2023-12-31")
    assert span(one(text, "$9.9 billion")) == ("2023-01-01", "2023-12-31")
    # a new paragraph does not inherit, and a goal is never dated by a past period
    assert span(one(text, "$30 billion")) == (None, None)


def test_that_period_refers_back_across_paragraphs() -> None:
    text = (
        "Turnover reached $8 billion in the first half of 2024.\n"
        "Rail freight doubled over that period."
    )
    assert span(one(text, "doubled")) == ("2024-01-01", "2024-06-30")


def test_the_same_period_last_year_dates_only_the_figure_next_to_it() -> None:
    text = (
        "In January–May, exports rose to $7.5 billion, 12% more than in the same period last "
        "year ($6.7 billion)."
    )
    assert span(one(text, "$7.5 billion")) == ("2025-01-01", "2025-05-31")
    assert span(one(text, "$6.7 billion")) == ("2024-01-01", "2024-05-31")


def test_a_start_date_and_a_day_without_its_year() -> None:
    text = "The crossing will handle 40 trains per day from 1 September 2026."
    assert span(one(text, "40 trains")) == ("2026-09-01", None)
    text = "On 4 May 2025 some 700 trucks crossed, after about 150 trucks on 28 April."
    assert span(one(text, "150 trucks")) == ("2025-04-28", "2025-04-28")


# --- amounts and measures -----------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "12.4 billion U.S. dollars",
        "12.4 billion US dollars",
        "12.4 billion dollars",
        "12.4 billion USD",
    ],
)
def test_the_us_dollars_family_is_read(written: str) -> None:
    c = one(f"Trade turnover stood at {written} in 2022, the ministry said.", written)
    assert (c.value, c.unit, c.measure) == (12.4e9, "USD", "turnover")


@pytest.mark.parametrize(
    ("sentence", "what", "unit"),
    [
        ("Trade was converted at 7.2 yuan per dollar in the report.", "7.2 yuan", "CNY/USD"),
        ("The tenge weakened to 505 tenge to the U.S. dollar last year.", "505 tenge", "KZT/USD"),
        ("At an exchange rate of 6.9 yuan, trade reached 246 billion yuan.", "6.9 yuan", "CNY"),
    ],
)
def test_exchange_rates_are_rates_not_amounts(sentence: str, what: str, unit: str) -> None:
    c = one(sentence, what)
    assert (c.measure, c.unit) == ("rate", unit)


def test_the_trade_figure_beside_a_rate_stays_trade() -> None:
    c = one("At an exchange rate of 6.9 yuan, trade reached 246 billion yuan.", "246 billion yuan")
    assert c.measure == "turnover"


@pytest.mark.parametrize(
    "sentence",
    [
        "Shipments to Urumqi were 18 % more than planned.",
        "Grain exports were 30 percent higher in March.",
        "Container traffic jumped 22% in 2024.",
        "Imports surged by 40 per cent.",
    ],
)
def test_growth_is_read_from_either_side_of_the_figure(sentence: str) -> None:
    c = next(c for c in EX.extract("t", sentence, ANCHOR) if c.unit == "percent")
    assert c.measure == "growth"


def test_more_than_before_a_share_is_a_qualifier_not_growth() -> None:
    c = one("China accounts for more than 20% of the country's trade.", "20%")
    assert (c.measure, c.qualifier) == ("share", "over")


# --- places -------------------------------------------------------------------------------


def test_a_region_is_a_subject_only_where_the_figure_is_about_it() -> None:
    said = one(
        "China's trade with Kazakhstan reached $44 billion in 2024, Xinjiang officials said.",
        "$44 billion",
    )
    assert "CN-XJ" not in said.subjects and {"KAZ", "CHN"} <= set(said.subjects)
    about = one("Kazakhstan's trade with Xinjiang reached $17 billion in 2024.", "$17 billion")
    assert "CN-XJ" in about.subjects
    after = one("Kazakhstan reported $17 billion of trade with Xinjiang in 2024.", "$17 billion")
    assert "CN-XJ" in after.subjects


# --- checks across sentences and articles -------------------------------------------------


def _stored(docs: dict[str, str], date: dt.date = ANCHOR) -> list[StoredClaim]:
    out = []
    for doc_id, (name, text) in enumerate(docs.items()):
        for idx, c in enumerate(EX.extract(name, text, date)):
            out.append(StoredClaim(doc_id, idx, name, None, date, c))
    return out


def _add(ledger: Ledger, tmp_path: Path, text: str, date: dt.date) -> None:
    """Store ``text`` as an article of ``date``."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    add_documents(ledger, [path], date=date)


@settings(max_examples=25, deadline=None)
@given(
    ex=st.integers(10, 300).map(lambda x: x / 10),
    im=st.integers(10, 300).map(lambda x: x / 10),
    off=st.sampled_from([0.0, 0.1, 1.5, -2.0]),
    year=st.integers(2015, 2024),
)
def test_parts_against_the_total_across_sentences(
    ex: float, im: float, off: float, year: int
) -> None:
    """Exports in one sentence, imports in the next, turnover in a third, the country named only
    once: compared; a sum off by more than the rounding is a contradiction."""
    total = round(ex + im + off, 1)
    text = (
        f"In {year}, Kazakhstan's exports to China amounted to ${ex} billion. "
        f"Imports came to ${im} billion. The turnover was ${total} billion."
    )
    found = parts_against_totals(_stored({"a": text}))
    assert len(found) == 1
    expected = "consistent" if abs(off) <= 0.1 + 1e-9 else "contradiction"
    assert found[0].status == expected


def test_parts_against_the_total_of_their_own_side_once() -> None:
    """Both sides' totals in one article: the parts are set against the one they fit (the
    other is the partner's statistics, a mirror gap), and a total stated twice is checked once."""
    text = (
        "In 2023, trade between Kazakhstan and China was $30.1 billion by Kazakh statistics, "
        "while Chinese customs put it at $40.2 billion. Kazakhstan's exports to China were "
        "$12 billion, and imports $18.1 billion. Trade totalled $30.1 billion in 2023."
    )
    stored = _stored({"a": text})
    totals = [s for s in stored if s.claim.measure == "turnover"]
    sides = {
        (s.claim.doc, s.claim.start): frozenset({"KAZ" if s.claim.value < 35e9 else "CHN"})
        for s in totals
    }
    found = parts_against_totals(stored, sides)
    assert [(f.status, f.a.value) for f in found] == [("consistent", 30.1e9)]
    # without knowing whose the totals are, each is checked (once)
    assert len(parts_against_totals(stored)) == 2


def test_growth_against_a_value_said_of_the_same_flow_by_a_pronoun() -> None:
    text = "In 2023, copper exports rose 10% to $5.5 billion. In 2022, they were $5 billion."
    stored = _stored({"a": text})
    assert [c.claim.measure for c in stored if c.claim.unit == "USD"] == ["exports", "exports"]
    assert [f.status for f in growth_against_values(stored)] == ["consistent"]
    text = "In 2023, copper exports rose 30% to $5.5 billion. The figure was $5 billion in 2022."
    assert [f.status for f in growth_against_values(_stored({"a": text}))] == ["contradiction"]


def test_the_same_figure_across_articles_disagrees() -> None:
    a = "In the first half of 2024, trade between Kazakhstan and China reached $13.6 billion."
    b = (
        "Kazakhstan–China trade turnover came to $14.9 billion in January–June 2024, Xinjiang "
        "officials said."
    )
    found = across_articles(_stored({"a": a, "b": b}))
    assert [f.status for f in found] == ["contradiction"]
    assert found[0].period_start == "2024-01-01" and found[0].period_end == "2024-06-30"


def test_checks_run_on_stored_articles(ledger: Ledger, tmp_path: Path) -> None:
    text = (
        "In 2023, Kazakhstan's exports to China were $8.2 billion. "
        "Its imports from China reached $5.1 billion, and trade turnover totalled $14.9 billion.\n"
    )
    _add(ledger, tmp_path, text, dt.date(2024, 2, 1))
    found = parts_against_totals(stored_claims(ledger))
    assert [f.status for f in found] == ["contradiction"]


def test_parts_quoted_from_the_same_side_as_the_total(ledger: Ledger, tmp_path: Path) -> None:
    """China's figures, then the partner's (named with a typographic apostrophe, the total
    named after its amount, imports as "importing"): each total is set against its own side's
    parts."""
    text = (
        "In the first half of 2023, Chinese exports to Kyrgyzstan totalled about $2.46 billion, "
        "while imports amounted to roughly $1.9 billion. Meanwhile, Kyrgyzstan\u2019s Statistics "
        "Office reported $3.5 billion in trade turnover, with Kyrgyzstan importing $2.3 billion "
        "of Chinese goods and exports to China totalling roughly $1.2 billion.\n"
    )
    _add(ledger, tmp_path, text, dt.date(2023, 7, 26))
    found = [f for f in check_claims(ledger) if f.check == "parts against total"]
    assert [(f.status, f.a.value) for f in found] == [("consistent", 3.5e9)]


def test_a_conversion_over_part_of_a_year_is_not_refuted_by_the_annual_average(
    ledger: Ledger, tmp_path: Path
) -> None:
    """Some months' yuan converted at their own rates may stray a little from the year's
    average (unchecked), never by a third (a contradiction)."""
    text = (
        "In January-September 2024, trade reached 322.4 billion yuan ($44.2 billion).\n\n"
        "In January-June 2024, exports reached 150 billion yuan ($15 billion).\n"
    )
    _add(ledger, tmp_path, text, dt.date(2024, 10, 20))
    found = {
        f.a.text.split(" ")[0]: f.status
        for f in check_claims(ledger)
        if f.check == "currency conversion"
    }
    assert found == {"322.4": "unchecked", "150": "contradiction"}
