"""The Job descriptions page in a real Chromium (JavaScript on): draft, edit, a finding appears and goes."""

from __future__ import annotations

from test_browser import browser, page, server, shot  # noqa: F401  (the real server and Chromium fixtures)


def test_draft_edit_and_fix_a_finding(server, page):  # noqa: F811
    page.goto(f"{server}/jd")
    page.get_by_label("Level").select_option("director")
    page.get_by_label("Company size").first.select_option("startup")
    page.get_by_label("Company (optional)").fill("Acme")
    page.get_by_role("button", name="Start a draft").click()
    editor = page.get_by_label("Posting")
    assert editor.input_value().startswith("# Director of Product")
    summary = page.locator("#jd-summary")
    assert "0 error(s), 0 warning(s)" in summary.inner_text()

    lint_calls: list[str] = []
    page.on("request", lambda r: lint_calls.append(r.url) if r.url.endswith("/jd/lint") else None)
    draft = editor.input_value()
    editor.fill(draft.replace("5+ years", "2+ years"))
    finding = page.locator('li[data-rule="years-too-few"]')
    finding.wait_for()
    assert "2 years asked" in finding.inner_text() and "Fix:" in finding.inner_text()
    assert page.locator("mark.error").first.inner_text() == "2+ years"
    assert "1 error(s)" in summary.inner_text()
    shot(page, "jd-finding")

    editor.fill(draft)  # fixed: the finding goes
    finding.wait_for(state="detached")
    assert "0 error(s), 0 warning(s)" in page.locator("#jd-summary").inner_text()

    lint_calls.clear()
    editor.press("End")
    page.keyboard.type(" Ship small releases often.", delay=20)  # 27 keystrokes, one request after the pause
    page.wait_for_timeout(900)
    assert 1 <= len(lint_calls) <= 2, lint_calls
