"""Planning that reads trade: demand at the crossings, scenarios resolved for a day, capacity
against a target, investment plans, calibration against observations and validation."""

from __future__ import annotations

from corridor.planning.resolve import latest_trade_year, resolve_scenario
from corridor.planning.runs import (
    compare_levers,
    lever_trade_responses,
    resolve_levers,
    simulate,
    sweep_scenario,
)

__all__ = [
    "compare_levers",
    "latest_trade_year",
    "lever_trade_responses",
    "resolve_levers",
    "resolve_scenario",
    "simulate",
    "sweep_scenario",
]
