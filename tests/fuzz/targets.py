"""Fuzz targets: every reader of untrusted input, and what each may raise.

A target takes the bytes of one input file and feeds it to the product as a user would. It passes
when the product either accepts the input or refuses it with one of the project's own errors
(``CorridorError`` and its subclasses, with a message). Anything else — a ``KeyError``, a DuckDB
error, a crash — is a finding.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from corridor.claims import Extractor, load_vocabulary, read_document
from corridor.errors import CorridorError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.model import read_network
from corridor.network.scenario import apply_overlays
from corridor.trade.barriers import add_barriers

CORPUS = Path(__file__).parent / "corpus"
_LEDGER: list[Ledger] = []  # one in-memory ledger for all load targets (loads are atomic)
_VOCAB = []


def _ledger() -> Ledger:
    if not _LEDGER:
        _LEDGER.append(Ledger.open(":memory:", defaults=False))
    return _LEDGER[0]


def _in_file(data: bytes, name: str) -> Callable[[Callable[[Path], object]], None]:
    def run(use: Callable[[Path], object]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            try:
                use(path)
            except CorridorError as exc:
                assert str(exc).strip(), "an error without a message"

    return run


def baci(data: bytes) -> None:
    _in_file(data, "BACI_HS17_Y2021_fuzz.csv")(lambda p: _ledger().load(p, format="baci"))


def comtrade(data: bytes) -> None:
    _in_file(data, "comtrade.csv")(lambda p: _ledger().load(p, format="comtrade"))


def wits(data: bytes) -> None:
    _in_file(data, "wits.csv")(lambda p: _ledger().load(p, format="wits"))


def comtrade_classic(data: bytes) -> None:
    """The classic UN Comtrade layout (legacy headings, API names, short exports)."""
    _in_file(data, "comtrade_classic.csv")(lambda p: _ledger().load(p, format="comtrade"))


def detect(data: bytes) -> None:
    """A file loaded without --format: its format is found from the header, or refused."""
    _in_file(data, "trade_file.csv")(lambda p: _ledger().load(p))


def fx(data: bytes) -> None:
    """An exchange-rate file for `corridor ledger fx add`."""
    _in_file(data, "rates.csv")(lambda p: _ledger().fx.add(p))


def csv_mapping(data: bytes) -> None:
    """A mapping file (the input) applied to a fixed data file."""
    source = (CORPUS / "csv" / "data.csv").read_bytes()

    def use(mapping: Path) -> None:
        path = mapping.with_name("data.csv")
        path.write_bytes(source)
        _ledger().load(path, format="csv", mapping=mapping)

    _in_file(data, "mapping.yaml")(use)


def network(data: bytes) -> None:
    _in_file(data, "network.yaml")(read_network)


def overlay(data: bytes) -> None:
    base = data_dir() / "scenarios" / "baseline.yaml"
    _in_file(data, "lever.yaml")(lambda p: apply_overlays(base, (p,)))


def barriers(data: bytes) -> None:
    _in_file(data, "barriers.yaml")(lambda p: add_barriers(_ledger(), p))


def claims(data: bytes) -> None:
    """Text or HTML: read (a refusal is fine) and extract; every claim slices its own text."""
    if not _VOCAB:
        _VOCAB.append(load_vocabulary())
    vocab = _VOCAB[0]

    def use(path: Path) -> None:
        doc = read_document(path, vocab)
        for c in Extractor(vocab).extract(doc.doc, doc.text, doc.date):
            assert doc.text[c.start : c.end] == c.text

    name = "a.html" if data.lstrip().lower().startswith(b"<") else "a.txt"
    _in_file(data, name)(use)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "baci": baci,
    "comtrade": comtrade,
    "wits": wits,
    "comtrade_classic": comtrade_classic,
    "detect": detect,
    "fx": fx,
    "csv": csv_mapping,
    "network": network,
    "overlay": overlay,
    "barriers": barriers,
    "claims": claims,
}


def seeds(target: str) -> list[bytes]:
    """The corpus of a target (the csv target's corpus is its mapping files)."""
    files = sorted((CORPUS / target).iterdir())
    if target == "csv":
        files = [f for f in files if f.suffix == ".yaml"]
    return [f.read_bytes() for f in files if f.is_file()]
