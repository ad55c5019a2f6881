"""Quantitative claims from news: stored with provenance, cross-checked."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from corridor.api._state import State, need_token

router = APIRouter(tags=["claims"])

Name = Annotated[str, Query(pattern=r"^\w[\w.-]{0,99}$")]


@router.get("/api/claims")
def claims(st: State) -> list[dict[str, Any]]:
    """The stored claims, with their documents."""
    from corridor.claims.store import stored_claims

    with st.cursor() as cur:
        return [
            {"doc_id": s.doc_id, "title": s.title, **s.claim.to_dict()} for s in stored_claims(cur)
        ]


@router.get("/api/claims/check")
def claims_check(st: State) -> list[dict[str, Any]]:
    """`corridor claims check --json`."""
    from corridor.claims.check import check_claims

    with st.cursor() as cur:
        return [f.to_dict() for f in check_claims(cur)]


@router.post("/api/claims", dependencies=[Depends(need_token)], status_code=201)
async def add_article(
    st: State,
    request: Request,
    name: Name,
    date: dt.date | None = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """`corridor claims add`: the body is the article (text, Markdown or HTML)."""
    from corridor.claims.store import add_documents

    body = await request.body()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        try:
            with st.cursor() as cur:
                (result,) = add_documents(cur, [path], date=date, source=source)
        finally:
            st.wrote()
    return {"doc_id": result.doc_id, "claims": result.claims, "already_added": result.already_added}


@router.post("/api/claims/extract")
async def extract_claims(
    st: State, request: Request, date: dt.date | None = None, name: Name = "article.txt"
) -> list[dict[str, Any]]:
    """`corridor claims extract`: the claims of the body (text, Markdown or HTML), unstored."""
    from corridor.claims import Extractor, load_vocabulary, read_document

    body = await request.body()
    vocab = load_vocabulary()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        doc = read_document(path, vocab, date=date)
    return [c.to_dict() for c in Extractor(vocab).extract(doc.doc, doc.text, doc.date)]
