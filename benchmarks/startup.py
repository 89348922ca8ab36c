"""How fast `pmpath ladder` starts, against a bare `python -c pass` on the same interpreter.

Run: python benchmarks/startup.py [--runs N]. Goal (issue 2): the bare `pmpath ladder` under 3x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timings(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    exe = shutil.which("pmpath", path=os.path.dirname(sys.executable)) or shutil.which("pmpath")
    if exe is None:
        sys.exit("pmpath is not installed in this environment (pip install -e .)")
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        cold = timings([exe, "ladder"], 1, env)[0]  # fills the row cache
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "pmpath ladder": [exe, "ladder"],
            "pmpath ladder show director": [exe, "ladder", "show", "director"],
        }
        results = {name: timings(cmd, runs, env) for name, cmd in cases.items()}
    base = statistics.median(results["python -c pass"])
    print(f"startup, median of {runs} runs on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"  {'pmpath ladder (first run, fills cache)':42s} {cold * 1000:7.1f} ms")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"  {name:42s} {median * 1000:7.1f} ms  {median / base:5.1f}x")


if __name__ == "__main__":
    main()
