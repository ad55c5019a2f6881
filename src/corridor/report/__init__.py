"""The HTML report: what the ledger holds and what it says about one country pair."""

from __future__ import annotations

from corridor.report._data import ReportData, report_data
from corridor.report._html import render_report, write_report

__all__ = ["ReportData", "render_report", "report_data", "write_report"]
