"""The crossings map: every marker's colour is in the legend, and crossings go by name."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

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


def _shipped_map() -> str:
    from corridor.network import read_network
    from corridor.report._map import map_points

    net = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
    return crossing_map(
        data_dir() / "reference" / "boundaries.geojson",
        map_points(net.crossings, []),
        highlight=("KAZ", "CHN"),
        title="t",
        source="s",
    )


def test_the_main_railways_and_roads_are_drawn() -> None:
    """Natural Earth's surveyed railways are drawn; every line of lines.yaml that the survey
    lacks reaches the shipped network's crossings and is drawn schematic (the open railways
    dotted, the one under construction dashed), with a legend that says which is which."""
    from corridor.report._lines import read_lines

    lines, left_out = read_lines(
        data_dir() / "reference" / "lines.yaml",
        {"Almaty": (0, 0), "Ürümqi": (0, 0), "Shihezi": (0, 0), "Semey": (0, 0)}
        | {t: (0, 0) for t in ("Ghulja", "Zharkent", "Zaysan", "Tacheng")},
        {c: (c, 0, 0) for c in _network_ids()},
    )
    assert left_out == [] and len(lines) >= 8
    svg = _shipped_map()
    assert '<g class="line rail surveyed">' in svg and "Natural Earth" in svg
    groups = re.findall(r'<g class="line (rail|road)"><title>([^<]*)</title>(.*?)</g>', svg)
    schematic = [line for line in lines if not line.surveyed]
    assert len(groups) == len(schematic) and len(schematic) < len(lines)
    by_name = {title.split(" (")[0]: (mode, body) for mode, title, body in groups}
    assert "Turkestan–Siberia Railway" not in by_name  # drawn from the survey
    assert 'stroke-dasharray="2 3"' in by_name["Zhetygen – Altynkol railway"][1]
    assert 'stroke-dasharray="7 4"' in by_name["Ayagoz – Bakhty railway"][1]
    assert by_name["Almaty – Khorgos road"][0] == "road"
    assert "railway, schematic" in svg and "main road, schematic" in svg


def test_the_map_draws_the_schematic_lines_alone_without_the_survey(tmp_path: Path) -> None:
    """Without the surveyed layer every line of lines.yaml is drawn, schematic."""
    import shutil

    for name in ("boundaries.geojson", "places.csv", "lines.yaml"):
        shutil.copy(data_dir() / "reference" / name, tmp_path / name)
    from corridor.network import read_network
    from corridor.report._map import map_points

    net = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
    svg = crossing_map(
        tmp_path / "boundaries.geojson", map_points(net.crossings, []),
        highlight=("KAZ", "CHN"), title="t", source="s",
    )  # fmt: skip
    assert "surveyed" not in svg and "lines schematic" in svg
    assert '<g class="line rail"><title>Turkestan–Siberia Railway' in svg


def _network_ids() -> list[str]:
    from corridor.network import read_network

    return [c.id for c in read_network(data_dir() / "corridor" / "kaz-chn.yaml").crossings]


def test_a_line_to_a_crossing_the_network_lacks_is_named_not_drawn() -> None:
    points = [MapPoint("elsewhere", "Elsewhere", 44.0, 80.0, "road", True, 0.5, 1.0)]
    svg = crossing_map(
        data_dir() / "reference" / "boundaries.geojson",
        points,
        highlight=(),
        title="t",
        source="s",
    )
    assert '<g class="line rail"><title>Zhetygen – Altynkol railway' not in svg
    assert "Lines not drawn:" in svg and "no crossing dostyk-alashankou-rail" in svg


def test_an_unknown_town_in_the_lines_file_is_a_clear_error(tmp_path: Path) -> None:
    import shutil

    import pytest

    from corridor.errors import InputError

    for name in ("boundaries.geojson", "places.csv"):
        shutil.copy(data_dir() / "reference" / name, tmp_path / name)
    (tmp_path / "lines.yaml").write_text(
        "lines:\n  - name: X\n    mode: rail\n    status: open\n"
        "    via: [Almaty, Atlantis]\n    source: s\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        crossing_map(tmp_path / "boundaries.geojson", [], highlight=(), title="t", source="s")
    assert exc.value.problems[0].column == "lines.1.via.2"
    assert exc.value.problems[0].value == "Atlantis"


def test_a_planned_crossing_is_called_planned_once() -> None:
    from corridor.report._map import _planned_note

    named = MapPoint("x", "Terekty – Aktobek (planned road checkpoint)", 47, 85, "road", False,
                     None, None, assumed=True)  # fmt: skip
    plain = MapPoint("y", "Narynkol – Muzart", 42.7, 80.2, "road", False, None, None)
    assert _planned_note(named) == " (position assumed)"
    assert _planned_note(plain) == " (planned)"


def test_no_two_labels_overlap() -> None:
    """Every text of the map's view (crossings, planned crossings, towns) in a box of its own,
    clear of the markers; each crossing label says its figure is a queue wait."""
    import re
    from types import SimpleNamespace

    from corridor.network import read_network
    from corridor.report._map import _hits, map_points, text_box

    net = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
    busy = [  # every crossing simulated: every label drawn, the longest form (two digits)
        SimpleNamespace(
            crossing=c.id,
            stats={
                "utilisation": SimpleNamespace(mean=0.95),
                "wait_mean_h": SimpleNamespace(mean=12.3),
            },
        )
        for c in net.crossings
        if c.enabled
    ]
    svg = crossing_map(
        data_dir() / "reference" / "boundaries.geojson",
        map_points(net.crossings, busy),  # type: ignore[arg-type]
        highlight=("KAZ", "CHN"),
        title="t",
        source="s",
    )
    view = svg.split("</g>")
    bottom = 28 + float(re.search(r'<rect x="0" y="28" width="\d+" height="(\d+)"', svg)[1])
    boxes = []
    for attrs, name in re.findall(r"<text ([^>]*)>([^<]+)</text>", svg):
        a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        size, y = float(a["font-size"]), float(a["y"])
        if size <= 11 and y < bottom:  # the view, not the legend under it
            anchor = a.get("text-anchor", "start")
            boxes.append((name, text_box(float(a["x"]), y, name, size, anchor)))
    assert len(boxes) > 10 and view
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not _hits(box_a, box_b), (a, b)
    assert "mean queue wait" in svg
