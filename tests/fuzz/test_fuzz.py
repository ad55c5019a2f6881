"""Fuzzing every reader: the seed corpus replays, then hypothesis mutates it.

CI replays the corpus and tries a few mutations per target. A longer run is one command:

    CORRIDOR_FUZZ_EXAMPLES=5000 pytest tests/fuzz

Any input that fails is shrunk by hypothesis and printed; add it to ``tests/fuzz/corpus/<target>/``
so that every later run replays it.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.targets import TARGETS, seeds

EXAMPLES = int(os.environ.get("CORRIDOR_FUZZ_EXAMPLES", "25"))

TOKENS = [
    b",",
    b"\n",
    b'"',
    b";",
    b"\x00",
    b"\xff",
    b"NA",
    b"-1",
    b"1e309",
    b"nan",
    b"999999999",
    b"{",
    b"}",
    b"[",
    b"]",
    b": ",
    b"- ",
    b"  ",
    b"&",
    b"*a",
    b"!!python/object",
    b"<",
    b">",
    b"$",
    b"%",
    b"billion",
    b"\r\n",
    b"\t",
    "é".encode(),
    b"2024",
    b"0101",
]


@st.composite
def mutated(draw: st.DrawFn, target: str) -> bytes:
    """A corpus file with a few random edits: flips, cuts, repeats, insertions, truncation."""
    data = bytearray(draw(st.sampled_from(seeds(target))))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate", "swap"]))
        n = len(data)
        i = draw(st.integers(0, max(n - 1, 0)))
        j = draw(st.integers(i, min(n, i + 64)))
        if op == "flip" and n:
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i:j]
        elif op == "repeat":
            data[i:i] = data[i:j] * draw(st.integers(1, 4))
        elif op == "insert":
            data[i:i] = draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3))
        elif op == "truncate":
            del data[i:]
        elif op == "swap" and n:
            lines = bytes(data).split(b"\n")
            a = draw(st.integers(0, len(lines) - 1))
            b = draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_the_corpus_replays(target: str) -> None:
    """Every saved input: accepted or refused with a project error, nothing else."""
    for data in seeds(target):
        TARGETS[target](data)


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_mutations(target: str) -> None:
    """Mutated inputs: accepted or refused with a project error, nothing else."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=mutated(target))
    def run(data: bytes) -> None:
        TARGETS[target](data)

    run()


@settings(max_examples=EXAMPLES * 2, deadline=None, database=None)
@given(st.text(max_size=400))
def test_claims_on_arbitrary_text(text: str) -> None:
    TARGETS["claims"](text.encode("utf-8"))


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.binary(max_size=300))
def test_every_reader_on_arbitrary_bytes(data: bytes) -> None:
    for target in TARGETS.values():
        target(data)
