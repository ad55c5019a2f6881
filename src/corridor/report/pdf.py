"""The report as PDF, printed by a local headless Chromium (nothing is downloaded)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from corridor.errors import CorridorError

#: Page sizes: the report's CSS ``@page`` size, which Chromium's print follows.
Paper = Literal["a4", "letter"]
PAPER_CSS: dict[str, str] = {"a4": "A4", "letter": "letter"}

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    """``CORRIDOR_CHROMIUM``, else the first Chromium on the PATH."""
    given = os.environ.get("CORRIDOR_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


def html_to_pdf(html: Path, pdf: Path, *, timeout_s: float = 120) -> Path:
    """Print ``html`` to ``pdf`` with headless Chromium; a clear error when there is none."""
    browser = find_browser()
    if browser is None:
        raise CorridorError(
            "PDF needs a local Chromium (e.g. apt-get install chromium, or set CORRIDOR_CHROMIUM); "
            "the HTML report was written"
        )
    with tempfile.TemporaryDirectory() as profile:
        tmp = pdf.with_name(pdf.name + ".part")
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={tmp}",
            html.resolve().as_uri(),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout_s)
        except (subprocess.SubprocessError, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise CorridorError(f"Chromium could not print the PDF: {exc}") from exc
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise CorridorError("Chromium wrote no PDF")
        tmp.replace(pdf)
    return pdf
