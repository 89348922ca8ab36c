"""Team pages at organization scale on PostgreSQL: 2,000 people, 10,000 assessments.

Builds the organization (a CPO, 6 VPs, 37 directors of about 50 people each, their managers and
members; every person with a shared self-assessment and a released manager review in each of two
cycles, plus one more self-assessment) in a fresh database, starts `pmpath serve` on a free loopback
port, and times sequential requests with a personal access token: the calibration and dashboard pages
for the CPO (the whole tree) and for one director, against the ladder page in the same run; with the
server's CPU time per request (from /proc), which a shared machine's load moves far less than latency.

Run: PMPATH_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres python benchmarks/teams.py [--requests 30]
(falls back to PMPATH_TEST_POSTGRES_URL). Goal (issue 10): p95 under 300 ms for the whole tree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(base: str) -> str:
    name = f"pmpath_bench_teams_{os.getpid()}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}"


def drop_database(base: str, url: str) -> None:
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)"))
    admin.dispose()


def build(url: str) -> tuple[str, str, int, int]:
    """The organization; returns the CPO's and a director's access tokens, and the counts made."""
    from pmpath.assess import assess, parse_answers_data
    from pmpath.framework import builtin_framework
    from pmpath.store import Accounts, Reviews, Store, migrate
    from pmpath.store.credentials import hash_password
    from pmpath.store.models import AssessmentRow
    from pmpath.teams import NewPerson

    migrate(url)
    fw = builtin_framework()
    store = Store(url)
    accounts, reviews = Accounts(store), Reviews(store)
    admin = accounts.init_org("Scale", "admin@scale.example", hash_password("a benchmark password"))
    org = admin.org_id
    people = [NewPerson("cpo@scale.example", "CPO", title_level="cpo")]
    people += [
        NewPerson(f"vp{v}@scale.example", f"VP {v}", title_level="vp", manager_email="cpo@scale.example")
        for v in range(6)
    ]
    for d in range(37):
        director = f"dir{d}@scale.example"
        people.append(
            NewPerson(director, f"Director {d}", title_level="director", manager_email=f"vp{d % 6}@scale.example")
        )
        for m in range(4):
            manager = f"mgr{d}-{m}@scale.example"
            people.append(NewPerson(manager, f"Manager {d}-{m}", title_level="senior-pm", manager_email=director))
            for r in range(12):
                level = ("apm", "pm", "pm", "senior-pm")[r % 4]
                people.append(
                    NewPerson(
                        f"pm{d}-{m}-{r}@scale.example", f"PM {d}-{m}-{r}", title_level=level, manager_email=manager
                    )
                )
    extra = 2000 - len(people)
    people += [
        NewPerson(f"extra{i}@scale.example", f"Extra {i}", title_level="pm", manager_email="mgr0-0@scale.example")
        for i in range(extra)
    ]
    made = accounts.add_people(org, people, admin.id)
    by_email = {p.email: p for p in made}
    cycles = [reviews.open_cycle(org, name, fw.id, fw.version, None, None, admin.id).id for name in ("H1", "H2")]
    variants = []
    for rating in (2, 3, 4):
        for status in ("met", "partly"):
            for level in ("apm", "pm", "senior-pm", "director"):
                criteria = (
                    {c.id: status for c in fw.level(level).readiness.criteria} if fw.level(level).readiness else {}
                )
                answers = parse_answers_data(
                    {
                        "current_level": level,
                        "years_experience": 6,
                        "ratings": dict.fromkeys([c.id for c in fw.competencies], rating),
                        "criteria": criteria,
                    },
                    fw,
                )
                variants.append((level, answers, assess(fw, answers)))
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i, person in enumerate(made):
        manager_id = person.manager_id or person.id
        level = person.title_level if person.title_level in ("apm", "pm", "senior-pm", "director") else "director"
        fitting = [v for v in variants if v[0] == level]
        for k, (kind, cycle) in enumerate(
            [("self", cycles[0]), ("manager", cycles[0]), ("self", cycles[1]), ("manager", cycles[1]), ("self", None)]
        ):
            _, answers, result = fitting[(i + k) % len(fitting)]
            rows.append(
                {
                    "public_id": secrets.token_urlsafe(16),
                    "name": person.name,
                    "assessor": kind,
                    "framework_id": fw.id,
                    "framework_version": fw.version,
                    "current_level": result.current_level,
                    "placement": result.placement.level,
                    "readiness_score": result.readiness.score,
                    "answers": answers.model_dump(mode="json"),
                    "result": result.model_dump(mode="json"),
                    "org_id": org,
                    "subject_id": person.id,
                    "author_id": person.id if kind == "self" else manager_id,
                    "cycle_id": cycle,
                    "shared_at": now if kind == "self" else None,
                    "released_at": now if kind == "manager" else None,
                    "ready": result.readiness.ready,
                    "experience_ok": result.experience.ok,
                    "criteria": {c.id: c.status for c in result.readiness.criteria},
                }
            )
    with store.engine.begin() as connection:
        for start in range(0, len(rows), 1000):
            connection.execute(sa.insert(AssessmentRow), rows[start : start + 1000])
    cpo_token = accounts.create_token(by_email["cpo@scale.example"], "bench")[1]
    director_token = accounts.create_token(by_email["dir5@scale.example"], "bench")[1]
    store.close()
    return cpo_token, director_token, len(made), len(rows)


def cpu_seconds(pid: int) -> float | None:
    """The server process's CPU time so far (user + system), from /proc; None where there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(client: httpx.Client, path: str, token: str, n: int, pid: int) -> tuple[float, float, int, float | None]:
    """p50 and p95 in ms of n sequential requests (after two warm-up requests), the body size, and the server's
    CPU ms per request: on a shared machine latency moves with the others' load, CPU time much less."""
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(2):
        client.get(path, headers=headers).raise_for_status()
    times = []
    size = 0
    cpu_before = cpu_seconds(pid)
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
        size = len(response.content)
    cpu_after = cpu_seconds(pid)
    cpu = (cpu_after - cpu_before) * 1000 / n if cpu_before is not None and cpu_after is not None else None
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], size, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    base = os.environ.get("PMPATH_BENCH_POSTGRES_URL") or os.environ.get("PMPATH_TEST_POSTGRES_URL")
    if not base:
        sys.exit("set PMPATH_BENCH_POSTGRES_URL (or PMPATH_TEST_POSTGRES_URL) to a PostgreSQL server URL")
    url = fresh_database(base)
    try:
        started = time.perf_counter()
        cpo, director, people, assessments = build(url)
        print(f"built {people:,} people and {assessments:,} assessments in {time.perf_counter() - started:.1f} s")
        port = free_port()
        exe = shutil.which("pmpath", path=os.path.dirname(sys.executable)) or "pmpath"
        server = subprocess.Popen(
            [exe, "serve", "--port", str(port), "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                for _ in range(100):
                    try:
                        client.get("/api/v1/health")
                        break
                    except httpx.HTTPError:
                        time.sleep(0.1)
                cases = [
                    ("ladder page GET /", "/", cpo),
                    ("calibration, CPO (whole tree)", "/team/calibration", cpo),
                    ("dashboard, CPO (whole tree)", "/team/dashboard", cpo),
                    ("calibration API, CPO", "/api/v1/team/calibration", cpo),
                    ("calibration, a director (~50)", "/team/calibration", director),
                    ("dashboard, a director (~50)", "/team/dashboard", director),
                ]
                print(f"sequential requests, {args.requests} each, 1 uvicorn process, {os.cpu_count()} cores (shared)")
                print(f"  {'page':36s} {'p50 ms':>8s} {'p95 ms':>8s} {'KB':>7s} {'CPU ms':>7s}")
                for name, path, token in cases:
                    p50, p95, size, cpu = timed(client, path, token, args.requests, server.pid)
                    shown = f"{cpu:7.0f}" if cpu is not None else f"{'-':>7s}"
                    print(f"  {name:36s} {p50:8.1f} {p95:8.1f} {size / 1024:7.0f} {shown}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        drop_database(base, url)


if __name__ == "__main__":
    main()
