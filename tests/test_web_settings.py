"""One settings object for the shells, and a typed API whose OpenAPI document describes every answer."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, log_in, make_admin
from pmpath.framework import builtin_framework, builtin_text
from pmpath.settings import Settings
from pmpath.web import create_app


@pytest.fixture
def app_with(db_url, monkeypatch):
    """An app built from PMPATH_* variables set by the test."""
    apps = []

    def build(**env: str) -> TestClient:
        for name, value in env.items():
            monkeypatch.setenv(f"PMPATH_{name.upper()}", value)
        client = TestClient(create_app(config=Settings()))
        apps.append(client)
        return log_in(client, ADMIN_EMAIL)

    monkeypatch.setenv("PMPATH_DATABASE_URL", db_url)
    make_admin(db_url)
    yield build
    for client in apps:
        client.app.state.pmpath.store.close()


def test_settings_from_the_environment(app_with):
    client = app_with(framework="compact", max_body_bytes="5000")
    assert [lv["id"] for lv in client.get("/api/v1/levels").json()] == ["pm", "director", "cpo"]
    response = client.post("/api/v1/postings/level", json={"text": "x" * 6000})
    assert response.status_code == 413 and "5,000 bytes" in response.json()["error"]


def test_default_framework_by_file_path_or_stored_id(app_with, tmp_path, db_url):
    path = tmp_path / "acme.yaml"
    path.write_text(
        builtin_text().replace("id: standard\n", "id: acme\n", 1).replace("name: Associate", "name: Junior", 1)
    )
    by_path = app_with(framework=str(path))
    assert by_path.app.state.pmpath.default.id == "acme"
    assert (
        by_path.post("/api/v1/frameworks", json={"text": path.read_text(), "filename": "acme.yaml"}).status_code == 409
    )
    upload = builtin_text().replace("id: standard\n", "id: beta\n", 1)
    assert by_path.post("/api/v1/frameworks", json={"text": upload}).status_code == 201
    by_id = app_with(framework=f"stored:beta@{builtin_framework().version}")
    assert by_id.app.state.pmpath.default.id == "beta" and by_id.get("/api/v1/levels").json()[0]["id"] == "apm"


def test_cookie_settings_reach_the_session_cookie(db_url, monkeypatch):
    make_admin(db_url)
    monkeypatch.setenv("PMPATH_COOKIE_SECURE", "true")
    monkeypatch.setenv("PMPATH_SESSION_HOURS", "2")
    client = TestClient(create_app(db_url, config=Settings()), base_url="https://testserver")
    form = client.get("/login")
    assert "Secure" in form.headers["set-cookie"]  # the pre-login CSRF cookie too
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    done = client.post(
        "/login",
        data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = done.headers["set-cookie"]
    assert "Secure" in cookie and "Max-Age=7200" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    client.app.state.pmpath.store.close()


def test_every_api_route_documents_its_answers(client):
    spec = client.get("/openapi.json").json()
    routes = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert len(routes) >= 12
    for path, method, op in routes:
        codes = op["responses"]
        success = next(code for code in codes if code.startswith("2"))
        if "application/pdf" in codes[success].get("content", {}):  # a download: documented as binary PDF
            assert codes[success]["content"]["application/pdf"]["schema"]["format"] == "binary", (path, method)
        elif success != "204":
            schema = codes[success]["content"]["application/json"]["schema"]
            assert schema.get("$ref") or schema.get("items", {}).get("$ref"), (path, method, schema)
        assert codes["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
        assert "404" in codes and "500" in codes, (path, method)
    names = spec["components"]["schemas"]
    assert {
        "StoredAssessmentOut",
        "Assessment",
        "CareerPath",
        "LeveledPosting",
        "Framework",
        "ErrorOut",
    } <= names.keys()


def test_answers_match_their_documented_schema(client):
    """Each answer validated against the OpenAPI document's own schema for it (the check fuzzing repeats)."""
    import jsonschema

    spec = client.get("/openapi.json").json()

    def check(path: str, method: str, response) -> None:
        schema = spec["paths"][path][method]["responses"][str(response.status_code)]["content"]["application/json"]
        # '#/components/...' references resolve inside the schema with the document's components beside it
        jsonschema.Draft202012Validator({**schema["schema"], "components": spec["components"]}).validate(
            response.json()
        )

    fw = builtin_framework()
    answers = {"name": "Kim", "current_level": "pm", "ratings": {c.id: 3 for c in fw.competencies}}
    created = client.post("/api/v1/assessments", json=answers)
    check("/api/v1/assessments", "post", created)
    check("/api/v1/assessments/{assessment_id}", "get", client.get(f"/api/v1/assessments/{created.json()['id']}"))
    check("/api/v1/assessments", "get", client.get("/api/v1/assessments"))
    check("/api/v1/frameworks/{framework_id}", "get", client.get("/api/v1/frameworks/standard"))
    check("/api/v1/levels/{level_id}", "get", client.get("/api/v1/levels/director"))
    check("/api/v1/postings/level", "post", client.post("/api/v1/postings/level", json={"text": "Lead a team of PMs."}))
    check("/api/v1/plans", "post", client.post("/api/v1/plans", json={"level": "pm", "years": 3, "target": "vp"}))
    check("/api/v1/assessments/{assessment_id}", "get", client.get("/api/v1/assessments/99"))


def test_the_framework_budget_setting_reaches_uploads(app_with):
    client = app_with(max_framework_nodes="1000")
    text = builtin_text().replace("id: standard\n", "id: acme\n", 1)
    response = client.post("/api/v1/frameworks", json={"text": text, "filename": "acme.yaml"})
    assert response.status_code == 422 and "expands to more than 1,000 values" in response.json()["error"]
    assert response.json()["problems"][0]["line"] > 1


def test_a_leveling_batch_over_the_time_budget_is_refused_whole(app_with):
    client = app_with(max_level_seconds="0.05")
    text = "Own the roadmap for payments and lead discovery with engineering. " * 100
    postings = [{"id": str(i), "title": "Product Manager", "text": text} for i in range(250)]
    response = client.post("/api/v1/postings/level-batch", json={"postings": postings})
    assert response.status_code == 413
    body = response.json()
    assert body["field"] == "postings" and "0.05 s budget" in body["error"] and "of 250 postings" in body["error"]
    assert body["error"].endswith("send fewer or shorter postings per request")
    documented = client.get("/openapi.json").json()["paths"]["/api/v1/postings/level-batch"]["post"]["responses"]
    assert "PMPATH_MAX_LEVEL_SECONDS" in documented["413"]["description"]  # a client can tell why it was refused
    small = client.post("/api/v1/postings/level-batch", json={"postings": postings[:1]})
    assert small.status_code == 200 and small.json()["results"][0]["level"] == "pm"
