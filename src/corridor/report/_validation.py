"""'How well the model matches the border': observed against simulated, for the report and the
dashboard (one function, so both show the same figures)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from corridor.report._svg import Series, bar_chart


def _f(v: float | None, digits: int = 1) -> str:
    return "–" if v is None else f"{v:,.{digits}f}"


FAMILY_WORDS = {"times": "crossing times", "counts": "counts", "queues": "queues"}


def _accuracy(a: dict[str, Any] | None) -> str:
    if not a or not a.get("evaluated"):
        return "none scored"
    return (
        f"{100 * a['within_factor_2']:.0f} % of {a['evaluated']} within a factor of 2 "
        f"(median ratio {a['median_ratio']:.2f})"
    )


def headline(validation: dict[str, Any] | None) -> str:
    """The out-of-sample figure per measure in one sentence (the report's first screen)."""
    if not validation:
        return ""
    out = validation.get("out_by_family") or {}
    parts = [f"{FAMILY_WORDS[f]} {_accuracy(out.get(f))}" for f in FAMILY_WORDS if out.get(f)]
    if not parts:
        return ""
    return "Out of sample (rolling origin): " + "; ".join(parts) + "."


def _short(crossing: str) -> str:
    """A crossing's short name for a chart: the last place of its id (``khorgos``)."""
    parts = [p for p in crossing.split("-") if p not in ("road", "rail")]
    return parts[-1].capitalize() if parts else crossing


def _table(rows: list[dict[str, Any]], title: str, name: Callable[[str], str]) -> str:
    html = [
        f'<div class="scroll"><table><caption>{escape(title)}</caption><tr><th>id</th>'
        "<th>crossing</th>"
        "<th>post</th><th>direction</th><th>period</th><th>measure</th><th>observed</th>"
        "<th>simulated (95 % interval)</th><th>ratio</th><th>note</th></tr>"
    ]
    for c in rows:
        ci = c["simulated_ci"]
        sim = "–" if c["simulated"] is None else f"{_f(c['simulated'])} ({_f(ci[0])}–{_f(ci[1])})"
        html.append(
            f"<tr><td>{escape(c['id'])}</td><td>{escape(_crossing(c['crossing'], name))}</td>"
            f"<td>{escape(name(c['side']))}</td><td>{escape(c['direction'])}</td>"
            f"<td>{escape(c['period'])}</td><td>{escape(c['measure'])}</td>"
            f"<td>{_f(c['observed'])}</td><td>{sim}</td>"
            f"<td>{_f(c['ratio'], 2)}</td><td>{escape(name(c['note'])[:90])}</td></tr>"
        )
    html.append("</table></div>")
    return "".join(html)


def _crossing(crossing: str, name: Callable[[str], str]) -> str:
    """A row's crossing by name; ``*`` (a figure for every crossing, a national average) in
    words."""
    return "all crossings (national figure)" if crossing == "*" else name(crossing)


def model_match_html(
    validation: dict[str, Any] | None, namer: Callable[[str], str] | None = None
) -> str:
    """The section's HTML from the stored validation (the run ``corridor validate`` shows): the
    accuracy per measure in and out of sample, a chart of the crossings' own times, and the
    tables of every row; ``namer`` writes the rows' crossing ids and country codes as names (a
    page's :class:`~corridor.report._names.Namer`)."""
    name = namer or (lambda text: text)
    if validation is None:
        return (
            "<p>No validation is stored: run <code>corridor validate --rolling-origin "
            "--store</code>.</p>"
        )
    settings = validation.get("settings") or {}
    warm = settings.get("warmup_days")
    parts: list[str] = []
    stale = (
        ""
        if validation.get("current", True)
        else " <b>The files it was computed from have changed since</b>: rerun "
        "<code>corridor validate --rolling-origin --store</code>."
    )
    calibrated = validation.get("calibration")
    parts.append(
        "<p>Each observed figure is simulated over its own period: the network, demand and "
        "events in force on each day, that year's trade with the counts of that year setting "
        "the traffic. "
        + (
            f"The model runs with the calibrated figures of <code>{escape(str(calibrated))}"
            "</code>. "
            if calibrated
            else "The model runs on the files' own assumptions (no calibration). "
        )
        + f"One stored run: {settings.get('replications')} replications, seed "
        f"{settings.get('seed')}, warm-up "
        + ("chosen by MSER-5" if warm is None else f"{warm} days")
        + f".{stale}</p>"
    )
    table = ["<table><tr><th>measure</th><th>in sample</th><th>out of sample</th></tr>"]
    out_by = validation.get("out_by_family") or {}
    for fam, words in FAMILY_WORDS.items():
        table.append(
            f"<tr><td>{escape(words)}</td>"
            f"<td>{escape(_accuracy(validation['by_family'].get(fam)))}</td>"
            f"<td><b>{escape(_accuracy(out_by.get(fam)))}</b></td></tr>"
        )
    table.append("</table>")
    parts.append("".join(table))
    origins = validation.get("origins") or []
    if origins:
        parts.append(
            "<p>Out of sample by rolling origin: for each year "
            + ", ".join(str(o["year"]) for o in origins)
            + ", the model was calibrated on the years before it (its traffic set by their "
            "counts only) and then predicted that year's rows. In sample, counts are matched "
            "by construction where they set the traffic; their out-of-sample figure tells.</p>"
        )
    rows = [
        c
        for c in validation["observations"]
        if c["measure"] == "time_to_cross_h" and c["kind"] == "actual"
    ]
    own = [c for c in rows if c["crossing"] != "*" and c["simulated"] is not None]
    for mode in ("road", "rail"):
        of_mode = [c for c in own if c["mode"] == mode]
        if not of_mode:
            continue
        cats = tuple(
            f"{_short(c['crossing'])[:8]} {name(c['side'])} ’{c['period'][2:4]}" for c in of_mode
        )
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
                "corridor validate (stored run)",
                width=860,
                height=280,
            )
        )
    outside = validation.get("out_of_sample") or []
    if outside:
        parts.append(
            _table(outside, "Out of sample: each year predicted by the years before it", name)
        )
    parts.append(_table(list(validation["observations"]), "In sample: every observation", name))
    return "\n".join(parts)
