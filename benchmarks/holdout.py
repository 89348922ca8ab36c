"""The leveler's figures in-sample and held out, as one Markdown table for the README.

In-sample: the shipped settings on every labeled posting. Held out: leave one company (or source)
out at a time; inside each fold the decision settings are chosen and the confidence calibrated on the
other groups only, then the held-out group is leveled. Look-alike jobs: role and seniority read.

With `--extra FILE` (labeled postings from other sources, same keys): their figures under the shipped
settings, which nothing was tuned on, and held out by company with the folds tuned on the dev postings
and the other extra ones.

Run: python benchmarks/holdout.py [--labeled ../shared/data/dev_postings.jsonl] [--lookalike ...] [--extra ...]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pmpath.leveling import MODES, Leveler, holdout, leveler_for, role_scores, score
from pmpath.leveling.evaluate import Scores, choice, company_spread, measure, shown, without_phrases

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labeled", type=Path, default=DATA / "dev_postings.jsonl")
    parser.add_argument("--lookalike", type=Path, default=DATA / "lookalike_postings.jsonl")
    parser.add_argument("--extra", type=Path, action="append", default=[], help="more labeled postings")
    parser.add_argument(
        "--ship", action="store_true", help="only print what the folds' choice makes of every labeled posting"
    )
    args = parser.parse_args()
    for path in [args.labeled, *args.extra]:
        if not path.is_file():
            parser.error(f"{path}: no such file (the dev postings sit in ../shared/data beside the checkout)")
    rows = rows_of(args.labeled)
    leveler = leveler_for()
    if args.ship:
        print_choice(leveler, rows + [row for path in args.extra for row in rows_of(path)])
        return
    runs = {"in-sample": {mode: score(leveler, rows, mode) for mode in MODES}}
    companies = holdout(leveler, rows, "company")
    for held in (companies, holdout(leveler, rows, "source")):
        runs[f"held out, one {held.by} of {held.groups} at a time"] = held.scores
    print(
        f"| {len(rows)} dev postings | figures | exact | within one | macro-F1 | director F1 | "
        "director F1, each company once | calibration error |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for mode, label in MODES.items():
        for name, scores in runs.items():
            s = scores[mode]
            director, once = s.per_level_f1.get("director", 0.0), s.company_f1.get("director", 0.0)
            print(
                f"| {label if name == 'in-sample' else ''} | {name} | {s.exact:.1%} | {s.within_one:.1%} | "
                f"{s.macro_f1:.2f} | {director:.2f} | {once:.2f} | {s.ece:.3f} |"
            )
        if mode == "masked":
            held = runs[next(k for k in runs if "company" in k)]["masked"]
            f1 = ", ".join(f"{lid} {v:.2f}" for lid, v in held.per_level_f1.items())
    print(f"\nTitles masked, held out by company, per level F1: {f1}")
    spread = company_spread(leveler.ids, rows, companies.results["masked"])
    print(
        "How far these could move with other companies (90% of 2,000 resamples of the companies): exact "
        f"{spread['exact'][0]:.1%}-{spread['exact'][1]:.1%}, within one {spread['within_one'][0]:.1%}-"
        f"{spread['within_one'][1]:.1%}, macro-F1 {spread['macro_f1'][0]:.2f}-{spread['macro_f1'][1]:.2f}, "
        f"director F1 each company once {spread['director once'][0]:.2f}-{spread['director once'][1]:.2f}"
    )
    if args.lookalike.exists():
        roles = role_scores(leveler, rows_of(args.lookalike))
        print(
            f"\nLook-alike jobs ({roles.n} postings, with titles; nothing is tuned on them): role right "
            f"{roles.role_right:.1%}, seniority exact {roles.seniority_exact:.1%}, within one {roles.seniority_within_one:.1%}"
        )
    extra = [row for path in args.extra for row in rows_of(path)]
    if extra:
        print_extra(leveler, rows, extra)


def print_choice(leveler, rows: list[dict]) -> None:
    """The framework's `leveling` decision, weights and confidence as the folds would choose them with
    every labeled posting inside: what the framework ships."""
    chosen = choice(leveler, rows)
    decision, weights = chosen.option.decision, chosen.option.weights
    print(f"# chosen on {len(rows)} labeled postings")
    print(f"decision: support_needed {decision.support_needed}, support_per_step {decision.support_per_step}")
    print(f"weights: years {weights.years}, themes {weights.themes}")
    print(
        "confidence:",
        ", ".join(f"{k} {v}" for k, v in chosen.confidence.model_dump().items() if k not in ("estimate", "source")),
    )
    print("phrases pointing the wrong way:", ", ".join(chosen.wrong_way) or "none")


def print_extra(leveler: Leveler, dev: list[dict], extra: list[dict]) -> None:
    """Figures on postings from other sources: with the settings the dev postings alone choose (nothing
    tuned on them), with the shipped ones (chosen on dev and them: in-sample), and held out by company
    with the folds tuned on everything else (dev postings included)."""
    from_dev = choice(leveler, dev)
    unseen = without_phrases(leveler, from_dev.wrong_way) if from_dev.wrong_way else leveler
    held = holdout(leveler, dev + extra, "company")
    out = len(dev)
    levels = ", ".join(f"{lid} {sum(r['level'] == lid for r in extra)}" for lid in leveler.ids)
    print(f"\nOther postings ({len(extra)}: {levels}; {len({r['company'] for r in extra})} companies)")
    print(
        "| mode | figures | exact | within one | macro-F1 | director F1 | director F1, each company once | F1 per level |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for mode, label in MODES.items():
        chosen = from_dev.option
        runs: dict[str, Scores] = {
            "settings the dev postings choose, nothing tuned on these": measure(
                leveler.ids,
                extra,
                [
                    unseen.decide(unseen.read(*shown(row, mode)), chosen.decision, from_dev.confidence, chosen.weights)
                    for row in extra
                ],
            ),
            "held out by company, folds tuned on the rest (dev included)": measure(
                leveler.ids, extra, held.results[mode][out:]
            ),
            "shipped settings (chosen on dev and these: in-sample)": score(leveler, extra, mode),
            "dev postings, in the same folds": measure(leveler.ids, dev, held.results[mode][:out]),
        }
        for i, (name, s) in enumerate(runs.items()):
            per = " ".join(f"{lid} {v:.2f}" for lid, v in s.per_level_f1.items())
            print(
                f"| {label if i == 0 else ''} | {name} | {s.exact:.1%} | {s.within_one:.1%} | "
                f"{s.macro_f1:.2f} | {s.per_level_f1.get('director', 0.0):.2f} | "
                f"{s.company_f1.get('director', 0.0):.2f} | {per} |"
            )


if __name__ == "__main__":
    main()
