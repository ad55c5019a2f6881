"""Trade analytics on the ledger: indicators, mirror statistics, targets, product space, export
opportunities (with the applied tariffs a user gives) and the barrier registry."""

from __future__ import annotations

from corridor.ledger import By, ProductValue
from corridor.periods import Period, parse_period
from corridor.trade.barriers import Barrier, BarrierView, add_barriers, barrier_views
from corridor.trade.complexity import ProductSpace, product_space
from corridor.trade.opportunities import Opportunity, OpportunityReport, export_opportunities
from corridor.trade.projections import read_gdp
from corridor.trade.summary import Summary, trade_summary
from corridor.trade.tariffs import Tariffs, read_tariffs

__all__ = [
    "Barrier",
    "BarrierView",
    "By",
    "Opportunity",
    "OpportunityReport",
    "Period",
    "ProductSpace",
    "ProductValue",
    "Summary",
    "Tariffs",
    "add_barriers",
    "barrier_views",
    "export_opportunities",
    "parse_period",
    "product_space",
    "read_gdp",
    "read_tariffs",
    "trade_summary",
]
