"""The HTTP API and dashboard, driven with httpx through FastAPI's test client."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks._server import serving
from fastapi import FastAPI

from corridor.api import create_app
from corridor.api._middleware import MAX_BODY_BYTES
from corridor.cli.serve import is_loopback
from corridor.ledger import Ledger

TOKEN = "s3cret-token"
ARTICLE = (
    Path(__file__).parents[1] / "claims" / "articles" / "2023-08_zhumangarin_ma_xingrui_urumqi.txt"
)


class ApiClient:
    """A synchronous httpx client talking to the app in-process (httpx's ASGI transport)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as c:
                return await c.request(method, url, **kwargs)

        return asyncio.run(go())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


@pytest.fixture(scope="module")
def client(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiClient]:
    db = tmp_path_factory.mktemp("api") / "ledger.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, token=TOKEN, rate_per_s=1e6)
    yield ApiClient(app)
    app.state.corridor.session.close()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _finished(client: ApiClient, job: str) -> dict[str, Any]:
    """The run's view once it has ended (done, failed or cancelled), polling for up to 30 s."""
    for _ in range(300):
        view: dict[str, Any] = client.get(f"/api/runs/{job}").json()
        if view["status"] in ("done", "failed", "cancelled"):
            return view
        time.sleep(0.1)
    return view


def test_health_and_openapi(client: ApiClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/api/summary",
        "/api/mirror",
        "/api/targets",
        "/api/opportunities",
        "/api/barriers",
        "/api/claims",
        "/api/claims/check",
        "/api/network",
        "/api/capacity",
        "/api/runs",
    ):
        assert p in paths, p


def test_summary_matches_the_library(client: ApiClient) -> None:
    """2024: exports 14.90, imports 15.15 bn (WITS), as `corridor trade summary` says."""
    data = client.get("/api/summary", params={"period": "2024"}).json()
    assert round(data["exports_usd"] / 1e9, 2) == 14.90
    assert round(data["imports_usd"] / 1e9, 2) == 15.15


def test_bad_input_is_a_4xx_with_a_message(client: ApiClient) -> None:
    bad_period = client.get("/api/summary", params={"period": "sometime"})
    assert bad_period.status_code == 422 and "period" in bad_period.text.lower()
    gap = client.get("/api/summary", params={"period": "1999"})
    assert gap.status_code == 404 and "no source" in gap.json()["detail"].lower()
    bad_code = client.get("/api/summary", params={"period": "2024", "reporter": "K@Z"})
    assert bad_code.status_code == 422
    assert "Traceback" not in gap.text + bad_code.text


def test_reads_of_every_kind(client: ApiClient) -> None:
    assert client.get("/api/mirror", params={"period": "2023"}).status_code == 200
    assert client.get("/api/targets").json()[0]["id"]
    opp = client.get("/api/opportunities", params={"top": 3}).json()
    assert len(opp["products"]) == 3 and opp["level"] == "chapter"
    assert any(b["id"] == "cn-meat-animal-disease" for b in client.get("/api/barriers").json())
    assert client.get("/api/network").json()["countries"] == ["KAZ", "CHN"]
    cap = client.get("/api/capacity", params={"target_usd": 1e11}).json()
    assert cap["first_to_saturate"]


def test_writes_need_the_token(client: ApiClient) -> None:
    body = ARTICLE.read_bytes()
    params = {"name": "article.txt", "date": "2023-08-21"}
    assert client.post("/api/claims", params=params, content=body).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.post("/api/claims", params=params, content=body, headers=wrong).status_code == 401
    ok = client.post("/api/claims", params=params, content=body, headers=AUTH)
    assert ok.status_code == 201 and ok.json()["claims"] == 13
    findings = client.get("/api/claims/check").json()
    assert any(f["check"] == "parts against total" for f in findings)


def test_a_server_without_token_accepts_no_writes(default_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, rate_per_s=1e6)
    r = ApiClient(app).post("/api/runs", json={"days": 5, "replications": 1}, headers=AUTH)
    assert r.status_code == 403 and "CORRIDOR_TOKEN" in r.json()["detail"]
    app.state.corridor.session.close()


def test_oversized_bodies_are_refused(client: ApiClient) -> None:
    big = b"x" * (MAX_BODY_BYTES + 1)
    r = client.post("/api/claims", params={"name": "a.txt"}, content=big, headers=AUTH)
    assert r.status_code == 413


def test_a_scenario_run_is_a_background_job(client: ApiClient) -> None:
    """POST starts it (202), GET shows progress then the result."""
    r = client.post(
        "/api/runs", json={"levers": ["road-24-7"], "days": 20, "replications": 2}, headers=AUTH
    )
    assert r.status_code == 202
    job = r.json()["id"]
    view = _finished(client, job)
    assert view["status"] == "done", view
    assert view["result"]["scenario"] == "baseline+road-24-7"
    assert view["done"] == view["total"]
    assert view["result"]["settings"]["levels"] is False


def test_a_run_may_draw_the_uncounted_traffic_levels(client: ApiClient) -> None:
    """As ``simulate --levels``: the run says so in its settings and is stored apart."""
    r = client.post("/api/runs", json={"days": 5, "replications": 2, "levels": True}, headers=AUTH)
    view = _finished(client, r.json()["id"])
    assert view["status"] == "done", view
    assert view["result"]["settings"]["levels"] is True


def test_a_run_can_be_cancelled(client: ApiClient) -> None:
    r = client.post("/api/runs", json={"days": 1000, "replications": 50}, headers=AUTH)
    job = r.json()["id"]
    client.delete(f"/api/runs/{job}", headers=AUTH)
    view = _finished(client, job)
    assert view["status"] == "cancelled"


def test_unknown_lever_is_refused(client: ApiClient) -> None:
    r = client.post("/api/runs", json={"levers": ["no-such"]}, headers=AUTH)
    assert r.status_code == 422 and "no lever" in r.json()["detail"]


def test_dashboard_filters_change_the_numbers(client: ApiClient) -> None:
    a = client.get("/", params={"period": "2024"}).text
    b = client.get("/", params={"period": "2023"}).text
    assert (
        'id="turnover"' in a
        and a.split('id="turnover">')[1][:20] != b.split('id="turnover">')[1][:20]
    )
    assert 'class="chart map"' in a and "<rect" in a.split('id="chart"')[1]
    lever = client.get("/", params={"period": "2024", "lever": "road-24-7"}).text
    assert "24/7 at all road crossings" in lever


def test_dashboard_opens_on_the_year_both_sides_report(
    client: ApiClient, default_ledger: Ledger
) -> None:
    from corridor.report import side_years

    page = client.get("/").text
    opened = int(page.split('name="period" value="')[1].split('"')[0])
    both = {
        y.year
        for y in side_years(default_ledger, "KAZ", "CHN")
        if y.reporter == "KAZ" and y.turnover_usd is not None
    } & {
        y.year
        for y in side_years(default_ledger, "KAZ", "CHN")
        if y.reporter == "CHN" and y.turnover_usd is not None
    }
    assert opened == max(both)
    assert f"{opened}, the latest year both Kazakhstan and China report" in page
    # the period help is labelled as help, not printed beside the source as if it were data
    help_text = page.split('id="period-help">')[1].split("</p>")[0]
    assert "a half (2023-H1)" in help_text and "Source:" not in help_text
    assert "Periods: 2024, 2023-H1" not in page


def test_opening_period_rule() -> None:
    from corridor.report import opening_period
    from corridor.report._data import SideYear

    def y(reporter: str, year: int, turnover: float | None) -> SideYear:
        return SideYear(reporter, "X", year, None, None, turnover, None, None, (), ())

    years = [y("A", 2022, 1.0), y("B", 2022, 2.0), y("A", 2023, 1.0), y("B", 2024, None)]
    assert opening_period(years, "A", "B")[0] == "2022"
    assert opening_period([y("A", 2023, 1.0)], "A", "B") == (
        "2023",
        "2023, the latest year with a figure (from A only)",
    )


def test_a_page_answers_its_errors_as_a_page(client: ApiClient) -> None:
    """The dashboard's form without a token, an unknown lever, a bad filter: a sentence on a
    page with a way back, never raw JSON; the JSON API keeps answering JSON."""
    for answer, words in (
        (client.post("/runs", content="lever=&days=20&token="), "a valid token is needed"),
        (client.get("/", params={"lever": "no-such"}), "no-such"),
        (client.get("/", params={"by": "hs9"}), "by: Input should be"),
        (client.get("/runs/nope"), "run"),
    ):
        assert answer.status_code >= 400
        assert answer.headers["content-type"].startswith("text/html"), answer.text
        page = answer.text
        assert words in page and 'href="/"' in page and '{"detail"' not in page
    api = client.get("/api/summary", params={"by": "hs9"})
    assert api.status_code == 422 and api.headers["content-type"] == "application/json"


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_serve_refuses_to_listen_beyond_loopback_without_a_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from corridor.cli import app

    monkeypatch.delenv("CORRIDOR_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "without a token" in result.stderr


def test_serve_takes_a_rate_limit_and_states_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`--rate-limit` reaches the app; the help states the app's own default."""
    import uvicorn
    from typer.testing import CliRunner

    import corridor.api as api_face
    from corridor.api._middleware import RATE_PER_S
    from corridor.cli import app

    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(api_face, "create_app", lambda *a, **k: seen.append(k) or FastAPI())
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    assert CliRunner().invoke(app, ["serve", "--rate-limit", "500"]).exit_code == 0
    assert CliRunner().invoke(app, ["serve"]).exit_code == 0
    assert seen[0]["rate_per_s"] == 500.0 and "rate_per_s" not in seen[1]
    help_text = CliRunner().invoke(app, ["serve", "--help"]).stdout
    assert f"default {RATE_PER_S:.0f};" in " ".join(help_text.split())


def test_serve_answers_on_loopback(default_db: Path, tmp_path: Path) -> None:
    """`corridor serve` starts uvicorn and answers HTTP on 127.0.0.1."""
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    with serving(db) as (base, _):
        assert httpx.get(f"{base}/api/health").json()["status"] == "ok"
        assert "Kazakhstan–China corridor" in httpx.get(f"{base}/").text


def test_loads_through_the_api(client: ApiClient) -> None:
    """POST /api/loads loads a file once (token needed); bad files get 422 naming the line."""
    fixture = Path(__file__).parents[1] / "fixtures" / "BACI_HS02_Y2021_V202301_kaz_chn.csv"
    params = {"name": "BACI_HS02_Y2021_api.csv", "format": "baci", "source": "baci-api"}
    assert client.post("/api/loads", params=params, content=fixture.read_bytes()).status_code == 401
    first = client.post("/api/loads", params=params, content=fixture.read_bytes(), headers=AUTH)
    assert first.status_code == 201 and first.json()["rows"] > 0
    again = client.post("/api/loads", params=params, content=fixture.read_bytes(), headers=AUTH)
    assert again.json()["status"] == "already loaded"
    bad = client.post(
        "/api/loads",
        params={**params, "name": "BACI_HS02_Y2021_bad.csv"},
        content=b"t,i,j,k,v,q\n2021,398,156,74031,-5,1\n",
        headers=AUTH,
    )
    assert bad.status_code == 422 and "line 2" in bad.json()["detail"]


def test_summary_answers_follow_the_ledger(client: ApiClient) -> None:
    """Cached answers are per ledger version: the same request twice gives the same figures."""
    a = client.get("/api/summary", params={"period": "2023"}).json()
    b = client.get("/api/summary", params={"period": "2023"}).json()
    assert a == b


def test_status_extract_and_plan(client: ApiClient) -> None:
    """The rest of the CLI's reads: ledger status, claim extraction (nothing stored), plans."""
    status = client.get("/api/ledger/status").json()
    assert status["flows"] > 40_000 and status["loads"]
    claims = client.post(
        "/api/claims/extract", params={"date": "2023-08-21"}, content=ARTICLE.read_bytes()
    ).json()
    assert len(claims) == 13 and claims[0]["unit"] == "CNY"
    plan = client.get("/api/plan", params={"target_usd": 5e10, "by": 2030}).json()
    assert plan["chosen"] and plan["residual_bottleneck"]


def test_the_dashboard_names_what_it_shows(client: ApiClient) -> None:
    """The page and its fragments name crossings and countries (ids stay in links and code), and
    the lever menu shows each lever's title."""
    from html import unescape

    page = client.get("/", params={"lever": "road-24-7"}).text
    assert ">24/7 at all road crossings</option>" in page
    for text in (page, client.get("/model-match").text, client.get("/levers-compared").text):
        visible = re.sub(r"<(script|style|code)\b[^>]*>.*?</\1>", "", text, flags=re.S)
        words = unescape(re.sub(r"<[^>]+>", "\n", visible))
        assert not re.search(r"(?<![\w-])(KAZ|CHN)(?![\w])", words)
        assert not re.search(r"(?<![\w-])[a-z]+-[a-z]+-(road|rail)(?![\w-])", words)


def test_dashboard_product_filter(client: ApiClient) -> None:
    answer = client.get("/", params={"period": "2024", "by": "hs4", "product": "27"})
    page = answer.text
    assert answer.status_code == 200, page[:300]
    chart = page.split('id="chart"')[1].split("</svg>")[0]
    assert "within HS 27" in chart and "2701 Coal" in chart  # code and name on the axis


def test_a_comparison_runs_as_a_job(client: ApiClient) -> None:
    r = client.post(
        "/api/runs",
        json={"kind": "compare", "levers": ["road-24-7"], "days": 15, "replications": 2},
        headers=AUTH,
    )
    job = r.json()["id"]
    view = _finished(client, job)
    assert view["status"] == "done", view
    assert [s["scenario"] for s in view["result"]] == ["baseline", "baseline+road-24-7"]


def test_a_comparison_job_can_price_levers_in_trade(client: ApiClient) -> None:
    r = client.post(
        "/api/runs",
        json={"kind": "compare", "levers": ["road-24-7"], "days": 15, "replications": 2,
              "trade_response": True},
        headers=AUTH,
    )  # fmt: skip
    view = _finished(client, r.json()["id"])
    assert view["status"] == "done", view
    response = view["result"][1]["trade_response"]
    assert response["scenario"] == "baseline+road-24-7" and response["rounds"] >= 1
    assert "trade_change_usd" in response and response["assumptions"]


def test_rate_limit_answers_429(default_db: Path, tmp_path: Path) -> None:
    """Past the burst a client gets 429 with Retry-After; others are not affected."""
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, rate_per_s=5)
    client = ApiClient(app)
    codes = [client.get("/api/health").status_code for _ in range(14)]
    assert codes[:10] == [200] * 10 and 429 in codes[10:]
    limited = client.get("/api/health")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "1"
    app.state.corridor.session.close()


def test_reads_go_on_while_a_file_loads(client: ApiClient, tmp_path: Path) -> None:
    """A load in one request and summaries in others at the same time: all answer, no rows lost."""
    import threading

    import duckdb

    path = tmp_path / "BACI_HS17_Y2021_big.csv"
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 2021 AS t, 398 AS i, 643 AS j, lpad((100000 + r)::VARCHAR, 6, '0') AS k,
                  1 + r % 50 AS v, 1.0 AS q FROM range(300000) t(r)) TO '{path}' (HEADER)"""
    )
    con.close()
    result: dict[str, int] = {}

    def load() -> None:
        r = client.post(
            "/api/loads",
            params={"name": path.name, "format": "baci"},
            content=path.read_bytes(),
            headers=AUTH,
        )
        result["load"] = r.status_code
        result["rows"] = r.json().get("rows", 0)

    thread = threading.Thread(target=load)
    thread.start()
    codes = [
        client.get("/api/summary", params={"period": p}).status_code
        for p in ("2024", "2023", "2019", "2018") * 5
    ]
    thread.join(timeout=120)
    assert set(codes) == {200}
    assert result == {"load": 201, "rows": 300_000}


def test_file_names_cannot_be_dots(client: ApiClient) -> None:
    """A name of '.' or '..' is refused (it named a folder: found by schemathesis)."""
    for name in (".", "..", ".hidden"):
        r = client.post("/api/claims/extract", params={"name": name}, content=b"$5 billion")
        assert r.status_code == 422


def test_docs_are_served_from_the_package(client: ApiClient) -> None:
    """/docs names only the server's own assets, and they are there: no CDN."""
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs/assets/swagger-ui-bundle.js" in page.text
    assert "cdn." not in page.text and "unpkg" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        got = client.get(f"/docs/assets/{asset}")
        assert got.status_code == 200 and len(got.content) > 10_000
    assert client.get("/redoc").status_code == 404


def test_a_write_refreshes_the_cached_answers(default_db: Path, tmp_path: Path) -> None:
    """Cached answers are keyed by the ledger version kept in memory and bumped by writes: a
    barrier added over the API shows at once in the cached list."""
    db = tmp_path / "ledger.duckdb"
    shutil.copy(default_db, db)
    app = create_app(db, token=TOKEN, rate_per_s=1e6)
    c = ApiClient(app)
    try:
        before = c.get("/api/barriers").json()
        assert c.get("/api/barriers").content == c.get("/api/barriers").content
        record = (
            "barriers:\n  - id: api-cache-test\n    title: A test licence\n    imposing: CHN\n"
            "    affected: [KAZ]\n    mast: E11\n    hs_rev: HS2012\n    hs_codes: ['1001']\n"
            "    status: in force\n    description: test\n    source:\n      document: test\n"
            "      quote: a licence is required\n      verified: true\n"
        )
        added = c.post(
            "/api/barriers", content=record, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert added.status_code == 201, added.text
        after = c.get("/api/barriers").json()
        assert len(after) == len(before) + 1 and any(b["id"] == "api-cache-test" for b in after)
    finally:
        app.state.corridor.session.close()
