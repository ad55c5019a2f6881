"""Small self-contained SVG charts (no JavaScript, no external files)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

PALETTE = ("#1f6f8b", "#e07a1f", "#6a994e", "#8e5572", "#bc4749", "#577590")


@dataclass(frozen=True)
class Series:
    """One coloured series of a bar chart; ``hatched`` marks values to be read with care."""

    name: str
    values: tuple[float | None, ...]
    hatched: tuple[bool, ...]


def _wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters (a longer word stays whole;
    a second line that would overflow is cut with an ellipsis)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], (" ".join(lines[1:]))[: max(1, width - 1)] + "…"]
    return lines or [""]


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = top / ticks
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _gridlines(
    x0: float, x1: float, top: float, height: float, ymax: float, step: float, *, font: int
) -> list[str]:
    """Horizontal grid lines with their value labels, every ``step`` up to ``ymax``."""
    out = []
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = top + height - height * tick / ymax
        out.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>')
        out.append(
            f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="{font}">{tick:g}</text>'
        )
        tick += step
    return out


def bar_chart(
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    *,
    unit: str,
    scale: float = 1.0,
    width: int = 860,
    height: int = 320,
    label: str = "",
    source: str = "",
    hatch_label: str = "incomplete data (understated)",
) -> str:
    """Grouped vertical bars; values are divided by ``scale`` for the axis; hatched bars are
    explained in the legend by ``hatch_label``.

    ``label`` is shown as the chart's title and ``source`` under it.
    """
    left, right, top, bottom = 56, 12, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for s in series for v in s.values if v is not None), default=0.0) / scale
    step = _nice_step(peak) if peak > 0 else 1.0
    ymax = step * math.ceil(peak / step) if peak > 0 else 1.0
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    out = [
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="3"/></pattern></defs>',
    ]
    out += _gridlines(left, width - right, top, plot_h, ymax, step, font=11)
    out.append(
        f'<text x="12" y="{top + plot_h / 2:.0f}" font-size="11" '
        f'transform="rotate(-90 12 {top + plot_h / 2:.0f})" text-anchor="middle">'
        f"{escape(unit)}</text>"
    )
    for i, cat in enumerate(categories):
        gx = left + i * group_w + group_w * 0.1
        cx = left + (i + 0.5) * group_w
        lines = _wrap(cat, max(4, int(group_w / 6.2)))[:2]
        spans = "".join(
            f'<tspan x="{cx:.1f}" dy="{0 if k == 0 else 12}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        out.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11">'
            f"<title>{escape(cat)}</title>{spans}</text>"
        )
        for j, s in enumerate(series):
            v = s.values[i]
            if v is None:
                continue
            h = plot_h * (v / scale) / ymax
            x, y = gx + j * bar_w, top + plot_h - h
            colour = PALETTE[j % len(PALETTE)]
            fill = "url(#hatch)" if s.hatched[i] else colour
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w * 0.92:.1f}" height="{h:.1f}" '
                f'fill="{fill}" stroke="{colour}" stroke-width="1.5">'
                f"<title>{escape(s.name)} {escape(cat)}: {v / scale:,.2f} {escape(unit)}"
                f"{f' ({hatch_label})' if s.hatched[i] else ''}</title></rect>"
            )
    ly = height - 22
    lx = left
    for j, s in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        out.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{lx + 16}" y="{ly + 10}" font-size="11">{escape(s.name)}</text>')
        lx += 24 + 7 * len(s.name)
    if any(h for s in series for h in s.hatched):
        out.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="url(#hatch)" stroke="#555"/>'
        )
        out.append(f'<text x="{lx + 16}" y="{ly + 10}" font-size="11">{escape(hatch_label)}</text>')
    return _framed(out, width, height, label, source)


def hbar_chart(
    labels: tuple[str, ...],
    values: tuple[float, ...],
    *,
    unit: str,
    scale: float = 1.0,
    width: int = 860,
    label: str = "",
    source: str = "",
    tips: tuple[str, ...] = (),
) -> str:
    """Horizontal bars, one per named category (long names fit: "26 Ores, slag and ash"),
    each with its value; ``tips`` (one per bar) are the tooltips, the labels by default."""

    def amount(v: float) -> str:
        if unit == "US$ bn":
            return f"US${v / scale:,.2f} bn"
        return f"{v / scale:,.2f} {unit}"

    name_w, row, top = 290, 22, 8
    plot_w = width - name_w - 90
    peak = max((v for v in values), default=0.0) / scale
    out: list[str] = []
    for i, (name, v) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        w = plot_w * (v / scale) / peak if peak > 0 else 0.0
        shown = name if len(name) <= 46 else name[:45].rsplit(" ", 1)[0].rstrip(",;") + "…"
        tip = tips[i] if i < len(tips) else name
        out.append(
            f'<text x="{name_w - 6}" y="{y + 14}" font-size="11" text-anchor="end">'
            f"<title>{escape(tip)}</title>{escape(shown)}</text>"
            f'<rect x="{name_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 7}" '
            f'fill="{PALETTE[0]}"><title>{escape(tip)}: {escape(amount(v))}</title>'
            "</rect>"
            f'<text x="{name_w + max(w, 1) + 5:.1f}" y="{y + 14}" font-size="11">'
            f"{escape(amount(v))}</text>"
        )
    return _framed(out, width, top + row * len(labels) + 6, label, source)


def _framed(body: list[str], width: int, height: int, title: str, source: str) -> str:
    """The chart's drawing under its title, with its source below, as one SVG."""
    head = 24 if title else 0
    foot = 18 if source else 0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + head + foot}" '
        f'role="img" aria-label="{escape(title)}" class="chart">'
    ]
    if title:
        out.append(f'<text x="4" y="16" font-size="13" font-weight="bold">{escape(title)}</text>')
    out.append(f'<g transform="translate(0,{head})">{"".join(body)}</g>')
    if source:
        out.append(
            f'<text x="4" y="{height + head + foot - 4}" font-size="10" fill="#555">'
            f"Source: {escape(source)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def fan_chart(
    history: tuple[tuple[int, float, str], ...],
    fan: tuple[tuple[int, float, float, float, float, float], ...],
    target: float | None,
    horizon: int,
    *,
    unit: str,
    scale: float,
    label: str,
    source: str = "",
    width: int = 620,
    height: int = 260,
) -> str:
    """History as points and line, the projection's 80 % and 95 % bands, and the target."""
    left, right, top, bottom = 56, 16, 14, 34
    pw, ph = width - left - right, height - top - bottom
    years = [h[0] for h in history] + [f[0] for f in fan] + [horizon]
    x0, x1 = min(years), max(years)
    # The axis spans the data, the median path and the target (with a margin); the bands are
    # clipped there and the chart says so, so that a wide interval never squashes the history.
    values = [h[1] for h in history] + [f[1] for f in fan] + ([target] if target else [])
    peak = 1.15 * max(values, default=1.0) / scale
    clipped = any(f[5] / scale > peak for f in fan)
    step = _nice_step(peak) if peak > 0 else 1.0
    ymax = step * math.ceil(peak / step) if peak > 0 else 1.0

    def x(year: float) -> float:
        return left + pw * (year - x0) / max(x1 - x0, 1)

    def y(value: float) -> float:
        return top + ph - ph * min(value / scale, ymax) / ymax

    out: list[str] = []
    out += _gridlines(left, width - right, top, ph, ymax, step, font=10)
    for yr in range(x0, x1 + 1, max(1, (x1 - x0) // 8)):
        out.append(
            f'<text x="{x(yr):.1f}" y="{height - 14}" text-anchor="middle" '
            f'font-size="10">{yr}</text>'
        )
    out.append(
        f'<text x="12" y="{top + ph / 2:.0f}" font-size="10" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + ph / 2:.0f})">{escape(unit)}</text>'
    )
    if fan and history:
        last = history[-1]
        for lo_i, hi_i, colour in ((4, 5, "#cfe0ea"), (2, 3, "#9fc2d6")):
            upper = [(last[0], last[1])] + [(f[0], f[hi_i]) for f in fan]
            lower = [(f[0], f[lo_i]) for f in reversed(fan)] + [(last[0], last[1])]
            pts = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in upper + lower)
            out.append(f'<polygon points="{pts}" fill="{colour}" stroke="none"/>')
        med = [(last[0], last[1])] + [(f[0], f[1]) for f in fan]
        out.append(
            '<polyline fill="none" stroke="#1f6f8b" stroke-dasharray="4 3" '
            f'stroke-width="1.5" points="{" ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in med)}"/>'
        )
    if clipped:
        out.append(
            f'<text x="{width - right}" y="{top + 10}" font-size="9" text-anchor="end" '
            'fill="#555">the bands continue above the chart</text>'
        )
    if history:
        pts = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b, _ in history)
        out.append(f'<polyline fill="none" stroke="#1f6f8b" stroke-width="2" points="{pts}"/>')
        for a, b, src in history:
            out.append(
                f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3" fill="#1f6f8b">'
                f"<title>{a}: {b / scale:,.2f} {escape(unit)} ({escape(src)})</title></circle>"
            )
    if target:
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" '
            f'y2="{y(target):.1f}" stroke="#bc4749" stroke-dasharray="6 3"/>'
        )
        out.append(f'<circle cx="{x(horizon):.1f}" cy="{y(target):.1f}" r="4" fill="#bc4749"/>')
        out.append(
            f'<text x="{x(horizon) - 6:.1f}" y="{y(target) - 6:.1f}" text-anchor="end" '
            f'font-size="10" fill="#bc4749">target {target / scale:,.1f}</text>'
        )
    return _framed(out, width, height, label, source)


def line_chart(
    series: dict[str, tuple[float, ...]],
    *,
    unit: str,
    x_label: str,
    width: int = 860,
    height: int = 280,
    label: str = "",
    source: str = "",
    x_ticks: tuple[str, ...] | None = None,
) -> str:
    """Lines over a common x axis (0, 1, 2, …: days, or the labels ``x_ticks`` gives each), one
    colour each (dashed once the palette has been used), named in a legend under the plot (two
    names a row: long names fit)."""
    left, right, top, bottom = 56, 12, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    legend_rows = (len(series) + 1) // 2
    n = max((len(v) for v in series.values()), default=0)
    peak = max((max(v) for v in series.values() if v), default=0.0)
    if n < 2 or peak <= 0:
        return _framed(
            [f'<text x="{left}" y="{top + 20}" font-size="12">no queue in this run</text>'],
            width,
            height,
            label,
            source,
        )
    step = _nice_step(peak)
    ymax = step * math.ceil(peak / step)
    out = _gridlines(left, left + plot_w, top, plot_h, ymax, step, font=11)
    out.append(
        f'<text x="{left - 44}" y="{top + plot_h / 2:.0f}" font-size="11" '
        f'transform="rotate(-90 {left - 44} {top + plot_h / 2:.0f})" text-anchor="middle">'
        f"{escape(unit)}</text>"
    )
    for tick in range(0, n, max(1, round(n / 8))):
        x = left + plot_w * tick / (n - 1)
        text = x_ticks[tick] if x_ticks is not None and tick < len(x_ticks) else str(tick)
        anchor = "start" if tick == 0 else "middle"  # clear of the y axis's "0"
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" font-size="11" '
                   f'text-anchor="{anchor}">{escape(text)}</text>')  # fmt: skip
    out.append(
        f'<text x="{left + plot_w / 2:.0f}" y="{top + plot_h + 30}" font-size="11" '
        f'text-anchor="middle">{escape(x_label)}</text>'
    )
    for i, (name, values) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        dash = ' stroke-dasharray="6 3"' if i >= len(PALETTE) else ""
        points = " ".join(
            f"{left + plot_w * k / (n - 1):.1f},{top + plot_h - plot_h * v / ymax:.1f}"
            for k, v in enumerate(values)
        )
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
                   f"{dash}><title>{escape(name)}</title></polyline>")  # fmt: skip
        lx = left + (i % 2) * (plot_w / 2)
        ly = top + plot_h + 48 + 16 * (i // 2)
        out.append(f'<line x1="{lx:.1f}" x2="{lx + 16:.1f}" y1="{ly}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="3"{dash}/>')  # fmt: skip
        out.append(f'<text x="{lx + 20:.1f}" y="{ly + 4}" font-size="10">'
                   f"{escape(name)}</text>")  # fmt: skip
    return _framed(out, width, height + 16 * legend_rows + 10, label, source)
