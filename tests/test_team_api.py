"""What the team pages do, through the JSON API on SQLite and PostgreSQL: invite, import a roster, set a
manager, deactivate, delete, attach, promotion cases, the audit log, an admin's export and cycle progress,
with errors as 4xx JSON naming the field, and tokens carrying their owner's rights and no more."""

from __future__ import annotations

import contextlib
import csv
import re

import pytest
from fastapi.testclient import TestClient

from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, log_in, make_admin
from pmpath.assess import assess
from pmpath.assess.answers import parse_answers_data
from pmpath.framework import builtin_framework
from pmpath.store import NotFound
from test_team_web import accept as accept_token
from test_team_web import answers

FW = builtin_framework()


def accept(app, link: str, email: str) -> TestClient:
    """Accept an invitation link as its person does in the browser (once), then log in."""
    return accept_token(app, link.rsplit("/invitations/", 1)[1], email)


def invite(admin: TestClient, email: str, name: str, **more) -> dict:
    made = admin.post("/api/v1/people", json={"email": email, "name": name, **more})
    assert made.status_code == 201, made.text
    return made.json()


def people(admin: TestClient) -> dict[str, dict]:
    return {p["email"]: p for p in admin.get("/api/v1/people").json()}


def test_invite_returns_the_link_once_and_names_the_field_at_fault(client):
    made = invite(client, "Mia@Acme.example", "Mia", title_level="senior-pm")
    assert made["person"]["email"] == "mia@acme.example" and made["person"]["title_level"] == "senior-pm"
    assert made["person"]["roles"] == ["member"] and made["person"]["active"] is True
    assert made["mail"] == {"attempted": False, "sent": False, "problem": None}  # no SMTP set: only shown
    assert re.fullmatch(r"http://testserver/invitations/[A-Za-z0-9_\-]{20,}", made["link"])
    pat = invite(client, "pat@acme.example", "Pat", manager_id=made["person"]["id"])
    assert pat["person"]["manager_id"] == made["person"]["id"]
    assert "link" not in str(client.get("/api/v1/people").json())  # listed people never carry a link again
    member = accept(client.app, pat["link"], "pat@acme.example")
    assert member.get("/api/v1/me").json()["id"] == pat["person"]["id"]
    for body, field in (
        ({"email": "not-an-address"}, "email"),
        ({"email": "pat@acme.example"}, "email"),  # already has an account
        ({"email": "x@acme.example", "title_level": "wizard"}, "title_level"),
        ({"email": "x@acme.example", "manager_id": "nobody"}, "manager_id"),
        ({"email": "x@acme.example", "name": "a\x00b"}, "name"),
        ({"email": "x@acme.example", "role": "admin"}, "role"),  # no such field: refused, not ignored
    ):
        refused = client.post("/api/v1/people", json=body)
        assert refused.status_code == 422, (body, refused.text)
        assert refused.json()["field"] == field and refused.json()["error"].startswith(f"{field}:"), refused.json()
    assert "x@acme.example" not in people(client)
    assert member.post("/api/v1/people", json={"email": "y@acme.example"}).status_code == 403


@contextlib.contextmanager
def csv_field_limit(size: int):
    before = csv.field_size_limit(size)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def test_import_adds_everyone_or_names_every_bad_row(client):
    roster = (
        "name,email,title,level,manager_email,years_experience\n"
        "Dee,dee@acme.example,Director,director,,12\n"
        "Sam,sam@acme.example,PM,pm,dee@acme.example,4\n"
    )
    done = client.post("/api/v1/roster-imports", json={"csv": roster, "filename": "team.csv"})
    assert done.status_code == 201, done.text
    invited = {i["person"]["email"]: i for i in done.json()["invitations"]}
    assert set(invited) == {"dee@acme.example", "sam@acme.example"}
    assert invited["sam@acme.example"]["person"]["manager_id"] == invited["dee@acme.example"]["person"]["id"]
    accept(client.app, invited["sam@acme.example"]["link"], "sam@acme.example")
    before = people(client)
    bad = (
        "name,email,level,manager_email,years_experience\n"
        "Ok,ok@acme.example,pm,,1\n"
        "Twice,sam@acme.example,pm,,1\n"
        "Odd,odd@acme.example,wizard,boss@nowhere.example,many\n"
    )
    refused = client.post("/api/v1/roster-imports", json={"csv": bad, "filename": "team.csv"})
    assert refused.status_code == 422
    problems = {(p["line"], p["field"]) for p in refused.json()["problems"]}
    assert problems == {(3, "email"), (4, "level"), (4, "manager_email"), (4, "years_experience")}
    assert people(client) == before  # nothing half-imported: 'ok' on line 2 is not there either
    with csv_field_limit(10_000_000):  # the csv module's limit is process-wide; set here, not assumed
        long = client.post("/api/v1/roster-imports", json={"csv": "email\n" + "a" * 200_000 + "\n"})
    assert long.status_code == 422 and long.json()["problems"][0]["field"] == "email"
    assert len(long.json()["error"]) < 200  # named, not echoed back whole
    with csv_field_limit(1000):  # a field over the limit: the csv module cannot read the file
        unreadable = client.post("/api/v1/roster-imports", json={"csv": "email\n" + "a" * 2000 + "\n"})
    assert unreadable.status_code == 422 and "not readable as CSV" in unreadable.json()["error"]
    header = client.post("/api/v1/roster-imports", json={"csv": "mail\nx@acme.example\n"})
    assert header.status_code == 422 and header.json()["problems"][0] == {
        "field": "header",
        "message": "missing column(s): email",
        "line": 1,
    }


def test_manager_deactivate_delete_and_attach(client):
    st = client.app.state.pmpath
    mia = invite(client, "mia@acme.example", "Mia")
    pat = invite(client, "pat@acme.example", "Pat")
    mia_id, pat_id = mia["person"]["id"], pat["person"]["id"]
    moved = client.put(f"/api/v1/people/{pat_id}/manager", json={"manager_id": mia_id})
    assert moved.status_code == 200 and moved.json()["manager_id"] == mia_id
    assert people(client)["mia@acme.example"]["roles"] == ["manager"]
    loop = client.put(f"/api/v1/people/{mia_id}/manager", json={"manager_id": pat_id})
    assert loop.status_code == 422 and loop.json()["field"] == "manager_id"
    nobody = client.put(f"/api/v1/people/{pat_id}/manager", json={"manager_id": "nobody"})
    assert nobody.status_code == 422 and nobody.json()["field"] == "manager_id"
    assert client.put("/api/v1/people/nobody/manager", json={"manager_id": None}).status_code == 404
    assert client.put(f"/api/v1/people/{pat_id}/manager", json={"manager_id": None}).json()["manager_id"] is None

    member = accept(client.app, pat["link"], "pat@acme.example")
    own = member.post("/api/v1/assessments", json=answers(3)).json()
    private = member.post("/api/v1/assessments", json=answers(2)).json()
    assert member.post(f"/api/v1/assessments/{own['id']}/share").status_code == 204
    off = client.post(f"/api/v1/people/{pat_id}/deactivate")
    assert off.status_code == 200 and off.json()["active"] is False
    assert member.get("/api/v1/me").status_code == 401  # the session ended with the account
    me = st.accounts.person_by_email(ADMIN_EMAIL)
    self_off = client.post(f"/api/v1/people/{me.id}/deactivate")
    assert self_off.status_code == 422 and self_off.json()["field"] == "person_id"

    missing = client.delete(f"/api/v1/people/{pat_id}")
    assert missing.status_code == 422 and missing.json()["field"] == "query.assessments"  # the admin must choose
    assert client.delete(f"/api/v1/people/{pat_id}", params={"assessments": "anonymize"}).status_code == 204
    assert "pat@acme.example" not in people(client)
    kept = st.store.assessment(own["id"])
    assert kept.subject_id is None and kept.name == "(deleted person)"  # kept, without their name
    with pytest.raises(NotFound):  # never shared: it goes with its person
        st.store.assessment(private["id"])
    # a deleted person's work is not work from before teams: nobody may be handed it as their own
    refused = client.post(f"/api/v1/assessments/{own['id']}/attach", json={"person_id": mia_id})
    assert refused.status_code == 404 and st.store.assessment(own["id"]).subject_id is None
    given = parse_answers_data(answers(3), FW)
    old = st.store.add_assessment(given, assess(FW, given), org_id=me.org_id)  # kept from before teams
    attached = client.post(f"/api/v1/assessments/{old.id}/attach", json={"person_id": mia_id})
    assert attached.status_code == 204 and st.store.assessment(old.id).subject_id == mia_id
    again = client.post(f"/api/v1/assessments/{old.id}/attach", json={"person_id": mia_id})
    assert again.status_code == 404  # no longer unassigned
    assert client.delete(f"/api/v1/people/{mia_id}", params={"assessments": "remove"}).status_code == 204
    with pytest.raises(NotFound):  # removed with the person it was attached to
        st.store.assessment(old.id)
    actions = [e["action"] for e in client.get("/api/v1/audit").json()]
    for action in ("person.manager", "person.deactivated", "person.deleted", "assessment.attached"):
        assert action in actions
    assert client.delete(f"/api/v1/people/{me.id}", params={"assessments": "remove"}).status_code == 422


def test_promotion_case_audit_and_export(client, db_url):
    mia = invite(client, "mia@acme.example", "Mia", title_level="senior-pm")
    pat = invite(client, "pat@acme.example", "Pat", title_level="pm", manager_id=mia["person"]["id"])
    manager = accept(client.app, mia["link"], "mia@acme.example")
    member = accept(client.app, pat["link"], "pat@acme.example")
    pat_id = pat["person"]["id"]
    review = manager.post(f"/api/v1/people/{pat_id}/reviews", json=answers(4)).json()
    assert member.post(f"/api/v1/people/{pat_id}/promotions", json={"notes": "x"}).status_code == 404
    made = manager.post(f"/api/v1/people/{pat_id}/promotions", json={"notes": "Led the launch"})
    assert made.status_code == 201, made.text
    case = made.json()
    assert case["status"] == "proposed" and case["subject"] == "Pat" and case["notes"] == "Led the launch"
    assert case["basis"] == "manager" and case["assessment_id"] == review["id"]
    assert case["criteria"] and {c["status"] for c in case["criteria"]} == {"met"}
    assert case["experience"]["years"] == 9 and case["next_level"] == "senior-pm"
    assert manager.get(f"/api/v1/promotions/{case['id']}").json() == case
    listed = manager.get(f"/api/v1/people/{pat_id}/promotions").json()
    assert [(c["id"], c["status"], c["proposer_id"]) for c in listed] == [(case["id"], "proposed", mia["person"]["id"])]
    assert member.get(f"/api/v1/people/{pat_id}/promotions").json() == []  # the person's own list, as on their page
    assert member.get(f"/api/v1/people/{mia['person']['id']}/promotions").status_code == 404  # not in view
    assert member.get(f"/api/v1/promotions/{case['id']}").status_code == 404  # not about to read their own case
    pdf = manager.get(f"/api/v1/promotions/{case['id']}/pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert manager.post(f"/api/v1/promotions/{case['id']}/decision", json={"status": "approved"}).status_code == 403
    decided = client.post(f"/api/v1/promotions/{case['id']}/decision", json={"status": "approved"})
    assert decided.status_code == 200 and decided.json()["status"] == "approved" and decided.json()["decided_at"]
    twice = client.post(f"/api/v1/promotions/{case['id']}/decision", json={"status": "declined"})
    assert twice.status_code == 422 and twice.json()["field"] == "status"
    wrong = client.post(f"/api/v1/promotions/{case['id']}/decision", json={"status": "maybe"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "status"
    entries = client.get("/api/v1/audit", params={"limit": 3}).json()
    assert len(entries) == 3 and entries[0]["action"] == "promotion.approved" and entries[0]["target"] == case["id"]
    assert client.get("/api/v1/audit", params={"limit": 0}).json()["field"] == "query.limit"
    data = client.get(f"/api/v1/people/{pat_id}/export").json()
    assert data["person"]["email"] == "pat@acme.example"
    assert [p["status"] for p in data["promotions"]] == ["approved"]
    assert [a["id"] for a in data["assessments"]] == [review["id"]]
    assert member.get(f"/api/v1/people/{pat_id}/export").status_code == 403  # the own export is /api/v1/me/export

    make_admin(db_url, "admin@globex.example", "Globex")  # an admin of another organization finds nothing
    other = log_in(TestClient(client.app), "admin@globex.example", ADMIN_PASSWORD)
    assert other.get(f"/api/v1/promotions/{case['id']}").status_code == 404
    assert other.get(f"/api/v1/people/{pat_id}/export").status_code == 404
    assert other.get(f"/api/v1/people/{pat_id}/promotions").status_code == 404
    assert other.put(f"/api/v1/people/{pat_id}/manager", json={"manager_id": None}).status_code == 404
    assert all(e["target"] != case["id"] for e in other.get("/api/v1/audit").json())


def test_a_token_carries_its_owners_rights_and_no_more(client):
    st = client.app.state.pmpath
    admin = st.accounts.person_by_email(ADMIN_EMAIL)
    _, secret = st.accounts.create_token(admin, "script")
    script = TestClient(client.app, headers={"Authorization": f"Bearer {secret}"})
    made = script.post("/api/v1/people", json={"email": "pat@acme.example", "name": "Pat"})
    assert made.status_code == 201  # an admin's token invites, as the admin can
    assert script.get("/api/v1/audit").json()[0]["actor_id"] == admin.id
    member = accept(client.app, made.json()["link"], "pat@acme.example")
    pat = st.accounts.person_by_email("pat@acme.example")
    _, mine = st.accounts.create_token(pat, "mine")
    as_pat = TestClient(client.app, headers={"Authorization": f"Bearer {mine}"})
    assert as_pat.get("/api/v1/me").json()["email"] == "pat@acme.example"
    for method, path, body in (
        ("POST", "/api/v1/people", {"email": "q@acme.example"}),
        ("POST", "/api/v1/roster-imports", {"csv": "email\nq@acme.example\n"}),
        ("POST", f"/api/v1/people/{pat.id}/deactivate", None),
        ("GET", "/api/v1/audit", None),
        ("GET", f"/api/v1/people/{pat.id}/export", None),
    ):
        assert as_pat.request(method, path, json=body).status_code == 403, path
    client.post(f"/api/v1/people/{pat.id}/deactivate")
    assert as_pat.get("/api/v1/me").status_code == 401  # deactivation revokes the token
    assert member.get("/api/v1/me").status_code == 401


def test_cycles_show_what_is_open_for_the_callers_team(client):
    mia = invite(client, "mia@acme.example", "Mia")
    pat = invite(client, "pat@acme.example", "Pat", manager_id=mia["person"]["id"])
    manager = accept(client.app, mia["link"], "mia@acme.example")
    member = accept(client.app, pat["link"], "pat@acme.example")
    assert client.post("/api/v1/cycles", json={"name": "H1", "team_root_id": "nobody"}).json()["field"] == (
        "team_root_id"
    )
    epoch = client.post("/api/v1/cycles", json={"name": "H1", "deadline": 0})  # not read as 1970-01-01
    assert epoch.status_code == 422 and epoch.json()["field"] == "deadline"
    assert client.post("/api/v1/cycles", json={"name": "H1", "team_root_id": mia["person"]["id"]}).status_code == 201
    pat_id, mia_id = pat["person"]["id"], mia["person"]["id"]
    (cycle,) = manager.get("/api/v1/cycles").json()
    assert cycle["open_for_me"] == [
        {"kind": "self", "subject_id": mia_id, "owner_id": mia_id, "state": "open"},
        {"kind": "manager", "subject_id": pat_id, "owner_id": mia_id, "state": "open"},
    ]
    assert cycle["open_for_my_team"] == [{"kind": "self", "subject_id": pat_id, "owner_id": pat_id, "state": "open"}]
    own = member.post("/api/v1/assessments", json=answers(3)).json()
    assert manager.get("/api/v1/cycles").json()[0]["open_for_my_team"][0]["state"] == "private"
    member.post(f"/api/v1/assessments/{own['id']}/share")
    assert manager.get("/api/v1/cycles").json()[0]["open_for_my_team"] == []
    assert "Still open in your team" not in manager.get("/cycles").text
    assert member.get("/api/v1/cycles").json()[0]["open_for_my_team"] == []


def test_the_team_page_imports_the_same_way(client):
    """The page's form (a file, or pasted text) goes through the API's import: links shown, or every problem."""
    roster = (
        "name,email,level,manager_email\nDee,dee@acme.example,director,\nSam,sam@acme.example,pm,dee@acme.example\n"
    )
    page = client.post("/team/import", files={"file": ("team.csv", roster.encode(), "text/csv")})
    assert page.status_code == 200 and "2 people imported" in page.text
    links = re.findall(r"<code>(http://testserver/invitations/[^<]+)</code>", page.text)
    assert len(links) == 2
    accept(client.app, links[1], "sam@acme.example")
    assert people(client)["sam@acme.example"]["manager_id"] == people(client)["dee@acme.example"]["id"]
    bad = client.post("/team/import", data={"text": "email,level\nnew@acme.example,pm\nsam@acme.example,wizard\n"})
    assert bad.status_code == 422 and "Nothing was imported" in bad.text
    problems = re.findall(r"<li>([^<]+)</li>", bad.text.split('id="import-problems"')[1])
    assert problems == [
        "pasted.csv:3: email: sam@acme.example already has an account",
        "pasted.csv:3: level: unknown level &#39;wizard&#39;; known: " + ", ".join(FW.level_ids),
    ]
    assert "new@acme.example" not in people(client)
    latin = client.post("/team/import", files={"file": ("old.csv", "email\nzoë@acme.example\n".encode("latin-1"))})
    assert latin.status_code == 422 and "old.csv: not UTF-8 text" in latin.text
