"""The crossings map: every marker's colour is in the legend, and crossings go by name."""

from __future__ import annotations

import re
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.locations import data_dir
from corridor.report._map import BANDS, NOT_SIMULATED, MapPoint, crossing_map


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.0, 3.0), min_size=2, max_size=6))
def test_marker_colours_are_legend_colours(utilisations: list[float]) -> None:
    points = [
        MapPoint(f"c{i}", f"Crossing {i}", 43.0 + i * 0.7, 79.0 + i, "road", True, u, 1.0)
        for i, u in enumerate(utilisations)
    ] + [MapPoint("planned-x", "Narynkol – Muzart", 42.7, 80.2, "road", False, None, None)]
    svg = crossing_map(
        data_dir() / "reference" / "boundaries.geojson",
        points,
        highlight=(),
        title="test",
        source="test",
    )
    legend = {colour for _, _, colour in BANDS}
    markers = re.findall(r'<(?:circle|rect)[^>]*fill="(#[0-9a-f]{6})"[^>]*stroke-width="1.5"', svg)
    fills = set(markers)
    assert len(markers) == len(utilisations)
    assert fills <= legend | {NOT_SIMULATED}
    for i, u in enumerate(utilisations):
        band = next(label for top, label, _ in BANDS if u < top)
        assert escape(band) in svg and f"Crossing {i} {u:.0%}" in svg
    assert "Narynkol – Muzart (planned" in svg and "planned-x" not in svg.split("<title>")[0]


def test_the_map_orients_and_is_valid_svg() -> None:
    """The shipped network's map names Almaty, Ürümqi and border towns, and parses as XML."""
    import xml.etree.ElementTree as ET

    from corridor.network import read_network
    from corridor.report._map import map_points

    net = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
    svg = crossing_map(
        data_dir() / "reference" / "boundaries.geojson",
        map_points(net.crossings, []),
        highlight=("KAZ", "CHN"),
        title="t",
        source="s",
    )
    ET.fromstring(svg)
    for town in ("Almaty", "Ürümqi", "Zaysan", "Karamay"):
        assert f">{town}</text>" in svg, town
