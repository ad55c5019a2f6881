"""The barrier registry: validation, atomic idempotent adds, and the trade value at stake."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.model import read_network
from corridor.trade.barriers import (
    Barrier,
    add_barriers,
    barrier_views,
    blocs,
    ntm_codes,
    read_barriers,
    stored_barriers,
    trade_pairs,
)

GOOD = """\
barriers:
  - id: eaeu-test-licence
    title: A licence for a test product
    imposing: EAEU
    affected: [CHN]
    mast: E1
    hs_rev: HS2012
    hs_codes: ["8703"]
    status: in force
    description: Non-automatic licence (test record).
    source:
      document: Test decision No. 1
      quote: "a licence is required"
      verified: true
"""


def _write(tmp_path: Path, text: str, name: str = "b.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_records_are_valid_and_name_real_crossings() -> None:
    """Every shipped record has a known MAST code and its crossings exist in the network file."""
    records = read_barriers(data_dir() / "barriers" / "barriers.yaml").barriers
    network = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
    ids = {c.id for c in network.crossings}
    codes = ntm_codes()
    assert len(records) >= 8
    for b in records:
        assert b.mast in codes
        assert set(b.crossings) <= ids, b.id
        assert b.source.quote or b.source.paraphrase or not b.source.verified


def test_grain_barrier_counts_the_2024_trade_in_its_codes(default_ledger: Ledger) -> None:
    """Trade at stake = KAZ→CHN exports in the codes (prefixes), latest complete year."""
    views = {v.id: v for v in barrier_views(default_ledger)}
    grain = views["cn-customs-daytime-grain"]
    expected = default_ledger.query(
        "SELECT sum(value_usd) FROM flows WHERE source = 'wits' AND reporter = 'KAZ' "
        "AND partner = 'CHN' AND flow = 'export' AND year(period_start) = 2024 "
        "AND (hs_code LIKE '10%' OR hs_code IN ('1101', '1102', '1103', '1104', '1107'))"
    ).rows[0][0]
    assert grain.trade_at_stake_usd == pytest.approx(float(expected))
    assert grain.trade_at_stake[0]["year"] == 2024
    assert views["cn-visas-truck-drivers"].trade_at_stake_usd is None
    assert "not product-specific" in views["cn-visas-truck-drivers"].notes[0]


def test_code_finer_than_the_data_is_flagged_as_upper_bound(default_ledger: Ledger) -> None:
    """An HS6 code against HS4 data counts the heading and says so (never silently)."""
    views = {v.id: v for v in barrier_views(default_ledger)}
    pulp = views["cn-beet-pulp-phyto-protocol"]
    heading = default_ledger.query(
        "SELECT coalesce(sum(value_usd), 0) FROM flows WHERE source = 'wits' "
        "AND reporter = 'KAZ' AND partner = 'CHN' AND flow = 'export' "
        "AND year(period_start) = 2024 AND hs_code = '2303'"
    ).rows[0][0]
    assert pulp.trade_at_stake_usd == pytest.approx(float(heading))
    if heading:
        assert any("upper bound" in n for n in pulp.notes)


def test_untapped_potential_is_summed_over_matching_codes(default_ledger: Ledger) -> None:
    """Given untapped potential per product, a barrier sums the products its codes touch."""
    untapped = {("KAZ", "CHN"): {"1001": 5.0, "1101": 2.0, "2709": 100.0}}
    views = {v.id: v for v in barrier_views(default_ledger, untapped)}
    assert views["cn-customs-daytime-grain"].untapped_potential_usd == 7.0
    assert views["cn-meat-animal-disease"].untapped_potential_usd == 0.0


def test_add_is_atomic_idempotent_and_listed(ledger: Ledger, tmp_path: Path) -> None:
    """A good file adds its records once; the same file again does nothing."""
    path = _write(tmp_path, GOOD)
    first = add_barriers(ledger, path)
    assert first.added == ("eaeu-test-licence",)
    again = add_barriers(ledger, path)
    assert again.already_added and again.added == ()
    origins = {b.id: o for b, o in stored_barriers(ledger)}
    assert origins["eaeu-test-licence"] == "b.yaml"
    assert origins["cn-meat-animal-disease"] == "default-data"


def test_one_bad_record_adds_nothing_and_names_the_field(ledger: Ledger, tmp_path: Path) -> None:
    """A file with a good and a bad record is refused whole; the error names record and field."""
    bad = GOOD + GOOD.split("barriers:\n", 1)[1].replace("eaeu-test-licence", "second").replace(
        "mast: E1", "mast: Z9"
    )
    before = ledger.query("SELECT count(*) FROM barriers").rows
    # records are counted from 1, as docs/barriers.md writes them: the second is barriers.2
    with pytest.raises(InputError, match=r"barriers\.2 \(second\)\.mast.*Z9"):
        add_barriers(ledger, _write(tmp_path, bad))
    assert ledger.query("SELECT count(*) FROM barriers").rows == before
    assert ledger.query("SELECT count(*) FROM barrier_files").rows[0][0] == 0


@pytest.mark.parametrize("code", ["E11", "C3", "B31", "A851", "E1", "BT2"])
def test_well_formed_mast_codes_are_accepted(ledger: Ledger, tmp_path: Path, code: str) -> None:
    """Any chapter letter A–P with up to three digits is a MAST 2019 code, listed or not; an
    unlisted one shows its nearest listed parent's title and says so."""
    result = add_barriers(ledger, _write(tmp_path, GOOD.replace("mast: E1", f"mast: {code}")))
    assert result.added == ("eaeu-test-licence",)
    view = next(v for v in barrier_views(ledger) if v.id == "eaeu-test-licence")
    codes = ntm_codes()
    if code in codes:
        assert view.mast_title == codes[code]
    else:
        assert "not in the shipped table" in view.mast_title


@pytest.mark.parametrize("code", ["Z1", "E0", "E1111", "e11", "BT9", "11"])
def test_malformed_mast_codes_are_refused(ledger: Ledger, tmp_path: Path, code: str) -> None:
    with pytest.raises(InputError, match=r"barriers\.1\b[^\n]*\.mast"):
        add_barriers(ledger, _write(tmp_path, GOOD.replace("mast: E1", f"mast: {code}")))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("imposing: EAEU", "imposing: XXX", "not an ISO 3166 country"),
        ('hs_codes: ["8703"]', 'hs_codes: ["87031"]', "2, 4 or 6 digits"),
        (
            'hs_rev: HS2012\n    hs_codes: ["8703"]',
            'hs_rev: HS2022\n    hs_codes: ["870399"]',
            "870399 is not an HS2022 code — codes nearby: 870310",
        ),
        ("    hs_rev: HS2012\n", "", "need hs_rev"),
        ("status: in force", "status: maybe", "status"),
        ('      quote: "a licence is required"\n', "", "quote or a paraphrase"),
    ],
)
def test_invalid_records_are_refused(
    ledger: Ledger, tmp_path: Path, old: str, new: str, message: str
) -> None:
    """Unknown jurisdictions, malformed codes, missing revision, status or evidence: an error."""
    with pytest.raises(InputError, match=message):
        add_barriers(ledger, _write(tmp_path, GOOD.replace(old, new)))


def test_conflicting_id_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A record whose id exists with other content is an error, not an overwrite."""
    add_barriers(ledger, _write(tmp_path, GOOD))
    changed = GOOD.replace("A licence for a test product", "Another title")
    with pytest.raises(InputError, match="already in the ledger"):
        add_barriers(ledger, _write(tmp_path, changed, "c.yaml"))


def test_bloc_stands_for_its_members_and_export_measures_reverse() -> None:
    """EAEU imposing means each member imports; a MAST P measure is on the imposer's exports."""
    b = Barrier.model_validate(
        {
            "id": "x-test", "title": "test", "imposing": "EAEU", "affected": ["CHN"],
            "mast": "E1", "status": "in force", "description": "test",
            "source": {"document": "doc", "verified": False},
        }
    )  # fmt: skip
    pairs = trade_pairs(b, blocs(), {})
    assert ("CHN", "KAZ") in pairs and ("CHN", "RUS") in pairs and len(pairs) == 5
    export = b.model_copy(update={"mast": "P3", "imposing": "KAZ"})
    assert trade_pairs(export, blocs(), {}) == [("KAZ", "CHN")]


def test_region_stands_for_its_country() -> None:
    """A measure imposed by CN-XJ touches trade with China (product rows are national)."""
    b = Barrier.model_validate(
        {
            "id": "xj-test", "title": "test", "imposing": "CN-XJ", "affected": ["KAZ"],
            "mast": "BT1", "status": "reported", "description": "test",
            "source": {"document": "doc", "verified": False},
        }
    )  # fmt: skip
    assert trade_pairs(b, {}, {"CN-XJ": "CHN"}) == [("KAZ", "CHN")]
