"""Export opportunities: the ITC export potential indicator, in dollars, with every term shown.

Decreux, Y. & Spies, J. (2016), *Export Potential Assessments: A methodology to identify export
opportunities for developing countries*, International Trade Centre. Potential exports of product
``k`` from exporter ``i`` to market ``j``::

    potential_ijk = supply_ik × demand_jk × ease_ij

    supply_ik  = (X_ik / X_k) · g_i / g_w        i's world market share in k, projected with i's
                                                 GDP growth relative to the world's; zero where
                                                 i's RCA in k is below ``min_rca``
    demand_jk  = M_jk · g_j                      j's imports of k, projected with j's GDP growth
    ease_ij    = Σ_k X_ijk / Σ_k (X_ik / X_k) M_jk   how much i actually sells to j against what
                                                 its shares and j's demand predict (base year)
    untapped   = max(potential − X_ijk, 0)

``g`` are cumulative real GDP growth factors from the base year to the horizon, read from a dated
table (``data/trade/gdp_projections.csv`` or a file the user gives). Terms of the full method that
this implementation drops, and why, are listed in ``docs/methods.md`` and in every result's
``omitted``: the tariff-advantage term (no tariff data), product-specific income elasticities
(demand grows one-for-one with GDP), the relative-distance term (absorbed in ``ease_ij``), and the
smoothing of shares over several years.

Views. Every product is classified by the UN Broad Economic Categories (BEC Rev.4) through the
UN's HS → BEC correlation tables (:mod:`corridor.trade.product_groups`), and likely re-exports are
flagged (a documented list — aircraft, ships, art, diamonds — or the exporter importing at least
as much as it exports). The default **diversification** view ranks what is left once the
commodity groups (primary goods, processed fuels) and the likely re-exports are set aside, the
ministry's "non-commodity goods"; the **full** view ranks everything and shows the flags;
``exclude`` names the groups to set aside instead. The totals of what was set aside are kept.

HS revisions are converted, not matched by code: inputs in another revision than the exporter's
exports are brought to it with :mod:`corridor.trade.concordance`, and the notes say how.

Two data paths:

* **World matrix** (full strength): a load with bilateral flows of many exporters for the year at
  HS6 — a BACI year. Every term, RCA and the product-space density come from it, at HS6 (or HS4).
* **Aggregates** (the embedded data): the exporter's exports to the world and to the market, world
  exports and the market's imports, each from the best source the ledger holds. Potential is
  computed and shown at the finest level all four share (HS2 chapters for the embedded data),
  never allocated below it: a product's potential needs its own supply and demand, which a
  chapter's do not give. RCA is at that level; density is not available (it needs a country ×
  product matrix).

**Products to start** (world matrix only). Supply is zero where the exporter's RCA is below
``min_rca``, so the indicator can never name a product not yet exported competitively. Those
products are listed apart (``new_products``), ranked by the product-space density of the
exporter's current exports around them (Hidalgo et al. 2007: how close its capabilities are) and
shown with the complexity outlook gain (Hausmann et al. 2014) and the market's imports of them —
the diversification view of ITC's export potential assessments (Decreux & Spies 2016, section on
product diversification), without its income and tariff terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from pydantic.dataclasses import dataclass as pydantic_dataclass

from corridor.errors import DataGapError, InputError
from corridor.frames import records_frame
from corridor.ledger import WORLD_MATRIX_EXPORTERS, Ledger
from corridor.periods import Period
from corridor.trade.barriers import blocs, stored_barriers, trade_pairs
from corridor.trade.complexity import product_space
from corridor.trade.concordance import convert
from corridor.trade.product_groups import classify, reexport_flags, scheme
from corridor.trade.projections import (
    GrowthPath,
    default_projections,
    growth_path,
    read_projections,
)
from corridor.trade.tariffs import Tariffs, market_access
from corridor.workspace import Workspace

Level = Literal["hs6", "hs4", "chapter"]
View = Literal["diversification", "full"]
VIEWS: tuple[str, ...] = ("diversification", "full")
REEXPORTS = "likely re-exports"
LEVEL_DIGITS: dict[str, int] = {"chapter": 2, "hs4": 4, "hs6": 6}
WORLD = "WLD"

OMITTED = (
    "tariff advantage: no tariff file given (its format: corridor.trade.tariffs), so the "
    "market-access term is 1 for every product; where competitors enjoy preferences the "
    "exporter lacks (China has FTAs with ASEAN, Australia and others, none with Kazakhstan) "
    "potential is overstated",
    "income elasticities: demand grows one-for-one with the market's real GDP; products with "
    "income elasticity above 1 are understated, necessities overstated",
    "relative distance: not modelled separately; the exporter–market ease of trade absorbs it "
    "for all products alike",
    "smoothing: shares come from one base year, not an average of several",
)


@dataclass(frozen=True)
class Opportunity:
    """One product: potential, actual and untapped exports to the market, in USD."""

    hs_code: str
    description: str
    potential_usd: float
    actual_usd: float
    untapped_usd: float
    rca: float | None
    rca_level: int
    density: float | None
    barriers: tuple[str, ...]
    supply_share: float
    market_imports_usd: float
    potential_level: int
    group: str  # product group (UN BEC Rev.4), "unclassified" where the table holds none
    group_share: float  # share of the code's six-digit sub-codes in that group
    reexport: str | None  # why its exports are likely re-exports, if they are
    #: the tariff advantage over the market's other suppliers (None: no tariff file given)
    tariff_term: float | None = None


@dataclass(frozen=True)
class NewProduct:
    """A product the exporter does not yet export competitively (RCA below the threshold): how
    close its current exports are to it (density), what it would add to its complexity outlook
    (COG) and what the market imports of it."""

    hs_code: str
    description: str
    rca: float
    density: float
    cog: float
    market_imports_usd: float
    actual_usd: float
    group: str


@dataclass(frozen=True)
class SetAside:
    """Products the view left out of the ranking: how many count and their untapped potential."""

    name: str
    title: str
    categories: int
    untapped_usd: float


@pydantic_dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class OfficialStatement:
    """A published figure of export potential, beside the screen's own (validated as read)."""

    id: str
    said: str
    categories: int
    value_usd: float
    who: str
    source: str
    method: str


@dataclass(frozen=True)
class OpportunityReport:
    """The JSON of ``corridor opportunities``: inputs, terms, totals and the ranked products."""

    exporter: str
    market: str
    base_year: int
    horizon: int
    level: str
    potential_level: int
    path: str
    inputs: dict[str, str]
    hs_rev: str
    growth: dict[str, dict[str, Any]]
    ease_of_trade: float
    min_rca: float
    min_untapped_usd: float
    categories_untapped: int
    untapped_usd: float
    potential_usd: float
    actual_usd: float
    products: tuple[Opportunity, ...]
    omitted: tuple[str, ...]
    notes: tuple[str, ...]
    view: str
    scheme: str
    excluded_groups: tuple[str, ...]
    set_aside: tuple[SetAside, ...]
    full_categories_untapped: int
    full_untapped_usd: float
    official: tuple[OfficialStatement, ...]
    all_untapped: dict[str, float] = field(repr=False)
    #: products to start (world matrix only; module docstring), closest first
    new_products: tuple[NewProduct, ...] = ()

    @property
    def view_label(self) -> str:
        left_out = list(self.excluded_groups) + (
            [REEXPORTS] if any(a.name == REEXPORTS for a in self.set_aside) else []
        )
        if not left_out:
            return f"{self.view} view (every product)"
        return f"{self.view} view ({', '.join(left_out)} left out)"

    @property
    def headline(self) -> str:
        """``N categories worth US$X bn untapped`` (the corridor's own way of saying it)."""
        return (
            f"{self.categories_untapped} categories worth US${self.untapped_usd / 1e9:,.2f} bn "
            f"untapped ({self.exporter} → {self.market}, {self.level} products, "
            f"{self.base_year} base, {self.horizon} horizon; {self.view_label})"
        )

    @property
    def comparison(self) -> tuple[str, ...]:
        """The screen beside each published statement, with the differences in method."""
        ours = (
            f"our screen: {self.categories_untapped} categories worth "
            f"US${self.untapped_usd / 1e9:,.2f} bn untapped by {self.horizon} "
            f"({self.level} codes of {self.hs_rev} with at least "
            f"US${self.min_untapped_usd / 1e6:,.1f} m each; {self.view_label}; "
            f"every product: {self.full_categories_untapped} worth "
            f"US${self.full_untapped_usd / 1e9:,.2f} bn)"
        )
        lines = [ours]
        for st in self.official:
            lines.append(
                f"{st.who}: {st.categories} categories worth US${st.value_usd / 1e9:,.1f} bn "
                f"(“{st.said}”; method {st.method}; source: {st.source})"
            )
        lines.append(
            "differences in method: the screen counts "
            f"{self.level} codes with untapped ITC potential (potential − actual exports, "
            f"projected to {self.horizon}, without the tariff term), groups by UN BEC Rev.4; the "
            "official counts say neither their product level nor their horizon, so the numbers "
            "of categories are comparable only in order of magnitude"
        )
        return tuple(lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("all_untapped")
        data["headline"] = self.headline
        data["view_label"] = self.view_label
        data["comparison"] = list(self.comparison)
        return data

    def to_frame(self) -> pd.DataFrame:
        """Each product as a row: potential, actual and untapped exports (pandas)."""
        return records_frame(self.products)


class _Statements(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    statements: tuple[OfficialStatement, ...]


@cache
def official_statements() -> tuple[OfficialStatement, ...]:
    """The published statements of ``data/trade/official_framing.yaml``."""
    from corridor.yaml_files import read_model

    path = Workspace.default().trade_file("official_framing.yaml")
    raw = read_model(path, _Statements, what="official statements", error=InputError)
    return raw.statements


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Series:
    values: pd.Series  # code -> USD
    level: int
    source: str
    hs_rev: str


def _year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31))


def _series(ledger: Ledger, reporter: str, partner: str, flow: str, year: int) -> _Series | None:
    found = ledger.flows.value(
        reporter=reporter, partner=partner, flow=flow, period=_year(year), totals=False
    ).found
    if found is None:
        return None
    values = ledger.flows.product_values(found, reporter=reporter, partner=partner, flow=flow)
    return _Series(values, found.finest, found.label, found.hs_rev)


def _latest_aggregate_year(
    ledger: Ledger, exporter: str, market: str
) -> tuple[int, dict[str, _Series], list[str]]:
    why: list[str] = []
    for y in ledger.flows.product_years(exporter, market, "export"):
        got, missing = _aggregate_inputs(ledger, exporter, market, y)
        if not missing:
            return y, got, why
        why.append(f"{y}: no complete {', '.join(missing)}")
    raise DataGapError(
        f"no year has all four inputs for {exporter} → {market} "
        f"({'; '.join(why) or 'no product-level exports'})"
    )


def _aggregate_specs(exporter: str, market: str) -> dict[str, tuple[str, str, str]]:
    return {
        "exporter_world": (exporter, WORLD, "export"),
        "actual": (exporter, market, "export"),
        "world": (WORLD, WORLD, "export"),
        "market_imports": (market, WORLD, "import"),
    }


_INPUT_NAMES = {
    "exporter_world": "exporter's exports to the world by product",
    "actual": "exporter's exports to the market by product",
    "world": "world exports by product",
    "market_imports": "market's imports from the world by product",
}


def _aggregate_inputs(
    ledger: Ledger, exporter: str, market: str, year: int
) -> tuple[dict[str, _Series], list[str]]:
    """The four inputs the ledger holds complete for ``year``, and the names of those it lacks."""
    got: dict[str, _Series] = {}
    missing: list[str] = []
    for name, (r, p, f) in _aggregate_specs(exporter, market).items():
        found = _series(ledger, r, p, f, year)
        if found is None:
            missing.append(_INPUT_NAMES[name])
        else:
            got[name] = found
    return got, missing


# --- the indicator ------------------------------------------------------------------------


def indicator(
    exporter_world: pd.Series,
    world: pd.Series,
    market_imports: pd.Series,
    actual: pd.Series,
    *,
    g_exporter: float,
    g_world: float,
    g_market: float,
    min_rca: float,
    market_access: pd.Series | None = None,
) -> tuple[pd.DataFrame, float]:
    """Every term of the indicator per product (all series indexed by the same-level code).

    Returns the table (columns ``exporter_world``, ``world``, ``market_imports``, ``actual``,
    ``share``, ``rca``, ``access``, ``supply``, ``demand``, ``potential``, ``untapped``) and
    ``ease_ij``. ``market_access``: the tariff term per product (:mod:`corridor.trade.tariffs`;
    1 where missing), applied to the market's demand in the ease of trade and in potential.
    """
    t = pd.DataFrame(
        {
            "exporter_world": exporter_world,
            "world": world,
            "market_imports": market_imports,
            "actual": actual,
        }
    ).fillna(0.0)
    t = t[t["world"] > 0]
    t["share"] = (t["exporter_world"] / t["world"]).clip(upper=1.0)
    x_i, x_w = t["exporter_world"].sum(), t["world"].sum()
    t["rca"] = (t["exporter_world"] / x_i) / (t["world"] / x_w) if x_i > 0 else 0.0
    t["access"] = (
        1.0 if market_access is None else market_access.reindex(t.index).fillna(1.0).astype(float)
    )
    predicted = float((t["share"] * t["market_imports"] * t["access"]).sum())
    if predicted <= 0:
        raise DataGapError(
            "the exporter's world market shares and the market's imports do not overlap in any "
            "product: the ease of trade cannot be computed"
        )
    ease = float(t["actual"].sum()) / predicted
    competitive = t["rca"] >= min_rca
    t["supply"] = np.where(competitive, t["share"] * g_exporter / g_world, 0.0)
    t["demand"] = t["market_imports"] * g_market * t["access"]
    t["potential"] = t["supply"] * t["demand"] * ease
    t["untapped"] = (t["potential"] - t["actual"]).clip(lower=0.0)
    return t, ease


def _barrier_index(ledger: Ledger, exporter: str, market: str) -> list[tuple[str, tuple[str, ...]]]:
    """The barriers with HS codes that touch trade from ``exporter`` to ``market``."""
    members = blocs()
    region_country = ledger.codes.region_countries()
    return [
        (b.id, b.hs_codes)
        for b, _ in stored_barriers(ledger)
        if b.hs_codes and (exporter, market) in trade_pairs(b, members, region_country)
    ]


def export_opportunities(
    ledger: Ledger,
    exporter: str,
    market: str,
    *,
    year: int | None = None,
    horizon: int | None = None,
    level: Level | None = None,
    top: int | None = 25,
    min_rca: float = 1.0,
    min_untapped_usd: float = 100_000.0,
    min_exporters: int = WORLD_MATRIX_EXPORTERS,
    projections: Path | None = None,
    view: View = "diversification",
    exclude: str | Iterable[str] | None = None,
    tariffs: Tariffs | None = None,
) -> OpportunityReport:
    """Rank the products ``exporter`` could sell more of to ``market`` (see the module docstring).

    ``year`` is the base year (default: the latest year with every input); ``horizon`` the year
    potential is projected to (default: base + 5); ``level`` the product level shown (default: the
    finest the data allow). ``min_exporters`` is how many exporters a load must hold to count as a
    world matrix. ``view`` and ``exclude`` choose what is ranked (module docstring).
    ``tariffs``: the rates of a tariff file, for the market-access term
    (:mod:`corridor.trade.tariffs`); without one that term is listed as omitted.
    """
    exporter, market = ledger.codes.country(exporter), ledger.codes.country(market)
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}; use {' or '.join(VIEWS)}")
    groups = scheme()
    excluded = (
        groups.parse(exclude)
        if exclude is not None
        else (groups.commodity if view == "diversification" else ())
    )
    notes: list[str] = []
    world_load = ledger.flows.world_matrix(year, min_exporters)
    if world_load is not None:
        load_id, base = world_load.load_id, world_load.year
        source, hs_rev = world_load.source, world_load.hs_rev
        digits = LEVEL_DIGITS[level or "hs6"]
        path = "world matrix"
        totals = ledger.flows.world_totals(world_load, digits, exporter, market)
        by_exporter = totals.by_exporter
        if not (by_exporter["reporter"] == exporter).any():
            raise DataGapError(f"the world matrix (load {load_id}) has no exports of {exporter}")
        exporter_world = by_exporter[by_exporter["reporter"] == exporter].set_index("code")["v"]
        world = by_exporter.groupby("code")["v"].sum()
        market_imports = totals.market_imports
        actual = totals.actual
        own_imports: pd.Series | None = totals.own_imports
        suppliers: pd.DataFrame | None = totals.market_suppliers
        label = f"{source} (load {load_id}, HS6 bilateral, {totals.exporters} exporters)"
        inputs = {name: label for name in _INPUT_NAMES}
        space = product_space(
            by_exporter["reporter"].tolist(),
            by_exporter["code"].tolist(),
            by_exporter["v"].to_numpy(),
        )
        row = space.location_index(exporter)
        density = pd.Series(space.density[row], index=list(space.products))
        outlook = pd.DataFrame(
            {
                "rca": np.asarray(space.rca[row].todense()).ravel(),
                "density": space.density[row],
                "cog": space.cog[row],
            },
            index=list(space.products),
        )
        potential_level = digits
    else:
        path = "aggregates"
        outlook = None
        suppliers = None
        if year is None:
            base, got, why = _latest_aggregate_year(ledger, exporter, market)
        else:
            base, why = year, []
            got, missing = _aggregate_inputs(ledger, exporter, market, year)
            if missing:
                raise DataGapError(
                    f"{year}: the ledger has no complete {', '.join(missing)} for "
                    f"{exporter} → {market}"
                )
        potential_level = min(got[k].level for k in ("world", "market_imports", "exporter_world"))
        digits = LEVEL_DIGITS[level] if level else potential_level
        if digits > potential_level:
            raise DataGapError(
                f"export potential is observed only at HS{potential_level} for {base} (world "
                f"exports and {market}'s imports in the ledger stop there) and is never allocated "
                f"below the level where supply and demand are both observed; load a BACI year "
                "(a world matrix) for HS6"
            )

        def at(name: str, d: int) -> pd.Series:
            s = got[name].values
            return s.groupby([c[:d] for c in s.index]).sum()

        exporter_world = at("exporter_world", potential_level)
        world, market_imports = at("world", potential_level), at("market_imports", potential_level)
        actual = at("actual", potential_level)
        inputs = {name: got[name].source for name in _INPUT_NAMES}
        density = None
        hs_rev = got["exporter_world"].hs_rev
        imports_series = _series(ledger, exporter, WORLD, "import", base)
        notes += _to_revision(got, hs_rev)
        if imports_series is not None:
            notes += _to_revision({"exporter_imports": imports_series}, hs_rev)
        if why:
            notes.append("later years skipped: " + "; ".join(why))
        notes.append(
            f"potential computed and shown at HS{potential_level} (the finest level of world "
            f"exports and {market}'s imports in the ledger), with RCA at that level; products "
            "not yet exported competitively (RCA below 1) and density need a world matrix"
        )
        notes.append(
            "for the full-strength HS6 version load a BACI year: "
            "corridor ledger load BACI_HS17_Y2022_V202401.csv --format baci"
        )

    table = read_projections(projections or default_projections())
    ppath = projections or default_projections()
    end = horizon if horizon is not None else base + 5
    paths = {
        "exporter": growth_path(table, exporter, base, end, ppath),
        "world": growth_path(table, WORLD, base, end, ppath),
        "market": growth_path(table, market, base, end, ppath),
    }
    access = None
    if tariffs is not None:
        access = market_access(
            tariffs, market, exporter, [str(c) for c in world.index], base, suppliers
        )
        notes.append(access.note)
    terms, ease = indicator(
        exporter_world,
        world,
        market_imports,
        actual,
        g_exporter=paths["exporter"].factor,
        g_world=paths["world"].factor,
        g_market=paths["market"].factor,
        min_rca=min_rca,
        market_access=None if access is None else access.term,
    )
    shown = terms
    rca_level = digits
    shown = shown[(shown["potential"] > 0) | (shown["actual"] > 0)]
    codes = [str(c) for c in shown.index]
    if path == "aggregates":
        own_exports = _at_digits(got["exporter_world"].values, digits)
        own_imports = (
            None
            if imports_series is None or imports_series.level < digits
            else _at_digits(imports_series.values, digits)
        )
    else:
        own_exports = exporter_world
    if own_imports is None:
        notes.append(
            f"no {exporter} imports by product at this level: re-exports are flagged from the "
            "documented list only"
        )
    # a chapter is classed by what the exporter sells in it, where its finer rows are held
    finer = path == "aggregates" and got["exporter_world"].level > digits
    classes = classify(codes, hs_rev, _as_dict(got["exporter_world"].values) if finer else None)
    flags = reexport_flags(
        codes,
        _as_dict(own_exports),
        None if own_imports is None else _as_dict(own_imports),
    )
    group_of = pd.Series([classes[c].group or "unclassified" for c in codes], index=shown.index)
    flagged = pd.Series([c in flags for c in codes], index=shown.index)
    in_excluded = group_of.isin(excluded)
    set_reexports_aside = view != "full"
    keep = ~in_excluded & ~(flagged & set_reexports_aside)
    counts = shown["untapped"] >= min_untapped_usd
    set_aside = [
        SetAside(
            g.name,
            g.title,
            int((counts & (group_of == g.name)).sum()),
            float(shown.loc[counts & (group_of == g.name), "untapped"].sum()),
        )
        for g in groups.groups
        if g.name in excluded
    ]
    if set_reexports_aside:
        aside = counts & flagged & ~in_excluded
        set_aside.append(
            SetAside(
                REEXPORTS,
                "on the documented list, or the exporter imports at least as much as it exports",
                int(aside.sum()),
                float(shown.loc[aside, "untapped"].sum()),
            )
        )
    ranked = shown[keep].sort_values(["untapped", "potential"], ascending=False)
    picked = ranked if top is None else ranked.head(top)
    descriptions = ledger.codes.describe([str(c) for c in picked.index], hs_rev)
    barrier_index = _barrier_index(ledger, exporter, market)
    products = []
    for code, r in picked.iterrows():
        c = str(code)
        products.append(
            Opportunity(
                hs_code=c,
                description=descriptions.get(c, "no description"),
                potential_usd=float(r["potential"]),
                actual_usd=float(r["actual"]),
                untapped_usd=float(r["untapped"]),
                rca=float(r["rca"]),
                rca_level=rca_level,
                density=None if density is None else _maybe(density.get(c)),
                barriers=tuple(
                    bid
                    for bid, codes in barrier_index
                    if any(c.startswith(b) or b.startswith(c) for b in codes)
                ),
                supply_share=float(r["share"]),
                market_imports_usd=float(r["market_imports"]),
                potential_level=potential_level,
                group=classes[c].group or "unclassified",
                group_share=classes[c].share,
                reexport=flags.get(c),
                tariff_term=None if tariffs is None else float(r["access"]),
            )
        )
    counted = shown[keep & counts]
    everything = shown[counts]
    new_products = (
        ()
        if outlook is None
        else _new_products(ledger, outlook, market_imports, actual, hs_rev, min_rca, top)
    )
    return OpportunityReport(
        exporter=exporter,
        market=market,
        base_year=base,
        horizon=end,
        level={2: "chapter", 4: "hs4", 6: "hs6"}[digits],
        potential_level=potential_level,
        path=path,
        inputs=inputs,
        hs_rev=hs_rev,
        growth={k: _growth_dict(v) for k, v in paths.items()},
        ease_of_trade=ease,
        min_rca=min_rca,
        min_untapped_usd=min_untapped_usd,
        categories_untapped=len(counted),
        untapped_usd=float(counted["untapped"].sum()),
        potential_usd=float(shown["potential"].sum()),
        actual_usd=float(shown["actual"].sum()),
        products=tuple(products),
        omitted=OMITTED if tariffs is None else OMITTED[1:],
        notes=tuple(notes),
        view=view,
        scheme=groups.name,
        excluded_groups=excluded,
        set_aside=tuple(set_aside),
        full_categories_untapped=len(everything),
        full_untapped_usd=float(everything["untapped"].sum()),
        official=official_statements(),
        all_untapped={str(k): float(v) for k, v in shown["untapped"].items() if v > 0},
        new_products=new_products,
    )


def _new_products(
    ledger: Ledger,
    outlook: pd.DataFrame,
    market_imports: pd.Series,
    actual: pd.Series,
    hs_rev: str,
    min_rca: float,
    top: int | None,
) -> tuple[NewProduct, ...]:
    """Products below the RCA threshold that the market imports, closest (by density) first."""
    t = outlook.join(market_imports.rename("market"), how="left").fillna({"market": 0.0})
    t = t[(t["rca"] < min_rca) & (t["market"] > 0)]
    t = t.sort_values(["density", "cog", "market"], ascending=False)
    picked = t if top is None else t.head(top)
    codes = [str(c) for c in picked.index]
    descriptions = ledger.codes.describe(codes, hs_rev)
    classes = classify(codes, hs_rev)
    return tuple(
        NewProduct(
            hs_code=str(c),
            description=descriptions.get(str(c), "no description"),
            rca=float(r["rca"]),
            density=float(r["density"]),
            cog=float(r["cog"]),
            market_imports_usd=float(r["market"]),
            actual_usd=float(actual.get(c, 0.0)),
            group=classes[str(c)].group or "unclassified",
        )
        for c, r in picked.iterrows()
    )


def _as_dict(values: pd.Series) -> dict[str, float]:
    return {str(k): float(v) for k, v in values.items()}


def _at_digits(values: pd.Series, digits: int) -> pd.Series:
    return values.groupby([str(c)[:digits] for c in values.index]).sum()


def _to_revision(inputs: dict[str, _Series], target: str) -> list[str]:
    """Bring each input to revision ``target`` in place; a note for each one converted."""
    notes = []
    for name, series in list(inputs.items()):
        if series.hs_rev == target or "n/a" in (series.hs_rev, target):
            continue
        done = convert(_as_dict(series.values), series.hs_rev, target)
        values = pd.Series(done.values | done.unmapped, dtype=float)
        inputs[name] = _Series(values, series.level, series.source, target)
        what = _INPUT_NAMES.get(name, name.replace("_", " "))
        notes.append(
            f"{what} converted from {series.hs_rev} to {target} with the HS concordance"
            + (f": {'; '.join(done.notes)}" if done.notes else "")
        )
    return notes


def _maybe(value: Any) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _growth_dict(g: GrowthPath) -> dict[str, Any]:
    return {
        "country": g.country,
        "factor": g.factor,
        "from": g.base_year,
        "to": g.horizon,
        "kinds": list(g.kinds),
        "sources": list(g.sources),
    }
