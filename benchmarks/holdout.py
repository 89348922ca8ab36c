"""Masked accuracy on companies the leveler's one tuned setting did not see.

The senior-pm `themes_needed` count was chosen on the dev set. Here it is chosen on half the
companies and measured, titles masked, on the other half; over random splits this estimates how
the leveler does on postings from elsewhere.

Run: python benchmarks/holdout.py [--splits 20] [--labeled ../shared/data/dev_postings.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from pmpath.framework import builtin_framework
from pmpath.leveling import Leveler, score

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev_postings.jsonl"
CHOICES = (3, 4, 5, 6, 7, 8, None)  # None: themes never vote


def leveler_needing(themes: int | None) -> Leveler:
    fw = builtin_framework("standard").model_copy(deep=True)
    hints = fw.level("senior-pm").leveling
    if themes is None:
        hints.themes, hints.themes_needed = {}, 0
    else:
        hints.themes_needed = themes
    return Leveler(fw)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--splits", type=int, default=20)
    parser.add_argument("--labeled", type=Path, default=DEV)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.labeled.read_text().splitlines() if line.strip()]
    levelers = {choice: leveler_needing(choice) for choice in CHOICES}
    shipped = builtin_framework("standard").level("senior-pm").leveling.themes_needed
    right = {"count chosen on the other half": 0, f"shipped count ({shipped})": 0, "off": 0}
    seen = 0
    for seed in range(args.splits):
        companies = sorted({row.get("company", "") for row in rows})
        random.Random(seed).shuffle(companies)
        half = set(companies[: len(companies) // 2])
        first = [row for row in rows if row.get("company", "") in half]
        second = [row for row in rows if row.get("company", "") not in half]
        for tune, test in ((first, second), (second, first)):
            best = max(CHOICES, key=lambda c: score(levelers[c], tune, mode="masked").exact)
            for name, choice in zip(right, (best, shipped, None), strict=True):
                right[name] += round(score(levelers[choice], test, mode="masked").exact * len(test))
            seen += len(test)
    print(
        f"titles masked, {args.splits} splits of {len(rows)} postings by company, exact accuracy on the held-out half"
    )
    for name, count in right.items():
        print(f"  themes {name:30} {count / seen:6.1%}")


if __name__ == "__main__":
    main()
