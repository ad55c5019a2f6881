"""Names, not ids, in what a reader sees.

The library's sentences (a lever's explanation, a target's verdict, a capacity's limit) name
crossings by id and countries by ISO code, as the CLI and the API give them. The report and the
dashboard render them with the network file's crossing names and the countries' names: a page's
:class:`Namer` is applied to each text as the page's template inserts it (the templates'
finaliser, :mod:`corridor.report._templates`), and by the builders of its tables to their cells;
ids, links and paths go in through the ``code`` filter and keep their codes; no figure changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from corridor.trade.gravity import REST

_ARROW = re.compile(r"(?<![\w-])([A-Z]{3}) ?→ ?([A-Z]{3})(?![\w-])")
_SIDE = re.compile(r"(?<![\w-])([A-Z]{3})(-reported| post)\b")


class Namer:
    """A page's names for ids and codes in a text (:func:`humanise`), compiled once for many
    texts."""

    def __init__(
        self, countries: Mapping[str, str], crossings: Mapping[str, str], codes: tuple[str, ...]
    ) -> None:
        # the general equilibrium's region of every country it does not name
        self.countries = {REST: "the rest of the world", **countries}
        self.crossings = crossings
        words = sorted(crossings, key=len, reverse=True)
        alternatives = [re.escape(w) for w in words] + [
            re.escape(c) for c in (*codes, REST) if c in self.countries
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
    return Namer(countries, crossings, codes)(text)
