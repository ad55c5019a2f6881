"""The embedded default dataset: real trade data shipped in ``data/ledger`` (see its SOURCES.md).

``manifest.yaml`` lists the files in load order with their format and source label; a new, empty
ledger loads them all, each as an ordinary load (so ``ledger status`` shows them like any other).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb
from pydantic import BaseModel, ConfigDict

from corridor.ledger._candidates import refresh_candidates
from corridor.ledger._load import LoadResult, Progress, file_sha256, load_file
from corridor.ledger._schema import FLOW_TABLES
from corridor.ledger._staging import quote_literal
from corridor.ledger.readers import LoadOptions
from corridor.yaml_files import load_yaml


class DefaultFile(BaseModel):
    """One file of the default dataset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    format: Literal["parquet", "csv"]
    source: str
    basis: Literal["reported", "reconciled"] = "reported"
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
    raw = load_yaml((folder / "manifest.yaml").read_text(encoding="utf-8"))
    return Manifest.model_validate(raw)


DEFAULT_ORIGIN = "default-data"


def has_default_loads(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the ledger holds loads of the embedded dataset."""
    (n,) = con.execute(
        "SELECT count(*) FROM loads WHERE json_extract_string(options, '$.origin') = ?",
        [DEFAULT_ORIGIN],
    ).fetchone() or (0,)
    return bool(n)


def defaults_current(con: duckdb.DuckDBPyConnection, folder: Path) -> bool:
    """Whether the ledger holds this release's embedded dataset (or none was ever wanted: a
    ledger of the user's own loads only), read without writing."""
    loaded = dict(
        con.execute(
            "SELECT file_name, sha256 FROM loads "
            "WHERE json_extract_string(options, '$.origin') = ?",
            [DEFAULT_ORIGIN],
        ).fetchall()
    )
    (n,) = con.execute("SELECT count(*) FROM loads").fetchone() or (0,)
    if n and not loaded:
        return True
    manifest = read_manifest(folder)
    return all(loaded.get(e.file) == file_sha256(folder / e.file) for e in manifest.files)


def sync_defaults(
    con: duckdb.DuckDBPyConnection, folder: Path, progress: Progress | None = None
) -> list[LoadResult]:
    """Bring the embedded dataset in the ledger up to this release's files.

    A file not yet loaded is loaded; a file whose content changed since it was loaded is loaded
    anew and its old load removed (only loads of the embedded dataset are ever removed). The
    coverage notes are replaced by this release's.
    """
    manifest = read_manifest(folder)
    loaded = {
        name: (int(load_id), sha)
        for load_id, name, sha in con.execute(
            "SELECT load_id, file_name, sha256 FROM loads "
            "WHERE json_extract_string(options, '$.origin') = ?",
            [DEFAULT_ORIGIN],
        ).fetchall()
    }
    results = []
    todo = [
        (i, entry, loaded.get(entry.file))
        for i, entry in enumerate(manifest.files, start=1)
        if loaded.get(entry.file) is None
        or loaded[entry.file][1] != file_sha256(folder / entry.file)
    ]
    for i, entry, previous in todo:
        path = folder / entry.file
        if progress is not None:
            progress(f"default data {i}/{len(manifest.files)}: {entry.file}")
        options = LoadOptions(
            source=entry.source,
            mapping=folder / entry.mapping if entry.mapping else None,
            origin=DEFAULT_ORIGIN,
            basis=entry.basis if entry.format == "parquet" else None,
        )
        # the candidate figures are rebuilt once, by the batch's last load (each load stays
        # atomic; a batch cut short is taken up again on the next open, its last load then)
        last = entry is todo[-1][1] and previous is None
        results.append(
            load_file(con, path, entry.format, options, file_label=entry.file, refresh=last)
        )
        if previous is not None:
            _retire(con, previous[0])
    notes = quote_literal(str(folder / manifest.coverage_notes))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _notes AS
            SELECT source, reporter, partner, flow, period_start::DATE AS period_start,
                   period_end::DATE AS period_end, note, source_ref
            FROM read_csv({notes}, header = true, all_varchar = true)"""
        )
        (changed,) = con.execute(
            """SELECT count(*) FROM (
                (SELECT * FROM _notes EXCEPT SELECT * FROM coverage_notes)
                UNION ALL (SELECT * FROM coverage_notes EXCEPT SELECT * FROM _notes))"""
        ).fetchone() or (0,)
        if changed or results:
            con.execute("DELETE FROM coverage_notes")
            con.execute("INSERT INTO coverage_notes SELECT * FROM _notes")
            refresh_candidates(con)
        con.execute("DROP TABLE _notes")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def _retire(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """Remove a superseded load of the embedded dataset, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in (*FLOW_TABLES, "coverage_chapters", "rejects", "loads"):
            con.execute(f"DELETE FROM {table} WHERE load_id = ?", [load_id])
        refresh_candidates(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
