"""Code tables (countries, codes by scheme, regions, HS products) from ``data/reference``."""

from __future__ import annotations

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


def load_reference(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Fill the code tables that exist and are empty, in one transaction."""
    existing = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    con.execute("BEGIN TRANSACTION")
    try:
        for table, (file_name, columns) in REFERENCE_TABLES.items():
            if table not in existing:
                continue
            (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,)
            if count:
                continue
            path = quote_literal(str(folder / file_name))
            cols = ", ".join(columns)
            if file_name.endswith(".parquet"):
                source = f"read_parquet({path})"
            else:
                types = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
                source = f"read_csv({path}, header = true, auto_detect = false, columns = {types})"
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {source}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
