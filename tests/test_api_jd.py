"""`POST /api/v1/jd/lint`, `GET /api/v1/jd/draft` and the Job descriptions page, over HTTP."""

from __future__ import annotations

import re

INFLATED = (
    "Senior Product Manager\n\nYou own the roadmap and talk to customers every week with design and engineering. "
    "You bring 2+ years of experience in product management."
)


def test_draft_then_lint_round_trip(client):
    drafted = client.get("/api/v1/jd/draft", params={"level": "vp", "company_size": "mid", "company": "Acme"})
    assert drafted.status_code == 200
    body = drafted.json()
    assert body["draft"]["level"] == "vp" and body["markdown"].startswith("# VP of Product")
    linted = client.post("/api/v1/jd/lint", json={"text": body["markdown"], "company_size": "mid"}).json()
    assert linted["level"] == "vp" and linted["findings"] == [] and linted["errors"] == 0


def test_lint_finds_with_place_and_fix(client):
    result = client.post("/api/v1/jd/lint", json={"text": INFLATED}).json()
    finding = next(f for f in result["findings"] if f["rule"] == "years-too-few")
    assert finding["severity"] == "error" and finding["quote"] == "2+ years"
    assert INFLATED[finding["start"] : finding["end"]] == "2+ years" and finding["line"] == 3
    assert finding["fix"] and finding["source_heading"] == "Senior Product Manager"


def test_bad_input_is_4xx_json(client):
    for body, status, words in (
        ({"text": ""}, 422, "the posting is empty"),
        ({"text": "a\x00b"}, 422, "binary"),
        ({"text": INFLATED, "level": "wizard"}, 422, "unknown level 'wizard'"),
        ({"text": INFLATED, "company_size": "huge"}, 422, "unknown company size"),
        ({"title": "x"}, 422, "text"),
    ):
        response = client.post("/api/v1/jd/lint", json=body)
        assert response.status_code == status and words in response.json()["error"], response.text
    huge = client.post(
        "/api/v1/jd/lint",
        content=b'{"text": "' + b"x" * 5_000_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413 and "error" in huge.json()
    long = client.post("/api/v1/jd/lint", json={"text": "x" * 200_001})
    assert long.status_code == 422 and long.json()["field"] == "text"
    missing = client.get("/api/v1/jd/draft", params={"level": "wizard"})
    assert missing.status_code == 422 and "unknown level" in missing.json()["error"]


def test_both_endpoints_are_typed_in_openapi(client):
    spec = client.get("/openapi.json").json()
    lint = spec["paths"]["/api/v1/jd/lint"]["post"]
    assert lint["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/LintReport")
    draft = spec["paths"]["/api/v1/jd/draft"]["get"]
    assert draft["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/DraftOut")
    assert {"FindingReport", "Draft", "LintIn"} <= spec["components"]["schemas"].keys()


def test_page_starts_a_draft_and_lints_without_javascript(client):
    page = client.get("/jd", params={"level": "director", "company_size": "startup"})
    assert page.status_code == 200 and "# Director of Product" in page.text and "0 error(s), 0 warning(s)" in page.text
    # the Check button as a browser without JavaScript sends it: the form's own token, no header
    form = re.search(r'<form method="post" action="/jd/lint" id="lint-form"[^>]*>(.*?)</form>', page.text, re.S)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.group(1)).group(1)
    header = client.headers.pop("X-CSRF-Token")
    posted = client.post("/jd/lint", data={"text": INFLATED, "csrf_token": token})
    client.headers["X-CSRF-Token"] = header
    assert posted.status_code == 200 and "years-too-few" in posted.text and '<mark class="error"' in posted.text
    assert "<html" in posted.text  # a whole page without HTMX
    fragment = client.post("/jd/lint", data={"text": INFLATED}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "years-too-few" in fragment.text
    empty = client.post("/jd/lint", data={"text": ""})
    assert empty.status_code == 422 and "the posting is empty" in empty.text
    assert client.get("/jd", params={"level": "wizard"}).status_code == 422


def test_page_escapes_the_posting(client):
    fragment = client.post(
        "/jd/lint", data={"text": "<script>alert(1)</script>\n" + INFLATED}, headers={"HX-Request": "true"}
    )
    assert "<script>alert(1)</script>" not in fragment.text and "&lt;script&gt;" in fragment.text


def test_page_downloads_a_draft(client):
    page = client.get("/jd", params={"level": "cpo", "company_size": "enterprise"})
    assert "/jd/draft.pdf?level=cpo&amp;company_size=enterprise" in page.text
    pdfs = client.app.state.pmpath.pdfs
    before = pdfs.made
    pdf = client.get("/jd/draft.pdf", params={"level": "cpo", "company_size": "enterprise"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    again = client.get("/jd/draft.pdf", params={"level": "cpo", "company_size": "enterprise"})
    assert again.content == pdf.content and pdfs.made == before + 1  # the same draft is rendered once
    other = client.get("/jd/draft.pdf", params={"level": "cpo", "company_size": "startup"})
    assert other.content != pdf.content and pdfs.made == before + 2
    assert "cpo-job-description.pdf" in pdf.headers["content-disposition"]
    html = client.get("/jd/draft.html", params={"level": "cpo", "with_sources": "true"})
    assert "<h1>Chief Product Officer</h1>" in html.text and "§ Chief Product Officer" in html.text
    assert client.get("/jd/draft.md", params={"level": "cpo"}).text.startswith("# Chief Product Officer")
    assert client.get("/jd/draft.docx", params={"level": "cpo"}).status_code == 404
    assert client.get("/jd/draft.pdf", params={"level": "wizard"}).status_code == 422


def test_a_company_name_is_one_line_of_plain_text(client):
    drafted = client.get("/api/v1/jd/draft", params={"level": "pm", "company": "Acme\n# Hired\tnow"})
    assert drafted.status_code == 200 and drafted.json()["draft"]["company"] == "Acme # Hired now"
    assert "\n# Hired" not in drafted.json()["markdown"]
    for company, said in (("Acme\x00", "NUL character"), ("Acme\x1b[31m", "control characters")):
        refused = client.get("/api/v1/jd/draft", params={"level": "pm", "company": company})
        assert refused.status_code == 422 and said in refused.json()["error"]
    page = client.get("/jd", params={"level": "pm", "company": "Acme\x1b"})
    assert page.status_code == 422 and "control characters" in page.text


def test_the_page_says_an_off_ladder_posting_has_no_level(client):
    text = (
        "Senior Program Manager\n\nYou run release trains, track dependencies and risks across squads and "
        "report status to stakeholders every week. You plan budgets and schedules with vendors.\n"
    )
    page = client.post("/jd/lint", data={"text": text}, headers={"HX-Request": "true"})
    assert page.status_code == 200 and "no level to check it against" in page.text and "checked as" not in page.text
