"""A bounded soak of the server on loopback: no 5xx, still alive, memory does not run away."""

from __future__ import annotations

from benchmarks.soak import soak


def test_bounded_soak() -> None:
    r = soak(requests=900, concurrency=4)
    assert r["server_alive"] and r["requests"] == 900
    assert all(code < 500 for code in r["codes"]), r["codes"]
    assert 429 not in r["codes"] and r["codes"][200] >= 900 * 6 // 9, r["codes"]  # all served
    assert r["rss_after_mb"] - r["rss_before_mb"] < 150, r
