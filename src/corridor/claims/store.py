"""The claims ledger: documents and their claims in the ledger's ``documents`` and ``claims``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corridor.claims._document import Document, read_document
from corridor.claims._vocabulary import Vocabulary, load_vocabulary
from corridor.claims.extract import Claim, Extractor
from corridor.ledger import Ledger, NewDocument


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
    ledger: Ledger,
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
    results: list[AddedDocument | None] = []
    new: list[NewDocument] = []
    seen: dict[str, int] = {}
    for path, d in zip(paths, docs, strict=True):
        stored = ledger.documents.find(d.sha256)
        if stored is not None:
            results.append(
                AddedDocument(
                    str(path), stored.doc_id, stored.claims, True, stored.date, stored.date_source
                )
            )
            continue
        if d.sha256 in seen:  # the same text twice in one batch is stored once
            results.append(None)
            continue
        seen[d.sha256] = len(new)
        claims = extractor.extract(d.doc, d.text, d.date)
        new.append(
            NewDocument(
                d.doc,
                d.sha256,
                d.title,
                d.date,
                d.date_source,
                d.source,
                d.text,
                tuple(
                    (
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
                        c.outlook,
                        c.dated_by,
                        c.dated_at,
                    )
                    for i, c in enumerate(claims)
                ),
            )
        )
        results.append(None)
    ids = ledger.documents.add(new)
    out: list[AddedDocument] = []
    for path, d, r in zip(paths, docs, results, strict=True):
        if r is not None:
            out.append(r)
            continue
        k = seen[d.sha256]
        out.append(
            AddedDocument(str(path), ids[k], len(new[k].claims), False, d.date, d.date_source)
        )
    return out


def stored_claims(ledger: Ledger) -> list[StoredClaim]:
    """Every claim in the ledger, in document and position order."""
    return [
        StoredClaim(
            doc_id=int(r[0]),
            idx=int(r[4]),
            doc=str(r[1]),
            title=r[2],
            doc_date=r[3],
            claim=Claim(
                doc=str(r[1]),
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
                outlook=r[18],
                dated_by=r[19],
                dated_at=None if r[20] is None else int(r[20]),
            ),
        )
        for r in ledger.documents.claims()
    ]
