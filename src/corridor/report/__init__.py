"""The HTML report: what the ledger holds and what it says about one country pair; its charts,
map and sections are also what the dashboard draws."""

from __future__ import annotations

from corridor.report._data import (
    LeverWorth,
    ReportData,
    lever_worth,
    opening_period,
    report_data,
    side_years,
)
from corridor.report._html import render_report, turnover_chart, write_report
from corridor.report._levers import lever_table_html, short_description
from corridor.report._map import MAP_LAYERS, crossing_map, map_points
from corridor.report._names import Namer
from corridor.report._queues import queue_chart
from corridor.report._svg import Series, bar_chart, hbar_chart
from corridor.report._tables import SECTIONS, report_section, report_tables, write_tables
from corridor.report._templates import render_page
from corridor.report._validation import model_match_html

__all__ = [
    "MAP_LAYERS",
    "SECTIONS",
    "LeverWorth",
    "Namer",
    "ReportData",
    "Series",
    "bar_chart",
    "crossing_map",
    "hbar_chart",
    "lever_table_html",
    "lever_worth",
    "map_points",
    "model_match_html",
    "opening_period",
    "queue_chart",
    "render_page",
    "render_report",
    "report_data",
    "report_section",
    "report_tables",
    "short_description",
    "side_years",
    "turnover_chart",
    "write_report",
    "write_tables",
]
