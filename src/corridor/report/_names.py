"""Names, not ids, in what a reader sees.

The library's sentences (a lever's explanation, a target's verdict, a capacity's limit) name
crossings by id and countries by ISO code, as the CLI and the API give them. The report and the
dashboard put the network file's crossing names and the countries' names in their place, in text
only: links, ids shown as ``<code>`` and scripts keep the codes, and no figure changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

_TEXT = re.compile(r">([^<]+)<")
_KEEP = re.compile(r"<(code|script|style)\b[^>]*>.*?</\1>", re.S)
_ARROW = re.compile(r"(?<![\w-])([A-Z]{3}) ?→ ?([A-Z]{3})(?![\w-])")
_SIDE = re.compile(r"(?<![\w-])([A-Z]{3})(-reported| post)\b")


class _Namer:
    """The replacements of :func:`humanise`, compiled once for many texts."""

    def __init__(
        self, countries: Mapping[str, str], crossings: Mapping[str, str], codes: tuple[str, ...]
    ) -> None:
        self.countries, self.crossings = countries, crossings
        words = sorted(crossings, key=len, reverse=True)
        alternatives = [re.escape(w) for w in words] + [
            re.escape(c) for c in codes if c in countries
        ]
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])")
            if alternatives
            else None
        )

    def _side(self, m: re.Match[str]) -> str:  # "KAZ-reported data", "CHN post"
        name = self.countries.get(m[1])
        if name is None:
            return m[0]
        return f"{name}-reported" if m[2] == "-reported" else f"{name}'s post"

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        countries = self.countries
        text = _ARROW.sub(
            lambda m: f"{countries.get(m[1], m[1])} → {countries.get(m[2], m[2])}", text
        )
        text = _SIDE.sub(self._side, text)
        return self.pattern.sub(lambda m: self.crossings.get(m[1]) or countries[m[1]], text)


def humanise(
    text: str,
    countries: Mapping[str, str],
    crossings: Mapping[str, str],
    codes: tuple[str, ...],
) -> str:
    """``text`` with each crossing id replaced by its name, each of ``codes`` (ISO3, e.g. the
    corridor's pair) by its country name, and ``KAZ→CHN`` written ``Kazakhstan → China``."""
    return _Namer(countries, crossings, codes)(text)


def humanise_html(
    html: str,
    countries: Mapping[str, str],
    crossings: Mapping[str, str],
    codes: tuple[str, ...],
) -> str:
    """:func:`humanise` on the text between the tags of ``html`` (tooltips included), leaving
    ``<code>``, ``<script>`` and ``<style>`` elements and every attribute as they are."""
    namer = _Namer(
        {k: escape(v, quote=False) for k, v in countries.items()},
        {k: escape(v, quote=False) for k, v in crossings.items()},
        codes,
    )
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m[0])
        return f"\x00{len(kept) - 1}\x00"

    shielded = _KEEP.sub(keep, html)
    named = _TEXT.sub(lambda m: ">" + namer(m[1]) + "<", shielded)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m[1])], named)
