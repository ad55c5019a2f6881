"""The server under hostile requests: health answers while heavy work runs, bodies over the
limit are refused early whatever their encoding, the token comes before the body, and the
guards (Host, Origin, Bearer, security headers, run ids, rate by cost) bind."""

from __future__ import annotations

import asyncio
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from benchmarks._server import serving

from corridor.api import create_app
from corridor.api._middleware import WORK_BURST_S, WORK_CAP_S, RateLimiter

TOKEN = "hostile-token"


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def server(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("hostile") / "ledger.duckdb"
    shutil.copy(default_db, db)
    with serving(db, token=TOKEN) as (base, proc):
        yield base, proc


def _health_latencies(base: str, busy: threading.Event) -> list[float]:
    """Seconds each /api/health took while ``busy`` was set."""
    out = []
    with httpx.Client(timeout=30) as c:
        while not busy.is_set():
            time.sleep(0.01)
        while busy.is_set():
            start = time.perf_counter()
            assert c.get(f"{base}/api/health").status_code == 200
            out.append(time.perf_counter() - start)
            time.sleep(0.05)
    return out


def test_health_answers_while_an_extraction_runs(server: Any) -> None:
    base, _ = server
    text = ("In 2024 exports rose 5 % to US$1.2 billion, 3 % more than 2023 " * 15_000)[:900_000]
    busy = threading.Event()
    result: dict[str, int] = {}

    def extract() -> None:
        busy.set()
        try:
            r = httpx.post(f"{base}/api/claims/extract", content=text.encode(), timeout=120)
            result["status"] = r.status_code
        finally:
            busy.clear()

    worker = threading.Thread(target=extract)
    worker.start()
    latencies = _health_latencies(base, busy)
    worker.join()
    assert result["status"] == 200
    assert latencies and max(latencies) < 0.5, latencies


def test_health_answers_while_a_file_loads(server: Any, tmp_path: Path) -> None:
    base, _ = server
    path = tmp_path / "BACI_HS17_Y2020_hostile.csv"
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 2020 AS t, 398 AS i, 643 AS j, lpad((100000 + r)::VARCHAR, 6, '0') AS k,
                  1 + r % 50 AS v, 1.0 AS q FROM range(600000) t(r)) TO '{path}' (HEADER)"""
    )
    con.close()
    busy = threading.Event()
    result: dict[str, Any] = {}

    def load() -> None:
        busy.set()
        try:
            r = httpx.post(
                f"{base}/api/loads",
                params={"name": path.name, "format": "baci"},
                content=path.read_bytes(),
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=300,
            )
            result["status"], result["body"] = r.status_code, r.json()
        finally:
            busy.clear()

    worker = threading.Thread(target=load)
    worker.start()
    latencies = _health_latencies(base, busy)
    worker.join()
    assert result["status"] == 201, result
    assert latencies and max(latencies) < 0.5, latencies


def _chunked_post(base: str, path: str, total: int, headers: str = "") -> tuple[int, int]:
    """Send ``total`` bytes as a chunked body; the HTTP status and the bytes sent before the
    server answered or closed."""
    host, port = base.removeprefix("http://").split(":")
    sent = 0
    chunk = b"a" * 65536
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n"
            f"{headers}Content-Type: text/plain\r\n\r\n".encode()
        )
        s.setblocking(False)
        answer = b""
        try:
            while sent < total:
                try:
                    s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    sent += len(chunk)
                except BlockingIOError:
                    time.sleep(0.01)
                try:
                    answer += s.recv(4096)
                    if answer:
                        break
                except BlockingIOError:
                    pass
        except (BrokenPipeError, ConnectionResetError):
            pass
        s.setblocking(True)
        try:
            while b"\r\n" not in answer:
                more = s.recv(4096)
                if not more:
                    break
                answer += more
        except (ConnectionResetError, TimeoutError):
            pass
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, sent


def test_a_chunked_body_over_the_limit_is_refused_early(server: Any) -> None:
    base, proc = server
    before = _rss_kb(proc.pid)
    status, sent = _chunked_post(base, "/api/claims/extract", 200_000_000)
    after = _rss_kb(proc.pid)
    assert status == 413
    assert sent < 50_000_000, sent  # refused long before the end of the body
    assert after - before < 100_000, (before, after)  # kB


def test_a_write_without_the_token_is_refused_before_its_body_is_read(server: Any) -> None:
    base, _ = server
    status, sent = _chunked_post(base, "/api/runs", 200_000_000)
    assert status == 401 and sent < 50_000_000
    status, _ = _chunked_post(base, "/runs", 200_000_000)
    assert status == 413  # the form carries its token in the body: the limit stops it


def _client(app: Any, host: str = "localhost") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url=f"http://{host}")


def test_the_guards_bind(default_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, token=TOKEN, rate_per_s=1e6)

    async def go() -> None:
        async with _client(app) as c:
            # the Bearer scheme is required
            bare = await c.get("/api/runs", headers={"Authorization": TOKEN})
            assert bare.status_code == 401
            listed = await c.get("/api/runs", headers={"Authorization": f"Bearer {TOKEN}"})
            assert listed.status_code == 200
            # run ids only to the token holder
            assert (await c.get("/api/runs")).status_code == 401
            # the token before the body: an invalid body without a token is 401, not 422
            r = await c.post("/api/runs", content=b"{not json")
            assert r.status_code == 401
            # numbers beyond range are 422 with a message, never 500
            r = await c.post(
                "/api/runs",
                content=b'{"days": 1e999}',
                headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
            )
            assert r.status_code == 422 and "finite" in r.text
            # a write from another site's page
            r = await c.post(
                "/api/claims/extract", content=b"x", headers={"Origin": "http://evil.example"}
            )
            assert r.status_code == 403
            # security headers on the page where the token is typed
            page = await c.get("/")
            assert page.headers["x-frame-options"] == "DENY"
            csp = page.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
            assert "<script>" not in page.text  # no inline script: the policy allows none
            docs = await c.get("/docs")
            assert "'sha256-" in docs.headers["content-security-policy"]
            # a load's error names the file as the client named it, not the server's folder
            r = await c.post(
                "/api/loads",
                params={"name": "bad.csv", "format": "baci"},
                content=b"t,i,j,k,v,q\n2021,398,643,010121,x,1\n",
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            assert r.status_code == 422
            assert "bad.csv" in r.text and ".uploads" not in r.text and "/tmp" not in r.text
        async with _client(app, "attacker.example") as c:
            assert (await c.get("/api/health")).status_code == 400  # DNS rebinding

    try:
        asyncio.run(go())
    finally:
        app.state.corridor.session.close()
    assert not any(app.state.corridor.uploads.root.glob("upload-*"))  # nothing left behind


def test_uploads_left_by_a_killed_server_are_removed_at_the_next_start(
    default_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    left = tmp_path / "l.uploads" / "upload-999999999-0123abcd"
    left.mkdir(parents=True)
    (left / "big.csv").write_bytes(b"x" * 1000)
    app = create_app(db)
    app.state.corridor.session.close()
    assert not left.exists()


def test_the_rate_limit_weighs_work() -> None:
    """A client whose requests kept the server busy longer than its allowance waits; another
    client does not."""
    limiter = RateLimiter(100.0)
    assert limiter.allow("a")
    for _ in range(int(WORK_BURST_S / WORK_CAP_S) + 2):  # each request charged at most the cap
        limiter.charge("a", 3600.0)
    assert not limiter.allow("a")
    assert limiter.allow("b")


def test_one_client_at_full_speed_is_limited(default_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, rate_per_s=50)

    async def go() -> list[int]:
        async with _client(app) as c:
            return [(await c.get("/api/health")).status_code for _ in range(300)]

    try:
        codes = asyncio.run(go())
    finally:
        app.state.corridor.session.close()
    assert 429 in codes and codes[:100] == [200] * 100
