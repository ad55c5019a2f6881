"""The ledger's schema and its migrations.

Each migration is a list of SQL statements applied in one transaction; ``schema_version`` records
which have run. Opening an older ledger applies the missing ones in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

#: Chapters a period lacks count against its completeness when, over the series' other periods,
#: they are usually present and their median share of the period's value adds up to at least this.
MISSING_SHARE_THRESHOLD_PCT = 1.0

FLOW_KINDS = ("export", "import", "re-export", "re-import", "turnover")

_V1_CORE = [
    """CREATE TABLE schema_version (
        version INTEGER NOT NULL PRIMARY KEY,
        applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE TABLE loads (
        load_id INTEGER NOT NULL PRIMARY KEY,
        source VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL UNIQUE,
        rows BIGINT NOT NULL,
        rejected BIGINT NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('complete', 'quarantined')),
        options VARCHAR NOT NULL
    )""",
    f"""CREATE TABLE flows (
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        reporter VARCHAR NOT NULL,
        partner VARCHAR NOT NULL,
        reporter_region VARCHAR,
        flow VARCHAR NOT NULL CHECK (flow IN {FLOW_KINDS!r}),
        hs_rev VARCHAR NOT NULL,
        hs_code VARCHAR NOT NULL,
        value_usd DECIMAL(18, 2) NOT NULL,
        quantity DECIMAL(18, 3),
        quantity_unit VARCHAR,
        source VARCHAR NOT NULL,
        source_ref VARCHAR,
        load_id INTEGER NOT NULL
    )""",
    """CREATE TABLE rejects (
        load_id INTEGER NOT NULL,
        line BIGINT,
        column_name VARCHAR,
        value VARCHAR,
        reason VARCHAR NOT NULL
    )""",
    """CREATE TABLE countries (
        iso3 VARCHAR NOT NULL PRIMARY KEY,
        iso2 VARCHAR,
        name VARCHAR NOT NULL,
        name_full VARCHAR NOT NULL,
        kind VARCHAR NOT NULL CHECK (kind IN ('country', 'group', 'unspecified'))
    )""",
    """CREATE TABLE country_codes (
        scheme VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        iso3 VARCHAR NOT NULL,
        note VARCHAR,
        PRIMARY KEY (scheme, code)
    )""",
    """CREATE TABLE regions (
        code VARCHAR NOT NULL PRIMARY KEY,
        country VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL
    )""",
    """CREATE TABLE hs_sections (
        section VARCHAR NOT NULL PRIMARY KEY,
        name VARCHAR NOT NULL
    )""",
    """CREATE TABLE products (
        hs_rev VARCHAR NOT NULL,
        hs_code VARCHAR NOT NULL,
        level INTEGER NOT NULL,
        parent VARCHAR,
        section VARCHAR,
        description VARCHAR NOT NULL,
        PRIMARY KEY (hs_rev, hs_code)
    )""",
]

_COVERAGE_VIEW = f"""
CREATE OR REPLACE VIEW coverage AS
WITH cells AS (
    SELECT c.*, date_diff('month', c.period_start, c.period_end + 1) AS months
    FROM coverage_chapters c
),
periods AS (
    SELECT load_id, source, reporter, partner, reporter_region, flow, hs_rev,
           period_start, period_end, months,
           sum(value_usd) FILTER (WHERE chapter <> 'TOTAL') AS value_usd,
           sum(value_usd) FILTER (WHERE chapter = 'TOTAL') AS total_usd,
           list(chapter ORDER BY chapter) FILTER (WHERE chapter <> 'TOTAL') AS chapters,
           sum(rows) AS rows
    FROM cells GROUP BY ALL
),
series_periods AS (
    SELECT source, reporter, partner, reporter_region, flow, hs_rev, months,
           count(DISTINCT period_start) AS n_periods
    FROM periods WHERE chapters IS NOT NULL GROUP BY ALL
),
shares AS (
    SELECT c.source, c.reporter, c.partner, c.reporter_region, c.flow, c.hs_rev, c.months,
           c.chapter, c.period_start,
           c.value_usd / nullif(p.value_usd, 0) AS share
    FROM cells c JOIN periods p USING (load_id, period_start, period_end, reporter, partner,
                                       flow, hs_rev)
    WHERE c.chapter <> 'TOTAL'
      AND c.reporter_region IS NOT DISTINCT FROM p.reporter_region
),
typical AS (
    SELECT source, reporter, partner, reporter_region, flow, hs_rev, months, chapter,
           count(DISTINCT period_start) AS n_present,
           median(share) AS median_share
    FROM shares GROUP BY ALL
),
expected AS (
    SELECT t.*, s.n_periods
    FROM typical t JOIN series_periods s
      USING (source, reporter, partner, flow, hs_rev, months)
    WHERE t.reporter_region IS NOT DISTINCT FROM s.reporter_region
      AND s.n_periods >= 3 AND t.n_present * 2 >= s.n_periods
),
missing AS (
    SELECT p.load_id, p.period_start, p.period_end, p.reporter, p.partner, p.reporter_region,
           p.flow, p.hs_rev,
           list(e.chapter ORDER BY e.chapter) AS missing_chapters,
           100 * sum(e.median_share) AS missing_share_pct
    FROM periods p JOIN expected e
      ON e.source = p.source AND e.reporter = p.reporter AND e.partner = p.partner
     AND e.reporter_region IS NOT DISTINCT FROM p.reporter_region
     AND e.flow = p.flow AND e.hs_rev = p.hs_rev AND e.months = p.months
    WHERE p.chapters IS NOT NULL AND NOT list_contains(p.chapters, e.chapter)
    GROUP BY ALL
),
series_size AS (
    SELECT p.*, s.n_periods
    FROM periods p LEFT JOIN series_periods s
      ON s.source = p.source AND s.reporter = p.reporter AND s.partner = p.partner
     AND s.reporter_region IS NOT DISTINCT FROM p.reporter_region
     AND s.flow = p.flow AND s.hs_rev = p.hs_rev AND s.months = p.months
)
SELECT p.load_id, p.source, p.reporter, p.partner, p.reporter_region, p.flow, p.hs_rev,
       p.period_start, p.period_end, p.rows,
       coalesce(len(p.chapters), 0) AS n_chapters,
       p.chapters,
       coalesce(p.value_usd, p.total_usd) AS value_usd,
       coalesce(m.missing_chapters, []::VARCHAR[]) AS missing_chapters,
       coalesce(m.missing_share_pct, 0.0) AS missing_share_pct,
       n.note,
       CASE
         WHEN n.note IS NOT NULL THEN 'incomplete'
         WHEN p.chapters IS NULL THEN 'aggregate'
         WHEN coalesce(m.missing_share_pct, 0) >= {MISSING_SHARE_THRESHOLD_PCT} THEN 'incomplete'
         WHEN p.n_periods < 3 THEN 'unchecked'
         ELSE 'complete'
       END AS status
FROM series_size p
LEFT JOIN missing m
  ON m.load_id = p.load_id AND m.period_start = p.period_start AND m.period_end = p.period_end
 AND m.reporter = p.reporter AND m.partner = p.partner AND m.flow = p.flow
 AND m.hs_rev = p.hs_rev AND m.reporter_region IS NOT DISTINCT FROM p.reporter_region
LEFT JOIN (
    SELECT source, reporter, partner, flow, period_start, period_end,
           string_agg(note, '; ' ORDER BY note) AS note
    FROM coverage_notes GROUP BY ALL
) n
  ON n.source = p.source AND n.reporter = p.reporter AND n.partner = p.partner
 AND n.flow = p.flow AND n.period_start <= p.period_start AND n.period_end >= p.period_end
"""

#: Fills coverage_chapters for one load from its flows (parameter: the load id; ``{rows}``: where
#: its rows are, :func:`write_coverage`): per cell and chapter, the value at the coarsest level
#: the load holds within the chapter.
COVERAGE_FOR_LOAD = """
WITH lv AS (
    SELECT load_id, source, reporter, partner, reporter_region, flow::VARCHAR AS flow,
           hs_rev::VARCHAR AS hs_rev, period_start, period_end,
           CASE WHEN hs_code = 'TOTAL' THEN 'TOTAL' ELSE substr(hs_code, 1, 2) END AS chapter,
           CASE WHEN hs_code = 'TOTAL' THEN 0 ELSE length(hs_code) END AS level,
           count(*) AS rows, sum(value_usd) AS value_usd
    FROM {rows} WHERE load_id = $load GROUP BY ALL
)
SELECT load_id, source, reporter, partner, reporter_region, flow, hs_rev, period_start,
       period_end, chapter, sum(rows) AS rows, arg_min(value_usd, level) AS value_usd,
       min(level) AS level, max(level) AS finest
FROM lv GROUP BY ALL
"""

_KEY_HASH = (
    "hash(period_start, period_end, reporter, partner, reporter_region, flow, hs_rev, hs_code)"
)
#: Whether any hash of one load's keys repeats: counting distinct values of one column is about
#: twice as fast as grouping by it, and no repeated hash means no repeated key.
_REPEATED_HASHES = f"""
SELECT count(*) - count(DISTINCT {_KEY_HASH}) FROM {{rows}} WHERE load_id = $load
"""
#: Hashes of one load's keys that occur more than once (one column groups much faster than
#: eight); a collision is then told from a true duplicate by the full key.
_DUPLICATE_HASHES = f"""
SELECT {_KEY_HASH} AS h FROM {{rows}} WHERE load_id = $load GROUP BY h HAVING count(*) > 1
"""
_DUPLICATE_KEYS = f"""
SELECT count(*) FROM (
    SELECT 1 FROM {{rows}}
    WHERE load_id = $load AND list_contains($hashes, {_KEY_HASH})
    GROUP BY period_start, period_end, reporter, partner, reporter_region, flow, hs_rev, hs_code
    HAVING count(*) > 1
)
"""

#: The columns of coverage_chapters, in order.
COVERAGE_COLUMNS = (
    "load_id, source, reporter, partner, reporter_region, flow, hs_rev, period_start, "
    "period_end, chapter, rows, value_usd, level, finest"
)


#: Threads DuckDB plans the distinct count of a load's keys with, at least. Its hash aggregate
#: splits into partitions by the number of threads; with two (a two-core machine) the table of
#: ten million keys is one large one, and the count took 0.45 s; with the partitions of four,
#: 0.19 s, on the same two cores.
KEY_COUNT_THREADS = 4


def duplicate_keys(con: duckdb.DuckDBPyConnection, load_id: int, rows: str = "flows") -> int:
    """How many keys of a load's flows occur more than once (``rows``: where the load's rows
    are, as :func:`~corridor.ledger._checks.rows_of` says; by default the ``flows`` view)."""
    repeated_sql = _REPEATED_HASHES.format(rows=rows)
    (threads,) = con.execute("SELECT current_setting('threads')").fetchone() or (1,)
    if int(threads) < KEY_COUNT_THREADS:
        con.execute(f"SET threads = {KEY_COUNT_THREADS}")
    try:
        (repeated,) = con.execute(repeated_sql, {"load": load_id}).fetchone() or (0,)
    finally:
        con.execute(f"SET threads = {int(threads)}")
    if not repeated:
        return 0
    found = con.execute(_DUPLICATE_HASHES.format(rows=rows), {"load": load_id}).fetchmany(10_001)
    hashes = [h for (h,) in found]
    if not hashes:
        return 0
    (n,) = con.execute(
        _DUPLICATE_KEYS.format(rows=rows), {"load": load_id, "hashes": hashes}
    ).fetchone() or (0,)
    return int(n) if len(hashes) <= 10_000 else max(int(n), 1)


def write_coverage(con: duckdb.DuckDBPyConnection, load_id: int, rows: str = "flows") -> None:
    """Compute one load's coverage into coverage_chapters (``rows``: as for
    :func:`duplicate_keys`)."""
    con.execute(
        f"INSERT INTO coverage_chapters ({COVERAGE_COLUMNS}) {COVERAGE_FOR_LOAD.format(rows=rows)}",
        {"load": load_id},
    )


_V2_COVERAGE = [
    """CREATE TABLE coverage_chapters (
        load_id INTEGER NOT NULL,
        source VARCHAR NOT NULL,
        reporter VARCHAR NOT NULL,
        partner VARCHAR NOT NULL,
        reporter_region VARCHAR,
        flow VARCHAR NOT NULL,
        hs_rev VARCHAR NOT NULL,
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        chapter VARCHAR NOT NULL,
        rows BIGINT NOT NULL,
        value_usd DECIMAL(38, 2) NOT NULL
    )""",
    """CREATE TABLE coverage_notes (
        source VARCHAR NOT NULL,
        reporter VARCHAR NOT NULL,
        partner VARCHAR NOT NULL,
        flow VARCHAR NOT NULL,
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        note VARCHAR NOT NULL,
        source_ref VARCHAR NOT NULL
    )""",
    _COVERAGE_VIEW,
]


def _backfill_coverage(con: duckdb.DuckDBPyConnection) -> None:
    """Compute chapter coverage for loads made before coverage was recorded (schema 2)."""
    for (load_id,) in con.execute("SELECT load_id FROM loads ORDER BY load_id").fetchall():
        con.execute(
            """INSERT INTO coverage_chapters
            SELECT load_id, source, reporter, partner, reporter_region, flow, hs_rev,
                   period_start, period_end,
                   CASE WHEN hs_code = 'TOTAL' THEN 'TOTAL' ELSE substr(hs_code, 1, 2) END,
                   count(*), sum(value_usd)
            FROM flows WHERE load_id = ? GROUP BY ALL""",
            [load_id],
        )


@dataclass(frozen=True)
class Migration:
    version: int
    title: str
    statements: tuple[str, ...]
    after: Callable[[duckdb.DuckDBPyConnection], None] | None = None


_V3_CURRENCIES = [
    """CREATE TABLE fx_rates (
        currency VARCHAR NOT NULL,
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        kind VARCHAR NOT NULL CHECK (kind IN ('annual average', 'monthly average')),
        units_per_usd DOUBLE NOT NULL CHECK (units_per_usd > 0),
        source VARCHAR NOT NULL,
        source_ref VARCHAR NOT NULL,
        PRIMARY KEY (currency, period_start, period_end)
    )""",
    "ALTER TABLE flows ADD COLUMN value_reported DECIMAL(20, 2)",
    "ALTER TABLE flows ADD COLUMN currency VARCHAR",
    "ALTER TABLE flows ADD COLUMN fx_rate DOUBLE",
]

_V4_TARGETS = [
    """CREATE TABLE targets (
        id VARCHAR NOT NULL PRIMARY KEY,
        title VARCHAR NOT NULL,
        metric VARCHAR NOT NULL,
        reporter VARCHAR,
        partner VARCHAR,
        reporter_region VARCHAR,
        value DOUBLE,
        multiple_of_baseline DOUBLE,
        unit VARCHAR NOT NULL,
        deadline DATE,
        assess_by DATE NOT NULL,
        source_title VARCHAR NOT NULL,
        source_url VARCHAR,
        source_verified BOOLEAN NOT NULL,
        spec VARCHAR NOT NULL
    )""",
]

_V5_SIM = [
    """CREATE TABLE sim_results (
        run_id INTEGER NOT NULL,
        scenario VARCHAR NOT NULL,
        scenario_hash VARCHAR NOT NULL,
        seed BIGINT NOT NULL,
        replications INTEGER NOT NULL,
        days INTEGER NOT NULL,
        crossing VARCHAR NOT NULL,
        direction VARCHAR NOT NULL,
        metric VARCHAR NOT NULL,
        mean DOUBLE NOT NULL,
        ci_low DOUBLE NOT NULL,
        ci_high DOUBLE NOT NULL,
        created_at TIMESTAMP NOT NULL
    )""",
]

_V6_BARRIERS = [
    """CREATE TABLE barrier_files (
        sha256 VARCHAR NOT NULL PRIMARY KEY,
        file VARCHAR NOT NULL,
        records INTEGER NOT NULL,
        added_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE barriers (
        id VARCHAR NOT NULL PRIMARY KEY,
        title VARCHAR NOT NULL,
        imposing VARCHAR NOT NULL,
        affected VARCHAR[] NOT NULL,
        mast_code VARCHAR NOT NULL,
        hs_rev VARCHAR,
        hs_codes VARCHAR[] NOT NULL,
        crossings VARCHAR[] NOT NULL,
        start_date DATE,
        end_date DATE,
        status VARCHAR NOT NULL,
        legal_ref VARCHAR,
        description VARCHAR NOT NULL,
        source_document VARCHAR NOT NULL,
        source_quote VARCHAR,
        source_paraphrase VARCHAR,
        source_url VARCHAR,
        source_date DATE,
        source_verified BOOLEAN NOT NULL,
        origin VARCHAR NOT NULL,
        record VARCHAR NOT NULL
    )""",
]

_V7_CLAIMS = [
    "CREATE SEQUENCE documents_seq START 1",
    """CREATE TABLE documents (
        doc_id INTEGER NOT NULL PRIMARY KEY DEFAULT nextval('documents_seq'),
        name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL UNIQUE,
        title VARCHAR,
        date DATE,
        date_source VARCHAR NOT NULL,
        source VARCHAR,
        text VARCHAR NOT NULL,
        added_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE claims (
        doc_id INTEGER NOT NULL REFERENCES documents (doc_id),
        idx INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        value_max DOUBLE,
        unit VARCHAR NOT NULL,
        measure VARCHAR NOT NULL,
        period_start DATE,
        period_end DATE,
        subjects VARCHAR[] NOT NULL,
        qualifier VARCHAR,
        relation VARCHAR,
        equivalent_of INTEGER,
        PRIMARY KEY (doc_id, idx)
    )""",
]

HS_REVISION_VALUES = ("HS1992", "HS1996", "HS2002", "HS2007", "HS2012", "HS2017", "HS2022", "n/a")

#: What `coverage` shows: one row per load and cell, judged (see ``_candidates``).
_COVERAGE_V8 = """
CREATE OR REPLACE VIEW coverage AS
SELECT load_id, source, reporter, partner, reporter_region, flow, hs_rev, period_start,
       period_end, rows, n_chapters, chapters, value_usd, is_total, status, reason, reference,
       reference_pct, missing_chapters, missing_share_pct, note, choice
FROM candidates
"""

#: The rows of the figure chosen for each cell: what a user's own SQL can sum without counting
#: anything twice (one load per cell, each chapter at one level, or the published total).
_FLOWS_BEST = """
CREATE OR REPLACE VIEW flows_best AS
SELECT f.*, c.status AS coverage_status
FROM flows f
JOIN candidates c
  ON c.choice = 1 AND c.status NOT IN ('partial', 'superseded')
 AND c.load_id = f.load_id AND c.reporter = f.reporter AND c.partner = f.partner
 AND c.reporter_region IS NOT DISTINCT FROM f.reporter_region AND c.flow = f.flow
 AND c.period_start = f.period_start AND c.period_end = f.period_end
 AND c.is_total = (f.hs_code = 'TOTAL')
JOIN coverage_chapters cc
  ON cc.load_id = f.load_id AND cc.reporter = f.reporter AND cc.partner = f.partner
 AND cc.reporter_region IS NOT DISTINCT FROM f.reporter_region AND cc.flow = f.flow
 AND cc.hs_rev = f.hs_rev AND cc.period_start = f.period_start AND cc.period_end = f.period_end
 AND cc.chapter = CASE WHEN f.hs_code = 'TOTAL' THEN 'TOTAL' ELSE substr(f.hs_code, 1, 2) END
 AND cc.level = CASE WHEN f.hs_code = 'TOTAL' THEN 0 ELSE length(f.hs_code) END
"""


def _v8_flows(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild flows with closed types, coverage by level, and judge every load's cells."""
    from corridor.ledger._candidates import CREATE_TABLE, refresh_candidates

    con.execute(
        """CREATE TABLE flows_v8 (
            period_start DATE NOT NULL,
            period_end DATE NOT NULL,
            reporter VARCHAR NOT NULL,
            partner VARCHAR NOT NULL,
            reporter_region VARCHAR,
            flow flow_kind NOT NULL,
            hs_rev hs_revision NOT NULL,
            hs_code VARCHAR NOT NULL,
            value_usd DECIMAL(18, 2) NOT NULL,
            quantity DECIMAL(18, 3),
            quantity_unit VARCHAR,
            source VARCHAR NOT NULL,
            source_ref VARCHAR,
            load_id INTEGER NOT NULL,
            value_reported DECIMAL(20, 2),
            currency VARCHAR,
            fx_rate DOUBLE
        )"""
    )
    con.execute("INSERT INTO flows_v8 SELECT * FROM flows")
    con.execute("DROP VIEW IF EXISTS coverage")
    con.execute("DROP TABLE flows")
    con.execute("ALTER TABLE flows_v8 RENAME TO flows")
    con.execute("DROP TABLE coverage_chapters")
    con.execute(
        """CREATE TABLE coverage_chapters (
            load_id INTEGER NOT NULL,
            source VARCHAR NOT NULL,
            reporter VARCHAR NOT NULL,
            partner VARCHAR NOT NULL,
            reporter_region VARCHAR,
            flow VARCHAR NOT NULL,
            hs_rev VARCHAR NOT NULL,
            period_start DATE NOT NULL,
            period_end DATE NOT NULL,
            chapter VARCHAR NOT NULL,
            rows BIGINT NOT NULL,
            value_usd DECIMAL(38, 2) NOT NULL,
            level INTEGER NOT NULL,
            finest INTEGER NOT NULL
        )"""
    )
    for (load_id,) in con.execute("SELECT load_id FROM loads ORDER BY load_id").fetchall():
        write_coverage(con, int(load_id))
    con.execute(CREATE_TABLE)
    refresh_candidates(con)
    con.execute(_COVERAGE_V8)
    con.execute(_FLOWS_BEST)


_V8_SOURCES = [
    "CREATE TYPE flow_kind AS ENUM " + repr(FLOW_KINDS),
    "CREATE TYPE hs_revision AS ENUM " + repr(HS_REVISION_VALUES),
    # reported: a country's own statistics; reconciled: an estimate built from both sides (BACI)
    "ALTER TABLE loads ADD COLUMN basis VARCHAR NOT NULL DEFAULT 'reported'",
    "UPDATE loads SET basis = 'reconciled' WHERE format = 'baci' OR source = 'baci'",
    "ALTER TABLE loads ADD COLUMN notes VARCHAR",
    "ALTER TABLE loads ADD COLUMN bytes BIGINT",
    "ALTER TABLE fx_rates ADD COLUMN origin VARCHAR NOT NULL DEFAULT 'shipped'",
    "ALTER TABLE country_codes ADD COLUMN origin VARCHAR NOT NULL DEFAULT 'shipped'",
    """CREATE TABLE reference_files (
        file VARCHAR NOT NULL PRIMARY KEY,
        sha256 VARCHAR NOT NULL
    )""",
    # the shipped barrier and target registries are read from their files, never stored
    "DELETE FROM barriers WHERE origin = 'default-data'",
    "DROP TABLE targets",
]

_V9_SIM_REPORTS = [
    # a whole run (its JSON) by scenario hash and run settings: found again, never rerun
    """CREATE TABLE sim_reports (
        scenario_hash VARCHAR NOT NULL,
        settings VARCHAR NOT NULL,
        scenario VARCHAR NOT NULL,
        report VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (scenario_hash, settings)
    )""",
    "ALTER TABLE sim_results ADD COLUMN settings VARCHAR",
]

#: The columns of ``flows``, in order.
FLOW_COLUMNS = (
    "period_start, period_end, reporter, partner, reporter_region, flow, hs_rev, hs_code, "
    "value_usd, quantity, quantity_unit, source, source_ref, load_id, value_reported, currency, "
    "fx_rate"
)

_V10_LEAN = [
    # every row with every column, as before (any format)
    "ALTER TABLE flows RENAME TO flow_rows",
    # a load whose every row shares its region, flow kind, HS revision, quantity unit and source
    # reference, in US dollars (a BACI file): eight columns a row, the rest once in
    # load_constants (a 10-million-row world year is written in two thirds of the time)
    """CREATE TABLE flow_rows_lean (
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        reporter VARCHAR NOT NULL,
        partner VARCHAR NOT NULL,
        hs_code VARCHAR NOT NULL,
        value_usd DECIMAL(18, 2) NOT NULL,
        quantity DECIMAL(18, 3),
        load_id INTEGER NOT NULL
    )""",
    """CREATE TABLE load_constants (
        load_id INTEGER NOT NULL PRIMARY KEY,
        source VARCHAR NOT NULL,
        reporter_region VARCHAR,
        flow flow_kind NOT NULL,
        hs_rev hs_revision NOT NULL,
        quantity_unit VARCHAR,  -- of every row that has a quantity
        source_ref VARCHAR
    )""",
    f"""CREATE VIEW flows AS
    SELECT {FLOW_COLUMNS} FROM flow_rows
    UNION ALL
    SELECT r.period_start, r.period_end, r.reporter, r.partner, c.reporter_region, c.flow,
           c.hs_rev, r.hs_code, r.value_usd, r.quantity,
           CASE WHEN r.quantity IS NOT NULL THEN c.quantity_unit END, c.source, c.source_ref,
           r.load_id, NULL::DECIMAL(20, 2), NULL::VARCHAR, NULL::DOUBLE
    FROM flow_rows_lean r JOIN load_constants c USING (load_id)""",
]

#: How each claim is dated and whether it is a goal or a forecast (NULL for claims stored
#: before: not known, not "none")
_V11_CLAIM_DATING = [
    "ALTER TABLE claims ADD COLUMN outlook VARCHAR",
    "ALTER TABLE claims ADD COLUMN dated_by VARCHAR",
    "ALTER TABLE claims ADD COLUMN dated_at INTEGER",
]

#: The tables holding a load's rows (what removing a load deletes from).
FLOW_TABLES = ("flow_rows", "flow_rows_lean", "load_constants")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "flows, loads, rejects and code tables", tuple(_V1_CORE)),
    Migration(2, "chapter coverage per load", tuple(_V2_COVERAGE), after=_backfill_coverage),
    Migration(
        3, "values reported in other currencies, dated exchange rates", tuple(_V3_CURRENCIES)
    ),
    Migration(4, "the targets registry", tuple(_V4_TARGETS)),
    Migration(5, "simulation results", tuple(_V5_SIM)),
    Migration(6, "the trade-barrier registry", tuple(_V6_BARRIERS)),
    Migration(7, "documents and the claims extracted from them", tuple(_V7_CLAIMS)),
    Migration(
        8,
        "source choice against independent references; closed types; coverage by level",
        tuple(_V8_SOURCES),
        after=_v8_flows,
    ),
    Migration(9, "whole simulation runs by scenario hash and settings", tuple(_V9_SIM_REPORTS)),
    Migration(
        10, "flows as a view: every column a row, or a load's shared fields once", tuple(_V10_LEAN)
    ),
    Migration(11, "what dated each claim; goals and forecasts marked", tuple(_V11_CLAIM_DATING)),
)

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open ledger (0 for an empty database)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' "
        "AND database_name = current_database() AND schema_name = 'main'"
    ).fetchone()
    if not exists or exists[0] == 0:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection, *, target: int = LATEST_VERSION) -> list[int]:
    """Apply the migrations above the ledger's version up to ``target``; return those applied."""
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version <= current_version(con) or migration.version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            if migration.after is not None:
                migration.after(con)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [migration.version])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
