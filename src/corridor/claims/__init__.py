"""Quantitative claims from news: extraction, the claims ledger, and cross-checks."""

from __future__ import annotations

from corridor.claims._document import Document, read_document
from corridor.claims._vocabulary import Vocabulary, load_vocabulary
from corridor.claims.extract import Claim, Extractor

__all__ = ["Claim", "Document", "Extractor", "Vocabulary", "load_vocabulary", "read_document"]
