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
