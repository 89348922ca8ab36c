"""Every error as JSON with a clear message and the field at fault; request bodies capped in size."""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pmpath.framework import ProblemsError

MAX_BODY = 2_000_000  # bytes; a posting is a few KB, a framework file under 100 KB


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


def install(app: FastAPI) -> None:
    """Register the JSON error handlers and the body-size limit on an app."""

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
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
                problems.append({"field": _field(tuple(item["loc"])), "message": item["msg"]})
        first = problems[0] if problems else {"field": "body", "message": "invalid request"}
        return JSONResponse(
            error_body(f"{first['field']}: {first['message']}", first["field"], problems), status_code=422
        )

    @app.exception_handler(ProblemsError)
    async def problems_error(request: Request, exc: ProblemsError) -> JSONResponse:
        problems = [
            {"field": p.field, "message": p.message, **({"line": p.line} if p.line else {})} for p in exc.problems
        ]
        first = exc.problems[0]
        return JSONResponse(
            error_body(f"{first.field}: {first.message}" if first.field else first.message, first.field, problems),
            status_code=422,
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if request.url.path.startswith("/api/") or not isinstance(exc.detail, str):
            return JSONResponse(
                error_body(str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None)
            )
        from .pages import error_page

        return error_page(request, exc.status_code, str(exc.detail))

    app.add_middleware(BodyLimit, limit=MAX_BODY)


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
            await self._too_large(send)
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
            await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        body = json.dumps(error_body(f"request body over {self.limit:,} bytes", "body")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
