"""How good the leveler is on labeled postings: accuracy, within-one, macro-F1, confusion, calibration;
in-sample, and held out by company or source with everything tuned inside each fold."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pmpath.framework.leveling_model import Confidence, Decision, Weights

from .leveler import BASES, Leveler, PostingLevel


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
# what kind of job each family of the look-alike file is, in the leveler's role vocabulary: the source
# calls program management a different job and says delivery and project managers may do PM work
FAMILY_ROLES = {
    "program-manager": "different-job",
    "project-manager": "maybe-pm",
    "delivery-manager": "maybe-pm",
    "product-owner": "product-owner",
    "other": "different-job",
}
# the settings tried inside each fold: the support a first step needs and each further step, and how
# much years asked and a level's themes count. A fold takes the one right on most postings of its other
# groups (the first in this order on a tie) with no preference for the framework's own, since the
# framework ships what the same choice makes on all development postings
GRID = {"support_needed": (2.0, 2.5, 3.0, 3.5, 4.0, 5.0), "support_per_step": (0.5, 1.0, 1.5, 2.0)}
WEIGHT_GRID = {"years": (1.0, 1.5, 2.0, 2.5, 3.0), "themes": (1.0, 1.5, 2.0, 2.5, 3.0)}


@dataclass(frozen=True)
class Option:
    """One choice a fold can make: the decision settings and the weights of the text's evidence."""

    decision: Decision
    weights: Weights


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
    # the same F1 with each company counted once (its postings share one unit of weight)
    company_f1: dict[str, float] = field(default_factory=dict)


def shown(row: dict, mode: str) -> tuple[str, str]:
    """(title, text) of a labeled row as `mode` shows it to the leveler."""
    title, text = (row.get("title") or ""), row.get("text") or ""
    if mode == "masked":
        return mask_title(title, text)
    if mode == "untitled":
        return "", text
    return title, text


def score(leveler: Leveler, rows: Iterable[dict], mode: str = "titled") -> Scores:
    """Run the leveler over labeled rows (title, text, level), shown as `mode` says, and measure it."""
    rows = list(rows)
    results = [leveler.level(*shown(row, mode)) for row in rows]
    return measure(leveler.ids, rows, results)


def measure(labels: list[str], rows: Sequence[dict], results: Sequence[PostingLevel]) -> Scores:
    """Scores of results against the rows' labels."""
    index = {lid: i for i, lid in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    weighted = [[0.0] * len(labels) for _ in labels]
    per_company = Counter(row.get("company") or id(row) for row in rows)
    exact = near = 0
    calibration: list[tuple[str, float, bool]] = []
    for row, result in zip(rows, results, strict=True):
        truth, guess = index[row["level"]], index[result.level]
        exact += truth == guess
        near += abs(truth - guess) <= 1
        confusion[truth][guess] += 1
        weighted[truth][guess] += 1 / per_company[row.get("company") or id(row)]
        calibration.append((result.basis, result.confidence, truth == guess))
    n = len(rows)
    per_level = _f1(labels, confusion)
    present = [lid for lid in labels if sum(confusion[index[lid]])]
    return Scores(
        n=n,
        exact=exact / n if n else 0.0,
        within_one=near / n if n else 0.0,
        macro_f1=sum(per_level[lid] for lid in present) / len(present) if present else 0.0,
        ece=calibration_error(calibration),
        labels=labels,
        confusion=confusion,
        per_level_f1=per_level,
        company_f1=_f1(labels, weighted),
    )


def company_spread(
    labels: list[str],
    rows: Sequence[dict],
    results: Sequence[PostingLevel],
    draws: int = 2000,
    share: float = 0.9,
    seed: int = 0,
) -> dict[str, tuple[float, float]]:
    """How far the figures could move with other companies: the range holding `share` of each figure
    over resamples of the companies (drawn with replacement, each with all its postings), from the
    same results. A held-out figure a single posting can tip says so here; the settings are not
    re-chosen per draw, so the range is if anything too narrow. Keys: exact, within_one, macro_f1 and
    '<level> once' (that level's F1 with each company counted once; 0 in a draw without it)."""
    by_company: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_company.setdefault(str(row.get("company") or f"#{i}"), []).append(i)
    companies = sorted(by_company)
    draw = random.Random(seed)
    figures: dict[str, list[float]] = {"exact": [], "within_one": [], "macro_f1": []}
    for _ in range(draws):
        picked_rows: list[dict] = []
        picked: list[PostingLevel] = []
        for n, company in enumerate(draw.choices(companies, k=len(companies))):
            for i in by_company[company]:  # a company drawn twice counts as two companies
                picked_rows.append({**rows[i], "company": f"{company}#{n}"})
                picked.append(results[i])
        scores = measure(labels, picked_rows, picked)
        figures["exact"].append(scores.exact)
        figures["within_one"].append(scores.within_one)
        figures["macro_f1"].append(scores.macro_f1)
        for level_id in labels:  # F1 with each company counted once, per level ('director once')
            figures.setdefault(f"{level_id} once", []).append(scores.company_f1.get(level_id, 0.0))
    cut = (1 - share) / 2
    spread = {}
    for name, values in figures.items():
        values.sort()
        spread[name] = (values[int(cut * (draws - 1))], values[int((1 - cut) * (draws - 1))])
    return spread


def _f1(labels: list[str], confusion: Sequence[Sequence[float]]) -> dict[str, float]:
    out = {}
    for i, lid in enumerate(labels):
        tp = confusion[i][i]
        predicted = sum(confusion[r][i] for r in range(len(labels)))
        actual = sum(confusion[i])
        if actual == 0 and predicted == 0:
            continue
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        out[lid] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return out


def calibration_error(outcomes: list[tuple[str, float, bool]]) -> float:
    """Gap between stated confidence and the share right, per basis of the decision (the confidence
    is set per basis), weighted by postings. Grouping by basis rather than by equal-width bins keeps
    leave-one-out folds, whose confidences differ in the third decimal, out of neighbouring bins."""
    if not outcomes:
        return 0.0
    groups: dict[str, list[tuple[float, bool]]] = {}
    for basis, confidence, ok in outcomes:
        groups.setdefault(basis, []).append((confidence, ok))
    total = 0.0
    for members in groups.values():
        confidence = sum(c for c, _ in members) / len(members)
        accuracy = sum(ok for _, ok in members) / len(members)
        total += len(members) * abs(confidence - accuracy)
    return total / len(outcomes)


def calibrated(outcomes: Iterable[tuple[str, bool]], default_share: float | None = None) -> Confidence:
    """Confidence per basis from (basis, right) outcomes: the share right, Laplace-smoothed so a basis
    seen a few times stays modest, kept in 0.05..0.99 and ordered (a title the text agrees with is
    never less sure than one it contradicts). A text not read is right as often as the default level
    is the answer (`default_share` of the postings), whatever a handful of unread postings say."""
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for basis, ok in outcomes:
        seen[basis] += 1
        right[basis] += ok
    values = {b: min(0.99, max(0.05, (right[b] + 1) / (seen[b] + 2))) for b in BASES}
    values["title_one_off"] = min(values["title_one_off"], values["title_agrees"])
    values["title_far"] = min(values["title_far"], values["title_one_off"])
    if default_share is not None:
        values["text_unread"] = max(0.05, min(values["text_unread"], default_share))
    return Confidence.model_validate({"estimate": True, **{b: round(v, 3) for b, v in values.items()}})


@dataclass
class Holdout:
    """Figures of one leave-one-group-out run: per mode, scores over every held-out posting."""

    by: str
    groups: int
    scores: dict[str, Scores]
    # settings chosen inside the folds (support needed, per step, years weight, themes weight), how often
    chosen: Counter[tuple[float, float, float, float]]
    # phrases a fold removed because they point the wrong way on its other groups, and in how many folds
    dropped: Counter[str] = field(default_factory=Counter)
    # per mode, what the held-out fold said of each row, in the rows' order (to measure a subset)
    results: dict[str, list[PostingLevel]] = field(default_factory=dict)


def decisions(leveler: Leveler) -> list[Option]:
    """The settings the folds choose from: those under which every level stays reachable (the dev set
    has too few VP and CPO postings to say how far the text may reach)."""
    base, weights = leveler.settings.decision, leveler.settings.weights
    keys, weight_keys = list(GRID), list(WEIGHT_GRID)
    supports = [base.model_copy(update=dict(zip(keys, v, strict=True))) for v in itertools.product(*GRID.values())]
    scales = [
        weights.model_copy(update=dict(zip(weight_keys, v, strict=True)))
        for v in itertools.product(*WEIGHT_GRID.values())
    ]
    return [Option(d, w) for d in supports if reachable(leveler, d) for w in scales]


def choices(leveler: Leveler) -> list[Option]:
    """Every option a fold weighs: the grid's, and the framework's own settings when they are off it."""
    options = decisions(leveler)
    if (own := Option(leveler.settings.decision, leveler.settings.weights)) not in options:
        options.append(own)
    return options


def reachable(leveler: Leveler, decision: Decision) -> bool:
    """Whether the text alone can reach the levels furthest from the default under these settings."""
    home = leveler.rank[leveler.default]
    steps = max(home, len(leveler.ids) - 1 - home)
    return decision.support_needed + decision.support_per_step * (steps - 1) <= decision.support_cap


def group_of(row: dict, by: str) -> str:
    """The group a labeled posting belongs to: its company, or the repository or site it was read
    from (a source '[kind:]owner/repo:path' is grouped by 'owner/repo')."""
    value = str(row.get(by) or "")
    if by != "source":
        return value
    parts = value.split(":")
    if len(parts) > 2 and "/" not in parts[0]:  # 'repo:owner/name:path': a kind of source first
        parts = parts[1:]
    return parts[0]


def holdout(leveler: Leveler, rows: Sequence[dict], by: str = "company") -> Holdout:
    """Leave one group (company or source) out. Inside each fold: remove the framework phrases that
    point the wrong way on the other groups (titles masked), choose the decision settings and the
    weights of years and themes by exact accuracy with titles masked on them, calibrate confidence on
    them (every mode); then level the held-out group's postings with what was chosen."""
    groups = [group_of(row, by) for row in rows]
    if len(set(groups)) < 2:
        raise ValueError(f"holding out by {by} needs postings from at least two groups; these have one")
    options = choices(leveler)
    hits = phrase_hits(leveler, rows)
    tables: dict[frozenset[str], _Tables] = {}  # per set of phrases removed: every row read once
    held: dict[str, list[PostingLevel | None]] = {mode: [None] * len(rows) for mode in MODES}
    chosen: Counter[tuple[float, float, float, float]] = Counter()
    dropped: Counter[str] = Counter()
    for group in sorted(set(groups)):
        inside = [i for i, g in enumerate(groups) if g != group]
        out = [i for i, g in enumerate(groups) if g == group]
        wrong = frozenset(c.phrase for c in _checks(leveler, [rows[i] for i in inside], [hits[i] for i in inside]))
        dropped.update(wrong)
        if wrong not in tables:
            tables[wrong] = _Tables(without_phrases(leveler, wrong) if wrong else leveler, rows, options)
        fold = tables[wrong]
        option, confidence = _chosen(fold, inside)
        chosen[
            (
                option.decision.support_needed,
                option.decision.support_per_step,
                option.weights.years,
                option.weights.themes,
            )
        ] += 1
        for mode in MODES:
            for i in out:
                held[mode][i] = fold.leveler.decide(fold.readings[mode][i], option.decision, confidence, option.weights)
    results = {mode: [r for r in held[mode] if r is not None] for mode in MODES}
    scores = {mode: measure(leveler.ids, rows, results[mode]) for mode in MODES}
    return Holdout(by, len(set(groups)), scores, chosen, dropped, results)


def _chosen(fold: _Tables, inside: Sequence[int]) -> tuple[Option, Confidence]:
    """The option right on most of these rows with titles masked (the first in order on a tie), and the
    confidence per basis calibrated on them in every mode under it."""
    options = fold.options
    right_inside = [sum(fold.right("masked", o)[i] for i in inside) for o in range(len(options))]
    best = max(range(len(options)), key=lambda o: (right_inside[o], -o))
    default = fold.leveler.default
    confidence = calibrated(
        ((fold.decided(mode, best)[i].basis, fold.right(mode, best)[i]) for mode in MODES for i in inside),
        sum(fold.rows[i]["level"] == default for i in inside) / max(1, len(inside)),
    )
    return options[best], confidence


@dataclass
class Choice:
    """What the folds' own procedure makes of all labeled postings: what a framework ships."""

    option: Option
    confidence: Confidence
    wrong_way: list[str]  # phrases found more often below their level than at it


def choice(leveler: Leveler, rows: Sequence[dict]) -> Choice:
    """The settings and confidence a fold would choose with every labeled posting inside it."""
    options = choices(leveler)
    wrong = sorted(c.phrase for c in phrase_checks(leveler, rows) if c.wrong_way)
    fold = _Tables(without_phrases(leveler, wrong) if wrong else leveler, rows, options)
    option, confidence = _chosen(fold, range(len(rows)))
    return Choice(option, confidence, wrong)


class _Tables:
    """Every row read in every mode by one leveler, and decided under an option when first asked: the
    folds then only count."""

    def __init__(self, leveler: Leveler, rows: Sequence[dict], options: list[Option]):
        self.leveler = leveler
        self.rows = rows
        self.options = options
        self.readings = {mode: [leveler.read(*shown(row, mode)) for row in rows] for mode in MODES}
        self._decided: dict[tuple[str, int], list[PostingLevel]] = {}
        self._right: dict[tuple[str, int], list[bool]] = {}

    def decided(self, mode: str, option: int) -> list[PostingLevel]:
        """Every row of `mode` decided under one option, with the framework's confidence."""
        key = (mode, option)
        if key not in self._decided:
            chosen, neutral = self.options[option], self.leveler.settings.confidence
            self._decided[key] = [
                self.leveler.decide(r, chosen.decision, neutral, chosen.weights) for r in self.readings[mode]
            ]
        return self._decided[key]

    def right(self, mode: str, option: int) -> list[bool]:
        """Whether each row of `mode` comes out at its label under one option."""
        key = (mode, option)
        if key not in self._right:
            self._right[key] = [
                res.level == row["level"] for res, row in zip(self.decided(mode, option), self.rows, strict=True)
            ]
        return self._right[key]


def without_phrases(leveler: Leveler, phrases: Iterable[str]) -> Leveler:
    """The same leveler without some of its framework's phrases (normalized texts)."""
    from .clean import normalize

    gone = set(phrases)
    fw = leveler.fw.model_copy(deep=True)
    for level in fw.levels:
        level.leveling.phrases = [p for p in level.leveling.phrases if normalize(p.text) not in gone]
    return Leveler(fw, leveler.settings)


@dataclass
class RoleScores:
    """How the leveler reads jobs next to product management: the kind of job and its seniority."""

    n: int
    role_right: float
    seniority_exact: float  # with titles
    seniority_within_one: float
    wrong_roles: list[tuple[str, str, str]]  # (title, expected, read)


def role_scores(leveler: Leveler, rows: Sequence[dict]) -> RoleScores:
    """Role (different job / product owner / possible PM work) and seniority of look-alike postings;
    each row has a `family` (or a `role`) and the `level` its title gives."""
    role_ok = exact = near = 0
    wrong = []
    for row in rows:
        result = leveler.level(row.get("title") or "", row.get("text") or "")
        expected = row.get("role") or FAMILY_ROLES.get(row.get("family", ""), "pm")
        role_ok += result.role == expected
        if result.role != expected:
            wrong.append((row.get("title") or "", expected, result.role))
        exact += result.level == row["level"]
        near += abs(leveler.rank[result.level] - leveler.rank[row["level"]]) <= 1
    n = len(rows) or 1
    return RoleScores(len(rows), role_ok / n, exact / n, near / n, wrong)


# how many labeled postings must hold a phrase before it can be judged to point the wrong way: a
# phrase from the source found in two postings below its level (and in none of the dozen or so at it)
# is two coincidences, and removing it inside a fold removed the source's own words ('a director role
# will require leadership experience') on that much
WRONG_WAY_HITS = 3


@dataclass(frozen=True)
class PhraseCheck:
    """How one framework phrase fares on labeled postings (titles masked)."""

    phrase: str
    level: str
    weight: float
    hits: int
    share_own: float  # of the postings at its level or above (the lowest level: at it) that contain it
    share_other: float  # of the other postings
    companies: int

    @property
    def wrong_way(self) -> bool:
        """Found more often below its level than at or above it, on enough postings to tell."""
        return self.hits >= WRONG_WAY_HITS and self.share_other > self.share_own

    @property
    def one_company(self) -> bool:
        """Every hit comes from one company's postings: it says nothing general."""
        return self.hits >= 2 and self.companies == 1


def phrase_hits(leveler: Leveler, rows: Sequence[dict]) -> list[frozenset[str]]:
    """The framework phrases (normalized) each labeled posting contains, with its title masked."""
    from .clean import normalized_sentences, plain_text, without_board_fields

    found = []
    for row in rows:
        _, text = mask_title(row.get("title") or "", row.get("text") or "")
        words = without_board_fields(normalized_sentences(plain_text(text))).split()
        found.append(frozenset(key for _, _, (kind, key) in leveler.index.find(words) if kind == "phrase"))
    return found


def phrase_checks(leveler: Leveler, rows: Sequence[dict]) -> list[PhraseCheck]:
    """Every framework phrase checked against labeled postings with their titles masked."""
    return _phrase_checks(leveler, rows, phrase_hits(leveler, rows))


def _checks(leveler: Leveler, rows: Sequence[dict], hits: Sequence[frozenset[str]]) -> list[PhraseCheck]:
    """The phrases that point the wrong way on these rows."""
    return [c for c in _phrase_checks(leveler, rows, hits) if c.wrong_way]


def _phrase_checks(leveler: Leveler, rows: Sequence[dict], hits: Sequence[frozenset[str]]) -> list[PhraseCheck]:
    found: dict[str, list[dict]] = {}
    for row, keys in zip(rows, hits, strict=True):
        for key in keys:
            found.setdefault(key, []).append(row)
    rank = leveler.rank
    checks = []
    for phrase, owners in sorted(leveler.phrases.items()):
        for level_id, weight, _ in owners:
            r = rank[level_id]

            def own(row: dict, r: int = r) -> bool:
                return rank[row["level"]] == r if r == 0 else rank[row["level"]] >= r

            with_it = found.get(phrase, [])
            n_own = sum(own(row) for row in rows)
            n_other = len(rows) - n_own
            checks.append(
                PhraseCheck(
                    phrase,
                    level_id,
                    weight,
                    len(with_it),
                    sum(own(row) for row in with_it) / n_own if n_own else 0.0,
                    sum(not own(row) for row in with_it) / n_other if n_other else 0.0,
                    len({row.get("company") for row in with_it}),
                )
            )
    return checks
