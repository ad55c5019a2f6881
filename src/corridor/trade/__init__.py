"""Trade analytics on the ledger: indicators, mirror statistics, targets."""

from __future__ import annotations

from corridor.trade.periods import Period, parse_period
from corridor.trade.summary import By, ProductValue, Summary, trade_summary

__all__ = ["By", "Period", "ProductValue", "Summary", "parse_period", "trade_summary"]
