"""Documents: plain text, Markdown or HTML read into one text that claim offsets refer to."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from corridor.claims._vocabulary import Vocabulary
from corridor.errors import InputError

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
_SKIP = {"script", "style", "noscript", "template", "head"}


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """The visible text of an HTML page (blocks on their own lines) and its title."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n", text).strip()
    title = " ".join("".join(parser.title).split()) or None
    return text, title


@dataclass(frozen=True)
class Document:
    """One article: its text (what offsets refer to), identity and dating."""

    doc: str  # the name claims cite: the file name
    text: str
    sha256: str
    title: str | None
    date: dt.date | None
    date_source: str  # "given", "found in text" or "none"
    source: str | None


def looks_like_html(raw: str, suffix: str) -> bool:
    return suffix in (".html", ".htm") or bool(re.match(r"\s*(<!doctype html|<html)", raw, re.I))


def read_document(
    path: Path, vocab: Vocabulary, *, date: dt.date | None = None, source: str | None = None
) -> Document:
    """Read a text, Markdown or HTML file; find its date in the text unless one is given."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the document: {exc}", file=str(path)) from exc
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start}): convert the file to UTF-8", file=str(path)
        ) from None
    if "\x00" in raw:
        raise InputError("binary file, not text", file=str(path))
    if looks_like_html(raw, path.suffix.lower()):
        text, title = html_to_text(raw)
    else:
        text = raw.replace("\r\n", "\n")
        first = next((line.strip(" #*") for line in text.splitlines() if line.strip()), "")
        title = first[:200] or None
    found = None if date is not None else vocab.find_date(text)
    return Document(
        doc=path.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        title=title,
        date=date or found,
        date_source="given" if date else ("found in text" if found else "none"),
        source=source,
    )
