"""The dashboard: filters (period, product level, direction, lever), figures, chart and map."""

from __future__ import annotations

import threading
from collections.abc import Callable
from html import escape
from typing import Any

from markupsafe import Markup

from corridor.errors import CorridorError
from corridor.ledger import Ledger
from corridor.network.scenario import ResolvedScenario, read_overlay
from corridor.planning import resolve_scenario, simulate
from corridor.report import (
    MAP_LAYERS,
    crossing_map,
    hbar_chart,
    map_points,
    model_match_html,
    opening_period,
    queue_chart,
    render_page,
    short_description,
    side_years,
    turnover_chart,
)
from corridor.session import Session
from corridor.sim.run import SimReport
from corridor.sim.settings import RunSettings
from corridor.trade import parse_period, trade_summary


def _bn(v: float | None) -> str:
    return "–" if v is None else f"US$ {v / 1e9:,.2f} bn"


def _simulation(
    cur: Ledger, session: Session, lever: str | None, cache: dict[str, Any]
) -> tuple[ResolvedScenario, SimReport]:
    """The scenario's run with the standard settings (kept in the run store and shared with the
    report, ``corridor simulate`` and the API)."""
    ws = session.workspace
    key = lever or ""
    if key not in cache:
        levers = (ws.lever(lever),) if lever else ()
        resolved = resolve_scenario(cur, ws.baseline, levers)
        report = simulate(session, resolved, RunSettings(), version=cur.version())[0]
        cache[key] = (resolved, report)
    return cache[key]  # type: ignore[no-any-return]


def validation_view(session: Session) -> dict[str, Any] | None:
    """The stored validation (``corridor validate --rolling-origin --store``): what the
    report, ``corridor validate``, the dashboard's section and ``GET /api/validation`` show."""
    from corridor.planning.validate import stored_validation

    return stored_validation(session.workspace)


def model_match_page_fragment(session: Session, namer: Callable[[str], str] | None = None) -> str:
    """The "how well the model matches the border" section (the report's own function; ``namer``
    writes ids and codes as names)."""
    return model_match_html(validation_view(session), namer)


def levers_fragment(
    cur: Ledger,
    session: Session,
    cache: dict[str, Any],
    namer: Callable[[str], str] | None = None,
) -> str:
    """The dashboard's lever comparison: the report's levers, from the report's own function."""
    from corridor.report import lever_table_html, lever_worth

    name = namer or (lambda text: text)
    if "levers" not in cache:
        worth = lever_worth(session, ledger=cur)
        if not worth.comparison:
            return f'<p class="warn">{escape(name(worth.note))}</p>'
        note = f'<p class="warn">trade: {escape(name(worth.note))}</p>' if worth.note else ""
        cache["levers"] = lever_table_html(worth.comparison, worth.responses, namer) + note
    html: str = cache["levers"]
    return html


_LEVELS = {"section": "HS section", "chapter": "HS chapter", "hs4": "HS heading"}


def dashboard_page(
    cur: Ledger,
    session: Session,
    *,
    period: str | None,
    by: str,
    direction: str,
    product: str,
    lever: str | None,
    cache: dict[str, Any],
    names: dict[str, str] | None = None,
    namer: Callable[[str], str] | None = None,
) -> str:
    """The dashboard HTML for the filters given (``names``: codes and ids → names; ``namer``:
    the page's names inside the library's sentences); with no ``period``, the latest year both
    sides report, the year the report opens on."""
    names = names or {}
    ws = session.workspace
    a, b = ws.pair
    errors: list[str] = []
    cards: list[dict[str, str]] = []
    chart = no_chart = source = basis = ""
    years = side_years(cur, a, b)
    if period is None:
        period, basis = opening_period(years, a, b, names)
    try:
        s = trade_summary(
            cur,
            reporter=a,
            partner=b,
            period=parse_period(period),
            by=by,  # type: ignore[arg-type]
        )
        cards = [
            {"label": label, "id": key, "value": _bn(value), "basis": "", "warning": ""}
            for label, key, value in (
                ("Turnover", "turnover", s.turnover_usd),
                ("Exports", "exports", s.exports_usd),
                ("Imports", "imports", s.imports_usd),
            )
        ]
        if s.growth_pct is not None:
            unlike = any(n.startswith("growth compares") for n in s.notes)
            cards.append(
                {
                    "label": "Growth",
                    "id": "growth",
                    "value": f"{s.growth_pct:+.1f} %",
                    "basis": s.sources.get("growth_pct", ""),
                    "warning": "different sources: not like with like" if unlike else "",
                }
            )
        every = s.breakdown_exports if direction == "exports" else s.breakdown_imports
        rows = [r for r in every if r.code.startswith(product)][:12]
        within = f" within HS {product}" if product else ""
        if rows:
            to = "to" if direction == "exports" else "from"
            chart = hbar_chart(
                tuple(f"{r.code} {short_description(r.description)}" for r in rows),
                tuple(r.value_usd for r in rows),
                unit="US$ bn",
                scale=1e9,
                label=f"{names.get(a, a)}'s {direction} {to} {names.get(b, b)} by {_LEVELS[by]}"
                f"{within}, {s.period_start}–{s.period_end}",
                source=s.source,
                tips=tuple(f"{r.code} {r.description}" for r in rows),
            )
        else:
            no_chart = (
                f"No {_LEVELS[by]} breakdown of {direction} for {s.period_start}–"
                f"{s.period_end}: the figures above come from {s.source}, which has no product "
                f"rows for this period{within}."
            )
        source = s.source
    except CorridorError as exc:
        errors.append(str(exc))
    try:
        over_time = turnover_chart(years, a, b, names)
    except CorridorError as exc:
        over_time = f'<p class="warn">{escape((namer or str)(str(exc)))}</p>'
    the_map = queues = ""
    try:
        resolved, report = _simulation(cur, session, lever, cache)
        queues = queue_chart(report, names)
        points = map_points(resolved.network.crossings, report.stations)
        title = "Crossings: utilisation" + (
            f" with {read_overlay(ws.lever(lever)).title}" if lever else " (baseline)"
        )
        the_map = crossing_map(
            ws.boundaries,
            points,
            highlight=ws.pair,
            title=title,
            source=f"{MAP_LAYERS} Network as of {report.as_of}; simulated {report.settings.words}.",
        )
    except CorridorError as exc:
        errors.append(str(exc))
    # computed once per ledger contents: until then fetched after the page, not before it
    match = Markup(model_match_page_fragment(session, namer)) if "validation" in cache else None
    return render_page(
        "dashboard.html.j2",
        namer=namer,
        name_a=names.get(a, a),
        name_b=names.get(b, b),
        period=period,
        period_basis=basis,
        levels=list(_LEVELS),
        level_names=_LEVELS,
        by=by,
        product=product,
        direction=direction,
        levers=ws.lever_names(),
        lever=lever,
        lever_titles=ws.lever_titles(),
        errors=errors,
        cards=cards,
        source=source,
        over_time=Markup(over_time),
        chart=Markup(chart),
        no_chart=no_chart,
        the_map=Markup(the_map),
        queues=Markup(queues),
        match=match,
        sections=REPORT_SECTIONS,
    )


def _describe_request(request: dict[str, Any]) -> str:
    """``Levers: road-24-7 · 90 days after 30 warm-up × 3 replications, seed 1``."""
    levers = ", ".join(request.get("levers") or []) or "none (the baseline)"
    kind = "each lever against the baseline" if request.get("kind") == "compare" else "together"
    settings = RunSettings(
        request["days"], request["replications"], request["seed"], request["warmup_days"]
    )
    return f"Levers: {levers} ({kind}) · {settings.words}" + (
        f" · trade year {request['year']}" if request.get("year") else ""
    )


def run_page(view: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """A run's page: progress while it runs (refreshing itself), results when done; crossings
    and countries by name (``names``: id or ISO3 → name)."""
    names = names or {}
    status = view["status"]

    def way(s: dict[str, Any]) -> str:
        a, b = s.get("exit_country"), s.get("entry_country")
        if a and b:
            return f"{names.get(a, a)} → {names.get(b, b)}"
        return str(s.get("direction", ""))

    rows = [
        {
            "crossing": names.get(s["crossing"], s["crossing"]),
            "way": way(s),
            "wait": s["wait_mean_h"],
            "utilisation": s["utilisation"],
            "throughput": s["throughput_per_day"],
            "backlog": s["backlog"],
        }
        for s in (view["result"]["stations"] if status == "done" else ())
    ]
    return render_page(
        "run.html.j2",
        id=view["id"],
        status=status,
        refresh=status in ("queued", "running"),
        description=_describe_request(view["request"]),
        done=view["done"],
        total=view["total"] or 0,
        rows=rows,
        error=(view["error"] or "failed") if status == "failed" else "",
    )


#: the report's sections the dashboard shows (anchor → heading), after its own figures
REPORT_SECTIONS = {
    "mirror": "Both sides' numbers",
    "mirror-table": "Mirror statistics: where the two sides differ",
    "targets": "Targets",
    "opportunities": "Export opportunities",
    "barriers": "The map of trade barriers",
    "claims": "Claims in the news",
}


def report_html(session: Session, cache: dict[str, Any]) -> str:
    """The report as ``corridor report`` writes it, computed once per ledger contents: the
    dashboard's report sections are cut from it (the same figures, from the same functions)."""
    with cache.setdefault("report-lock", threading.Lock()):  # one computation, however many ask
        if "report" not in cache:
            from corridor.report import render_report, report_data

            a, b = session.workspace.pair
            cache["report"] = render_report(report_data(session, a, b))
    html: str = cache["report"]
    return html


def report_section_fragment(session: Session, cache: dict[str, Any], anchor: str) -> str:
    """One section of the report, for the dashboard, with its tables downloadable."""
    from corridor.report import report_section

    body = report_section(report_html(session, cache), anchor)
    return body or f'<p class="small">The report has no section "{escape(anchor)}".</p>'
