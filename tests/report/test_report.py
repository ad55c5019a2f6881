"""The report shows real figures from both sides, marks incomplete years, and cites sources."""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path

import pytest

from corridor.ledger import Ledger
from corridor.report import render_report, report_data, write_report
from corridor.session import Session


@pytest.fixture(scope="module")
def html(default_db: Path) -> str:
    with Session.open(default_db, read_only=True) as session:
        return render_report(report_data(session, "KAZ", "CHN"))


def test_both_sides_2022_are_shown_with_the_gap(html: str) -> None:
    """2022: Kazakhstan's exports 13.2 + imports 11.0 = US$24.2 bn ("exceeded 24 bn"), China
    US$31.2 bn; the report shows both and the gap."""
    assert "Kazakhstan says <b>US$ 24.20 bn</b>" in html
    assert "China says <b>US$ 31.20 bn</b>" in html
    assert "gap +29" in html


def test_partial_years_are_marked_not_presented_as_totals(html: str) -> None:
    """2021: both WITS files are partial and no other source covers imports: no figure."""
    row = re.search(r"<tr><td>2021</td><td>Kazakhstan</td>.*?</tr>", html, re.S)
    assert row is not None
    assert "no complete source" in row.group(0) and "(partial)" in row.group(0)


def test_top_products_of_the_latest_complete_year(html: str) -> None:
    """Kazakhstan's top export to China in 2024 is copper ore (HS 2603); countries by name, the
    HS 2022 description of an HS 2012 code starred and said once, not on every row."""
    exports = html.split("Kazakhstan exports to China, 2024", 1)[1].split("<h3", 1)[0]
    assert re.search(r"<td>2603</td><td>Copper ores and concentrates<sup>\*</sup>", exports)
    assert "(HS 2022 label)" not in exports
    assert exports.count("The description of the same code in HS 2022") == 1


def test_chart_has_a_bar_per_side_and_year(html: str) -> None:
    assert html.count("<rect x=") > 10
    assert "Kazakhstan-reported" in html and "China-reported" in html


def test_sources_and_licences_are_cited(html: str) -> None:
    assert "Gaulier &amp; Zignago (2010)" in html
    assert "Etalab" in html and "WITS" in html


def test_write_report_is_atomic(default_db: Path, tmp_path: Path) -> None:
    """The report file appears whole; no partial file is left beside it."""
    with Session.open(default_db, read_only=True) as session:
        out = write_report(session, tmp_path / "r.html")
    assert out.read_text().rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_report_gains_mirror_and_targets_sections(tmp_path: Path) -> None:
    """A writable ledger's report shows the mirror table, the targets table and fan charts."""
    with Session.open(tmp_path / "l.duckdb") as session:
        html = render_report(report_data(session, "KAZ", "CHN"))
    assert 'id="mirror-table"' in html and 'id="targets"' in html
    assert "US$35 bn by 2030" in html and "<polygon" in html  # the fan
    assert "+10.4 %" in html  # KAZ→CHN 2023 raw mirror gap


def test_report_gains_opportunities_and_the_barrier_map(html: str) -> None:
    """The opportunities table (with its headline) and the barrier map are in the report."""
    assert re.search(
        r"Kazakhstan → China: \d+ categories worth\s+US\$&nbsp;[\d.]+ (bn|m) untapped", html
    )
    opps = html.split('<h2 id="opportunities">', 1)[1].split('<h2 id="barriers">', 1)[0]
    assert "Decreux &amp; Spies 2016" in opps and "diversification view" in opps
    # crude oil is set aside with the primary goods, not ranked, and the official framing is shown
    assert "<td>2709</td>" not in opps and "Set aside from the ranking: primary" in opps
    assert "180 categories worth US$1.6 bn" in opps
    assert "tariff advantage" in opps  # the omitted terms are stated
    barriers = html.split('<h2 id="barriers">', 1)[1].split('<h2 id="coverage">', 1)[0]
    assert 'id="barrier-cn-meat-animal-disease"' in barriers
    assert "(unverified)" in barriers and "MAST" in barriers


def test_barrier_links_resolve(html: str) -> None:
    """Every product's barrier link points at a row of the barrier map."""
    links = set(re.findall(r'href="#barrier-([a-z0-9-]+)"', html))
    assert links, "no product carries a barrier"
    for b in links:
        assert f'id="barrier-{b}"' in html


def test_claims_section_without_articles_says_how_to_add_them(html: str) -> None:
    section = html.split('<h2 id="claims">', 1)[1].split('<h2 id="coverage">', 1)[0]
    assert "corridor claims add" in section


def test_claims_section_shows_the_contradictions(default_db: Path, tmp_path: Path) -> None:
    """With articles added, the report lists their claims and the contradictions found."""
    import datetime as dt
    import shutil

    from corridor.claims.store import add_documents

    db = tmp_path / "ledger.duckdb"
    shutil.copy(default_db, db)
    article = Path(__file__).parents[1] / "claims" / "articles"
    with Ledger.open(db) as ledger:
        add_documents(
            ledger,
            [article / "2023-08_zhumangarin_ma_xingrui_urumqi.txt"],
            date=dt.date(2023, 8, 21),
        )
    with Session.open(db, read_only=True) as session:
        html = render_report(report_data(session, "KAZ", "CHN"))
    section = html.split('<h2 id="claims">', 1)[1].split('<h2 id="coverage">', 1)[0]
    assert "13 quantitative claims from 1 documents" in section
    assert "parts against total" in section and "+44.7 %" in section
    assert "“$8.5 billion”" in section


def test_crossings_map_and_scenario_comparison(html: str) -> None:
    """An offline map (Natural Earth basemap) with every enabled crossing, and the levers' table."""
    section = html.split('<h2 id="crossings">', 1)[1].split('<h2 id="turnover">', 1)[0]
    assert "Natural Earth" in section and 'class="chart map"' in section
    from corridor.locations import data_dir
    from corridor.network import read_network

    names = {c.id: c.name for c in read_network(data_dir() / "corridor" / "kaz-chn.yaml").crossings}
    for crossing in ("nur-zholy-khorgos", "dostyk-alashankou-rail", "bakhty-baketu"):
        assert f">{escape(names[crossing])} " in section  # labelled by name, not id
        assert f">{crossing} " not in section
    assert "24/7 at all road crossings" in section and "The Bakhty–Ayagoz line" in section
    # each crossing's traffic says where its level comes from, and how sure it is
    assert "counts of 2024" in section and ", carried (×/÷ 2.1)" in section
    assert "its mode&#39;s counted crossings (×/÷ 4.9)" in section
    assert "http" not in section.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )  # nothing fetched: the basemap is inline


def test_pdf_needs_a_browser_and_says_so(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Chromium the HTML is written and the PDF step fails with a clear message."""
    from typer.testing import CliRunner

    from corridor.cli import app

    monkeypatch.setenv("CORRIDOR_CHROMIUM", str(tmp_path / "no-browser"))
    db = tmp_path / "l.duckdb"
    shutil.copy(default_db, db)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        app, ["report", "--out", str(out), "--pdf", str(tmp_path / "r.pdf"), "--db", str(db)]
    )
    assert result.exit_code == 1 and "PDF needs a local Chromium" in result.stderr
    assert out.exists() and not (tmp_path / "r.pdf").exists()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no chromium")
def test_pdf_is_printed_by_chromium(default_db: Path, tmp_path: Path) -> None:
    from corridor.report.pdf import html_to_pdf

    html = tmp_path / "r.html"
    with Session.open(default_db, read_only=True) as session:
        write_report(session, html)
    pdf = html_to_pdf(html, tmp_path / "r.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 50_000


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no chromium")
@pytest.mark.parametrize(("paper", "size_pt"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_the_printed_pages(
    default_db: Path, tmp_path: Path, paper: str, size_pt: tuple[int, int]
) -> None:
    """The PDF as printed: the paper asked for, no page ending on a heading (or a heading and its
    lead sentence), and no chart split across pages (its title and its source on one page)."""
    import unicodedata
    from html import unescape

    from pypdf import PdfReader

    from corridor.report.pdf import html_to_pdf

    html = tmp_path / "r.html"
    with Session.open(default_db, read_only=True) as session:
        write_report(session, html, paper=paper)
    reader = PdfReader(html_to_pdf(html, tmp_path / "r.pdf"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size_pt
    for page in reader.pages:  # nothing printed beyond the paper's right edge (wide tables fit)
        right: list[float] = []

        def at(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if text.strip():
                right.append(tm[4] * cm[0] + cm[4])  # noqa: B023 (used at once)

        page.extract_text(visitor_text=at)
        assert max(right, default=0.0) < float(box.width)
    pages = [
        [  # NFKC: the PDF's ligatures (ﬁ, ﬀ) back to letters
            " ".join(unicodedata.normalize("NFKC", t).split())
            for t in (p.extract_text() or "").splitlines()
            if t.strip()
        ]
        for p in reader.pages
    ]
    text = html.read_text(encoding="utf-8")

    def words(fragment: str) -> str:
        return " ".join(unescape(re.sub("<[^>]+>", "", fragment)).split())

    # each heading with the lead sentence that follows it, if any
    opened = {
        words(h): words(lead)
        for h, lead in re.findall(
            r"<h[2-4][^>]*>(.*?)</h[2-4]>\s*(?:<p class=\"lead\">(.*?)</p>)?", text, re.S
        )
    }
    for i, lines in enumerate(pages[:-1]):
        for k, line in enumerate(lines):
            if line in opened:  # a heading: what follows it on the page must be more than its lead
                rest = " ".join(lines[k + 1 :])
                assert rest and rest not in opened[line], f"page {i + 1} ends on {line!r}"
    charts = 0
    for svg in re.findall(r'<svg[^>]*class="chart[^"]*".*?</svg>', text, re.S):
        found = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
        texts = [" ".join(unescape(t).split()) for t in found]
        title, sources = texts[0], [t for t in texts if t.startswith("Source")]
        if not sources:
            continue
        on = {i for i, lines in enumerate(pages) if any(title[:40] in t for t in lines)}
        source = {i for i, lines in enumerate(pages) if any(sources[0][:30] in t for t in lines)}
        assert on & source, f"chart {title!r} split across pages"
        charts += 1
    assert charts >= 5


def test_the_first_screen_summarises_with_links(default_db: Path) -> None:
    """The summary opens the report; every line links to a section that exists, and its figures
    are the sections' own (one object feeds both)."""
    from corridor.report._summary import summary

    with Session.open(default_db, read_only=True) as session:
        data = report_data(session, "KAZ", "CHN")
    page = render_report(data)
    lines = summary(data)
    assert {line.topic for line in lines} >= {"Trade", "Target", "Exports", "Barriers"}
    assert page.index('id="summary"') < page.index('<h2 id="mirror">')
    for line in lines:
        assert f'id="{line.href[1:]}"' in page, line
    for t in data.targets:
        if t.unit == "USD":
            assert any(t.title in line.text and t.status in line.text for line in lines)
    opp = data.opportunities[0]
    assert any(f"{opp.categories_untapped} categories" in line.text for line in lines)
    levers = [line.text for line in lines if line.topic == "Lever"]
    for r in data.comparison:  # trucks and trains apart, each in its own hours
        for mode, unit in (("road", "truck-hours"), ("rail", "train-hours")):
            d = r.difference_wait_hours_by_mode.get(mode)
            if r.levers and d is not None and round(d.mean):
                said = f"{abs(d.mean):,.0f} {'fewer' if d.mean < 0 else 'more'} {unit}"
                assert sum(said in text for text in levers) == 1, said
    assert not any("vehicle-hours" in text for text in levers)
    assert "maikapchagai-jeminay" not in page.split('id="crossings"', 1)[1].split("<h3", 2)[1]
    assert "Queues over the simulated window" in page and "<polyline" in page
    # figures before words: tiles first, from the same object as the sections
    from corridor.report._summary import tiles

    shown = tiles(data)
    first = page.index('<div class="tiles">')
    assert first < page.index('<table class="glance">')
    sides = [t for t in shown if t.label.startswith("Trade by")]
    assert len(sides) == 2 and all(len(t.series) >= 2 for t in sides)
    for t in sides:
        year, value = t.series[-1]
        assert any(y.year == year and y.turnover_usd == value for y in data.years), (
            "a tile's turnover is the ledger's figure of the section"
        )
    assert {t.value for t in shown if t.href == "#targets"} <= {a.status for a in data.targets}
    assert any(t.label == "The crossing that binds first" for t in shown)


def test_plurals_and_paper_size(default_db: Path) -> None:
    from corridor.report._summary import plural

    assert (plural(1, "contradiction"), plural(2, "contradiction")) == (
        "1 contradiction",
        "2 contradictions",
    )
    assert plural(1, "category", "categories") == "1 category"
    with Session.open(default_db, read_only=True) as session:
        data = report_data(session, "KAZ", "CHN")
    assert "size: A4" in render_report(data)
    assert "size: letter" in render_report(data, paper="letter")


def test_each_section_says_what_it_shows(html: str) -> None:
    """The main sections open with one sentence saying what they show."""
    for section in ("targets", "crossings", "turnover", "products", "opportunities", "barriers"):
        after = html.split(f'<h2 id="{section}">', 1)[1]
        assert after.split("</h2>", 1)[1].lstrip().startswith('<p class="lead">'), section


def test_an_interrupted_report_drops_its_queued_simulations(
    default_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The levers' simulations run beside the trade sections; when gathering those is
    interrupted, the session's executor is closed (its queued tasks dropped) and the interrupt
    reaches the caller."""
    import corridor.report._data as data

    closed: list[bool] = []

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(data, "_trade_sections", interrupted)
    with Session.open(default_db, read_only=True) as session:
        monkeypatch.setattr(session.executor, "close", lambda: closed.append(True))
        with pytest.raises(KeyboardInterrupt):
            report_data(session, "KAZ", "CHN")
        assert closed  # by the report, before the session itself closes
