"""The embedded default dataset: real trade data shipped in ``data/ledger`` (see its SOURCES.md).

``manifest.yaml`` lists the files in load order with their format and source label; a new, empty
ledger loads them all, each as an ordinary load (so ``ledger status`` shows them like any other).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict

from corridor.ledger._load import LoadResult, Progress, load_file
from corridor.ledger._staging import quote_literal
from corridor.ledger.readers import LoadOptions


class DefaultFile(BaseModel):
    """One file of the default dataset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    format: Literal["parquet", "csv"]
    source: str
    mapping: str | None = None
    title: str
    origin: str
    producer: str
    licence: str


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pair: tuple[str, str]
    files: list[DefaultFile]
    coverage_notes: str


def read_manifest(folder: Path) -> Manifest:
    """The default dataset's manifest."""
    raw = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    return Manifest.model_validate(raw)


def seed_defaults(
    con: duckdb.DuckDBPyConnection, folder: Path, progress: Progress | None = None
) -> list[LoadResult]:
    """Load every file of the default dataset and the coverage notes."""
    manifest = read_manifest(folder)
    results = []
    for i, entry in enumerate(manifest.files, start=1):
        if progress is not None:
            progress(f"default data {i}/{len(manifest.files)}: {entry.file}")
        options = LoadOptions(
            source=entry.source,
            mapping=folder / entry.mapping if entry.mapping else None,
        )
        results.append(
            load_file(con, folder / entry.file, entry.format, options, file_label=entry.file)
        )
    (notes,) = con.execute("SELECT count(*) FROM coverage_notes").fetchone() or (0,)
    if not notes:
        path = quote_literal(str(folder / manifest.coverage_notes))
        con.execute(
            f"""INSERT INTO coverage_notes
            SELECT source, reporter, partner, flow, period_start::DATE, period_end::DATE, note,
                   source_ref
            FROM read_csv({path}, header = true, all_varchar = true)"""
        )
    return results
