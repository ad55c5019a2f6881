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
}


def load_reference(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Fill the code tables that are empty, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table, (file_name, columns) in REFERENCE_TABLES.items():
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
