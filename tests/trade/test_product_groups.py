"""Product groups (UN BEC Rev.4 through the UN HS → BEC tables), re-export flags, and the views
of the export screen built on them."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.trade import product_groups as pg
from corridor.trade.opportunities import export_opportunities

TABLE = pd.read_parquet(data_dir() / "reference" / "hs_bec.parquet")


def test_every_bec_code_of_the_tables_has_a_group() -> None:
    """No BEC code of any revision's table falls outside the groups: nothing goes unclassified
    for want of a group."""
    s = pg.scheme()
    missing = sorted({b for b in TABLE["bec"].unique() if s.group_of(str(b)) is None})
    assert missing == []


@pytest.mark.parametrize("rev", ["HS1992", "HS2002", "HS2012", "HS2017", "HS2022"])
def test_crude_oil_is_primary_and_refined_fuel_processed_in_every_revision(rev: str) -> None:
    got = pg.classify(["270900", "2709"], rev)
    assert got["270900"].group == "primary" and got["2709"].share == 1.0
    fuels = [c for c in TABLE.loc[TABLE["hs_rev"] == "HS2012", "hs_code"] if c.startswith("27101")]
    assert {pg.classify(fuels, "HS2012")[c].group for c in fuels} == {"processed-fuels"}


def test_a_heading_takes_the_group_of_most_of_its_subheadings() -> None:
    """The heading's split is the count of its six-digit codes per group (n:n codes shared
    equally), computed here from the table directly."""
    rows = TABLE[(TABLE["hs_rev"] == "HS2012") & TABLE["hs_code"].str.startswith("0101")]
    s = pg.scheme()
    weights: dict[str, float] = {}
    for _code, part in rows.groupby("hs_code"):
        for b in part["bec"]:
            g = s.group_of(str(b))
            assert g is not None
            weights[g] = weights.get(g, 0.0) + 1 / len(part)
    total = sum(weights.values())
    got = pg.classify(["0101"], "HS2012")["0101"]
    assert dict(got.groups) == pytest.approx({g: w / total for g, w in weights.items()})
    assert got.group == max(weights, key=lambda g: weights[g])


def test_unknown_codes_are_unclassified_and_unknown_revisions_refused() -> None:
    assert pg.classify(["000001"], "HS2017")["000001"].group is None
    with pytest.raises(InputError, match="unknown HS revision"):
        pg.classify(["2709"], "HS2031")


def test_group_names_are_checked_and_lall_names_explained() -> None:
    s = pg.scheme()
    assert s.parse("primary, processed-fuels,primary") == ("primary", "processed-fuels")
    with pytest.raises(InputError, match="Lall"):
        s.parse("primary,resource-based")
    with pytest.raises(InputError, match="use any of primary"):
        s.parse("fruit")


def test_reexports_flag_the_documented_list_and_net_importers() -> None:
    flags = pg.reexport_flags(
        ["8802", "8901", "7202", "8703", "1101"],
        {"8703": 5e6, "7202": 1e9, "1101": 1e6},
        {"8703": 9e8, "7202": 1e6, "1101": 1e6},
    )
    assert set(flags) == {"8802", "8901", "8703", "1101"}
    assert "aircraft" in flags["8802"] and "net importer" in flags["8703"]
    assert set(pg.reexport_flags(["8703", "8802"], {"8703": 5e6}, None)) == {"8802"}


# --- the views on the embedded data --------------------------------------------------------


def test_diversification_view_sets_aside_commodities_and_reexports(default_ledger: Ledger) -> None:
    """The default view ranks no primary good, fuel or likely re-export; what it set aside plus
    what it kept is everything the full view counts."""
    div = export_opportunities(default_ledger, "KAZ", "CHN", top=None)
    full = export_opportunities(default_ledger, "KAZ", "CHN", top=None, view="full")
    assert div.view == "diversification" and div.excluded_groups == ("primary", "processed-fuels")
    assert all(p.group not in div.excluded_groups and p.reexport is None for p in div.products)
    top = full.products[0]  # mineral fuels: a primary good by what Kazakhstan sells in it (oil)
    assert (top.hs_code, top.group) == ("27", "primary")
    assert top.group_share > 0.5
    assert div.categories_untapped + sum(a.categories for a in div.set_aside) == (
        full.categories_untapped
    )
    assert div.untapped_usd + sum(a.untapped_usd for a in div.set_aside) == pytest.approx(
        full.untapped_usd
    )
    assert (div.full_categories_untapped, div.full_untapped_usd) == (
        full.categories_untapped,
        pytest.approx(full.untapped_usd),
    )
    assert div.all_untapped == full.all_untapped  # barriers' trade at stake: every product


def test_exclude_names_the_groups_and_full_view_keeps_flags(default_ledger: Ledger) -> None:
    r = export_opportunities(default_ledger, "KAZ", "CHN", top=None, view="full", exclude="primary")
    assert r.excluded_groups == ("primary",)
    assert all(p.group != "primary" for p in r.products)
    assert any(p.reexport for p in r.products)
    with pytest.raises(InputError, match="unknown view"):
        export_opportunities(default_ledger, "KAZ", "CHN", view="everything")  # type: ignore[arg-type]


def test_the_screen_is_printed_beside_the_official_framing(default_ledger: Ledger) -> None:
    r = export_opportunities(default_ledger, "KAZ", "CHN")
    lines = r.comparison
    assert lines[0].startswith(f"our screen: {r.categories_untapped} categories worth")
    assert any("180 categories worth US$1.6 bn" in line for line in lines)
    assert any("135 categories worth US$1.0 bn" in line for line in lines)
    assert lines[-1].startswith("differences in method")
    assert r.to_dict()["comparison"] == list(lines)
