"""Crossing positions against the two countries' border (the shipped outlines)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from corridor.cli import app
from corridor.locations import data_dir
from corridor.network import read_network
from corridor.network.geo import MAX_BORDER_KM, border_segments, distance_to_border, misplaced

BOUNDARIES = data_dir() / "reference" / "boundaries.geojson"
NETWORK = data_dir() / "corridor" / "kaz-chn.yaml"


def test_every_shipped_crossing_lies_on_the_border() -> None:
    net = read_network(NETWORK)
    points = [(c.id, c.position.lat, c.position.lon) for c in net.crossings if c.mode != "river"]
    assert misplaced(points, "KAZ", "CHN", BOUNDARIES) == []


def test_a_position_far_from_the_border_is_reported(tmp_path: Path) -> None:
    """The 2004 source's 44°35'N for Muzart is 25 km from the border: network check says so."""
    segments = border_segments(BOUNDARIES, "KAZ", "CHN")
    km, lat, _ = distance_to_border(44.5833, 80.75, segments)
    assert km > MAX_BORDER_KM and abs(lat - 44.6) < 0.5
    text = NETWORK.read_text(encoding="utf-8").replace(
        "lat: 42.71, lon: 80.19", "lat: 44.5833, lon: 80.75"
    )
    bad = tmp_path / "net.yaml"
    bad.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["network", "check", str(bad)])
    assert result.exit_code == 0 and "warning: narynkol-muzart is" in result.stdout


def test_a_point_on_the_border_is_near_it() -> None:
    segments = border_segments(BOUNDARIES, "KAZ", "CHN")
    (x, y), _ = segments[len(segments) // 2]
    assert distance_to_border(y, x, segments)[0] < 0.5
