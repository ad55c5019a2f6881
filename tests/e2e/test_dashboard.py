"""The dashboard in headless Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks._server import serving

CHROMIUM = Path(os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium"))
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM}")
TOKEN = "e2e-token"


@pytest.fixture(scope="module")
def server(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "ledger.duckdb"
    shutil.copy(default_db, db)
    with serving(db, token=TOKEN) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


def test_dashboard_renders_map_and_chart(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/?period=2024")
    assert page.locator("h1").inner_text() == "Kazakhstan–China corridor"
    assert page.locator("#map svg circle").count() >= 5  # road crossings on the map
    assert page.locator("#map svg path").count() >= 5  # the basemap's countries
    assert page.locator("#chart svg rect").count() >= 5  # the product chart's bars
    assert page.locator("#over-time svg rect").count() >= 10  # both sides' turnover by year
    assert page.locator("#queues svg polyline").count() >= 1  # queues over the simulated year
    page.wait_for_selector("#levers tr", timeout=120_000)  # the lever comparison, fetched after
    assert (
        page.locator("#levers tr").count() >= 4 and "24/7" in page.locator("#levers").inner_text()
    )
    box = page.locator("#map svg").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    page.close()


def test_a_filter_changes_the_numbers(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/?period=2024")
    before = page.locator("#turnover").inner_text()
    page.fill("input[name=period]", "2023")
    page.click("form[action='/'] button")
    page.wait_for_load_state()
    after = page.locator("#turnover").inner_text()
    assert before != after and "US$" in after
    page.select_option("form[action='/'] select[name=direction]", "imports")
    page.click("form[action='/'] button")
    page.wait_for_load_state()
    assert "imports" in page.locator("#chart svg").get_attribute("aria-label")
    page.close()


def test_a_scenario_run_completes_and_shows_results(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/")
    page.select_option("form[action='/runs'] select[name=lever]", "road-24-7")
    page.fill("input[name=days]", "20")
    page.fill("input[name=replications]", "2")
    page.fill("input[name=token]", TOKEN)
    page.click("#run")
    page.wait_for_selector("#results", timeout=60_000)  # the page refreshes until done
    assert page.locator("#status").inner_text() == "done"
    assert page.locator("#results tr").count() >= 10
    text = page.locator("body").inner_text()
    # names, not ids or a Python dict
    assert "Kazakhstan → China" in text and "Levers: road-24-7" in text
    assert "a_to_b" not in text and "{'" not in text and "maikapchagai-jeminay" not in text
    page.close()


def test_a_wrong_token_is_refused(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/")
    page.fill("input[name=token]", "wrong")
    with page.expect_navigation():
        page.click("#run")
    assert "valid token" in page.content()
    page.close()


def test_api_docs_work_without_internet(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """/docs loads Swagger UI from the server itself: with every other host cut off, the page
    renders the API's operations and nothing was asked of the outside."""
    context = browser.new_context()
    outside: list[str] = []

    def cut(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(server):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", cut)
    page = context.new_page()
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert "Corridor" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".swagger-ui .opblock").count() >= 10
    assert outside == []
    context.close()
