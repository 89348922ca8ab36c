"""The API's interactive docs and the site icon, served from installed packages: nothing leaves the machine."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
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


SECURITY_SCHEMES = {
    "token": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal access token from the Tokens page: the caller's rights, no CSRF token needed.",
    },
    "session": {"type": "apiKey", "in": "cookie", "name": "pmpath_session", "description": "A browser's login."},
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRF-Token",
        "description": "With a session, every change also sends the page's csrf-token.",
    },
}


def describe_security(app: FastAPI) -> None:
    """How a caller proves who they are, in the OpenAPI document: a token (Swagger UI's Authorize button
    takes one, so 'Try it out' can change things) or a session with its CSRF token. The security gate
    checks both; no route declares them itself."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
            schema["security"] = [{"token": []}, {"session": [], "csrf": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon", headers={"Cache-Control": "max-age=86400"})
