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


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = top / ticks
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def bar_chart(
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    *,
    unit: str,
    scale: float = 1.0,
    width: int = 860,
    height: int = 320,
    label: str = "",
) -> str:
    """Grouped vertical bars; values are divided by ``scale`` for the axis."""
    left, right, top, bottom = 56, 12, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for s in series for v in s.values if v is not None), default=0.0) / scale
    step = _nice_step(peak) if peak > 0 else 1.0
    ymax = step * math.ceil(peak / step) if peak > 0 else 1.0
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(label)}" class="chart">',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="3"/></pattern></defs>',
    ]
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = top + plot_h - plot_h * tick / ymax
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick:g}</text>'
        )
        tick += step
    out.append(
        f'<text x="12" y="{top + plot_h / 2:.0f}" font-size="11" '
        f'transform="rotate(-90 12 {top + plot_h / 2:.0f})" text-anchor="middle">'
        f"{escape(unit)}</text>"
    )
    for i, cat in enumerate(categories):
        gx = left + i * group_w + group_w * 0.1
        out.append(
            f'<text x="{left + (i + 0.5) * group_w:.1f}" y="{top + plot_h + 16}" '
            f'text-anchor="middle" font-size="11">{escape(cat)}</text>'
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
                f"{' (incomplete data)' if s.hatched[i] else ''}</title></rect>"
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
        out.append(
            f'<text x="{lx + 16}" y="{ly + 10}" font-size="11">incomplete data (understated)</text>'
        )
    out.append("</svg>")
    return "".join(out)
