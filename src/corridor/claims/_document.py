"""Documents: plain text, Markdown or HTML read into one text that claim offsets refer to."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from corridor.claims._vocabulary import Vocabulary
from corridor.errors import InputError

#: The largest document read. The reader is linear in its length: about 1 s a megabyte of prose,
#: 12 s a megabyte of nothing but figures ("1 % 1 % …"), the worst case measured.
MAX_DOCUMENT_BYTES = 2_000_000

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
_SKIP = {"script", "style", "noscript", "template", "head"}


#: A start or end tag, its attributes read as the HTML standard reads them (a quote opens a
#: quoted value only after ``=``). Possessive, so a tag that never closes fails in one pass.
_TAG = re.compile(
    r"<(?P<end>/)?(?P<name>[A-Za-z][^\t\n\f\r />]*+)"
    r"(?:[\s/]*+[^\s/>=]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>\"'][^\s>]*+))?+)*+"
    r"\s*+(?P<close>/)?>"
)
_COLSPAN = re.compile(r"""\scolspan\s*=\s*["']?(\d{1,3})""", re.I)
_RAW_END = {t: re.compile(rf"</{t}[\s/>]", re.I) for t in ("script", "style")}


def html_to_text(html: str) -> tuple[str, str | None]:
    """The visible text of an HTML page (blocks on their own lines, a table's rows as
    "| a | b |") and its title.

    One pass over the page (time linear in its length, whatever it holds): a tag, comment or
    declaration left open runs to the end of the page, as the HTML standard reads it.
    """
    parts: list[str] = []
    title: list[str] = []
    skip, in_title = 0, False
    spanned = 0  # blank cells a cell's colspan owes, written after its text
    pos, n = 0, len(html)

    def data(text: str) -> None:
        if in_title:
            title.append(text)
        elif not skip:
            parts.append(text)

    def span() -> None:
        nonlocal spanned
        parts.append(" | " * spanned)
        spanned = 0

    def end(tag: str) -> None:  # an end tag, or the end half of "<br/>"
        nonlocal skip, in_title
        if tag in _SKIP and skip:
            skip -= 1
        if tag == "title":
            in_title = False
        if tag == "tr" and not skip:
            span()
            parts.append(" |")  # a table's row reads as a row of cells: "| a | b |"
        if tag in _BLOCK:
            parts.append("\n")

    while pos < n:
        lt = html.find("<", pos)
        if lt < 0:
            data(html[pos:])
            break
        if lt > pos:
            data(html[pos:lt])
        nxt = html[lt + 1 : lt + 2]
        if html.startswith("<!--", lt):
            close = html.find("-->", lt + 4)
            if close < 0:
                break
            pos = close + 3
            continue
        if nxt in ("!", "?"):
            close = html.find(">", lt + 2)
            if close < 0:
                break
            pos = close + 1
            continue
        m = _TAG.match(html, lt)
        if m is None:
            if nxt.isalpha() or (nxt == "/" and html[lt + 2 : lt + 3].isalpha()):
                break  # a tag open to the end of the page
            data("<")
            pos = lt + 1
            continue
        pos = m.end()
        tag = m["name"].lower()
        if m["end"]:
            end(tag)
            continue
        if tag in _BLOCK:
            parts.append("\n")
        if tag in ("td", "th") and not skip:
            span()
            parts.append(" | ")
            # a cell over several columns: blank cells after it keep the columns in line
            cols = _COLSPAN.search(m[0])
            spanned = min(int(cols[1]), 50) - 1 if cols and int(cols[1]) > 1 else 0
        if tag in _RAW_END and not m["close"]:
            raw_end = _RAW_END[tag].search(html, pos)
            if raw_end is None:
                break
            pos = raw_end.start()
            continue
        if tag in _SKIP:
            skip += 1
        if tag == "title":
            in_title = True
        if m["close"]:  # <br/>: a start and an end
            end(tag)
    text = unescape("".join(parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n", text).strip()
    return text, " ".join(unescape("".join(title)).split()) or None


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
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise InputError(
                f"the document is over {MAX_DOCUMENT_BYTES:,} bytes (an article is far smaller): "
                "split it",
                file=str(path),
            )
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
    published = None
    if looks_like_html(raw, path.suffix.lower()):
        text, title = html_to_text(raw)
        published = None if date is not None else html_published(raw)
    else:
        text = raw.replace("\r\n", "\n")
        first = next((line.strip(" #*") for line in text.splitlines() if line.strip()), "")
        title = first[:200] or None
    found = None if date is not None or published is not None else vocab.find_date(text)
    if date is not None:
        how = "given"
    elif published is not None:
        how = "page metadata"
    else:
        how = "found in text" if found else "none"
    return Document(
        doc=path.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        title=title,
        date=date or published or found,
        date_source=how,
        source=source,
    )


#: a page's <meta> tags and its JSON-LD "datePublished", which carry its publication date
_META = re.compile(r"<meta\b[^<>]*>", re.I)
_PUBLISHED_NAME = re.compile(
    r"""["'](?:article:published_time|og:published_time|datepublished|pubdate|publishdate|"""
    r"""publish[-_]date|dc\.date\.issued|date)["']""",
    re.I,
)
_CONTENT_DATE = re.compile(r"""\bcontent\s*=\s*["']\s*((?:19|20)\d\d)-(\d\d)-(\d\d)""", re.I)
_JSON_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"((?:19|20)\d\d)-(\d\d)-(\d\d)')


def html_published(html: str) -> dt.date | None:
    """The publication date a page states in its metadata (``article:published_time``,
    ``datePublished``, ``pubdate`` …), None if it states none. One pass over the page."""
    for m in _META.finditer(html):
        tag = m.group()
        if _PUBLISHED_NAME.search(tag):
            day = _CONTENT_DATE.search(tag)
            if day is not None:
                return _ymd(day)
    day = _JSON_PUBLISHED.search(html)
    return None if day is None else _ymd(day)


def _ymd(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
