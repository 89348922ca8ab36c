"""A real browser (Debian's Chromium driven by Playwright) against a real uvicorn server.

Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_admin

CHROMIUM = os.environ.get("PMPATH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn serving the app on a free loopback port, on a fresh SQLite file."""
    import uvicorn

    from pmpath.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'pmpath.sqlite3'}"
    make_admin(url)
    app = create_app(url)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def log_in_page(tab, server: str, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    """Log in through the form, as a person does."""
    tab.goto(f"{server}/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(lambda u: "/login" not in u)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    log_in_page(tab, server)
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.dialogs = dialogs  # type: ignore[attr-defined]
    yield tab
    context.close()


def shot(page, name: str) -> None:
    """A screenshot for people to look at (test-artifacts/), not an assertion: Chromium sometimes
    cannot capture a full page on a busy machine, so it tries again, then takes the viewport."""
    from playwright.sync_api import Error

    ARTIFACTS.mkdir(exist_ok=True)
    path = str(ARTIFACTS / f"{name}.png")
    for full_page in (True, True, False):
        try:
            page.screenshot(path=path, full_page=full_page)
            return
        except Error:
            page.wait_for_timeout(500)
    page.screenshot(path=path)


def test_complete_an_assessment_end_to_end(server, page):
    page.goto(f"{server}/assess")
    page.get_by_label("Your name").fill("Browser Bea")
    page.get_by_label("Your current level").select_option("apm")
    page.get_by_label("Years of product experience").fill("2")
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Step 2 of").wait_for()
    for step in range(10):
        page.locator("input[name=rating][value='3']").check()
        if step == 1:  # go back once, as people do, and come forward again
            page.get_by_role("button", name="Back").click()
            page.get_by_text(f"Step {step + 1} of").wait_for()
            page.locator("input[name=rating][value='3']").check()
            page.get_by_role("button", name="Next").click()
            page.get_by_text(f"Step {step + 2} of").wait_for()
            page.locator("input[name=rating][value='3']").check()
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"Step {step + 3} of").wait_for()
    shot(page, "assess-criterion")
    for step in range(12, 17):  # the associate PM's five readiness criteria
        page.get_by_label("Met").check()
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"Step {step + 1} of").wait_for()
    assert page.get_by_role("group", name="Review").is_visible()
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url("**/assessments/*")
    assert page.locator("#placement").inner_text() == "Product Manager"
    assert page.locator("#readiness").inner_text() == "Ready"
    assert page.get_by_role("img", name="Competency radar chart").is_visible()
    assert page.get_by_role("link", name="PDF").is_visible()
    shot(page, "assess-result")


def test_progress_survives_closing_the_tab(server, browser):
    context = browser.new_context()
    tab = context.new_page()
    log_in_page(tab, server)
    tab.goto(f"{server}/assess")
    tab.get_by_role("button", name="Start over").click()  # a form: a GET never throws answers away
    tab.get_by_label("Your name").fill("Tab Closer")
    tab.get_by_role("button", name="Next").click()
    tab.get_by_text("Step 2 of").wait_for()
    tab.close()
    again = context.new_page()  # same browser profile, new tab
    again.goto(f"{server}/assess")
    assert again.get_by_text("Step 2 of").is_visible()
    context.close()


def test_level_a_posting_with_phrases_highlighted(server, page):
    page.goto(f"{server}/leveler")
    page.get_by_label("Posting text").fill(
        "<script>alert('boom')</script>\nYou will build and lead a team of product managers, with direct reports. 8+ years of experience."
    )
    page.get_by_role("button", name="Level it").click()
    page.locator("#posting-level").wait_for()
    assert page.locator("#posting-level").inner_text() == "Director of Product"
    marks = page.locator("mark").all_inner_texts()
    assert "build and lead" in marks and "direct reports" in marks
    assert "<script>alert('boom')</script>" in page.locator(".posting").inner_text()
    assert page.dialogs == []  # the script was shown, not run
    shot(page, "leveler")


def test_open_the_planner(server, page):
    page.goto(f"{server}/plan")
    page.get_by_label("Your level now").select_option("pm")
    page.get_by_label("Years of product experience").fill("4")
    page.get_by_label("Target level").select_option("vp")
    page.get_by_label("Company size").select_option("mid")
    page.get_by_role("button", name="Plan my path").click()
    page.get_by_role("img", name="Career timeline").wait_for()
    assert "about 7.0 years" in page.locator("#plan-result").inner_text()
    shot(page, "planner")


def test_ladder_is_keyboard_reachable(server, page):
    page.goto(f"{server}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.get_by_role("link", name="Director of Product").click()
    assert page.get_by_role("heading", name="Director of Product").is_visible()
    shot(page, "level")


# -- errors shown in place with JavaScript on -------------------------------------------------------
def _no_reload(page) -> None:
    """Mark the window: the mark survives an HTMX swap, not a page load."""
    page.evaluate("window.__same_page = true")


def _same_page(page) -> bool:
    return page.evaluate("window.__same_page === true")


def test_wizard_error_is_swapped_in(server, page):
    page.goto(f"{server}/assess")
    page.get_by_role("button", name="Start over").click()
    page.wait_for_function("window.htmx !== undefined")
    _no_reload(page)
    page.locator("#wizard").evaluate("form => form.noValidate = true")  # what an old browser would send
    page.get_by_label("Years of product experience").fill("75")
    page.get_by_role("button", name="Next").click()
    alert = page.locator("#wizard [role=alert]")
    alert.wait_for()
    assert "Years must be between 0 and 60" in alert.inner_text() and _same_page(page)
    page.get_by_label("Years of product experience").fill("5")
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Step 2 of").wait_for()
    page.locator("#wizard").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Next").click()  # no rating chosen
    page.get_by_text("Choose the sentence that fits you best").wait_for()
    assert _same_page(page)


def test_planner_error_replaces_the_previous_plan(server, page):
    page.goto(f"{server}/plan")
    page.wait_for_function("window.htmx !== undefined")
    _no_reload(page)
    page.get_by_label("Your level now").select_option("pm")
    page.get_by_label("Target level").select_option("vp")
    page.get_by_role("button", name="Plan my path").click()
    page.locator("#plan-result ol").wait_for()
    page.get_by_label("Your level now").select_option("vp")
    page.get_by_label("Target level").select_option("pm")
    page.get_by_role("button", name="Plan my path").click()
    page.locator("#plan-result [role=alert]").wait_for()
    assert "target" in page.locator("#plan-result").inner_text().lower()
    assert page.locator("#plan-result ol").count() == 0 and _same_page(page)


def test_leveler_error_is_swapped_in(server, page):
    page.goto(f"{server}/leveler")
    page.wait_for_function("window.htmx !== undefined")
    _no_reload(page)
    page.locator("form[action='/leveler']").evaluate("form => form.noValidate = true")
    page.get_by_label("Posting text").fill("   ")
    page.get_by_role("button", name="Level it").click()
    page.locator("#level-result [role=alert]").wait_for()
    assert "Paste the text of a job posting" in page.locator("#level-result").inner_text() and _same_page(page)


def test_framework_upload_error_is_shown(server, page):
    page.goto(f"{server}/frameworks")
    page.get_by_label("…or paste it").fill("id: acme\nlevels: [1, 2\n")
    page.get_by_role("button", name="Check and store").click()
    alert = page.locator("[role=alert]")
    alert.wait_for()
    assert "pasted.yaml:" in alert.inner_text() and "not valid YAML" in alert.inner_text()


# -- every page at a phone's width and a desktop's ---------------------------------------------------
CHART_FONTS = """() => [...document.querySelectorAll('svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0 && svg.querySelector('text'))
  .flatMap(svg => {
    const box = svg.viewBox.baseVal;
    const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
    return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  })"""
CLIPPED_CHART_TEXT = """() => [...document.querySelectorAll('svg[viewBox]')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => {
    const box = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('text')].filter(t => {
      const b = t.getBBox();
      return b.width > 0 && (b.x < box.x - 1 || b.x + b.width > box.x + box.width + 1);
    }).map(t => t.textContent);
  })"""
HIDDEN_CHARTS_WITHOUT_TABLE = """() => [...document.querySelectorAll('figure.chart')]
  .filter(f => f.querySelector('svg').getBoundingClientRect().width === 0)
  .filter(f => !document.querySelector('table') || (f.querySelector('.chart-table') || document.querySelector('table.stack')).getBoundingClientRect().height === 0)
  .length"""


@pytest.fixture(scope="module")
def pages(server):
    """Every page of the app, with data behind the ones that show stored assessments."""
    import httpx

    from pmpath.framework import builtin_framework

    fw = builtin_framework()
    ids = []
    with httpx.Client(base_url=server, timeout=30) as client:  # the admin, logged in as a browser would be
        form = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        client.post("/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token})
        client.headers["X-CSRF-Token"] = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)[1]
        for level, rating in (("pm", 3), ("pm", 4)):
            body = {"name": "Mobile Max", "current_level": level, "ratings": {c.id: rating for c in fw.competencies}}
            ids.append(client.post("/api/v1/assessments", json=body).json()["id"])
        team = small_team(server, client, fw)
    return {
        "ladder": "/",
        "level": "/levels/director",
        "compare": "/compare?a=pm&b=director",
        "assess": "/assess",
        "history": "/assessments?name=Mobile+Max",
        "result": f"/assessments/{ids[-1]}",
        "plan": "/plan?level=pm&years=4&target=vp&company_size=mid",
        "leveler": "/leveler",
        "frameworks": "/frameworks",
        "job description": "/jd?level=senior-pm&company_size=mid",
        "error": "/assessments/999999",
        "team": "/team",
        "person": f"/people/{team['pat']}",
        "self vs manager": f"/people/{team['pat']}/compare",
        "cycles": "/cycles",
        "calibration": "/team/calibration",
        "dashboard": "/team/dashboard",
        "promotion case": f"/promotions/{team['case']}",
        "tokens": "/tokens",
        "audit log": "/audit",
    }


TEAM_PASSWORD = "a team member's long password"


def _joined(server: str, link: str):
    """A person's own client after accepting their invitation as a browser does (logged in, CSRF header set)."""
    import httpx

    path = "/invitations/" + link.rsplit("/invitations/", 1)[1]
    client = httpx.Client(base_url=server, timeout=60)
    pre = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)
    client.post(path, data={"password": TEAM_PASSWORD, "repeat": TEAM_PASSWORD, "csrf_token": pre})
    client.headers["X-CSRF-Token"] = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)[1]
    return client


def small_team(server: str, admin, fw) -> dict[str, str]:
    """A director, a manager with long names and two reports, with shared self-assessments, released
    manager reviews, an open cycle, a promotion case and an access token: real data behind the team pages."""

    def answers(name: str, level: str, rating: int, statuses: tuple[str, ...]) -> dict:
        """Every level's criteria answered (whichever step the ratings measure readiness for), statuses mixed."""
        criteria = [c for lv in fw.levels if lv.readiness for c in lv.readiness.criteria]
        return {
            "name": name,
            "current_level": level,
            "years_experience": 6,
            "years_leading": 1,
            "ratings": {c.id: rating for c in fw.competencies},
            "criteria": {
                c.id: {"status": statuses[i % len(statuses)], "evidence": "Led the pricing launch end to end"}
                for i, c in enumerate(criteria)
            },
        }

    def invite(email: str, name: str, level: str, manager: str | None) -> tuple[str, str]:
        body = {"email": email, "name": name, "title_level": level, "manager_id": manager}
        made = admin.post("/api/v1/people", json=body).json()
        return made["person"]["id"], made["link"]

    dana, dana_link = invite("dana.director@acme.example", "Dana Delacroix-Whitfield", "director", None)
    mia, mia_link = invite(
        "maximiliana.okonkwo-lindqvist@acme.example", "Maximiliana Okonkwo-Lindqvist", "senior-pm", dana
    )
    pat, pat_link = invite("pat@acme.example", "Pat", "pm", mia)
    _, lee_link = invite("lee@acme.example", "Lee", "apm", mia)
    admin.post("/api/v1/cycles", json={"name": "Second half 2026", "deadline": "2026-12-31"})
    people = {
        "dana": (dana_link, "director"),
        "mia": (mia_link, "senior-pm"),
        "pat": (pat_link, "pm"),
        "lee": (lee_link, "apm"),
    }
    clients = {key: _joined(server, link) for key, (link, _) in people.items()}
    for key, (_, level) in people.items():
        if key == "lee":
            continue  # still open in the cycle
        own = clients[key].post("/api/v1/assessments", json=answers(key.title(), level, 3, ("met", "partly"))).json()
        clients[key].post(f"/api/v1/assessments/{own['id']}/share")
    for manager, report, level in (("mia", pat, "pm"), ("dana", mia, "senior-pm")):
        review = clients[manager].post(
            f"/api/v1/people/{report}/reviews", json=answers("x", level, 2, ("partly", "met", "not-yet"))
        )
        clients[manager].post(f"/api/v1/assessments/{review.json()['id']}/release")
    case = clients["mia"].post(f"/api/v1/people/{pat}/promotions", json={"notes": "Carried the launch"}).json()
    admin.post("/tokens", data={"name": "a nightly export script with a rather long name"})
    for client in clients.values():
        client.close()
    return {"pat": pat, "case": case["id"]}


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_fits_its_screen(server, browser, pages, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    log_in_page(tab, server)
    problems: list[str] = []  # every page's problems at once, so one run shows all that needs fixing
    try:
        for name, path in pages.items():
            tab.goto(f"{server}{path}")
            shot(tab, f"{width}-{name}")
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{name} at {width} px scrolls sideways by {overflow} px")
            fonts = tab.evaluate(CHART_FONTS)
            if fonts and min(fonts) < 11:
                problems.append(f"{name} at {width} px: chart labels of {min(fonts):.1f} px")
            clipped = tab.evaluate(CLIPPED_CHART_TEXT)
            if clipped:
                problems.append(f"{name} at {width} px: chart text cut off at the edge: {clipped[:3]}")
            if tab.evaluate(HIDDEN_CHARTS_WITHOUT_TABLE) != 0:
                problems.append(f"{name} at {width} px: a chart with no table")
            nav = tab.locator("header nav").bounding_box()
            if nav["height"] >= 64:
                problems.append(f"{name} at {width} px: the navigation takes {nav['height']} px")
        assert not problems, "\n".join(problems)
        if width == 390:  # the menu opens to every link
            tab.get_by_text("Menu").click()
            assert tab.get_by_role("link", name="Posting leveler").is_visible()
            tab.get_by_role("link", name="Planner").click()
            tab.wait_for_url("**/plan")
    finally:
        context.close()


def test_api_docs_render_with_nothing_fetched_from_elsewhere(server, page):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(f"{server}/docs")
    page.locator(".opblock-summary-path", has_text="/api/v1/assessments").first.wait_for()
    assert hosts == {server.split("/")[2]}
    shot(page, "docs")
