"""Interactive API docs served from the installed package, never from a CDN.

Swagger UI's JavaScript and CSS come from the PyPI package ``swagger-ui-bundle-v2`` (the Swagger
UI 5 ``dist`` files, Apache-2.0; version 5 reads the OpenAPI 3.1 that FastAPI writes, which the
older ``swagger-ui-bundle`` with Swagger UI 4 cannot) and are served under ``/docs/assets``;
``/docs`` is FastAPI's own Swagger page pointed at them, so it works on a network with no
internet (a government intranet).
ReDoc is not served: no maintained package ships its JavaScript for offline use.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from corridor.api._middleware import CSP

ASSETS = "/docs/assets"


def install_docs(app: FastAPI) -> None:
    """Add ``/docs`` (and its assets) to an app created with ``docs_url=None``."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return with_script_hashes(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{app.title} — API",
                swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                swagger_css_url=f"{ASSETS}/swagger-ui.css",
                swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
                oauth2_redirect_url="/docs/oauth2-redirect",
            )
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def oauth2_redirect() -> HTMLResponse:
        return with_script_hashes(get_swagger_ui_oauth2_redirect_html())


def with_script_hashes(page: HTMLResponse) -> HTMLResponse:
    """``page`` with a content security policy that allows its own inline scripts (by their
    SHA-256) and scripts from this server, and nothing else."""
    body = bytes(page.body).decode("utf-8")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in re.findall(r"<script>(.*?)</script>", body, re.S)
    )
    page.headers["Content-Security-Policy"] = CSP.replace(
        "script-src 'self'", f"script-src 'self' {hashes}"
    )
    return page
