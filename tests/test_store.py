"""Storage on SQLite and PostgreSQL: assessments over time, frameworks by version, drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pmpath.assess import assess, parse_answers
from pmpath.framework import builtin_framework
from pmpath.store import NotFound, Store, migrate
from pmpath.store.models import AssessmentRow

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "assessments"
FW = builtin_framework()


def answers(name: str):
    return parse_answers((EXAMPLES / f"{name}.yaml").read_text(), name, FW)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def test_migrations_are_idempotent(db_url):
    migrate(db_url)  # already at head: nothing to do, nothing lost
    engine = sa.create_engine(db_url)
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {"assessments", "frameworks", "drafts", "alembic_version"} <= tables


def test_assessments_round_trip_newest_first(store):
    first = answers("senior-to-director")
    second = answers("senior-to-director-manager")
    a = store.add_assessment(first, assess(FW, first))
    b = store.add_assessment(second, assess(FW, second))
    assert a.id != b.id
    got = store.assessment(a.id)
    assert got.placement == "senior-pm" and got.framework_id == "standard" and got.framework_version == FW.version
    assert got.result["readiness"]["score"] == pytest.approx(0.833, abs=1e-3)
    assert got.answers["ratings"]["strategy"] == 4
    listed = store.assessments("Sam Rivera")
    assert [x.id for x in listed] == [b.id, a.id]
    assert store.assessments("nobody") == []


def test_delete(store):
    one = answers("new-apm")
    stored = store.add_assessment(one, assess(FW, one))
    store.delete_assessment(stored.id)
    with pytest.raises(NotFound):
        store.assessment(stored.id)
    with pytest.raises(NotFound):
        store.delete_assessment(stored.id)


def test_a_failed_write_leaves_earlier_assessments_intact(store):
    kept = answers("apm-ready")
    earlier = store.add_assessment(kept, assess(FW, kept))
    with pytest.raises(IntegrityError), store.session.begin() as session:
        session.add(
            AssessmentRow(
                name="x",
                assessor="self",
                framework_id="standard",
                framework_version="1",
                current_level="pm",
                placement="pm",
                readiness_score=0.5,
                answers={},
                result={},
            )
        )
        session.add(
            AssessmentRow(
                name="broken",
                assessor="self",
                framework_id="standard",
                framework_version="1",
                current_level="pm",
                placement="pm",
                readiness_score=None,
                answers={},
                result={},
            )
        )
        session.flush()
    assert [a.id for a in store.assessments()] == [earlier.id]  # the whole failed transaction is gone
    assert store.assessment(earlier.id).result == earlier.result


def test_frameworks_are_kept_per_version(store):
    store.add_framework("acme", "1.0", "Acme ladder", "id: acme\nversion: '1.0'\n")
    store.add_framework("acme", "2.0", "Acme ladder", "id: acme\nversion: '2.0'\n")
    assert "1.0" in store.framework_text("acme", "1.0")
    assert "2.0" in store.framework_text("acme")  # latest
    with pytest.raises(ValueError, match="already stored"):
        store.add_framework("acme", "1.0", "Acme ladder", "changed")
    assert "1.0" in store.framework_text("acme", "1.0")
    assert {f["version"] for f in store.frameworks()} == {"1.0", "2.0"}
    with pytest.raises(NotFound):
        store.framework_text("nope")


def test_drafts(store):
    assert store.draft("d1") == {}
    store.save_draft("d1", {"step": 1, "answers": {"name": "A"}})
    store.save_draft("d1", {"step": 2, "answers": {"name": "A"}})
    assert store.draft("d1")["step"] == 2
    store.delete_draft("d1")
    assert store.draft("d1") == {}


def test_default_database_is_an_sqlite_file_in_the_data_folder(tmp_path, monkeypatch):
    from pmpath.store import database_url

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("PMPATH_DATABASE_URL", raising=False)
    url = database_url()
    assert url == f"sqlite:///{tmp_path / 'pmpath' / 'pmpath.sqlite3'}"
    migrate(url)
    assert (tmp_path / "pmpath" / "pmpath.sqlite3").exists()
    monkeypatch.setenv("PMPATH_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
