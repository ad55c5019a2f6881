"""The run store: a kept run is read back through its parser; one that cannot be read is none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.sim.store import RunStore


@pytest.mark.parametrize("folder", [None, "runs"])
def test_a_run_that_cannot_be_read_is_computed_again(tmp_path: Path, folder: str | None) -> None:
    store = RunStore(None if folder is None else tmp_path / folder)
    assert store.parsed("missing", json.loads) is None
    store.add("good", '{"a": 1}')
    assert store.parsed("good", json.loads) == {"a": 1}
    store.add("old", "{not json")
    assert store.parsed("old", json.loads) is None  # json's error is a ValueError

    def strict(text: str) -> dict[str, int]:
        return {"b": json.loads(text)["b"]}  # a KeyError on an older layout

    assert store.parsed("good", strict, (ValueError, KeyError)) is None
    with pytest.raises(KeyError):
        store.parsed("good", strict)  # not one of the errors named: not swallowed
