"""Which framework phrases point the wrong way on labeled postings, and which only one company uses.

For a phrase listed at level L: the share of postings at L or above that contain it against the share
below L (for the lowest level, at L against above). A phrase found more often below its level than at
or above it points the wrong way; one whose hits all come from one company says nothing general.

Run: python benchmarks/phrase_audit.py [--labeled ../shared/data/dev_postings.jsonl] [--all]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from pmpath.leveling import leveler_for, mask_title
from pmpath.leveling.clean import normalized_sentences, plain_text, without_board_fields

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev_postings.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labeled", type=Path, default=DEV)
    parser.add_argument("--all", action="store_true", help="list every phrase, not only the flagged ones")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.labeled.read_text().splitlines() if line.strip()]
    leveler = leveler_for()
    rank = leveler.rank
    hits: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        _, text = mask_title(row.get("title") or "", row.get("text") or "")
        words = without_board_fields(normalized_sentences(plain_text(text))).split()
        found = {key for _, _, (kind, key) in leveler.index.find(words) if kind == "phrase"}
        for key in found:
            hits[key].append(row)
    per_level = defaultdict(int)
    for row in rows:
        per_level[row["level"]] += 1
    lowest = leveler.ids[0]
    for phrase, owners in sorted(leveler.phrases.items()):
        for level_id, weight, _ in owners:
            found = hits.get(phrase, [])
            r = rank[level_id]
            if level_id == lowest:
                own = [x for x in found if rank[x["level"]] == r]
                other = [x for x in found if rank[x["level"]] > r]
                n_own = per_level[level_id]
                n_other = len(rows) - n_own
            else:
                own = [x for x in found if rank[x["level"]] >= r]
                other = [x for x in found if rank[x["level"]] < r]
                n_own = sum(n for lid, n in per_level.items() if rank[lid] >= r)
                n_other = len(rows) - n_own
            share_own = len(own) / n_own if n_own else 0.0
            share_other = len(other) / n_other if n_other else 0.0
            companies = {x.get("company") for x in found}
            flags = []
            if len(found) >= 2 and share_other > share_own:
                flags.append("WRONG WAY")
            if len(found) >= 2 and len(companies) == 1:
                flags.append("ONE COMPANY")
            if flags or args.all:
                print(
                    f"{level_id:10} {weight:4} {phrase[:40]:40} hits {len(found):3}  at/above {share_own:5.1%}  "
                    f"below {share_other:5.1%}  companies {len(companies):3}  {' '.join(flags)}"
                )


if __name__ == "__main__":
    main()
