"""Render the report to one self-contained HTML file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from corridor import __version__
from corridor.errors import CorridorError
from corridor.files import write_text_atomically
from corridor.ledger import read_manifest
from corridor.report._data import ReportData, SideYear, report_data
from corridor.report._map import MAP_LAYERS, crossing_map, map_points
from corridor.report._names import Namer
from corridor.report._queues import queue_chart
from corridor.report._summary import crossing_names, lever_titles, plural, sparkline, summary, tiles
from corridor.report._svg import Series, bar_chart, fan_chart
from corridor.report._templates import UNITS, short_title, template
from corridor.report._validation import model_match_html
from corridor.report.pdf import PAPER_CSS
from corridor.session import Session
from corridor.sim.compare import HOURS_OF
from corridor.workspace import Workspace


def names_of(data: ReportData) -> dict[str, str]:
    """Country codes and crossing ids → names."""
    return data.names | crossing_names(data)


def _turnover_chart(data: ReportData) -> str:
    return turnover_chart(data.years, data.a, data.b, data.names)


def turnover_chart(side_years: tuple[SideYear, ...], a: str, b: str, names: dict[str, str]) -> str:
    """Turnover by year as each side reports it (the report's and the dashboard's chart)."""
    years = sorted({y.year for y in side_years})
    series = []
    for side in (a, b):
        by_year: dict[int, SideYear] = {y.year: y for y in side_years if y.reporter == side}
        values = tuple(by_year[yr].turnover_usd if yr in by_year else None for yr in years)
        unsure = tuple(yr in by_year and by_year[yr].status == "unverified" for yr in years)
        series.append(Series(f"{names.get(side, side)}-reported", values, unsure))
    return bar_chart(
        tuple(str(y) for y in years),
        tuple(series),
        unit="US$ bn",
        scale=1e9,
        label=f"{names.get(a, a)}–{names.get(b, b)} trade turnover by year, as each side "
        "reports it",
        source="the ledger's figure for each side and year (the same as `corridor trade "
        "summary`); no bar: no source shows the year complete",
        hatch_label="unverified: no independent reference to check it against",
    )


def _crossings_map(data: ReportData) -> str:
    if not data.comparison or not data.crossings:
        return ""
    return crossing_map(
        Workspace.of().boundaries,
        map_points(data.crossings, data.comparison[0].stations),
        highlight=(data.a, data.b),
        title="Border crossings: utilisation of the busier direction (baseline scenario)",
        source=f"{MAP_LAYERS} Positions: the network file (several approximate). Loads: corridor "
        "simulation, " + data.simulation_note,
    )


def _scenario_chart(data: ReportData) -> str:
    if not data.comparison or any(not r.wait_hours_by_mode for r in data.comparison):
        return ""
    titles = lever_titles(data)
    names = tuple(titles.get(r.scenario, r.scenario) for r in data.comparison)
    modes = [m for m in HOURS_OF if any(m in r.wait_hours_by_mode for r in data.comparison)]
    return bar_chart(
        names,
        tuple(
            Series(
                HOURS_OF[m],
                tuple(
                    r.wait_hours_by_mode[m].mean if m in r.wait_hours_by_mode else None
                    for r in data.comparison
                ),
                tuple(False for _ in names),
            )
            for m in modes
        ),
        unit="hours a year (thousands)",
        scale=1e3,
        label="Hours of waiting a year at all crossings, by scenario: trucks and trains apart",
        source="corridor simulation, " + data.simulation_note,
    )


def render_report(data: ReportData, *, paper: str = "a4") -> str:
    """The report's HTML text (``paper``: the printed page size, ``a4`` or ``letter``)."""
    try:
        manifest = read_manifest(Workspace.default().ledger_data).files
    except CorridorError:
        manifest = []
    page = template("report.html.j2")
    mirror = []
    by_side = {(y.reporter, y.year): y for y in data.years if y.turnover_usd}
    for year in sorted({y.year for y in data.years}):
        ya, yb = by_side.get((data.a, year)), by_side.get((data.b, year))
        if ya and yb and ya.turnover_usd and yb.turnover_usd:
            gap = yb.turnover_usd - ya.turnover_usd
            mirror.append(
                {"year": year, "a": ya, "b": yb, "gap": gap, "gap_pct": 100 * gap / ya.turnover_usd}
            )
    fans = {
        t.id: fan_chart(
            t.history,
            t.fan,
            t.target_value,
            t.horizon_year,
            unit=UNITS.get(t.unit, (1.0, t.unit))[1],
            scale=UNITS.get(t.unit, (1.0, t.unit))[0],
            label=t.title,
            source="ledger series and drift-model projection (docs/methods.md); target: "
            "data/targets.yaml",
        )
        for t in data.targets
        if t.history
    }
    from corridor.trade.product_groups import scheme

    groups = {g.name: short_title(g.title) for g in scheme().groups}
    from importlib.resources import files

    page_script = files("corridor.report").joinpath("static/page.js").read_text(encoding="utf-8")
    namer = Namer(data.names, crossing_names(data), (data.a, data.b, "WLD"))
    html = page.render(
        # the library's sentences carry codes and ids: this page names them (no code where a
        # name exists), every insertion of text through the template's finaliser
        namer=namer,
        d=data,
        page_script=page_script.replace("</", "<\\/"),
        group_names=groups,
        barrier_titles={b.id: b.title for b in data.barriers},
        summary=summary(data),
        tiles=tiles(data),
        sparkline=sparkline,
        page_size=PAPER_CSS.get(paper, "A4"),
        crossing_names=crossing_names(data),
        lever_titles=lever_titles(data),
        hours_of=HOURS_OF,
        plural=plural,
        fans=fans,
        chart=_turnover_chart(data),
        crossing_map=_crossings_map(data),
        scenario_chart=_scenario_chart(data),
        model_match=model_match_html(data.validation, namer),
        queues="" if data.baseline is None else queue_chart(data.baseline, names_of(data)),
        mirror=mirror,
        manifest=manifest,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
    )
    return html


def write_report(
    session: Session,
    out: Path,
    *,
    a: str | None = None,
    b: str | None = None,
    paper: str = "a4",
) -> Path:
    """Write the report for the pair ``a``–``b`` (default: the default dataset's pair)."""
    if a is None or b is None:
        pair = session.workspace.pair
        a, b = a or pair[0], b or pair[1]
    html = render_report(report_data(session, a, b), paper=paper)
    return write_text_atomically(Path(out), html)
