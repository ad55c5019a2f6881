"""HS revisions converted with the concordance: totals kept, splits allocated and counted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.trade import concordance as cc

HS17_TO_22 = cc.links("HS2017", "HS2022")
SPLITS = sorted(c for c, ts in HS17_TO_22.items() if len(ts) > 1)


def test_the_tables_cover_every_revision() -> None:
    for older, newer in zip(cc.REVISIONS, cc.REVISIONS[1:], strict=False):
        forward = cc.links(older, newer)
        assert len(forward) > 4500, (older, newer)
        backward = cc.links(newer, older)
        assert all(len(t) == 1 for t in backward.values())  # newer → older never splits


def test_a_split_is_allocated_by_trade_weights() -> None:
    # HS2017 041000 (insects and other edible animal products) became 041010 and 041090 in HS2022
    assert HS17_TO_22["041000"] == frozenset({"041010", "041090"})
    result = cc.convert({"041000": 100.0}, "HS2017", "HS2022", weights={"041010": 3, "041090": 1})
    assert result.values == {"041010": pytest.approx(75.0), "041090": pytest.approx(25.0)}
    assert (result.split, result.split_by_weights) == (1, 1)
    equal = cc.convert({"041000": 100.0}, "H5", "H6")
    assert equal.values == {"041010": 50.0, "041090": 50.0}
    assert equal.split_by_weights == 0 and "equal parts" in equal.notes[0]


def test_backwards_merges_sum_exactly() -> None:
    result = cc.convert({"041010": 30.0, "041090": 12.5}, "HS2022", "HS2017")
    assert result.values == {"041000": 42.5} and result.merged == 1 and result.split == 0


def test_unknown_codes_are_kept_not_dropped() -> None:
    result = cc.convert({"000001": 5.0, "010121": 1.0}, "HS2022", "HS2017")
    assert result.unmapped == {"000001": 5.0} and result.total == 6.0
    with pytest.raises(InputError, match="2, 4 or 6 digits"):
        cc.convert({"10121": 1.0}, "HS2022", "HS2017")
    with pytest.raises(InputError, match="unknown HS revision"):
        cc.convert({"010121": 1.0}, "HS2030", "HS2017")


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.sampled_from(sorted(HS17_TO_22)), min_size=1, max_size=40, unique=True),
    amounts=st.lists(st.floats(0, 1e9), min_size=40, max_size=40),
)
def test_round_trips_keep_every_value(picks: list[str], amounts: list[float]) -> None:
    values = dict(zip(picks, amounts, strict=False))
    forward = cc.convert(values, "HS2017", "HS2022")
    assert forward.total == pytest.approx(sum(values.values()), rel=1e-12, abs=1e-6)
    back = cc.convert(forward.values, "HS2022", "HS2017")
    assert back.values.keys() == values.keys()
    for code, v in values.items():
        assert back.values[code] == pytest.approx(v, rel=1e-9, abs=1e-6)


def test_a_chain_of_revisions_keeps_the_total() -> None:
    codes = sorted(cc.links("HS2002", "HS2017"))[:800]
    values = {c: float(i + 1) for i, c in enumerate(codes)}
    result = cc.convert(values, "HS2002", "HS2017")
    assert result.total == pytest.approx(sum(values.values()))
    assert result.split > 0 and not result.unmapped
    back = cc.convert(result.values, "HS2017", "HS2002")
    assert sum(back.values.values()) == pytest.approx(sum(values.values()))


def test_headings_follow_their_subheadings() -> None:
    """A heading links where its six-digit codes link, and without weights splits in proportion
    to them: most of a chapter stays in the chapter, a sliver follows the few codes that moved."""
    six = cc.links("HS2012", "HS2017")
    heading = cc.links("HS2012", "HS2017", 4)
    for code, targets in six.items():
        assert {t[:4] for t in targets} <= heading[code[:4]]
    chapter = cc.convert({"85": 100.0}, "HS2012", "HS2017")
    assert chapter.total == pytest.approx(100.0)
    moved = {c: v for c, v in chapter.values.items() if c != "85"}
    n85 = sum(1 for c in six if c.startswith("85"))
    leaving = sum(
        sum(1 for t in ts if not t.startswith("85")) / len(ts)
        for c, ts in six.items()
        if c.startswith("85")
    )
    assert sum(moved.values()) == pytest.approx(100.0 * leaving / n85)
    assert chapter.values["85"] > 95.0 and "six-digit codes" in chapter.notes[0]


def test_mixed_levels_convert_level_by_level() -> None:
    values = {"270900": 10.0, "2601": 5.0, "01": 1.0}
    result = cc.convert(values, "HS2012", "HS2017")
    assert result.total == pytest.approx(16.0)
    assert result.values["270900"] == 10.0 and result.values["2601"] == 5.0
