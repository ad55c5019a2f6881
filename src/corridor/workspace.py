"""One corridor as one data folder: what the CLI, the report and the server read from it.

Another corridor is another folder with the same layout (``ledger/manifest.yaml`` naming the
country pair, ``corridor/`` the network file, ``scenarios/`` the baseline, levers and projects,
``targets.yaml``, ``trade/mirror.yaml``, ``reference/boundaries.geojson``); nothing in the faces
names a country.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corridor.errors import InputError, ScenarioError
from corridor.ledger import read_manifest
from corridor.locations import data_dir


@dataclass(frozen=True)
class Workspace:
    """The files of one corridor, found from its data folder."""

    root: Path
    pair: tuple[str, str]
    network: Path
    baseline: Path
    levers: Path
    projects: Path
    targets: Path
    mirror_params: Path
    boundaries: Path

    @classmethod
    def of(cls, root: Path | None = None) -> Workspace:
        """The workspace of ``root`` (default: the shipped data folder)."""
        root = root or data_dir()
        pair = read_manifest(root / "ledger").pair
        named = root / "corridor" / f"{pair[0].lower()}-{pair[1].lower()}.yaml"
        found = sorted((root / "corridor").glob("*.yaml"))
        if named.is_file():
            network = named
        elif len(found) == 1:
            network = found[0]
        else:
            raise InputError(
                f"{root / 'corridor'}: expected {named.name} or a single network file, "
                f"found {len(found)}"
            )
        scenarios = root / "scenarios"
        return cls(
            root=root,
            pair=pair,
            network=network,
            baseline=scenarios / "baseline.yaml",
            levers=scenarios / "levers",
            projects=scenarios / "projects.yaml",
            targets=root / "targets.yaml",
            mirror_params=root / "trade" / "mirror.yaml",
            boundaries=root / "reference" / "boundaries.geojson",
        )

    def lever_names(self) -> list[str]:
        """The levers of ``scenarios/levers/``, by file name."""
        return sorted(p.stem for p in self.levers.glob("*.yaml"))

    def lever_titles(self) -> dict[str, str]:
        """Each lever's name → the title its file gives (the name, for a file that has none or
        cannot be read: the page that runs it says what is wrong)."""
        from corridor.errors import CorridorError
        from corridor.network.scenario import read_overlay

        titles = {}
        for name in self.lever_names():
            try:
                titles[name] = read_overlay(self.levers / f"{name}.yaml").title or name
            except CorridorError:
                titles[name] = name
        return titles

    def lever(self, name: str) -> Path:
        """The file of lever ``name``; a clear error if there is none."""
        path = self.levers / f"{name}.yaml"
        if not path.is_file():
            known = ", ".join(self.lever_names()) or "none"
            raise ScenarioError(f"no lever {name!r}; known: {known}")
        return path
