"""One corridor as one data folder: the one seam through which every file of it is read.

Another corridor is another folder with the same layout, described by its ``manifest.yaml``
(the country pair, the network file, the levers the report compares); nothing in the code names
a country, a crossing or a lever. The CLI, the report, the server and the library find every file
here: the network, demand, observations, events and calibration of ``corridor/``, the scenarios,
the targets, the trade parameters of ``trade/``, the barrier registry, the claims vocabulary, the
code tables of ``reference/`` and the gravity dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from corridor.errors import InputError, ScenarioError
from corridor.locations import data_dir


@dataclass(frozen=True)
class Workspace:
    """The files of one corridor, found from its data folder and its manifest."""

    root: Path
    pair: tuple[str, str]
    name: str
    network: Path
    report_levers: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, root: Path | None = None) -> Workspace:
        """The workspace of ``root`` (default: the shipped data folder)."""
        root = Path(root) if root is not None else data_dir()
        manifest = root / "manifest.yaml"
        if manifest.is_file():
            return cls._from_manifest(root, manifest)
        # a folder without a manifest: the pair from the ledger's, the single network file
        from corridor.ledger import read_manifest

        pair = read_manifest(root / "ledger").pair
        named = root / "corridor" / f"{pair[0].lower()}-{pair[1].lower()}.yaml"
        found = sorted(p for p in (root / "corridor").glob("*.yaml") if p.stem != "calibrated")
        if named.is_file():
            network = named
        elif len(found) == 1:
            network = found[0]
        else:
            raise InputError(
                f"{root / 'corridor'}: expected {named.name} or a single network file, "
                f"found {len(found)}"
            )
        return cls(root=root, pair=pair, name=f"{pair[0]}–{pair[1]}", network=network)

    @classmethod
    def _from_manifest(cls, root: Path, manifest: Path) -> Workspace:
        from corridor.yaml_files import load_yaml

        try:
            raw: Any = load_yaml(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"cannot read the data folder's manifest: {exc}", file=str(manifest)
            ) from None
        if not isinstance(raw, dict):
            raise InputError("the manifest is not a mapping", file=str(manifest))
        pair = raw.get("pair")
        network = raw.get("network")
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(c, str) for c in pair)
            or not isinstance(network, str)
        ):
            raise InputError(
                "the manifest needs pair (two ISO3 codes) and network (a path)", file=str(manifest)
            )
        levers = (raw.get("report") or {}).get("levers") or []
        return cls(
            root=root,
            pair=(pair[0], pair[1]),
            name=str(raw.get("name") or f"{pair[0]}–{pair[1]}"),
            network=root / network,
            report_levers=tuple(str(x) for x in levers),
        )

    @staticmethod
    @cache
    def default() -> Workspace:
        """The shipped data folder's workspace (read once)."""
        return Workspace.of()

    # the corridor
    @property
    def corridor(self) -> Path:
        return self.root / "corridor"

    @property
    def demand(self) -> Path:
        return self.corridor / "demand.yaml"

    @property
    def observations(self) -> Path:
        return self.corridor / "observations.csv"

    @property
    def events(self) -> Path:
        return self.corridor / "events.csv"

    @property
    def calibration(self) -> Path:
        return self.corridor / "calibrated.yaml"

    @property
    def route_costs(self) -> Path:
        """What a plan pays to move traffic between crossings of one mode."""
        return self.corridor / "route_costs.yaml"

    @property
    def validation(self) -> Path:
        """The stored validation (``corridor validate --rolling-origin --store``)."""
        return self.corridor / "validation.json"

    # scenarios
    @property
    def scenarios(self) -> Path:
        return self.root / "scenarios"

    @property
    def baseline(self) -> Path:
        return self.scenarios / "baseline.yaml"

    @property
    def levers(self) -> Path:
        return self.scenarios / "levers"

    @property
    def projects(self) -> Path:
        return self.scenarios / "projects.yaml"

    # trade
    @property
    def targets(self) -> Path:
        return self.root / "targets.yaml"

    def trade_file(self, name: str) -> Path:
        """A parameter file of ``trade/``: ``mirror.yaml``, ``time_costs.yaml``,
        ``projection.yaml``, ``gdp_projections.csv``, ``product_groups.yaml``,
        ``reexport_suspects.yaml``, ``official_framing.yaml``."""
        return self.root / "trade" / name

    @property
    def mirror_params(self) -> Path:
        return self.trade_file("mirror.yaml")

    @property
    def barriers(self) -> Path:
        return self.root / "barriers" / "barriers.yaml"

    @property
    def claims_vocabulary(self) -> Path:
        return self.root / "claims" / "vocabulary.yaml"

    @property
    def gravity_panel(self) -> Path:
        return self.root / "gravity" / "yotov2016.parquet"

    # the ledger's default data and the code tables
    @property
    def ledger_data(self) -> Path:
        """The default dataset loaded into a new ledger (``ledger/manifest.yaml``)."""
        return self.root / "ledger"

    def reference(self, name: str) -> Path:
        """A code table of ``reference/`` (``hs_concordance.parquet``, ``ntm_codes.csv`` …)."""
        return self.root / "reference" / name

    @property
    def boundaries(self) -> Path:
        return self.reference("boundaries.geojson")

    def shown(self, path: Path) -> str:
        """A file of the data folder by its path there (``data/corridor/…``), another as given."""
        try:
            return f"data/{path.resolve().relative_to(self.root.resolve())}"
        except ValueError:
            return str(path)

    # levers
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

    def scenario_file(self, given: Path | str | None, *, lever: bool = False) -> Path:
        """The scenario (or, with ``lever``, lever) file a user names, from any folder: the
        path as given when it exists; else a lever's or scenario's name ("road-24-7",
        "baseline"); else a path written from the project's root ("data/scenarios/…"), read in
        this data folder. None: the baseline. A path that is none of these is returned as given
        (its reader says it does not exist)."""
        if given is None:
            return self.baseline
        path = Path(given)
        if path.exists() or path.is_absolute():
            return path
        if path.suffix == "" and len(path.parts) == 1:
            for folder in (self.levers, self.scenarios) if lever else (self.scenarios, self.levers):
                if (folder / f"{path.name}.yaml").is_file():
                    return folder / f"{path.name}.yaml"
        if (
            path.parts
            and path.parts[0] == "data"
            and (self.root.joinpath(*path.parts[1:])).exists()
        ):
            return self.root.joinpath(*path.parts[1:])
        return path

    def lever(self, name: str) -> Path:
        """The file of lever ``name``; a clear error if there is none."""
        path = self.levers / f"{name}.yaml"
        if not path.is_file():
            known = ", ".join(self.lever_names()) or "none"
            raise ScenarioError(f"no lever {name!r}; known: {known}")
        return path
