"""Redirects as paths on this site, never URLs built from the request's Host header (which a client
chooses: `Host: evil.example` must not send a browser to evil.example)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def local_location(location: str) -> str:
    """'http://any.host/a/b?c' -> '/a/b?c'; paths stay as they are."""
    parts = urlsplit(location)
    if not parts.scheme and not parts.netloc:
        return location if location.startswith("/") and not location.startswith("//") else "/" + location.lstrip("/")
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class LocalRedirects:
    """Rewrites every Location header the app sends (Starlette's trailing-slash redirects included)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_local(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, local_location(value.decode("latin-1")).encode("latin-1") if name == b"location" else value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_local)
