"""The world of a lever's general equilibrium: named partners from a world matrix, else three
regions; its flows against the file they come from."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from corridor.ledger import Ledger
from corridor.planning.world import corridor_world
from corridor.trade import read_gdp
from corridor.trade.gravity import pair_shock
from tests.worlds import baci_codes, baci_world, gdp_file


@pytest.fixture
def world_year(ledger: Ledger, tmp_path: Path) -> tuple[Ledger, pd.DataFrame, Path]:
    """A seeded BACI year in the ledger, its rows in ISO codes and US$, and a GDP file for it."""
    path = tmp_path / "BACI_HS17_Y2021_V202401_world.csv"
    df = baci_world(path)
    ledger.load(path, format="baci")
    iso = {code: c for c, code in baci_codes().items()}
    df = df.assign(i=df["i"].map(iso), j=df["j"].map(iso), usd=df["v"] * 1000)
    return ledger, df, gdp_file(tmp_path / "gdp.csv", df)


def _largest_partners(df: pd.DataFrame, n: int, skip: tuple[str, ...] = ()) -> list[str]:
    """KAZ's and CHN's largest partners in the file, each side's next in turn, worked out apart
    from the code (``skip``: countries that cannot be named)."""
    ranked = []
    for side in ("KAZ", "CHN"):
        trade = pd.concat(
            [
                df[df["i"] == side].groupby("j")["usd"].sum(),
                df[df["j"] == side].groupby("i")["usd"].sum(),
            ]
        )
        trade = trade.drop(["KAZ", "CHN"], errors="ignore").groupby(level=0).sum()
        ranked.append(
            [c for c in sorted(trade.index, key=lambda c: (-trade[c], c)) if c not in skip]
        )
    out: list[str] = []
    while len(out) < n:
        for side in ranked:
            while side and side[0] in out:
                side.pop(0)
            if side and len(out) < n:
                out.append(side.pop(0))
    return out


def test_a_world_matrix_names_the_pairs_largest_partners(
    world_year: tuple[Ledger, pd.DataFrame, Path],
) -> None:
    ledger, df, gdp = world_year
    world = corridor_world(ledger, "KAZ", "CHN", 2021, gdp, partners=3)
    named = _largest_partners(df, 3)
    assert world.countries == ("KAZ", "CHN", *named, "ROW")
    sizes = read_gdp(gdp)
    for c in ("KAZ", "CHN", *named):
        i = world.index(c)
        exports = df.loc[df["i"] == c, "usd"].sum()
        imports = df.loc[df["j"] == c, "usd"].sum()
        # a named country's row and column (less its own purchases) are its trade in the file
        assert world.flows[i].sum() - world.flows[i, i] == pytest.approx(exports, rel=1e-9)
        assert world.flows[:, i].sum() - world.flows[i, i] == pytest.approx(imports, rel=1e-9)
        assert world.flows[i, i] == pytest.approx(sizes[(c, 2021)] - exports, rel=1e-9)
    for a in ("KAZ", "CHN", *named):
        for b in ("KAZ", "CHN", *named):
            if a != b:
                sold = df.loc[(df["i"] == a) & (df["j"] == b), "usd"].sum()
                assert world.flows[world.index(a), world.index(b)] == pytest.approx(sold, rel=1e-9)
    assert any("largest partners" in n for n in world.notes)


def test_the_world_adds_up_to_world_gdp(world_year: tuple[Ledger, pd.DataFrame, Path]) -> None:
    """Each region's sales (its row, its own purchases included) are its GDP; they sum to the
    world's."""
    ledger, _, gdp = world_year
    world = corridor_world(ledger, "KAZ", "CHN", 2021, gdp)
    sizes = read_gdp(gdp)
    for c in world.countries[:-1]:
        assert world.flows[world.index(c)].sum() == pytest.approx(sizes[(c, 2021)], rel=1e-9)
    assert world.flows.sum() == pytest.approx(sizes[("WLD", 2021)], rel=1e-9)


def test_a_partner_selling_more_than_its_gdp_stays_in_the_rest(
    world_year: tuple[Ledger, pd.DataFrame, Path], tmp_path: Path
) -> None:
    """A re-exporting hub has no domestic sales left (GDP less exports): the next partner is
    named instead, and the notes say which was left."""
    ledger, df, gdp = world_year
    first = _largest_partners(df, 1)[0]  # KAZ's largest partner
    path = tmp_path / "hub.csv"
    path.write_text(
        "".join(
            line.replace(line.split(",")[2], "1000") if line.startswith(f"{first},") else line
            for line in gdp.read_text().splitlines(keepends=True)
        )
    )
    world = corridor_world(ledger, "KAZ", "CHN", 2021, gdp=path, partners=2)
    assert first not in world.countries
    assert world.countries[2:4] == tuple(_largest_partners(df, 2, skip=(first,)))
    assert any(n.startswith(f"{first}: no GDP for 2021, or exports above it") for n in world.notes)


def test_without_a_world_matrix_the_rest_of_the_world_is_one_region(
    default_ledger: Ledger,
) -> None:
    world = corridor_world(default_ledger, "KAZ", "CHN", 2024)
    assert world.countries == ("KAZ", "CHN", "ROW")
    assert any("no world matrix of 2024" in n and "BACI" in n for n in world.notes)


def test_a_cheaper_pair_draws_trade_from_the_named_partners(
    world_year: tuple[Ledger, pd.DataFrame, Path],
) -> None:
    """A fall in KAZ→CHN's trade cost raises that flow and lowers KAZ's sales to each named
    partner: diversion is shown by partner."""
    ledger, _, gdp = world_year
    world = corridor_world(ledger, "KAZ", "CHN", 2021, gdp, partners=3)
    shock = pair_shock(world, {("KAZ", "CHN"): math.log(1.05)}, sigma=6.0)
    assert shock.flow_change("KAZ", "CHN") > 0
    for p in world.countries[2:]:
        assert shock.flow_change("KAZ", p) < 0
