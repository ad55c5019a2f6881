"""The dashboard: filters (period, product level, direction, lever), figures, chart and map."""

from __future__ import annotations

import threading
from html import escape
from typing import Any

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
    queue_chart,
    short_description,
    side_years,
    turnover_chart,
)
from corridor.session import Session
from corridor.sim.run import SimReport
from corridor.sim.settings import RunSettings
from corridor.trade import parse_period, trade_summary

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; color: #222; max-width: 1000px; margin: 1.5em auto;
       padding: 0 1em; }
form { display: flex; gap: 1em; flex-wrap: wrap; align-items: end; background: #f5f7fa;
       padding: .6em 1em; border-radius: 6px; }
label { display: flex; flex-direction: column; font-size: .85em; color: #555; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .5em 1em; min-width: 10em; }
.card b { font-size: 1.4em; display: block; } .warn { color: #a33; } .small { color: #666; }
.chart { width: 100%; height: auto; }
table { border-collapse: collapse; margin: .4em 0 1em; font-size: .92em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .25em .6em; text-align: left;
         vertical-align: top; }
th { background: #f5f7fa; } .num { text-align: right; } .ok { color: #2a7d2a; }
a.csv { font-size: .8em; float: right; color: #36c; }
"""


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


def model_match_page_fragment(session: Session) -> str:
    """The "how well the model matches the border" section (the report's own function)."""
    return model_match_html(validation_view(session))


def levers_fragment(cur: Ledger, session: Session, cache: dict[str, Any]) -> str:
    """The dashboard's lever comparison: the report's levers, from the report's own function."""
    from corridor.report import lever_table_html, lever_worth

    if "levers" not in cache:
        worth = lever_worth(session, ledger=cur)
        if not worth.comparison:
            return f'<p class="warn">{escape(worth.note)}</p>'
        note = f'<p class="warn">trade: {escape(worth.note)}</p>' if worth.note else ""
        cache["levers"] = lever_table_html(worth.comparison, worth.responses) + note
    html: str = cache["levers"]
    return html


_LEVELS = {"section": "HS section", "chapter": "HS chapter", "hs4": "HS heading"}


def dashboard_page(
    cur: Ledger,
    session: Session,
    *,
    period: str,
    by: str,
    direction: str,
    product: str,
    lever: str | None,
    cache: dict[str, Any],
    names: dict[str, str] | None = None,
) -> str:
    """The dashboard HTML for the filters given (``names``: codes and ids → names)."""
    names = names or {}
    ws = session.workspace
    a, b = ws.pair
    levers = ws.lever_names()
    errors: list[str] = []
    figures = chart = ""
    try:
        s = trade_summary(
            cur,
            reporter=a,
            partner=b,
            period=parse_period(period),
            by=by,  # type: ignore[arg-type]
        )
        figures = "".join(
            f'<div class="card">{name}<b id="{key}">{_bn(value)}</b></div>'
            for name, key, value in (
                ("Turnover", "turnover", s.turnover_usd),
                ("Exports", "exports", s.exports_usd),
                ("Imports", "imports", s.imports_usd),
            )
        ) + (
            f'<div class="card">Growth<b id="growth">{s.growth_pct:+.1f} %</b>'
            f'<span class="small" id="growth-basis">{escape(s.sources.get("growth_pct", ""))}'
            + (
                '<br><span class="warn">different sources: not like with like</span>'
                if any(n.startswith("growth compares") for n in s.notes)
                else ""
            )
            + "</span></div>"
            if s.growth_pct is not None
            else ""
        )
        every = s.breakdown_exports if direction == "exports" else s.breakdown_imports
        rows = [r for r in every if r.code.startswith(product)][:12]
        if not rows:
            chart = (
                f'<p class="small" id="no-chart">No {escape(by)} breakdown of {direction} for '
                f"{s.period_start}–{s.period_end}: the figures above come from "
                f"{escape(s.source)}, which has no product rows for this period"
                + (f" within HS {escape(product)}" if product else "")
                + ".</p>"
            )
        if rows:
            to = "to" if direction == "exports" else "from"
            chart = hbar_chart(
                tuple(f"{r.code} {short_description(r.description)}" for r in rows),
                tuple(r.value_usd for r in rows),
                unit="US$ bn",
                scale=1e9,
                label=f"{names.get(a, a)}'s {direction} {to} {names.get(b, b)} by {_LEVELS[by]}"
                + (f" within HS {product}" if product else "")
                + f", {s.period_start}–{s.period_end}",
                source=s.source,
                tips=tuple(f"{r.code} {r.description}" for r in rows),
            )
        source = escape(s.source)
    except CorridorError as exc:
        errors.append(str(exc))
        source = ""
    try:
        over_time = turnover_chart(side_years(cur, a, b), a, b, names)
    except CorridorError as exc:
        over_time = f'<p class="warn">{escape(str(exc))}</p>'
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
    match_attr = "" if "validation" in cache else ' data-fragment="/model-match"'
    if "validation" in cache:
        match = model_match_page_fragment(session)
    else:  # computed once per ledger contents: fetched after the page, not before it
        match = (
            '<p class="small" id="model-match-wait">Simulating each observed period… '
            '(<a href="/model-match">open it on its own</a>)</p>'
        )

    def options(
        values: list[str],
        chosen: str | None,
        blank: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> str:
        out = [f'<option value="">{blank}</option>'] if blank is not None else []
        out += [
            f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>'
            f"{escape((labels or {}).get(v, v))}</option>"
            for v in values
        ]
        return "".join(out)

    lever_options = options(levers, lever, "baseline", ws.lever_titles())
    report_sections = "".join(
        f'<h2 id="{anchor}">{escape(title)}</h2>'
        f'<div class="report-section" data-fragment="/report-section/{anchor}">'
        f'<p class="small">Loading… (<a href="/report-section/{anchor}">open it on its own</a>)'
        "</p></div>"
        for anchor, title in REPORT_SECTIONS.items()
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Corridor dashboard</title><style>{_STYLE}</style></head><body>
<h1>{escape(names.get(a, a))}–{escape(names.get(b, b))} corridor</h1>
<form method="get" action="/">
<label>Period<input name="period" value="{escape(period)}" size="14"></label>
<label>Products by<select name="by">{options(["section", "chapter", "hs4"], by)}</select></label>
<label>HS code starts with<input name="product" value="{escape(product)}" size="6"></label>
<label>Direction<select name="direction">{options(["exports", "imports"], direction)}
</select></label>
<label>Scenario lever<select name="lever">{lever_options}</select></label>
<button type="submit">Show</button></form>
{"".join(f'<p class="warn">{escape(e)}</p>' for e in errors)}
<div class="cards">{figures}</div>
<p class="small">Source: {source}. Periods: 2024, 2023-H1, 2024-9M, 2023-01..2023-06.</p>
<h2>Turnover over time, as each side reports it</h2>
<div id="over-time">{over_time}</div>
<h2>Products</h2>
<div id="chart">{chart}</div>
<div id="map">{the_map}</div>
<div id="queues">{queues}</div>
<h2>What each lever is worth</h2>
<div id="lever-table" data-fragment="/levers-compared"><p class="small">Comparing the levers…
(<a href="/levers-compared">open it on its own</a>)</p></div>
<h2>How well the model matches the border</h2>
<div id="model-match"{match_attr}>{match}</div>
{report_sections}
<h2>Run a scenario</h2>
<form method="post" action="/runs">
<label>Lever<select name="lever">{lever_options}</select></label>
<label>Days<input name="days" value="90" size="5"></label>
<label>Replications<input name="replications" value="3" size="4"></label>
<label>Token<input name="token" type="password" size="16"></label>
<button type="submit" id="run">Run</button></form>
<p class="small">Runs need the server's token (CORRIDOR_TOKEN); they run in the background and
their page refreshes until they finish.</p>
<p class="small">JSON API: <a href="/docs">/docs</a> (OpenAPI).</p>
<script src="/assets/dashboard.js" defer></script>
</body></html>"""


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

    refresh = '<meta http-equiv="refresh" content="1">' if status in ("queued", "running") else ""
    body = ""
    if status == "done":
        rows = "".join(
            f"<tr><td>{escape(names.get(s['crossing'], s['crossing']))}</td>"
            f"<td>{escape(way(s))}</td>"
            f"<td>{s['wait_mean_h']:.1f}</td><td>{s['utilisation']:.0%}</td>"
            f"<td>{s['throughput_per_day']:.1f}</td><td>{s['backlog']:.0f}</td></tr>"
            for s in view["result"]["stations"]
        )
        body = (
            "<table id='results'><tr><th>crossing</th><th>direction</th><th>mean wait h</th>"
            f"<th>utilisation</th><th>throughput a day</th><th>backlog</th></tr>{rows}</table>"
        )
    elif status == "failed":
        body = f'<p class="warn">{escape(view["error"] or "failed")}</p>'
    done, total = view["done"], view["total"] or 0
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">{refresh}
<title>Run {escape(view["id"])}</title><style>{_STYLE}</style></head><body>
<h1>Run {escape(view["id"])}: <span id="status">{escape(status)}</span></h1>
<p>{escape(_describe_request(view["request"]))}</p>
<p><progress max="{max(total, 1)}" value="{done}"></progress> {done}/{total} station runs</p>
{body}<p><a href="/">back to the dashboard</a></p></body></html>"""


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
