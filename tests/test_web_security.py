"""Accounts on the web: Argon2 logins with one message for every failure, a rate limit per account and
per address, the session id rotated at login and ended at logout, cookie flags, CSRF, security headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, log_in, make_admin
from pmpath.settings import Settings
from pmpath.web import create_app

HTTPS = "https://testserver"  # the cookies are Secure in these tests, as behind TLS


@pytest.fixture
def app(tmp_path):
    url = f"sqlite:///{tmp_path / 'pmpath.sqlite3'}"
    make_admin(url)
    application = create_app(url, config=Settings(cookie_secure=True, login_limit_account=3, login_limit_address=6))
    yield application
    application.state.pmpath.store.close()


def pre_token(client: TestClient) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)


def attempt(client: TestClient, email: str, password: str):
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": pre_token(client)}, follow_redirects=False
    )


def test_every_page_and_api_call_needs_a_login(app):
    client = TestClient(app, base_url=HTTPS)
    page = client.get("/assessments?name=x", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fassessments%3Fname%3Dx"
    api = client.get("/api/v1/assessments")
    assert api.status_code == 401 and "log in" in api.json()["error"]
    assert client.get("/api/v1/health").status_code == 200
    assert client.head("/api/v1/health").status_code == 200  # an uptime check's HEAD
    assert client.get("/openapi.json", follow_redirects=False).status_code == 303


def test_one_message_for_unknown_email_and_wrong_password(app):
    client = TestClient(app, base_url=HTTPS)
    unknown = attempt(client, "nobody@acme.example", ADMIN_PASSWORD)
    wrong = attempt(client, ADMIN_EMAIL, "not the password")
    assert unknown.status_code == wrong.status_code == 401
    message = re.compile(r'id="login-error">([^<]+)<')
    assert message.search(unknown.text).group(1) == message.search(wrong.text).group(1)


def test_login_is_rate_limited_per_account_and_per_address(app):
    client = TestClient(app, base_url=HTTPS)
    for _ in range(3):
        assert attempt(client, ADMIN_EMAIL, "wrong password").status_code == 401
    limited = attempt(client, ADMIN_EMAIL, ADMIN_PASSWORD)  # even the right password waits
    assert limited.status_code == 429 and "Too many attempts" in limited.text
    for i in range(3):
        attempt(client, f"someone{i}@acme.example", "wrong")
    assert attempt(client, "fresh@acme.example", "x").status_code == 429  # the address is over its limit too


def test_session_rotates_at_login_and_ends_at_logout(app):
    client = TestClient(app, base_url=HTTPS)
    before = attempt(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    first = before.cookies["pmpath_session"]
    cookie = before.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    again = attempt(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    second = again.cookies["pmpath_session"]
    assert second != first
    stale = TestClient(app, base_url=HTTPS, cookies={"pmpath_session": first})
    assert stale.get("/api/v1/me").status_code == 401  # the old session was ended at the new login
    log_in(client, ADMIN_EMAIL)
    kept = client.cookies["pmpath_session"]
    assert client.post("/logout", follow_redirects=False).status_code == 303
    replay = TestClient(app, base_url=HTTPS, cookies={"pmpath_session": kept})
    assert replay.get("/api/v1/me").status_code == 401  # ended on the server, not only in the browser


def test_state_changes_need_the_csrf_token(app):
    client = log_in(TestClient(app, base_url=HTTPS), ADMIN_EMAIL)
    token = client.headers.pop("X-CSRF-Token")
    bare = client.post("/api/v1/assessments", json={"ratings": {}})
    assert bare.status_code == 403 and "CSRF" in bare.json()["error"]
    form = client.post("/tokens", data={"name": "x"})
    assert form.status_code == 403
    assert client.post("/tokens", data={"name": "x", "csrf_token": "forged"}).status_code == 403
    ok = client.post("/tokens", data={"name": "x", "csrf_token": token})
    assert ok.status_code == 200 and "token-secret" in ok.text
    cross = client.post("/tokens", data={"name": "x", "csrf_token": token}, headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403 and "cross-site" in cross.text
    assert client.post("/login", data={"email": "a", "password": "b"}).status_code == 403  # no pre-login token


def test_security_headers_on_every_response(app):
    client = TestClient(app, base_url=HTTPS)
    for response in (client.get("/login"), client.get("/api/v1/health"), client.get("/nowhere"), client.get("/")):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_tokens_act_as_their_owner_and_no_more(app):
    client = log_in(TestClient(app, base_url=HTTPS), ADMIN_EMAIL)
    created = client.post("/tokens", data={"name": "ci"})
    secret = re.search(r'id="token-secret">([^<]+)<', created.text).group(1)
    assert secret not in client.get("/tokens").text  # shown once
    bearer = TestClient(app, base_url=HTTPS, headers={"Authorization": f"Bearer {secret}"})
    assert bearer.get("/api/v1/me").json()["email"] == ADMIN_EMAIL
    assert bearer.post("/api/v1/assessments", json={"ratings": {"strategy": 9}}).status_code == 422  # no CSRF needed
    token_id = app.state.pmpath.accounts.tokens(app.state.pmpath.accounts.person_by_email(ADMIN_EMAIL).id)[0].id
    client.post(f"/tokens/{token_id}/revoke")
    assert bearer.get("/api/v1/me").status_code == 401
    assert (
        TestClient(app, base_url=HTTPS, headers={"Authorization": "Bearer pmp_guess"}).get("/api/v1/me").status_code
        == 401
    )


def test_next_never_leaves_the_site(app):
    client = TestClient(app, base_url=HTTPS)
    token = pre_token(client)
    done = client.post(
        "/login",
        data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/"


def test_a_nul_character_is_refused_before_it_reaches_the_store(app):
    """PostgreSQL cannot keep a NUL: an address or a form field holding one is a clear 4xx, before login
    too, whether the CSRF token comes in the form or in the header."""
    client = TestClient(app, base_url=HTTPS)
    login = client.post("/login", data={"email": "a\x00@x", "password": "p", "csrf_token": pre_token(client)})
    assert login.status_code == 422 and "email: a NUL character" in login.text
    log_in(client, ADMIN_EMAIL)
    token = client.headers["X-CSRF-Token"]
    for path in ("/assessments/a%00b", "/promotions/%00", "/assessments?name=a%00"):
        refused = client.get(path)
        assert refused.status_code == 422 and "NUL" in refused.text, path
    assert client.get("/api/v1/assessments/a%00b").json()["error"].startswith("a NUL character")
    for sent in ({"name": "x\x00y", "csrf_token": token}, {"name": "x\x00y"}):  # token in the form, in the header
        form = client.post("/tokens", data=sent)
        assert form.status_code == 422 and "name: a NUL character is not allowed" in form.text
    assert client.post("/tokens", data={"name": "fine", "csrf_token": token}).status_code == 200


def test_a_form_field_over_the_parsers_limit_is_named_as_such(app):
    """A field too large to read is a 413 that says so, not a missing CSRF token a reload cannot mend."""
    client = log_in(TestClient(app, base_url=HTTPS), ADMIN_EMAIL)
    token = client.headers.pop("X-CSRF-Token")
    big = client.post("/leveler", data={"text": "x" * 1_049_000, "csrf_token": token})
    assert big.status_code == 413 and "CSRF" not in big.text and "form cannot be read" in big.text


@pytest.mark.parametrize("written", ["https://PMPath.Acme.example", "https://pmpath.acme.example:443/"])
def test_the_public_url_matches_the_origin_a_browser_sends(tmp_path, written):
    """Browsers send an origin in lower case and without its default port, whatever the setting says."""
    url = f"sqlite:///{tmp_path / 'pmpath.sqlite3'}"
    make_admin(url)
    app = create_app(url, config=Settings(public_url=written))
    client = log_in(TestClient(app, base_url="http://127.0.0.1:8000"), ADMIN_EMAIL)
    sent = client.post("/tokens", data={"name": "x"}, headers={"Origin": "https://pmpath.acme.example"})
    assert sent.status_code == 200
    app.state.pmpath.store.close()


def test_behind_a_proxy_the_public_url_is_the_site(tmp_path):
    """A proxy that sends its own Host upstream: a browser's Origin naming PMPATH_PUBLIC_URL is this
    site, another is not, and invitation links point at the public address whatever Host came."""
    url = f"sqlite:///{tmp_path / 'pmpath.sqlite3'}"
    make_admin(url)
    app = create_app(url, config=Settings(public_url="https://pmpath.acme.example"))
    client = log_in(TestClient(app, base_url="http://127.0.0.1:8000"), ADMIN_EMAIL)
    token = client.headers["X-CSRF-Token"]
    ours = client.post(
        "/tokens", data={"name": "x", "csrf_token": token}, headers={"Origin": "https://pmpath.acme.example"}
    )
    assert ours.status_code == 200
    evil = client.post("/tokens", data={"name": "x", "csrf_token": token}, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    plain = client.post(
        "/tokens", data={"name": "x", "csrf_token": token}, headers={"Origin": "http://pmpath.acme.example"}
    )
    assert plain.status_code == 403  # the scheme is part of the site
    invited = client.post("/api/v1/people", json={"email": "zoe@acme.example"}, headers={"Host": "evil.example:666"})
    assert invited.status_code == 201
    assert invited.json()["link"].startswith("https://pmpath.acme.example/invitations/")
    app.state.pmpath.store.close()


def test_the_api_document_says_how_to_log_in_and_what_a_refusal_looks_like(app):
    """Swagger UI's Authorize button takes a personal access token, so 'Try it out' can change things;
    every operation documents the 401 and 403 the gate may answer."""
    client = log_in(TestClient(app, base_url=HTTPS), ADMIN_EMAIL)
    schema = client.get("/openapi.json").json()
    token = schema["components"]["securitySchemes"]["token"]
    assert (token["type"], token["scheme"]) == ("http", "bearer")
    assert {"token": []} in schema["security"]
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations and all({"401", "403"} <= set(op["responses"]) for op in operations)
