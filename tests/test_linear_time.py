"""Every reader of untrusted text runs in time linear in its input.

Each case times one reader on inputs of 1, 2, 4 and 8 times a base size (the best of three runs
each) and fails when the time grows super-linearly: 8 times the input may take at most
:data:`MAX_RATIO` times as long (linear is 8; quadratic, what these inputs caused before, 64).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from corridor.claims._document import html_published, html_to_text
from corridor.claims._vocabulary import load_vocabulary
from corridor.claims.check import across_articles, growth_against_values, parts_against_totals
from corridor.claims.extract import Extractor
from corridor.claims.store import StoredClaim
from corridor.ledger._staging import read_header
from corridor.network.events import parse_events
from corridor.network.model import read_network
from corridor.network.observations import parse_observations
from corridor.workspace import Workspace
from corridor.yaml_files import load_yaml

MAX_RATIO = 20.0
ANCHOR = dt.date(2025, 1, 1)
EX = Extractor(load_vocabulary())


def _best(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _ratio(run: Callable[[int], Callable[[], object]], base: int) -> float:
    """Time of 8 × base over time of 1 × base (after one warm-up run)."""
    run(base)()
    times = [_best(run(base * k)) for k in (1, 2, 4, 8)]
    return times[-1] / max(times[0], 1e-6)


EXTRACTS = {
    "digits": "1",
    "percent": "1 % ",
    "times": "1 times ",
    "rate": "6.7 yuan per dollar ",
    "sentence without a stop": "In 2024 exports rose 5 % to US$1.2 billion, 3 % more than 2023 ",
    "sentences": "In 2024 exports rose 5 % to US$1.2 billion, 3 % more than 2023. ",
    "open range": "from 1 to ",
    "amounts without a unit": "$1 million, down from 2 million to 3 million, ",
    "versus": "5 tons of oats (versus 4,1 tons) ",
    "shares of a whole": "80% of last year's total of $4 bn, ",
    "table rows": "| Kazakhstan | 2024, US$ bn | 41.0 | 6.8 % |\n",
    "one long table row": "| 2024 | 41.0 ",
}


@pytest.mark.parametrize("unit", list(EXTRACTS.values()), ids=list(EXTRACTS))
def test_claims_extraction_is_linear(unit: str) -> None:
    def run(n: int) -> Callable[[], object]:
        text = unit * max(1, n // len(unit))
        return lambda: EX.extract("d", text, ANCHOR)

    assert _ratio(run, 5_000) < MAX_RATIO


HTML = {
    "unclosed attribute": '<a b="',
    "unquoted attributes": "<a b=x ",
    "open comments": "<!-- x ",
    "lone brackets": "< <a ",
    "nested blocks": "<div><p>1 % of trade</p>",
    "table cells": "<tr><td>Kazakhstan</td><td>41.0</td><th>2024, $ bn",
    "spanned cells": '<tr><th colspan="50">Exports</th>',
    "metadata": '<meta property="date" content="20 <meta name="x" ',
    "json-ld dates": '"datePublished" : "20',
}


@pytest.mark.parametrize("unit", list(HTML.values()), ids=list(HTML))
def test_the_html_reader_is_linear(unit: str) -> None:
    def run(n: int) -> Callable[[], object]:
        page = unit * max(1, n // len(unit))
        return lambda: (html_to_text(page), html_published(page))

    assert _ratio(run, 20_000) < MAX_RATIO


def _stored(n: int, text: str) -> list[StoredClaim]:
    claims = EX.extract("a", text * n, ANCHOR)
    # the same claims in two documents: every check compares across or within them
    return [
        StoredClaim(doc, i, f"doc{doc}", None, ANCHOR, c)
        for doc in (0, 1)
        for i, c in enumerate(claims)
    ]


CHECK_TEXT = (
    "In 2024, Kazakhstan's exports to China amounted to $1.5 billion. Imports came to "
    "$2.5 billion. The turnover was $4 billion, up 10 % on 2023, when it was $3.6 billion. "
)


@pytest.mark.parametrize(
    "check",
    [across_articles, growth_against_values, parts_against_totals],
    ids=lambda f: f.__name__,
)
def test_claims_checks_are_not_quadratic(check: Callable[[list[StoredClaim]], object]) -> None:
    def run(n: int) -> Callable[[], object]:
        claims = _stored(n, CHECK_TEXT)
        return lambda: check(claims)

    assert _ratio(run, 40) < MAX_RATIO


def test_yaml_reading_is_linear() -> None:
    def run(n: int) -> Callable[[], object]:
        text = "items:\n" + "  - {value: 1, unit: h}\n" * n
        return lambda: load_yaml(text)

    assert _ratio(run, 500) < MAX_RATIO


def test_a_wide_header_is_read_in_linear_time(tmp_path: Path) -> None:
    def run(n: int) -> Callable[[], object]:
        path = tmp_path / f"wide{n}.csv"
        path.write_text(",".join(f"c{i}" for i in range(n)) + "\n1\n")
        return lambda: read_header(path)

    assert _ratio(run, 1_000) < MAX_RATIO


def test_observation_and_event_files_are_read_in_linear_time() -> None:
    ws = Workspace.default()
    network = read_network(ws.network)
    obs_text = ws.observations.read_text(encoding="utf-8")
    obs_head, *obs_rows = obs_text.splitlines()
    ev_text = ws.events.read_text(encoding="utf-8")
    ev_head, *ev_rows = ev_text.splitlines()

    def observations(n: int) -> Callable[[], object]:
        rows = [
            r.replace(r.split(",")[0], f"{r.split(',')[0]}-{i}", 1)
            for i in range(n)
            for r in obs_rows[:1]
        ]
        text = "\n".join([obs_head, *rows]) + "\n"
        return lambda: parse_observations(text, network, where="t")

    def events(n: int) -> Callable[[], object]:
        rows = [
            r.replace(r.split(",")[0], f"{r.split(',')[0]}-{i}", 1)
            for i in range(n)
            for r in ev_rows[:1]
        ]
        text = "\n".join([ev_head, *rows]) + "\n"
        return lambda: parse_events(text, network, where="t")

    assert _ratio(observations, 200) < MAX_RATIO
    assert _ratio(events, 200) < MAX_RATIO
