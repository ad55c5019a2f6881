"""Product groups for the export screen (UN BEC Rev.4) and the re-export flags.

Every HS code is classified through the UN Statistics Division's HS → BEC correlation tables
(``data/reference/hs_bec.parquet``, one table per HS revision 1996–2022) into the groups of
``data/trade/product_groups.yaml`` (primary goods, processed fuels, processed food, processed
industrial supplies, capital goods, transport equipment, consumer goods). A heading or chapter is
classified by its six-digit sub-codes (a six-digit code the table lacks, by its heading's): each
sub-code counts once, shared equally among the BEC
codes it corresponds to, and the code's group is the one holding most of them (``share`` says how
many; ``groups`` the whole split). Data in HS1992 are classified through the HS1996 table (codes
carried forward with the revision concordance).

Re-exports are flagged, not ranked silently: a product on the documented list of usual suspects
(``data/trade/reexport_suspects.yaml``: aircraft, ships, art, diamonds) or one the exporter imports
at least as much of as it exports in the base year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from corridor.errors import InputError
from corridor.workspace import Workspace
from corridor.yaml_files import read_model

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ProductGroup:
    """One group of the screen: its name, what it holds and the BEC codes that define it."""

    name: str
    title: str
    bec: tuple[str, ...]
    commodity: bool


@dataclass(frozen=True)
class Classified:
    """A code's group (``None`` where the correlation table holds none of its sub-codes)."""

    group: str | None
    share: float  # share of the code's six-digit sub-codes (or of its value) in that group
    groups: Mapping[str, float]


@dataclass(frozen=True)
class Scheme:
    """The classification: its name, citation and groups, in the order the file gives them."""

    name: str
    citation: str
    groups: tuple[ProductGroup, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.groups)

    @property
    def commodity(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.groups if g.commodity)

    def group_of(self, bec: str) -> str | None:
        best: tuple[int, str] | None = None
        for g in self.groups:
            for prefix in g.bec:
                if bec.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), g.name)
        return None if best is None else best[1]

    def parse(self, text: str | Iterable[str]) -> tuple[str, ...]:
        """Group names from ``"primary,processed-fuels"`` (or a list), each checked."""
        items = text.split(",") if isinstance(text, str) else list(text)
        names = tuple(dict.fromkeys(s.strip() for s in items if s.strip()))
        unknown = [n for n in names if n not in self.names]
        if unknown:
            hint = ""
            lall = {"resource-based", "low", "medium", "high", "high-technology"}
            if any(n in lall for n in unknown):
                hint = (
                    " (Lall's technology classes are not shipped; this screen uses UN BEC groups, "
                    "where resource-based goods fall under processed-fuels and processed-supplies)"
                )
            raise InputError(
                f"unknown product group(s) {', '.join(map(repr, unknown))}; use any of "
                f"{', '.join(self.names)}{hint}"
            )
        return names


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _GroupEntry(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z-]*$")
    title: str
    bec: tuple[str, ...] = Field(min_length=1)
    commodity: bool


class _GroupsFile(_Strict):
    scheme: str
    citation: str
    groups: tuple[_GroupEntry, ...] = Field(min_length=1)


class _SuspectEntry(_Strict):
    hs: str = Field(pattern=r"^[0-9]{2}([0-9]{2}){0,2}$")
    title: str
    why: str


class _SuspectsFile(_Strict):
    suspects: tuple[_SuspectEntry, ...]


@cache
def scheme() -> Scheme:
    """The groups of ``data/trade/product_groups.yaml``."""
    path = Workspace.default().trade_file("product_groups.yaml")
    raw = read_model(path, _GroupsFile, what="product groups", error=InputError)
    groups = tuple(ProductGroup(g.name, g.title, g.bec, g.commodity) for g in raw.groups)
    return Scheme(raw.scheme, raw.citation, groups)


@cache
def _table() -> pd.DataFrame:
    import pandas as pd

    return pd.read_parquet(Workspace.default().reference("hs_bec.parquet"))


@cache
def _six_digit_groups(hs_rev: str) -> dict[str, dict[str, float]]:
    """Each six-digit code of ``hs_rev`` → {group: weight} (weights of one code sum to 1)."""
    from corridor.trade.concordance import links

    table = _table()
    rev = hs_rev
    carried: dict[str, frozenset[str]] | None = None
    if rev == "HS1992":
        rev, carried = "HS1996", links("HS1992", "HS1996")
    rows = table[table["hs_rev"] == rev]
    if rows.empty:
        raise InputError(
            f"no HS → BEC table for {hs_rev!r}; tables exist for "
            f"HS1992 and {', '.join(sorted(table['hs_rev'].unique()))}"
        )
    s = scheme()
    by_code: dict[str, list[str]] = {}
    for code, bec in zip(rows["hs_code"], rows["bec"], strict=True):
        group = s.group_of(str(bec))
        if group is not None:
            by_code.setdefault(str(code), []).append(group)
    out = {c: {g: gs.count(g) / len(gs) for g in set(gs)} for c, gs in by_code.items()}
    if carried is None:
        return out
    old: dict[str, dict[str, float]] = {}
    for code, newer in carried.items():
        parts = [out[n] for n in newer if n in out]
        if parts:
            merged: dict[str, float] = {}
            for p in parts:
                for g, w in p.items():
                    merged[g] = merged.get(g, 0.0) + w / len(parts)
            old[code] = merged
    return old


def classify(
    codes: Iterable[str], hs_rev: str, by_value: Mapping[str, float] | None = None
) -> dict[str, Classified]:
    """The group of each HS code (2, 4 or 6 digits) of revision ``hs_rev``: by the share of its
    six-digit sub-codes in each group or, with ``by_value`` (finer codes → US$, e.g. what the
    exporter sells within a chapter), by the share of that value in each group — so a chapter
    whose value is crude oil is a primary good however many refined products it lists."""
    wanted = [str(c) for c in codes]
    out = _classify_by_codes(wanted, hs_rev)
    if not by_value:
        return out
    fine = _classify_by_codes([c for c, v in by_value.items() if v > 0], hs_rev)
    for c in wanted:
        acc: dict[str, float] = {}
        for code, value in by_value.items():
            if value > 0 and len(code) > len(c) and code.startswith(c):
                for g, w in fine[code].groups.items():
                    acc[g] = acc.get(g, 0.0) + value * w
        if acc:
            total = sum(acc.values())
            split = {g: w / total for g, w in sorted(acc.items(), key=lambda kv: -kv[1])}
            top = next(iter(split))
            out[c] = Classified(top, split[top], split)
    return out


def _classify_by_codes(codes: Iterable[str], hs_rev: str) -> dict[str, Classified]:
    from corridor.trade.concordance import revision

    six = _six_digit_groups(revision(hs_rev))
    by_prefix: dict[str, dict[str, float]] = {}
    wanted = {str(c) for c in codes}
    lengths = {len(c) for c in wanted}
    for code, weights in six.items():
        for n in lengths:
            if code[:n] in wanted:
                into = by_prefix.setdefault(code[:n], {})
                for g, w in weights.items():
                    into[g] = into.get(g, 0.0) + w
    out: dict[str, Classified] = {}
    for c in wanted:
        acc = by_prefix.get(c)
        if not acc and len(c) == 6:  # not a code of the table (e.g. a BACI "271000"): its heading
            acc = _prefix_weights(six, c[:4])
        if not acc:
            out[c] = Classified(None, 0.0, {})
            continue
        total = sum(acc.values())
        split = {g: w / total for g, w in sorted(acc.items(), key=lambda kv: -kv[1])}
        top = next(iter(split))
        out[c] = Classified(top, split[top], split)
    return out


def _prefix_weights(six: Mapping[str, Mapping[str, float]], prefix: str) -> dict[str, float]:
    acc: dict[str, float] = {}
    for code, weights in six.items():
        if code.startswith(prefix):
            for g, w in weights.items():
                acc[g] = acc.get(g, 0.0) + w
    return acc


# --- re-exports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suspect:
    hs: str
    title: str
    why: str


@cache
def reexport_suspects() -> tuple[Suspect, ...]:
    """The documented list of goods usually re-exported (``data/trade/reexport_suspects.yaml``)."""
    path = Workspace.default().trade_file("reexport_suspects.yaml")
    raw = read_model(path, _SuspectsFile, what="re-export suspects", error=InputError)
    return tuple(Suspect(s.hs, s.title, s.why) for s in raw.suspects)


def reexport_flags(
    codes: Iterable[str],
    exports: Mapping[str, float],
    imports: Mapping[str, float] | None,
) -> dict[str, str]:
    """Why each flagged code's exports are likely re-exports (codes not flagged are absent).

    ``exports`` and ``imports`` are the exporter's trade with the world by the same codes in the
    base year; without ``imports`` only the documented list applies.
    """
    suspects = reexport_suspects()
    flags: dict[str, str] = {}
    for c in codes:
        hit = next((s for s in suspects if c.startswith(s.hs) or s.hs.startswith(c)), None)
        if hit is not None:
            flags[c] = f"usually re-exported: {hit.title} ({hit.why})"
            continue
        x = float(exports.get(c, 0.0))
        m = float(imports.get(c, 0.0)) if imports is not None else 0.0
        if x > 0 and m >= x:
            flags[c] = (
                f"net importer: imports US${m / 1e6:,.1f} m ≥ exports US${x / 1e6:,.1f} m "
                "in the base year, so exports are likely re-exports"
            )
    return flags
