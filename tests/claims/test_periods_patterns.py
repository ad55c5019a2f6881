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


# --- rules for patterns the first rules missed (new sentences, written from the pattern) ------


def test_sentences_glued_without_a_space_are_read_apart() -> None:
    text = (
        'Coal exports rose to 4.1 million tonnes in H1 2022, the ministry said."In May alone '
        "exports were 0.9 million tonnes.The ministry expects more."
    )
    got = periods(text, dt.date(2022, 7, 30))
    assert got["0.9 million tonnes"] == ("2022-05-01", "2022-05-31")
    assert got["4.1 million tonnes"] == ("2022-01-01", "2022-06-30")


def test_from_x_to_y_may_fall() -> None:
    text = "Its zinc sales to Turkey slid from $740m to $610m in the first half of 2022."
    got = periods(text, dt.date(2022, 8, 1))
    assert set(got) == {"$740m", "$610m"}


def test_a_comparison_belongs_to_the_figure_beside_it() -> None:
    """ "up 12 % compared to the same period last year and reached 3.3 Mt": the comparison is
    the rate's base; the tonnage is the month's."""
    text = (
        "In August 2024 rail freight went up 12% compared to the same period last year and "
        "reached 3.3 million tonnes."
    )
    got = periods(text, dt.date(2024, 9, 12))
    assert got["3.3 million tonnes"] == ("2024-08-01", "2024-08-31")
    assert got["12%"] == ("2024-08-01", "2024-08-31")
    text = (
        "Sales hit $2.1 billion in Q1 2024, up 40% on the same period a year earlier "
        "($1.5 billion)."
    )
    got = periods(text, dt.date(2024, 5, 1))
    assert got["$1.5 billion"] == ("2023-01-01", "2023-03-31")


def test_the_same_period_of_a_named_year() -> None:
    text = (
        "Oil exports grew by 20%, from 3.0 million tonnes in the first four months of 2021 to "
        "3.6 million tonnes during the same period in 2022."
    )
    got = periods(text, dt.date(2022, 6, 1))
    assert got["3.0 million tonnes"] == ("2021-01-01", "2021-04-30")
    assert got["3.6 million tonnes"] == ("2022-01-01", "2022-04-30")
    assert got["20%"] == ("2022-01-01", "2022-04-30")  # the rate is for the later period
    text = (
        "Barley exports came to 61.2 thousand tonnes in October-December, against 70.4 "
        "thousand tonnes in the same period of 2020/21 MY."
    )
    got = periods(text, dt.date(2022, 1, 15))
    assert got["70.4 thousand tonnes"] == ("2020-10-01", "2020-12-31")


def test_the_lead_sets_the_period_over_a_headline_year_and_labels() -> None:
    """A dateline's year in the headline yields to the lead's part-year; a section label is
    no lead; the lead's comparison dates the first figure of each later "from X to Y"."""
    text = (
        "Weekly Digest: Sept. 1-7, 2023.\n"
        "Trade\n"
        "Kazakhstan's trade with its neighbours grew markedly in the first eight months of 2023, "
        "compared with the same period in 2022, official figures show.\n"
        "Trade with Uzbekistan rose from $2.0bn to $2.6bn.\n"
    )
    got = periods(text, dt.date(2023, 9, 8))
    assert got["$2.6bn"] == ("2023-01-01", "2023-08-31")
    assert got["$2.0bn"] == ("2022-01-01", "2022-08-31")


def test_a_goal_takes_the_year_named_with_it() -> None:
    text = (
        "The railways agreed to carry 30 million tonnes of cargo, 2 million tonnes more than "
        "in 2025. For 2027, the agreed volume is 31 million tonnes."
    )
    got = periods(text, dt.date(2026, 3, 3))
    assert got["31 million tonnes"] == ("2027-01-01", "2027-12-31")
    got = periods("Astana aims to reach $15 billion by 2028.", dt.date(2024, 1, 2))
    assert got["$15 billion"] == ("2028-01-01", "2028-12-31")


def test_during_the_n_months_refers_to_a_span_of_that_length() -> None:
    text = (
        "Between June and August, exports of flour reached 300,000 tons.\n"
        "In August alone 120,000 tons were shipped.\n"
        "Some 800,000 tons of grain were moved inside the country during the three months, "
        "a 10% rise from 2023.\n"
    )
    got = periods(text, dt.date(2024, 9, 20))
    assert got["800,000 tons"] == ("2024-06-01", "2024-08-31")
    assert got["10%"] == ("2024-06-01", "2024-08-31")


def test_a_capacity_after_a_comma_is_another_clause() -> None:
    text = (
        "Exports of sunflower oil between January and April reached 90,000 tons. Exports to "
        "China reached 20,000 tons, limited by the capacity of the border terminal."
    )
    got = periods(text, dt.date(2023, 5, 20))
    assert got["20,000 tons"] == ("2023-01-01", "2023-04-30")


def test_the_same_period_without_a_period_speaks_of_the_last_one_set() -> None:
    text = (
        "Grain exports from September to January 2022-23 were 4.2 million tonnes.\n"
        "Sales to Iran stood at 0.6 million tonnes, 5% down on the same period the prior "
        "marketing year. Turkey bought 0.3 million tonnes.\n"
    )
    got = periods(text, dt.date(2023, 3, 1))
    assert got["0.6 million tonnes"] == ("2022-09-01", "2023-01-31")
    assert got["0.3 million tonnes"] == ("2022-09-01", "2023-01-31")


def test_this_year_is_the_year_so_far_unless_it_is_a_goal() -> None:
    d = dt.date(2025, 10, 2)
    got = periods("Freight through the port has grown by 9% this year.", d)
    assert got["9%"] == ("2025-01-01", "2025-10-02")
    got = periods("Freight is expected to reach 30 million tonnes this year.", d)
    assert got["30 million tonnes"] == ("2025-01-01", "2025-12-31")


def test_as_of_a_weekday_ends_the_year_so_far() -> None:
    text = "As of Tuesday, the port had handled 1.2 million tonnes this year, up 8 percent."
    got = periods(text, dt.date(2022, 6, 12))  # a Sunday: Tuesday is 7 June
    assert got["1.2 million tonnes"] == ("2022-01-01", "2022-06-07")


def test_since_the_start_ends_with_the_data_reported() -> None:
    text = (
        "Customs released data for the first quarter of 2025 on Monday.\n"
        "Since the beginning of 2025, trade with Mongolia has grown by 14% to $0.4 billion.\n"
    )
    got = periods(text, dt.date(2025, 4, 28))
    assert got["14%"] == ("2025-01-01", "2025-03-31")
    got = periods("Since the beginning of 2025, exports grew by 3%.", dt.date(2025, 4, 28))
    assert got["3%"] == ("2025-01-01", "2025-04-28")  # no lead: up to the article's date


def test_the_whole_previous_year_is_a_year() -> None:
    text = "The first half brought $40 bn, after $75 bn throughout the entire previous year."
    assert periods(text, dt.date(2024, 7, 15))["$75 bn"] == ("2023-01-01", "2023-12-31")


def test_a_base_year_before_an_amount_is_no_range() -> None:
    text = "Trade more than tripled last year from 2015 to CNY88.2 billion."
    got = periods(text, dt.date(2024, 2, 1))
    assert got["CNY88.2 billion"] == ("2023-01-01", "2023-12-31")


def test_months_ended_a_month() -> None:
    text = "In the four months ended April 30, revenue from transit was $310 million."
    assert periods(text, dt.date(2023, 5, 20))["$310 million"] == ("2023-01-01", "2023-04-30")


def test_a_season_starts_where_the_text_says() -> None:
    text = "Exports of the 2022/23 season, which started on July 1, are seen at 8 million tonnes."
    got = periods(text, dt.date(2022, 9, 1))
    assert got["8 million tonnes"] == ("2022-07-01", "2023-06-30")


def test_the_current_season_and_numbers_written_the_european_way() -> None:
    """A part of "the current season" counts from the season's first month; "41,9" and
    "3 653,3" are decimal commas (thousands grouped by spaces); a bare number "versus" a
    figure is of its unit, and the year-earlier one where the text compares."""
    text = (
        "Oat exports\n\n"
        "In the first four months of the current season (from September 2023 to December 2023), "
        "Kazakhstan shipped 92 thousand tons of oats, against 75 thousand tons in the same "
        "period of last season.\n"
        "Uzbekistan took 31 thousand tons (versus 27,5), and 2 104,6 thousand tons of wheat "
        "went by rail.\n"
    )
    got = {
        c.text: (c.value, c.period_start, c.period_end)
        for c in EX.extract("t", text, dt.date(2024, 1, 20))
    }
    assert got["92 thousand tons"] == (92_000.0, "2023-09-01", "2023-12-31")
    assert got["75 thousand tons"] == (75_000.0, "2022-09-01", "2022-12-31")
    assert got["27,5"] == (27_500.0, "2022-09-01", "2022-12-31")
    assert got["2 104,6 thousand tons"][0] == 2_104_600.0


def test_ordinal_quarters_and_halves() -> None:
    d = dt.date(2024, 2, 9)
    got = periods("Zinc sales reached $0.4 billion in the third quarter of 2023.", d)
    assert got["$0.4 billion"] == ("2023-07-01", "2023-09-30")
    got = periods("In the fourth quarter of last year, rail transit grew 7%.", d)
    assert got["7%"] == ("2023-10-01", "2023-12-31")
    got = periods("Wool exports in the second half of 2022 were 9,000 tonnes.", d)
    assert got["9,000 tonnes"] == ("2022-07-01", "2022-12-31")
    got = periods("Tin came to $50 million in 2Q 2023 and $80 million in 1H 2023.", d)
    assert got["$50 million"] == ("2023-04-01", "2023-06-30")
    assert got["$80 million"] == ("2023-01-01", "2023-06-30")
    got = periods("Half-year turnover with Tajikistan rose 6%.", dt.date(2023, 8, 1))
    assert got["6%"] == ("2023-01-01", "2023-06-30")


def test_months_written_short_or_unnumbered() -> None:
    got = periods("Tyre imports for 8M2023 were $120 million.", dt.date(2023, 10, 1))
    assert got["$120 million"] == ("2023-01-01", "2023-08-31")
    got = periods("Bus exports in seven months reached $15 million.", dt.date(2022, 8, 20))
    assert got["$15 million"] == ("2022-01-01", "2022-07-31")
    got = periods("Over the 4 months, salt exports reached 60,000 tons.", dt.date(2022, 5, 20))
    assert got["60,000 tons"] == ("2022-01-01", "2022-04-30")
    # a two-digit year written on: "9M24", "1H25", "Q3'24"
    got = periods("Zinc exports in 9M24 were $210 million.", dt.date(2024, 11, 3))
    assert got["$210 million"] == ("2024-01-01", "2024-09-30")
    got = periods(
        "Wool sales were $12 million in 1H25 and $7 million in Q3'24.", dt.date(2025, 8, 1)
    )
    assert got["$12 million"] == ("2025-01-01", "2025-06-30")
    assert got["$7 million"] == ("2024-07-01", "2024-09-30")
    # a length of time that is not the year's first months
    got = periods("The line will carry 2 million tons in two months' time.", dt.date(2022, 5, 20))
    assert got["2 million tons"] == (None, None)


def test_the_years_ahead_of_the_article() -> None:
    """ "over the next five years": the five calendar years after the article's."""
    got = periods(
        "Officials expect cotton trade to rise 15% over the next five years.", dt.date(2025, 3, 1)
    )
    assert got["15%"] == ("2026-01-01", "2030-12-31")
    got = periods(
        "Within the coming three years, the dry port will add 40 hectares.", dt.date(2024, 6, 1)
    )
    assert got["40 hectares"] == ("2025-01-01", "2027-12-31")


def test_a_goal_for_the_year_end_and_a_base_that_is_exceeded() -> None:
    """ "by the end of the year" is the article's year, as a goal; "exceed the 2023 figure"
    measures against 2023, which dates nothing."""
    got = periods(
        "Sales of flour should reach $700 million by the end of the year.", dt.date(2024, 5, 2)
    )
    assert got["$700 million"] == ("2024-01-01", "2024-12-31")
    text = "For 2025 the plan is 4.1 million tonnes, which would exceed the 2024 figure by 8%."
    got = periods(text, dt.date(2024, 11, 20))
    assert got["4.1 million tonnes"] == ("2025-01-01", "2025-12-31")
    assert got["8%"] == ("2025-01-01", "2025-12-31")


def test_a_month_that_dates_an_earlier_forecast_dates_no_figure() -> None:
    """In a sentence about a forecast, "(… in September)" and "down from … in October" date the
    earlier forecasts, not the figures; a month that governs the figure still dates it."""
    text = (
        "Cotton output in 2024 is forecast at 350,000 tonnes (380,000 tonnes in August), "
        "down from 390,000 tonnes in July."
    )
    got = periods(text, dt.date(2024, 10, 5))
    for fig in ("350,000 tonnes", "380,000 tonnes", "390,000 tonnes"):
        assert got[fig] == ("2024-01-01", "2024-12-31"), fig
    got = periods(
        "The ministry estimates exports in September at 1.2 million tonnes.", dt.date(2024, 10, 5)
    )
    assert got["1.2 million tonnes"] == ("2024-09-01", "2024-09-30")


def test_consecutive_months_and_a_rate_over_a_span_of_years() -> None:
    """ "for three consecutive months since April": April to June; a rate "over 2013-2023" is
    over that span (not measured against it), as is one "over the past five years"."""
    text = "Copper shipments have topped 2 billion yuan for three consecutive months since April."
    assert periods(text, dt.date(2025, 7, 26))["2 billion yuan"] == ("2025-04-01", "2025-06-30")
    text = "The average annual growth rate of trade over 2013-2023 was 6.4 percent."
    assert periods(text, dt.date(2024, 1, 5))["6.4 percent"] == ("2013-01-01", "2023-12-31")
    got = periods("Trade grew 80% over the past five years.", dt.date(2024, 1, 5))
    assert got["80%"] == ("2019-01-05", "2024-01-05")


def test_a_span_of_years_and_of_months_across_years() -> None:
    d = dt.date(2024, 6, 1)
    got = periods("Between 2016 and 2021, the port handled 40 million tonnes.", d)
    assert got["40 million tonnes"] == ("2016-01-01", "2021-12-31")
    got = periods("From 2019 to 2023, fertiliser trade totalled $2.5 billion.", d)
    assert got["$2.5 billion"] == ("2019-01-01", "2023-12-31")
    got = periods("Between August 2022 and April 2023, barley exports hit 1.9 million tons.", d)
    assert got["1.9 million tons"] == ("2022-08-01", "2023-04-30")
    # a season's months across the year's end, in the year the date allows
    got = periods("Oat exports from October to February reached 0.3 million tonnes.", d)
    assert got["0.3 million tonnes"] == ("2023-10-01", "2024-02-29")
    got = periods("In the February-April period of 2021, sales reached $90 million.", d)
    assert got["$90 million"] == ("2021-02-01", "2021-04-30")


def test_last_month_and_the_year_before() -> None:
    got = periods("Wagon repairs cost $3 million last month.", dt.date(2023, 1, 12))
    assert got["$3 million"] == ("2022-12-01", "2022-12-31")
    # not the time a forecast was made
    got = periods("It cut a forecast last month of 12 million tonnes.", dt.date(2023, 1, 12))
    assert got["12 million tonnes"] != ("2022-12-01", "2022-12-31")
    text = "Meat exports were $210 million in 2022, up from $170 million the year before."
    assert periods(text, dt.date(2023, 3, 3))["$170 million"] == ("2021-01-01", "2021-12-31")
    text = "Honey exports reached $9 million in 2022, and $6 million a year earlier."
    assert periods(text, dt.date(2023, 3, 3))["$9 million"] == ("2022-01-01", "2022-12-31")
    assert periods(text, dt.date(2023, 3, 3))["$6 million"] == ("2021-01-01", "2021-12-31")


def test_a_flow_as_of_a_day_is_counted_from_the_years_start() -> None:
    text = "As of the end of August 2022, cement shipments amounted to 700,000 tonnes."
    assert periods(text, dt.date(2022, 9, 9))["700,000 tonnes"] == ("2022-01-01", "2022-08-31")
    text = "As of the end of August 2022, cement stocks amounted to 70,000 tonnes."
    assert periods(text, dt.date(2022, 9, 9))["70,000 tonnes"] == ("2022-08-31", "2022-08-31")


def test_a_figure_is_not_dated_by_the_period_it_is_compared_with() -> None:
    text = (
        "Kazakh-Uzbek trade in the first nine months of 2023 was $3.1 billion. In 2022 it was "
        "$3.9 billion.\n\nThis is 11% more than in 2022."
    )
    got = periods(text, dt.date(2023, 11, 1))
    assert got["11%"] == ("2023-01-01", "2023-09-30")
    assert got["$3.9 billion"] == ("2022-01-01", "2022-12-31")


def test_pct_is_a_percent() -> None:
    got = periods("Headline: Xinjiang's imports up 17 pct in 2021", dt.date(2022, 1, 20))
    assert got["17 pct"] == ("2021-01-01", "2021-12-31")


def test_seasons_named_relative_to_the_date() -> None:
    d = dt.date(2022, 12, 5)
    got = periods("In the current marketing year, lentil exports reached 60,000 tonnes.", d)
    assert got["60,000 tonnes"] == ("2022-09-01", "2022-12-05")
    got = periods("Last season, barley exports to Iran totalled 1.1 million tonnes.", d)
    assert got["1.1 million tonnes"] == ("2021-09-01", "2022-08-31")
    got = periods("Since the start of the season, oat exports came to 25,000 tonnes.", d)
    assert got["25,000 tonnes"] == ("2022-09-01", "2022-12-05")
    got = periods("In the first three months of the season, rye exports were 9,000 tonnes.", d)
    assert got["9,000 tonnes"] == ("2022-09-01", "2022-11-30")


def test_the_end_of_the_decade_is_a_deadline() -> None:
    text = "The ministries want fruit exports to reach $1 billion by the end of the decade."
    assert periods(text, dt.date(2024, 5, 5))["$1 billion"] == ("2030-01-01", "2030-12-31")


def test_abbreviated_and_run_on_forms_of_a_months_range() -> None:
    d = dt.date(2023, 12, 1)
    # a month's abbreviation before a year ends no sentence
    got = periods("In Feb.–Aug. 2023, sugar exports reached $40 million.", d)
    assert got["$40 million"] == ("2023-02-01", "2023-08-31")
    got = periods("Sugar exports were $6 million in Aug. 2023.", d)
    assert got["$6 million"] == ("2023-08-01", "2023-08-31")
    got = periods("For the February-to-August period, sugar exports were $40 million.", d)
    assert got["$40 million"] == ("2023-02-01", "2023-08-31")
    got = periods("Sugar exports for 8 months 2023 reached $40 million.", d)
    assert got["$40 million"] == ("2023-01-01", "2023-08-31")
    got = periods("In Q2-Q3 2023, sugar exports reached $30 million.", d)
    assert got["$30 million"] == ("2023-04-01", "2023-09-30")
    got = periods("Sugar exports in the year to August reached $40 million.", d)
    assert got["$40 million"] == ("2023-01-01", "2023-08-31")
    got = periods("Sugar exports in 2023 through August reached $40 million.", d)
    assert got["$40 million"] == ("2023-01-01", "2023-08-31")


def test_a_month_of_last_year_and_the_same_month() -> None:
    d = dt.date(2024, 3, 10)
    got = periods("Sugar exports were $6 million in August last year.", d)
    assert got["$6 million"] == ("2023-08-01", "2023-08-31")
    text = (
        "In February, sugar exports were $5 million, against $4 million in the same month "
        "last year."
    )
    got = periods(text, d)
    assert got["$5 million"] == ("2024-02-01", "2024-02-29")
    assert got["$4 million"] == ("2023-02-01", "2023-02-28")


def test_a_base_of_change_dates_no_figure_after_it() -> None:
    # "compared with a year earlier" is the growth's base: the level after it is the period's
    text = (
        "Exports of zinc grew 9 percent in January-March 2023 compared with a year earlier, "
        "reaching $410 million."
    )
    got = periods(text, dt.date(2023, 4, 20))
    assert got["$410 million"] == ("2023-01-01", "2023-03-31")
    assert got["9 percent"] == ("2023-01-01", "2023-03-31")
    # a figure written right after the comparison is still the earlier one
    text = "In 2023 exports reached $4.1 billion, compared with $3.2 billion a year earlier."
    got = periods(text, dt.date(2024, 2, 1))
    assert got["$3.2 billion"] == ("2022-01-01", "2022-12-31")


def test_a_year_before_to_is_a_period_not_a_range() -> None:
    text = "Flax sales rose from 40,000 tons in the first quarter of 2022 to 75,500 tons in 2023."
    got = periods(text, dt.date(2024, 1, 9))
    assert "75,500 tons" in got and "2022 to 75,500 tons" not in got
    assert got["40,000 tons"] == ("2022-01-01", "2022-03-31")


def test_a_span_of_days() -> None:
    d = dt.date(2025, 3, 4)
    got = periods("From 1 January to 20 February, 380 trains passed the border.", d)
    assert got["380 trains"] == ("2025-01-01", "2025-02-20")
    got = periods("Between December 15 and January 31, 2025, the port handled 2,100 trucks.", d)
    assert got["2,100 trucks"] == ("2024-12-15", "2025-01-31")


def test_the_reporting_period_is_the_period_set_before() -> None:
    text = (
        "Freight to China came to 14.2 million tonnes in January-August 2023. "
        "In the reporting period, grain made up 2.9 million tonnes."
    )
    got = periods(text, dt.date(2023, 9, 20))
    assert got["2.9 million tonnes"] == ("2023-01-01", "2023-08-31")


def test_a_period_after_a_base_figure_dates_that_figure_only() -> None:
    text = (
        "Barley sales up\n\n"
        "Kazakhstan sold 1.6 million tonnes of barley abroad in March 2024, the ministry of "
        "agriculture said on Monday.\n\n"
        "Its neighbour Uzbekistan bought 300,000 tonnes, up from 120,000 tonnes in February."
    )
    got = periods(text, dt.date(2024, 4, 8))
    assert got["120,000 tonnes"] == ("2024-02-01", "2024-02-29")
    assert got["300,000 tonnes"] == ("2024-03-01", "2024-03-31")


def test_a_months_adjective_and_the_full_year() -> None:
    d = dt.date(2023, 10, 16)
    got = periods("Nine-month exports rose 6% to $8.8 billion.", d)
    assert got["$8.8 billion"] == ("2023-01-01", "2023-09-30")
    assert "a six-month" not in str(periods("A six-month ban cut sales by 40%.", d))
    got = periods("For the full year, turnover reached $28.1 billion.", dt.date(2023, 2, 1))
    assert got["$28.1 billion"] == ("2022-01-01", "2022-12-31")
    got = periods("Full-year trade is expected to reach $30 billion.", dt.date(2023, 6, 1))
    assert got["$30 billion"] == ("2023-01-01", "2023-12-31")


def test_the_end_of_a_month_or_a_year() -> None:
    got = periods(
        "By the end of August, exports had reached 3.4 million tonnes.", dt.date(2022, 9, 9)
    )
    assert got["3.4 million tonnes"] == ("2022-01-01", "2022-08-31")
    # a stock is counted on the day; a flow "at the end of 2022" is the year's
    got = periods("At the end of 2022, grain stocks were 2.2 million tonnes.", dt.date(2023, 2, 1))
    assert got["2.2 million tonnes"] == ("2022-12-31", "2022-12-31")
    got = periods("At the end of 2022, trade amounted to $31.2 billion.", dt.date(2023, 2, 1))
    assert got["$31.2 billion"] == ("2022-01-01", "2022-12-31")


def test_a_season_defined_by_its_months_and_this_year_ahead() -> None:
    text = (
        "In the 2022-2023 season, which ends in June, Kazakhstan is expected to export "
        "7.5 million tonnes of wheat, the ministry said in a statement."
    )
    got = periods(text, dt.date(2023, 1, 10))
    assert got["7.5 million tonnes"] == ("2022-07-01", "2023-06-30")
    # "this year" ahead is the whole year; done so far, the year up to the date
    got = periods("Barley output this year is forecast at 3.1 million tonnes.", dt.date(2022, 8, 1))
    assert got["3.1 million tonnes"] == ("2022-01-01", "2022-12-31")
    got = periods("Exports grew 14% this year, the ministry said.", dt.date(2022, 8, 1))
    assert got["14%"] == ("2022-01-01", "2022-08-01")


def test_figures_of_no_period_take_none_from_the_lead() -> None:
    lead = (
        "Kazakhstan's trade with Uzbekistan reached $4.9 billion in 2022, the bureau of "
        "statistics said on Monday in its annual review.\n\n"
    )
    d = dt.date(2023, 2, 6)
    for sentence, figure in (
        ("At present, about 45% of the transit goes by rail.", "45%"),
        ("Road freight now makes up 30 percent of the total.", "30 percent"),
        ("Firms signed agreements worth over $600 million.", "$600 million"),
        ("The first batch of 500 tons of flour left Kostanay.", "500 tons"),
        ("Some 40,000 tons were sold in just two months.", "40,000 tons"),
    ):
        assert periods(lead + sentence, d)[figure] == (None, None), sentence
    # a figure with a period of its own keeps it, "now" or not
    got = periods(lead + "Rail now carries 3.1 million tonnes in 2022.", d)
    assert got["3.1 million tonnes"] == ("2022-01-01", "2022-12-31")
    # and one that speaks of the lead's period still takes it
    got = periods(lead + "Exports made up $2.8 billion.", d)
    assert got["$2.8 billion"] == ("2022-01-01", "2022-12-31")


def test_months_of_a_named_season() -> None:
    d = dt.date(2023, 3, 2)
    got = periods("In October-February of the current season, barley exports were 1.1 mln t.", d)
    assert got["1.1 mln t"] == ("2022-10-01", "2023-02-28")
    got = periods("In October-February of the previous season, they were 0.7 mln t.", d)
    assert got["0.7 mln t"] == ("2021-10-01", "2022-02-28")


def test_the_corresponding_period() -> None:
    text = (
        "In Q1 2024 exports reached $4.2 bn. "
        "In the corresponding period of 2023, they were $3.8 bn."
    )
    got = periods(text, dt.date(2024, 5, 2))
    assert got["$3.8 bn"] == ("2023-01-01", "2023-03-31")


def test_the_last_quarter_years_ago_days_of_a_month_and_a_years_possessive() -> None:
    d = dt.date(2024, 2, 20)
    got = periods("In the final quarter of 2022, exports reached $3.3 billion.", d)
    assert got["$3.3 billion"] == ("2022-10-01", "2022-12-31")
    got = periods("Last quarter, imports came to $5.2 billion.", d)
    assert got["$5.2 billion"] == ("2023-10-01", "2023-12-31")
    got = periods("Three years ago, trade stood at $18.9 billion.", d)
    assert got["$18.9 billion"] == ("2021-01-01", "2021-12-31")
    got = periods("The year before last, trade stood at $25.1 billion.", d)
    assert got["$25.1 billion"] == ("2022-01-01", "2022-12-31")
    got = periods("In the first 15 days of February, 61 trains crossed at Dostyk.", d)
    assert got["61 trains"] == ("2024-02-01", "2024-02-15")
    got = periods("On 3-17 January 2023, 140 trains crossed at Dostyk.", d)
    assert got["140 trains"] == ("2023-01-03", "2023-01-17")
    text = "Trade in 2023 reached $41.2 billion, up 9.8% from 2022's $37.5 billion."
    got = periods(text, d)
    assert got["$37.5 billion"] == ("2022-01-01", "2022-12-31")
    assert got["9.8%"] == got["$41.2 billion"] == ("2023-01-01", "2023-12-31")


def test_a_count_of_traffic_takes_the_period_set_before_a_capacity_does_not() -> None:
    text = (
        "Rail freight record\n\n"
        "Container traffic through the Dostyk crossing reached 410,000 TEU in 2022, the railway "
        "company said at its annual briefing on Monday.\n\n"
        "Of this, transit trains accounted for 180,000 TEU. The terminal can now process up to "
        "24 trains per day. The fleet counts 1,200 wagons."
    )
    got = periods(text, dt.date(2023, 2, 6))
    assert got["180,000 TEU"] == ("2022-01-01", "2022-12-31")
    assert got["24 trains"] == (None, None)
    assert got["1,200 wagons"] == (None, None)


def test_a_deals_size_beside_its_day_has_no_period_but_deals_over_a_span_do() -> None:
    d = dt.date(2024, 9, 14)
    got = periods("The firms signed contracts worth $2.3 billion at a forum on Friday.", d)
    assert got["$2.3 billion"] == (None, None)
    got = periods("In January-August 2024, firms signed contracts worth $4.1 billion.", d)
    assert got["$4.1 billion"] == ("2024-01-01", "2024-08-31")


def test_a_count_in_a_list_reads_after_the_lists_introduction() -> None:
    """Each item of a list continues its introduction: counts after "the terminal shipped:"
    are traffic over the period set before; counts after "the yard has:" are not."""
    text = (
        "Altynkol station had its busiest year in 2023.\n\n"
        "By cargo, the station dispatched:\n"
        "- 61,000 wagons of grain;\n"
        "- 12,500 containers of oilseeds.\n\n"
        "For comparison, the yard has:\n"
        "- 14 receiving tracks;\n"
        "- 6 sorting tracks."
    )
    got = periods(text, dt.date(2024, 1, 20))
    assert got["61,000 wagons"] == got["12,500 containers"] == ("2023-01-01", "2023-12-31")
    assert got["14 receiving tracks"] == got["6 sorting tracks"] == (None, None)


def test_a_month_of_a_year_and_the_whole_of_the_previous_year() -> None:
    """ "June of 2024" is that month (its year is not a period of its own for the next figure);
    "for the whole of the previous year" is that full year, not the same months a year before."""
    text = (
        "Grain sales reached 410,000 tons between March and May of 2024, against 1.2 million "
        "tons for the whole of the previous year. In June of 2024 they were 95,000 tons."
    )
    got = periods(text, dt.date(2024, 8, 1))
    assert got["410,000 tons"] == ("2024-03-01", "2024-05-31")
    assert got["1.2 million tons"] == ("2023-01-01", "2023-12-31")
    assert got["95,000 tons"] == ("2024-06-01", "2024-06-30")


def test_a_span_since_a_year_ends_with_the_latest_data_of_its_sentence() -> None:
    """ "an average of 9 % a year since 2016 … in 2023 it reached …": the span ends with 2023,
    not on the article's date; alone, "since 2016" runs to the date."""
    text = (
        "Rail exports have grown by an average of 9 percent a year since 2016, and in 2023 they "
        "reached 18 million tonnes. Since 2020, the corridor has carried 3,100 trains."
    )
    got = periods(text, dt.date(2024, 5, 6))
    assert got["9 percent"] == ("2016-01-01", "2023-12-31")
    assert got["18 million tonnes"] == ("2023-01-01", "2023-12-31")
    assert got["3,100 trains"] == ("2020-01-01", "2024-05-06")


def test_a_share_of_work_done_is_dated_the_day_it_is_reported() -> None:
    """ "the sowing is 85 % complete, the ministry said on Tuesday": the work done by that day
    (the article's date when no day is named); a share of no such work keeps no period."""
    date = dt.date(2022, 5, 20)  # a Friday
    got = periods("Spring sowing is 85 percent complete, the ministry said on Tuesday.", date)
    assert got["85 percent"] == ("2022-05-17", "2022-05-17")
    got = periods("Wheat is 40% harvested in the north.", date)
    assert got["40%"] == ("2022-05-20", "2022-05-20")
    got = periods("Road transport now accounts for 52 percent of the freight.", date)
    assert got["52 percent"] == (None, None)


def test_an_expectation_takes_the_leads_period_when_that_period_is_not_past() -> None:
    """A lead about the marketing year under way (it ends after the article's date) dates the
    forecasts after it; a lead about a year already ended does not date an expectation."""
    text = (
        "The agency raised its forecast of Kazakhstan's barley crop for the marketing year "
        "July 2024 - June 2025 to 3.4 million tonnes.\n\n"
        "Exports are expected to reach 1.8 million tonnes, the agency said."
    )
    got = periods(text, dt.date(2024, 11, 8))
    assert got["1.8 million tonnes"] == ("2024-07-01", "2025-06-30")
    text = (
        "Kazakhstan harvested 3.1 million tonnes of barley in 2023.\n\n"
        "Exports are expected to reach 1.8 million tonnes."
    )
    assert periods(text, dt.date(2024, 11, 8))["1.8 million tonnes"] == (None, None)


def test_a_five_year_plan_is_its_five_years() -> None:
    """China's plans run back to back in five-year periods from the sixth (1981-85): "the 13th
    Five-Year Plan" is 2016-2020; written with its years, those are read."""
    got = periods(
        "Over the 13th Five-Year Plan period, rail freight to Europe grew by 63 percent. During "
        "the 14th Five-Year Plan (2021-2025), it reached 9.1 million TEU.",
        dt.date(2026, 2, 3),
    )
    assert got["63 percent"] == ("2016-01-01", "2020-12-31")
    assert got["9.1 million TEU"] == ("2021-01-01", "2025-12-31")


def test_figures_and_periods_listed_respectively_pair_in_order() -> None:
    d = dt.date(2024, 6, 1)
    got = periods(
        "Zinc sales were $0.8 billion and $1.1 billion in 2021 and 2023, respectively.", d
    )
    assert got["$0.8 billion"] == ("2021-01-01", "2021-12-31")
    assert got["$1.1 billion"] == ("2023-01-01", "2023-12-31")
    # periods not listed after the figures: the ordinary rules ("in 2023" dates both)
    got = periods("Exports and imports were $9 bn and $7 bn, respectively, in 2023.", d)
    assert got["$9 bn"] == got["$7 bn"] == ("2023-01-01", "2023-12-31")


def test_figures_and_periods_joined_by_and_pair_in_order() -> None:
    d = dt.date(2025, 3, 1)
    got = periods("Lead output grew 4% and 9% in 2023 and 2024.", d)
    assert got["4%"] == ("2023-01-01", "2023-12-31")
    assert got["9%"] == ("2024-01-01", "2024-12-31")
    # as many periods as figures, else the ordinary rules: "in 2024" dates both
    got = periods("Sales of tin were $5 million and of zinc $8 million in 2024.", d)
    assert got["$5 million"] == got["$8 million"] == ("2024-01-01", "2024-12-31")


def test_numbers_listed_before_a_figure_share_its_unit_and_scale() -> None:
    claims = EX.extract(
        "t",
        "Shipments of oats were 0.3, 0.5 and 0.9 million tonnes in 2020, 2021 and 2022, "
        "respectively, and sales were $1.2, $1.6 and $2.1 billion.",
        dt.date(2023, 4, 1),
    )
    got = {c.text: (c.value, c.unit, c.period_start) for c in claims}
    assert got["0.3"] == (300_000, "t", "2020-01-01")
    assert got["0.5"] == (500_000, "t", "2021-01-01")
    assert got["0.9 million tonnes"] == (900_000, "t", "2022-01-01")
    assert [got[k][:2] for k in ("$1.2", "$1.6", "$2.1 billion")] == [
        (1.2e9, "USD"),
        (1.6e9, "USD"),
        (2.1e9, "USD"),
    ]
    # years are not listed figures
    assert "2021" not in got and "2020" not in got


def test_a_figure_after_a_base_and_when_is_the_bases() -> None:
    d = dt.date(2024, 6, 3)
    text = (
        "The yard loaded 3.4 million tonnes in January-May 2024. This is 6% more than in the "
        "same period of 2023, when 3.2 million tonnes were loaded."
    )
    got = periods(text, d)
    assert got["6%"] == ("2024-01-01", "2024-05-31")
    assert got["3.2 million tonnes"] == ("2023-01-01", "2023-05-31")
    got = periods(text.replace("the same period of 2023", "a year earlier"), d)
    assert got["3.2 million tonnes"] == ("2023-01-01", "2023-05-31")


def test_a_comparison_after_a_comparative_is_a_base() -> None:
    d = dt.date(2023, 8, 20)
    got = periods(
        "In the first half, the port cleared 9,400 trucks, 12 percent fewer than a year earlier. "
        "Uzbekistan bought 70,000 tonnes, three times as much as a year before.",
        d,
    )
    assert got["12 percent"] == ("2023-01-01", "2023-06-30")
    assert got["70,000 tonnes"] == ("2023-01-01", "2023-06-30")
    # written right after a figure with no comparative, the comparison is the figure's own
    got = periods("In the first half, exports were $2 bn, against $1.5 bn a year earlier.", d)
    assert got["$1.5 bn"] == ("2022-01-01", "2022-06-30")


def test_the_same_period_of_a_named_year_is_the_part_year_set_before() -> None:
    d = dt.date(2023, 7, 9)
    got = periods(
        "In the first half, 41,000 tonnes of honey were sold abroad. Last year, 35,000 tonnes "
        "were sold over the same period. In the same period of 2021, sales stood at 30,000 "
        "tonnes.",
        d,
    )
    assert got["41,000 tonnes"] == ("2023-01-01", "2023-06-30")
    assert got["35,000 tonnes"] == ("2022-01-01", "2022-06-30")
    assert got["30,000 tonnes"] == ("2021-01-01", "2021-06-30")


def test_a_level_to_bring_trade_to_is_a_goal_of_no_date() -> None:
    got = periods(
        'In 2024 trade reached $44 billion. "We must bring it to $60 billion in the coming '
        'years," the minister said.',
        dt.date(2025, 2, 1),
    )
    assert got["$44 billion"] == ("2024-01-01", "2024-12-31")
    assert got["$60 billion"] == (None, None)


def test_the_previous_month_follows_the_month_the_text_set() -> None:
    got = periods(
        "In March, zinc sales rose 4% to $90 million. In the previous month, they had reached "
        "$80 million. Last month, sales were $95 million.",
        dt.date(2024, 5, 10),
    )
    assert got["$90 million"] == ("2024-03-01", "2024-03-31")
    assert got["$80 million"] == ("2024-02-01", "2024-02-29")
    assert got["$95 million"] == ("2024-04-01", "2024-04-30")  # the month before the date
    got = periods(
        "In the second quarter, tin sales reached $30 million. In the previous quarter, they "
        "were $26 million.",
        dt.date(2024, 8, 10),
    )
    assert got["$26 million"] == ("2024-01-01", "2024-03-31")


def test_months_of_a_season_written_with_its_years() -> None:
    got = periods(
        "In October-January of the 2023/24 season, rapeseed sales reached 95 thousand tons, "
        "including 60 thousand tons to China. In the same period of the previous season, sales "
        "were 70 thousand tons, including 41 thousand tons to China.",
        dt.date(2024, 3, 2),
    )
    assert got["95 thousand tons"] == got["60 thousand tons"] == ("2023-10-01", "2024-01-31")
    assert got["70 thousand tons"] == got["41 thousand tons"] == ("2022-10-01", "2023-01-31")


def test_a_month_an_estimate_was_changed_in_does_not_date_it() -> None:
    got = periods(
        "Barley output in the 2024/25 marketing year (July-June) is forecast at 3.1 million "
        "tonnes. In March, the council lowered its estimate of stocks to 0.8 million tonnes.",
        dt.date(2025, 3, 20),
    )
    assert got["0.8 million tonnes"] == ("2024-07-01", "2025-06-30")
    # a month that is the figure's own stays it
    got = periods("In March, exports rose to 0.4 million tonnes.", dt.date(2025, 4, 20))
    assert got["0.4 million tonnes"] == ("2025-03-01", "2025-03-31")


def test_a_span_so_far_ends_on_the_day_it_is_counted_to() -> None:
    got = periods(
        "As of March 1, since the start of the 2024/25 season the country had sold 2.2 million "
        "tonnes of barley.",
        dt.date(2025, 3, 9),
    )
    assert got["2.2 million tonnes"] == ("2024-09-01", "2025-03-01")


def test_the_same_months_of_a_named_season() -> None:
    got = periods(
        "In the first five months of the current season, oat sales reached 0.3 million tonnes. "
        "Last season, sales over the same months were 0.2 million tonnes.",
        dt.date(2025, 2, 10),
    )
    assert got["0.3 million tonnes"] == ("2024-09-01", "2025-01-31")
    assert got["0.2 million tonnes"] == ("2023-09-01", "2024-01-31")


def test_comparisons_some_years_back_records_and_goals_of_their_own_clause() -> None:
    got = periods(
        "In the first quarter, tin sales reached $40 million. A year earlier they were "
        "$30 million, and three years earlier $12 million.",
        dt.date(2024, 5, 1),
    )
    assert got["$30 million"] == ("2023-01-01", "2023-03-31")
    assert got["$12 million"] == ("2021-01-01", "2021-03-31")
    got = periods("In 2023, exports rose to $9 billion, the most since 2008.", dt.date(2024, 2, 1))
    assert got["$9 billion"] == ("2023-01-01", "2023-12-31")
    got = periods(
        "The plan for 2025 is 40 trains a week, while by 2027 the operator aims to reach "
        "60 trains a week.",
        dt.date(2025, 1, 10),
    )
    assert got["40 trains"] == ("2025-01-01", "2025-12-31")
    assert got["60 trains"] == ("2027-01-01", "2027-12-31")


def test_a_volume_agreed_for_this_year_is_the_whole_year() -> None:
    got = periods(
        "The two railways agreed to carry 31 million tonnes this year.", dt.date(2024, 3, 5)
    )
    assert got["31 million tonnes"] == ("2024-01-01", "2024-12-31")
    got = periods("Exports this year have reached 9 million tonnes.", dt.date(2024, 3, 5))
    assert got["9 million tonnes"] == ("2024-01-01", "2024-03-05")  # so far


def test_ytd_a_dashed_span_of_days_and_over_a_span_of_months() -> None:
    d = dt.date(2024, 8, 20)
    assert periods("Zinc sales YTD stand at $0.4 billion.", d)["$0.4 billion"] == (
        "2024-01-01",
        "2024-08-20",
    )
    got = periods("Zinc sales for March 1 – July 31, 2024 reached $0.3 billion.", d)
    assert got["$0.3 billion"] == ("2024-03-01", "2024-07-31")
    got = periods("Zinc sales grew 6% over the first seven months of 2024.", d)
    assert got["6%"] == ("2024-01-01", "2024-07-31")
    # over a year, or a single month, is still what the change is measured against
    got = periods("In 2024, zinc sales were 6% higher over 2023.", d)
    assert got["6%"] == ("2024-01-01", "2024-12-31")


def test_exports_forecast_in_a_text_about_seasons_are_the_seasons() -> None:
    text = (
        "ASTANA, Sept 10 - The ministry raised its barley harvest forecast for this year while "
        "cutting its export forecast, officials said at a meeting on Monday.\n"
        "The country sees the harvest at 3.5 million tonnes, and exports at 2.1 million tonnes, "
        "officials said.\nThe 2024/25 season started on July 1."
    )
    got = periods(text, dt.date(2024, 9, 10))
    assert got["2.1 million tonnes"] == ("2024-07-01", "2025-06-30")
    assert got["3.5 million tonnes"] == ("2024-01-01", "2024-12-31")  # the year's harvest


def test_over_the_year_early_in_a_year_is_the_year_just_ended() -> None:
    text = "Over the year, the dry port handled 620,000 TEU."
    assert periods(text, dt.date(2025, 2, 3))["620,000 TEU"] == ("2024-01-01", "2024-12-31")
    # later in a year it may be the year so far or the last twelve months: not dated by it
    assert periods(text, dt.date(2025, 7, 3))["620,000 TEU"] == (None, None)


def test_the_outgoing_year_is_this_year() -> None:
    got = periods(
        "In the outgoing year, rail freight reached 31 million tonnes.", dt.date(2024, 12, 27)
    )
    assert got["31 million tonnes"] == ("2024-01-01", "2024-12-27")


def test_so_far_in_a_year_and_through_a_month() -> None:
    d = dt.date(2024, 10, 10)
    got = periods("So far in 2024, lead sales reached $0.7 billion.", d)
    assert got["$0.7 billion"] == ("2024-01-01", "2024-10-10")
    got = periods("Through August, lead sales reached $0.6 billion.", d)
    assert got["$0.6 billion"] == ("2024-01-01", "2024-08-31")
    # a month still to come is no span so far
    got = periods("Up to December, lead sales may reach $0.9 billion.", d)
    assert got["$0.9 billion"] != ("2024-01-01", "2024-12-31")


def test_this_month_and_quarters_from_the_date() -> None:
    d = dt.date(2024, 10, 20)
    got = periods(
        "This month, 210 trains crossed. In the past quarter, exports rose 4%, and in the "
        "current quarter 6%.",
        d,
    )
    assert got["210 trains"] == ("2024-10-01", "2024-10-20")
    assert got["4%"] == ("2024-07-01", "2024-09-30")
    assert got["6%"] == ("2024-10-01", "2024-10-20")
    # a week is when something happened, not a period its figures count over (the own gold:
    # "Last week, more than 40 companies showcased their products" has none)
    got = periods("Last week, more than 40 companies showcased their goods.", d)
    assert got["40 companies"] == (None, None)


def test_years_written_with_a_slash_are_a_season() -> None:
    got = periods(
        "Sales of lentils rose from 80,000 tons in 2019/20 to 95,000 tons in 2020/21.",
        dt.date(2022, 1, 5),
    )
    assert got["80,000 tons"] == ("2019-09-01", "2020-08-31")
    assert got["95,000 tons"] == ("2020-09-01", "2021-08-31")


def test_months_counted_back_from_a_month_may_cross_the_year() -> None:
    got = periods(
        "In the 12 months to March, wool exports reached $40 million.", dt.date(2024, 5, 2)
    )
    assert got["$40 million"] == ("2023-04-01", "2024-03-31")
    got = periods("Steel sales rose 3% in the first month of the year.", dt.date(2025, 2, 20))
    assert got["3%"] == ("2025-01-01", "2025-01-31")
    got = periods(
        "According to the results of 7 months of 2022, oil output was 50 Mt.", dt.date(2022, 9, 1)
    )
    assert got["50 Mt"] == ("2022-01-01", "2022-07-31")


def test_a_level_reached_over_a_span_of_years_is_the_last_years() -> None:
    d = dt.date(2024, 9, 9)
    got = periods("Between 2019 and 2022, barley exports tripled to $300 million.", d)
    assert got["$300 million"] == ("2022-01-01", "2022-12-31")
    got = periods("From 2017 to 2021, tariffs revenue went from $5 million to $9 million.", d)
    assert got["$5 million"] == ("2017-01-01", "2017-12-31")
    assert got["$9 million"] == ("2021-01-01", "2021-12-31")
    # a total or a rate over the span keeps the span
    got = periods("In 2018-2022, the fund invested $2 billion; trade grew 40% over 2018-2022.", d)
    assert got["$2 billion"] == ("2018-01-01", "2022-12-31")
    assert got["40%"] == ("2018-01-01", "2022-12-31")


def test_a_number_written_in_two_scales_is_one_figure() -> None:
    """ "2 million 75,5 thousand tons" is 2,075,500 t: the smaller part is less than one of the
    larger scale; two figures written apart stay two."""
    got = {
        c.text: c.value
        for c in EX.extract(
            "t",
            "The crop was 2 million 75,5 thousand tons, and sales 1 billion 40 million dollars. "
            "In 2020, 3 million tons; in 2021, 400 thousand tons.",
            dt.date(2022, 2, 1),
        )
    }
    assert got["2 million 75,5 thousand tons"] == 2_075_500
    assert got["1 billion 40 million dollars"] == 1_040_000_000
    assert got["3 million tons"] == 3_000_000 and got["400 thousand tons"] == 400_000


def test_an_average_annual_rate_since_a_year_runs_to_the_last_year_ended() -> None:
    d = dt.date(2025, 5, 5)
    got = periods("Since 2016, wool sales have grown at an average annual rate of 9 percent.", d)
    assert got["9 percent"] == ("2016-01-01", "2024-12-31")
    got = periods("Since 2016, wool sales have grown by 90 percent.", d)  # not a yearly rate
    assert got["90 percent"] == ("2016-01-01", "2025-05-05")


def test_a_lead_starting_from_earlier_years_keeps_the_headlines_period() -> None:
    text = (
        "Caucasus trade with Turkey in 2024\n\n"
        "Georgia's wine sales rose from a modest $20 million in 2022 to $90 million in 2023, "
        "and Armenia's brandy brought in $40 million last year.\n\n"
        "Overall, trade reached $9 billion, up 8 percent over the previous year's total.\n"
    )
    got = periods(text, dt.date(2025, 1, 30))
    assert got["$20 million"] == ("2022-01-01", "2022-12-31")
    assert got["$9 billion"] == got["8 percent"] == ("2024-01-01", "2024-12-31")


def test_deals_each_over_a_size_have_no_period() -> None:
    text = "In 2024, five contracts, each exceeding $2 bn, were signed in Beijing."
    assert periods(text, dt.date(2024, 9, 1))["$2 bn"] == (None, None)


def test_an_average_annual_rate_after_a_change_from_a_base_year_spans_the_years() -> None:
    text = (
        "Copper sales more than tripled last year from 2015, to $6 billion. "
        "The average annual growth rate was 13 percent."
    )
    got = periods(text, dt.date(2025, 4, 1))
    assert got["$6 billion"] == ("2024-01-01", "2024-12-31")  # "from 2015" is the base
    assert got["13 percent"] == ("2015-01-01", "2024-12-31")


def test_a_period_in_brackets_with_its_own_figure_dates_that_figure_only() -> None:
    got = periods(
        "In 2024, the yard handled 80,000 wagons (2023: 71,000 wagons).", dt.date(2025, 2, 1)
    )
    assert got["80,000 wagons"] == ("2024-01-01", "2024-12-31")
    assert got["71,000 wagons"] == ("2023-01-01", "2023-12-31")
    # a period in brackets alone still dates the phrase it explains
    got = periods(
        "Over the plan period (2016-20), exports came to $60 billion.", dt.date(2021, 3, 1)
    )
    assert got["$60 billion"] == ("2016-01-01", "2020-12-31")


def test_the_current_year_is_this_year_so_far() -> None:
    got = periods("In the current year, timber sales reached $90 million.", dt.date(2024, 10, 3))
    assert got["$90 million"] == ("2024-01-01", "2024-10-03")


def test_a_span_so_far_ends_the_day_it_was_reported() -> None:
    text = "On March 14, the union said members had sold 80,000 tons since the start of the year."
    assert periods(text, dt.date(2024, 3, 20))["80,000 tons"] == ("2024-01-01", "2024-03-14")
    text = "Cotton sales reached 5,000 tons this year, the board said on 2 April."
    assert periods(text, dt.date(2024, 4, 9))["5,000 tons"] == ("2024-01-01", "2024-04-02")


def test_by_a_day_is_so_far_and_a_day_to_come_is_a_deadline() -> None:
    got = periods("By August 31, the barley harvest was 70 percent complete.", dt.date(2023, 9, 4))
    assert got["70 percent"] == ("2023-08-31", "2023-08-31")
    got = periods("The line is to carry 5 million tons by December 1.", dt.date(2023, 9, 4))
    assert got["5 million tons"] == ("2023-12-01", "2023-12-01")


def test_the_first_week_or_decade_of_a_month() -> None:
    d = dt.date(2024, 12, 20)
    got = periods("In the first week of December, 90,000 tons of flour were shipped.", d)
    assert got["90,000 tons"] == ("2024-12-01", "2024-12-07")
    got = periods("In the first decade of November, 120,000 tons crossed at Dostyk.", d)
    assert got["120,000 tons"] == ("2024-11-01", "2024-11-10")


def test_a_seasons_years_and_a_number_written_like_a_year_are_not_numbers_or_years() -> None:
    d = dt.date(2022, 10, 1)
    got = periods(
        "Wool sales grew from 3.0 million tons in 2020/21 to 3.5 million tons in 2021/22.", d
    )
    assert "3.5 million tons" in got and "21 to 3.5 million tons" not in got
    got = periods("So far this year, 2,900 trucks crossed, up from 2,050 a year earlier.", d)
    assert got["2,900 trucks"] == ("2022-01-01", "2022-10-01")
    assert got["2,050"] == ("2021-01-01", "2021-10-01")


def test_a_goal_to_raise_a_level_agreed_in_a_past_year_is_not_dated_by_it() -> None:
    d = dt.date(2024, 5, 17)
    got = periods("In 2022 the ministers agreed to raise wool trade to $900 million.", d)
    assert got["$900 million"] == (None, None)
    got = periods("In 2022 the ministers agreed to raise wool trade to $900 million by 2027.", d)
    assert got["$900 million"] == ("2027-01-01", "2027-12-31")


def test_a_season_defined_in_brackets_sets_where_seasons_start() -> None:
    text = (
        "Barley outlook\n\n"
        "Barley output in marketing year 2024/25 (July-June) is estimated at 3.6 million tonnes, "
        "down from 3.9 million tonnes in MY 2023/24.\n"
    )
    got = periods(text, dt.date(2024, 10, 2))
    assert got["3.6 million tonnes"] == ("2024-07-01", "2025-06-30")
    assert got["3.9 million tonnes"] == ("2023-07-01", "2024-06-30")


def test_above_that_of_a_year_names_a_base() -> None:
    got = periods("The 2023 figure of $5 billion was 8% above that of 2022.", dt.date(2024, 3, 1))
    assert got["$5 billion"] == got["8%"] == ("2023-01-01", "2023-12-31")


def test_the_past_months_are_the_whole_months_before_the_date() -> None:
    """ "Over the past ten months" in a November article: January to October, the months the
    data cover; "the last six months" in May: November to April, across the year's end; the
    comparison that follows ("the same months of 2024") is its base, and the figure keeps the
    span."""
    text = (
        "Over the past ten months, rail freight through the station grew to 19.4 million tonnes. "
        "That is 6% more than in the same months of 2024."
    )
    got = periods(text, dt.date(2025, 11, 20))
    assert got["19.4 million tonnes"] == ("2025-01-01", "2025-10-31")
    assert got["6%"] == ("2025-01-01", "2025-10-31")
    got = periods("In the last six months, onion exports reached 95,000 tons.", dt.date(2024, 5, 3))
    assert got["95,000 tons"] == ("2023-11-01", "2024-04-30")


def test_a_figure_in_brackets_set_against_another_is_a_year_earlier() -> None:
    """ "61 thousand tons of oats (versus 52,4 thousand tons)" in a part of a season: the
    bracketed figure is the same months of the season before, written with its unit or not."""
    text = (
        "In the first three months of the current season (from September 2024 to November "
        "2024), Iran bought 61 thousand tons of oats (versus 52,4 thousand tons)."
    )
    got = periods(text, dt.date(2025, 1, 10))
    assert got["61 thousand tons"] == ("2024-09-01", "2024-11-30")
    assert got["52,4 thousand tons"] == ("2023-09-01", "2023-11-30")


def test_the_same_period_takes_both_periods_of_a_pair() -> None:
    """After "from $300 in May 2023 to $410 in May 2024", "over the same period - from X to Y"
    gives X the first period and Y the second."""
    text = (
        "Sunflower seed fetched from $300 in May 2023 to $410 in May 2024.\n"
        "Oil prices over the same period - from 700 to 980 dollars per ton."
    )
    got = periods(text, dt.date(2024, 6, 20))
    assert got["700"] == ("2023-05-01", "2023-05-31")
    assert got["980 dollars"] == ("2024-05-01", "2024-05-31")


def test_a_month_the_forecast_was_made_in_dates_no_figure() -> None:
    """ "In March, the grain union forecasted barley at …": the month dates the statement; the
    figure keeps the season the text set."""
    text = (
        "Barley exports in the 2024/25 marketing year are seen at 2.2 million tonnes.\n"
        "In March, the national grain union forecasted barley output at 3.9 million tonnes "
        "(3.6 mln t in February)."
    )
    got = periods(text, dt.date(2025, 4, 2))
    assert got["3.9 million tonnes"] == ("2024-09-01", "2025-08-31")
    assert got["3.6 mln t"] == ("2024-09-01", "2025-08-31")


def test_an_amount_without_its_unit_takes_the_figure_before() -> None:
    """ "… 11 million tonnes, down from an estimate last month of 11.8 million" and a range
    "of 4 million to 4.4 million": tonnes, as the figure before them; a count keeps its own."""
    text = (
        "The ministry sees the cotton crop at 11 million tonnes, down from an estimate last "
        "month of 11.8 million, and sales at 2 million tonnes, against an earlier view of "
        "4 million to 4.4 million. About 2 million people work on farms."
    )
    got = {c.text: (c.value, c.value_max, c.unit) for c in EX.extract("t", text, None)}
    assert got["11.8 million"] == (11_800_000.0, None, "t")
    assert got["4 million to 4.4 million"] == (4_000_000.0, 4_400_000.0, "t")
    assert got["2 million people"][2] == "count"


def test_a_paragraph_without_a_period_follows_the_text_to_a_later_period() -> None:
    """The lead looks back ("in the 2019/20 season …"), a later paragraph reports the current
    season: a paragraph after it with no period speaks of the current season, not the lead's;
    a single month inside the lead's period does not hold past its paragraph."""
    text = (
        "Wheat flour\n\n"
        "Kazakhstan has long been a leading flour exporter. In the 2019/20 season, it sold "
        "2,1 million tons abroad.\n"
        "In the first four months of the current season (from September 2023 to December "
        "2023), exports reached 0,9 million tons.\n"
        "Afghanistan bought 0,5 million tons.\n"
    )
    got = periods(text, dt.date(2024, 2, 1))
    assert got["0,5 million tons"] == ("2023-09-01", "2023-12-31")
    text = (
        "Trade with Turkey grew 9% to $6.3 billion in the first ten months of 2023, customs "
        "data show.\n"
        "In October alone, trade reached $0.7 billion.\n"
        "Machinery made up 31% of the total.\n"
    )
    got = periods(text, dt.date(2023, 11, 20))
    assert got["31%"] == ("2023-01-01", "2023-10-31")


def test_a_base_figure_is_dated_by_the_period_written_after_it() -> None:
    text = (
        "Sales of fertiliser reached $0.8 bn in the first quarter of 2024, compared to the "
        "$2.9 bn recorded throughout the whole of the previous year."
    )
    got = periods(text, dt.date(2024, 5, 2))
    assert got["$0.8 bn"] == ("2024-01-01", "2024-03-31")
    assert got["$2.9 bn"] == ("2023-01-01", "2023-12-31")
    text = "Oil exports hit 5 Mt in January-April 2023, against 4.1 Mt in January-April 2022."
    got = periods(text, dt.date(2023, 5, 20))
    assert got["4.1 Mt"] == ("2022-01-01", "2022-04-30")


def test_trains_via_a_station_are_traffic_over_the_period() -> None:
    got = periods("Freight of 16 Mt in 2025; 3,100 trains via Altynkol; 12 tracks.", None)
    assert got["3,100 trains"] == ("2025-01-01", "2025-12-31")
    assert got["12 tracks"] == (None, None)


def test_a_period_owned_or_bracketed_dates_its_own_figure() -> None:
    """ "last year's total of $41 bn" is last year's; "those of 2022 ($13 bn)" is 2022's though
    2022 is the base of "exceeded"; "compared with 2022, when …" reaches no figure past a
    period of its own; "between May and July this year" ends in July."""
    d = dt.date(2024, 11, 15)
    got = periods(
        "In the first nine months, sales were $3.3 bn, or 80% of last year's total of $4.1 bn.", d
    )
    assert got["$4.1 bn"] == ("2023-01-01", "2023-12-31")
    assert got["$3.3 bn"] == ("2024-01-01", "2024-09-30")
    got = periods("Wool exports in 2023 ($15 million) exceeded those of 2022 ($13 million).", d)
    assert got["$13 million"] == ("2022-01-01", "2022-12-31")
    got = periods(
        "Compared with 2021, when sales were $2.2 bn, 2022 sales of $2.9 bn were 32% higher.", d
    )
    assert got["$2.2 bn"] == ("2021-01-01", "2021-12-31")
    assert got["$2.9 bn"] == ("2022-01-01", "2022-12-31")
    got = periods("Between May and July this year, exports reached $2 billion.", d)
    assert got["$2 billion"] == ("2024-05-01", "2024-07-31")


def dating(text: str, date: dt.date | None) -> dict[str, tuple[str | None, str | None]]:
    return {c.text: (c.dated_by, c.outlook) for c in EX.extract("t", text, date)}


def test_each_claim_says_which_words_dated_it() -> None:
    """The figure's own words, else those that set the period before (the lead), "a year
    before …" for the same months a year earlier; none for a figure without a period."""
    text = (
        "Tea imports rose 14% in January-August 2024, customs said.\n"
        "Black tea made up $41 million, against $36 million in the same period a year earlier.\n"
        "In July alone, purchases reached $6 million. The depot's rail siding is 4 km long.\n"
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2024, 9, 20))}
    assert got["14%"].dated_by == "January-August 2024"
    assert text[got["14%"].dated_at or 0 :].startswith("January-August 2024")
    assert got["$41 million"].dated_by == "January-August 2024"  # carried from the lead
    assert got["$36 million"].dated_by == "a year before January-August 2024"
    assert got["$6 million"].dated_by == "In July alone"
    assert got["4 km"].dated_by is None and got["4 km"].period_end is None


def test_goals_and_forecasts_are_marked() -> None:
    d = dt.date(2025, 3, 10)
    got = dating("Uzbekistan plans to export 2 million tonnes of cotton yarn by 2027.", d)
    assert got["2 million tonnes"] == ("by 2027", "target")
    got = dating("The union sees the 2025 rice crop at 0.6 million tonnes.", d)
    assert got["0.6 million tonnes"][1] == "forecast"
    got = dating("Stocks as of July 1, 2025 are estimated at 1.1 million tonnes.", d)
    assert got["1.1 million tonnes"][1] == "forecast"  # a stock of a day still to come
    text = (
        "In May, the railway plans to match the volume of 2024, which amounted to 22 million "
        "tonnes. Freight rose 5% to 4.2 million tonnes in January-February."
    )
    got = dating(text, d)
    assert got["22 million tonnes"][1] is None  # a level reached, in a sentence of plans
    assert got["4.2 million tonnes"][1] is None


def test_a_from_to_pair_after_a_comparison_is_a_year_apart() -> None:
    """Once the text sets a part-season against the same months before ("(versus 88,1)"), a
    later "from 12 to 31 thousand tons" with no period of its own does the same."""
    text = (
        "In the first five months of the current season (from September 2023 to January "
        "2024), Kazakhstan sold 95 thousand tons of lentils (versus 88,1).\n"
        "Turkey raised purchases from 12 to 31 thousand tons.\n"
    )
    got = periods(text, dt.date(2024, 2, 20))
    assert got["12"] == ("2022-09-01", "2023-01-31")
    assert got["31 thousand tons"] == ("2023-09-01", "2024-01-31")
    text = (
        "In the first five months of the current season (from September 2023 to January "
        "2024), Kazakhstan sold 95 thousand tons of lentils.\n"
        "In January, Turkey bought 31 thousand tons.\n"
        "Prices moved from 400 to 420 dollars per ton.\n"
    )
    got = periods(text, dt.date(2024, 2, 20))  # no comparison since the month was set
    assert got["400"] == got["420 dollars"]


def test_year_ago_periods_and_shares_of_a_whole() -> None:
    d = dt.date(2024, 10, 20)
    got = periods(
        "In January-June, wool sales were $90 million, against $70 million in the year-ago period.",
        d,
    )
    assert got["$70 million"] == ("2023-01-01", "2023-06-30")
    text = "In January-June, sales were $90 million, while a year before they were $70 million."
    got = periods(text, d)
    assert got["$70 million"] == ("2023-01-01", "2023-06-30")
    got = periods(
        "In January-June, sales were $90 million. Last year, the figure for the period was "
        "$70 million.",
        d,
    )
    assert got["$70 million"] == ("2023-01-01", "2023-06-30")
    got = periods(
        "Sales in the first half came to $90 million, already 60% of the 2023 total of "
        "$150 million.",
        d,
    )
    assert got["60%"] == ("2024-01-01", "2024-06-30")
    assert got["$150 million"] == ("2023-01-01", "2023-12-31")


def test_the_outgoing_year_in_january_and_a_past_deadline_reached() -> None:
    got = dating("By the end of 2024, sales of coal had reached $3 billion.", dt.date(2025, 1, 20))
    assert got["$3 billion"] == ("By the end of 2024", None)  # reached: no goal
    got = periods("In the outgoing year, wool sales reached $50 million.", dt.date(2025, 1, 20))
    assert got["$50 million"] == ("2024-01-01", "2024-12-31")
    got = periods("In the outgoing year, wool sales reached $50 million.", dt.date(2024, 12, 20))
    assert got["$50 million"] == ("2024-01-01", "2024-12-20")


def test_the_results_of_months_of_a_year_named_relatively() -> None:
    text = "According to the results of 8 months of this year, zinc exports came to $0.5 billion."
    assert periods(text, dt.date(2023, 10, 2))["$0.5 billion"] == ("2023-01-01", "2023-08-31")
    text = "By the results of nine months of last year, zinc exports came to $0.4 billion."
    assert periods(text, dt.date(2023, 10, 2))["$0.4 billion"] == ("2022-01-01", "2022-09-30")


def test_two_months_joined_by_and() -> None:
    got = periods("In July and August, melon exports reached $12 million.", dt.date(2024, 9, 5))
    assert got["$12 million"] == ("2024-07-01", "2024-08-31")
    got = periods("In July and September, melon sales were $5 million.", dt.date(2024, 10, 5))
    assert got["$5 million"] == ("2024-07-01", "2024-07-31")  # not a span of months


def test_a_scale_letter_is_no_count_of_months() -> None:
    """ "1.5m tonnes" and "5m tonnes" are amounts, not "5M" (five months); "one and a half
    million" is 1.5 million."""
    d = dt.date(2025, 3, 1)
    got = periods("Shipments were 1.5m tonnes in 2024 and 5m tonnes in 2023.", d)
    assert got["1.5m tonnes"] == ("2024-01-01", "2024-12-31")
    assert got["5m tonnes"] == ("2023-01-01", "2023-12-31")
    got = {c.text: c.value for c in EX.extract("t", "Some one and a half million tons.", d)}
    assert got["one and a half million tons"] == 1_500_000.0


def test_an_abbreviated_scale_keeps_its_dot() -> None:
    got = {c.text: c.value for c in EX.extract("t", "It took 2.4 mln. tonnes. Done.", None)}
    assert got == {"2.4 mln. tonnes": 2_400_000.0}


def test_seasons_of_the_year_and_a_crop_this_year() -> None:
    d = dt.date(2024, 12, 3)
    got = periods("Headline: Kazakhstan ships 2.1 million tons of barley in autumn", d)
    assert got["2.1 million tons"] == ("2024-09-01", "2024-11-30")
    got = periods("In the summer of 2022, melon sales were $5 million.", d)
    assert got["$5 million"] == ("2022-06-01", "2022-08-31")
    got = periods("Farmers harvested 21 million tons of grain this year.", d)
    assert got["21 million tons"] == ("2024-01-01", "2024-12-31")  # a crop is the year's
    got = periods("Spring wheat sowing covered 9 million hectares.", d)
    assert got["9 million hectares"] == (None, None)  # a kind of wheat, not a season


def test_a_list_item_takes_the_measure_of_its_introduction() -> None:
    text = "Exports of Uzbekistan in 2024, by buyer:\n- Russia: $4.1bn\n- China: $2.9bn\n"
    got = {c.text: c.measure for c in EX.extract("t", text, dt.date(2025, 2, 1))}
    assert got == {"$4.1bn": "exports", "$2.9bn": "exports"}


def test_a_rate_grown_since_a_year_is_growth() -> None:
    got = {
        c.text: c.measure
        for c in EX.extract("t", "Sales have grown by 9% a year since 2015.", dt.date(2024, 1, 5))
    }
    assert got["9%"] == "growth"


def test_a_forecast_word_before_a_level_reached_makes_no_forecast() -> None:
    d = dt.date(2024, 2, 1)
    got = dating("Almaty, which will host the fair in May, exported $2 billion in 2023.", d)
    assert got["$2 billion"][1] is None
    got = dating("Officials expect exports to reach $2.4 billion in 2024.", d)
    assert got["$2.4 billion"][1] == "forecast"


def test_the_season_before_last() -> None:
    text = "Oat exports\nIn the season before last, oat exports reached 70 thousand tons."
    assert periods(text, dt.date(2022, 4, 1))["70 thousand tons"] == ("2019-09-01", "2020-08-31")


def test_next_season_and_a_forecast_for_the_current_one_take_the_whole_season() -> None:
    text = (
        "Sunflower seed exports in the 2020/21 season reached 640 thousand tons. Next season, "
        "the union sees exports at 700 thousand tons. The ministry expects 690 thousand tons "
        "to be shipped in the current season."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2021, 2, 4))}
    assert (got["700 thousand tons"].period_start, got["700 thousand tons"].period_end) == (
        "2021-09-01",
        "2022-08-31",
    )
    current = got["690 thousand tons"]
    assert (current.period_start, current.period_end) == ("2020-09-01", "2021-08-31")
    assert current.outlook == "forecast"
    assert current.dated_by == "current season"
    # a figure reported for the current season is the season so far
    got = periods("In the current season, exports reached 410 thousand tons.", dt.date(2021, 2, 4))
    assert got["410 thousand tons"] == ("2020-09-01", "2021-02-04")


def test_since_a_season_began_in_a_named_month_and_a_season_to_date() -> None:
    d = dt.date(2022, 12, 14)
    text = (
        "Since the start of the 2022/23 marketing year in July, rice shipments reached 90,000 tons."
    )
    assert periods(text, d)["90,000 tons"] == ("2022-07-01", "2022-12-14")
    text = "In the 2022/23 season to date, oat exports came to 120,000 tons."
    assert periods(text, d)["120,000 tons"] == ("2022-09-01", "2022-12-14")


def test_a_cumulative_total_as_of_a_day_is_counted_on_that_day() -> None:
    text = "As of March 1, 2023, the cumulative volume through the hub topped 7 million tonnes."
    got = periods(text, dt.date(2023, 3, 9))
    assert got["7 million tonnes"] == ("2023-03-01", "2023-03-01")
    # a flow as of a day is the year up to it
    text = "As of March 1, 2023, cargo through the hub topped 2 million tonnes."
    assert periods(text, dt.date(2023, 3, 9))["2 million tonnes"] == ("2023-01-01", "2023-03-01")


def test_the_base_of_a_forecast_is_reported_and_a_rate_after_up_is_growth() -> None:
    text = (
        "The barley crop is expected at 3.1 million tonnes this year, down from 3.6 million "
        "tonnes in 2022. Visitors to the centre numbered 800,000 in the first half of the year, "
        "up 14%."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2023, 9, 12))}
    assert got["3.1 million tonnes"].outlook == "forecast"
    assert got["3.6 million tonnes"].outlook is None
    assert got["14%"].measure == "growth"


def test_a_level_reached_over_a_rolling_window_is_of_a_year_not_named() -> None:
    text = "In the past five years, zinc exports grew by 40 percent to $900 million."
    got = periods(text, dt.date(2023, 10, 30))
    assert got["$900 million"] == (None, None)
    assert got["40 percent"] == ("2018-10-30", "2023-10-30")


def test_throughput_reached_is_a_flow_and_a_deadline_expected_is_a_forecast() -> None:
    text = (
        "In 2024, the station handled 5,100 trains. Its cargo throughput reached 17 million "
        "tonnes. The terminal has a throughput capacity of 20 million tonnes. By the end of "
        "2025, volumes are expected to exceed 19 million tonnes."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2025, 3, 1))}
    flow = got["17 million tonnes"]
    assert (flow.measure, flow.period_start, flow.period_end) == (
        "volume",
        "2024-01-01",
        "2024-12-31",
    )
    assert got["20 million tonnes"].measure == "capacity"
    assert got["19 million tonnes"].outlook == "forecast"
    assert got["19 million tonnes"].period_end == "2025-12-31"


def test_months_of_a_named_season_are_its_first_months() -> None:
    text = "Over 7 months of the 2021/22 season, buckwheat exports totalled 95 thousand tons."
    got = periods(text, dt.date(2022, 4, 20))
    assert got["95 thousand tons"] == ("2021-09-01", "2022-03-31")


def test_the_results_of_the_year() -> None:
    text = "Results of the year: melon exports came to 64,000 tonnes."
    assert periods(text, dt.date(2024, 1, 25))["64,000 tonnes"] == ("2023-01-01", "2023-12-31")
    # later in the year, "the year" is not said to be the last one
    assert periods(text, dt.date(2024, 6, 25))["64,000 tonnes"] == (None, None)


def test_a_year_joined_to_the_same_period_of_another_is_those_months() -> None:
    text = (
        "In the first nine months of this year, the port handled 310,000 TEU. In the same "
        "period of 2022, it handled 280,000 TEU, and in 2021, 250,000 TEU."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2023, 10, 19))}
    older = got["250,000 TEU"]
    assert (older.period_start, older.period_end) == ("2021-01-01", "2021-09-30")
    assert older.dated_by == "2 years before the first nine months of this year"
    # a year on its own is the whole year
    text = "In 2023, the port handled 350,000 TEU, and in 2021, 300,000 TEU."
    assert periods(text, dt.date(2024, 2, 1))["300,000 TEU"] == ("2021-01-01", "2021-12-31")


def test_a_forecast_after_a_level_of_a_year_gone_by() -> None:
    text = "The ministry forecasts exports of $9 billion in 2025, after $8.1 billion in 2024."
    got = {c.text: c for c in EX.extract("t", text, dt.date(2025, 11, 3))}
    assert got["$9 billion"].outlook == "forecast"
    assert got["$8.1 billion"].outlook is None


def test_a_relative_clause_keeps_its_own_year_and_an_event_date_dates_nothing() -> None:
    text = (
        "Uzbekistan, which bought $3 billion of goods in 2023, plans to raise purchases to "
        "$5 billion by 2028."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2024, 4, 1))}
    assert (got["$3 billion"].period_start, got["$3 billion"].outlook) == ("2023-01-01", None)
    assert (got["$5 billion"].period_start, got["$5 billion"].outlook) == ("2028-01-01", "target")
    text = "The terminal, worth $400 million, is expected to be commissioned in 2027."
    assert periods(text, dt.date(2025, 1, 9))["$400 million"] == (None, None)


def test_a_headline_rate_after_a_present_tense_verb_is_growth() -> None:
    text = "Wool exports grow 18 pct in Q1\nShipments reached 12,000 tonnes."
    got = {c.text: c for c in EX.extract("t", text, dt.date(2024, 4, 12))}
    assert got["18 pct"].measure == "growth"
    assert (got["18 pct"].period_start, got["18 pct"].period_end) == ("2024-01-01", "2024-03-31")


def test_figures_after_respectively_take_the_same_periods_in_turn() -> None:
    text = (
        "Zinc exports were $0.9 billion and $1.1 billion in 2021 and 2022, respectively, while "
        "lead exports were $0.3 billion and $0.2 billion."
    )
    got = periods(text, dt.date(2023, 5, 2))
    assert got["$0.3 billion"] == ("2021-01-01", "2021-12-31")
    assert got["$0.2 billion"] == ("2022-01-01", "2022-12-31")


def test_a_forecast_for_the_year_and_a_bracketed_dash_rate() -> None:
    d = dt.date(2026, 10, 2)
    text = "Trade in January-August was $30 billion; it will exceed $44 billion for the year."
    assert periods(text, d)["$44 billion"] == ("2026-01-01", "2026-12-31")
    got = {c.text: c for c in EX.extract("t", "Coal – $400 million (–12%) in 2025.", d)}
    assert got["12%"].measure == "growth"


def test_a_fiscal_year_written_fy() -> None:
    text = "The carrier's revenue rose to KZT 900 billion in FY24, from KZT 800 billion in FY 2023."
    got = periods(text, dt.date(2025, 3, 1))
    assert got["KZT 900 billion"] == ("2024-01-01", "2024-12-31")
    assert got["KZT 800 billion"] == ("2023-01-01", "2023-12-31")


def test_days_that_name_a_period_are_no_duration() -> None:
    got = periods("In the first 15 days of May, 900 wagons left for China.", dt.date(2022, 5, 20))
    assert "15 days" not in got
    assert got["900 wagons"] == ("2022-05-01", "2022-05-15")
    got = periods("Trucks waited up to 15 days at the border in May.", dt.date(2022, 5, 20))
    assert "15 days" in got


def test_reported_levels_beside_forecast_words_and_the_present_state() -> None:
    d = dt.date(2024, 3, 1)
    text = "Turkey, which will host the summit, bought $2 billion of goods in 2023."
    assert {c.text: c.outlook for c in EX.extract("t", text, d)}["$2 billion"] is None
    text = "Trade is expected to grow this year after reaching $30 billion in 2023."
    assert {c.text: c.outlook for c in EX.extract("t", text, d)}["$30 billion"] is None
    text = "The new line will carry 9 million tonnes in 2027, up from 5 million tonnes now."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert got["9 million tonnes"].outlook == "forecast"
    now = got["5 million tonnes"]
    assert (now.period_start, now.period_end, now.outlook) == (None, None, None)


def test_a_figure_said_done_beside_a_plan_is_no_target() -> None:
    text = (
        "The 2023 plan was overfulfilled: 27 million tonnes were carried against the planned "
        "25 million tonnes. For 2024, 29 million tonnes were planned."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2024, 1, 20))}
    assert (got["27 million tonnes"].measure, got["27 million tonnes"].outlook) == ("volume", None)
    assert got["25 million tonnes"].outlook == "target"
    assert got["29 million tonnes"].outlook == "target"


def test_a_month_alone_is_an_aside_unless_the_next_sentence_refers_back() -> None:
    text = (
        "Barley exports reached 900,000 tons between July and October. Some 300,000 tons were "
        "shipped in October alone. Of this, 120,000 tons went to China. Exports to Iran rose "
        "to 150,000 tons."
    )
    got = periods(text, dt.date(2023, 11, 20))
    assert got["300,000 tons"] == ("2023-10-01", "2023-10-31")
    assert got["120,000 tons"] == ("2023-10-01", "2023-10-31")
    assert got["150,000 tons"] == ("2023-07-01", "2023-10-31")


def test_a_month_range_named_a_quarter_of_a_year() -> None:
    text = "In the July-September quarter of 2022, rail freight reached 7.7 million tonnes."
    got = periods(text, dt.date(2023, 2, 1))
    assert got["7.7 million tonnes"] == ("2022-07-01", "2022-09-30")


def test_a_headline_that_eyes_a_level_is_a_goal() -> None:
    got = {c.text: c for c in EX.extract("t", "Uzbekistan, China eye $20 billion trade\n", None)}
    assert got["$20 billion"].outlook == "target"


def test_a_level_higher_than_expected_is_no_forecast() -> None:
    d = dt.date(2024, 3, 1)
    text = "Wool exports were higher than expected at $90 million in 2023."
    assert {c.text: c.outlook for c in EX.extract("t", text, d)}["$90 million"] is None
    text = "Sales came to $1.2 billion in 2023, above the earlier forecast of $1 billion."
    got = {c.text: c.outlook for c in EX.extract("t", text, d)}
    assert got == {"$1.2 billion": None, "$1 billion": "forecast"}


def test_a_forecast_verb_governs_a_clause_joined_by_and_that_has_none() -> None:
    text = (
        "The union sees the barley crop at 3 million tonnes, and exports at 1.2 million tonnes, "
        "down from an earlier forecast of 1.4 million."
    )
    got = {c.text: c.outlook for c in EX.extract("t", text, dt.date(2023, 9, 1))}
    assert got["1.2 million tonnes"] == "forecast"


def test_an_estimate_of_a_crop_already_in_is_no_forecast() -> None:
    text = "Barley production in 2023-24 is estimated at 2.9 million tonnes."
    got = {c.text: c.outlook for c in EX.extract("t", text, dt.date(2024, 3, 10))}
    assert got["2.9 million tonnes"] is None
    text = "Barley production in 2024-25 is estimated at 3.1 million tonnes."
    got = {c.text: c.outlook for c in EX.extract("t", text, dt.date(2024, 6, 10))}
    assert got["3.1 million tonnes"] == "forecast"  # not sown-and-reaped yet
    text = "Barley exports in 2023-24 are estimated at 0.9 million tonnes."
    got = {c.text: c.outlook for c in EX.extract("t", text, dt.date(2024, 3, 10))}
    assert got["0.9 million tonnes"] == "forecast"  # the season's exports are still going


def test_number_forms_hyphenated_scales_and_metric_tons() -> None:
    text = (
        "In 2023, a $1.5-billion terminal opened; wheat exports were 9.5 MMT, barley 1.2 million "
        "metric tons and oats 7 thous. tons."
    )
    got = {c.text: (c.value, c.unit) for c in EX.extract("t", text, dt.date(2024, 3, 1))}
    assert got["$1.5-billion"] == (1.5e9, "USD")
    assert got["9.5 MMT"] == (9.5e6, "t")
    assert got["1.2 million metric tons"] == (1.2e6, "t")
    assert got["7 thous. tons"] == (7_000.0, "t")


def test_an_amount_named_right_after_it() -> None:
    text = "In 2023, the agency reported $5.2 billion in trade turnover and $2 billion of exports."
    got = {c.text: c.measure for c in EX.extract("t", text, dt.date(2024, 3, 1))}
    assert got == {"$5.2 billion": "turnover", "$2 billion": "exports"}


def test_months_in_brackets_after_a_season_are_its_part_unless_they_define_it() -> None:
    d = dt.date(2023, 3, 20)
    text = "In 2022/23 MY (Sep-Jan), Kazakhstan exported 4.4 mln t of wheat."
    assert periods(text, d)["4.4 mln t"] == ("2022-09-01", "2023-01-31")
    text = "In marketing year 2022/23 (September-August), exports may reach 9 mln t of wheat."
    assert periods(text, d)["9 mln t"] == ("2022-09-01", "2023-08-31")


def test_an_opening_while_clause_keeps_its_own_year() -> None:
    text = "While in 2021 zinc exports totalled $700 million, last year they rose to $900 million."
    got = periods(text, dt.date(2023, 2, 1))
    assert got["$700 million"] == ("2021-01-01", "2021-12-31")
    assert got["$900 million"] == ("2022-01-01", "2022-12-31")


def test_a_count_that_rose_is_a_flow_over_the_period() -> None:
    text = "In 2023, rail freight reached 28 million tonnes. Container traffic rose to 480,000 TEU."
    assert periods(text, dt.date(2024, 1, 25))["480,000 TEU"] == ("2023-01-01", "2023-12-31")


def test_a_stock_reached_by_the_end_of_a_year_gone_by_is_that_day() -> None:
    d = dt.date(2025, 2, 3)
    text = "By the end of 2024, silos with a capacity of 2 million tonnes had been built."
    assert periods(text, d)["2 million tonnes"] == ("2024-12-31", "2024-12-31")
    text = "By the end of 2024, exports had reached $9 billion."
    assert periods(text, d)["$9 billion"] == ("2024-01-01", "2024-12-31")


def test_a_goal_set_against_a_whole_year_is_the_year_after_it() -> None:
    text = (
        "In May, the carrier expects to match its record month. The partners agreed to ship "
        "14 million tonnes, which is 2 million tonnes more than in 2022."
    )
    got = periods(text, dt.date(2023, 5, 10))
    assert got["14 million tonnes"] == ("2023-01-01", "2023-12-31")
    # a figure reported for a part of the year keeps it, set against a year or not
    text = "In May, the carrier shipped 1.4 million tonnes, up 10% from 2022."
    assert periods(text, dt.date(2023, 6, 10))["1.4 million tonnes"] == ("2023-05-01", "2023-05-31")


def test_a_change_of_an_agreed_volume_is_a_target() -> None:
    text = (
        "For 2025, the agreed volume of transit is 9 million tonnes, which should exceed the "
        "2024 figure by 0.5 million tonnes or 5.9%."
    )
    got = {c.text: c.outlook for c in EX.extract("t", text, dt.date(2024, 12, 1))}
    assert got["9 million tonnes"] == "target" and got["5.9%"] == "target"


def test_modal_forecasts_a_month_before_its_flow_and_a_season_second_year() -> None:
    d = dt.date(2025, 6, 20)
    got = {c.text: c for c in EX.extract("t", "Trade could reach $50 billion this year.", d)}
    assert got["$50 billion"].outlook == "forecast"
    text = "May exports reached $1.2 billion, which may help the balance."
    assert periods(text, d)["$1.2 billion"] == ("2025-05-01", "2025-05-31")
    text = "Kazakhstan may export 10 million tonnes in the 2025/26 season."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert set(got) == {"10 million tonnes"}  # "26" is the season's second year, no count
    assert got["10 million tonnes"].outlook == "forecast"


def test_a_month_without_its_year_takes_the_year_its_sentence_named() -> None:
    d = dt.date(2025, 6, 20)
    assert periods("In 2022, exports in March reached $1.1 billion.", d)["$1.1 billion"] == (
        "2022-03-01",
        "2022-03-31",
    )
    assert periods("In March, exports reached $1.4 billion.", d)["$1.4 billion"] == (
        "2025-03-01",
        "2025-03-31",
    )


def test_a_stock_at_the_end_of_a_month_and_a_month_s_flow_alone() -> None:
    d = dt.date(2023, 4, 15)
    text = "At the end of March, 3,100 companies with Chinese capital were registered."
    assert periods(text, d)["3,100 companies"] == ("2023-03-31", "2023-03-31")
    text = (
        "Oat exports reached 90,000 tonnes in the first quarter. March exports alone were "
        "40,000 tonnes. Meanwhile, rye exports fell to 5,000 tonnes."
    )
    got = periods(text, d)
    assert got["40,000 tonnes"] == ("2023-03-01", "2023-03-31")
    assert got["5,000 tonnes"] == ("2023-01-01", "2023-03-31")


def test_a_deal_s_size_foresees_no_flow() -> None:
    text = "The two sides are expected to sign agreements worth $3 billion during the visit."
    got = {c.text: c for c in EX.extract("t", text, dt.date(2024, 11, 28))}
    assert (got["$3 billion"].period_start, got["$3 billion"].outlook) == (None, None)


def test_the_first_months_of_the_new_season_and_a_crop_of_the_new_harvest() -> None:
    d = dt.date(2023, 12, 4)
    text = "Barley exports in the first three months of the new season reached 610,000 tonnes."
    assert periods(text, d)["610,000 tonnes"] == ("2023-09-01", "2023-11-30")
    text = "Rail carried 1.4 million tonnes of the new harvest between September and November."
    assert periods(text, d)["1.4 million tonnes"] == ("2023-09-01", "2023-11-30")
    text = "Oilseed shipments in the new season are forecast at 900,000 tonnes."
    assert periods(text, dt.date(2023, 7, 20))["900,000 tonnes"] == ("2023-09-01", "2024-08-31")


def test_last_month_s_figure_written_as_a_possessive() -> None:
    text = (
        "Wool exports in the first quarter came to $40 million. "
        "Last month's exports were $9 million."
    )
    got = periods(text, dt.date(2022, 5, 6))
    assert got["$9 million"] == ("2022-04-01", "2022-04-30")
    assert got["$40 million"] == ("2022-01-01", "2022-03-31")


def test_money_at_a_yearly_rate_is_money() -> None:
    text = "From 2016 to 2019, leather sales averaged $80 million a year."
    got = {c.text: c for c in EX.extract("t", text, dt.date(2021, 2, 1))}
    assert got["$80 million"].unit == "USD"
    assert (got["$80 million"].period_start, got["$80 million"].period_end) == (
        "2016-01-01",
        "2019-12-31",
    )


def test_the_similar_period_of_last_year_is_a_comparison() -> None:
    text = (
        "From January to July, hide exports reached $30 million. Compared to the similar "
        "period of last year, they fell by 4%. In the reporting period, imports were $12 million."
    )
    got = periods(text, dt.date(2023, 9, 1))
    assert got["4%"] == got["$12 million"] == ("2023-01-01", "2023-07-31")


def test_a_quarter_written_q4_of_last_year() -> None:
    got = periods("In Q3 of last year, felt exports were $6 million.", dt.date(2021, 2, 14))
    assert got["$6 million"] == ("2020-07-01", "2020-09-30")


def test_respectively_with_the_periods_listed_before_the_figures() -> None:
    text = (
        "In 2020, 2019 and 2018, zinc sales were $1.5 billion, $1.3 billion and $1 billion "
        "respectively."
    )
    got = periods(text, dt.date(2021, 5, 1))
    assert got["$1.5 billion"] == ("2020-01-01", "2020-12-31")
    assert got["$1.3 billion"] == ("2019-01-01", "2019-12-31")
    assert got["$1 billion"] == ("2018-01-01", "2018-12-31")
    # one period for two figures: both of it
    got = periods(
        "In 2020, sales were $2 billion and $3 billion, respectively.", dt.date(2021, 5, 1)
    )
    assert got["$2 billion"] == got["$3 billion"] == ("2020-01-01", "2020-12-31")


def test_a_headline_s_months_without_a_year_are_the_lead_s_of_as_many_months() -> None:
    text = (
        "Oat exports up 15% in eight months\n\n"
        "Kazakhstan exported 640,000 tonnes of oats in September-April of the 2021/22 marketing "
        "year, the ministry of agriculture said on Tuesday, citing customs data.\n"
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2022, 5, 20))}
    assert (got["15%"].period_start, got["15%"].period_end) == ("2021-09-01", "2022-04-30")
    assert got["15%"].dated_by == got["640,000 tonnes"].dated_by
    # a year written in the headline stands
    text = text.replace("in eight months", "in eight months of 2021")
    got = {c.text: c for c in EX.extract("t", text, dt.date(2022, 5, 20))}
    assert (got["15%"].period_start, got["15%"].period_end) == ("2021-01-01", "2021-08-31")


def test_a_period_set_by_a_sentence_without_figures_says_what_dated_the_next() -> None:
    text = "Bilateral trade set a record in 2021. By Chinese data, it reached $26 billion."
    (claim,) = EX.extract("t", text, dt.date(2022, 2, 1))
    assert (claim.measure, claim.period_start, claim.dated_by) == ("turnover", "2021-01-01", "2021")


def test_a_figure_set_against_a_base_is_of_the_time_after_it() -> None:
    text = "Honey output reached 40,000 tonnes, against 36,000 tonnes last year."
    got = periods(text, dt.date(2024, 10, 3))
    assert got["40,000 tonnes"] == ("2024-01-01", "2024-12-31")  # the year after its base
    assert got["36,000 tonnes"] == ("2023-01-01", "2023-12-31")
    text = "In January-June, honey exports reached $4 million. " + text
    assert periods(text, dt.date(2024, 10, 3))["40,000 tonnes"] == ("2024-01-01", "2024-06-30")


def test_a_stock_at_the_end_of_a_season_is_its_last_day() -> None:
    text = "Barley stocks at the end of MY 2022/23 are estimated at 700,000 tonnes."
    assert periods(text, dt.date(2023, 3, 9))["700,000 tonnes"] == ("2023-08-31", "2023-08-31")
    text = "Barley exports in the 2022/23 season are estimated at 2 million tonnes."
    got = periods(text, dt.date(2023, 3, 9))
    assert got["2 million tonnes"] == ("2022-09-01", "2023-08-31")


def test_an_average_annual_rate_since_a_year_in_one_sentence() -> None:
    text = (
        "Since 2015, tea imports have grown to $90 million last year, with an average annual "
        "growth rate of 8.5 percent."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2023, 4, 1))}
    rate = got["8.5 percent"]
    assert (rate.period_start, rate.period_end) == ("2015-01-01", "2022-12-31")
    assert rate.dated_by == "Since 2015"
    text = (
        "Tea imports more than tripled last year from 2015 to $90 million. The average annual "
        "growth rate reached 8.5 percent."
    )
    rate = next(c for c in EX.extract("t", text, dt.date(2023, 4, 1)) if c.text == "8.5 percent")
    assert (rate.period_start, rate.period_end) == ("2015-01-01", "2022-12-31")
    assert rate.dated_by == "2015 to last year"


def test_the_number_of_vehicles_is_traffic_over_the_period_set_a_queue_is_not() -> None:
    text = (
        "In January-August 2022, 700,000 tonnes passed through Bakhty. The number of trucks "
        "was 41,000. The number of trucks waiting at the checkpoint was 250."
    )
    got = periods(text, dt.date(2022, 9, 20))
    assert got["41,000"] == ("2022-01-01", "2022-08-31")
    assert got["250"] == (None, None)


def test_a_comparative_year_in_brackets_after_a_part_year_figure_is_those_months() -> None:
    text = "Cotton exports in the first nine months were $310 million (2021: $260 million)."
    got = periods(text, dt.date(2022, 11, 2))
    assert got["$260 million"] == ("2021-01-01", "2021-09-30")
    text = "Cotton exports in 2022 were $410 million (2021: $360 million)."
    assert periods(text, dt.date(2023, 2, 2))["$360 million"] == ("2021-01-01", "2021-12-31")


def test_ordinals_written_in_figures_name_parts_of_a_year() -> None:
    d = dt.date(2024, 12, 1)
    got = {
        c.text: c
        for c in EX.extract("t", "In the 1st half of 2024, exports reached $7 billion.", d)
    }
    assert list(got) == ["$7 billion"]  # "half" is no share here
    assert (got["$7 billion"].period_start, got["$7 billion"].period_end) == (
        "2024-01-01",
        "2024-06-30",
    )
    got = periods("In the 2nd half of 2023, imports reached $9 billion.", d)
    assert got["$9 billion"] == ("2023-07-01", "2023-12-31")


def test_from_the_start_of_the_year_and_through_the_end_of_a_month() -> None:
    d = dt.date(2023, 6, 12)
    got = periods("From the start of the year, lamb exports reached $30 million.", d)
    assert got["$30 million"] == ("2023-01-01", "2023-06-12")
    got = periods("Lamb exports from January through the end of April were $25 million.", d)
    assert got["$25 million"] == ("2023-01-01", "2023-04-30")
    got = periods("Lamb exports from the beginning of the year to May were $28 million.", d)
    assert got["$28 million"] == ("2023-01-01", "2023-05-31")


def test_a_relative_clause_that_reports_keeps_its_figure_and_its_year() -> None:
    text = "The partners intend to raise trade, which reached $9 billion in 2021, to $15 billion."
    got = {c.text: c for c in EX.extract("t", text, dt.date(2022, 6, 1))}
    assert (got["$9 billion"].measure, got["$9 billion"].outlook) == ("turnover", None)
    assert got["$9 billion"].period_start == "2021-01-01"
    assert (got["$15 billion"].outlook, got["$15 billion"].period_start) == ("target", None)


def test_a_figure_for_a_time_to_come_is_a_forecast_and_its_base_is_reported() -> None:
    d = dt.date(2022, 6, 1)
    text = "Economists see wool exports reaching $70 million in 2024."
    (claim,) = EX.extract("t", text, d)
    assert claim.outlook == "forecast"
    text = "Wool exports are forecast to grow 9 percent this year after rising 6 percent in 2021."
    got = {c.text: c.outlook for c in EX.extract("t", text, d)}
    assert got == {"9 percent": "forecast", "6 percent": None}


def test_since_an_event_in_a_year_runs_from_that_year() -> None:
    d = dt.date(2023, 12, 10)
    text = "Since the first train ran in 2013, the terminal has handled 90,000 trips."
    assert periods(text, d)["90,000 trips"] == ("2013-01-01", "2023-12-10")
    text = "Since its opening in 2016, the dry port has handled 500,000 TEU."
    assert periods(text, d)["500,000 TEU"] == ("2016-01-01", "2023-12-10")
    text = "Since the launch of the route in 2015, its traffic has grown 5 times."
    (claim,) = EX.extract("t", text, d)
    assert (claim.measure, claim.period_start) == ("growth", "2015-01-01")


def test_a_queue_is_counted_on_the_day_the_sentence_names() -> None:
    d = dt.date(2024, 3, 6)
    got = {
        c.text: c
        for c in EX.extract("t", "On March 2, the queue at Kolzhat reached 300 trucks.", d)
    }
    assert (got["300 trucks"].period_start, got["300 trucks"].dated_by) == ("2024-03-02", "March 2")
    text = "About 400 lorries were waiting at Bakhty, the border service said on Monday."
    assert periods(text, d)["400 lorries"] == ("2024-03-04", "2024-03-04")
    text = "As of March 5, 2024, 650 trucks were queuing at Khorgos."
    assert periods(text, d)["650 trucks"] == ("2024-03-05", "2024-03-05")
    # no day named: no period
    assert periods("The queue at Kolzhat reached 300 trucks.", d)["300 trucks"] == (None, None)


def test_a_base_written_with_last_year_beside_a_part_year_is_the_same_months() -> None:
    d = dt.date(2024, 4, 20)
    text = "In January-March, wool exports reached $30 million, up from $24 million last year."
    got = periods(text, d)
    assert got["$30 million"] == ("2024-01-01", "2024-03-31")
    assert got["$24 million"] == ("2023-01-01", "2023-03-31")
    # a base's year that is also the figure's own year written in its clause
    text = "Wool exports reached $90 million in 2023, against $80 million in 2022."
    assert periods(text, d)["$90 million"] == ("2023-01-01", "2023-12-31")


def test_a_figure_from_its_base_with_no_period_of_its_own() -> None:
    text = (
        "In January 2025, hide exports fell 9% to $11 million.\n\nThe share of processed "
        "hides rose to 38% from 31% in 2023."
    )
    got = {c.text: c for c in EX.extract("t", text, dt.date(2025, 3, 12))}
    assert (got["38%"].period_start, got["38%"].dated_by) == ("2024-01-01", "a year after 2023")


def test_a_relative_clause_at_the_end_and_a_when_clause_own_their_times() -> None:
    d = dt.date(2024, 7, 1)
    text = (
        "Kazakhstan plans to sell 90,000 tonnes of oats to Iran, which bought 60,000 tonnes "
        "last season."
    )
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert (got["90,000 tonnes"].period_start, got["90,000 tonnes"].outlook) == (None, "target")
    assert got["60,000 tonnes"].period_start == "2022-09-01"
    text = "The goal of $8 billion by 2030 was set in 2021, when trade was $4.5 billion."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert (got["$4.5 billion"].period_start, got["$4.5 billion"].outlook) == ("2021-01-01", None)
    assert got["$8 billion"].period_start == "2030-01-01"


def test_a_base_with_its_own_time_in_a_sentence_that_sets_a_goal_is_reported() -> None:
    text = "Uzbekistan aims to raise fruit exports to $2 billion by 2028 from $1.1 billion in 2023."
    got = {c.text: c for c in EX.extract("t", text, dt.date(2024, 7, 1))}
    base = got["$1.1 billion"]
    assert (base.measure, base.outlook, base.period_start) == ("exports", None, "2023-01-01")
    assert (got["$2 billion"].outlook, got["$2 billion"].period_start) == ("target", "2028-01-01")


def test_what_will_be_is_not_dated_or_forecast_across_clauses_about_something_else() -> None:
    d = dt.date(2024, 4, 15)
    text = "The silo, which will store up to 50,000 tonnes, cost $12 million."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert got["$12 million"].outlook is None
    assert got["50,000 tonnes"].outlook == "forecast"
    text = (
        "The new line will lift capacity to 9 million tonnes, the ministry said, adding that "
        "6 million tonnes were carried last year."
    )
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert (got["9 million tonnes"].period_start, got["9 million tonnes"].outlook) == (
        None,
        "forecast",
    )
    assert (got["6 million tonnes"].measure, got["6 million tonnes"].period_start) == (
        "volume",
        "2023-01-01",
    )
    (deal,) = EX.extract("t", "The sides will sign documents worth $700 million.", d)
    assert deal.outlook is None


def test_a_headline_figure_restated_in_the_body_takes_its_period() -> None:
    text = (
        "Kazakh-Uzbek trade: 4.4 billion dollars\n\nLast year was a record for the two "
        "neighbours.\n\nAccording to the statistics bureau, trade reached 4.4 billion dollars, "
        "up 15 percent.\n"
    )
    got = EX.extract("t", text, dt.date(2024, 2, 2))
    assert [(c.text, c.period_start) for c in got if c.unit == "USD"] == [
        ("4.4 billion dollars", "2023-01-01"),
        ("4.4 billion dollars", "2023-01-01"),
    ]


def test_a_deal_is_not_dated_by_another_clause_s_season() -> None:
    text = (
        "Firms signed agreements worth $200 million at the forum, while oat exports reached "
        "300,000 tons in the 2022-2023 marketing year."
    )
    assert periods(text, dt.date(2023, 11, 2))["$200 million"] == (None, None)


def test_periods_listed_before_their_figures_without_respectively() -> None:
    d = dt.date(2024, 12, 1)
    text = "Hide exports in the first half of 2024 and 2023 stood at $50 million and $45 million."
    got = periods(text, d)
    assert got["$50 million"] == ("2024-01-01", "2024-06-30")
    assert got["$45 million"] == ("2023-01-01", "2023-06-30")  # the same half of 2023
    text = (
        "Hide exports in the first half of 2024 and in 2023 as a whole were $50 million and "
        "$90 million."
    )
    got = periods(text, d)
    assert got["$90 million"] == ("2023-01-01", "2023-12-31")


def test_a_level_reached_in_a_time_gone_by_is_reported_beside_a_forecast_or_a_plan() -> None:
    d = dt.date(2024, 10, 1)
    text = "Iran is expected to stay the main buyer, accounting for 35% of barley exports in 2023."
    (claim,) = EX.extract("t", text, d)
    assert (claim.outlook, claim.period_start) == (None, "2023-01-01")
    text = "Last year, the plan for oat shipments was beaten by 4%, with 700,000 tonnes shipped."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert got["700,000 tonnes"].outlook is None
    text = "Barley exports are expected to grow 5%, reaching 3 million tonnes in 2025."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert got["3 million tonnes"].outlook == "forecast"


def test_a_quoted_wish_for_this_year_is_a_goal_for_the_whole_year() -> None:
    text = '"This year we want to reach $9 billion," the minister of trade said.'
    (claim,) = EX.extract("t", text, dt.date(2025, 2, 10))
    assert (claim.outlook, claim.period_start, claim.period_end) == (
        "target",
        "2025-01-01",
        "2025-12-31",
    )


def test_a_key_figure_names_its_flow_after_a_dash() -> None:
    (claim,) = EX.extract("t", "• $5.1 bn – exports in 2024", dt.date(2025, 2, 10))
    assert (claim.measure, claim.period_start) == ("exports", "2024-01-01")


def test_a_count_of_things_is_dated_by_its_own_clause_only() -> None:
    text = (
        "Firms signed 12 contracts at the fair, while wool exports reached 20,000 tons in the "
        "2022-2023 marketing year."
    )
    assert periods(text, dt.date(2023, 11, 2))["12 contracts"] == (None, None)
    text = "In 2022, 900 companies with Chinese capital operated in the region."
    assert periods(text, dt.date(2023, 11, 2))["900 companies"] == ("2022-01-01", "2022-12-31")


def test_traffic_on_a_day_named_is_that_day_s() -> None:
    d = dt.date(2024, 12, 1)
    got = periods("On November 20, 52 trains crossed at Altynkol in a single day.", d)
    assert got["52 trains"] == ("2024-11-20", "2024-11-20")
    got = periods("On Monday, the ministry said 900 trucks crossed the border.", d)
    assert got["900 trucks"] == (None, None)  # the day it was said


def test_a_day_written_in_figures_after_as_of() -> None:
    d = dt.date(2024, 11, 1)
    got = periods("As of 01.07.2024, barley stocks were 900,000 tonnes.", d)
    assert got["900,000 tonnes"] == ("2024-07-01", "2024-07-01")
    got = periods("As of 01.10.2024, wool exports reached $300 million.", d)
    assert got["$300 million"] == ("2024-01-01", "2024-10-01")
    assert periods("As of 31.13.2024, exports were $1 billion.", d)["$1 billion"] == (None, None)


def test_the_present_state_beside_a_goal_is_reported_and_of_no_period() -> None:
    d = dt.date(2025, 6, 16)
    text = "Rail now carries 40 percent of the cargo, while trucks will take 30 percent by 2030."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert (got["40 percent"].period_start, got["40 percent"].outlook) == (None, None)
    assert (got["30 percent"].period_start, got["30 percent"].outlook) == ("2030-01-01", "forecast")
    text = "Currently, the port ships 2 million tonnes, and plans to ship 5 million tonnes by 2029."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert (got["2 million tonnes"].measure, got["2 million tonnes"].outlook) == ("volume", None)
    assert got["5 million tonnes"].outlook == "target"


def test_the_first_of_a_pair_under_a_goal_is_the_level_now() -> None:
    d = dt.date(2025, 6, 16)
    text = "The region plans to raise the share of exports by rail from 35% to 55% by 2030."
    got = {c.text: c for c in EX.extract("t", text, d)}
    assert (got["35%"].period_start, got["35%"].outlook) == (None, None)
    assert (got["55%"].period_start, got["55%"].outlook) == ("2030-01-01", "target")
    text = "The second track will lift capacity from 12 million tonnes to 20 million tonnes."
    got = {c.text: c.outlook for c in EX.extract("t", text, d)}
    assert got == {"12 million tonnes": None, "20 million tonnes": "forecast"}


def test_a_clause_after_after_keeps_its_own_year() -> None:
    text = (
        "The ministry expects hide exports to grow by 20 percent in 2025, after 7,000 tonnes "
        "were shipped last year."
    )
    got = periods(text, dt.date(2025, 6, 16))
    assert got["7,000 tonnes"] == ("2024-01-01", "2024-12-31")
    assert got["20 percent"] == ("2025-01-01", "2025-12-31")


def test_a_base_in_the_previous_season_beside_months_of_a_season() -> None:
    d = dt.date(2024, 3, 5)
    text = (
        "From September 2023 to February 2024, Kazakhstan exported 800,000 tonnes of barley, "
        "compared with 600,000 tonnes in the previous season."
    )
    assert periods(text, d)["600,000 tonnes"] == ("2022-09-01", "2023-02-28")
    text = (
        "Barley exports this season reached 800,000 tonnes, against 600,000 tonnes a season "
        "earlier."
    )
    got = periods(text, d)
    assert got["600,000 tonnes"][0] == "2022-09-01"


def test_what_was_done_after_a_goal_word_is_reported() -> None:
    text = "Last year, the region planned to export 900,000 tonnes but shipped only 700,000 tonnes."
    got = {c.text: c for c in EX.extract("t", text, dt.date(2024, 11, 20))}
    assert got["900,000 tonnes"].outlook == "target"
    assert (got["700,000 tonnes"].measure, got["700,000 tonnes"].outlook) == ("volume", None)
    assert got["700,000 tonnes"].period_start == "2023-01-01"


def test_a_figure_from_a_part_year_base_is_those_months_a_year_on() -> None:
    text = (
        "Hide exports increased to $70 million from $60 million in the first nine months of 2022."
    )
    got = periods(text, dt.date(2023, 11, 20))
    assert got["$70 million"] == ("2023-01-01", "2023-09-30")
    assert got["$60 million"] == ("2022-01-01", "2022-09-30")
    # a year on is not over yet: no period
    text = (
        "Hide exports increased to $70 million from $60 million in the first nine months of 2023."
    )
    assert periods(text, dt.date(2023, 11, 20))["$70 million"] == (None, None)
