"""Names, not ids: the report's text names crossings and countries; codes stay in code."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from corridor.report import Namer, render_page, render_report, report_data
from corridor.report._names import humanise
from corridor.session import Session

COUNTRIES = {"KAZ": "Kazakhstan", "CHN": "China", "WLD": "World"}
CROSSINGS = {"dostyk-alashankou-road": "Dostyk – Alashankou (road)", "dostyk": "Dostyk"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not yet by KAZ-reported data", "not yet by Kazakhstan-reported data"),
        ("(lanes and hours, CHN post)", "(lanes and hours, China's post)"),
        (
            "dostyk-alashankou-road KAZ→CHN: capacity",
            "Dostyk – Alashankou (road) Kazakhstan → China: capacity",
        ),
        ("KAZ says US$ 24.20 bn", "Kazakhstan says US$ 24.20 bn"),
        ("dostyk and dostyk-alashankou-road", "Dostyk and Dostyk – Alashankou (road)"),
        # not ids: a longer word, another code, a lower-case file name
        (
            "dostyk-alashankou-roads, USA→GBR, kaz-chn.yaml, CHNX",
            "dostyk-alashankou-roads, USA → GBR, kaz-chn.yaml, CHNX",
        ),
    ],
)  # fmt: skip
def test_humanise(text: str, expected: str) -> None:
    assert humanise(text, COUNTRIES, CROSSINGS, ("KAZ", "CHN")) == expected


def test_a_page_renders_the_codes_of_its_sentences_and_keeps_its_ids() -> None:
    """A template inserts a library sentence with names (the page's namer renders its
    parameters); ids, links and paths through the ``code`` filter, and HTML drawn by the library
    (Markup), stay as they are."""
    from markupsafe import Markup

    namer = Namer(COUNTRIES, CROSSINGS, ("KAZ",))
    page = render_page(
        "error.html.j2",
        namer=namer,
        title="dostyk-alashankou-road KAZ→CHN",
        message="dostyk-alashankou-road: overloaded at KAZ post",
    )
    assert "Dostyk – Alashankou (road) Kazakhstan → China" in page
    assert "Dostyk – Alashankou (road): overloaded at Kazakhstan&#39;s post" in page
    from corridor.report._templates import template

    tpl = template("error.html.j2").environment.from_string(
        '<a href="#{{ id|code }}">{{ id }}</a><code>{{ id|code }}</code>{{ drawn }}'
    )
    out = tpl.render(
        namer=namer, id="dostyk-alashankou-road", drawn=Markup("<b>dostyk-alashankou-road</b>")
    )
    assert out == (
        '<a href="#dostyk-alashankou-road">Dostyk – Alashankou (road)</a>'
        "<code>dostyk-alashankou-road</code><b>dostyk-alashankou-road</b>"
    )


def test_the_report_names_what_it_shows(default_db: Path) -> None:
    """No country code of the pair and no crossing id in the report's visible text (ids may stay
    in <code>, links and scripts); the figures are untouched."""
    with Session.open(default_db, read_only=True) as session:
        data = report_data(session, "KAZ", "CHN")
    html = render_report(data)
    visible = re.sub(r"<(script|style|code)\b[^>]*>.*?</\1>", "", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", "\n", visible))
    ids = [c.id for c in data.crossings]
    leftovers = [
        line.strip()
        for line in text.splitlines()
        if re.search(r"(?<![\w-])(KAZ|CHN)(?![\w])", line)
        or any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", line) for i in ids)
    ]
    assert leftovers == []
    assert "Kazakhstan-reported" in text and "Kazakhstan → China" in text
