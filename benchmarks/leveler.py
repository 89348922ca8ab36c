"""Leveler speed and memory: postings/s per core on 3,000-character postings, the ratio to a bare
regex scan of the same texts in the same run, and peak memory of `pmpath level --jsonl` from 10k
postings up (streamed through stdin, so nothing large touches the disk).

Run: python benchmarks/leveler.py [--postings N] [--sizes 10000,100000,1000000] [--jobs J]
Goals (issues 4 and 12): >= 2,000 postings/s per core; within 10x of the bare scan; memory flat with size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from pmpath.leveling import leveler_for

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev_postings.jsonl"
FILLER = (
    "You will work with engineering, design and marketing to discover customer problems, prioritize "
    "the roadmap and ship features. 4+ years of experience. Bachelor's degree preferred. "
)


def postings(n: int, size: int = 3000) -> list[tuple[str, str]]:
    """n (title, text) pairs of about `size` characters, cut from the dev postings (or filler text)."""
    base = []
    if DEV.exists():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            base.append((row["title"], (row["text"] * 3)[:size]))
    else:
        base.append(("Product Manager", (FILLER * 40)[:size]))
    return [(base[i % len(base)][0], base[i % len(base)][1][i % 50 :] + f" ref {i}") for i in range(n)]


def throughput(n: int) -> None:
    """Postings/s of the leveler and of a bare regex scan of the same texts, measured in alternating
    chunks so both see the same load on a shared machine."""
    items = postings(n)
    leveler = leveler_for()
    leveler.level(*items[0])
    bare = re.compile(r"\b\d+\+? years\b")
    ours = scan = ours_cpu = scan_cpu = 0.0
    for start in range(0, n, 250):
        chunk = items[start : start + 250]
        began, began_cpu = time.perf_counter(), time.process_time()
        for title, text in chunk:
            leveler.level(title, text)
        ours += time.perf_counter() - began
        ours_cpu += time.process_time() - began_cpu
        began, began_cpu = time.perf_counter(), time.process_time()
        for _, text in chunk:
            bare.findall(text.lower())
        scan += time.perf_counter() - began
        scan_cpu += time.process_time() - began_cpu
    chars = sum(len(t) for _, t in items) / len(items)
    print(f"throughput, one core, {n:,} postings of {chars:,.0f} characters (alternating chunks of 250)")
    print(f"  load average       {os.getloadavg()[0]:10.2f} on {os.cpu_count()} cores")
    print("                         wall clock      CPU time (this process only: fairer on a shared machine)")
    print(f"  leveler            {n / ours:10,.0f}/s {n / ours_cpu:14,.0f}/s")
    print(f"  bare regex scan    {n / scan:10,.0f}/s {n / scan_cpu:14,.0f}/s")
    print(f"  ratio              {ours / scan:10.1f}x {ours_cpu / scan_cpu:14.1f}x the bare scan")


def _feed(pipe, n: int) -> None:
    items = postings(min(n, 2000))
    try:
        for i in range(n):
            title, text = items[i % len(items)]
            pipe.write((json.dumps({"id": i, "title": title, "text": text}) + "\n").encode())
    except BrokenPipeError:
        pass
    finally:
        pipe.close()


def memory(n: int, jobs: int) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest pmpath process) for n postings through the CLI."""
    exe = [sys.executable, "-c", "import sys; from pmpath.cli import main; sys.argv[0]='pmpath'; main()"]
    cmd = [*exe, "level", "--jsonl", "-", "--out", os.devnull, "--jobs", str(jobs)]
    code = "import resource,subprocess,sys; subprocess.run(sys.argv[1:], stdin=sys.stdin); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *cmd], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    feeder = threading.Thread(target=_feed, args=(proc.stdin, n))
    feeder.start()
    out = proc.stdout.read()  # communicate() would close stdin under the feeder
    feeder.join()
    proc.wait()
    return time.perf_counter() - start, int(out.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postings", type=int, default=5000)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {resource.getpagesize()}-byte pages")
    throughput(args.postings)
    print(f"memory, pmpath level --jsonl - --jobs {args.jobs} (peak RSS of the largest process)")
    for n in (int(s) for s in args.sizes.split(",")):
        seconds, mb = memory(n, args.jobs)
        print(f"  {n:>9,} postings  {seconds:7.1f} s  {n / seconds:8,.0f} postings/s  peak {mb:6.1f} MB")


if __name__ == "__main__":
    main()
