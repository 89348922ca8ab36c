"""The team flow over HTTP on SQLite and PostgreSQL: invite, accept, self-assess and share, review and
release, compare, calibration and dashboard with exports, promotion case, audit log, own data, deletion."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from conftest import ADMIN_EMAIL, log_in
from pmpath.framework import builtin_framework

FW = builtin_framework()
PASSWORD = "a member's long password"


def answers(rating: int, status: str = "met") -> dict:
    criteria = {c.id: {"status": status, "evidence": "shipped it"} for c in FW.level("pm").readiness.criteria}
    return {
        "name": "Pat",
        "current_level": "pm",
        "years_experience": 9,
        "years_leading": 3,
        "ratings": dict.fromkeys([c.id for c in FW.competencies], rating),
        "criteria": criteria,
    }


def invite(admin: TestClient, email: str, name: str, manager_id: str = "", level: str = "pm") -> str:
    page = admin.post(
        "/team/invite", data={"email": email, "name": name, "manager_id": manager_id, "title_level": level}
    )
    assert page.status_code == 200, page.text
    return re.search(r'id="invitation-link">[^<]*/invitations/([^<]+)<', page.text).group(1)


def accept(app, token: str, email: str) -> TestClient:
    client = TestClient(app)
    form = client.get(f"/invitations/{token}")
    assert form.status_code == 200 and email in form.text
    pre = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    done = client.post(
        f"/invitations/{token}",
        data={"password": PASSWORD, "repeat": PASSWORD, "csrf_token": pre},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert client.get(f"/invitations/{token}").status_code == 404  # single use
    return log_in(client, email, PASSWORD)


@pytest.fixture
def team(client):
    """Admin (the logged-in client), a manager and a report who accepted their invitations."""
    app = client.app
    manager = accept(app, invite(client, "mia@acme.example", "Mia", level="senior-pm"), "mia@acme.example")
    mia = manager.get("/api/v1/me").json()
    member = accept(app, invite(client, "pat@acme.example", "Pat", mia["id"], "senior-pm"), "pat@acme.example")
    pat = member.get("/api/v1/me").json()
    return client, manager, member, mia, pat


def test_review_flow_and_who_sees_it(team):
    admin, manager, member, mia, pat = team
    assert manager.get("/api/v1/me").json()["roles"] == ["manager"] and pat["roles"] == ["member"]
    own = member.post("/api/v1/assessments", json=answers(3)).json()
    assert manager.get(f"/api/v1/assessments/{own['id']}").status_code == 404  # private
    assert admin.get(f"/api/v1/assessments/{own['id']}").status_code == 404  # admins neither, by default
    assert member.post(f"/api/v1/assessments/{own['id']}/share").status_code == 204
    assert manager.get(f"/api/v1/assessments/{own['id']}").json()["shared"] is True
    review = manager.post(f"/api/v1/people/{pat['id']}/reviews", json=answers(2, "partly"))
    assert review.status_code == 201
    review_id = review.json()["id"]
    assert member.get(f"/api/v1/assessments/{review_id}").status_code == 404  # not released yet
    assert member.post(f"/api/v1/people/{mia['id']}/reviews", json=answers(3)).status_code == 404  # not above Mia
    page = manager.get(f"/assessments/{review_id}")
    assert "Release to Pat" in page.text
    assert manager.post(f"/assessments/{review_id}/release", follow_redirects=False).status_code == 303
    assert member.get(f"/api/v1/assessments/{review_id}").json()["released"] is True
    side = member.get(f"/people/{pat['id']}/compare")
    assert side.status_code == 200 and "<mark>-1</mark>" in side.text and "partly" in side.text
    assert member.get(f"/people/{pat['id']}/compare.pdf").content.startswith(b"%PDF")
    assert manager.get(f"/people/{mia['id']}/compare").status_code == 200
    assert member.get(f"/people/{mia['id']}").status_code == 404  # a member does not look up at their manager


def test_a_review_in_progress_and_ones_own_assessment_keep_their_own_drafts(team):
    """A manager part-way through their own assessment who starts a review of a report finds both where
    they left them; a stale step (a second tab) says so instead of dropping the answer unseen; only the
    Start over form (a POST) throws a draft away."""
    _, manager, _, _, pat = team
    assert manager.post("/assess", data={"step": "0", "name": "Mia", "current_level": "senior-pm"}).status_code == 200
    review = manager.get("/assess", params={"about": pat["id"]})
    assert "Review Pat" in review.text and "Their name" in review.text and "Step 1 of" in review.text
    manager.post("/assess", data={"step": "0", "name": "Pat", "current_level": "pm", "about": pat["id"]})
    assert "Step 2 of" in manager.get("/assess").text  # their own draft was kept
    assert "Step 2 of" in manager.get("/assess", params={"about": pat["id"]}).text
    stale = manager.post("/assess", data={"step": "0", "name": "Other", "about": pat["id"]})
    assert stale.status_code == 200 and "already answered" in stale.text and "Step 2 of" in stale.text
    assert "Step 2 of" in manager.get("/assess", params={"restart": "1"}).text  # a GET changes nothing
    done = manager.post("/assess/restart", data={"about": pat["id"]}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/assess?about={pat['id']}"
    assert "Step 1 of" in manager.get("/assess", params={"about": pat["id"]}).text
    assert "Step 2 of" in manager.get("/assess").text
    stranger = manager.post("/assess/restart", data={"about": "someone-else"})
    assert stranger.status_code == 404
    # a review's last step sent again after it was stored goes back to the person, not to one's own draft
    manager.post("/assess/restart", data={"about": pat["id"]}, follow_redirects=False)  # as if stored
    resent = manager.post("/assess", data={"step": "12", "about": pat["id"]}, follow_redirects=False)
    assert resent.status_code == 303 and resent.headers["location"] == f"/people/{pat['id']}"
    assert "Step 2 of" in manager.get("/assess").text  # their own draft untouched


def test_a_review_draft_from_before_reviews_had_their_own_moves_to_its_place(team):
    """A draft kept under the person with the report it is about (the old way) is not shown as their own."""
    _, manager, _, mia, pat = team
    st = manager.app.state.pmpath
    st.store.save_draft(mia["id"], {"answers": {"assessor": "manager", "name": "Pat"}, "step": 1, "about": pat["id"]})
    own = manager.get("/assess")
    assert "Assess yourself" in own.text and "Step 1 of" in own.text
    review = manager.get("/assess", params={"about": pat["id"]})
    assert "Review Pat" in review.text and "Step 2 of" in review.text


def test_only_admins_are_offered_the_framework_upload(team):
    """A member's Frameworks page lists the stored ladders without a form whose every send is refused."""
    admin, _, member, _, _ = team
    assert 'action="/frameworks"' in admin.get("/frameworks").text
    page = member.get("/frameworks")
    assert page.status_code == 200 and 'action="/frameworks"' not in page.text and "admins upload" in page.text


def test_calibration_dashboard_and_exports(team):
    admin, manager, member, mia, _ = team
    own = member.post("/api/v1/assessments", json=answers(3)).json()
    member.post(f"/api/v1/assessments/{own['id']}/share")
    rows = manager.get("/api/v1/team/calibration").json()
    assert [r["name"] for r in rows] == ["Pat"]
    pat_row = rows[0]
    assert pat_row["title_level"] == "senior-pm" and pat_row["self_placement"] == "pm"
    assert "title-above-placement" in pat_row["flags"] and "ready-for-promotion" in pat_row["flags"]
    page = manager.get("/team/calibration", params={"flag": "ready-for-promotion", "sort": "readiness"})
    assert page.status_code == 200 and "Ready for promotion" in page.text and "Pat" in page.text
    assert "Pat" not in manager.get("/team/calibration", params={"flag": "no-progress"}).text.split("<tbody>")[1]
    csv_text = manager.get("/team/calibration.csv").text
    assert csv_text.splitlines()[0].startswith("person_id,name") and "title-above-placement" in csv_text
    board = manager.get("/team/dashboard")
    assert board.status_code == 200
    for label in ("Level pyramid", "Readiness heatmap for", "Span of control"):
        assert label in board.text
    tables = manager.get("/api/v1/team/dashboard").json()
    pyramid = {row["level"]: row for row in tables["pyramid"]}
    assert pyramid["senior-pm"]["by_title"] == 2 and pyramid["pm"]["by_placement"] == 1
    assert tables["span_of_control"] == [{"manager_id": mia["id"], "direct": 1, "total": 1, "manager": "Mia"}]
    pats = [row for row in tables["heatmap"] if row["person"] == "Pat"]  # her shared self-assessment's statuses
    assert [r["criterion"] for r in pats] == [c.id for c in FW.level("pm").readiness.criteria]
    assert {r["status"] for r in pats} == {"met"} and {r["next_level"] for r in pats} == {"senior-pm"}
    assert "Pat" in manager.get("/team/dashboard.csv", params={"table": "heatmap"}).text
    whole = admin.get("/api/v1/team/calibration").json()  # an admin outside the tree sees everyone
    assert {r["name"] for r in whole} == {"Mia", "Pat"}
    by_name = {r["name"]: r["manager_id"] for r in whole}  # no manager reads as none, as in /people
    assert by_name == {"Mia": None, "Pat": mia["id"]}
    assert member.get("/api/v1/team/calibration").json() == []
    assert member.get("/team/dashboard", params={"root": mia["id"]}).status_code == 404


def test_cycles_promotion_audit_and_data(team):
    admin, manager, member, _, pat = team
    assert (
        admin.post("/cycles", data={"name": "H1", "deadline": "2027-01-31"}, follow_redirects=False).status_code == 303
    )
    cycles = member.get("/api/v1/cycles").json()
    assert cycles[0]["name"] == "H1" and cycles[0]["open_for_me"] == [
        {"kind": "self", "subject_id": pat["id"], "owner_id": pat["id"], "state": "open"}
    ]
    own = member.post("/api/v1/assessments", json=answers(3)).json()
    assert own["cycle_id"] == cycles[0]["id"]
    member.post(f"/api/v1/assessments/{own['id']}/share")
    assert member.get("/api/v1/cycles").json()[0]["open_for_me"] == []
    assert "Review of Pat" in manager.get("/cycles").text
    case = manager.post(f"/people/{pat['id']}/promotion", data={"notes": "Led the launch"}, follow_redirects=False)
    case_url = case.headers["location"]
    assert "Led the launch" in manager.get(case_url).text
    # the admin who decides the case finds it on the person's page, as GET /people/{id}/promotions lists it
    listed = admin.get(f"/api/v1/people/{pat['id']}/promotions").json()
    assert [f"/promotions/{c['id']}" for c in listed] == [case_url]
    admin_page = admin.get(f"/people/{pat['id']}").text
    assert (
        f'href="{case_url}"' in admin_page and "Propose for promotion" not in admin_page
    )  # admins decide, not propose
    assert f'href="{case_url}"' not in member.get(f"/people/{pat['id']}").text  # a person's own page lists none
    assert manager.get(f"{case_url}.pdf").content.startswith(b"%PDF")
    assert member.get(case_url).status_code == 404
    assert manager.post(f"{case_url}/decision", data={"status": "approved"}).status_code == 403
    admin.post(f"{case_url}/decision", data={"status": "approved"})
    assert "approved" in admin.get(case_url).text
    audit = admin.get("/audit").text
    for action in (
        "invitation.created",
        "cycle.opened",
        "assessment.shared",
        "promotion.proposed",
        "promotion.approved",
    ):
        assert action in audit
    assert member.get("/audit").status_code == 403
    mine = member.get("/me/export.json").json()
    assert mine["person"]["email"] == "pat@acme.example" and mine["assessments"][0]["id"] == own["id"]
    assert admin.post(f"/team/{pat['id']}/delete", data={"mode": "remove"}, follow_redirects=False).status_code == 303
    assert member.get("/api/v1/me").status_code == 401
    assert "person.deleted" in admin.get("/audit").text


def queries_per_page(client) -> dict[str, int]:
    """How many SQL statements each team page runs, counted at the engine."""
    engine = client.app.state.pmpath.store.engine
    counts = {}
    for path in ("/team/calibration", "/team/dashboard", "/api/v1/team/calibration", "/api/v1/team/dashboard"):
        seen: list[str] = []

        def count(*args, seen=seen) -> None:
            seen.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts[path] = len(seen)
    return counts


def test_team_pages_take_the_same_queries_at_any_size(client):
    """No N+1: the dashboard and calibration read as many queries for 3 people as for 30."""
    from pmpath.assess import assess, parse_answers_data
    from pmpath.teams import NewPerson

    st = client.app.state.pmpath
    admin = st.accounts.person_by_email(ADMIN_EMAIL)
    given = parse_answers_data({**answers(3), "assessor": "manager"}, FW)
    result = assess(FW, given)

    def grow(start: int, end: int) -> None:
        new = [
            NewPerson(f"p{i}@acme.example", f"P{i}", title_level="pm", manager_email=ADMIN_EMAIL)
            for i in range(start, end)
        ]
        for p in st.accounts.add_people(admin.org_id, new, admin.id):
            for _ in range(2):
                st.store.add_assessment(given, result, org_id=admin.org_id, subject_id=p.id, author_id=admin.id)

    grow(0, 3)
    small = queries_per_page(client)
    grow(3, 30)
    large = queries_per_page(client)
    assert large == small, (small, large)
    assert "P29" in client.get("/team/calibration").text


def test_csv_exports_keep_a_formula_as_text():
    """A person named '=HYPERLINK(...)' must not become a live formula in the admin's spreadsheet."""
    from pmpath.web.team_ops import as_csv

    text = as_csv([{"name": '=HYPERLINK("http://x.example","y")', "flags": ["ready", "-x"], "level": "pm", "n": -1}])
    row = text.splitlines()[1]
    assert row.startswith("\"'=HYPERLINK(") and ",ready;-x,pm,-1" in row
