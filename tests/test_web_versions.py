"""A stored assessment renders from the framework version it was made with, forever: after a v2 that
renames a level is uploaded, and after a restart, its page, Markdown, PDF and JSON are those of v1."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import ADMIN_EMAIL, log_in, make_admin
from pmpath.framework import builtin_framework, builtin_text
from pmpath.settings import Settings
from pmpath.web import create_app


def renamed(text: str, framework_id: str, version: str) -> str:
    """The ladder with another id and version, its senior level renamed (id and name)."""
    text = text.replace("id: standard\n", f"id: {framework_id}\n", 1)
    text = text.replace("senior-pm", "lead-pm").replace("Senior Product Manager", "Lead Product Manager")
    return re.sub(r'version: "[^"]*"', f'version: "{version}"', text, count=1)


def answers(level: str = "senior-pm") -> dict:
    fw = builtin_framework()
    return {"name": "Sam", "current_level": level, "ratings": {c.id: 3 for c in fw.competencies}}


def assert_renders_v1(client: TestClient, assessment_id: int) -> None:
    page = client.get(f"/assessments/{assessment_id}")
    assert page.status_code == 200 and "Senior Product Manager" in page.text and "Lead Product" not in page.text
    markdown = client.get(f"/assessments/{assessment_id}.md")
    assert markdown.status_code == 200 and "Senior Product Manager" in markdown.text
    pdf = client.get(f"/assessments/{assessment_id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    download = client.get(f"/assessments/{assessment_id}.json").json()
    api = client.get(f"/api/v1/assessments/{assessment_id}").json()
    assert download["current_level"] == api["current_level"] == "senior-pm"
    assert api["framework_version"] == builtin_framework().version


@pytest.fixture
def restart(db_url):
    """Build the app again on the same database, as a restart (or another worker) would."""
    clients: list[TestClient] = []
    make_admin(db_url)

    def build(config: Settings | None = None) -> TestClient:
        client = TestClient(create_app(db_url, config=config))
        clients.append(client)
        return log_in(client, ADMIN_EMAIL)

    yield build
    for client in clients:
        client.app.state.pmpath.store.close()


def test_upload_v2_renaming_a_level_leaves_v1_assessments_alone(restart):
    first = restart()
    v1 = builtin_text().replace("id: standard\n", "id: acme\n", 1)
    assert first.post("/api/v1/frameworks", json={"text": v1}).status_code == 201
    old = first.post("/api/v1/assessments", params={"framework": "acme"}, json=answers()).json()
    first.get(f"/assessments/{old['id']}")  # v1 now in this process's caches
    assert first.post("/api/v1/frameworks", json={"text": renamed(builtin_text(), "acme", "99.0.0")}).status_code == 201
    # new work uses v2 at once, in this process and in a fresh one
    for client in (first, restart()):
        new = client.post("/api/v1/assessments", params={"framework": "acme"}, json=answers("lead-pm"))
        assert new.status_code == 201 and new.json()["framework_version"] == "99.0.0"
        assert client.get("/api/v1/levels", params={"framework": "acme"}).json()[2]["id"] == "lead-pm"
        assert_renders_v1(client, old["id"])


def test_a_new_version_of_the_default_ladder_leaves_old_assessments_alone(restart, tmp_path):
    before = restart()
    old = before.post("/api/v1/assessments", json=answers()).json()
    assert old["framework"] == "standard"
    # pmpath upgraded: its ladder, still id 'standard', is now 99.0.0 and calls the senior level 'lead-pm'
    path = tmp_path / "standard-v2.yaml"
    path.write_text(renamed(builtin_text(), "standard", "99.0.0"))
    after = restart(Settings(framework=str(path)))
    assert after.get("/api/v1/levels").json()[2]["id"] == "lead-pm"
    old_version = builtin_framework().version
    page = after.get(f"/assessments/{old['id']}")
    assert page.status_code == 200 and "Senior Product Manager" in page.text
    assert after.get(f"/assessments/{old['id']}.md").status_code == 200
    assert after.get(f"/assessments/{old['id']}.pdf").content.startswith(b"%PDF")
    assert after.get(f"/api/v1/assessments/{old['id']}").json()["framework_version"] == old_version


def test_stored_copies_of_the_built_in_ladder_are_not_listed_as_uploads(restart):
    client = restart()
    assert client.post("/api/v1/assessments", json=answers()).status_code == 201
    listed = [(f["id"], f["version"]) for f in client.get("/api/v1/frameworks").json()]
    assert [fw_id for fw_id, _ in listed].count("standard") == 1
    assert "None yet" in client.get("/frameworks").text


def test_a_stored_version_this_pmpath_cannot_read_is_a_clear_answer_not_a_500(restart, db_url):
    import sqlalchemy as sa

    client = restart()
    v1 = builtin_text().replace("id: standard\n", "id: acme\n", 1)
    client.post("/api/v1/frameworks", json={"text": v1})
    made = client.post("/api/v1/assessments", params={"framework": "acme"}, json=answers()).json()
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:  # as if stored by a pmpath whose format has since changed
        connection.execute(sa.text("UPDATE frameworks SET text = 'id: acme\nlevels: 3\n' WHERE framework_id = 'acme'"))
    engine.dispose()
    later = restart()
    page = later.get(f"/assessments/{made['id']}", headers={"Accept": "text/html"})
    assert page.status_code == 409 and "cannot read" in page.text
    assert later.get(f"/api/v1/assessments/{made['id']}").status_code == 200  # the stored result itself is intact
