"""The JSON API under /api/v1, on SQLite and PostgreSQL: what clients rely on, and how it fails."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from pmpath.framework import builtin_framework, builtin_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"


def example(name: str) -> dict:
    return json.loads(json.dumps(yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text()), default=str))


def test_levels(client):
    levels = client.get("/api/v1/levels").json()
    assert [lv["id"] for lv in levels] == ["apm", "pm", "senior-pm", "director", "vp", "cpo"]
    director = client.get("/api/v1/levels/Head of Product").json()
    assert director["id"] == "director" and director["readiness"]["criteria"]
    missing = client.get("/api/v1/levels/wizard")
    assert missing.status_code == 404 and "wizard" in missing.json()["error"]


def test_frameworks_listed_and_read(client):
    ids = [f["id"] for f in client.get("/api/v1/frameworks").json()]
    assert ids[:2] == ["standard", "standard-compact"]
    assert client.get("/api/v1/frameworks/compact").json()["levels"][1]["name"] == "Head of Product"


def test_assessment_create_read_list_delete(client):
    created = client.post("/api/v1/assessments", json=example("senior-to-director"))
    assert created.status_code == 201
    body = created.json()
    assert body["placement"] == "senior-pm" and body["framework"] == "standard"
    assert body["result"]["readiness"]["criteria"][0]["source"] == "senior-ready"
    one = client.get(f"/api/v1/assessments/{body['id']}").json()
    assert one["result"] == body["result"]
    client.post("/api/v1/assessments", json=example("new-apm"))
    assert len(client.get("/api/v1/assessments").json()) == 2
    assert [a["name"] for a in client.get("/api/v1/assessments", params={"name": "Sam Rivera"}).json()] == [
        "Sam Rivera"
    ]
    assert client.delete(f"/api/v1/assessments/{body['id']}").status_code == 204
    assert client.get(f"/api/v1/assessments/{body['id']}").status_code == 404
    assert client.delete(f"/api/v1/assessments/{body['id']}").status_code == 404


def test_bad_assessment_names_the_field_and_stores_nothing(client):
    client.post("/api/v1/assessments", json=example("apm-ready"))
    bad = example("apm-ready")
    bad["ratings"]["strategy"] = 9
    response = client.post("/api/v1/assessments", json=bad)
    assert response.status_code == 422
    assert response.json()["field"] == "ratings.strategy" and "outside the scale" in response.json()["error"]
    wrong_type = dict(example("apm-ready"), years_experience="lots")
    assert client.post("/api/v1/assessments", json=wrong_type).json()["field"] == "years_experience"
    assert len(client.get("/api/v1/assessments").json()) == 1


def test_posting_level_matches_the_cli_contract(client):
    response = client.post(
        "/api/v1/postings/level",
        json={"id": "p1", "title": "Sr. Product Manager", "text": "5+ years of product experience."},
    )
    data = response.json()
    assert response.status_code == 200 and data["level"] == "senior-pm" and data["id"] == "p1"
    for key in ("confidence", "normalized_title", "years_required", "evidence"):
        assert key in data
    assert data["years_required"] == 5


def test_posting_batch(client):
    postings = [
        {"id": str(i), "title": t, "text": "Own the roadmap."}
        for i, t in enumerate(["Associate PM", "Product Manager", "VP of Product"])
    ]
    results = client.post("/api/v1/postings/level-batch", json={"postings": postings}).json()["results"]
    assert [r["level"] for r in results] == ["apm", "pm", "vp"]
    too_many = client.post("/api/v1/postings/level-batch", json={"postings": postings * 400})
    assert too_many.status_code == 422 and too_many.json()["field"] == "postings"


def test_malformed_json_is_422_with_the_field(client):
    response = client.post(
        "/api/v1/postings/level", content=b'{"title": "PM", "text": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "body" and "malformed JSON" in response.json()["error"]
    missing = client.post("/api/v1/postings/level", json={"title": "PM"})
    assert missing.status_code == 422 and missing.json()["field"] == "text"


def test_oversized_body_is_413(client):
    response = client.post(
        "/api/v1/postings/level",
        content=b'{"text": "' + b"a" * 3_000_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413 and "error" in response.json()


def test_plans(client):
    plan = client.post("/api/v1/plans", json={"level": "pm", "years": 4, "target": "vp", "company_size": "mid"}).json()
    assert [s["level"] for s in plan["steps"]] == ["senior-pm", "director", "vp"] and plan[
        "total_years"
    ] == 7.0  # leading counted from Senior PM (the Director gate)
    below = client.post("/api/v1/plans", json={"level": "vp", "years": 4, "target": "pm"})
    assert below.status_code == 422 and below.json()["field"] == "target"
    negative = client.post("/api/v1/plans", json={"level": "pm", "years": -1, "target": "vp"})
    assert negative.status_code == 422 and negative.json()["field"] == "years"


def test_framework_upload_and_assessment_keeps_its_version(client):
    text = builtin_text().replace("id: standard\n", "id: acme\n", 1)
    version = builtin_framework().version
    created = client.post("/api/v1/frameworks", json={"text": text, "filename": "acme.yaml"})
    assert created.status_code == 201 and created.json() == {
        "id": "acme",
        "version": version,
        "name": "Product manager career path",
    }
    assert client.post("/api/v1/frameworks", json={"text": text}).status_code == 409
    stored = client.post("/api/v1/assessments", params={"framework": "acme"}, json=example("senior-to-director")).json()
    assert stored["framework"] == "acme" and stored["framework_version"] == version
    # the company changes its ladder: version 2 expects less strategy of a senior PM ... and more of everyone else
    v2 = text.replace(f'version: "{version}"', 'version: "99.0.0"', 1)
    assert client.post("/api/v1/frameworks", json={"text": v2}).status_code == 201
    again = client.get(f"/api/v1/assessments/{stored['id']}").json()
    assert again["framework_version"] == version and again["result"] == stored["result"]


def test_framework_upload_errors_name_line_and_field(client):
    broken = builtin_text().replace("  - id: pm\n", "  - id: apm\n", 1)
    response = client.post("/api/v1/frameworks", json={"text": broken, "filename": "acme.yaml"})
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert problem["field"] == "levels[1].id" and problem["line"] > 1


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/levels", "/api/v1/assessments", "/api/v1/postings/level", "/api/v1/plans"} <= paths.keys()


def test_custom_validation_messages_read_without_pydantics_prefix(client):
    """The API's 422 carries pmpath's own sentence, not pydantic's 'Value error, ' in front of it."""
    fw = builtin_framework()
    ratings: dict[str, object] = {c.id: 3 for c in fw.competencies}
    ratings[fw.competencies[0].id] = True
    response = client.post("/api/v1/assessments", json={"name": "P", "current_level": "pm", "ratings": ratings})
    assert response.status_code == 422
    text = json.dumps(response.json())
    assert "a rating is a depth on the scale, not yes/no" in text and "value error" not in text.lower()
