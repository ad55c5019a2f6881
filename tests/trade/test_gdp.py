"""GDP as data and as a projection's condition: the shipped World Bank table, gravity's mass of
a pair, its projected path, and the ``gdp`` projection model computed by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.trade.forecast import MassPath, predictive
from corridor.trade.projections import (
    pair_mass,
    projected_path,
    read_gdp,
    read_projections,
    trend_path,
)
from corridor.trade.targets import project_with


def test_the_shipped_gdp_table_is_the_world_banks() -> None:
    """The World Bank's GDP in current US$ (NY.GDP.MKTP.CD), 1990 onwards, for every country the
    reference table names: Kazakhstan's 2023 figure is US$261.4 bn, China's US$17.79 tn."""
    gdp = read_gdp()
    assert gdp[("KAZ", 2023)] == pytest.approx(261.421121e9, rel=1e-6)
    assert gdp[("CHN", 2023)] == pytest.approx(17.794782e12, rel=1e-6)
    assert gdp[("WLD", 1990)] == pytest.approx(22.822610e12, rel=1e-6)
    assert len({c for c, _ in gdp}) > 150


def test_a_bad_gdp_row_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gdp.csv"
    path.write_text("country,year,gdp_usd,kind,source\nKAZ,2020,1e11,actual,x\nKAZ,2021,-5,a,x\n")
    with pytest.raises(InputError, match="line 3"):
        read_gdp(path)
    path.write_text("country,year,gdp_usd,kind,source\nKAZ,20x1,1e11,actual,x\n")
    with pytest.raises(InputError, match="line 2"):
        read_gdp(path)


def test_a_pairs_mass_is_gravitys() -> None:
    """ln(Y_i Y_j / Y_world); with the world as partner, the reporter's own GDP."""
    gdp = {("A", 2020): 2.0, ("B", 2020): 3.0, ("WLD", 2020): 10.0, ("A", 2021): 4.0}
    gdp[("WLD", 2021)] = 10.0
    assert pair_mass(gdp, "A", "B") == {2020: pytest.approx(math.log(0.6))}
    assert pair_mass(gdp, "A", "WLD") == {
        2020: pytest.approx(math.log(2.0)),
        2021: pytest.approx(math.log(4.0)),
    }


def test_the_projected_path_grows_by_the_tables_real_growth(tmp_path: Path) -> None:
    """Beyond the last GDP year the mass moves by g_i + g_j − g_world (log growth); its error
    variance is the trend's, zero up to the last held year."""
    mass = {y: 0.1 * (y - 2010) + (0.01 if y % 2 else -0.01) for y in range(2010, 2021)}
    table = tmp_path / "p.csv"
    table.write_text(
        "country,year,indicator,value,kind,source\n"
        + "".join(
            f"{c},{y},real_gdp_growth_pct,{g},assumption,x\n"
            for c, g in (("A", 5.0), ("B", 3.0), ("WLD", 2.0))
            for y in (2021, 2022)
        )
    )
    path = projected_path(mass, "A", "B", read_projections(table), 2022)
    assert path is not None and path.last_held == 2020
    step = math.log(1.05) + math.log(1.03) - math.log(1.02)
    assert path.by_year[2022] == pytest.approx(mass[2020] + 2 * step)
    assert path.var(2020) == 0.0 and path.var(2022) > path.var(2021) > 0
    assert projected_path(mass, "A", "B", read_projections(table), 2023) is None


def test_the_gdp_model_by_hand() -> None:
    """Centre: the last value moved by the mass's change; scale: the steps of ln y − M, plus
    the path's variance; df m − 1. With a flat mass it is the naive model."""
    points = [(2000, 100.0), (2001, 120.0), (2002, 130.0), (2003, 160.0)]
    mass = MassPath(
        {2000: 0.0, 2001: 0.1, 2002: 0.2, 2003: 0.3, 2005: 0.5}, 2003, step_var=0.01, span=4
    )
    p = predictive("gdp", points, 2, mass)
    logs = [math.log(v) for _, v in points]
    steps = [logs[i] - logs[i - 1] - 0.1 for i in (1, 2, 3)]
    sigma2 = sum(d * d for d in steps) / 3
    assert p.centre == pytest.approx(math.log(160.0) + 0.2)
    assert p.scale == pytest.approx(math.sqrt(sigma2 * 2 + 0.01 * 2 * (1 + 2 / 4)))
    assert p.df == 3
    flat = MassPath({y: 1.0 for y in range(2000, 2006)}, 2005, 0.0, 4)
    assert predictive("gdp", points, 2, flat) == predictive("naive", points, 2)
    with pytest.raises(ValueError, match="GDP"):
        predictive("gdp", points, 2)


def test_a_target_projected_with_gdp_follows_its_path() -> None:
    """project_with passes the path: the median moves with the mass, P(meet) with it."""
    history = [(2015 + i, 10e9 * 1.02**i) for i in range(10)]
    mass = {y: 0.05 * (y - 2005) for y in range(2005, 2025)}
    path = trend_path(mass, [y for y, _ in history], 6)
    assert path is not None
    grown, _ = project_with("gdp", history, 2030, 15e9, None, path)
    flat, _ = project_with("naive", history, 2030, 15e9)
    assert grown.median == pytest.approx(history[-1][1] * math.exp(0.05 * 6))
    assert flat.median == pytest.approx(history[-1][1])
    assert grown.p_meet is not None and flat.p_meet is not None and grown.p_meet > flat.p_meet
