"""The HTML pages without JavaScript: every form works as plain HTML; input is shown, never run."""

from __future__ import annotations

import datetime as dt

from pmpath.framework import builtin_framework, builtin_text


def test_ladder_level_and_compare_pages(client):
    home = client.get("/")
    assert home.status_code == 200
    for name in ["Associate Product Manager", "Chief Product Officer", "Beyond the ladder", 'href="/levels/director"']:
        assert name in home.text
    level = client.get("/levels/director").text
    assert "Ready to move to VP of Product?" in level and "§ Director of Product" in level
    assert "Head of Product" in client.get("/levels/Head of Product").text
    assert client.get("/levels/wizard").status_code == 404
    compare = client.get("/compare", params={"a": "pm", "b": "director"}).text
    assert "Product Manager → Director of Product" in compare and "+2" in compare


def test_guided_assessment_without_javascript(client, db_url):
    fw_levels = client.app.state.pmpath.default
    page = client.get("/assess")
    assert "Step 1 of" in page.text and 'name="current_level"' in page.text
    about = {
        "name": "Robin",
        "current_level": "apm",
        "assessor": "self",
        "company_size": "mid",
        "years_experience": "2",
        "years_leading": "0",
        "action": "next",
    }
    assert client.post("/assess", data=about, follow_redirects=False).status_code == 303
    for comp in fw_levels.competencies:
        response = client.post("/assess", data={"rating": "3", "action": "next"})
        assert response.status_code == 200, comp.id
    # go back to the last competency and answer it again: the draft keeps the place
    back = client.post("/assess", data={"action": "back"})
    assert "Market and domain insight" in client.get("/assess").text and back.status_code in (200, 303)
    client.post("/assess", data={"rating": "3", "action": "next"})
    missing = client.post("/assess", data={"action": "next"})
    assert missing.status_code == 422 and "Choose met, partly or not yet" in missing.text
    for _ in fw_levels.level("apm").readiness.criteria:
        client.post("/assess", data={"status": "met", "evidence": "done", "action": "next"})
    review = client.get("/assess")
    assert "Review" in review.text
    done = client.post("/assess", data={"action": "next"}, follow_redirects=False)
    assert done.status_code == 303
    result = client.get(done.headers["location"])
    assert "Product Manager" in result.text and "Readiness checklist" in result.text and "<svg" in result.text
    assert 'id="readiness">Ready<' in result.text
    history = client.get("/assessments", params={"name": "Robin"}).text
    assert "Progress over time" in history and "Robin" in history


def test_htmx_requests_get_fragments(client):
    client.get("/assess")
    fragment = client.post(
        "/assess",
        data={"name": "Kim", "current_level": "pm", "years_experience": "1", "years_leading": "0", "action": "next"},
        headers={"HX-Request": "true"},
    )
    assert (
        fragment.status_code == 200
        and fragment.text.lstrip().startswith('<form id="wizard"')
        and "<html" not in fragment.text
    )
    plan = client.get("/plan", params={"level": "pm", "years": 4, "target": "vp"}, headers={"HX-Request": "true"})
    assert "Career timeline" in plan.text and "<html" not in plan.text


def test_posting_leveler_shows_script_as_text(client):
    response = client.post(
        "/leveler",
        data={"title": "", "text": "<script>alert('x')</script> You will build and lead a team of product managers."},
    )
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text
    assert "<mark>build and lead</mark>" in response.text
    assert client.post("/leveler", data={"text": "  "}).status_code == 422


def test_posting_leveler_says_when_a_posting_was_not_read(client):
    """A Spanish posting's borrowed 'P&L' and 'board of directors' are not read: the page says why."""
    text = (
        "Buscamos un Gerente de Producto. Responsabilidades: definir la estrategia del producto, liderar un "
        "equipo de product managers, gestionar el presupuesto y el P&L, reportar al board of directors. "
        "Requisitos: 10 años de experiencia en gestión de productos."
    )
    response = client.post("/leveler", data={"title": "", "text": text})
    assert response.status_code == 200 and "not in English" in response.text and "<mark>" not in response.text


def test_planner_page(client):
    page = client.get("/plan", params={"level": "pm", "years": 4, "target": "vp", "company_size": "mid"})
    assert "about 7.0 years" in page.text and "Off-ramps" in page.text
    wrong = client.get("/plan", params={"level": "vp", "years": 4, "target": "pm"})
    assert wrong.status_code == 422 and "below the current level" in wrong.text


def test_framework_upload_shows_errors_inline(client):
    broken = builtin_text().replace("  - id: pm\n", "  - id: apm\n", 1)
    response = client.post("/frameworks", files={"file": ("acme.yaml", broken.encode(), "application/x-yaml")})
    assert response.status_code == 422 and "acme.yaml:" in response.text and "levels[1].id" in response.text
    good = builtin_text().replace("id: standard\n", "id: acme\n", 1)
    stored = client.post("/frameworks", files={"file": ("acme.yaml", good.encode(), "application/x-yaml")})
    assert (
        stored.status_code == 200
        and f"Stored Product manager career path (acme {builtin_framework().version})" in stored.text
    )


def test_downloads(client):
    answers = {
        "name": "Dl",
        "current_level": "pm",
        "ratings": dict.fromkeys(
            [
                "customer-empathy",
                "prioritization",
                "execution",
                "communication",
                "data-metrics",
                "strategy",
                "business-acumen",
                "leadership",
                "process",
                "market-insight",
            ],
            3,
        ),
    }
    stored = client.post("/api/v1/assessments", json=answers).json()
    pdf = client.get(f"/assessments/{stored['id']}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/assessments/{stored['id']}.md").text.startswith("# Career assessment: Dl")
    assert client.get(f"/assessments/{stored['id']}.json").json()["placement"]["level"] == stored["placement"]
    assert client.get(f"/assessments/{stored['id']}.xls").status_code == 404


def test_a_draft_belongs_to_the_person_not_to_a_cookie(client, db_url):
    """Drafts are kept per logged-in person: a forged cookie selects nothing, another person starts fresh."""
    from conftest import log_in

    client.cookies.set("pmpath_draft", "x" * 500)
    response = client.post(
        "/assess",
        data={"name": "Eve", "current_level": "pm", "years_experience": "1", "years_leading": "0", "action": "next"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "pmpath_draft" not in response.cookies
    assert "Step 2 of" in client.get("/assess").text
    app = client.app.state.pmpath
    admin = app.accounts.person_by_email("admin@acme.example")
    from pmpath.store.credentials import hash_password
    from pmpath.teams import NewPerson

    _, token = app.accounts.invite(
        admin.org_id, NewPerson("other@acme.example", "Other"), admin.id, dt.timedelta(days=1)
    )
    app.accounts.accept_invitation(token, hash_password("another long password"))
    log_in(client, "other@acme.example", "another long password")
    assert "Step 1 of" in client.get("/assess").text


def test_result_page_calls_ready_only_with_the_experience_too(client):
    """Every criterion met without the years is 'Criteria met', never 'Ready' (the CLI's verdict)."""
    fw = client.app.state.pmpath.default
    body = {
        "name": "Ash",
        "current_level": "apm",
        "years_experience": 0,
        "company_size": "mid",
        "ratings": {c.id: 3 for c in fw.competencies},
        "criteria": {c.id: {"status": "met"} for c in fw.level("apm").readiness.criteria},
    }
    created = client.post("/api/v1/assessments", json=body).json()
    assert created["result"]["readiness"]["ready"] and not created["result"]["ready_now"]
    page = client.get(f"/assessments/{created['id']}").text
    assert 'id="readiness">Criteria met<' in page and "every criterion met, not yet the experience" in page
    assert 'id="readiness">Ready<' not in page


def test_wizard_company_size_defaults_to_unknown_and_names_the_assumption(client):
    """The wizard does not pre-select the most lenient size; left unknown, the result shows the range
    and the size pmpath assumed."""
    fw = client.app.state.pmpath.default
    first = client.get("/assess").text
    select = first.split('id="company_size"', 1)[1].split("</select>", 1)[0]
    assert 'value="" selected' in select and 'value="startup" selected' not in select
    about = {"name": "Lee", "current_level": "senior-pm", "company_size": "", "years_experience": "6"}
    client.post("/assess", data={**about, "years_leading": "1", "action": "next"})
    for c in fw.competencies:
        client.post("/assess", data={"rating": str(fw.level("senior-pm").expectations[c.id]), "action": "next"})
    for _ in range(20):  # the criteria of the level measured from
        if "Ready to move up?" not in client.get("/assess").text:
            break
        client.post("/assess", data={"status": "met", "action": "next"})
    done = client.post("/assess", data={"action": "next"}, follow_redirects=False)
    result = client.get(done.headers["location"]).text
    assumed = next(s for s in fw.company_sizes if s.id == fw.rules.assumed_company_size)
    assert f"pmpath assumed a {assumed.name.lower()}" in result
    assert all(f"at a {s.name.lower()}" in result for s in fw.company_sizes)


def test_result_page_at_the_top_names_the_off_ramps_not_a_placeholder(client):
    """A CPO's readiness card points at what the framework opens beyond the ladder, in its own names."""
    fw = client.app.state.pmpath.default
    body = {
        "name": "Chi",
        "current_level": "cpo",
        "years_experience": 20,
        "years_leading": 10,
        "company_size": "mid",
        "ratings": {c.id: 5 for c in fw.competencies},
        "criteria": {c.id: {"status": "met"} for c in fw.level("cpo").readiness.criteria},
    }
    created = client.post("/api/v1/assessments", json=body).json()
    assert created["result"]["next_level"] is None
    page = client.get(f"/assessments/{created['id']}").text
    ramps = [o.name for o in fw.beyond.offramps if "cpo" in o.from_levels]
    assert ramps and all(name in page.split("Readiness for", 1)[1][:300] for name in ramps)
    assert "Readiness for beyond" not in page


def test_posting_leveler_marks_the_title_a_posting_carries_in_its_wrapper(client):
    """Sent without a title, a posting whose front matter names it is leveled by that title, and the
    page marks the words in the text it came from."""
    text = '---\ntitle: "Head of Product"\nlocation: Remote\n---\n\nYou will own the roadmap with engineering.'
    response = client.post("/leveler", data={"title": "", "text": text})
    assert response.status_code == 200
    assert "<mark>Head of</mark> Product" in response.text and "Director" in response.text
