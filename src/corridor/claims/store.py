"""The claims ledger: documents and their claims in the ledger's ``documents`` and ``claims``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from corridor.claims._document import Document, read_document
from corridor.claims._vocabulary import Vocabulary, load_vocabulary
from corridor.claims.extract import Claim, Extractor


@dataclass(frozen=True)
class AddedDocument:
    """What :func:`add_documents` did with one file."""

    file: str
    doc_id: int
    claims: int
    already_added: bool
    date: dt.date | None
    date_source: str


@dataclass(frozen=True)
class StoredClaim:
    """A claim with its document's id, name, title and date."""

    doc_id: int
    idx: int
    doc: str
    title: str | None
    doc_date: dt.date | None
    claim: Claim


def add_documents(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    *,
    date: dt.date | None = None,
    source: str | None = None,
    vocab: Vocabulary | None = None,
) -> list[AddedDocument]:
    """Read, extract and store documents, all in one transaction.

    A document already in the ledger (same SHA-256) is left as it is. Any unreadable file and
    nothing is stored.
    """
    vocab = vocab or load_vocabulary()
    extractor = Extractor(vocab)
    docs: list[Document] = [read_document(p, vocab, date=date, source=source) for p in paths]
    results: list[AddedDocument] = []
    con.execute("BEGIN TRANSACTION")
    try:
        for path, d in zip(paths, docs, strict=True):
            row = con.execute(
                "SELECT doc_id, date, date_source FROM documents WHERE sha256 = ?", [d.sha256]
            ).fetchone()
            if row is not None:
                n = con.execute("SELECT count(*) FROM claims WHERE doc_id = ?", [row[0]]).fetchone()
                results.append(
                    AddedDocument(
                        str(path), int(row[0]), int(n[0]) if n else 0, True, row[1], row[2]
                    )
                )
                continue
            doc_row = con.execute(
                "INSERT INTO documents (name, sha256, title, date, date_source, source, text, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP) RETURNING doc_id",
                [d.doc, d.sha256, d.title, d.date, d.date_source, d.source, d.text],
            ).fetchone()
            assert doc_row is not None
            doc_id = int(doc_row[0])
            claims = extractor.extract(d.doc, d.text, d.date)
            con.executemany(
                "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        doc_id,
                        i,
                        c.start,
                        c.end,
                        c.text,
                        c.value,
                        c.value_max,
                        c.unit,
                        c.measure,
                        c.period_start,
                        c.period_end,
                        list(c.subjects),
                        c.qualifier,
                        c.relation,
                        c.equivalent_of,
                    ]
                    for i, c in enumerate(claims)
                ],
            )
            results.append(
                AddedDocument(str(path), doc_id, len(claims), False, d.date, d.date_source)
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def stored_claims(con: duckdb.DuckDBPyConnection) -> list[StoredClaim]:
    """Every claim in the ledger, in document and position order."""
    rows = con.execute(
        """SELECT c.doc_id, c.idx, d.name, d.title, d.date, c.start_offset, c.end_offset, c.text,
                  c.value, c.value_max, c.unit, c.measure, c.period_start, c.period_end,
                  c.subjects, c.qualifier, c.relation, c.equivalent_of
           FROM claims c JOIN documents d USING (doc_id)
           ORDER BY c.doc_id, c.idx"""
    ).fetchall()
    return [
        StoredClaim(
            doc_id=int(r[0]),
            idx=int(r[1]),
            doc=str(r[2]),
            title=r[3],
            doc_date=r[4],
            claim=Claim(
                doc=str(r[2]),
                start=int(r[5]),
                end=int(r[6]),
                text=str(r[7]),
                value=float(r[8]),
                value_max=None if r[9] is None else float(r[9]),
                unit=str(r[10]),
                measure=str(r[11]),
                period_start=r[12].isoformat() if r[12] else None,
                period_end=r[13].isoformat() if r[13] else None,
                subjects=tuple(r[14]),
                qualifier=r[15],
                relation=r[16],
                equivalent_of=None if r[17] is None else int(r[17]),
            ),
        )
        for r in rows
    ]
