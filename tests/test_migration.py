"""The teams migration on a database made by the release before teams (revision 0001), on SQLite and
PostgreSQL: every assessment and uploaded framework is kept, in a first organization, unassigned."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from pmpath.assess import assess, parse_answers
from pmpath.framework import builtin_framework
from pmpath.store import Accounts, Reviews, Store, migrate
from pmpath.store.credentials import hash_password
from pmpath.teams import Policy, Viewer

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"
MIGRATIONS = Path(__file__).resolve().parents[1] / "src" / "pmpath" / "store" / "migrations"
FW = builtin_framework()


def upgrade_to(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
def old_url(request, tmp_path):
    """An empty database of each kind, not migrated at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    base = request.getfixturevalue("postgres_url")
    name = f"pmpath_migration_{os.getpid()}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def old_release_rows(url: str) -> list[dict]:
    """Assessments and a framework written the way the release before teams wrote them."""
    upgrade_to(url, "0001")
    engine = sa.create_engine(url)
    made = []
    with engine.begin() as connection:
        for name in ("apm-ready", "senior-to-director", "new-apm"):
            given = parse_answers((EXAMPLES / f"{name}.yaml").read_text(), name, FW)
            result = assess(FW, given)
            row = {
                "name": given.name,
                "assessor": given.assessor,
                "framework_id": FW.id,
                "framework_version": FW.version,
                "current_level": result.current_level,
                "placement": result.placement.level,
                "readiness_score": result.readiness.score,
                "answers": json.dumps(given.model_dump(mode="json")),
                "result": json.dumps(result.model_dump(mode="json")),
            }
            connection.execute(
                sa.text(
                    "INSERT INTO assessments (name, assessor, framework_id, framework_version, current_level,"
                    " placement, readiness_score, answers, result) VALUES (:name, :assessor, :framework_id,"
                    " :framework_version, :current_level, :placement, :readiness_score, :answers, :result)"
                ),
                row,
            )
            made.append({**row, "assessment": result})
        connection.execute(
            sa.text(
                "INSERT INTO frameworks (framework_id, version, name, text) VALUES ('acme', '1.0', 'Acme', 'id: acme')"
            )
        )
    engine.dispose()
    return made


def test_upgrade_keeps_every_assessment_and_framework(old_url):
    made = old_release_rows(old_url)
    migrate(old_url)
    store = Store(old_url)
    try:
        accounts, reviews = Accounts(store), Reviews(store)
        (org_id,) = accounts.org_ids()
        assert accounts.org_name(org_id) == "First organization"
        kept = store.assessments()
        assert sorted(a.name for a in kept) == sorted(m["name"] for m in made)
        assert len({a.id for a in kept}) == 3 and all(len(a.id) >= 20 for a in kept)
        for a in kept:
            original = next(m for m in made if m["name"] == a.name)
            assert a.result == original["assessment"].model_dump(mode="json")
            assert a.org_id == org_id and a.subject_id is None  # unassigned until an admin attaches it
        assert store.framework_text("acme", "1.0", org_id) == "id: acme"
        assert store.frameworks() == []  # it belongs to the organization now
        # the admin who sets up the server adopts the first organization and sees the unassigned work
        admin = accounts.init_org("Acme", "admin@acme.example", hash_password("a long password"))
        assert admin.org_id == org_id
        chart = accounts.chart(org_id)
        assert len(reviews.visible_list(Viewer(admin.id, org_id, True), chart, Policy())) == 3
        member = Viewer("someone", org_id)
        assert reviews.visible_list(member, chart, Policy()) == []
        one = kept[0]
        reviews.attach(org_id, one.id, admin.id, admin.id)
        (summary,) = reviews.summaries(org_id)
        original = next(m for m in made if m["name"] == one.name)["assessment"]
        assert summary.ready == original.readiness.ready and summary.experience_ok == original.experience.ok
        assert summary.criteria == {c.id: c.status for c in original.readiness.criteria}
    finally:
        store.close()


def test_upgrade_of_an_empty_database_makes_no_organization(old_url):
    upgrade_to(old_url, "0001")
    migrate(old_url)
    store = Store(old_url)
    try:
        assert Accounts(store).org_ids() == []
    finally:
        store.close()


def test_an_admin_attaches_unassigned_work_in_the_browser_face(old_url):
    """After the upgrade the admin sees the kept assessments, attaches one to a person, and it is theirs."""
    import re

    from fastapi.testclient import TestClient

    from conftest import ADMIN_EMAIL, log_in, make_admin
    from pmpath.web import create_app

    old_release_rows(old_url)
    make_admin(old_url)  # adopts the first organization
    app = create_app(old_url)
    try:
        admin = log_in(TestClient(app), ADMIN_EMAIL)
        kept = admin.get("/api/v1/assessments").json()
        assert len(kept) == 3 and all(a["subject_id"] is None for a in kept)
        page = admin.get(f"/assessments/{kept[0]['id']}")
        assert "Kept from before teams" in page.text
        me = admin.get("/api/v1/me").json()["id"]
        assert re.search(rf'<option value="{me}"', page.text)
        done = admin.post(f"/assessments/{kept[0]['id']}/attach", data={"person_id": me}, follow_redirects=False)
        assert done.status_code == 303
        assert admin.get(f"/api/v1/assessments/{kept[0]['id']}").json()["subject_id"] == me
        again = admin.post(f"/assessments/{kept[0]['id']}/attach", data={"person_id": me})
        assert again.status_code == 404  # attached already: no longer unassigned
    finally:
        app.state.pmpath.store.close()


def test_work_anonymized_before_revision_0003_is_marked_and_cannot_be_attached(old_url):
    """Rows a deletion anonymized before the mark existed get it when the database is upgraded."""
    old_release_rows(old_url)
    upgrade_to(old_url, "0002")
    engine = sa.create_engine(old_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE assessments SET name = '(deleted person)' WHERE name = 'Sam Rivera'"))
    upgrade_to(old_url, "head")
    with engine.connect() as connection:
        marks = dict(connection.execute(sa.text("SELECT name, anonymized_at IS NOT NULL FROM assessments")).all())
    engine.dispose()
    assert marks.pop("(deleted person)") and not any(marks.values())
