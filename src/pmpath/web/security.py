"""Every request meets this gate first: security headers on every response, the caller found from a
session cookie or a personal access token, login required everywhere but a few public paths, and
CSRF checked on every state-changing request a browser sends."""

from __future__ import annotations

import hmac
import json
import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Literal
from urllib.parse import quote, urlsplit

import anyio
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pmpath.store import Accounts, Person
from pmpath.teams import Viewer

SESSION_COOKIE = "pmpath_session"
PRE_COOKIE = "pmpath_pre"  # a double-submit token for the forms people send before they log in
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
PUBLIC_PATHS = frozenset({"/login", "/api/v1/health", "/health", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/", "/invitations/")
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The organization of the caller of the request being served: framework lookups by id find only its uploads,
# whichever route (ours, or one added later) asks.
current_org: ContextVar[str | None] = ContextVar("pmpath_current_org", default=None)
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


@dataclass(frozen=True)
class Caller:
    """Who is asking, and how: a browser session (with its CSRF token) or a personal access token."""

    person: Person
    via: Literal["session", "token"]
    csrf: str | None = None

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.person.id, self.person.org_id, self.person.is_admin)


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    return path.startswith("/api/")


def _cookies(scope: Scope) -> dict[str, str]:
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is a stranger's input: read it as no cookies
        return {}
    return {k: m.value for k, m in jar.items()}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


class SecurityGate:
    """The pure ASGI middleware in front of the whole app."""

    def __init__(
        self,
        app: ASGIApp,
        accounts: Accounts,
        cookie_secure: bool = False,
        max_body: int = 2_000_000,
        public_url: str | None = None,
    ):
        self.app = app
        self.accounts = accounts
        self.cookie_secure = cookie_secure
        self.max_body = max_body
        # the origin a browser may send besides the request's Host: where people reach pmpath behind a
        # proxy that sends its own Host upstream, written as browsers write it (lower case, no default port)
        self.public_origin = _origin_of(public_url) if public_url else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        cookies = _cookies(scope)
        pre = cookies.get(PRE_COOKIE) or ""
        new_pre = None if len(pre) == 43 else secrets.token_urlsafe(32)
        caller = await anyio.to_thread.run_sync(self._caller, scope, cookies)
        state = scope.setdefault("state", {})
        state["caller"] = caller
        state["pre_csrf"] = new_pre or pre
        current_org.set(caller.person.org_id if caller is not None else None)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in present]
                if caller is not None and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                if new_pre is not None:
                    flags = "; Secure" if self.cookie_secure else ""
                    headers.append(
                        (b"set-cookie", f"{PRE_COOKIE}={new_pre}; Path=/; HttpOnly; SameSite=Lax{flags}".encode())
                    )
                message = {**message, "headers": headers}
            await send(message)

        if "\x00" in path or b"%00" in scope.get("query_string", b""):
            # no text pmpath keeps may hold one (PostgreSQL refuses it): refused before any lookup
            await _respond(send_secured, 422, path, "a NUL character is not allowed in an address")
            return
        if caller is None and not is_public(path):
            await self._refuse_anonymous(scope, send_secured)
            return
        if scope["method"] in UNSAFE:
            check = caller is None or caller.via == "session"
            expected = caller.csrf if caller is not None else pre
            receive, status, why = await self._form_allowed(scope, receive, expected if check else None, check)
            if status:
                await _respond(send_secured, status, path, why)
                return
        await self.app(scope, receive, send_secured)

    def _caller(self, scope: Scope, cookies: dict[str, str]) -> Caller | None:
        authorization = _header(scope, b"authorization") or ""
        if authorization.lower().startswith("bearer "):
            person = self.accounts.token_person(authorization[7:].strip())
            return Caller(person, "token") if person is not None else None
        token = cookies.get(SESSION_COOKIE)
        if token:
            found = self.accounts.session_of(token)
            if found is not None:
                return Caller(found[0], "session", found[1])
        return None

    async def _refuse_anonymous(self, scope: Scope, send: Send) -> None:
        path = scope["path"]
        if is_api(path) or scope["method"] != "GET":
            await _respond(send, 401, path, "log in first (a session cookie or an Authorization: Bearer token)")
            return
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", f"/login?next={quote(target, safe='')}".encode()), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    async def _form_allowed(
        self, scope: Scope, receive: Receive, expected: str | None, check_csrf: bool
    ) -> tuple[Receive, int, str]:
        """A state-changing request: with `check_csrf` (a browser's session, or no login yet) the Origin
        must be this site when the browser says it and the token comes in a header or a form field; and
        a form, whoever sends it, holds no NUL character and no field over the parser's limit (said as
        such, not as a missing token)."""
        if check_csrf:
            origin = _header(scope, b"origin")
            if origin is not None and origin != "null":
                site = origin.split("://", 1)[-1]
                if site != (_header(scope, b"host") or "") and _origin_of(origin) != self.public_origin:
                    return receive, 403, "cross-site request refused"
        header_ok = same_token(_header(scope, CSRF_HEADER.encode()), expected)
        kind = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if kind not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            if not check_csrf or header_ok:
                return receive, 0, ""
            return receive, 403, "missing CSRF token (send the X-CSRF-Token header)"
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return receive, 400, "request ended early"
            body += message.get("body", b"")
            if len(body) > self.max_body:
                return receive, 413, f"request body over {self.max_body:,} bytes"
            more = message.get("more_body", False)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        served = False

        async def once() -> Message:
            nonlocal served
            if not served:
                served = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        try:
            form = await Request(scope, once).form()
        except (MultiPartException, HTTPException) as error:  # a field over the parser's limit, too many fields
            reason = error.message if isinstance(error, MultiPartException) else error.detail
            return replay, 413, f"the form cannot be read: {reason}"
        except Exception:  # an unreadable form carries no token
            form = None
        if form is not None:
            given = form.get(CSRF_FIELD)
            nul = next((k for k, v in form.multi_items() if isinstance(v, str) and "\x00" in v + k), None)
            await form.close()
            if nul is not None:
                return replay, 422, f"{nul}: a NUL character is not allowed"
        else:
            given = None
        if check_csrf and not header_ok and not same_token(given if isinstance(given, str) else None, expected):
            return replay, 403, "missing or wrong CSRF token; reload the page and try again"
        return replay, 0, ""


def _origin_of(url: str) -> str:
    """scheme://host[:port] as a browser's Origin header writes it: lower case, a default port left out."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # not a port at all: no origin matches
        return ""
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port is not None and port != default else "")


async def _respond(send: Send, status: int, path: str, message: str) -> None:
    if is_api(path):
        body, kind = json.dumps({"error": message}).encode(), b"application/json"
    else:
        from html import escape

        body = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>pmpath</title>"
            "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem}</style></head>"
            f"<body><main><h1>Sorry</h1><p>{escape(message)}</p><p><a href='/'>pmpath</a> · <a href='/login'>Log in</a>"
            "</p></main></body></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def caller_of(request: Request) -> Caller | None:
    return request.scope.get("state", {}).get("caller")


def csrf_token(request: Request) -> str:
    """The token a page's forms carry: the session's, or the pre-login double-submit one."""
    caller = caller_of(request)
    if caller is not None and caller.csrf:
        return caller.csrf
    return request.scope.get("state", {}).get("pre_csrf", "")
