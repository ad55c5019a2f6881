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
    # a sentence on a page with a way back, not the API's JSON
    assert "a valid token is needed" in page.locator("#error").inner_text()
    assert '{"detail"' not in page.content() and page.locator("a[href='/']").count() == 1
    page.close()


def _overlaps(page, selector: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Pairs of texts under ``selector`` whose drawn boxes overlap (by more than a pixel)."""
    boxes = page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent, r.left, r.top, r.right, r.bottom]; })",
    )
    out = []
    for i, (t1, l1, u1, r1, d1) in enumerate(boxes):
        for t2, l2, u2, r2, d2 in boxes[i + 1 :]:
            if min(r1, r2) - max(l1, l2) > 1 and min(d1, d2) - max(u1, u2) > 1:
                out.append((t1, t2))
    return out


def test_every_view_of_the_dashboard(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """Each of the report's sections filled in on the dashboard, the map's labels apart, no
    raw JSON and no code where a name exists."""
    page = browser.new_page()
    page.goto(f"{server}/")
    for anchor in ("mirror", "mirror-table", "targets", "opportunities", "barriers", "claims"):
        section = page.locator(f"h2#{anchor} + .report-section")
        section.locator("table, p:not(:has-text('Loading'))").first.wait_for(timeout=180_000)
        assert "Loading…" not in section.inner_text()
    page.wait_for_selector("#lever-table tr", timeout=180_000)
    assert page.locator("#map svg text").count() > 10  # crossings, towns, legend
    for chart in ("#map", "#chart", "#over-time", "#queues"):  # labels apart on every chart
        assert _overlaps(page, f"{chart} svg text") == [], chart
    text = page.locator("body").inner_text()
    assert '{"detail"' not in text and "a_to_b" not in text and "Traceback" not in text
    assert "Periods: 2024, 2023-H1" not in text
    page.close()


def test_the_report_in_a_browser(default_db: Path, tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The report file as a reader opens it: every section, the map's labels apart, a CSV link
    above each table."""
    from corridor.report import write_report
    from corridor.session import Session

    db = tmp_path / "ledger.duckdb"
    shutil.copy(default_db, db)
    with Session.open(db, read_only=True) as session:
        path = write_report(session, tmp_path / "report.html")
    page = browser.new_page()
    page.goto(path.as_uri())
    for anchor in ("mirror", "targets", "crossings", "opportunities", "barriers", "claims"):
        assert page.locator(f"h2#{anchor}").count() == 1
    assert page.locator("svg.map text").count() > 10
    assert _overlaps(page, "svg.map text") == []
    charts = page.locator("svg.chart")
    labelled = 0
    for i in range(charts.count()):  # every chart's labels apart, as drawn
        selector = f"svg.chart >> nth={i} >> text"
        labelled += page.locator(selector).count() > 3
        assert _overlaps(page, selector) == [], i
    assert labelled >= 5
    assert page.locator("a.csv").count() >= page.locator("table").count() > 5
    # nothing pushes the page sideways at a laptop's width: a wide table scrolls in its box,
    # and no bar is wider than its cell
    page.set_viewport_size({"width": 1300, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1300
    widths = page.evaluate(
        "[...document.querySelectorAll('span.bar')].map(b => parseFloat(b.style.width) || 0)"
    )
    assert widths and max(widths) <= 100
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


def test_the_overlap_finder_finds_an_overlap(browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_content(
        '<svg width="200" height="100"><text x="10" y="20">Maikapchagai</text>'
        '<text x="30" y="22">Zaysan</text><text x="10" y="80">apart</text></svg>'
    )
    assert _overlaps(page, "svg text") == [("Maikapchagai", "Zaysan")]
    page.close()
