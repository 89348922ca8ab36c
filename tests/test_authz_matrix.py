"""The authorization matrix, generated from the app's route table: every route and method x every kind of
caller x every state of the resource -> the expected status. A route without a rule here fails the test.

A leak is a caller who should be refused getting a success; the test prints the count of cases and leaks."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from starlette.routing import Mount

from conftest import ADMIN_PASSWORD, log_in
from pmpath.assess import assess, parse_answers
from pmpath.framework import builtin_framework
from pmpath.store.credentials import hash_password
from pmpath.store.models import AssessmentRow
from pmpath.teams import NewPerson
from pmpath.web import create_app

FW = builtin_framework()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "assessments" / "apm-ready.yaml"
CALLERS = (
    "anonymous",
    "owner",
    "peer",
    "manager",
    "managers_manager",
    "other_manager",
    "admin",
    "other_admin",
    "token",
)
STATES = ("private", "shared", "released")
SEES_PERSON = {"owner", "token", "manager", "managers_manager", "admin"}  # the owner, above them, or an admin
ABOVE = {"manager", "managers_manager"}


@dataclass(frozen=True)
class Rule:
    """Who may use a route: `allowed(caller, state)`; refusals answer `deny` (404: nothing to see; 403: a role)."""

    allowed: Callable[[str, str], bool]
    deny: int = 404
    params: dict[str, str] = field(default_factory=dict)  # path parameter -> which resource fills it
    body: Callable[[], dict] | None = None
    form: Callable[[], dict] | None = None
    query: dict[str, str] = field(default_factory=dict)
    ok: frozenset[int] = frozenset({200, 201, 204, 303})


def anyone(caller: str, state: str) -> bool:
    return True


def public(caller: str, state: str) -> bool:
    return True


def admins(caller: str, state: str) -> bool:
    return caller == "admin"


def sees_self_assessment(caller: str, state: str) -> bool:
    """Private to its author until shared; then their managers and the admins."""
    return caller in ("owner", "token") or (state != "private" and caller in {"manager", "managers_manager", "admin"})


def sees_review(caller: str, state: str) -> bool:
    """Its author and the managers above the person; the person once released; admins."""
    return caller in {"manager", "managers_manager", "admin"} or (state == "released" and caller in ("owner", "token"))


def sees_person(caller: str, state: str) -> bool:
    return caller in SEES_PERSON


def compares(caller: str, state: str) -> bool:
    return sees_self_assessment(caller, state) and sees_review(caller, state)


def author_of_self(caller: str, state: str) -> bool:
    return caller in ("owner", "token")


def author_of_review(caller: str, state: str) -> bool:
    return caller == "manager"


def reviewers(caller: str, state: str) -> bool:
    return caller in ABOVE


def case_readers(caller: str, state: str) -> bool:
    return caller in {"admin", "manager", "managers_manager"}


def owner_only(caller: str, state: str) -> bool:
    return caller in ("owner", "token")


ANSWERS = {"name": "X", "current_level": "apm", "ratings": dict.fromkeys([c.id for c in FW.competencies], 3)}
POSTING = {"title": "Product Manager", "text": "Own the roadmap."}
FRAMEWORK_TEXT = "id: broken\n"  # refused with 422 by whoever may upload: nothing stored
ADMIN_ONLY = {"deny": 403}
EMAILS = {
    "owner": "owner@acme.example",
    "peer": "peer@acme.example",
    "manager": "manager@acme.example",
    "managers_manager": "boss@acme.example",
    "other_manager": "other_manager@acme.example",
    "admin": "admin@acme.example",
    "other_admin": "admin@globex.example",
}

RULES: dict[tuple[str, str], Rule] = {
    # the ladder, levels, planner and leveler: any logged-in person
    ("GET", "/"): Rule(anyone),
    ("GET", "/levels/{level_id}"): Rule(anyone, params={"level_id": "level"}),
    ("GET", "/compare"): Rule(anyone),
    ("GET", "/plan"): Rule(anyone),
    ("GET", "/leveler"): Rule(anyone),
    ("POST", "/leveler"): Rule(anyone, form=lambda: {"text": "Own the roadmap.", "title": "PM"}),
    ("GET", "/assess"): Rule(anyone),
    ("POST", "/assess"): Rule(anyone, form=lambda: {"action": "back"}),
    ("POST", "/assess/restart"): Rule(anyone),  # one's own draft; a review's is checked in test_team_web
    ("GET", "/assessments"): Rule(anyone),
    ("GET", "/frameworks"): Rule(anyone),
    ("POST", "/frameworks"): Rule(admins, form=lambda: {"text": FRAMEWORK_TEXT}, ok=frozenset({422}), **ADMIN_ONLY),
    ("GET", "/openapi.json"): Rule(anyone),
    ("GET", "/docs"): Rule(anyone),
    ("GET", "/api/v1/health"): Rule(public),
    ("GET", "/api/v1/frameworks"): Rule(anyone),
    ("GET", "/api/v1/frameworks/{framework_id}"): Rule(anyone, params={"framework_id": "framework"}),
    ("POST", "/api/v1/frameworks"): Rule(
        admins, body=lambda: {"text": FRAMEWORK_TEXT}, ok=frozenset({422}), **ADMIN_ONLY
    ),
    ("GET", "/api/v1/levels"): Rule(anyone),
    ("GET", "/api/v1/levels/{level_id}"): Rule(anyone, params={"level_id": "level"}),
    ("POST", "/api/v1/assessments"): Rule(anyone, body=lambda: dict(ANSWERS)),
    ("GET", "/api/v1/assessments"): Rule(anyone),
    ("POST", "/api/v1/postings/level"): Rule(anyone, body=lambda: dict(POSTING)),
    ("POST", "/api/v1/postings/level-batch"): Rule(anyone, body=lambda: {"postings": [POSTING]}),
    ("POST", "/api/v1/plans"): Rule(anyone, body=lambda: {"level": "pm", "years": 3, "target": "senior-pm"}),
    # one assessment: who sees the self-assessment, who acts on it
    ("GET", "/assessments/{assessment_id}"): Rule(sees_self_assessment, params={"assessment_id": "self"}),
    ("GET", "/assessments/{assessment_id}.{extension}"): Rule(
        sees_self_assessment, params={"assessment_id": "self", "extension": "json"}
    ),
    ("GET", "/api/v1/assessments/{assessment_id}"): Rule(sees_self_assessment, params={"assessment_id": "self"}),
    ("DELETE", "/api/v1/assessments/{assessment_id}"): Rule(author_of_self, params={"assessment_id": "self"}),
    ("POST", "/assessments/{assessment_id}/share"): Rule(author_of_self, params={"assessment_id": "self"}),
    ("POST", "/api/v1/assessments/{assessment_id}/share"): Rule(author_of_self, params={"assessment_id": "self"}),
    ("POST", "/assessments/{assessment_id}/release"): Rule(author_of_review, params={"assessment_id": "review"}),
    ("POST", "/assessments/{assessment_id}/attach"): Rule(
        admins, params={"assessment_id": "unassigned"}, form=lambda: {"person_id": "owner"}, **ADMIN_ONLY
    ),
    ("POST", "/api/v1/assessments/{assessment_id}/release"): Rule(author_of_review, params={"assessment_id": "review"}),
    # people
    ("GET", "/team"): Rule(anyone),
    ("POST", "/team/invite"): Rule(
        admins, form=lambda: {"email": f"n{secrets.token_hex(4)}@acme.example"}, **ADMIN_ONLY
    ),
    ("POST", "/team/import"): Rule(
        admins, form=lambda: {"text": f"email\nr{secrets.token_hex(4)}@acme.example\n"}, **ADMIN_ONLY
    ),
    ("POST", "/team/{person_id}/manager"): Rule(admins, params={"person_id": "victim"}, form=lambda: {}, **ADMIN_ONLY),
    ("POST", "/team/{person_id}/deactivate"): Rule(admins, params={"person_id": "victim"}, **ADMIN_ONLY),
    ("POST", "/team/{person_id}/delete"): Rule(
        admins, params={"person_id": "victim"}, form=lambda: {"mode": "anonymize"}, **ADMIN_ONLY
    ),
    ("GET", "/people/{person_id}/export.json"): Rule(admins, params={"person_id": "owner"}, **ADMIN_ONLY),
    ("GET", "/people/{person_id}"): Rule(sees_person, params={"person_id": "owner"}),
    ("GET", "/people/{person_id}/compare"): Rule(sees_person, params={"person_id": "owner"}),
    ("GET", "/people/{person_id}/compare.{extension}"): Rule(
        compares, params={"person_id": "owner", "extension": "md"}
    ),
    ("GET", "/api/v1/people/{person_id}/compare"): Rule(sees_person, params={"person_id": "owner"}),
    ("POST", "/people/{person_id}/promotion"): Rule(
        reviewers, params={"person_id": "owner"}, form=lambda: {"notes": "n"}
    ),
    ("POST", "/api/v1/people/{person_id}/reviews"): Rule(
        reviewers, params={"person_id": "owner"}, body=lambda: dict(ANSWERS)
    ),
    ("GET", "/api/v1/me"): Rule(anyone),
    ("GET", "/api/v1/people"): Rule(anyone),
    ("GET", "/me/export.json"): Rule(anyone),
    ("GET", "/api/v1/me/export"): Rule(anyone),
    # people through the API: what the team page's forms do (an admin elsewhere finds no such person: 404)
    ("POST", "/api/v1/people"): Rule(
        admins, body=lambda: {"email": f"n{secrets.token_hex(4)}@acme.example"}, **ADMIN_ONLY
    ),
    ("POST", "/api/v1/roster-imports"): Rule(
        admins, body=lambda: {"csv": f"email,name\nr{secrets.token_hex(4)}@acme.example,R\n"}, **ADMIN_ONLY
    ),
    ("PUT", "/api/v1/people/{person_id}/manager"): Rule(
        admins, params={"person_id": "victim"}, body=lambda: {"manager_id": "owner"}, **ADMIN_ONLY
    ),
    ("POST", "/api/v1/people/{person_id}/deactivate"): Rule(admins, params={"person_id": "victim"}, **ADMIN_ONLY),
    ("DELETE", "/api/v1/people/{person_id}"): Rule(
        admins, params={"person_id": "victim"}, query={"assessments": "anonymize"}, **ADMIN_ONLY
    ),
    ("GET", "/api/v1/people/{person_id}/export"): Rule(admins, params={"person_id": "owner"}, **ADMIN_ONLY),
    ("POST", "/api/v1/assessments/{assessment_id}/attach"): Rule(
        admins, params={"assessment_id": "unassigned"}, body=lambda: {"person_id": "owner"}, **ADMIN_ONLY
    ),
    ("GET", "/api/v1/audit"): Rule(admins, **ADMIN_ONLY),
    ("POST", "/api/v1/people/{person_id}/promotions"): Rule(
        reviewers, params={"person_id": "owner"}, body=lambda: {"notes": "n"}
    ),
    ("GET", "/api/v1/people/{person_id}/promotions"): Rule(sees_person, params={"person_id": "owner"}),
    ("GET", "/api/v1/promotions/{promotion_id}"): Rule(case_readers, params={"promotion_id": "case"}),
    ("GET", "/api/v1/promotions/{promotion_id}/pdf"): Rule(case_readers, params={"promotion_id": "case"}),
    ("POST", "/api/v1/promotions/{promotion_id}/decision"): Rule(
        admins, params={"promotion_id": "case"}, body=lambda: {"status": "approved"}, **ADMIN_ONLY
    ),
    # cycles
    ("GET", "/cycles"): Rule(anyone),
    ("POST", "/cycles"): Rule(admins, form=lambda: {"name": "Q"}, **ADMIN_ONLY),
    ("GET", "/api/v1/cycles"): Rule(anyone),
    ("POST", "/api/v1/cycles"): Rule(admins, body=lambda: {"name": "Q"}, **ADMIN_ONLY),
    # team views of the owner's subtree
    ("GET", "/team/calibration"): Rule(sees_person, query={"root": "owner"}),
    ("GET", "/team/calibration.{extension}"): Rule(sees_person, params={"extension": "csv"}, query={"root": "owner"}),
    ("GET", "/team/dashboard"): Rule(sees_person, query={"root": "owner"}),
    ("GET", "/team/dashboard.{extension}"): Rule(sees_person, params={"extension": "json"}, query={"root": "owner"}),
    ("GET", "/api/v1/team/calibration"): Rule(sees_person, query={"root": "owner"}),
    ("GET", "/api/v1/team/dashboard"): Rule(sees_person, query={"root": "owner"}),
    # promotion cases about the owner, proposed by their manager
    ("GET", "/promotions/{promotion_id}"): Rule(case_readers, params={"promotion_id": "case"}),
    ("GET", "/promotions/{promotion_id}.pdf"): Rule(case_readers, params={"promotion_id": "case"}),
    ("POST", "/promotions/{promotion_id}/decision"): Rule(
        admins, params={"promotion_id": "case"}, form=lambda: {"status": "declined"}, **ADMIN_ONLY
    ),
    # tokens and the audit log
    ("GET", "/tokens"): Rule(anyone),
    ("POST", "/tokens"): Rule(anyone, form=lambda: {"name": "t"}),
    ("POST", "/tokens/{token_id}/revoke"): Rule(owner_only, params={"token_id": "owner_token"}),
    ("GET", "/audit"): Rule(admins, **ADMIN_ONLY),
    # job descriptions (i13's pages and API): any logged-in person, no stored data
    ("GET", "/jd"): Rule(anyone),
    ("POST", "/jd/lint"): Rule(anyone, form=lambda: {"text": "Product Manager. Own the roadmap."}),
    ("GET", "/jd/draft.{extension}"): Rule(anyone, params={"extension": "md"}, query={"level": "pm"}),
    ("POST", "/api/v1/jd/lint"): Rule(anyone, body=lambda: {"text": "Product Manager. Own the roadmap."}),
    ("GET", "/api/v1/jd/draft"): Rule(anyone, query={"level": "pm"}),
    ("GET", "/favicon.ico"): Rule(public),
    # the public doors: login, logout, invitations (a wrong password, a short one: nothing changes)
    ("GET", "/login"): Rule(public),
    ("POST", "/login"): Rule(
        public,
        form=lambda: {"email": f"x{secrets.token_hex(4)}@nowhere.example", "password": "wrong"},
        ok=frozenset({401}),
    ),
    ("POST", "/logout"): Rule(anyone),
    ("GET", "/invitations/{token}"): Rule(public, params={"token": "invitation"}),
    ("POST", "/invitations/{token}"): Rule(
        public, params={"token": "invitation"}, form=lambda: {"password": "short"}, ok=frozenset({422})
    ),
}


def route_table(app) -> list[tuple[str, str]]:
    """Every (method, path) the app serves, from its routers (included routers walked)."""
    found: list[tuple[str, str]] = []

    def walk(routes) -> None:
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes)
            elif isinstance(route, Mount):
                continue  # /static: public files, checked below
            else:
                found.extend((m, route.path) for m in sorted(route.methods - {"HEAD"}))

    walk(app.router.routes)
    return found


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Acme: admin; boss -> manager -> (owner, peer); other_manager -> olly. Globex: its own admin."""
    url = f"sqlite:///{tmp_path_factory.mktemp('authz') / 'pmpath.sqlite3'}"
    app = create_app(url)
    st = app.state.pmpath
    acme = st.accounts.init_org("Acme", "admin@acme.example", hash_password(ADMIN_PASSWORD))
    globex = st.accounts.init_org("Globex", "admin@globex.example", hash_password(ADMIN_PASSWORD))
    people = st.accounts.add_people(
        acme.org_id,
        [
            NewPerson("boss@acme.example", "Boss", title_level="director"),
            NewPerson("manager@acme.example", "Manager", title_level="senior-pm", manager_email="boss@acme.example"),
            NewPerson("owner@acme.example", "Owner", title_level="apm", manager_email="manager@acme.example"),
            NewPerson("peer@acme.example", "Peer", title_level="apm", manager_email="manager@acme.example"),
            NewPerson("other_manager@acme.example", "Other", title_level="senior-pm"),
            NewPerson("olly@acme.example", "Olly", title_level="pm", manager_email="other_manager@acme.example"),
        ],
        acme.id,
    )
    by_name = {p.email.split("@")[0]: p for p in people}
    for p in people:
        st.accounts.set_password(p.id, hash_password(ADMIN_PASSWORD))
    clients: dict[str, TestClient] = {"anonymous": TestClient(app)}
    clients["anonymous"].get("/login")  # the pre-login CSRF cookie, as a browser would have it
    for kind, email in EMAILS.items():
        clients[kind] = log_in(TestClient(app), email)
    _, secret = st.accounts.create_token(by_name["owner"], "matrix")
    clients["token"] = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    given = parse_answers(EXAMPLE.read_text(), "apm-ready", FW)
    results = {
        kind: (given.model_copy(update={"assessor": kind}), assess(FW, given.model_copy(update={"assessor": kind})))
        for kind in ("self", "manager")
    }
    yield {
        "app": app,
        "st": st,
        "acme": acme,
        "globex": globex,
        "people": by_name,
        "clients": clients,
        "results": results,
    }
    st.store.close()


def resources(world, state: str, needed: set[str]) -> dict[str, str]:
    """Fresh resources in the given state, so no case depends on what an earlier one changed."""
    st, people = world["st"], world["people"]
    owner, manager, acme = people["owner"], people["manager"], world["acme"]
    made = {"owner": owner.id, "level": "pm", "framework": "standard"}
    if needed & {"owner", "self", "review", "case"}:
        # each case starts from the same team with only the owner's self-assessment and their manager's
        # review, in the state asked (written in one transaction: the matrix has thousands of cases)
        own_id, review_id = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        now = dt.datetime.now(dt.UTC)
        rows = []
        for public_id, kind, author, mark in (
            (own_id, "self", owner.id, {"shared_at": now if state != "private" else None}),
            (review_id, "manager", manager.id, {"released_at": now if state == "released" else None}),
        ):
            answers, result = world["results"][kind]
            rows.append(
                {
                    "public_id": public_id,
                    "name": answers.name,
                    "assessor": kind,
                    "framework_id": FW.id,
                    "framework_version": FW.version,
                    "current_level": result.current_level,
                    "placement": result.placement.level,
                    "readiness_score": result.readiness.score,
                    "answers": answers.model_dump(mode="json"),
                    "result": result.model_dump(mode="json"),
                    "org_id": acme.org_id,
                    "subject_id": owner.id,
                    "author_id": author,
                    "ready": False,
                    "experience_ok": False,
                    "criteria": {},
                    "shared_at": None,
                    "released_at": None,
                    **mark,
                }
            )
        with st.store.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM promotions"))
            connection.execute(sa.text("DELETE FROM assessments"))
            connection.execute(sa.insert(AssessmentRow), rows)
        made |= {"self": own_id, "review": review_id}
    if "unassigned" in needed:  # kept from before teams: in the organization, about nobody yet
        answers, result = world["results"]["self"]
        made["unassigned"] = st.store.add_assessment(answers, result, org_id=acme.org_id).id
    if "case" in needed:
        made["case"] = st.reviews.propose(acme.org_id, owner.id, manager.id, "notes").id
    if "victim" in needed:
        (victim,) = st.accounts.add_people(acme.org_id, [NewPerson(f"v{secrets.token_hex(4)}@acme.example")], acme.id)
        made["victim"] = victim.id
    if "owner_token" in needed:
        made["owner_token"] = st.accounts.create_token(owner, "t")[0].id
    if "invitation" in needed:
        _, made["invitation"] = st.accounts.invite(
            acme.org_id, NewPerson(f"i{secrets.token_hex(4)}@acme.example"), acme.id, dt.timedelta(days=1)
        )
    return made


def expected(rule: Rule, caller: str, state: str, method: str, path: str) -> set[int]:
    if rule.allowed is public:
        return set(rule.ok)
    if caller == "anonymous":
        page_get = method == "GET" and not path.startswith("/api/")
        return {303} if page_get else {401}
    if rule.allowed(caller, state):
        return set(rule.ok)
    if caller == "other_admin" and rule.allowed is admins and "{" not in path:
        return set(rule.ok)  # an admin acting in their own organization
    if caller == "other_admin" and rule.deny == 403:
        return {404, 403} if "{" in path else {403}  # an admin elsewhere: the resource does not exist for them
    return {rule.deny}


def test_every_route_has_a_rule(world):
    routes = route_table(world["app"])
    missing = [f"{m} {p}" for m, p in routes if (m, p) not in RULES]
    assert not missing, f"routes without an authorization rule: {missing}"
    stale = [f"{m} {p}" for m, p in RULES if (m, p) not in routes]
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_authorization_matrix(world, capsys):
    routes = route_table(world["app"])
    cases, leaks, wrong = 0, [], []
    for (method, path), state in itertools.product(routes, STATES):
        rule = RULES[(method, path)]
        for caller in CALLERS:
            made = resources(world, state, {*rule.params.values(), *rule.query.values()})
            url = re.sub(
                r"\{(\w+)\}",
                lambda m, made=made, rule=rule: made.get(rule.params[m.group(1)], rule.params[m.group(1)]),
                path,
            )
            params = {k: made.get(v, v) for k, v in rule.query.items()}
            client = world["clients"][caller]
            kwargs: dict = {"params": params, "follow_redirects": False}
            if rule.body is not None:  # a value naming a resource ("owner") becomes its id, as in forms
                kwargs["json"] = {k: made.get(v, v) if isinstance(v, str) else v for k, v in rule.body().items()}
            elif rule.form is not None:
                kwargs["data"] = {k: made.get(v, v) if isinstance(v, str) else v for k, v in rule.form().items()}
                if caller == "anonymous":
                    kwargs["data"]["csrf_token"] = client.cookies.get("pmpath_pre")
            response = client.request(method, url, **kwargs)
            if path == "/logout" and caller not in ("anonymous", "token"):
                log_in(client, EMAILS[caller])  # the session ended on the server: a new one for the next cases
            cases += 1
            want = expected(rule, caller, state, method, path)
            if response.status_code not in want:
                wrong.append(f"{caller:16} {state:8} {method} {path}: {response.status_code}, expected {sorted(want)}")
                refused = not (rule.allowed is public or (caller != "anonymous" and rule.allowed(caller, state)))
                if (
                    refused
                    and response.status_code < 400
                    and not (caller == "anonymous" and response.status_code == 303)
                ):
                    leaks.append(wrong[-1])
    with capsys.disabled():
        print(
            f"\nauthorization matrix: {len(routes)} routes x {len(CALLERS)} callers x {len(STATES)} states = {cases} cases, {len(leaks)} leaks, {len(wrong)} unexpected"
        )
    assert not leaks, "\n".join(leaks)
    assert not wrong, "\n".join(wrong[:40])


def test_static_files_and_health_are_public_and_secured(world):
    anonymous = world["clients"]["anonymous"]
    for path in ("/static/htmx.min.js", "/api/v1/health"):
        response = anonymous.get(path)
        assert response.status_code == 200
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_matrix_catches_a_leak(world, monkeypatch):
    """Break the visibility rule on purpose: the matrix's expectation for the case now fails."""
    import pmpath.store.reviews as reviews

    made = resources(world, "private", {"self"})
    path = "/api/v1/assessments/{assessment_id}"
    rule = RULES[("GET", path)]
    peer = world["clients"]["peer"]
    assert peer.get(f"/api/v1/assessments/{made['self']}").status_code in expected(rule, "peer", "private", "GET", path)
    monkeypatch.setattr(reviews, "can_see", lambda *args, **kwargs: True)
    leaked = peer.get(f"/api/v1/assessments/{made['self']}")
    assert leaked.status_code == 200 and leaked.status_code not in expected(rule, "peer", "private", "GET", path)
