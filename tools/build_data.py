"""Rebuild the embedded data in ``data/`` from the raw public files (see data/SOURCES.md).

    python tools/build_data.py RAW_DIR

RAW_DIR holds the raw files as described in data/SOURCES.md (the layout of the project's raw-data
folder). The trade files are read with corridor's own readers into a throw-away ledger and written
out as Parquet in the ledger's layout; the code tables are written as CSV/Parquet. The product never
reads RAW_DIR: it reads only what this script writes.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "src"))

from corridor.ledger import Ledger  # noqa: E402
from corridor.ledger._staging import quote_literal  # noqa: E402

#: BACI numeric codes without an ISO 3166 alpha-3 code get codes from ISO's user-assigned range.
UNASSIGNED = {
    "490": ("XOA", "Other Asia, nes"),
    "697": ("XEF", "Europe EFTA, nes"),
    "849": ("XUP", "US Misc. Pacific Isds"),
}

#: ISO 3166-2:CN provincial-level divisions (codes as revised in 2017).
CN_REGIONS = [
    ("CN-AH", "Anhui", "province"),
    ("CN-BJ", "Beijing", "municipality"),
    ("CN-CQ", "Chongqing", "municipality"),
    ("CN-FJ", "Fujian", "province"),
    ("CN-GD", "Guangdong", "province"),
    ("CN-GS", "Gansu", "province"),
    ("CN-GX", "Guangxi Zhuang", "autonomous region"),
    ("CN-GZ", "Guizhou", "province"),
    ("CN-HA", "Henan", "province"),
    ("CN-HB", "Hubei", "province"),
    ("CN-HE", "Hebei", "province"),
    ("CN-HI", "Hainan", "province"),
    ("CN-HK", "Hong Kong", "special administrative region"),
    ("CN-HL", "Heilongjiang", "province"),
    ("CN-HN", "Hunan", "province"),
    ("CN-JL", "Jilin", "province"),
    ("CN-JS", "Jiangsu", "province"),
    ("CN-JX", "Jiangxi", "province"),
    ("CN-LN", "Liaoning", "province"),
    ("CN-MO", "Macao", "special administrative region"),
    ("CN-NM", "Nei Mongol (Inner Mongolia)", "autonomous region"),
    ("CN-NX", "Ningxia Hui", "autonomous region"),
    ("CN-QH", "Qinghai", "province"),
    ("CN-SC", "Sichuan", "province"),
    ("CN-SD", "Shandong", "province"),
    ("CN-SH", "Shanghai", "municipality"),
    ("CN-SN", "Shaanxi", "province"),
    ("CN-SX", "Shanxi", "province"),
    ("CN-TJ", "Tianjin", "municipality"),
    ("CN-TW", "Taiwan", "province"),
    ("CN-XJ", "Xinjiang Uygur", "autonomous region"),
    ("CN-XZ", "Xizang (Tibet)", "autonomous region"),
    ("CN-YN", "Yunnan", "province"),
    ("CN-ZJ", "Zhejiang", "province"),
]

#: claim id → (reporter, partner, reporter_region, flow) for the curated official totals.
OFFICIAL = {
    "C01": ("CHN", "KAZ", "", "turnover"),
    "C02": ("KAZ", "CHN", "", "turnover"),
    "C03": ("KAZ", "CHN", "", "export"),
    "C04": ("KAZ", "CHN", "", "import"),
    "C05": ("KAZ", "CHN", "", "turnover"),
    "C06": ("KAZ", "CHN", "", "turnover"),
    "C07": ("CHN", "KAZ", "", "turnover"),
    "C08": ("KAZ", "CHN", "", "turnover"),
    "C09": ("CHN", "KAZ", "", "turnover"),
    "C10": ("CHN", "KAZ", "", "import"),
    "C11": ("CHN", "KAZ", "", "export"),
    "C15": ("CHN", "KAZ", "CN-XJ", "turnover"),
    "C18": ("CHN", "WLD", "CN-XJ", "turnover"),
}
UNITS = {"bn_USD": ("USD", 1e9), "bn_CNY": ("CNY", 1e9)}


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


#: ISO 3166 numeric codes of countries that BACI and UN Comtrade write with a code of their own.
ISO_NUMERIC = {"250": "FRA", "356": "IND", "578": "NOR", "756": "CHE", "840": "USA"}

#: BACI country tables shipped, by release (raw file under baci_codes/).
BACI_RELEASES = ("V202201", "V202301")


def _baci_table(raw: Path, release: str) -> list[dict[str, str]]:
    path = raw / f"baci_codes/country_codes_{release}.csv"
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def build_reference(raw: Path) -> None:
    out = DATA / "reference"
    out.mkdir(parents=True, exist_ok=True)
    baci = _baci_table(raw, "V202201")
    countries: dict[str, list[str]] = {"WLD": ["WLD", "", "World", "World (all partners)", "group"]}
    iso_codes = [["iso3", "WLD", "WLD", ""]]
    for row in sorted(baci, key=lambda r: int(r["country_code"])):
        num = row["country_code"]
        iso3, iso2 = row["iso_3digit_alpha"], row["iso_2digit_alpha"]
        kind, note = "country", ""
        if num in UNASSIGNED:
            iso3, iso2, kind = UNASSIGNED[num][0], "", "unspecified"
            note = "no ISO 3166 code; code from ISO's user-assigned range"
        if iso3 not in countries:  # the lowest numeric code names the current entity
            countries[iso3] = [
                iso3,
                iso2,
                row["country_name_abbreviation"],
                row["country_name_full"],
                kind,
            ]
            iso_codes.append(["iso3", iso3, iso3, note])
    numeric: dict[str, dict[str, tuple[str, str]]] = {}
    for release in BACI_RELEASES:
        table: dict[str, tuple[str, str]] = {}
        for row in _baci_table(raw, release):
            num = row["country_code"]
            iso3 = UNASSIGNED[num][0] if num in UNASSIGNED else row["iso_3digit_alpha"]
            note = (
                "no ISO 3166 code; code from ISO's user-assigned range"
                if num in UNASSIGNED
                else ""
                if countries[iso3][3] == row["country_name_full"]
                else f"BACI code of {row['country_name_full']}, mapped by BACI to {iso3}"
            )
            table[num] = (iso3, note)
        numeric[f"baci:{release}"] = table
    union: dict[str, tuple[str, str]] = {"0": ("WLD", "UN Comtrade: World")}
    for table in numeric.values():
        for num, entry in table.items():
            union.setdefault(num, entry)
    for num, iso3 in ISO_NUMERIC.items():
        union[num] = (iso3, "ISO 3166 numeric code (BACI and UN Comtrade write their own)")
    numeric["un"] = union
    codes = list(iso_codes)
    for scheme in ("un", *(f"baci:{r}" for r in BACI_RELEASES)):
        for num, (iso3, note) in sorted(numeric[scheme].items(), key=lambda kv: int(kv[0])):
            codes.append([scheme, num, iso3, note])
    write_csv(
        out / "countries.csv",
        ["iso3", "iso2", "name", "name_full", "kind"],
        sorted(countries.values()),
    )
    write_csv(out / "country_codes.csv", ["scheme", "code", "iso3", "note"], codes)
    write_csv(
        out / "regions.csv",
        ["code", "country", "name", "kind"],
        [[c, "CHN", n, k] for c, n, k in CN_REGIONS],
    )
    with (raw / "hs_nomenclature/sections.csv").open(encoding="utf-8-sig") as handle:
        sections = [[r["section"], r["name"]] for r in csv.DictReader(handle)]
    write_csv(out / "hs_sections.csv", ["section", "name"], sections)

    con = duckdb.connect()
    hs22 = quote_literal(str(raw / "hs_nomenclature/harmonized-system.csv"))
    hs17 = quote_literal(str(raw / "baci_codes/product_codes_HS17_V202201_with_bec.csv"))
    adb = [quote_literal(str(raw / f"baci_kaz_adb/kaz_exports_{y}.csv")) for y in (2002, 2019)]
    con.execute(f"""
        CREATE TABLE products AS
        SELECT 'HS2022' AS hs_rev, hscode AS hs_code, level::INTEGER AS level,
               nullif(parent, 'TOTAL') AS parent, section, description
        FROM read_csv({hs22}, all_varchar = true) WHERE hscode <> 'TOTAL'
        UNION ALL
        SELECT 'HS2017', code, 6, substr(code, 1, 4), NULL, description
        FROM read_csv({hs17}, all_varchar = true)
        UNION ALL
        SELECT DISTINCT 'HS2002', k, 6, substr(k, 1, 4), NULL, hs02_desc
        FROM read_csv([{", ".join(adb)}], all_varchar = true, union_by_name = true)
    """)
    con.execute(
        f"COPY (SELECT * FROM products ORDER BY ALL) TO "
        f"{quote_literal(str(out / 'products.parquet'))} (FORMAT parquet, COMPRESSION zstd)"
    )


DEFAULTS = [
    # (output file, format, raw file, load options, title, origin)
    (
        "wits_kaz_chn_exports_hs4.parquet",
        "wits",
        "wits_kaz_china_hs4/csv/kazakhstan_exports_to_china_hs4_2015_2024_wits.csv",
        {},
        "Kazakhstan-reported exports to China, HS4 (HS 2012), 2015–2024",
        "WITS job 3100908; repo AkshatSharma03/KazPaper-data-analysis, data/wits_raw/",
    ),
    (
        "wits_kaz_chn_imports_hs4.parquet",
        "wits",
        "wits_kaz_china_hs4/csv/kazakhstan_imports_from_china_hs4_2015_2024_wits.csv",
        {},
        "Kazakhstan-reported imports from China, HS4 (HS 2012), 2015–2024",
        "WITS job 3100914; repo AkshatSharma03/KazPaper-data-analysis, data/wits_raw/",
    ),
    (
        "wits_kaz_wld_exports_hs4.parquet",
        "wits",
        "wits_kaz_china_hs4/csv/kazakhstan_exports_to_world_hs4_2015_2024_wits.csv",
        {},
        "Kazakhstan-reported exports to the world, HS4 (HS 2012), 2015–2024",
        "WITS job 3100910; repo AkshatSharma03/KazPaper-data-analysis, data/wits_raw/",
    ),
    (
        "wits_kaz_wld_imports_hs4.parquet",
        "wits",
        "wits_kaz_china_hs4/csv/kazakhstan_imports_from_world_hs4_2015_2024_wits.csv",
        {},
        "Kazakhstan-reported imports from the world, HS4 (HS 2012), 2015–2024",
        "WITS job 3100916; repo AkshatSharma03/KazPaper-data-analysis, data/wits_raw/",
    ),
    (
        "wits_world_chn_hs2.parquet",
        "wits",
        "@world_hs2",
        {},
        "World (all reporters) and China trade with the world, HS2 chapters and totals, 2014–2025",
        "WITS job 3075788; repo AkshatSharma03/KazPaper, archive/misc/chinaworldimports/",
    ),
    (
        "baci_kaz_partners_hs6_2021.parquet",
        "baci",
        "baci_kaz_adb/kaz_partners_2021.csv",
        {"hs_rev": "HS2002", "source": "baci"},
        "Kazakhstan exports to CHN, RUS, DEU, GBR, GRC by HS6 (HS 2002) with tonnes, 2021 (BACI)",
        "CEPII BACI HS02 V202301 via repo ksreyes/adb-kaz-gvc, data/interim/",
    ),
    (
        "baci_kaz_wld_hs6.parquet",
        "csv",
        "@adb_world",
        {"source": "baci"},
        "Kazakhstan exports to the world by HS6 (HS 2002), 2002, 2019 and 2021 (BACI)",
        "CEPII BACI HS02 V202301 via repo ksreyes/adb-kaz-gvc, data/interim/",
    ),
]

ADB_MAPPING = {
    "source": "baci",
    "country_codes": "iso3",
    "value_scale": 1000,
    "columns": {"period": "t", "hs_code": "k", "value": "v"},
    "constants": {"reporter": "KAZ", "partner": "WLD", "flow": "export", "hs_rev": "HS2002"},
}

OFFICIAL_MAPPING = {
    "source": "official",
    "country_codes": "iso3",
    "columns": {
        "period_start": "period_start",
        "period_end": "period_end",
        "reporter": "reporter",
        "partner": "partner",
        "reporter_region": "reporter_region",
        "flow": "flow",
        "value": "value",
        "currency": "currency",
        "source_ref": "source_url",
    },
    "constants": {"hs_code": "TOTAL", "hs_rev": "n/a"},
}


def _period(text: str) -> tuple[str, str]:
    import calendar

    if ".." in text:
        start, end = text.split("..")
        y, m = map(int, end.split("-"))
        return f"{start}-01", f"{end}-{calendar.monthrange(y, m)[1]:02d}"
    return f"{text}-01-01", f"{text}-12-31"


def build_official(raw: Path) -> Path:
    with (raw / "curated_public_pages/trade_aggregate_claims.csv").open(encoding="utf-8") as handle:
        claims = {r["claim_id"]: r for r in csv.DictReader(handle)}
    rows = []
    for claim_id, (reporter, partner, region, flow) in OFFICIAL.items():
        claim = claims[claim_id]
        currency, scale = UNITS[claim["unit"]]
        start, end = _period(claim["period"])
        value = f"{round(float(claim['value']) * scale):d}"
        rows.append(
            [
                claim_id,
                start,
                end,
                reporter,
                partner,
                region,
                flow,
                value,
                currency,
                claim["reporting_side"],
                claim["note"],
                claim["source_url"],
            ]
        )
    path = DATA / "ledger/official_totals.csv"
    write_csv(
        path,
        [
            "claim_id",
            "period_start",
            "period_end",
            "reporter",
            "partner",
            "reporter_region",
            "flow",
            "value",
            "currency",
            "reporting_side",
            "note",
            "source_url",
        ],
        rows,
    )
    (DATA / "ledger/official_totals.mapping.yaml").write_text(
        yaml.safe_dump(OFFICIAL_MAPPING, sort_keys=False), encoding="utf-8"
    )
    return path


def _prepare(raw: Path, name: str, work: Path) -> Path:
    con = duckdb.connect()
    if name == "@world_hs2":
        src = quote_literal(
            str(raw / "wits_world_china_hs2/wits_job3075788_world_and_china_by_hs2_2014_2025.csv")
        )
        out = work / "world_hs2.csv"
        # Partner 'All' duplicates partner 'WLD' (sum of partners vs world); keep WLD.
        # Reporter 'All' (all reporting countries) is stored as WLD.
        con.execute(f"""COPY (
            SELECT * REPLACE (CASE WHEN ReporterISO3 = 'All' THEN 'WLD' ELSE ReporterISO3 END
                              AS ReporterISO3)
            FROM read_csv({src}, all_varchar = true) WHERE PartnerISO3 = 'WLD'
        ) TO {quote_literal(str(out))} (HEADER)""")
        return out
    if name == "@adb_world":
        files = [
            quote_literal(str(raw / f"baci_kaz_adb/kaz_exports_{y}.csv"))
            for y in (2002, 2019, 2021)
        ]
        out = work / "adb_world.csv"
        # The 2021 file lost the leading zero of k (10110 for 010110): restored here.
        con.execute(f"""COPY (
            SELECT t, lpad(k, 6, '0') AS k, v
            FROM read_csv([{", ".join(files)}], all_varchar = true, union_by_name = true)
        ) TO {quote_literal(str(out))} (HEADER)""")
        return out
    return raw / name


def build_ledger(raw: Path) -> None:
    out = DATA / "ledger"
    out.mkdir(parents=True, exist_ok=True)
    official = build_official(raw)
    manifest_files = []
    with tempfile.TemporaryDirectory() as tmp, Ledger.open(":memory:", defaults=False) as ledger:
        work = Path(tmp)
        adb_mapping = work / "adb.yaml"
        adb_mapping.write_text(yaml.safe_dump(ADB_MAPPING), encoding="utf-8")
        for file, fmt, raw_name, opts, title, origin in DEFAULTS:
            path = _prepare(raw, raw_name, work)
            mapping = adb_mapping if fmt == "csv" else None
            result = ledger.load(path, format=fmt, mapping=mapping, **opts)  # type: ignore[arg-type]
            print(f"{file}: {result.rows} rows from {path.name}")
            ledger.connection.execute(
                f"""COPY (
                    SELECT period_start, period_end, reporter, partner, reporter_region, flow,
                           hs_rev, hs_code, value_usd, quantity, quantity_unit, source_ref
                    FROM flows WHERE load_id = ?
                    ORDER BY period_start, reporter, partner, flow, hs_code
                ) TO {quote_literal(str(out / file))} (FORMAT parquet, COMPRESSION zstd)""",
                [result.load_id],
            )
            producer = (
                "CEPII (BACI)" if result.source == "baci" else "World Bank WITS (UN Comtrade)"
            )
            licence = (
                "Etalab Open Licence 2.0; cite CEPII BACI, Gaulier & Zignago (2010)"
                if result.source == "baci"
                else "UN Comtrade terms via WITS: extracts with attribution"
            )
            manifest_files.append(
                {
                    "file": file,
                    "format": "parquet",
                    "source": result.source,
                    **({"basis": "reconciled"} if result.source == "baci" else {}),
                    "title": title,
                    "origin": origin,
                    "producer": producer,
                    "licence": licence,
                }
            )
    manifest_files.append(
        {
            "file": official.name,
            "format": "csv",
            "source": "official",
            "mapping": "official_totals.mapping.yaml",
            "title": "Official KAZ–CHN and Xinjiang trade totals as published "
            "(each row cites its page)",
            "origin": "hand-compiled from public pages "
            "(curated_public_pages/trade_aggregate_claims.csv)",
            "producer": "GACC, Kazakhstan Bureau of National Statistics and ministries, "
            "as reported",
            "licence": "facts with citations; released with the project's data",
        }
    )
    manifest = {
        "pair": ["KAZ", "CHN"],
        "files": manifest_files,
        "coverage_notes": "coverage_notes.csv",
    }
    (out / "manifest.yaml").write_text(
        "# Generated by tools/build_data.py; load order of the default dataset.\n"
        + yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    raw = Path(sys.argv[1]).resolve()
    build_reference(raw)
    build_ledger(raw)


if __name__ == "__main__":
    main()
