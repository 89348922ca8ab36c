"""Worst-case time of text a stranger can send: each hostile input timed through `level()` and the JD
lint at the budget and at a quarter of it, so growth faster than linear shows as a ratio well over 4.

Each input runs in a child process with a time limit, so a pattern that backtracks without end prints
'>LIMIT' instead of hanging the run. With --web, the same inputs go through a `pmpath serve` started on
a free loopback port: POST /api/v1/postings/level (at the API's 1,000,000 characters),
/api/v1/postings/level-batch and /api/v1/jd/lint (at its 200,000).

Run: python benchmarks/hostile_text.py [--size 200000] [--only NAME,...] [--limit 20] [--web]
Goal (the budgets rule): every input well under 0.5 s per posting at the budget, and a ratio near 4
(a normal 3,000-character posting levels in about 0.35 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pmpath.framework import builtin_framework
from pmpath.jd import MAX_POSTING, PostingError, lint_posting
from pmpath.leveling import leveler_for

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "dev_postings.jsonl"


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def normal(size: int) -> str:
    text = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])["text"] if DEV.exists() else "Own the roadmap. "
    return repeated(text + "\n\n", size)


# name -> (title, text of about `size` characters); the title stays within the API's 500 characters
CASES: dict[str, Callable[[int], tuple[str | None, str]]] = {
    "normal posting": lambda n: ("Senior Product Manager", normal(n)),
    "run of spaces": lambda n: (None, "<h1>" + " " * (n - 4)),
    "blank lines": lambda n: (None, "x" + "\n" * (n - 1)),
    "'years years'": lambda n: (None, repeated("years ", n)),
    "'5+ 5+ 5+'": lambda n: (None, repeated("5+ ", n)),
    "'5+ years' list items": lambda n: (None, repeated("\n- 5+ years", n)),
    "'5+yrs' glued": lambda n: (None, repeated("5+yrs ", n)),
    "'a decade'": lambda n: (None, repeated("a decade ", n)),
    "'years of experience: 5'": lambda n: (None, repeated("years of experience: 5 ", n)),
    "'<' without '>'": lambda n: ("Product Manager", repeated("<a ", n)),
    "'<script' without '>'": lambda n: ("Product Manager", repeated("<script ", n)),
    "'<>' between words": lambda n: (
        "Product Manager",
        "You need 5+" + repeated("<>", n - 60) + "x. 5+ years of product experience.",
    ),
    "500-char title of '<>'": lambda n: ("Vice" + "<>" * 234 + "x Vice President of Product", normal(n)),
    "500-char plain title": lambda n: ("Product Manager " + " ".join(f"w{i}" for i in range(120))[:484], normal(n)),
    "long first line as title": lambda n: (
        None,
        repeated("Product-Manager,", n - 40) + "\n\nYou will own the roadmap.",
    ),
    "every phrase in one sentence": lambda n: (None, repeated(" ".join(leveler_for().phrases) + " ", n)),
    "'&&&&'": lambda n: (None, repeated("&", n)),
    "'&#' entities": lambda n: (None, repeated("&#1", n)),
    "escaped '\\n'": lambda n: (None, repeated("\\n", n)),
    "numbered items": lambda n: (None, repeated("\n1. ", n)),
    "'MBA '": lambda n: ("Product Manager", repeated("MBA ", n)),
    "'degree '": lambda n: ("Product Manager", repeated("degree ", n)),
    "'no direct reports.'": lambda n: (None, repeated("no direct reports. ", n)),
    "'manage 4 PMs'": lambda n: (None, repeated("manage 4 PMs ", n)),
    "'3+ managing PMs' after years": lambda n: (
        None,
        "10+ years of experience, " + repeated("3+ managing PMs, ", n - 25),
    ),
    "'Seniority level'": lambda n: (None, repeated("Seniority level ", n)),
    "wrapper title field": lambda n: (None, "title:" + " " * 1490 + '"' + repeated("x ", n - 1497)),
    "one long word": lambda n: (None, "a" * n),
}


def timed(run: Callable[[], object], limit: float) -> str:
    """Seconds `run` takes in a forked child, or '>limit' when it is still running then."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: time once, report, leave without cleanup
        os.close(read_end)
        began = time.perf_counter()
        try:
            run()
            out = f"{time.perf_counter() - began:.3f}"
        except PostingError:
            out = "refused"
        os.write(write_end, out.encode())
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + limit
    while not os.waitpid(pid, os.WNOHANG)[0]:
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            os.close(read_end)
            return f">{limit:g}"
        time.sleep(0.005)
    out = os.read(read_end, 100).decode()
    os.close(read_end)
    return out


def ratio(big: str, small: str) -> str:
    try:
        return f"{float(big) / max(float(small), 1e-4):.1f}"
    except ValueError:
        return "-"


def in_process(names: list[str], size: int, limit: float) -> None:
    fw = builtin_framework()
    leveler = leveler_for(fw)
    leveler.level("Product Manager", "warm up: 5+ years")
    lint_posting(fw, "Product Manager\n\n5+ years of product experience.")
    lint_size = min(size, MAX_POSTING)
    print(f"{'input':28} {'level s':>8} {'x4 size':>7} {'lint s':>8} {'x4 size':>7}   ({size:,} characters)")
    for name in names:
        results = []
        for what in ("level", "lint"):
            at = size if what == "level" else lint_size
            times = []
            for n in (at // 4, at):
                title, text = CASES[name](n)
                run = partial(leveler.level, title, text) if what == "level" else partial(lint_posting, fw, text, title)
                times.append(timed(run, limit))
            results += [times[1], ratio(times[1], times[0])]
        print(f"{name:28} {results[0]:>8} {results[1]:>7} {results[2]:>8} {results[3]:>7}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(url: str, body: dict, token: str, limit: float) -> tuple[int, float]:
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, data, headers)
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=limit) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - began


def over_http(names: list[str], limit: float) -> None:
    """The inputs through a real server: the level endpoint at 1,000,000 characters, a batch of eight
    postings at 200,000, the JD lint at 200,000."""
    sys.path.insert(0, str(Path(__file__).parent))
    from web import access_token  # an organization, its admin and a token, as benchmarks/web.py makes them

    home = Path(tempfile.mkdtemp(prefix="pmpath-hostile-"))
    port = free_port()
    database = f"sqlite:///{home / 'hostile.sqlite3'}"
    token = access_token(database)
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}
    pmpath = shutil.which("pmpath", path=os.path.dirname(sys.executable)) or "pmpath"
    command = [pmpath, "serve", "--port", str(port), "--database-url", database]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        print(f"\n{'input over HTTP':28} {'level 1M':>10} {'batch 8x200k':>13} {'jd lint 200k':>13}")
        for name in names:
            cells = []
            title, text = CASES[name](1_000_000)
            status, seconds = post(f"{base}/postings/level", {"title": title, "text": text}, token, limit)
            cells.append(f"{seconds:.3f}" + ("" if status == 200 else f" ({status})"))
            title, text = CASES[name](200_000)
            batch = {"postings": [{"id": str(i), "title": title, "text": text} for i in range(8)]}
            status, seconds = post(f"{base}/postings/level-batch", batch, token, limit)
            cells.append(f"{seconds:.3f}" + ("" if status == 200 else f" ({status})"))
            status, seconds = post(f"{base}/jd/lint", {"title": title, "text": text}, token, limit)
            cells.append(f"{seconds:.3f}" + ("" if status == 200 else f" ({status})"))
            print(f"{name:28} {cells[0]:>10} {cells[1]:>13} {cells[2]:>13}", flush=True)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="characters (the leveler reads 200,000)")
    parser.add_argument("--only", help="comma-separated input names (default: all)")
    parser.add_argument("--limit", type=float, default=20.0, help="seconds before an input is stopped")
    parser.add_argument("--web", action="store_true", help="also time the inputs through a local `pmpath serve`")
    args = parser.parse_args()
    names = [n for n in CASES if not args.only or n in args.only.split(",")]
    in_process(names, args.size, args.limit)
    if args.web:
        over_http(names, args.limit)


if __name__ == "__main__":
    main()
