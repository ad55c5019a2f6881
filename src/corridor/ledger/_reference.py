"""Code tables (countries, codes by scheme, regions, HS products, exchange rates) from
``data/reference``, kept in step with the shipped files.

Each table is refilled when its shipped file changes (its SHA-256 is kept in
``reference_files``). Rows a user added (``fx_rates`` and ``country_codes`` with ``origin`` other
than ``shipped``) are never touched.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from corridor.ledger._staging import quote_literal

#: table → (file in data/reference, its columns in order)
REFERENCE_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "countries": ("countries.csv", ("iso3", "iso2", "name", "name_full", "kind")),
    "country_codes": ("country_codes.csv", ("scheme", "code", "iso3", "note")),
    "regions": ("regions.csv", ("code", "country", "name", "kind")),
    "hs_sections": ("hs_sections.csv", ("section", "name")),
    "products": (
        "products.parquet",
        ("hs_rev", "hs_code", "level", "parent", "section", "description"),
    ),
    "fx_rates": (
        "fx_rates.csv",
        ("currency", "period_start", "period_end", "kind", "units_per_usd", "source", "source_ref"),
    ),
}

#: Tables whose rows a user may add to: only their shipped rows are replaced.
_USER_ROWS = {"fx_rates", "country_codes"}
_KEYS = {
    "fx_rates": (("currency", "VARCHAR"), ("period_start", "DATE"), ("period_end", "DATE")),
    "country_codes": (("scheme", "VARCHAR"), ("code", "VARCHAR")),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_reference(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Bring the code tables up to the shipped files, in one transaction (no-op when current)."""
    existing = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    tracked = "reference_files" in existing
    known: dict[str, str] = (
        dict(con.execute("SELECT file, sha256 FROM reference_files").fetchall()) if tracked else {}
    )
    todo = []
    for table, (file_name, columns) in REFERENCE_TABLES.items():
        if table not in existing:
            continue
        digest = _sha256(folder / file_name)
        if tracked and known.get(file_name) == digest:
            continue
        if not tracked:
            (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,)
            if count:
                continue
        todo.append((table, file_name, columns, digest))
    if not todo:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for table, file_name, columns, digest in todo:
            user_rows = table in _USER_ROWS and tracked
            con.execute(f"DELETE FROM {table}" + (" WHERE origin = 'shipped'" if user_rows else ""))
            path = quote_literal(str(folder / file_name))
            cols = ", ".join(columns)
            if file_name.endswith(".parquet"):
                source = f"read_parquet({path})"
            else:
                types = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
                source = f"read_csv({path}, header = true, auto_detect = false, columns = {types})"
            if user_rows:  # a user's row for the same key keeps its place
                same = " AND ".join(f"u.{k} = s.{k}::{t}" for k, t in _KEYS[table])
                con.execute(
                    f"""INSERT INTO {table} ({cols})
                    SELECT {cols} FROM {source} s
                    WHERE NOT EXISTS (SELECT 1 FROM {table} u WHERE {same})"""
                )
            else:
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {source}")
            if tracked:
                con.execute(
                    "INSERT OR REPLACE INTO reference_files VALUES (?, ?)", [file_name, digest]
                )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
