"""Which load gives the figure for a flow: every load's claim on each cell, judged and ranked.

A **cell** is one reporter, partner, reporter region, flow kind and period as stored. A
**candidate** is one load's rows for a cell: its product rows (each chapter summed at the coarsest
level the load holds within it, so a file carrying chapters, headings and subheadings is not counted
three times) or its published total (``TOTAL``). Each candidate gets a status:

``superseded``
    Another candidate of the cell contains it: every chapter it has is also there, with at least the
    same value (a strict subset of a file already loaded). It takes part in nothing, so adding a
    subset of a loaded file changes no figure.
``partial``
    Evidence shows rows are missing: the provider flags the period (``coverage_notes``); it lacks
    chapters that the same source's other periods usually carry (≥ 1 % of the value); its value is
    below a published total of the cell by more than ``TOTAL_TOLERANCE_PCT``; it lacks chapters
    that carry ≥ 1 % of another candidate of the cell, or is under half of it; or it lacks chapters
    that carry ≥ 1 % of the partner's report of the same trade (the mirror), or is under half of
    the partner's figure of that trade (its product rows or its published total: a few rows cannot
    pass for a side's total when the other side reports the trade). References used for the last
    three are themselves not partial, so a partial file cannot condemn a complete one.
``complete``
    No evidence of missing rows, and an independent reference confirms it: a published total of the
    cell that it reaches (within the tolerance or above it), another source's product rows that
    agree within ``PEER_TOLERANCE_PCT``, or the partner's report whose chapters it all holds.
``unverified``
    No evidence of missing rows, and nothing independent to check it against.
``published``
    A published total (``TOTAL`` rows): a reference itself, never judged.

Ranking within a cell (``choice`` 1 is the figure): partial and superseded candidates last; then
complete, published, unverified; then a reporter's own statistics before a reconciled estimate
(BACI); then the larger value (a subset never outranks its superset); then source label and
SHA-256. Nothing depends on load order. The table is rebuilt inside every transaction that changes
loads or notes, so it is always consistent with the flows.
"""

from __future__ import annotations

import duckdb

#: A product candidate below a published total of its cell by more than this is partial.
TOTAL_TOLERANCE_PCT = 3.0
#: Two sources' product rows that agree within this confirm each other.
PEER_TOLERANCE_PCT = 10.0
#: Missing chapters carrying at least this share of a reference make a candidate partial.
MISSING_SHARE_PCT = 1.0
#: A candidate under this share of another candidate of its cell is partial.
PEER_FLOOR_PCT = 50.0

# short names for the SQL below
_TOL, _PEER, _MISS, _FLOOR = (
    TOTAL_TOLERANCE_PCT,
    PEER_TOLERANCE_PCT,
    MISSING_SHARE_PCT,
    PEER_FLOOR_PCT,
)

STATUSES = ("complete", "published", "unverified", "partial", "superseded")

CREATE_TABLE = """
CREATE TABLE candidates (
    load_id INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    basis VARCHAR NOT NULL,
    reporter VARCHAR NOT NULL,
    partner VARCHAR NOT NULL,
    reporter_region VARCHAR,
    flow VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    is_total BOOLEAN NOT NULL,
    hs_rev VARCHAR NOT NULL,
    level INTEGER NOT NULL,
    finest INTEGER NOT NULL,
    n_chapters INTEGER NOT NULL,
    chapters VARCHAR[] NOT NULL,
    value_usd DECIMAL(38, 2) NOT NULL,
    rows BIGINT NOT NULL,
    status VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    reference VARCHAR,
    reference_pct DOUBLE,
    missing_chapters VARCHAR[] NOT NULL,
    missing_share_pct DOUBLE NOT NULL,
    note VARCHAR,
    choice INTEGER NOT NULL
)"""

#: The statements that rebuild ``candidates`` from ``coverage_chapters``, ``loads`` and
#: ``coverage_notes`` (run inside the caller's transaction).
_REFRESH: tuple[str, ...] = (
    # one row per candidate; rk is the region as a join key (NULL is not equal to NULL)
    """CREATE OR REPLACE TEMP TABLE _cand AS
    SELECT row_number() OVER (ORDER BY l.sha256, cc.reporter, cc.partner, cc.reporter_region,
                                       cc.flow, cc.period_start, cc.period_end,
                                       cc.chapter = 'TOTAL') AS id,
           cc.load_id, l.source, l.sha256, l.basis, cc.reporter, cc.partner, cc.reporter_region,
           coalesce(cc.reporter_region, '') AS rk, cc.flow, cc.period_start, cc.period_end,
           cc.chapter = 'TOTAL' AS is_total,
           string_agg(DISTINCT cc.hs_rev, '+' ORDER BY cc.hs_rev) AS hs_rev,
           min(cc.level) AS level, min(cc.finest) AS finest,
           count(DISTINCT cc.chapter) FILTER (WHERE cc.chapter <> 'TOTAL') AS n_chapters,
           coalesce(list(DISTINCT cc.chapter ORDER BY cc.chapter)
                    FILTER (WHERE cc.chapter <> 'TOTAL'), []::VARCHAR[]) AS chapters,
           sum(cc.value_usd) AS value_usd, sum(cc.rows) AS rows,
           date_diff('month', cc.period_start, cc.period_end + 1) AS months
    FROM coverage_chapters cc JOIN loads l USING (load_id)
    GROUP BY cc.load_id, l.source, l.sha256, l.basis, cc.reporter, cc.partner,
             cc.reporter_region, cc.flow, cc.period_start, cc.period_end, cc.chapter = 'TOTAL'""",
    # chapter values of the product candidates
    """CREATE OR REPLACE TEMP TABLE _cch AS
    SELECT c.id, cc.chapter, sum(cc.value_usd) AS v
    FROM _cand c JOIN coverage_chapters cc
      ON cc.load_id = c.load_id AND cc.reporter = c.reporter AND cc.partner = c.partner
     AND coalesce(cc.reporter_region, '') = c.rk AND cc.flow = c.flow
     AND cc.period_start = c.period_start AND cc.period_end = c.period_end
    WHERE NOT c.is_total AND cc.chapter <> 'TOTAL'
    GROUP BY c.id, cc.chapter""",
    # product candidates of the same cell, both ways round
    """CREATE OR REPLACE TEMP TABLE _peer AS
    SELECT a.id AS a, b.id AS b
    FROM _cand a JOIN _cand b
      ON a.reporter = b.reporter AND a.partner = b.partner AND a.rk = b.rk AND a.flow = b.flow
     AND a.period_start = b.period_start AND a.period_end = b.period_end AND a.id <> b.id
    WHERE NOT a.is_total AND NOT b.is_total""",
    # for each pair: is a contained in b (every chapter of a in b with at least a's value)?
    # and what share of b's value lies in chapters a lacks?
    """CREATE OR REPLACE TEMP TABLE _cmp AS
    WITH inside AS (
        SELECT p.a, p.b, bool_and(cb.v IS NOT NULL AND ca.v <= cb.v + 0.01) AS contained
        FROM _peer p JOIN _cch ca ON ca.id = p.a
        LEFT JOIN _cch cb ON cb.id = p.b AND cb.chapter = ca.chapter
        GROUP BY p.a, p.b
    ),
    lacking AS (
        SELECT p.a, p.b, coalesce(sum(cb.v) FILTER (WHERE ca.id IS NULL), 0) AS lacked,
               list(cb.chapter ORDER BY cb.chapter) FILTER (WHERE ca.id IS NULL) AS lacked_chapters
        FROM _peer p JOIN _cch cb ON cb.id = p.b
        LEFT JOIN _cch ca ON ca.id = p.a AND ca.chapter = cb.chapter
        GROUP BY p.a, p.b
    )
    SELECT i.a, i.b, i.contained, l.lacked, l.lacked_chapters
    FROM inside i JOIN lacking l USING (a, b)""",
    # superseded: contained in another candidate (of two equal ones, the later in (source, sha)
    # order goes); duplicate published totals likewise
    """CREATE OR REPLACE TEMP TABLE _gone AS
    SELECT DISTINCT m.a AS id
    FROM _cmp m JOIN _cand ca ON ca.id = m.a JOIN _cand cb ON cb.id = m.b
    LEFT JOIN _cmp back ON back.a = m.b AND back.b = m.a
    WHERE m.contained
      AND (NOT coalesce(back.contained, false) OR (cb.source, cb.sha256) < (ca.source, ca.sha256))
    UNION
    SELECT a.id FROM _cand a JOIN _cand b
      ON a.reporter = b.reporter AND a.partner = b.partner AND a.rk = b.rk AND a.flow = b.flow
     AND a.period_start = b.period_start AND a.period_end = b.period_end AND a.id <> b.id
    WHERE a.is_total AND b.is_total AND abs(a.value_usd - b.value_usd) <= 0.005
      AND (b.source, b.sha256) < (a.source, a.sha256)""",
    # the same source's other periods: chapters usually present, and what each period lacks
    """CREATE OR REPLACE TEMP TABLE _series AS
    WITH live AS (SELECT * FROM _cand WHERE NOT is_total AND id NOT IN (SELECT id FROM _gone)),
    shares AS (
        SELECT c.source, c.reporter, c.partner, c.rk, c.flow, c.months, h.chapter,
               c.period_start, h.v / nullif(c.value_usd, 0) AS share
        FROM live c JOIN _cch h ON h.id = c.id
    ),
    n AS (
        SELECT source, reporter, partner, rk, flow, months, count(DISTINCT period_start) AS periods
        FROM live GROUP BY ALL
    ),
    expected AS (
        SELECT s.source, s.reporter, s.partner, s.rk, s.flow, s.months, s.chapter,
               median(s.share) AS median_share
        FROM shares s JOIN n USING (source, reporter, partner, rk, flow, months)
        GROUP BY s.source, s.reporter, s.partner, s.rk, s.flow, s.months, s.chapter, n.periods
        HAVING n.periods >= 3 AND count(DISTINCT s.period_start) * 2 >= n.periods
    )
    SELECT c.id, list(e.chapter ORDER BY e.chapter) AS missing, 100 * sum(e.median_share) AS pct
    FROM live c JOIN expected e
      ON e.source = c.source AND e.reporter = c.reporter AND e.partner = c.partner
     AND e.rk = c.rk AND e.flow = c.flow AND e.months = c.months
    WHERE NOT list_contains(c.chapters, e.chapter)
    GROUP BY c.id""",
    # intrinsic evidence: provider notes, the series, the cell's published totals
    f"""CREATE OR REPLACE TEMP TABLE _a AS
    WITH notes AS (
        SELECT c.id, string_agg(n.note, '; ' ORDER BY n.note) AS note
        FROM _cand c JOIN coverage_notes n
          ON n.source = c.source AND n.reporter = c.reporter AND n.partner = c.partner
         AND n.flow = c.flow AND n.period_start <= c.period_start AND n.period_end >= c.period_end
        GROUP BY c.id
    ),
    totals AS (
        SELECT c.id, max(t.value_usd) AS total,
               arg_max(t.source || ' (load ' || t.load_id || ', published total)', t.value_usd)
                   AS total_label
        FROM _cand c JOIN _cand t
          ON t.is_total AND t.reporter = c.reporter AND t.partner = c.partner AND t.rk = c.rk
         AND t.flow = c.flow AND t.period_start = c.period_start AND t.period_end = c.period_end
        WHERE NOT c.is_total AND t.id NOT IN (SELECT id FROM _gone)
        GROUP BY c.id
    )
    SELECT c.id, nt.note, coalesce(s.missing, []::VARCHAR[]) AS missing,
           coalesce(s.pct, 0.0) AS missing_pct, t.total, t.total_label,
           100 * c.value_usd / nullif(t.total, 0) AS total_pct,
           NOT c.is_total AND c.id NOT IN (SELECT id FROM _gone) AND (
               nt.note IS NOT NULL OR coalesce(s.pct, 0) >= {_MISS}
               OR coalesce(100 * c.value_usd < (100 - {_TOL}) * t.total, false)) AS partial
    FROM _cand c
    LEFT JOIN notes nt ON nt.id = c.id
    LEFT JOIN _series s ON s.id = c.id
    LEFT JOIN totals t ON t.id = c.id""",
    # against the other candidates of the cell: first with every reference that survived the
    # intrinsic evidence, then only with those that also survived that first round
    f"""CREATE OR REPLACE TEMP TABLE _b1 AS
    SELECT m.a AS id, bool_or(100 * m.lacked >= {_MISS} * cb.value_usd
                              OR 100 * ca.value_usd < {_FLOOR} * cb.value_usd) AS partial
    FROM _cmp m JOIN _cand ca ON ca.id = m.a JOIN _cand cb ON cb.id = m.b
    JOIN _a ab ON ab.id = m.b
    WHERE NOT ab.partial AND m.a NOT IN (SELECT id FROM _gone) AND m.b NOT IN (SELECT id FROM _gone)
    GROUP BY m.a""",
    f"""CREATE OR REPLACE TEMP TABLE _b AS
    SELECT m.a AS id,
           arg_max(cb.source || ' (load ' || cb.load_id || ', HS' || cb.level || ' rows)',
                   CASE WHEN 100 * m.lacked >= {_MISS} * cb.value_usd
                          OR 100 * ca.value_usd < {_FLOOR} * cb.value_usd THEN 1 ELSE 0 END
                   * 1e30 + cb.value_usd) AS ref_label,
           bool_or(100 * m.lacked >= {_MISS} * cb.value_usd
                   OR 100 * ca.value_usd < {_FLOOR} * cb.value_usd) AS partial,
           arg_max(100 * m.lacked / nullif(cb.value_usd, 0),
                   CASE WHEN 100 * m.lacked >= {_MISS} * cb.value_usd
                          OR 100 * ca.value_usd < {_FLOOR} * cb.value_usd THEN 1 ELSE 0 END
                   * 1e30 + cb.value_usd) AS lacked_pct,
           arg_max(100 * ca.value_usd / nullif(cb.value_usd, 0),
                   CASE WHEN 100 * m.lacked >= {_MISS} * cb.value_usd
                          OR 100 * ca.value_usd < {_FLOOR} * cb.value_usd THEN 1 ELSE 0 END
                   * 1e30 + cb.value_usd) AS ref_pct,
           arg_max(m.lacked_chapters,
                   CASE WHEN 100 * m.lacked >= {_MISS} * cb.value_usd
                          OR 100 * ca.value_usd < {_FLOOR} * cb.value_usd THEN 1 ELSE 0 END
                   * 1e30 + cb.value_usd) AS lacked_chapters,
           bool_or(cb.source <> ca.source
                   AND abs(100 * ca.value_usd - 100 * cb.value_usd) <= {_PEER} * cb.value_usd)
               AS confirmed,
           arg_max(cb.source || ' (load ' || cb.load_id || ')',
                   CASE WHEN cb.source <> ca.source
                         AND abs(100 * ca.value_usd - 100 * cb.value_usd) <= {_PEER} * cb.value_usd
                        THEN 1 ELSE 0 END * 1e30 + cb.value_usd) AS confirmed_by
    FROM _cmp m JOIN _cand ca ON ca.id = m.a JOIN _cand cb ON cb.id = m.b
    JOIN _a ab ON ab.id = m.b
    WHERE NOT ab.partial AND NOT coalesce((SELECT partial FROM _b1 WHERE _b1.id = m.b), false)
      AND m.a NOT IN (SELECT id FROM _gone) AND m.b NOT IN (SELECT id FROM _gone)
    GROUP BY m.a""",
    # the partner's report of the same trade (exports of A to B against B's imports from A)
    f"""CREATE OR REPLACE TEMP TABLE _c AS
    WITH mirror AS (
        SELECT c.id AS a, m.id AS b
        FROM _cand c JOIN _cand m
          ON m.reporter = c.partner AND m.partner = c.reporter AND c.rk = '' AND m.rk = ''
         AND m.period_start = c.period_start AND m.period_end = c.period_end
         AND ((c.flow = 'export' AND m.flow = 'import')
              OR (c.flow = 'import' AND m.flow = 'export'))
        JOIN _a am ON am.id = m.id
        LEFT JOIN _b bm ON bm.id = m.id
        WHERE NOT c.is_total AND NOT m.is_total AND NOT am.partial
          AND NOT coalesce(bm.partial, false)
          AND c.id NOT IN (SELECT id FROM _gone) AND m.id NOT IN (SELECT id FROM _gone)
    ),
    lacking AS (
        SELECT p.a, p.b, coalesce(sum(cb.v) FILTER (WHERE ca.id IS NULL), 0) AS lacked,
               list(cb.chapter ORDER BY cb.chapter) FILTER (WHERE ca.id IS NULL) AS lacked_chapters
        FROM mirror p JOIN _cch cb ON cb.id = p.b
        LEFT JOIN _cch ca ON ca.id = p.a AND ca.chapter = cb.chapter
        GROUP BY p.a, p.b
    )
    SELECT l.a AS id,
           bool_or(100 * l.lacked >= {_MISS} * mb.value_usd) AS partial,
           arg_max(mb.source || ' (load ' || mb.load_id || ', ' || mb.reporter || '''s '
                   || mb.flow || 's)', l.lacked / nullif(mb.value_usd, 0)) AS ref_label,
           max(100 * l.lacked / nullif(mb.value_usd, 0)) AS lacked_pct,
           arg_max(l.lacked_chapters, l.lacked / nullif(mb.value_usd, 0)) AS lacked_chapters
    FROM lacking l JOIN _cand mb ON mb.id = l.b
    GROUP BY l.a""",
    # the partner's figure of the same trade, products or a published total: a candidate far
    # below it (under PEER_FLOOR_PCT of it) is refuted, whatever chapters it holds
    f"""CREATE OR REPLACE TEMP TABLE _d AS
    SELECT c.id,
           bool_or(100 * c.value_usd < {_FLOOR} * m.value_usd) AS partial,
           arg_max(m.source || ' (load ' || m.load_id || ', ' || m.reporter || '''s '
                   || m.flow || 's' || CASE WHEN m.is_total THEN ', published total' ELSE '' END
                   || ')', m.value_usd) AS ref_label,
           100 * any_value(c.value_usd) / nullif(max(m.value_usd), 0) AS ref_pct
    FROM _cand c JOIN _cand m
      ON m.reporter = c.partner AND m.partner = c.reporter AND c.rk = '' AND m.rk = ''
     AND m.period_start = c.period_start AND m.period_end = c.period_end
     AND ((c.flow = 'export' AND m.flow = 'import') OR (c.flow = 'import' AND m.flow = 'export'))
    JOIN _a am ON am.id = m.id
    LEFT JOIN _b bm ON bm.id = m.id
    WHERE NOT c.is_total AND NOT am.partial AND NOT coalesce(bm.partial, false)
      AND c.id NOT IN (SELECT id FROM _gone) AND m.id NOT IN (SELECT id FROM _gone)
    GROUP BY c.id""",
    "DELETE FROM candidates",
    f"""INSERT INTO candidates
    WITH judged AS (
        SELECT c.*, a.note, a.missing, a.missing_pct, a.total, a.total_label, a.total_pct,
               b.partial AS b_partial, b.ref_label AS b_label, b.lacked_pct AS b_lacked,
               b.ref_pct AS b_pct, b.lacked_chapters AS b_chapters, b.confirmed, b.confirmed_by,
               x.partial AS c_partial, x.ref_label AS c_label, x.lacked_pct AS c_lacked,
               x.lacked_chapters AS c_chapters,
               d.partial AS d_partial, d.ref_label AS d_label, d.ref_pct AS d_pct,
               CASE
                 WHEN c.id IN (SELECT id FROM _gone) THEN 'superseded'
                 WHEN c.is_total THEN 'published'
                 WHEN a.partial OR coalesce(b.partial, false) OR coalesce(x.partial, false)
                      OR coalesce(d.partial, false)
                   THEN 'partial'
                 WHEN a.total IS NOT NULL OR coalesce(b.confirmed, false) OR x.id IS NOT NULL
                   THEN 'complete'
                 ELSE 'unverified'
               END AS status
        FROM _cand c
        JOIN _a a ON a.id = c.id
        LEFT JOIN _b b ON b.id = c.id
        LEFT JOIN _c x ON x.id = c.id
        LEFT JOIN _d d ON d.id = c.id
    ),
    described AS (
        SELECT *,
          CASE status
            WHEN 'superseded' THEN 'contained in another load of the same figure (every chapter '
                 || 'it has is there too, with at least its value)'
            WHEN 'published' THEN 'a published total'
            WHEN 'partial' THEN CASE
                 WHEN note IS NOT NULL THEN 'the provider flags this period: ' || note
                 WHEN missing_pct >= {_MISS} THEN 'lacks ' || len(missing)
                      || ' chapter(s) that the source''s other periods usually carry (≈'
                      || round(missing_pct, 1) || ' % of the value)'
                 WHEN 100 * value_usd < (100 - {_TOL}) * total THEN '≈' || round(total_pct, 1)
                      || ' % of the published total (' || total_label || ')'
                 WHEN coalesce(b_partial, false) THEN 'partial: ' || n_chapters
                      || ' chapter(s), ≈' || round(b_pct, 1) || ' % of ' || b_label
                      || CASE WHEN b_lacked >= {_MISS} THEN ', lacking chapters that carry ≈'
                              || round(b_lacked, 1) || ' % of it' ELSE '' END
                 WHEN coalesce(d_partial, false) AND NOT coalesce(c_partial, false)
                   THEN 'partial: ≈' || round(d_pct, 1) || ' % of the partner''s report of '
                        || 'the same trade (' || d_label || ')'
                 ELSE 'partial: lacks chapters that carry ≈' || round(c_lacked, 1)
                      || ' % of the partner''s report (' || c_label || ')'
               END
            WHEN 'complete' THEN CASE
                 WHEN total IS NOT NULL THEN 'checked against the published total ('
                      || total_label || '): ' || round(total_pct, 1) || ' % of it'
                 WHEN coalesce(confirmed, false) THEN 'agrees within ' || {_PEER}
                      || ' % with ' || confirmed_by
                 ELSE 'holds every chapter of the partner''s report (' || c_label || ')'
               END
            ELSE 'no independent reference (a published total, another source or the '
                 || 'partner''s report) to check it against'
          END AS reason,
          CASE
            WHEN status = 'partial' AND note IS NULL AND missing_pct < {_MISS}
                 AND total IS NOT NULL AND 100 * value_usd < (100 - {_TOL}) * total
              THEN total_label
            WHEN status = 'partial' AND note IS NULL AND missing_pct < {_MISS}
              THEN coalesce(CASE WHEN b_partial THEN b_label END,
                            CASE WHEN c_partial THEN c_label END, d_label)
            WHEN status = 'complete' THEN coalesce(total_label, CASE WHEN confirmed
                 THEN confirmed_by END, c_label)
          END AS reference,
          CASE
            WHEN total IS NOT NULL AND status IN ('partial', 'complete') THEN total_pct
            WHEN status = 'partial' AND coalesce(b_partial, false) THEN b_pct
            WHEN status = 'partial' AND coalesce(d_partial, false) THEN d_pct
          END AS reference_pct,
          CASE
            WHEN missing_pct >= {_MISS} OR note IS NOT NULL THEN missing
            WHEN coalesce(b_partial, false) THEN coalesce(b_chapters, []::VARCHAR[])
            WHEN coalesce(c_partial, false) THEN coalesce(c_chapters, []::VARCHAR[])
            ELSE missing
          END AS missing_out,
          CASE
            WHEN missing_pct >= {_MISS} OR note IS NOT NULL THEN missing_pct
            WHEN coalesce(b_partial, false) THEN coalesce(b_lacked, 0.0)
            WHEN coalesce(c_partial, false) THEN coalesce(c_lacked, 0.0)
            ELSE missing_pct
          END AS missing_pct_out
        FROM judged
    )
    SELECT load_id, source, sha256, basis, reporter, partner, reporter_region, flow,
           period_start, period_end, is_total, hs_rev, level, finest, n_chapters, chapters,
           value_usd, rows, status, reason, reference, reference_pct, missing_out,
           missing_pct_out, note,
           row_number() OVER (
               PARTITION BY reporter, partner, rk, flow, period_start, period_end
               ORDER BY status IN ('partial', 'superseded'),
                        CASE status WHEN 'complete' THEN 1 WHEN 'published' THEN 2
                                    WHEN 'unverified' THEN 3 WHEN 'partial' THEN 4 ELSE 5 END,
                        basis = 'reconciled', value_usd DESC, source, sha256, is_total
           ) AS choice
    FROM described""",
    "DROP TABLE _cand",
    "DROP TABLE _cch",
    "DROP TABLE _peer",
    "DROP TABLE _cmp",
    "DROP TABLE _gone",
    "DROP TABLE _series",
    "DROP TABLE _a",
    "DROP TABLE _b1",
    "DROP TABLE _b",
    "DROP TABLE _c",
    "DROP TABLE _d",
)


def refresh_candidates(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``candidates`` (call inside the transaction that changed loads or notes)."""
    for statement in _REFRESH:
        con.execute(statement)
