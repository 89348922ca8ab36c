"""Which framework phrases point the wrong way on labeled postings, and which only one company uses.

For a phrase listed at level L: the share of postings at L or above that contain it against the share
below L (for the lowest level, at L against above), titles masked. A phrase found more often below its
level than at or above it points the wrong way; one whose hits all come from one company says nothing
general (a phrase from the source may still be kept: it is rare in one dev set, not wrong).

Run: python benchmarks/phrase_audit.py [--labeled ../shared/data/dev_postings.jsonl] [--all]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pmpath.leveling import leveler_for
from pmpath.leveling.evaluate import phrase_checks

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev_postings.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labeled", type=Path, default=DEV)
    parser.add_argument("--all", action="store_true", help="list every phrase, not only the flagged ones")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.labeled.read_text().splitlines() if line.strip()]
    for c in phrase_checks(leveler_for(), rows):
        flags = " ".join(f for f, on in (("WRONG WAY", c.wrong_way), ("ONE COMPANY", c.one_company)) if on)
        if flags or args.all:
            print(
                f"{c.level:10} {c.weight:4} {c.phrase[:40]:40} hits {c.hits:3}  at/above {c.share_own:5.1%}  "
                f"below {c.share_other:5.1%}  companies {c.companies:3}  {flags}"
            )


if __name__ == "__main__":
    main()
