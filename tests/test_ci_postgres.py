"""`.ci/postgres`: two overlapping runs on one machine each start and stop only their own cluster."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "postgres"
BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def answers(url: str) -> bool:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT 1")).scalar() == 1
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


@pytest.fixture
def clusters():
    if os.geteuid() != 0 or not (BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail("CI runs as root with PostgreSQL 15 installed: .ci/postgres must be testable there")
        pytest.skip("needs root and PostgreSQL 15's binaries, as in CI")
    started: list[str] = []

    def start() -> str:
        url = subprocess.run([str(SCRIPT)], capture_output=True, text=True, check=True).stdout.strip()
        started.append(url)
        return url

    yield start
    for url in started:
        subprocess.run([str(SCRIPT), "stop", url], check=False)


def test_overlapping_runs_stop_only_their_own_cluster(clusters):
    first = clusters()
    second = clusters()  # a second CI run starts while the first is still going
    assert first != second and answers(first) and answers(second)
    subprocess.run([str(SCRIPT), "stop", first], check=True)
    assert not answers(first), "the first run's cluster was left running"
    assert answers(second), "stopping the first run's cluster stopped the second's"
    subprocess.run([str(SCRIPT), "stop", first], check=True)  # stopping twice touches nothing else
    assert answers(second)
    subprocess.run([str(SCRIPT), "stop", second], check=True)
    assert not answers(second)
