"""The team flow in a real browser (Chromium via Playwright) against a real uvicorn server: the admin
invites, people accept, a member assesses and shares, the manager reviews and releases, the compare
view, dashboard and calibration show it; a member trying another's URL gets 404; a form posted from
another origin is refused."""

from __future__ import annotations

import http.server
import re
import socket
import threading
import time

import pytest

from conftest import ADMIN_EMAIL, make_admin
from test_browser import FLAGS, log_in_page, shot  # noqa: F401  (the browser fixture comes from there too)
from test_browser import browser as browser

PASSWORD = "a long enough password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from pmpath.web import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('teams') / 'pmpath.sqlite3'}"
    make_admin(url)
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def evil_site(server):
    """Another origin (another port) serving a page whose form posts to pmpath."""
    page = f"""<!doctype html><html><body><h1>Win a prize</h1>
<form method="post" action="{server}/tokens"><input type="hidden" name="name" value="stolen">
<button type="submit">Claim</button></form></body></html>""".encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def invite(admin, server: str, email: str, name: str, level: str, manager: str = "") -> str:
    admin.goto(f"{server}/team")
    admin.get_by_label("Email", exact=True).fill(email)
    admin.get_by_label("Name", exact=True).fill(name)
    admin.get_by_label("Level of their title").select_option(level)
    if manager:
        admin.locator("#invite-manager").select_option(label=manager)
    admin.get_by_role("button", name="Invite").click()
    return admin.locator("#invitation-link").inner_text()


def accept(browser, link: str):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.goto(link)
    tab.get_by_label("Password (10 characters or more)").fill(PASSWORD)
    tab.get_by_label("The same password again").fill(PASSWORD)
    tab.get_by_role("button", name="Start").click()
    tab.wait_for_url(lambda u: "/invitations/" not in u)
    return tab


def fill_wizard(tab, name: str, rating: str, status: str) -> None:
    """The guided assessment at the associate level: about, ten ratings, five readiness criteria."""
    tab.get_by_label(re.compile(r"^(Your|Their) name$")).fill(name)  # 'Their' in a review of a report
    tab.get_by_label(re.compile(r"^(Your|Their) current level$")).select_option("apm")
    tab.get_by_label("Years of product experience").fill("2")
    tab.get_by_role("button", name="Next").click()
    for step in range(10):
        tab.get_by_text(f"Step {step + 2} of").wait_for()
        tab.locator(f"input[name=rating][value='{rating}']").check()
        tab.get_by_role("button", name="Next").click()
    for step in range(5):
        tab.get_by_text(f"Step {step + 12} of").wait_for()
        tab.get_by_label(status, exact=True).check()
        tab.get_by_role("button", name="Next").click()
    tab.get_by_role("button", name="See my result").click()
    tab.wait_for_url("**/assessments/*")


def test_team_flow_end_to_end(server, browser, evil_site):
    admin_context = browser.new_context(viewport={"width": 1100, "height": 900})
    admin = admin_context.new_page()
    log_in_page(admin, server, ADMIN_EMAIL)
    director = accept(browser, invite(admin, server, "dana@acme.example", "Dana", "director"))
    manager = accept(browser, invite(admin, server, "mia@acme.example", "Mia", "senior-pm", "Dana"))
    member = accept(browser, invite(admin, server, "pat@acme.example", "Pat", "pm", "Mia"))
    shot(admin, "team-people")

    # the member assesses themselves and shares it with their manager
    member.goto(f"{server}/assess")
    fill_wizard(member, "Pat", "3", "Met")
    own_url = member.url
    member.get_by_role("button", name="Share with my manager").click()
    assert "shared with their managers" in member.locator("#about").inner_text()

    # the manager sees it, writes a review of Pat, and releases it
    manager.goto(f"{server}/team")
    manager.get_by_role("link", name="Pat", exact=True).click()
    pat_url = manager.url
    manager.get_by_role("link", name="Write a manager review").click()
    assert manager.get_by_text("About Pat (your review)").is_visible()
    assert manager.get_by_role("heading", name="Review Pat").is_visible()
    fill_wizard(manager, "Pat", "2", "Partly")
    manager.get_by_role("button", name="Release to Pat").click()
    assert "released to them" in manager.locator("#about").inner_text()

    # the 1:1 view, for the member, differences marked
    member.goto(pat_url + "/compare")
    assert member.locator("#side-by-side mark").count() == 10
    shot(member, "team-self-vs-manager")

    # the manager's dashboard and the director's calibration table
    manager.goto(f"{server}/team/dashboard")
    assert manager.get_by_role("img", name="Level pyramid").is_visible()
    shot(manager, "team-dashboard")
    director.goto(f"{server}/team/calibration")
    rows = director.locator("#calibration tbody tr")
    assert rows.count() == 2 and "Pat" in rows.all_inner_texts()[1]
    director.get_by_role("link", name="Readiness").click()
    assert director.locator("#calibration th[aria-sort]").inner_text() == "Readiness"
    shot(director, "team-calibration")

    # a member trying another person's URL gets 404
    manager.goto(f"{server}/api/v1/me")
    mia = manager.evaluate("() => JSON.parse(document.body.innerText).id")
    response = member.goto(f"{server}/people/{mia}")
    assert response.status == 404
    director_own = director.goto(own_url)  # shared: the director above Pat sees it
    assert director_own.status == 200

    # a form posted from another origin is refused, and nothing is created
    member.goto(evil_site)
    with member.expect_response(lambda r: r.url.endswith("/tokens")) as posted:
        member.get_by_role("button", name="Claim").click()
    assert posted.value.status == 403
    member.goto(f"{server}/tokens")
    assert "stolen" not in member.content()
    for context in {admin_context, director.context, manager.context, member.context}:
        context.close()
