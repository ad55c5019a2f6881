"""Quantitative claims from news: stored with provenance, cross-checked."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from corridor.api._middleware import MAX_BODY_BYTES
from corridor.api._params import Day
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
def claims_check(st: State) -> Response:
    """`corridor claims check --json` (computed once per ledger stamp)."""
    from corridor.claims.check import check_claims

    return st.cached(("claims-check",), lambda cur: [f.to_dict() for f in check_claims(cur)])


@router.post("/api/claims", dependencies=[Depends(need_token)], status_code=201)
async def add_article(
    st: State,
    request: Request,
    name: Name,
    date: Day | None = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """`corridor claims add`: the body is the article (text, Markdown or HTML)."""
    from corridor.claims.store import add_documents

    async with st.uploads.receive(request, name, MAX_BODY_BYTES) as path:

        def add() -> Any:
            with st.writer() as ledger:
                return add_documents(ledger, [path], date=date, source=source)[0]

        result = await st.work.run(add)
    return {"doc_id": result.doc_id, "claims": result.claims, "already_added": result.already_added}


@router.post("/api/claims/extract")
async def extract_claims(
    st: State, request: Request, date: Day | None = None, name: Name = "article.txt"
) -> list[dict[str, Any]]:
    """`corridor claims extract`: the claims of the body (text, Markdown or HTML), unstored;
    read on a worker thread, in time linear in the body's length."""
    from corridor.claims import Extractor, load_vocabulary, read_document

    async with st.uploads.receive(request, name, MAX_BODY_BYTES) as path:

        def extract() -> list[dict[str, Any]]:
            vocab = load_vocabulary()
            doc = read_document(path, vocab, date=date)
            return [c.to_dict() for c in Extractor(vocab).extract(doc.doc, doc.text, doc.date)]

        return await st.work.run(extract)
