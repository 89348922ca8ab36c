"""How good the leveler is on labeled postings: accuracy, within-one, macro-F1, confusion, calibration."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .leveler import Leveler


def mask_title(title: str, text: str) -> tuple[str, str]:
    """The posting with its title emptied and every word of the title removed from the text."""
    words = {w for w in re.findall(r"[A-Za-z0-9]+", title or "") if len(w) > 1 or w.isalpha()}
    if not words:
        return "", text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)
    return "", pattern.sub(" ", text)


# How a labeled posting is shown to the leveler: as given; with no title (what `level --jsonl` sees
# of a posting without one); with no title and none of its words, to measure the text alone.
MODES = {
    "titled": "with titles",
    "untitled": "title emptied, text kept",
    "masked": "titles masked (title emptied, its words removed from the text)",
}


@dataclass
class Scores:
    n: int
    exact: float
    within_one: float
    macro_f1: float
    ece: float
    labels: list[str]
    confusion: list[list[int]]  # rows: true label, columns: predicted
    per_level_f1: dict[str, float] = field(default_factory=dict)


def score(leveler: Leveler, rows: Iterable[dict], mode: str = "titled", bins: int = 10) -> Scores:
    """Run the leveler over labeled rows (title, text, level), shown as `mode` says, and measure it."""
    labels = leveler.ids
    index = {lid: i for i, lid in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    exact = near = n = 0
    calibration: list[tuple[float, bool]] = []
    for row in rows:
        title, text = (row.get("title") or ""), row.get("text") or ""
        if mode == "masked":
            title, text = mask_title(title, text)
        elif mode == "untitled":
            title = ""
        result = leveler.level(title, text)
        truth, guess = row["level"], result.level
        n += 1
        exact += truth == guess
        near += abs(index[truth] - index[guess]) <= 1
        confusion[index[truth]][index[guess]] += 1
        calibration.append((result.confidence, truth == guess))
    per_level = {}
    for lid, i in index.items():
        tp = confusion[i][i]
        predicted = sum(confusion[r][i] for r in range(len(labels)))
        actual = sum(confusion[i])
        if actual == 0 and predicted == 0:
            continue
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        per_level[lid] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    present = [lid for lid in labels if sum(confusion[index[lid]])]
    macro = sum(per_level[lid] for lid in present) / len(present) if present else 0.0
    return Scores(
        n=n,
        exact=exact / n if n else 0.0,
        within_one=near / n if n else 0.0,
        macro_f1=macro,
        ece=expected_calibration_error(calibration, bins),
        labels=labels,
        confusion=confusion,
        per_level_f1=per_level,
    )


def expected_calibration_error(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    """Weighted gap between stated confidence and observed accuracy, over equal-width bins."""
    if not pairs:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [(c, ok) for c, ok in pairs if lo < c <= hi or (b == 0 and c == 0)]
        if members:
            confidence = sum(c for c, _ in members) / len(members)
            accuracy = sum(ok for _, ok in members) / len(members)
            total += len(members) / len(pairs) * abs(confidence - accuracy)
    return total
