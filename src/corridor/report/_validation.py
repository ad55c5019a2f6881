"""'How well the model matches the border': observed against simulated, for the report and the
dashboard (one function, so both show the same figures)."""

from __future__ import annotations

from html import escape
from typing import Any

from corridor.report._svg import Series, bar_chart


def _f(v: float | None, digits: int = 1) -> str:
    return "–" if v is None else f"{v:,.{digits}f}"


def _accuracy(a: dict[str, Any] | None) -> str:
    if not a or not a.get("evaluated"):
        return "no row could be evaluated"
    return (
        f"{a['evaluated']} observations: median ratio simulated/observed "
        f"{a['median_ratio']:.2f}, {100 * a['within_factor_2']:.0f} % within a factor of 2"
    )


def _short(crossing: str) -> str:
    """A crossing's short name for a chart: the last place of its id (``khorgos``)."""
    parts = [p for p in crossing.split("-") if p not in ("road", "rail")]
    return parts[-1].capitalize() if parts else crossing


def model_match_html(validation: dict[str, Any] | None, hindcast: dict[str, Any] | None) -> str:
    """The section's HTML: a chart of the crossings' own CPMM times (observed against simulated
    with the simulated interval), a table of every time-to-cross row, and the out-of-sample error
    of the stored hindcast, stated plainly."""
    if validation is None:
        return "<p>No validation: the model could not be run on the observations.</p>"
    rows = [
        c
        for c in validation["observations"]
        if c["measure"] == "time_to_cross_h" and c["kind"] == "actual"
    ]
    own = [c for c in rows if c["crossing"] != "*"]
    parts: list[str] = []
    calibrated = validation.get("calibration")
    parts.append(
        "<p>Each observed figure is simulated for its own period: the network in force then, "
        "that year's trade, the same seed. "
        + (
            "The model runs with the calibrated figures of "
            f"<code>{escape(str(calibrated))}</code>; "
            if calibrated
            else "The model runs on the files' own assumptions (no calibration); "
        )
        + f"in sample, {escape(_accuracy(validation.get('accuracy')))}.</p>"
    )
    for mode in ("road", "rail"):
        of_mode = [c for c in own if c["mode"] == mode]
        if not of_mode:
            continue
        cats = tuple(f"{_short(c['crossing'])[:8]} {c['side']} ’{c['year'][2:]}" for c in of_mode)
        parts.append(
            bar_chart(
                cats,
                (
                    Series(
                        "observed (CPMM)",
                        tuple(c["observed"] for c in of_mode),
                        (False,) * len(of_mode),
                    ),
                    Series(
                        "simulated", tuple(c["simulated"] for c in of_mode), (False,) * len(of_mode)
                    ),
                ),
                unit="hours at the post",
                label=f"Time to cross at one side's post, {mode}: observed against simulated",
                source="observations: data/corridor/observations.csv (CPMM); simulated: "
                "corridor validate",
                width=860,
                height=280,
            )
        )
    table = [
        "<table><tr><th>id</th><th>crossing</th><th>post</th><th>direction</th><th>year</th>"
        "<th>observed h</th><th>simulated h (95 % interval)</th><th>ratio</th><th>note</th></tr>"
    ]
    for c in rows:
        ci = c["simulated_ci"]
        sim = "–" if c["simulated"] is None else f"{_f(c['simulated'])} ({_f(ci[0])}–{_f(ci[1])})"
        table.append(
            f"<tr><td>{escape(c['id'])}</td><td>{escape(c['crossing'])}</td>"
            f"<td>{escape(c['side'])}</td><td>{escape(c['direction'])}</td>"
            f"<td>{escape(c['year'])}</td><td>{_f(c['observed'])}</td><td>{sim}</td>"
            f"<td>{_f(c['ratio'], 2)}</td><td>{escape(c['note'][:90])}</td></tr>"
        )
    table.append("</table>")
    parts.append("".join(table))
    if hindcast is None:
        parts.append("<p><b>Out of sample:</b> no hindcast is stored.</p>")
    else:
        year = hindcast["holdout_year"]
        stale = (
            ""
            if hindcast.get("current")
            else " <b>The files it was computed from have changed since</b>: rerun "
            "<code>python -m tools.build_hindcast</code>."
        )
        parts.append(
            f"<p><b>Out of sample:</b> calibrated without {year} and asked to predict it, the "
            f"model's figures for {year}: {escape(_accuracy(hindcast.get('out_of_sample')))} "
            f"(<code>{escape(hindcast['command'])}</code>).{stale}</p>"
        )
    return "\n".join(parts)
