"""Shared fixtures: the source document, the built-in framework text, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmpath.framework import builtin_framework, builtin_text

ROOT = Path(__file__).resolve().parents[1]


def shared_file(*parts: str) -> Path:
    """A file of the project's shared folder (beside the checkout); CI must have it, so it fails there."""
    base = Path(os.environ.get("PMPATH_SHARED", ROOT.parent / "shared"))
    path = base.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must run beside the shared folder")
        pytest.skip(f"{path} not available outside CI")
    return path


@pytest.fixture(scope="session")
def source_text() -> str:
    return shared_file("source", "product-manager-career-path.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dev_postings_path() -> Path:
    return shared_file("data", "dev_postings.jsonl")


@pytest.fixture(scope="session")
def lookalike_postings_path() -> Path:
    return shared_file("data", "lookalike_postings.jsonl")


@pytest.fixture(scope="session")
def fw():
    return builtin_framework()


@pytest.fixture(scope="session")
def framework_text() -> str:
    return builtin_text()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Invoke the real Typer app in-process; returns the click Result."""
    from pmpath.cli.app import app

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return invoke


# -- databases: every storage test runs on an SQLite file and on a real PostgreSQL server ----------
PG_ENV = "PMPATH_TEST_POSTGRES_URL"
TABLES = "assessments, frameworks, drafts, organizations, people, sessions, invitations, cycles, promotions, tokens, audit_log, login_failures"


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh database on the PostgreSQL server `.ci/run` starts; CI fails without one."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: .ci/run must start PostgreSQL for the storage tests")
        pytest.skip(f"set {PG_ENV} (see .ci/postgres) to run the PostgreSQL tests")
    import sqlalchemy as sa

    name = f"pmpath_test_{os.getpid()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    yield url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A migrated, empty database of each kind."""
    from pmpath.store import migrate

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pmpath.sqlite3'}"
        migrate(url)
        return url
    url = request.getfixturevalue("postgres_url")
    migrate(url)
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


ADMIN_EMAIL, ADMIN_PASSWORD = "admin@acme.example", "a long admin password"


def make_admin(url: str, email: str = ADMIN_EMAIL, org: str = "Acme"):
    """An organization and its first admin, as `pmpath admin init` makes them."""
    from pmpath.store import Accounts, Store, migrate
    from pmpath.store.credentials import hash_password

    migrate(url)
    store = Store(url)
    try:
        return Accounts(store).init_org(org, email, hash_password(ADMIN_PASSWORD))
    finally:
        store.close()


def log_in(test_client, email: str, password: str = ADMIN_PASSWORD):
    """Log in through the form as a browser does; later requests carry the session's CSRF token."""
    import re

    test_client.headers.pop("X-CSRF-Token", None)
    form = test_client.get("/login").text
    pre = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    done = test_client.post(
        "/login", data={"email": email, "password": password, "csrf_token": pre}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', test_client.get("/").text).group(1)
    test_client.headers["X-CSRF-Token"] = token
    return test_client


@pytest.fixture
def client(db_url):
    """The web app over real HTTP semantics (FastAPI's test client) on each database, logged in as an admin."""
    from fastapi.testclient import TestClient

    from pmpath.web import create_app

    make_admin(db_url)
    with TestClient(create_app(db_url)) as test_client:
        yield log_in(test_client, ADMIN_EMAIL)
        test_client.app.state.pmpath.store.close()
