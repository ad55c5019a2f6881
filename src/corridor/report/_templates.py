"""The Jinja environment of every page (the report, the dashboard, a run's page): the templates
beside this module, autoescaped, and the filters that write money, shares and HS labels."""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.runtime
from markupsafe import Markup, escape


@jinja2.pass_context
def _named(context: jinja2.runtime.Context, value: Any) -> Any:
    """Every text a template shows, with the codes and ids of the library's sentences written
    as names by the page's ``namer`` (its context variable, when it has one): the face renders
    the message's parameters. Ids, links and paths go through the ``code`` filter and stay."""
    namer = context.get("namer")
    if namer is None or not isinstance(value, str) or isinstance(value, Markup):
        return value
    return namer(value)


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("corridor.report", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_named,
)
#: an id, a link or a path, shown as it is written (never as a name)
_ENV.filters["code"] = lambda value: Markup(escape(str(value)))


def _usd(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.{digits}f} bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.{digits}f} m"
    return f"{value:,.0f}"


_ENV.filters["usd"] = _usd


def _musd(value: float | None) -> str:
    """Millions of US$ with one decimal (tables whose header states the unit)."""
    return "–" if value is None else f"{value / 1e6:,.1f}"


_ENV.filters["musd"] = _musd

UNITS = {"USD": (1e9, "US$ bn"), "t/year": (1e6, "Mt a year")}


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    scale, label = UNITS.get(unit, (1.0, unit))
    if label == "US$ bn":
        return f"US${value / scale:,.1f} bn"
    return f"{value / scale:,.1f} {label}" if scale != 1.0 else f"{value:,.0f} {unit}"


def _pct(value: float | None, signed: bool = True) -> str:
    return "–" if value is None else (f"{value:+.1f} %" if signed else f"{value:.1f} %")


def short_title(title: str) -> str:
    """A group's title without its examples: ``processed industrial supplies``."""
    return title.split(" (")[0].split(":")[0]


_ENV.filters["amount"] = _amount
_ENV.filters["pct"] = _pct

#: How the ledger marks a description taken from HS 2022 because the row's revision has none.
HS22_MARK = " (HS 2022 label)"
_ENV.filters["unmarked"] = lambda text: str(text).removesuffix(HS22_MARK)
_ENV.tests["hs22_label"] = lambda text: str(text).endswith(HS22_MARK)


def template(name: str) -> jinja2.Template:
    """The template ``name`` (``report.html.j2``, ``dashboard.html.j2``, ``run.html.j2``)."""
    return _ENV.get_template(name)


def render_page(name: str, **context: Any) -> str:
    """The template ``name`` rendered with ``context``; values of type :class:`markupsafe.Markup`
    (charts, maps and fragments the library drew) go in as they are, everything else escaped."""
    return template(name).render(**context)


__all__ = ["HS22_MARK", "Markup", "render_page", "template"]
