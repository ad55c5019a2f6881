"""The report's first screen: one line per question a minister asks, each linked to its section.

Every figure here is read from :class:`~corridor.report._data.ReportData`, the object the
sections below it show, so the summary and the sections cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from corridor.report._levers import lever_title, short_description
from corridor.report._validation import headline
from corridor.sim.compare import HOURS_OF

if TYPE_CHECKING:
    from corridor.report._data import ReportData, SideYear


@dataclass(frozen=True)
class Line:
    """One line of the summary: a heading, the sentence, and the section it comes from."""

    topic: str
    text: str
    href: str


@dataclass(frozen=True)
class Tile:
    """One figure of the first screen: what it is, the number, a line under it, where it comes
    from, and (for a series) a sparkline's points (year, value)."""

    label: str
    value: str
    note: str
    href: str
    series: tuple[tuple[int, float], ...] = ()
    tone: str = ""  # "good", "warn", "bad" or ""


def sparkline(series: tuple[tuple[int, float], ...], width: int = 120, height: int = 28) -> str:
    """A small SVG line of ``series`` (no axes: the tile's figure is its last point)."""
    if len(series) < 2:
        return ""
    xs = [x for x, _ in series]
    ys = [y for _, y in series]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = (x1 - x0) or 1, (y1 - y0) or 1

    def at(x: float, y: float) -> str:
        px = 2 + (x - x0) / span_x * (width - 4)
        py = height - 2 - (y - y0) / span_y * (height - 4)
        return f"{px:.1f},{py:.1f}"

    pts = " ".join(at(x, y) for x, y in series)
    last_x, last_y = pts.split()[-1].split(",")
    return (
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-hidden="true"><polyline points="{pts}" fill="none" stroke="#4e79a7" '
        f'stroke-width="1.5"/><circle cx="{last_x}" cy="{last_y}" r="2.2" fill="#4e79a7"/></svg>'
    )


def tiles(data: ReportData) -> tuple[Tile, ...]:
    """The first screen's figures before its sentences: each side's turnover with its series,
    each money target's status and by whose statistics, the crossing that binds first and its
    queue, the lever worth the most trade (each left out when its data are missing)."""
    out: list[Tile] = []
    name = data.names.get
    for side in (data.a, data.b):
        series = tuple(
            sorted(
                (y.year, y.turnover_usd)
                for y in data.years
                if y.reporter == side and y.turnover_usd and y.year
            )
        )
        if series:
            year, value = series[-1]
            out.append(
                Tile(
                    f"Trade by {name(side, side)}'s statistics",
                    _bn(value),
                    f"{year}; {series[0][0]}–{year} in the line",
                    "#mirror",
                    series,
                )
            )
    for t in data.targets:
        if t.unit != "USD":
            continue
        met = [s.basis for s in t.sides if s.met_year is not None]
        by = f"met by {', '.join(met)} data" if met else "not met by either side's data"
        chance = f"P(meet) {100 * t.p_meet:.0f} %; " if t.p_meet is not None else ""
        tone = {"met": "good", "on track": "good", "off track": "bad"}.get(t.status, "warn")
        out.append(Tile(t.title, t.status, f"{chance}{by}", "#targets", tone=tone))
    if data.baseline is not None and data.baseline.stations:
        s = min(
            data.baseline.stations,
            key=lambda q: (q.overload is None, -q.stats["utilisation"].mean),
        )
        where = crossing_names(data).get(s.crossing, s.crossing)
        queue = s.stats.get("queue_mean")
        wait = s.stats["wait_mean_h"].mean
        out.append(
            Tile(
                "The crossing that binds first",
                where,
                f"{direction(data, s.exit_country, s.entry_country)}: "
                f"{100 * s.stats['utilisation'].mean:.0f} % utilised, mean queue "
                + (f"{queue.mean:,.0f} vehicles, " if queue is not None else "")
                + f"wait {wait:,.1f} h",
                "#crossings",
                tone="bad" if s.overload is not None else "",
            )
        )
    titles = lever_titles(data)
    worth = [
        r for r in data.trade_response if r.trade_change_usd is not None and not r.below_resolution
    ]
    if worth:
        best = max(worth, key=lambda r: r.trade_change_usd.mean if r.trade_change_usd else 0.0)
        assert best.trade_change_usd is not None
        e = best.trade_change_usd
        out.append(
            Tile(
                "The lever worth the most trade",
                f"US${e.mean / 1e6:,.0f} m a year",
                f"{titles.get(best.scenario, best.scenario)} "
                f"({e.ci_low / 1e6:,.0f}–{e.ci_high / 1e6:,.0f})",
                "#trade-worth",
                tone="good",
            )
        )
    return tuple(out)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 contradiction``, ``2 contradictions``."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _bn(v: float) -> str:
    return f"US${v / 1e9:,.1f} bn"


def _m(v: float) -> str:
    return f"US${v / 1e6:,.0f} m"


def crossing_names(data: ReportData) -> dict[str, str]:
    """Crossing id → its name in the network file."""
    return {c.id: c.name for c in data.crossings}


def direction(data: ReportData, exit_country: str, entry_country: str) -> str:
    """``Kazakhstan → China``."""
    name = data.names.get
    return f"{name(exit_country, exit_country)} → {name(entry_country, entry_country)}"


def lever_titles(data: ReportData) -> dict[str, str]:
    """Scenario name (``baseline+road-24-7``) → its levers' titles."""
    return {r.scenario: lever_title(r) or "baseline" for r in data.comparison}


def summary(data: ReportData) -> tuple[Line, ...]:
    """The lines of the first screen (a line is left out when its data are missing)."""
    lines: list[Line] = []
    name = data.names.get
    both: dict[int, dict[str, SideYear]] = {}
    for y in data.years:
        if y.turnover_usd:
            both.setdefault(y.year, {})[y.reporter] = y
    years = [yr for yr, sides in both.items() if data.a in sides and data.b in sides]
    if years:
        yr = max(years)
        ya, yb = both[yr][data.a], both[yr][data.b]
        assert ya.turnover_usd is not None and yb.turnover_usd is not None
        gap = 100 * (yb.turnover_usd - ya.turnover_usd) / ya.turnover_usd
        lines.append(
            Line(
                "Trade",
                f"In {yr}, {name(data.a, data.a)}'s statistics put trade with "
                f"{name(data.b, data.b)} at {_bn(ya.turnover_usd)}, {name(data.b, data.b)}'s at "
                f"{_bn(yb.turnover_usd)} ({gap:+.0f} %): both are shown throughout.",
                "#mirror",
            )
        )
    for t in data.targets:
        if t.unit != "USD":
            continue
        need = (
            f"; needs {t.required_cagr_pct:.1f} % a year from {t.latest_year}"
            if t.required_cagr_pct is not None and t.status != "met"
            else ""
        )
        p = f", P(meet) {100 * t.p_meet:.0f} %" if t.p_meet is not None else ""
        verdict = f" {t.verdict[:1].upper()}{t.verdict[1:]}." if t.verdict else ""
        lines.append(Line("Target", f"{t.title}: {t.status}{p}{need}.{verdict}", "#targets"))
    if data.baseline is not None:
        names = crossing_names(data)
        stations = sorted(
            data.baseline.stations,
            key=lambda s: (s.overload is None, -s.stats["utilisation"].mean),
        )
        if stations:
            s = stations[0]
            way = direction(data, s.exit_country, s.entry_country)
            where = f"{names.get(s.crossing, s.crossing)}, {way}"
            how = (
                f"overloaded by {s.overload.excess_per_day:,.0f} vehicles a day"
                if s.overload is not None
                else f"{100 * s.stats['utilisation'].mean:.0f} % utilised"
            )
            said = headline(data.validation)
            fit = f" {said}" if said else ""
            lines.append(
                Line(
                    "Border",
                    f"The border binds first at {where}: {how} ({s.limited_by} limits it).{fit}",
                    "#crossings",
                )
            )
    titles = lever_titles(data)
    trade = {r.scenario: r for r in data.trade_response}
    for r in data.comparison:
        if not r.levers:
            continue
        parts = []
        if r.difference_wait_hours_by_mode:
            moved = [
                f"{abs(d.mean):,.0f} {'fewer' if d.mean < 0 else 'more'} "
                f"{HOURS_OF.get(m, 'vehicle-hours')}"
                for m, d in r.difference_wait_hours_by_mode.items()
                if round(d.mean)
            ]
            parts.append(
                " and ".join(moved) + " of waiting a year" if moved else "no change in waiting"
            )
        elif r.overloaded:
            parts.append("leaves " + ", ".join(r.overloaded) + " overloaded")
        tr = trade.get(r.scenario)
        if tr is not None and tr.trade_change_usd is not None:
            change = tr.trade_change_usd.mean
            if tr.below_resolution:
                parts.append(f"a change in trade {tr.resolution_text}")
            elif abs(change) >= 0.5e6:
                low, high = tr.trade_change_usd.ci_low, tr.trade_change_usd.ci_high
                parts.append(
                    f"US${abs(change) / 1e6:,.0f} m a year {'more' if change > 0 else 'less'} "
                    f"trade ({low / 1e6:,.0f}–{high / 1e6:,.0f})"
                )
            else:
                parts.append("trade changes by less than US$0.5 m a year")
        if parts:
            text = f"{titles[r.scenario]}: {'; '.join(parts)}."
            lines.append(Line("Lever", text, "#trade-worth"))
    barrier_titles = {b.id: b.title for b in data.barriers}
    for o in data.opportunities[:1]:
        top = [p for p in o.products[:3] if p.untapped_usd > 0]  # the largest untapped only
        if top:
            items = "; ".join(
                f"{short_description(p.description)} ({_m(p.untapped_usd)} "
                "untapped"
                + (
                    "; barriers: " + ", ".join(barrier_titles.get(b, b) for b in p.barriers)
                    if p.barriers
                    else ""
                )
                + ")"
                for p in top
            )
            lines.append(
                Line(
                    "Exports",
                    f"{name(o.exporter, o.exporter)} → {name(o.market, o.market)}, "
                    f"{o.view} view: {plural(o.categories_untapped, 'category', 'categories')} "
                    f"worth {_bn(o.untapped_usd)} untapped; the largest: {items}.",
                    "#opportunities",
                )
            )
    staked = sorted(
        (b for b in data.barriers if b.trade_at_stake_usd),
        key=lambda b: -(b.trade_at_stake_usd or 0.0),
    )[:3]
    if staked:
        lines.append(
            Line(
                "Barriers",
                "The most trade at stake: "
                + "; ".join(f"{b.title} ({_m(b.trade_at_stake_usd or 0.0)})" for b in staked)
                + ".",
                "#barriers",
            )
        )
    if data.findings:
        bad = sum(1 for f in data.findings if f.status == "contradiction")
        gaps = sum(1 for f in data.findings if f.status == "mirror gap")
        lines.append(
            Line(
                "Claims",
                f"{plural(len(data.findings), 'check')} of published figures: "
                f"{plural(bad, 'contradiction')}"
                + (
                    f"; {plural(gaps, 'mirror gap')} between the two sides' statistics"
                    if gaps
                    else ""
                )
                + ".",
                "#claims",
            )
        )
    return tuple(lines)
