"""One test per kind of temporal expression of tests/claims/dev/PATTERNS.md, each written from the
pattern with new sentences (none is copied from the corpus), and the corpus's split."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from corridor.claims import Extractor, load_vocabulary
from corridor.claims.evaluate import dev_split

EX = Extractor(load_vocabulary())
DEV = Path(__file__).parent / "dev"


def periods(text: str, date: dt.date) -> dict[str, tuple[str | None, str | None]]:
    return {c.text: (c.period_start, c.period_end) for c in EX.extract("t", text, date)}


def test_relative_years_resolve_against_the_date() -> None:
    got = periods("Last year, shipments of copper reached $3.1 billion.", dt.date(2024, 3, 2))
    assert got["$3.1 billion"] == ("2023-01-01", "2023-12-31")


def test_month_ranges_take_the_year_of_the_date() -> None:
    text = "Flour sales to Uzbekistan totalled 410,000 tons between March and June."
    assert periods(text, dt.date(2023, 8, 9))["410,000 tons"] == ("2023-03-01", "2023-06-30")


def test_named_fractions_of_a_year() -> None:
    d = dt.date(2022, 11, 5)
    got = periods("Rail freight reached 9.2 million tonnes in the first three quarters.", d)
    assert got["9.2 million tonnes"] == ("2022-01-01", "2022-09-30")
    got = periods("Copper exports in 7M 2021 came to $2.2 billion.", d)
    assert got["$2.2 billion"] == ("2021-01-01", "2021-07-31")
    got = periods("Headline: Xinjiang's trade up 14% in H1", dt.date(2021, 7, 20))
    assert got["14%"] == ("2021-01-01", "2021-06-30")


def test_a_single_month_without_its_year() -> None:
    got = periods("The terminal handled 61,000 tons in October alone.", dt.date(2022, 11, 14))
    assert got["61,000 tons"] == ("2022-10-01", "2022-10-31")


def test_a_point_in_time() -> None:
    got = periods("As of April 1, stocks of barley stood at 800,000 tons.", dt.date(2023, 4, 20))
    assert got["800,000 tons"] == ("2023-04-01", "2023-04-01")


def test_a_base_period_never_dates_the_figure() -> None:
    text = "Between April and June, cotton exports rose 18% from 2021."
    assert periods(text, dt.date(2022, 7, 15))["18%"] == ("2022-04-01", "2022-06-30")


def test_from_one_figure_to_another_each_its_own_time() -> None:
    text = (
        "In the first four months of 2024, trade with Mongolia rose from $0.9 billion to "
        "$1.2 billion against the same period a year earlier."
    )
    got = periods(text, dt.date(2024, 5, 20))
    assert got["$0.9 billion"] == ("2023-01-01", "2023-04-30")
    assert got["$1.2 billion"] == ("2024-01-01", "2024-04-30")


def test_seasons_and_marketing_years() -> None:
    d = dt.date(2022, 12, 1)
    got = periods("Barley exports in 2022-23 are forecast at 1.9 million tonnes.", d)
    assert got["1.9 million tonnes"] == ("2022-09-01", "2023-08-31")
    got = periods("In the first two months of 2022/23 MY, oats exports hit 40 thsd tonnes.", d)
    assert got["40 thsd tonnes"] == ("2022-09-01", "2022-10-31")
    got = periods("From October to January 2021-22, the mills bought 300,000 tons of wheat.", d)
    assert got["300,000 tons"] == ("2021-10-01", "2022-01-31")
    got = periods("Over the crop year August 2020 - July 2021 the farms sold 2 million tons.", d)
    assert got["2 million tons"] == ("2020-08-01", "2021-07-31")


def test_a_multi_year_span() -> None:
    text = "Over five years (2016-20), investment came to $4.4 billion."
    assert periods(text, dt.date(2021, 2, 1))["$4.4 billion"] == ("2016-01-01", "2020-12-31")


def test_a_period_set_once_is_carried() -> None:
    text = (
        "Trade of the border zone grew 20% in the first half of 2023.\n"
        "Food exports came to $310 million.\n"
        "By partner:\n"
        "- Russia: $120 million\n"
        "- Kyrgyzstan: $45 million"
    )
    got = periods(text, dt.date(2023, 8, 1))
    for figure in ("$310 million", "$120 million", "$45 million"):
        assert got[figure] == ("2023-01-01", "2023-06-30"), figure


def test_the_previous_year_beside_a_part_year_is_the_same_months() -> None:
    text = (
        "Between June and August, the port shipped 600,000 tons of ore. A year before the "
        "figure was lower: barley alone dropped to 20,000 tons from 35,000 tons the previous year."
    )
    got = periods(text, dt.date(2024, 9, 10))
    assert got["35,000 tons"] == ("2023-06-01", "2023-08-31")


def test_a_dateline_does_not_date_the_article() -> None:
    text = "ALMATY, 12:05, March 3, 2024\nWool exports increased by 9 percent, officials said."
    assert periods(text, dt.date(2024, 3, 3))["9 percent"] == (None, None)


def test_the_corpus_is_split_before_any_rule() -> None:
    """Every third article (in name order) is held back: 10 of 30, spread over the years."""
    names = [k for k in json.loads((DEV / "gold.json").read_text()) if not k.startswith("_")]
    build, held = dev_split(names)
    assert len(names) == 30 and len(held) == 10 and not set(build) & set(held)
    assert all((DEV / n).is_file() for n in names)
