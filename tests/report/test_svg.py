"""The charts' SVG: horizontal bars keep long names readable and whole in their tooltips."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from corridor.report import hbar_chart


def test_horizontal_bars_name_each_category() -> None:
    long = "84 Nuclear reactors, boilers, machinery and mechanical appliances; parts thereof"
    svg = hbar_chart(
        ("26 Ores, slag and ash", long),
        (3.94e9, 0.36e9),
        unit="US$ bn",
        scale=1e9,
        label="Exports by HS chapter",
        source="test",
    )
    ET.fromstring(svg)
    assert ">26 Ores, slag and ash</text>" in svg and "US$3.94 bn" in svg
    assert f"<title>{long}</title>" in svg.replace("&#x27;", "'")  # the whole name on hover
    assert "84 Nuclear reactors, boilers, machinery and…" in svg  # shortened on the axis
    widths = [float(w) for w in re.findall(r'<rect x="290"[^>]*width="([\d.]+)"', svg)]
    assert widths[0] > widths[1] * 10  # bars scale with the values


def test_queue_lines_are_dated_and_told_apart_beyond_the_palette() -> None:
    from corridor.report import queue_chart
    from corridor.sim.run import SimReport, StationResult
    from corridor.sim.settings import RunSettings

    stations = tuple(
        StationResult(
            f"x-{i}",
            "a_to_b",
            "road",
            "KAZ",
            "CHN",
            10.0,
            12.0,
            "lanes",
            "KAZ",
            {},
            tuple(float(i + d) for d in range(30)),
        )
        for i in range(8)
    )
    report = SimReport("s", "h", RunSettings(days=30), 2025, "2025-11-15", "2025-11-01", stations)
    svg = queue_chart(report, {"x-7": "Crossing Seven", "KAZ": "Kazakhstan"}, top=8)
    ET.fromstring(svg)
    assert ">1 Nov</text>" in svg and "from 1 November 2025" in svg  # dates, not day numbers
    assert "Crossing Seven, Kazakhstan → CHN" in svg  # names where given
    assert svg.count('stroke-dasharray="6 3"') == 2 * 2  # the 7th and 8th lines, and legends
