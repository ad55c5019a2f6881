"""Capacity and the cheapest plan against one target: the figures of both commands, linked in the
report, kept and read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.planning.linked import CapacityAndPlan, kept_capacity_and_plan
from corridor.session import Session


@pytest.fixture(scope="module")
def db(default_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("linked") / "ledger.duckdb"
    shutil.copy(default_db, path)
    return path


def _cli(db: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_link_gives_the_figures_of_both_commands(db: Path) -> None:
    with Session.open(db) as session, session.ledger() as ledger:
        ws = session.workspace
        linked = kept_capacity_and_plan(session, ledger, ws.baseline, ws.projects, 35e9, 2030)
    capacity = _cli(db, "capacity", "--target-usd", "35e9", "--year", "2030")
    plan = _cli(db, "plan", "--target-usd", "35e9", "--by", "2030")
    assert linked.capacity.first_to_saturate == capacity["first_to_saturate"]
    assert linked.capacity.network_as_of == capacity["network_as_of"] == plan["network_as_of"]
    assert linked.plan.total_cost_usd == pytest.approx(plan["total_cost_usd"])
    assert [c.name for c in linked.plan.chosen] == [c["name"] for c in plan["chosen"]]  # type: ignore[attr-defined, index]
    text = linked.text()
    assert "corridor capacity --target-usd 35e9 --year 2030" in text
    assert "corridor plan --target-usd 35e9 --by 2030" in text
    assert f"{linked.capacity.first_to_saturate} binds first" in text


def test_the_answer_is_kept_and_read_back(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second report reads the answer back; a changed input computes it again."""
    import corridor.planning.linked as linked

    with Session.open(db) as session, session.ledger() as ledger:
        ws = session.workspace
        first = kept_capacity_and_plan(session, ledger, ws.baseline, ws.projects, 35e9, 2030)
        calls: list[float] = []

        def counted(*args: object) -> CapacityAndPlan:
            calls.append(1.0)
            return first

        monkeypatch.setattr(linked, "capacity_and_plan", counted)
        again = kept_capacity_and_plan(session, ledger, ws.baseline, ws.projects, 35e9, 2030)
        assert again == first and not calls
        kept_capacity_and_plan(session, ledger, ws.baseline, ws.projects, 40e9, 2030)
        assert calls  # another target: not the kept answer


def test_the_report_links_the_two_answers(db: Path) -> None:
    """The report's targets section (which the dashboard shows too) says both answers, with the
    crossings and projects by name and the commands that give the same figures."""
    from html import unescape

    from corridor.report import render_report, report_data

    with Session.open(db) as session:
        data = report_data(session, "KAZ", "CHN")
        html = render_report(data)
    assert data.capacity_plan is not None
    section = unescape(html.split('id="capacity-plan"')[1].split("<h2")[0])
    assert "Dostyk" in section and "binds first" in section
    assert "corridor capacity --target-usd 35e9 --year 2030" in section
    assert "corridor plan --target-usd 35e9 --by 2030" in section
    assert all(c.title[1:] in section for c in data.capacity_plan.plan.chosen)
    assert "dostyk-alashankou-rail" not in section
