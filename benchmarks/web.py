"""Web latency and throughput under 100 concurrent connections, loopback only, bounded in time.

Starts `pmpath serve` on a free loopback port with a fresh SQLite file, then drives it with wrk
(Debian package `wrk`): the ladder page, an assessment POST, a posting-level POST, and a trivial
endpoint of the same app in the same run as the floor. Each run lasts --seconds; nothing else is hit.

Run: python benchmarks/web.py [--seconds 10] [--connections 100]
Goal (issue 5): p99 under 50 ms at 100 connections for the pages, and within 3x of the trivial endpoint.

Run: python benchmarks/web.py --under-load [--seconds 8]
Goal (issue 9): the trivial endpoint keeps at least half its throughput while wizard steps and framework
uploads are posted at the same time (their database and parsing work must not block the event loop).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = {
    "name": "Bench",
    "current_level": "senior-pm",
    "company_size": "mid",
    "years_experience": 8,
    "ratings": {
        "customer-empathy": 4,
        "prioritization": 4,
        "execution": 4,
        "communication": 4,
        "data-metrics": 4,
        "strategy": 4,
        "business-acumen": 3,
        "leadership": 3,
        "process": 3,
        "market-insight": 3,
    },
    "criteria": {"senior-advises-pms": "partly", "senior-advocates-team": "met", "senior-curious-about-process": "met"},
}
POSTING = {
    "title": "Senior Product Manager",
    "text": (
        "Own the roadmap for payments. Work with engineering and design. 5+ years of product experience. Mentor junior PMs. "
        * 25
    )[:3000],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lua_post(body: dict, folder: Path, name: str) -> Path:
    script = folder / f"{name}.lua"
    script.write_text(
        f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = {json.dumps(json.dumps(body))}\n'
    )
    return script


def lua_form(fields: dict[str, str], folder: Path, name: str) -> Path:
    """A wrk script posting an HTML form, as the wizard's no-JavaScript path does."""
    from urllib.parse import urlencode

    script = folder / f"{name}.lua"
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f"wrk.body = {json.dumps(urlencode(fields))}\n"
    )
    return script


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


HEADERS: list[str] = []  # every request carries an admin's access token: every page needs a login


def access_token(url: str) -> str:
    """An organization, its admin and a personal access token, made the way `pmpath admin init` does."""
    from pmpath.store import Accounts, Store, migrate
    from pmpath.store.credentials import hash_password

    migrate(url)
    store = Store(url)
    try:
        accounts = Accounts(store)
        admin = accounts.init_org("Bench", "bench@bench.example", hash_password("a benchmark password"))
        return accounts.create_token(admin, "bench")[1]
    finally:
        store.close()


def run_wrk(url: str, seconds: int, connections: int, script: Path | None) -> dict[str, float]:
    cmd = [
        "wrk",
        *HEADERS,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
        *(["-s", str(script)] if script else []),
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "errors": int(errors[1]) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--under-load", action="store_true", help="the trivial endpoint alone, then beside wizard and upload load"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    exe = shutil.which("pmpath", path=os.path.dirname(sys.executable)) or "pmpath"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        token = access_token(f"sqlite:///{folder / 'bench.sqlite3'}")
        HEADERS.extend(["-H", f"Authorization: Bearer {token}"])
        server = subprocess.Popen(
            [
                exe,
                "serve",
                "--port",
                str(port),
                "--database-url",
                f"sqlite:///{folder / 'bench.sqlite3'}",
                "--workers",
                str(args.workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            cases = {
                "trivial GET /api/v1/health": (f"{base}/api/v1/health", None),
                "ladder page GET /": (f"{base}/", None),
                "level page GET /levels/director": (f"{base}/levels/director", None),
                "assessment POST /api/v1/assessments": (
                    f"{base}/api/v1/assessments",
                    lua_post(ANSWERS, folder, "assess"),
                ),
                "posting POST /api/v1/postings/level": (
                    f"{base}/api/v1/postings/level",
                    lua_post(POSTING, folder, "posting"),
                ),
            }
            run_wrk(f"{base}/", 2, 10, None)  # warm up
            if args.under_load:
                under_load(base, folder, args.seconds)
                return
            results = {
                name: run_wrk(url, args.seconds, args.connections, script) for name, (url, script) in cases.items()
            }
        finally:
            server.terminate()
            server.wait(timeout=10)
    floor = results["trivial GET /api/v1/health"]
    print(
        f"web, {args.connections} connections, {args.seconds} s each, {args.workers} uvicorn process(es), {os.cpu_count()} cores shared with wrk"
    )
    print(f"  {'endpoint':40s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'p99 vs trivial':>15s} {'errors':>7s}")
    for name, r in results.items():
        print(
            f"  {name:40s} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f} {r['p99'] / floor['p99']:14.1f}x {r['errors']:7d}"
        )


LOADS = os.environ.get("PMPATH_BENCH_LOADS", "wizard,upload").split(",")
ROUNDS = int(os.environ.get("PMPATH_BENCH_ROUNDS", "3"))


def under_load(base: str, folder: Path, seconds: int) -> None:
    """The trivial endpoint's throughput alone, then while wizard steps and framework uploads are posted;
    ROUNDS rounds in turn (the machine is shared, so one round can mislead), the median reported."""
    from statistics import median

    from pmpath.framework import builtin_text

    wizard = lua_form(
        {"name": "Load", "current_level": "pm", "years_experience": "3", "years_leading": "0", "action": "next"},
        folder,
        "wizard",
    )
    upload = lua_post({"text": builtin_text(), "filename": "standard.yaml"}, folder, "upload")  # parsed, then refused
    scripts = {"wizard": (f"{base}/assess", wizard), "upload": (f"{base}/api/v1/frameworks", upload)}
    connections = 20
    print(
        f"trivial endpoint under load, {connections} connections, {seconds} s a run, {os.cpu_count()} cores shared with wrk"
    )
    print(
        f"  {'round':>5s} {'alone req/s':>12s} {'loaded req/s':>13s} {'kept':>6s}  load served (req/s, 4 connections each)"
    )
    kept = []
    for number in range(1, ROUNDS + 1):
        alone = run_wrk(f"{base}/api/v1/health", seconds, connections, None)
        load = [
            subprocess.Popen(
                [
                    "wrk",
                    "-t1",
                    "-c4",
                    f"-d{seconds + 2}s",
                    "--timeout",
                    "10s",
                    *HEADERS,  # the load logs in too: without it every request is a 401 that does no work
                    "-s",
                    str(scripts[name][1]),
                    scripts[name][0],
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for name in LOADS
        ]
        time.sleep(1)
        loaded = run_wrk(f"{base}/api/v1/health", seconds, connections, None)
        outs = [p.communicate()[0] for p in load]
        rates = [float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]) for out in outs]
        refused = [int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0 for out in outs]
        kept.append(loaded["rps"] / alone["rps"])
        served = ", ".join(
            f"{name} {rate:.0f}" + (f" ({bad} refused)" if bad else "")
            for name, rate, bad in zip(LOADS, rates, refused, strict=True)
        )
        print(f"  {number:5d} {alone['rps']:12.0f} {loaded['rps']:13.0f} {kept[-1]:6.0%}  {served}")
    print(f"  median kept: {median(kept):.0%} (goal: at least 50%)")


if __name__ == "__main__":
    main()
