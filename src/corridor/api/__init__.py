"""The HTTP API and dashboard (FastAPI): ``corridor serve``."""

from __future__ import annotations

from corridor.api._app import create_app

__all__ = ["create_app"]
