"""What each lever is worth, in waiting and in trade: the dashboard's lever comparison, from the
same runs the report shows (``corridor compare LEVER... --trade-response``, standard settings)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from corridor.planning.trade_response import TradeResponse
from corridor.sim.compare import HOURS_OF, ScenarioComparison


def lever_title(r: ScenarioComparison) -> str:
    """A scenario's levers by their titles (``24/7 at all road crossings``); empty for the
    baseline."""
    return " + ".join(str(lv.get("title", "")) for lv in r.levers)


def short_description(text: str) -> str:
    """A product's description up to its first semicolon or bracket (``Iron or non-alloy
    steel``): a label for a chart's axis or a sentence."""
    return text.split(";")[0].split("(")[0].strip()


def lever_table_html(
    comparison: tuple[ScenarioComparison, ...],
    responses: tuple[TradeResponse, ...],
    namer: Callable[[str], str] | None = None,
) -> str:
    """A table: each lever's change in waiting (truck-hours and train-hours a year, apart) and in
    trade (US$ a year), with their 95 % intervals (``namer``: the page's names for ids and
    codes)."""
    name = namer or (lambda text: text)
    trade = {r.scenario: r for r in responses}
    rows = []
    for r in comparison:
        if not r.levers:
            continue
        title = lever_title(r)
        modes = r.difference_wait_hours_by_mode
        wait = (
            "<br>".join(
                f"{HOURS_OF.get(m, 'vehicle-hours')} {d.mean:+,.0f} "
                f"<small>({d.ci_low:+,.0f} to {d.ci_high:+,.0f})</small>"
                for m, d in modes.items()
            )
            if modes
            else "overloaded: " + escape(name(", ".join(r.overloaded)))
        )
        t = trade.get(r.scenario)
        change = t.trade_change_usd if t is not None else None
        money = (
            f"{change.mean / 1e6:+,.0f}<br><small>{change.ci_low / 1e6:+,.0f} to "
            f"{change.ci_high / 1e6:+,.0f}</small>"
            if change is not None
            else "–"
        )
        if t is not None and change is not None and t.below_resolution:
            money = f"below resolution<br><small>{escape(t.resolution_text)}</small>"
        elif t is not None and t.diversion_text:
            money += f"<br><small>{escape(name(t.diversion_text))}</small>"
        rows.append(f"<tr><td>{escape(title)}</td><td>{wait}</td><td>{money}</td></tr>")
    return (
        "<table id='levers'><tr><th>Lever</th><th>Δ waiting a year (95 %)</th>"
        "<th>Δ trade, US$ m a year (95 %)</th></tr>" + "".join(rows) + "</table>"
    )
