"""Mirror statistics: what A says it exported to B beside what B says it imported from A.

Reconciliation follows the two steps of CEPII's BACI (Gaulier & Zignago 2010, *BACI:
International Trade Database at the Product-Level*, CEPII WP 2010-23), with two stated
simplifications:

1. **CIF/FOB.** Imports are valued c.i.f., exports f.o.b.; the import report is brought to f.o.b.
   as M / (1 + m). BACI estimates m flow by flow with a gravity model; here m is one parameter
   (``data/trade/mirror.yaml``, or ``--cif-fob``).
2. **Reliability weights.** BACI regresses the absolute log discrepancy |ln(M_fob / X)| of all
   mirror pairs on exporter and importer effects and weights each report by the other side's
   unreliability. Here each country gets one effect r whatever its role, fitted by least squares
   on d_ij = r_i + r_j over every mirror pair the ledger holds for the period (all reporters, by
   chapter where both sides report chapters, else totals). The exporter's report gets the weight
   w = r_importer / (r_exporter + r_importer). When the pairs cannot separate the countries — a
   single bilateral pair never can, since both of its discrepancies involve both countries —
   there is no reconciled value (None, and the result says why): an average with equal weights
   is no documented method.

Reconciled value = w · X + (1 − w) · M / (1 + m).

The gap is **explained, not averaged**: by HS chapter where both sides' product rows are held
(``by_chapter``), each chapter with both sides' tonnes and unit values where the rows carry
quantities (does the gap come from volumes or from prices?) and its share of the gap; the
chapters' gaps sum to the gap of their totals. The known causes of a mirror gap, and what the
data can and cannot separate of each, are data (``causes`` in ``data/trade/mirror.yaml``) and
come with every result.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from corridor.frames import records_frame

if TYPE_CHECKING:
    import pandas as pd
from corridor.errors import DataGapError, InputError
from corridor.ledger import FlowValue, Ledger
from corridor.periods import Period
from corridor.yaml_files import load_yaml


@dataclass(frozen=True)
class MirrorParams:
    """The reconciliation's parameters and where they come from."""

    cif_fob_margin: float
    cif_fob_source: str
    #: the known causes of a mirror gap: ``name``, ``what`` it is, what the data can
    #: ``separate`` of it
    causes: tuple[dict[str, str], ...] = ()

    @classmethod
    def read(cls, path: Path) -> MirrorParams:
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
            causes = tuple(
                {k: str(c[k]) for k in ("name", "what", "separate")}
                for c in raw.get("causes") or []
            )
            params = cls(float(raw["cif_fob_margin"]), str(raw["cif_fob_source"]), causes)
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"cannot read the mirror parameters: {exc}", file=str(path)) from exc
        if not 0 <= params.cif_fob_margin < 1:
            raise InputError("cif_fob_margin must be between 0 and 1", file=str(path))
        return params


@dataclass(frozen=True)
class MirrorRow:
    """One direction of trade (exporter → importer), for the total or one chapter."""

    exporter: str
    importer: str
    code: str  # TOTAL or an HS chapter
    exports_reported_usd: float | None  # by the exporter, f.o.b.
    imports_reported_usd: float | None  # by the importer, c.i.f.
    exports_source: str | None
    imports_source: str | None
    gap_usd: float | None  # imports − exports
    gap_pct: float | None  # relative to exports
    imports_fob_usd: float | None
    gap_fob_usd: float | None
    gap_fob_pct: float | None
    exporter_weight: float | None
    reconciled_usd: float | None
    # a chapter's tonnes by each side (None: not held for every row) and its unit values
    exports_tonnes: float | None = None
    imports_tonnes: float | None = None
    exports_usd_per_t: float | None = None
    imports_fob_usd_per_t: float | None = None
    share_of_gap_pct: float | None = None  # a chapter's part of its direction's gap at FOB


@dataclass(frozen=True)
class TurnoverRow:
    """Both sides' reported turnover (both include c.i.f. imports: no adjustment is made)."""

    reporter: str
    turnover_usd: float | None
    source: str | None
    status: str | None = None


@dataclass(frozen=True)
class MirrorResult:
    a: str
    b: str
    period_start: str
    period_end: str
    rows: tuple[MirrorRow, ...]
    turnover: tuple[TurnoverRow, ...]
    method: dict[str, Any]
    notes: tuple[str, ...] = field(default=())
    explain: tuple[str, ...] = field(default=())
    causes: tuple[dict[str, str], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_frame(self) -> pd.DataFrame:
        """Each direction (and chapter) as a row: both sides' figures and the gap (pandas)."""
        return records_frame(self.rows)


def _label(v: FlowValue | None) -> str | None:
    return None if v is None else v.source


def reliability(discrepancies: list[tuple[str, str, float]]) -> dict[str, float] | None:
    """Country effects r from d_ij = r_i + r_j (least squares); None if not identifiable."""
    countries = sorted({c for i, j, _ in discrepancies for c in (i, j)})
    if not discrepancies or len(discrepancies) < len(countries):
        return None
    index = {c: k for k, c in enumerate(countries)}
    design = np.zeros((len(discrepancies), len(countries)))
    for row, (i, j, _) in enumerate(discrepancies):
        design[row, index[i]] += 1
        design[row, index[j]] += 1
    if np.linalg.matrix_rank(design) < len(countries):
        return None
    effects, *_ = np.linalg.lstsq(design, np.array([d for _, _, d in discrepancies]), rcond=None)
    return {c: max(float(effects[index[c]]), 1e-9) for c in countries}


def _all_discrepancies(
    ledger: Ledger, period: Period, margin: float
) -> list[tuple[str, str, float]]:
    """|ln(M_fob / X)| for every exporter–importer pair with both reports over the period."""
    return [
        (i, j, abs(math.log(m / (1 + margin) / x)))
        for i, j, x, m in ledger.flows.mirror_pairs(period)
    ]


def _direction(
    ledger: Ledger,
    exporter: str,
    importer: str,
    period: Period,
    margin: float,
    weights: dict[str, float] | None,
    explain: list[str],
) -> MirrorRow:
    x = ledger.flows.value(reporter=exporter, partner=importer, flow="export", period=period).found
    m = ledger.flows.value(reporter=importer, partner=exporter, flow="import", period=period).found
    explain.extend(
        v.explain(f"{name} of {exporter}→{importer}")
        for name, v in (("exports", x), ("imports", m))
        if v is not None
    )
    return _row(
        exporter,
        importer,
        "TOTAL",
        x.value_usd if x else None,
        m.value_usd if m else None,
        _label(x),
        _label(m),
        margin,
        weights,
    )


def _row(
    exporter: str,
    importer: str,
    code: str,
    xv: float | None,
    mv: float | None,
    xs: str | None,
    ms: str | None,
    margin: float,
    weights: dict[str, float] | None,
) -> MirrorRow:
    mfob = None if mv is None else mv / (1 + margin)
    gap = gap_pct = gap_fob = gap_fob_pct = w = reconciled = None
    if xv is not None and mv is not None:
        assert mfob is not None
        gap, gap_fob = mv - xv, mfob - xv
        if xv > 0:
            gap_pct, gap_fob_pct = 100 * gap / xv, 100 * gap_fob / xv
        if weights and exporter in weights and importer in weights:
            w = weights[importer] / (weights[exporter] + weights[importer])
            reconciled = w * xv + (1 - w) * mfob
    return MirrorRow(
        exporter,
        importer,
        code,
        xv,
        mv,
        xs,
        ms,
        gap,
        gap_pct,
        mfob,
        gap_fob,
        gap_fob_pct,
        w,
        reconciled,
    )


def _by_chapter(
    ledger: Ledger,
    exporter: str,
    importer: str,
    period: Period,
    margin: float,
    weights: dict[str, float] | None,
) -> list[MirrorRow]:
    x = ledger.flows.value(
        reporter=exporter, partner=importer, flow="export", period=period, totals=False
    ).found
    m = ledger.flows.value(
        reporter=importer, partner=exporter, flow="import", period=period, totals=False
    ).found
    if x is None or m is None:
        missing = [
            f"{exporter}'s exports" if x is None else "",
            f"{importer}'s imports" if m is None else "",
        ]
        raise DataGapError(
            f"a decomposition by chapter needs product rows from both sides for {period.label}: "
            f"{' and '.join(s for s in missing if s)} are not in the ledger at product level"
        )
    xs = ledger.flows.chapter_values(x, reporter=exporter, partner=importer, flow="export")
    ms = ledger.flows.chapter_values(m, reporter=importer, partner=exporter, flow="import")
    xt = ledger.flows.chapter_tonnes(x, reporter=exporter, partner=importer, flow="export")
    mt = ledger.flows.chapter_tonnes(m, reporter=importer, partner=exporter, flow="import")
    rows = [
        _row(
            exporter,
            importer,
            ch,
            float(xs[ch]) if ch in xs else None,
            float(ms[ch]) if ch in ms else None,
            x.source,
            m.source,
            margin,
            weights,
        )
        for ch in sorted(set(xs) | set(ms))
    ]
    return decompose(rows, xt, mt)


def decompose(
    rows: list[MirrorRow],
    exporter_tonnes: dict[str, float | None],
    importer_tonnes: dict[str, float | None],
) -> list[MirrorRow]:
    """Chapter rows with both sides' tonnes and unit values, and each chapter's share of the
    sum of the gaps at FOB of the chapters both sides report (a chapter only one side reports
    has no gap: the other side's figure for it is unknown, not zero)."""
    total = sum(r.gap_fob_usd or 0.0 for r in rows)
    out = []
    for r in rows:
        xt, mt = exporter_tonnes.get(r.code), importer_tonnes.get(r.code)
        out.append(
            replace(
                r,
                exports_tonnes=xt,
                imports_tonnes=mt,
                exports_usd_per_t=(r.exports_reported_usd or 0.0) / xt if xt else None,
                imports_fob_usd_per_t=(r.imports_fob_usd or 0.0) / mt if mt else None,
                share_of_gap_pct=(
                    100 * r.gap_fob_usd / total if total and r.gap_fob_usd is not None else None
                ),
            )
        )
    return out


def mirror(
    ledger: Ledger,
    *,
    a: str,
    b: str,
    period: Period,
    params: MirrorParams,
    by_chapter: bool = False,
) -> MirrorResult:
    """Both directions of trade between ``a`` and ``b``: raw, CIF/FOB-adjusted, reconciled."""
    a, b = ledger.codes.country(a), ledger.codes.country(b)
    margin = params.cif_fob_margin
    notes: list[str] = []
    pairs = _all_discrepancies(ledger, period, margin)
    weights = reliability(pairs)
    if weights is None:
        notes.append(
            f"no reconciled value: the reporters' reliability is not identifiable from the "
            f"{len(pairs)} mirror pair(s) held for {period.label} (one bilateral pair can never "
            "separate its two reporters, and an equal-weight average is no method); load other "
            "reporters' data with their partners to estimate it (BACI's method)"
        )
    explain: list[str] = []
    rows = [
        _direction(ledger, a, b, period, margin, weights, explain),
        _direction(ledger, b, a, period, margin, weights, explain),
    ]
    if by_chapter:
        rows += _by_chapter(ledger, a, b, period, margin, weights)
        rows += _by_chapter(ledger, b, a, period, margin, weights)
    turnover = []
    for side, other in ((a, b), (b, a)):
        t = ledger.flows.turnover(side, other, period, None)
        turnover.append(TurnoverRow(side, t.value_usd, t.source, t.status))
    if all(
        r.exports_reported_usd is None and r.imports_reported_usd is None for r in rows[:2]
    ) and all(t.turnover_usd is None for t in turnover):
        raise DataGapError(f"the ledger holds neither side's {a}–{b} trade for {period.label}")
    for r in rows[:2]:
        if r.gap_usd is None:
            missing = "exports" if r.exports_reported_usd is None else "imports"
            who = r.exporter if missing == "exports" else r.importer
            notes.append(f"{r.exporter}→{r.importer}: no {who} {missing} report for {period.label}")
    method = {
        "reference": "Gaulier & Zignago (2010), CEPII WP 2010-23 (BACI), simplified: see "
        "docs/methods.md",
        "cif_fob_margin": margin,
        "cif_fob_source": params.cif_fob_source,
        "reliability": (
            {c: round(r, 6) for c, r in weights.items()} if weights else "not identifiable"
        ),
        "pairs_used_for_reliability": len(pairs),
    }
    return MirrorResult(
        a,
        b,
        period.start.isoformat(),
        period.end.isoformat(),
        tuple(rows),
        tuple(turnover),
        method,
        tuple(notes),
        tuple(explain),
        params.causes,
    )
