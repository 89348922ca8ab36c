"""Logging in and out, and accepting an invitation: the only pages a stranger can use."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmpath.store import Refused
from pmpath.store.credentials import hash_password, password_matches, password_problem

from .security import SESSION_COOKIE, Caller, caller_of
from .state import AppState, state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(state)]
WRONG = "That email and password do not match an account."  # the same for an unknown email and a wrong password


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(target: str | None) -> str:
    """Only a path on this site: never '//elsewhere' or 'https://elsewhere'."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _page(request: Request, template: str, status_code: int = 200, **context: object) -> HTMLResponse:
    from .pages import page

    return page(request, template, status_code=status_code, **context)


def _logged_in(request: Request, st: AppState, person_id: str, target: str) -> Response:
    """A fresh session (the id rotates at every login; any session the browser had ends)."""
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        st.accounts.close_session(old)
    token, _ = st.accounts.open_session(person_id, dt.timedelta(hours=st.settings.session_hours))
    response = RedirectResponse(safe_next(target), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=st.settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=st.settings.cookie_secure,
        path="/",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    if caller_of(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _page(request, "login.html", next=safe_next(next), email="", error=None)


@router.post("/login", response_model=None)
def login(
    request: Request,
    st: State,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Rate-limited per account and per address; one message whatever was wrong."""
    email = email.strip().lower()
    keys = [f"account:{email}", f"address:{_address(request)}"]
    window = dt.timedelta(minutes=st.settings.login_window_minutes)
    account_failures = st.accounts.recent_failures(keys[:1], window)
    address_failures = st.accounts.recent_failures(keys[1:], window)
    if account_failures >= st.settings.login_limit_account or address_failures >= st.settings.login_limit_address:
        return _page(
            request,
            "login.html",
            status_code=429,
            next=safe_next(next),
            email=email,
            error=f"Too many attempts. Wait {st.settings.login_window_minutes} minutes and try again.",
        )
    person = st.accounts.person_by_email(email) if email else None
    stored = st.accounts.password_hash(person.id) if person is not None else None
    if person is None or not person.active or not password_matches(stored, password):
        st.accounts.record_failure(keys)
        return _page(request, "login.html", status_code=401, next=safe_next(next), email=email, error=WRONG)
    st.accounts.clear_failures(keys[0])
    st.accounts.audit(person.org_id, person.id, "session.login", person.id)
    return _logged_in(request, st, person.id, next)


@router.post("/logout", response_model=None)
def logout(request: Request, st: State) -> Response:
    """The session ends on the server, not only in the browser."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        st.accounts.close_session(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=st.settings.cookie_secure)
    return response


@router.get("/invitations/{token}", response_class=HTMLResponse)
async def invitation_page(request: Request, token: str, st: State) -> HTMLResponse:
    person = await anyio.to_thread.run_sync(st.accounts.invited, token[:100])
    if person is None:
        raise HTTPException(404, "This invitation link is not valid any more; ask your admin for a new one.")
    return _page(request, "invitation.html", person=person, token=token, error=None)


@router.post("/invitations/{token}", response_model=None)
def accept_invitation(
    request: Request,
    token: str,
    st: State,
    password: Annotated[str, Form(max_length=1000)] = "",
    repeat: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    person = st.accounts.invited(token[:100])
    if person is None:
        raise HTTPException(404, "This invitation link is not valid any more; ask your admin for a new one.")
    problem = password_problem(password) or (None if password == repeat else "the two passwords differ")
    if problem:
        return _page(
            request, "invitation.html", status_code=422, person=person, token=token, error=problem.capitalize() + "."
        )
    try:
        accepted = st.accounts.accept_invitation(token, hash_password(password))
    except Refused as error:
        raise HTTPException(404, str(error)) from None
    return _logged_in(request, st, accepted.id, "/")


def caller(request: Request) -> Caller:
    """The logged-in caller; the gate lets no one else through, so this is a guard, not the rule."""
    found = caller_of(request)
    if found is None:
        raise HTTPException(401, "log in first")
    return found


def admin(request: Request) -> Caller:
    found = caller(request)
    if not found.person.is_admin:
        raise HTTPException(403, "Only an admin can do that.")
    return found


CallerDep = Annotated[Caller, Depends(caller)]
AdminDep = Annotated[Caller, Depends(admin)]
