"""How often each `pmpath jd lint` rule fires on the dev postings, and every error finding to read by hand.

    .venv/bin/python benchmarks/jd_rules.py [../shared/data/dev_postings.jsonl] [--show RULE]

Each posting is linted with its title as posted; the printed errors are what the README's precision
figures come from (read one by one, judged against the posting).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from pmpath.framework import builtin_framework
from pmpath.jd import MAX_POSTING, PostingError, lint_posting
from pmpath.reports.jd_text import lint_report

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "dev_postings.jsonl")
    parser.add_argument("--show", help="print every finding of this rule (default: every error)")
    args = parser.parse_args()
    show, path = args.show, args.path
    fw = builtin_framework()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    fired: Counter[str] = Counter()
    postings_with: Counter[str] = Counter()
    failing = off_ladder = 0
    started = time.perf_counter()
    for row in rows:
        result = lint_report(fw, lint_posting(fw, row["text"], title=row.get("title") or None))
        failing += result.errors > 0
        off_ladder += result.off_ladder
        for rule in {f.rule for f in result.findings}:
            postings_with[rule] += 1
        for f in result.findings:
            fired[f.rule] += 1
            if f.rule == show or (show is None and f.severity == "error"):
                print(
                    f"{row['id']} [{row['title']}] {f.severity} {f.rule} @{f.line}:{f.column} {f.quote!r}: {f.message}"
                )
    elapsed = time.perf_counter() - started
    print(f"\n{len(rows)} postings, {failing} with at least one error; {elapsed / len(rows) * 1000:.1f} ms a posting")
    print(f"{off_ladder} off the ladder (a project, program or delivery title over no product work)")
    print("| rule | severity | findings | postings |\n|---|---|---|---|")
    for rule_id, rule in fw.jd.rules.items():
        print(f"| {rule_id} | {rule.severity} | {fired[rule_id]} | {postings_with[rule_id]} |")
    print("\nhostile postings at the size budget (what a stranger can send the API):")
    for name, text in hostile_postings().items():
        started = time.perf_counter()
        try:
            outcome = f"{len(lint_posting(fw, text).findings)} findings"
        except PostingError as error:
            outcome = f"refused: {error}"
        print(f"  {name}: {time.perf_counter() - started:.2f} s ({outcome})")


def hostile_postings() -> dict[str, str]:
    """Postings of MAX_POSTING characters built to be slow: stray '<', unclosed comments and scripts,
    tags without end, a phrase the rules look for on every line."""
    n = MAX_POSTING
    return {
        "stray '<a '": ("<a " * n)[:n],
        "unclosed comment": ("<!--" + "a " * n)[:n],
        "'<script>' repeated": ("<script>" * n)[:n],
        "'<p>' repeated": ("<p>" * n)[:n],
        "asks on every line": ("Senior Product Manager\n" + "no direct reports; own the budget.\n" * n)[:n],
    }


if __name__ == "__main__":
    main()
