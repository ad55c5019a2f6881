"""The registry of trade barriers, classified by UNCTAD MAST, and the trade value at stake.

A barrier record names the jurisdiction that imposes the measure (a country, a province such as
``CN-XJ``, or a bloc such as ``EAEU``), the jurisdictions whose exporters it affects, its code in
the UNCTAD *International Classification of Non-Tariff Measures* (MAST, 2019 version; chapters A
to P) or in this project's class ``BT`` for border and transport obstacles (checkpoint hours,
drivers' visas, green corridors, capacity), the HS codes it touches (revision stated), the corridor
crossings it concerns, dates, status, legal reference and the source (document and quote).

The shipped records live in ``data/barriers/barriers.yaml`` and are read from it; users add theirs
with :func:`add_barriers`, which stores them in the ledger's ``barriers`` table. Reading writes
nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from corridor.errors import InputError, Problem
from corridor.ledger import BARRIER_COLUMNS, HS_REVISIONS, Ledger
from corridor.periods import Period
from corridor.workspace import Workspace
from corridor.yaml_files import read_model

Status = Literal["in force", "pending", "under negotiation", "reported", "lifted"]
DEFAULT_ORIGIN = "default-data"


class BarrierSource(BaseModel):
    """Where a barrier record comes from: a document and a verbatim quote or a paraphrase."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str = Field(min_length=3)
    url: str | None = None
    date: dt.date | None = None
    quote: str | None = None
    paraphrase: str | None = None
    verified: bool

    @model_validator(mode="after")
    def _evidence(self) -> BarrierSource:
        if self.verified and not (self.quote or self.paraphrase):
            raise ValueError("a verified source needs a quote or a paraphrase")
        return self


class Barrier(BaseModel):
    """One measure or obstacle on the corridor (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    title: str = Field(min_length=3)
    imposing: str
    affected: tuple[str, ...] = Field(min_length=1)
    mast: str
    hs_rev: str | None = None
    hs_codes: tuple[str, ...] = ()
    crossings: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    status: Status
    legal_ref: str | None = None
    description: str = Field(min_length=3)
    source: BarrierSource

    @field_validator("hs_codes")
    @classmethod
    def _codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        for code in codes:
            if not (code.isdigit() and len(code) in (2, 4, 6)):
                raise ValueError(f"HS code {code!r} must be 2, 4 or 6 digits, given as text")
        return codes

    @field_validator("hs_rev")
    @classmethod
    def _revision(cls, rev: str | None) -> str | None:
        if rev is None:
            return None
        canonical = HS_REVISIONS.get(rev.strip().upper())
        if canonical is None or canonical == "n/a":
            raise ValueError(f"unknown HS revision {rev!r} (use HS1992 … HS2022)")
        return canonical

    @model_validator(mode="after")
    def _consistent(self) -> Barrier:
        if self.hs_codes and self.hs_rev is None:
            raise ValueError("hs_codes need hs_rev (the HS revision they are written in)")
        if self.start and self.end and self.end < self.start:
            raise ValueError("end is before start")
        return self

    @property
    def is_export_measure(self) -> bool:
        """MAST chapter P: imposed by the exporting side on its own exports."""
        return self.mast.startswith("P")


class BarrierFile(BaseModel):
    """A barrier file: ``barriers:`` followed by a list of records."""

    model_config = ConfigDict(extra="forbid")

    barriers: tuple[Barrier, ...] = Field(min_length=1)


def ntm_codes() -> dict[str, str]:
    """MAST 2019 codes and this project's ``BT`` class, from ``data/reference/ntm_codes.csv``."""
    with Workspace.default().reference("ntm_codes.csv").open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["title"] for row in csv.DictReader(fh)}


_MAST_FORM = re.compile(r"^[A-P](?:[1-9][0-9]{0,2})?$")


def mast_title(code: str, codes: dict[str, str] | None = None) -> str | None:
    """The title of a MAST 2019 (or ``BT``) code; for a well-formed code the shipped table does
    not list (it holds the chapters and the codes the records use), the nearest listed parent's
    title with the code marked as not titled here; ``None`` if the code is not MAST-shaped or its
    chapter is unknown."""
    codes = ntm_codes() if codes is None else codes
    if code in codes:
        return codes[code]
    if not _MAST_FORM.match(code) or code[0] not in codes:
        return None
    parent = next(code[:n] for n in range(len(code) - 1, 0, -1) if code[:n] in codes)
    return f"{codes[parent]} ({code}: title not in the shipped table)"


def blocs() -> dict[str, tuple[str, ...]]:
    """Blocs and their member countries, from ``data/reference/blocs.csv``."""
    members: dict[str, list[str]] = {}
    with Workspace.default().reference("blocs.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            members.setdefault(row["bloc"], []).append(row["member"])
    return {k: tuple(v) for k, v in members.items()}


def read_barriers(path: Path) -> BarrierFile:
    """Read and validate a barrier file (YAML); problems name the record and field."""
    return read_model(path, BarrierFile, what="barrier file", error=InputError)


def _check_references(ledger: Ledger, records: tuple[Barrier, ...], file: str) -> None:
    codes = ntm_codes()
    known = ledger.codes.places() | set(blocs())
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, b in enumerate(records):
        where = f"barriers.{i + 1} ({b.id})"  # records counted from 1, as in the file
        if b.id in seen:
            problems.append(Problem(None, f"{where}.id", b.id, "appears twice in the file"))
        seen.add(b.id)
        if mast_title(b.mast, codes) is None:
            problems.append(
                Problem(
                    None,
                    f"{where}.mast",
                    b.mast,
                    "not a MAST 2019 code (a chapter letter A–P and up to three digits, "
                    "such as E11) or a BT code",
                )
            )
        for k, code in enumerate(b.hs_codes):
            try:
                if b.hs_rev is not None:
                    ledger.codes.hs_code(code, b.hs_rev)
            except InputError as exc:
                problems.append(Problem(None, f"{where}.hs_codes.{k + 1}", code, str(exc)))
        for field, value in [("imposing", b.imposing), *(("affected", a) for a in b.affected)]:
            if value not in known:
                problems.append(
                    Problem(
                        None,
                        f"{where}.{field}",
                        value,
                        "not an ISO 3166 country, ISO 3166-2 region or known bloc",
                    )
                )
    if problems:
        raise InputError("invalid barrier records; nothing was added", file=file, problems=problems)


def _record(b: Barrier) -> str:
    return json.dumps(b.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _row(b: Barrier, origin: str) -> list[Any]:
    """The record as a row of the ledger's ``barriers`` (columns ``BARRIER_COLUMNS``)."""
    s = b.source
    record = _record(b)
    row = [
        b.id, b.title, b.imposing, list(b.affected), b.mast, b.hs_rev, list(b.hs_codes),
        list(b.crossings), b.start, b.end, b.status, b.legal_ref, b.description, s.document,
        s.quote, s.paraphrase, s.url, s.date, s.verified, origin, record,
    ]  # fmt: skip
    assert len(row) == len(BARRIER_COLUMNS)
    return row


@dataclass(frozen=True)
class AddResult:
    """What :func:`add_barriers` did."""

    file: str
    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    already_added: bool


def add_barriers(ledger: Ledger, path: Path) -> AddResult:
    """Validate ``path`` and add its records, all or nothing.

    The same file (by SHA-256) twice is a no-op; a record identical to one already known (shipped
    or added) is left as it is; a record whose id exists with different content is an error
    (nothing is added).
    """
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError(f"cannot read the barrier file: {exc}", file=str(path)) from exc
    if ledger.barriers.file_added(digest):
        return AddResult(str(path), (), (), True)
    parsed = read_barriers(path)
    _check_references(ledger, parsed.barriers, str(path))
    existing = {b.id: _record(b) for b in _shipped(ledger)}
    existing |= {
        Barrier.model_validate_json(record).id: record for record, _ in ledger.barriers.records()
    }
    added, unchanged, problems = [], [], []
    for i, b in enumerate(parsed.barriers):
        row = _row(b, path.name)
        if b.id in existing:
            if existing[b.id] == row[-1]:
                unchanged.append(b.id)
            else:
                problems.append(
                    Problem(
                        None,
                        f"barriers.{i}.id",
                        b.id,
                        "a different record with this id is already in the ledger",
                    )
                )
            continue
        added.append(row)
    if problems:
        raise InputError(
            "conflicting barrier records; nothing was added", file=str(path), problems=problems
        )
    ledger.barriers.add(digest, path.name, len(parsed.barriers), added)
    return AddResult(str(path), tuple(r[0] for r in added), tuple(unchanged), False)


def _shipped(ledger: Ledger) -> tuple[Barrier, ...]:
    path = Workspace.default().barriers
    records = read_barriers(path).barriers
    _check_references(ledger, records, str(path))
    return records


def stored_barriers(ledger: Ledger) -> list[tuple[Barrier, str]]:
    """Every record with its origin (the file a user added it from, or ``default-data``),
    ordered by MAST code and id. Nothing is written."""
    user = [(Barrier.model_validate_json(r), o) for r, o in ledger.barriers.records()]
    taken = {b.id for b, _ in user}
    records = user + [(b, DEFAULT_ORIGIN) for b in _shipped(ledger) if b.id not in taken]
    return sorted(records, key=lambda r: (r[0].mast, r[0].id))


# --- the value at stake -------------------------------------------------------------------


@dataclass(frozen=True)
class TradeAtStake:
    """Actual trade in a barrier's codes between one exporter and one importer in one year."""

    exporter: str
    importer: str
    year: int
    value_usd: float
    source: str
    hs_rev: str
    level: int
    upper_bound: bool  # some codes are finer than the data: their whole heading was counted
    status: str = "complete"  # of the figure the rows belong to (see corridor.ledger.FlowValue)


def trade_in_codes(
    ledger: Ledger, exporter: str, importer: str, codes: tuple[str, ...]
) -> TradeAtStake | None:
    """Trade from ``exporter`` to ``importer`` in ``codes`` (prefixes), latest complete year.

    The exporter's product-level exports are used when the ledger holds them, else the importer's
    imports. ``None`` when neither side has usable product rows for any year.
    """
    for reporter, partner, flow in ((exporter, importer, "export"), (importer, exporter, "import")):
        for year in ledger.flows.product_years(reporter, partner, flow):
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
            found = ledger.flows.value(
                reporter=reporter, partner=partner, flow=flow, period=period, totals=False
            ).found
            if found is None:
                continue
            within = ledger.flows.value_in_codes(
                found, reporter=reporter, partner=partner, flow=flow, codes=codes
            )
            return TradeAtStake(
                exporter=exporter,
                importer=importer,
                year=year,
                value_usd=within.value_usd,
                source=found.label,
                hs_rev=within.hs_rev,
                level=found.finest,
                upper_bound=within.upper_bound,
                status=found.status,
            )
    return None


@dataclass(frozen=True)
class BarrierView:
    """A barrier with the trade value at stake: the JSON of ``corridor barriers``."""

    id: str
    title: str
    imposing: str
    affected: tuple[str, ...]
    mast: str
    mast_title: str
    hs_rev: str | None
    hs_codes: tuple[str, ...]
    crossings: tuple[str, ...]
    status: str
    start: str | None
    end: str | None
    legal_ref: str | None
    description: str
    source: dict[str, Any]
    origin: str
    trade_at_stake_usd: float | None
    trade_at_stake: tuple[dict[str, Any], ...]
    untapped_potential_usd: float | None
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def trade_pairs(
    b: Barrier, members: dict[str, tuple[str, ...]], region_country: dict[str, str]
) -> list[tuple[str, str]]:
    """(exporter, importer) country pairs whose trade the measure touches.

    A bloc stands for its members; a region for its country (the ledger's product rows are
    national).
    """

    def expand(code: str) -> tuple[str, ...]:
        if code in members:
            return members[code]
        return (region_country.get(code, code),)

    imposing = expand(b.imposing)
    pairs = []
    for affected in b.affected:
        for a in expand(affected):
            for m in imposing:
                if a == m:
                    continue
                pairs.append((m, a) if b.is_export_measure else (a, m))
    return pairs


def barrier_views(
    ledger: Ledger, untapped: dict[tuple[str, str], dict[str, float]] | None = None
) -> list[BarrierView]:
    """Every stored barrier with its trade at stake (and untapped potential when given).

    ``untapped`` maps (exporter, market) to {HS code: untapped potential in USD}, as computed by
    :mod:`corridor.trade.opportunities`; codes match a barrier's codes by prefix.
    """
    codes = ntm_codes()
    members = blocs()
    region_country = ledger.codes.region_countries()
    views = []
    for b, origin in stored_barriers(ledger):
        notes: list[str] = []
        stakes: list[TradeAtStake] = []
        untapped_total: float | None = None
        if not b.hs_codes:
            notes.append("not product-specific: no trade value is attributed")
        else:
            for exporter, importer in trade_pairs(b, members, region_country):
                found = trade_in_codes(ledger, exporter, importer, b.hs_codes)
                if found is None:
                    notes.append(
                        f"no complete product-level trade {exporter}→{importer} in the ledger"
                    )
                    continue
                stakes.append(found)
                if found.status == "unverified":
                    notes.append(
                        f"{exporter}→{importer}: {found.source} is unverified (no independent "
                        "reference to check its completeness)"
                    )
                if found.upper_bound:
                    notes.append(
                        f"{exporter}→{importer}: data at HS{found.level}, coarser than some codes; "
                        "their whole heading was counted (an upper bound)"
                    )
                if b.hs_rev and found.hs_rev != b.hs_rev:
                    notes.append(
                        f"codes are {b.hs_rev}, data {found.hs_rev}: "
                        "matched by code, no concordance"
                    )
                pot = (untapped or {}).get((exporter, importer))
                if pot is not None:
                    hit = [
                        v
                        for code, v in pot.items()
                        if any(code.startswith(c) or c.startswith(code) for c in b.hs_codes)
                    ]
                    untapped_total = (untapped_total or 0.0) + float(sum(hit))
        views.append(
            BarrierView(
                id=b.id,
                title=b.title,
                imposing=b.imposing,
                affected=b.affected,
                mast=b.mast,
                mast_title=mast_title(b.mast, codes) or "",
                hs_rev=b.hs_rev,
                hs_codes=b.hs_codes,
                crossings=b.crossings,
                status=b.status,
                start=b.start.isoformat() if b.start else None,
                end=b.end.isoformat() if b.end else None,
                legal_ref=b.legal_ref,
                description=b.description,
                source=b.source.model_dump(mode="json"),
                origin=origin,
                trade_at_stake_usd=sum(s.value_usd for s in stakes) if stakes else None,
                trade_at_stake=tuple(asdict(s) for s in stakes),
                untapped_potential_usd=untapped_total,
                notes=tuple(notes),
            )
        )
    return views
