"""Every error with a clear message and the field at fault: JSON for API clients, an HTML page for
browsers (a fragment for HTMX); request bodies capped in size."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi import HTTPException as ApiException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pmpath.framework import ProblemsError
from pmpath.framework.source_map import error_message
from pmpath.settings import Settings

log = logging.getLogger("pmpath.web")


def wants_html(request: Request) -> bool:
    """A browser asking for a page: anything outside /api/ unless it asks for JSON rather than HTML."""
    if request.url.path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "application/json" not in accept


def _answer(request: Request, status_code: int, body: dict, headers: dict | None = None) -> Response:
    if wants_html(request):
        from .pages import error_page

        messages = [
            f"{p['field']}: {p['message']}" if p.get("field") else p["message"] for p in body.get("problems", [])
        ]
        return error_page(request, status_code, body["error"], messages[1:] if len(messages) > 1 else [], headers)
    return JSONResponse(body, status_code=status_code, headers=headers)


def error_body(message: str, field: str | None = None, problems: list[dict] | None = None) -> dict:
    body: dict = {"error": message}
    if field is not None:
        body["field"] = field
    if problems:
        body["problems"] = problems
    return body


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p != "body"] or ["body"]
    return ".".join(parts)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app fully answers on this request's path."""
    methods = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
    return [
        method
        for method in methods
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in request.app.routes)
    ]


def install(app: FastAPI, config: Settings) -> None:
    """Register the error handlers and the body-size limit on an app."""

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for item in exc.errors():
            if item.get("type") == "json_invalid":
                position = item["loc"][-1] if len(item["loc"]) > 1 else None
                problems.append(
                    {
                        "field": "body",
                        "message": f"malformed JSON{f' at character {position}' if position is not None else ''}: {item.get('ctx', {}).get('error', item['msg'])}",
                    }
                )
            else:
                problems.append({"field": _field(tuple(item["loc"])), "message": error_message(item)})
        first = problems[0] if problems else {"field": "body", "message": "invalid request"}
        return _answer(request, 422, error_body(f"{first['field']}: {first['message']}", first["field"], problems))

    @app.exception_handler(ProblemsError)
    async def problems_error(request: Request, exc: ProblemsError) -> Response:
        problems = [
            {"field": p.field, "message": p.message, **({"line": p.line} if p.line else {})} for p in exc.problems
        ]
        first = exc.problems[0]
        return _answer(
            request,
            422,
            error_body(f"{first.field}: {first.message}" if first.field else first.message, first.field, problems),
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":  # FastAPI's words
            return _answer(
                request, 422, error_body("body: not readable as JSON (not UTF-8, or nested too deeply)", "body")
            )
        if exc.status_code == 405:  # Allow lists every method of the path, not just those of one route
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return _answer(request, exc.status_code, error_body(str(exc.detail), getattr(exc, "field", None)), headers)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return _answer(request, 500, error_body("internal error; this is a bug in pmpath, please report it"))

    app.add_middleware(BodyLimit, limit=config.max_body_bytes)


class FieldError(ApiException):
    """A refusal that names the input at fault: the JSON answer carries it as `field` beside the message."""

    def __init__(self, status_code: int, field: str, message: str):
        super().__init__(status_code, f"{field}: {message}")
        self.field = field


class BodyLimit:
    """413 for bodies over the limit, by Content-Length or by counting a streamed body."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._too_large(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        """413 as JSON for API clients, as the error page for a browser's form."""
        response = _answer(Request(scope, receive), 413, error_body(f"request body over {self.limit:,} bytes", "body"))
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass
