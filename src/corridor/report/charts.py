"""Charts as PNG files (matplotlib, headless), for use outside the HTML report."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from corridor.trade.targets import Assessment

_SCALES = {"USD": (1e9, "US$ bn"), "t/year": (1e6, "Mt a year")}


def target_png(assessment: Assessment, path: Path) -> Path:
    """History, the 80 % / 95 % projection fan and the target, as a PNG."""
    import matplotlib  # imported here: only chart writing needs it

    matplotlib.use("Agg")

    scale, unit = _SCALES.get(assessment.unit, (1.0, assessment.unit))
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=120)
    try:
        if assessment.history:
            ys = [h[0] for h in assessment.history]
            ax.plot(
                ys,
                [h[1] / scale for h in assessment.history],
                "o-",
                color="#1f6f8b",
                label="history",
            )
        if assessment.fan and assessment.history:
            last = assessment.history[-1]
            fy = [last[0]] + [f[0] for f in assessment.fan]
            for lo, hi, alpha, name in (
                (4, 5, 0.25, "95 % interval"),
                (2, 3, 0.45, "80 % interval"),
            ):
                ax.fill_between(
                    fy,
                    [last[1] / scale] + [f[lo] / scale for f in assessment.fan],
                    [last[1] / scale] + [f[hi] / scale for f in assessment.fan],
                    color="#1f6f8b",
                    alpha=alpha,
                    linewidth=0,
                    label=name,
                )
            ax.plot(
                fy,
                [last[1] / scale] + [f[1] / scale for f in assessment.fan],
                "--",
                color="#1f6f8b",
                label="projection (median)",
            )
        if assessment.target_value:
            ax.axhline(
                assessment.target_value / scale,
                color="#bc4749",
                linestyle=":",
                label=f"target {assessment.target_value / scale:,.1f}",
            )
            ax.plot(
                [assessment.horizon_year], [assessment.target_value / scale], "o", color="#bc4749"
            )
        shown = [h[1] for h in assessment.history] + [f[1] for f in assessment.fan]
        if assessment.target_value:
            shown.append(assessment.target_value)
        if shown:  # the axis spans the data, the median and the target; wider bands are cut
            top = 1.15 * max(shown) / scale
            ax.set_ylim(0, top)
            if any(f[5] / scale > top for f in assessment.fan):
                ax.text(0.99, 0.97, "the bands continue above the chart", ha="right",
                        va="top", fontsize=7, color="#555", transform=ax.transAxes)  # fmt: skip
        ax.set_ylabel(unit)
        ax.set_title(assessment.title, fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
    finally:
        plt.close(fig)
    return path
