"""The API's interactive docs and the site icon, served from installed packages: nothing leaves the machine."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

STATIC = Path(__file__).parent / "static"
SWAGGER = "/static/swagger"  # swagger-ui-bundle's files, mounted by the app

router = APIRouter(include_in_schema=False)


def swagger_folder() -> Path:
    """Swagger UI's JavaScript and CSS (version 5, which reads FastAPI's OpenAPI 3.1) as the
    fastapi-offline package installs them."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="pmpath API",
        swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER}/swagger-ui.css",
        swagger_favicon_url="/favicon.ico",
    )
    # Swagger UI starts from one inline script: allow exactly that script by its hash, and no other
    starts = re.findall(rb"<script>(.*?)</script>", bytes(page.body), flags=re.S)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'" for s in starts)
    page.headers["content-security-policy"] = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    return page


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon", headers={"Cache-Control": "max-age=86400"})
